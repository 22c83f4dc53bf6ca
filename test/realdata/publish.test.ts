// Publishing real files: originals in WGS84 land where the official EPSG:25832 versions are, and every broken
// file of the corpora fails cleanly with the catalog byte-for-byte unchanged.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { promises as fs, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable()
if (unavailable) console.warn(`SKIPPED real-data publish suite: ${unavailable}`)

let dir: string
let errors: string[]
const catalog = () => path.join(dir, 'catalog')

async function snapshot(d: string): Promise<string> {
  const h = createHash('sha256')
  for (const e of (await fs.readdir(d, { withFileTypes: true, recursive: true })).sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    const p = path.join(e.parentPath, e.name)
    h.update(p)
    if (e.isFile()) h.update(await fs.readFile(p))
  }
  return h.digest('hex')
}

async function features(file: string) {
  const out: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] = []
  for await (const f of deserialize(new Uint8Array(readFileSync(file)))) out.push(f as never)
  return out
}

function firstVertex(c: unknown): number[] {
  let x = c as unknown[]
  while (Array.isArray(x[0])) x = x[0] as unknown[]
  return x as number[]
}

describe.skipIf(!!unavailable)('publishing real data', () => {
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-publish-'))
    errors = []
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await fs.rm(dir, { recursive: true, force: true })
  })

  for (const [original, official, key, count] of [
    ['de_landkreise_vg250_2013_simplify200.geojson', 'de_landkreise_25832.fgb', 'RS', 400],
    ['nrw_gemeinden_vg250_2013.geojson', 'nrw_gemeinden_25832.fgb', 'AGS', 396],
  ] as const) {
    it(`${original} (WGS84) publishes ${count} features at the positions of ${official} (GDAL) within 1 cm`, async () => {
      const id = original.split('_')[1]
      expect(await main(['publish', shared('vector', 'originals', original), '--catalog', catalog(), '--id', id, '--title', id])).toBe(0)
      const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
      const entry = c.layers.find((l) => l.id === id) as VectorLayerEntry
      expect(entry.featureCount).toBe(count)
      const ours = new Map((await features(path.join(catalog(), entry.href))).map((f) => [f.properties[key], f]))
      const gdal = await features(shared('vector', official))
      expect(ours.size).toBe(count)
      let worst = 0
      for (const g of gdal) {
        const o = ours.get(g.properties[key])!
        const [x1, y1] = firstVertex(o.geometry.coordinates)
        const [x2, y2] = firstVertex(g.geometry.coordinates)
        worst = Math.max(worst, Math.hypot(x1 - x2, y1 - y2))
      }
      expect(worst).toBeLessThan(0.01)
    })
  }

  it('the schools CSV (sep=;, UTMRechtswert/UTMHochwert) publishes 5507 schools at their official coordinates', async () => {
    // The school contact columns (phone, fax, e-mail) are flagged as possible personal data; they are the
    // schools' official contacts, which the officer states in the metadata.
    const meta = path.join(dir, 'schulen.meta.json')
    await fs.writeFile(meta, JSON.stringify({ title: 'Schulen', personalData: 'none' }))
    expect(await main(['publish', shared('vector', 'originals', 'nrw_schuldaten_2021-09.csv'), '--catalog', catalog(), '--id', 'schulen-csv', '--meta', meta, '--crs', 'EPSG:25832'])).toBe(0)
    const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
    const entry = c.layers.find((l) => l.id === 'schulen-csv') as VectorLayerEntry
    expect(entry.featureCount).toBe(5507)
    const ours = new Map((await features(path.join(catalog(), entry.href))).map((f) => [String(f.properties.Schulnummer), f]))
    let worst = 0
    let umlauts = 0
    for (const g of await features(shared('vector', 'nrw_schulen_25832.fgb'))) {
      const o = ours.get(String(g.properties.Schulnummer))!
      const [x1, y1] = firstVertex(o.geometry.coordinates)
      const [x2, y2] = firstVertex(g.geometry.coordinates)
      worst = Math.max(worst, Math.hypot(x1 - x2, y1 - y2))
      expect(o.properties.Schulbezeichnung_1).toBe(g.properties.Schulbezeichnung_1)
      if (/[äöüßÄÖÜ]/.test(String(g.properties.Schulbezeichnung_1))) umlauts++
    }
    expect(worst).toBeLessThan(0.001)
    expect(umlauts).toBeGreaterThan(100)
  })

  it('the DB stations CSV (WGS84 LAENGE/BREITE) publishes 6598 stations', async () => {
    expect(await main(['publish', shared('vector', 'originals', 'db_haltestellen_2016-01_from_jsonld.csv'), '--catalog', catalog(), '--id', 'bahnhoefe', '--title', 'Bahnhöfe'])).toBe(0)
    const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
    expect((c.layers.find((l) => l.id === 'bahnhoefe') as VectorLayerEntry).featureCount).toBe(6598)
  })

  const ogr = (() => {
    try {
      execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()
  if (!ogr) console.warn('SKIPPED Shapefile/GeoPackage/Gauss-Krüger round trips: ogr2ogr not installed (apt-get install gdal-bin)')
  const conversions: [string, string[], string][] = [
    ['Shapefile (CP1252)', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP1252'], 'schulen.shp'],
    ['GeoPackage', ['-f', 'GPKG', '-nln', 'schulen'], 'schulen.gpkg'],
    ['Gauss-Krüger EPSG:31467 Shapefile (BeTA2007)', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:31467', '-lco', 'ENCODING=UTF-8'], 'schulen_gk.shp'],
    ['Gauss-Krüger EPSG:31466 GeoJSON (BeTA2007)', ['-f', 'GeoJSON', '-t_srs', 'EPSG:31466', '-lco', 'RFC7946=NO'], 'schulen_gk2.geojson'],
  ]
  for (const [name, args, out] of conversions) {
    it.skipIf(!ogr)(`${name} made with ogr2ogr publishes to the same coordinates within 0.1 m, umlauts intact`, async () => {
      const file = path.join(dir, out)
      execFileSync('ogr2ogr', [...args, file, shared('vector', 'kreis_soest_schulen_25832.fgb')], { stdio: 'ignore' })
      const id = out.replace(/\W/g, '-')
      expect(await main(['publish', file, '--catalog', catalog(), '--id', id, '--title', name])).toBe(0)
      const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
      const entry = c.layers.find((l) => l.id === id) as VectorLayerEntry
      expect(entry.featureCount).toBe(107)
      // Shapefile field names are cut to 10 characters (Schulnummer → Schulnumme).
      const prop = (f: { properties: Record<string, unknown> }, k: string) => f.properties[k] ?? f.properties[k.slice(0, 10)]
      const ours = new Map((await features(path.join(catalog(), entry.href))).map((f) => [String(prop(f, 'Schulnummer')), f]))
      let worst = 0
      for (const g of await features(shared('vector', 'kreis_soest_schulen_25832.fgb'))) {
        const o = ours.get(String(g.properties.Schulnummer))!
        const [x1, y1] = firstVertex(o.geometry.coordinates)
        const [x2, y2] = firstVertex(g.geometry.coordinates)
        worst = Math.max(worst, Math.hypot(x1 - x2, y1 - y2))
        expect(prop(o, 'Ort')).toBe(g.properties.Ort)
        expect(prop(o, 'Schulbezeichnung_1')).toBe(g.properties.Schulbezeichnung_1)
      }
      expect(worst).toBeLessThan(0.1)
    })
  }

  // Listed only when the data is there: npm test on a machine without ../shared must still pass.
  const broken = unavailable ? [] : [
    ...readdirSync(shared('corpus-fgb', 'invalid')).map((f) => shared('corpus-fgb', 'invalid', f)),
    shared('corpus-fgb', 'legacy', 'topp_states_fgb_v2.fgb'),
    ...readdirSync(shared('corpus-geotiff', 'generated', 'invalid')).map((f) => shared('corpus-geotiff', 'generated', 'invalid', f)),
    ...readdirSync(shared('corpus-geotiff', 'real', 'invalid')).map((f) => shared('corpus-geotiff', 'real', 'invalid', f)),
  ]
  for (const file of broken) {
    it(`${path.relative(shared(), file)} fails with one clear line and the catalog unchanged`, async () => {
      const before = await snapshot(catalog())
      errors = []
      const code = await Promise.race([
        main(['publish', file, '--catalog', catalog(), '--id', 'kaputt', '--title', 'Kaputt']),
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error('publish hung for 20 s')), 20_000)),
      ])
      expect(code).toBe(1)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(path.basename(file))
      expect(await snapshot(catalog())).toBe(before)
    })
  }
})
