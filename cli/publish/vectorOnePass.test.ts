// Data declared in EPSG:25832 is checked (personal data, source extent, geometry types) along the publishing
// pass instead of in a pass of its own: the same bytes, quality report and refusals as the two-pass way.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateMetadata } from '../../src/model/metadata.ts'
import { mulberry32 } from '../../scripts/random.ts'
import type { VectorFeature, VectorSource } from '../vector/model.ts'
import { loadProjections } from './input.ts'
import { defaultVectorStyle } from './style.ts'
import { prepareVectorLayer } from './vector.ts'

const sq = (x: number, y: number, s = 20) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]

/** Parcels with Polygon + MultiPolygon (promoted), no geometry, duplicates (rotated), bowties, repeated ids. */
function features(n: number, x0 = 430000, y0 = 5708000): VectorFeature[] {
  const rand = mulberry32(11)
  const out: VectorFeature[] = []
  for (let i = 0; i < n; i++) {
    const x = x0 + Math.floor(rand() * 20000)
    const y = y0 + Math.floor(rand() * 15000)
    let geometry: VectorFeature['geometry'] = { type: 'Polygon', coordinates: sq(x, y) }
    if (i % 97 === 5) geometry = null
    if (i % 101 === 0) geometry = { type: 'MultiPolygon', coordinates: [sq(x, y), sq(x + 60, y)] }
    if (i % 89 === 20 && out[i - 7].geometry?.type === 'Polygon') {
      const ring = (out[i - 7].geometry!.coordinates as number[][][])[0].slice(0, -1).reverse()
      const rotated = [...ring.slice(1), ring[0]]
      geometry = { type: 'Polygon', coordinates: [[...rotated, rotated[0]]] }
    }
    if (i % 83 === 7) geometry = { type: 'Polygon', coordinates: [[[x, y], [x + 20, y + 20], [x + 20, y], [x, y + 20], [x, y]]] }
    out.push({ properties: { nr: i % 500 === 0 ? 1 : i, name: i % 3 ? `N${i % 50}` : null, tel: i % 2 ? `02921 ${100000 + i}` : null }, geometry })
  }
  return out
}

/** A source read again on each pass (as the streaming readers are), fresh feature objects each time. */
function source(make: () => VectorFeature[], declared: boolean, count = 3000): VectorSource {
  return {
    crs: 'EPSG:25832',
    crsDeclared: declared,
    columns: [{ name: 'nr', type: 5 }, { name: 'name', type: 11 }, { name: 'tel', type: 11 }],
    count,
    features: { [Symbol.iterator]: () => make()[Symbol.iterator]() },
  }
}

const projections = await loadProjections()
let dir = ''
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-onepass-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function publish(data: VectorSource, access: 'public' | 'internal' = 'internal') {
  const metadata = validateMetadata({ title: 'Flurstücke', identifier: 'nr', access }, 'test')
  const layer = await prepareVectorLayer(data, { id: 'p', file: 'parcels.geojson', metadata, style: defaultVectorStyle('Polygon', '#336699'), projections, workDir: mkdtempSync(path.join(dir, 'w-')) })
  const f = layer.dataFile!
  return { bytes: 'bytes' in f ? f.bytes : new Uint8Array(readFileSync(f.file)), document: JSON.stringify(layer.document), entry: JSON.stringify(layer.entry) }
}

describe('publishing data declared in EPSG:25832 in one pass', () => {
  it('gives the bytes and the quality report of the two-pass way (mixed types promoted, duplicates, invalid)', async () => {
    let reads = 0
    const make = () => {
      reads++
      return features(3000)
    }
    const one = await publish(source(make, true))
    expect(reads).toBe(2) // one pass, and one again because Polygon + MultiPolygon are promoted
    reads = 0
    const polygonsOnly = () => {
      reads++
      return features(3000).map((f) => (f.geometry?.type === 'MultiPolygon' ? { ...f, geometry: { type: 'Polygon', coordinates: (f.geometry.coordinates as number[][][][])[0] } } : f))
    }
    await publish(source(polygonsOnly, true))
    expect(reads).toBe(1)
    // Not declared (a format's default): checked in a pass of its own first, as before.
    const two = await publish(source(() => features(3000), false))
    expect(Buffer.from(one.bytes).equals(Buffer.from(two.bytes))).toBe(true)
    expect(one.document).toBe(two.document)
    expect(one.entry).toBe(two.entry)
    const codes = (JSON.parse(one.document).quality.findings as { code: string }[]).map((f) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['duplicate_geometries', 'invalid_geometries', 'no_geometry', 'identifier_not_unique']))
  })

  it('refuses in the old order: personal data, then the placement, then what the writer cannot take', async () => {
    const withCollection = (fs: VectorFeature[]) => {
      fs[40].geometry = { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: sq(430000, 5708000) }] }
      return fs
    }
    // The collection alone: one line naming the file and the feature.
    await expect(publish(source(() => withCollection(features(100)), true, 100))).rejects.toThrow(/^parcels\.geojson: feature 40: its geometry type GeometryCollection cannot be published/)
    // With personal data in a public layer: the personal data refusal, as when it was checked first.
    await expect(publish(source(() => withCollection(features(100)), true, 100), 'public')).rejects.toThrow(/parcels\.geojson: may contain personal data/)
    // Placed far away (declared EPSG:25832, coordinates elsewhere): the placement refusal.
    await expect(publish(source(() => withCollection(features(100, 3_000_000, 1_000_000)), true, 100))).rejects.toThrow(/parcels\.geojson: lies outside/)
  })
})
