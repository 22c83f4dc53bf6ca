import { promises as fs, readFileSync } from 'node:fs'
import path from 'node:path'
import * as flatbuffers from 'flatbuffers'
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js'
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { describe, expect, it } from 'vitest'
import type { Catalog, LayerDocument, VectorLayerEntry } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'
import { multiTypeOf, promoteToMulti } from './promote.ts'

const box = useCliSandbox('promote')
const square = (x: number, y: number, d = 0.001) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]

describe('Polygon and MultiPolygon in one layer (issue #19: no noise findings)', () => {
  it('promotes single parts to the Multi type of the same kind only', () => {
    expect(multiTypeOf(['Polygon', 'MultiPolygon'])).toBe('MultiPolygon')
    expect(multiTypeOf(['LineString', 'MultiLineString'])).toBe('MultiLineString')
    expect(multiTypeOf(['Point', 'Polygon'])).toBeNull()
    const features = [
      { geometry: { type: 'Polygon', coordinates: square(8.1, 51.57) }, properties: {} },
      { geometry: { type: 'MultiPolygon', coordinates: [square(8.2, 51.57), square(8.3, 51.57)] }, properties: {} },
      { geometry: null, properties: {} },
    ]
    expect(promoteToMulti(features)).toBe(1)
    expect(features[0].geometry).toEqual({ type: 'MultiPolygon', coordinates: [square(8.1, 51.57)] })
    const mixed = [{ geometry: { type: 'Point', coordinates: [8.1, 51.5] }, properties: {} }, { geometry: { type: 'Polygon', coordinates: square(8.1, 51.57) }, properties: {} }]
    expect(promoteToMulti(mixed)).toBe(0)
    expect(mixed[0].geometry.type).toBe('Point')
  })

  it('publish writes one MultiPolygon layer without a "mixed geometry types" warning; points with polygons keep it', async () => {
    const fc = (geoms: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features: geoms.map((g, i) => ({ type: 'Feature', geometry: g, properties: { n: i } })) })
    const boundaries = path.join(box.dir, 'gemeinden.geojson')
    await fs.writeFile(boundaries, fc([{ type: 'Polygon', coordinates: square(8.1, 51.57) }, { type: 'MultiPolygon', coordinates: [square(8.12, 51.57), square(8.14, 51.57)] }]))
    expect(await main(['publish', boundaries, '--catalog', box.catalog, '--id', 'gemeinden', '--title', 'Gemeinden'])).toBe(0)
    const catalog = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    const entry = catalog.layers[0] as VectorLayerEntry
    expect(entry.geometryType).toBe('MultiPolygon')
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, entry.metaHref), 'utf8')) as LayerDocument
    expect(doc.quality.findings.map((f) => f.code)).not.toContain('mixed_geometry_types')
    const bytes = new Uint8Array(readFileSync(path.join(box.catalog, entry.href)))
    const types = []
    for await (const f of deserialize(bytes)) types.push(f.geometry.type)
    expect(types).toEqual(['MultiPolygon', 'MultiPolygon'])
    const bb = new flatbuffers.ByteBuffer(bytes)
    bb.setPosition(8)
    // One geometry type in the header (QGIS and ogrinfo show it), not Unknown.
    expect(Header.getSizePrefixedRootAsHeader(bb).geometryType()).toBe(GeometryType.MultiPolygon)

    const both = path.join(box.dir, 'gemischt.geojson')
    await fs.writeFile(both, fc([{ type: 'Point', coordinates: [8.1, 51.57] }, { type: 'Polygon', coordinates: square(8.1, 51.57) }]))
    expect(await main(['publish', both, '--catalog', box.catalog, '--id', 'gemischt', '--title', 'Gemischt'])).toBe(0)
    const mixed = (JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog).layers[1] as VectorLayerEntry
    const mixedDoc = JSON.parse(await fs.readFile(path.join(box.catalog, mixed.metaHref), 'utf8')) as LayerDocument
    expect(mixedDoc.quality.findings.find((f) => f.code === 'mixed_geometry_types')?.message).toMatch(/^mixed geometry types: (Point, Polygon|Polygon, Point)$/)
  })
})
