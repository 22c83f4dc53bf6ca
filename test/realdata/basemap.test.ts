// Real data: a base map built by `geoportal basemap build` from the NRW municipalities (BKG VG250, EPSG:25832) as
// place labels and boundaries, and the districts as boundaries. The tiles, read back with the pmtiles reader and
// MapLibre's decoder, put "Soest" and "Lippstadt" inside their municipality and near their town centres.
import { promises as fs, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { decodeTile, tileOf, type DecodedFeature } from '../../cli/basemap/decode.ts'
import { openArchive } from '../../cli/basemap/inspect.ts'
import { Projections } from '../../src/projection/registry.ts'
import { shared, sharedDataUnavailable } from './shared.ts'
import { hostedBasemap } from '../browser/basemapPage.ts'

const unavailable = sharedDataUnavailable()
if (unavailable) console.warn(`SKIPPED real-data base-map suite: ${unavailable}`)

const toUtm = new Projections().forward('EPSG:4326', 'EPSG:25832')

function inside(p: [number, number], g: { type: string; coordinates: unknown }): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][])
  return polys.some((rings) => {
    let c = false
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]
        const [xj, yj] = ring[j]
        if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c
      }
    }
    return c
  })
}

describe.skipIf(!!unavailable)('real data: base map of the NRW municipalities and districts', () => {
  let tmp: string
  let archive: ReturnType<typeof openArchive>
  let summary: { tiles: number; bytes: number; maxZoom: number; features: Record<string, number> }
  const municipalities = new Map<string, { type: string; coordinates: unknown }>()

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-basemap-'))
    const catalog = path.join(tmp, 'catalog')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const gemeinden = shared('vector', 'nrw_gemeinden_25832.fgb')
    const code = await main([
      'basemap', 'build', '--catalog', catalog, '--id', 'nrw', '--title', 'NRW', '--attribution', '© GeoBasis-DE / BKG',
      '--places', gemeinden, '--population', 'destatis.population', '--boundaries', shared('vector', 'nrw_kreise_25832.fgb'), '--boundaries', gemeinden, '--admin-levels', '6,8', '--json',
    ])
    summary = JSON.parse(String(log.mock.calls.at(-1)?.[0]))
    vi.restoreAllMocks()
    expect(code).toBe(0)
    archive = openArchive(new Uint8Array(await fs.readFile(path.join(catalog, (await hostedBasemap(catalog, 'nrw')).url))))
    for await (const f of deserialize(new Uint8Array(await fs.readFile(gemeinden)))) {
      municipalities.set(String(f.properties?.GEN), f.geometry as unknown as { type: string; coordinates: unknown })
    }
  })
  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('labels every municipality once and draws district and municipality boundaries', () => {
    expect(summary.maxZoom).toBe(12)
    expect(summary.features.places).toBe(municipalities.size > 0 ? 396 : 0)
    expect(summary.features.boundaries).toBe(53 + 396)
    console.info(`NRW base map: ${summary.tiles} tiles, ${summary.bytes} bytes`)
  })

  // From zoom: the population (VG250's destatis attribute) gives the rank; bigger towns show earlier.
  const towns = [
    { name: 'Soest', lon: 8.1059, lat: 51.5711, from: 9 },
    { name: 'Lippstadt', lon: 8.3447, lat: 51.6739, from: 8 },
    { name: 'Münster', lon: 7.6261, lat: 51.9625, from: 6 },
  ]
  for (const town of towns) {
    it(`places "${town.name}" inside its municipality, near its centre`, async () => {
      // Found from its zoom on, in the tile where its label lies; not before.
      let at: [number, number] = [town.lon, town.lat]
      expect((await decodeTile(archive, town.from - 1, ...tileOf(at[0], at[1], town.from - 1))).some((f) => f.properties.name === town.name)).toBe(false)
      for (const z of [town.from, 10, 12]) {
        const features = await decodeTile(archive, z, ...tileOf(at[0], at[1], z))
        const label: DecodedFeature | undefined = features.find((f) => f.layer === 'places' && f.properties.name === town.name)
        expect(label, `${town.name} at z${z}`).toBeDefined()
        expect(label!.properties).toMatchObject({ kind: 'locality', min_zoom: town.from })
        // Municipal boundaries are in the tiles from z9 (at z12 a tile in the middle of a big municipality such as
        // Münster has none in it).
        if (z >= 9 && z <= 10) expect(features.some((f) => f.layer === 'boundaries' && f.properties.kind_detail === 8), `municipal boundaries at z${z}`).toBe(true)
        at = label!.geometry.coordinates as [number, number]
      }
      const [lon, lat] = at
      const [e, n] = toUtm([lon, lat])
      expect(inside([e, n], municipalities.get(town.name)!)).toBe(true)
      const [ce, cn] = toUtm([town.lon, town.lat])
      expect(Math.hypot(e - ce, n - cn), `${town.name} label ${lon.toFixed(4)}, ${lat.toFixed(4)}`).toBeLessThan(6000)
    })
  }

  it('draws the district boundary through the district capital region (Kreis Soest)', async () => {
    // Between Soest and Lippstadt there is no district border; around Soest at z8 there is one (Kreis Soest).
    const [x, y] = tileOf(8.1059, 51.5711, 8)
    const features = await decodeTile(archive, 8, x, y)
    expect(features.some((f) => f.layer === 'boundaries' && f.properties.kind === 'county' && f.properties.kind_detail === 6)).toBe(true)
  })

  it('answers every broken FlatGeobuf of the corpus with one line naming it, and leaves the catalog as it was', async () => {
    const catalog = path.join(tmp, 'catalog')
    const before = await fs.readFile(path.join(catalog, 'catalog.json'))
    for (const name of readdirSync(shared('corpus-fgb', 'invalid'))) {
      const errors: string[] = []
      vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
      const code = await main(['basemap', 'build', '--catalog', catalog, '--id', 'kaputt', '--title', 'K', '--attribution', 'A', '--roads', shared('corpus-fgb', 'invalid', name)])
      vi.restoreAllMocks()
      expect(code, name).toBe(1)
      expect(errors, name).toHaveLength(1)
      expect(errors[0]).toContain(name)
      expect(Buffer.compare(await fs.readFile(path.join(catalog, 'catalog.json')), before)).toBe(0)
    }
    await expect(fs.access(path.join(catalog, 'basemaps/kaputt'))).rejects.toThrow()
  })
})
