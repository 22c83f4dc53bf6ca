import { execFileSync, spawnSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { describe, expect, it } from 'vitest'
import type { Catalog, LayerDocument, VectorLayerEntry } from '../../src/model/catalog.ts'
import type { QualityReport } from '../../src/model/quality.ts'
import { main } from '../main.ts'
import { snapshotFiles, useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const box = useCliSandbox('publish')

const write = async (name: string, content: string | Uint8Array) => {
  const f = path.join(box.dir, name)
  await fs.writeFile(f, content)
  return f
}
const pointsGeoJson = (n = 3) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [8.104589 + i * 0.001, 51.578419] },
      properties: { name: `Punkt ${i}`, straße: 'Marktstraße' },
    })),
  })
const readCatalog = async () => JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
const snapshot = () => snapshotFiles(box.catalog)

describe('geoportal publish', () => {
  it('publishes GeoJSON (WGS84) as indexed FlatGeobuf in EPSG:25832 with metadata and quality', async () => {
    const src = await write('punkte.geojson', pointsGeoJson())
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
    const c = await readCatalog()
    const entry = c.layers[0] as VectorLayerEntry
    expect(entry).toMatchObject({ id: 'punkte', title: 'Punkte', kind: 'vector', geometryType: 'Point', featureCount: 3, access: 'public' })
    expect(entry.href).toMatch(/^layers\/punkte\/[0-9a-f]{12}\/punkte\.fgb$/)
    const bytes = new Uint8Array(readFileSync(path.join(box.catalog, entry.href)))
    const features = []
    for await (const f of deserialize(bytes)) features.push(f)
    // PROJ: 8.104589 E 51.578419 N → E 437954.3649 N 5714530.3144 (EPSG:25832)
    const first = features.find((f) => f.properties?.name === 'Punkt 0')!
    const [e, n] = (first.geometry as unknown as { coordinates: number[] }).coordinates
    expect(Math.abs(e - 437954.3649)).toBeLessThan(0.001)
    expect(Math.abs(n - 5714530.3144)).toBeLessThan(0.001)
    expect(first.properties?.straße).toBe('Marktstraße')
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, entry.metaHref), 'utf8')) as LayerDocument
    expect(doc.metadata.title).toBe('Punkte')
    expect((doc.quality as QualityReport).featureCount).toBe(3)
    expect(doc.quality.findings.some((f) => f.criterion === 'verständlich' && /metadata missing: .*license/.test(f.message))).toBe(true)
  })

  it('re-publishing identical input changes nothing; changed input replaces the old version', async () => {
    const src = await write('punkte.geojson', pointsGeoJson())
    await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])
    const before = await snapshot()
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
    expect(await snapshot()).toEqual(before)
    await write('punkte.geojson', pointsGeoJson(5))
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
    const after = await snapshot()
    expect(Object.keys(after).filter((f) => f.endsWith('.fgb'))).toHaveLength(1)
    expect(((await readCatalog()).layers[0] as VectorLayerEntry).featureCount).toBe(5)
  })

  it('publishes a FlatGeobuf in EPSG:25832 unchanged in position', async () => {
    const src = await write('punkte.geojson', pointsGeoJson())
    await main(['publish', src, '--catalog', box.catalog, '--id', 'a', '--title', 'A'])
    const fgb = path.join(box.catalog, (await readCatalog()).layers[0].href)
    const copy = await write('a.fgb', readFileSync(fgb))
    expect(await main(['publish', copy, '--catalog', box.catalog, '--id', 'b', '--title', 'B'])).toBe(0)
    const [a, b] = (await readCatalog()).layers
    expect(b.bbox).toEqual(a.bbox)
  })

  const failures: [string, () => Promise<string[]>, RegExp][] = [
    ['corrupt JSON', async () => [await write('x.geojson', '{"type": "FeatureCollection", "features": [')], /x\.geojson: is not valid JSON/],
    ['unknown CRS', async () => [await write('x.geojson', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:2154' } }, features: [] }))], /x\.geojson: uses EPSG:2154, which is not supported/],
    ['empty FlatGeobuf', async () => [await write('x.fgb', new Uint8Array(0))], /x\.fgb: is empty/],
    ['truncated FlatGeobuf', async () => [await write('x.fgb', new Uint8Array([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 0, 200, 0, 0, 0, 1, 2]))], /x\.fgb: is truncated/],
    ['not a FlatGeobuf', async () => [await write('x.fgb', 'hello world, not fgb')], /x\.fgb: is not a FlatGeobuf file/],
    ['unsupported format', async () => [await write('x.dxf', 'x')], /x\.dxf: has an unsupported format/],
    ['missing file', async () => [path.join(box.dir, 'nope.geojson')], /nope\.geojson: cannot be read/],
    ['no features', async () => [await write('x.geojson', JSON.stringify({ type: 'FeatureCollection', features: [] }))], /x\.geojson: contains no features/],
    ['bad metadata', async () => [await write('x.geojson', pointsGeoJson()), '--meta', await write('m.json', JSON.stringify({ title: 'x', license: 5, category: 'Foo' }))], /m\.json: license: must be a non-empty string; category: must be one of/],
    ['not a GeoTIFF', async () => [await write('x.tif', 'II*\u0000garbage')], /x\.tif: is not a readable GeoTIFF/],
  ]
  for (const [name, make, message] of failures) {
    it(`fails cleanly on ${name}: one line naming the file, catalog unchanged`, async () => {
      const ok = await write('ok.geojson', pointsGeoJson())
      await main(['publish', ok, '--catalog', box.catalog, '--id', 'ok', '--title', 'OK'])
      const before = await snapshot()
      const [file, ...extra] = await make()
      box.errors = []
      const code = await main(['publish', file, '--catalog', box.catalog, '--id', 'neu', '--title', 'Neu', ...extra])
      expect(code).not.toBe(0)
      expect(box.errors).toHaveLength(1)
      expect(box.errors[0]).toMatch(message)
      expect(box.errors[0]).not.toContain('\n')
      expect(await snapshot()).toEqual(before)
    })
  }

  it('rejects a bad id and missing options with usage exit code 2', async () => {
    const src = await write('punkte.geojson', pointsGeoJson())
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'Böse Id', '--title', 'x'])).toBe(2)
    expect(await main(['publish', src, '--id', 'x'])).toBe(2)
  })

  it('withdraws a layer', async () => {
    const src = await write('punkte.geojson', pointsGeoJson())
    await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])
    expect(await main(['withdraw', 'punkte', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).layers).toEqual([])
    await expect(fs.access(path.join(box.catalog, 'layers', 'punkte'))).rejects.toThrow()
  })
})

describe('the geoportal bin', () => {
  const bin = path.resolve('cli/geoportal.mjs')
  it('prints help for every command', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
    for (const c of ['publish', 'quality', 'check', 'withdraw', 'dcat', 'build']) {
      expect(out).toContain(c)
      expect(execFileSync(process.execPath, [bin, c, '--help'], { encoding: 'utf8' })).toMatch(/^Usage: geoportal /)
    }
  })
  it('exits non-zero with one line on stderr', () => {
    const r = spawnSync(process.execPath, [bin, 'publish', '/nonexistent.geojson', '--catalog', box.dir, '--id', 'x', '--title', 'x'], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/nonexistent\.geojson: cannot be read/)
  })
})
