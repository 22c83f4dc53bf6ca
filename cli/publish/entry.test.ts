// The one builder of catalog entries: its key order is part of the catalog's bytes (a re-published layer with the
// same data must leave catalog.json byte-identical), so these orders are what catalogs on disk already hold.
import { describe, expect, it } from 'vitest'
import { validateMetadata } from '../../src/model/metadata.ts'
import type { BBox, LayerDocument } from '../../src/model/catalog.ts'
import { committedEntry, layerEntry } from './entry.ts'

const metadata = validateMetadata({
  title: 'Spielplätze',
  access: 'internal',
  category: 'Geodaten',
  attribution: '© Stadt Soest',
  updateFrequency: 'monthly',
  lastUpdate: '2026-11-30',
  description: 'Alle Spielplätze',
  keywords: ['Spielplatz'],
  department: 'Grünflächenamt',
  license: 'dl-de/by-2-0',
})
const extent = { bbox: [1, 2, 3, 4] as BBox, bbox4326: [7, 51, 8, 52] as BBox }
const META_FACETS = ['category', 'attribution', 'updateFrequency', 'lastUpdate']

describe('layerEntry', () => {
  it('takes title and access from the metadata and puts a vector layer’s fields after access', () => {
    const e = layerEntry({ id: 'spiel', kind: 'vector', metadata, extent, fields: { geometryType: 'Point', featureCount: 3, style: { color: '#000' }, bytes: 10 } })
    expect(Object.keys(e)).toEqual(['id', 'title', 'kind', 'bbox', 'bbox4326', 'access', 'geometryType', 'featureCount', 'style', 'bytes', ...META_FACETS])
    expect(e).toMatchObject({ id: 'spiel', title: 'Spielplätze', kind: 'vector', access: 'internal', category: 'Geodaten', lastUpdate: '2026-11-30' })
  })

  it('puts a raster layer’s fields after access', () => {
    const e = layerEntry({ id: 'dgm', kind: 'raster', metadata, extent, fields: { width: 2, height: 2, bands: 1, noData: null, min: 0, max: 1, style: {}, bytes: 10 } })
    expect(Object.keys(e)).toEqual(['id', 'title', 'kind', 'bbox', 'bbox4326', 'access', 'width', 'height', 'bands', 'noData', 'min', 'max', 'style', 'bytes', ...META_FACETS])
  })

  it('keeps a service layer’s order: its fields before the extent, its style after the metadata facets', () => {
    const e = layerEntry({ id: 'wms', kind: 'service', metadata, extent, lead: { service: 'wms', url: 'https://x/wms', layers: 'a' }, fields: {}, tail: { style: {} } })
    expect(Object.keys(e)).toEqual(['id', 'title', 'kind', 'service', 'url', 'layers', 'bbox', 'bbox4326', 'access', ...META_FACETS, 'style'])
  })

  it('leaves out metadata facets that are not given and marks demo data', () => {
    const e = layerEntry({ id: 'a', kind: 'vector', metadata: validateMetadata({ title: 'A', demo: true }), extent, fields: {} })
    expect(Object.keys(e)).toEqual(['id', 'title', 'kind', 'bbox', 'bbox4326', 'access', 'demo'])
    expect(e.access).toBe('public')
  })
})

describe('committedEntry', () => {
  const entry = layerEntry({ id: 'spiel', kind: 'vector', metadata, extent, fields: { geometryType: 'Point', featureCount: 3, style: { color: '#000' }, bytes: 10 } })
  const document: Pick<LayerDocument, 'metadata' | 'quality' | 'attributes'> = { metadata, quality: { findings: [] } as never, attributes: ['name'] }

  it('adds the summary of layer.json, then the links to the version folder’s files, then the start mark', () => {
    const e = committedEntry({ entry, document, rel: 'layers/spiel/abc', dataFile: 'spiel.fgb', places: true, search: true, visible: true })
    const keys = Object.keys(e)
    expect(keys.slice(keys.indexOf('category'))).toEqual([...META_FACETS, 'description', 'keywords', 'department', 'license', 'attributeNames', 'quality', 'href', 'metaHref', 'placesHref', 'searchHref', 'visible'])
    expect(e).toMatchObject({ href: 'layers/spiel/abc/spiel.fgb', metaHref: 'layers/spiel/abc/layer.json', placesHref: 'layers/spiel/abc/places.json', searchHref: 'layers/spiel/abc/search.json', visible: true })
  })

  it('links only what the layer has (a service layer: layer.json alone)', () => {
    const e = committedEntry({ entry, document, rel: 'layers/spiel/abc' })
    expect(e.metaHref).toBe('layers/spiel/abc/layer.json')
    for (const k of ['href', 'placesHref', 'searchHref', 'visible']) expect(k in e).toBe(false)
  })
})
