// The place index at publish (--searchable): points, deduplication, rounding; the CLI end to end (check
// passes, a bad attribute is one clear line and leaves the catalog unchanged, internal places stay out of a
// public build).
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Catalog, LayerDocument, VectorLayerEntry } from '../../src/model/catalog.ts'
import { parsePlacesFile, type PlacesFile } from '../../src/model/places.ts'
import { Projections } from '../../src/projection/registry.ts'
import { checkCatalog } from '../catalog/check.ts'
import { copyCatalog } from '../commands/build.ts'
import { main } from '../main.ts'
import type { VectorFeature } from '../vector/model.ts'
import { buildPlaces } from './places.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')

describe('buildPlaces', () => {
  const E = 438000
  const N = 5714000
  const line = (name: unknown, x0: number, x1: number, y = N): VectorFeature => ({ geometry: { type: 'LineString', coordinates: [[x0, y], [x1, y]] }, properties: { name: name as string } })

  it('merges same-named features close together (a street of many segments) into one place with the union extent', () => {
    const features = [
      line('Marktstraße', E, E + 100),
      line('Marktstraße', E + 100, E + 250),
      line('Marktstraße', E + 250, E + 400),
      // Same name in another village, 5 km away: a second place.
      line('Marktstraße', E + 5000, E + 5100),
      line('Brüderstraße', E, E + 80, N + 300),
    ]
    const places = buildPlaces(features, 'name', toLonLat)
    expect(places.map((p) => p.name)).toEqual(['Brüderstraße', 'Marktstraße', 'Marktstraße'])
    const [near, far] = places.filter((p) => p.name === 'Marktstraße')
    const west = toLonLat([E, N])
    const east = toLonLat([E + 400, N])
    expect(near.bbox![0]).toBeCloseTo(west[0], 6)
    expect(near.bbox![2]).toBeCloseTo(east[0], 6)
    // The point lies on the street, inside its extent.
    expect(near.point[0]).toBeGreaterThanOrEqual(near.bbox![0])
    expect(near.point[0]).toBeLessThanOrEqual(near.bbox![2])
    expect(far.point[0]).toBeGreaterThan(near.bbox![2])
  })

  it('chains segments: A–B and B–C are one place even when A and C are far apart', () => {
    const features = [line('Ring', E, E + 150), line('Ring', E + 1000, E + 1150), line('Ring', E + 150, E + 1000)]
    expect(buildPlaces(features, 'name', toLonLat)).toHaveLength(1)
  })

  it('rounds to ~1 cm, skips empty names and features without geometry, keeps points without an extent', () => {
    const features: VectorFeature[] = [
      { geometry: { type: 'Point', coordinates: [E + 0.123456, N + 0.654321] }, properties: { name: ' Bahnhof\n Soest ' } },
      { geometry: { type: 'Point', coordinates: [E, N] }, properties: { name: '' } },
      { geometry: { type: 'Point', coordinates: [E, N] }, properties: { name: null } },
      { geometry: null, properties: { name: 'Ohne Geometrie' } },
      { geometry: { type: 'Point', coordinates: [E, N] }, properties: { name: 42 } },
    ]
    const places = buildPlaces(features, 'name', toLonLat)
    expect(places.map((p) => p.name)).toEqual(['42', 'Bahnhof Soest'])
    const p = places[1]
    expect(p.bbox).toBeUndefined()
    for (const v of p.point) expect(Math.round(v * 1e7) / 1e7).toBe(v)
    const exact = toLonLat([E + 0.123456, N + 0.654321])
    expect(Math.abs(p.point[0] - exact[0])).toBeLessThan(1e-7)
  })
})

describe('geoportal publish --searchable', () => {
  const box = useCliSandbox('places')

  const schools = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [8.1046, 51.5784] }, properties: { schulname: 'Aldegrever-Gymnasium', art: 'Gymnasium' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [8.11, 51.57] }, properties: { schulname: 'Grundschule Süd', art: 'Grundschule' } },
    ],
  })
  const write = async (name: string, content: string) => {
    const f = path.join(box.dir, name)
    await fs.writeFile(f, content)
    return f
  }
  const readJson = async <T,>(rel: string) => JSON.parse(await fs.readFile(path.join(box.catalog, rel), 'utf8')) as T
  const snapshot = async () => {
    const files: Record<string, string> = {}
    for (const e of await fs.readdir(box.catalog, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) files[path.relative(box.catalog, path.join(e.parentPath, e.name))] = createHash('sha256').update(await fs.readFile(path.join(e.parentPath, e.name))).digest('hex')
    }
    return files
  }

  it('writes places.json next to the data file, lists it in layer.json and the catalog entry; check passes', async () => {
    const src = await write('schulen.geojson', schools)
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'schulen', '--title', 'Schulen', '--searchable', 'schulname'])).toBe(0)
    const entry = (await readJson<Catalog>('catalog.json')).layers[0] as VectorLayerEntry
    expect(entry.placesHref).toBe(`${path.dirname(entry.href)}/places.json`)
    const places = await readJson<PlacesFile>(entry.placesHref!)
    expect(parsePlacesFile(places, 'schulen')).toEqual(places)
    expect(places.attribute).toBe('schulname')
    expect(places.places.map((p) => p.name)).toEqual(['Aldegrever-Gymnasium', 'Grundschule Süd'])
    expect(places.places[0].point[0]).toBeCloseTo(8.1046, 6)
    expect(places.places[0].point[1]).toBeCloseTo(51.5784, 6)
    const doc = await readJson<LayerDocument>(entry.metaHref)
    expect(doc.files.map((f) => f.name)).toEqual(['schulen.fgb', 'places.json'])
    const check = await checkCatalog(box.catalog)
    expect(check.layers[0].problems).toEqual([])
    expect(check.ok).toBe(true)
    // A changed places.json is caught by check.
    await fs.writeFile(path.join(box.catalog, entry.placesHref!), JSON.stringify({ ...places, places: [] }))
    expect((await checkCatalog(box.catalog)).layers[0].problems.join()).toMatch(/places\.json: checksum differs/)
  })

  it('refuses an attribute the data does not have: one line naming it and the attributes, catalog unchanged', async () => {
    const src = await write('schulen.geojson', schools)
    await main(['publish', src, '--catalog', box.catalog, '--id', 'schulen', '--title', 'Schulen'])
    const before = await snapshot()
    box.errors = []
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'schulen', '--title', 'Schulen', '--searchable', 'name'])).toBe(1)
    expect(box.errors).toHaveLength(1)
    expect(box.errors[0]).not.toContain('\n')
    expect(box.errors[0]).toMatch(/schulen\.geojson: --searchable: attribute "name" does not exist; attributes: schulname, art/)
    expect(await snapshot()).toEqual(before)
  })

  it('re-publishing without --searchable drops the place index; identical input is unchanged', async () => {
    const src = await write('schulen.geojson', schools)
    const args = ['publish', src, '--catalog', box.catalog, '--id', 'schulen', '--title', 'Schulen']
    await main([...args, '--searchable', 'schulname'])
    const before = await snapshot()
    await main([...args, '--searchable', 'schulname'])
    expect(await snapshot()).toEqual(before)
    await main(args)
    const entry = (await readJson<Catalog>('catalog.json')).layers[0] as VectorLayerEntry
    expect(entry.placesHref).toBeUndefined()
    expect(Object.keys(await snapshot()).some((f) => f.endsWith('places.json'))).toBe(false)
  })

  it('keeps the places of internal layers out of a public build', async () => {
    const src = await write('schulen.geojson', schools)
    const secret = await write('intern.geojson', schools.replace('Aldegrever-Gymnasium', 'Geheime Schule'))
    await main(['publish', src, '--catalog', box.catalog, '--id', 'schulen', '--title', 'Schulen', '--searchable', 'schulname'])
    await main(['publish', secret, '--catalog', box.catalog, '--id', 'intern', '--title', 'Intern', '--searchable', 'schulname', '--access', 'internal'])
    const out = path.join(box.dir, 'site')
    await copyCatalog(box.catalog, out, false)
    const files = (await fs.readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
    expect(files.filter((f) => f.endsWith('places.json'))).toHaveLength(1)
    for (const f of files) expect((await fs.readFile(f)).toString('latin1')).not.toContain('Geheime Schule')
    const internal = path.join(box.dir, 'intranet')
    await copyCatalog(box.catalog, internal, true)
    const all = (await fs.readdir(internal, { recursive: true })).filter((f) => String(f).endsWith('places.json'))
    expect(all).toHaveLength(2)
  })

  it('refuses --searchable for a raster', async () => {
    const tif = await write('x.tif', 'II*\u0000garbage')
    expect(await main(['publish', tif, '--catalog', box.catalog, '--id', 'r', '--title', 'R', '--searchable', 'name'])).toBe(1)
    expect(box.errors[0]).toMatch(/x\.tif: --searchable needs a vector layer/)
  })
})
