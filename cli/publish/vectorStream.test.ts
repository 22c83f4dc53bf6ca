// Streaming vector publishing (issue #19, "any size, bounded memory"): a file read as a stream of features, encoded
// once into a spill file and written along the Hilbert curve, gives the same bytes as the in-memory path.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateMetadata } from '../../src/model/metadata.ts'
import { mulberry32 } from '../../scripts/random.ts'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'
import { openGeoJsonFile, readGeoJsonFile } from '../readers/geojson.ts'
import { readShapefile } from '../readers/shapefile.ts'
import { openShapefile } from '../readers/shapefileStream.ts'
import type { VectorSource } from '../vector/model.ts'
import { loadProjections } from './input.ts'
import { prepareVectorLayer } from './vector.ts'
import { defaultVectorStyle } from './style.ts'

const sq = (x: number, y: number, s = 20) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]

/** Parcels with what quality looks at: no geometry, empty and duplicate geometries, repeated ids, empty values. */
function features(n: number, lonLat = false) {
  const rand = mulberry32(3)
  const out: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] = []
  for (let i = 0; i < n; i++) {
    let x = 430000 + Math.floor(rand() * 20000)
    let y = 5708000 + Math.floor(rand() * 15000)
    let s = 20
    if (lonLat) [x, y, s] = [7.9 + rand() * 0.2, 51.5 + rand() * 0.1, 0.0003]
    let geometry: unknown = { type: 'Polygon', coordinates: sq(x, y, s) }
    if (i % 97 === 5) geometry = null
    if (i % 101 === 0) geometry = { type: 'MultiPolygon', coordinates: [sq(x, y, s), sq(x + 3 * s, y, s)] }
    if (i % 89 === 20) geometry = JSON.parse(JSON.stringify(out[i - 7].geometry))
    out.push({ type: 'Feature', properties: { nr: i % 500 === 0 ? 1 : i, name: i % 3 ? `N${i % 50}` : null, area: Math.round(rand() * 1000) }, geometry })
  }
  return out
}

const projections = await loadProjections()
const metadata = validateMetadata({ title: 'Flurstücke', identifier: 'nr' }, 'test')
let dir = ''
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-stream-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function publish(data: VectorSource, file: string, workDir?: string) {
  const layer = await prepareVectorLayer(data, { id: 'p', file, metadata, style: defaultVectorStyle('Polygon', '#336699'), projections, searchable: 'name', ...(workDir ? { workDir } : {}) })
  const f = layer.dataFile!
  const bytes = 'bytes' in f ? f.bytes : new Uint8Array(readFileSync(f.file))
  return { bytes, document: JSON.stringify(layer.document), entry: JSON.stringify(layer.entry), places: layer.places }
}

describe('streaming publish', () => {
  it('a GeoJSON file streamed (never all features in memory) publishes the same bytes as read into memory', async () => {
    const file = path.join(dir, 'parcels.geojson')
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:25832' } }, features: features(3000) }))
    const streamed = await openGeoJsonFile(file, 0)
    expect(Array.isArray(streamed.features)).toBe(false)
    expect(streamed.count).toBe(3000)
    const work = mkdtempSync(path.join(dir, 'work-'))
    const a = await publish(await readGeoJsonFile(file), file)
    const b = await publish(streamed, file, work)
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true)
    expect(b.document).toBe(a.document)
    expect(b.entry).toBe(a.entry)
    expect(b.places).toEqual(a.places)
    // The quality findings are there (not an empty report that would trivially match).
    const q = JSON.parse(b.document).quality as { findings: { code: string; count?: number; featureIds: number[] }[] }
    const codes = Object.fromEntries(q.findings.map((f) => [f.code, f]))
    expect(codes.duplicate_geometries.count).toBeGreaterThan(20)
    expect(codes.identifier_not_unique.count).toBe(6)
    expect(codes.no_geometry.featureIds[0]).toBe(JSON.parse(b.entry).featureCount)
  })

  it('reprojects while streaming (WGS84 → EPSG:25832), same bytes as in memory', async () => {
    const file = path.join(dir, 'wgs84.geojson')
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: features(1500, true) }))
    const a = await publish(await readGeoJsonFile(file), file)
    const b = await publish(await openGeoJsonFile(file, 0), file, mkdtempSync(path.join(dir, 'work-')))
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true)
    expect(b.document).toBe(a.document)
  })

  it('bad input while streaming: one line naming the file and the feature', async () => {
    const file = path.join(dir, 'bad.geojson')
    const fs = features(50)
    ;(fs[37].geometry as { coordinates: unknown[][] }).coordinates[0][2] = ['a', 1]
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:25832' } }, features: fs }))
    await expect(openGeoJsonFile(file, 0)).rejects.toThrow(/bad\.geojson.*feature 37 .*coordinates\[0\]\[2\]/)
  })

  const noGdal = gdalToolsMissing('ogr2ogr')
  it.skipIf(noGdal)(`a Shapefile streamed record by record publishes the same bytes as read into memory${noGdal ? ` (skipped: ${noGdal})` : ''}`, async () => {
    const src = path.join(dir, 'for-shp.geojson')
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:25832' } }, features: features(2500) }))
    const shp = path.join(dir, 'parcels.shp')
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, src])
    const streamed = await openShapefile(shp, {}, 0)
    expect(Array.isArray(streamed.features)).toBe(false)
    const a = await publish(await readShapefile(shp), shp)
    const b = await publish(streamed, shp, mkdtempSync(path.join(dir, 'work-')))
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true)
    expect(b.document).toBe(a.document)
    // Without the .shx the records are walked in the .shp: the same features.
    rmSync(path.join(dir, 'parcels.shx'))
    const c = await publish(await openShapefile(shp, {}, 0), shp, mkdtempSync(path.join(dir, 'work-')))
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(true)
  })
})
