import { describe, expect, it } from 'vitest'
import { defaultLayerOrder, parseCatalog, parseLayerDocument } from './catalog.ts'
import { capabilitiesUrl, serviceLayerOrigins, serviceOrigins, zoomForScale, zoomRange } from './service.ts'

const wms = {
  id: 'alkis',
  title: 'ALKIS Flurstücke',
  kind: 'service',
  service: 'wms',
  url: 'https://www.wms.nrw.de/geobasis/wms_nw_alkis',
  layers: 'adv_alkis_flurstuecke',
  format: 'image/png',
  version: '1.3.0',
  queryable: true,
  infoFormat: 'text/html',
  minZoom: 15.2,
  metaHref: 'layers/alkis/abc/layer.json',
  bbox: [280000, 5560000, 540000, 5830000],
  bbox4326: [5.8, 50.3, 9.5, 52.6],
  access: 'public',
}

describe('service layer entries', () => {
  it('are parsed with a default style and no data file; every URL must be http(s)', () => {
    const { catalog, rejected } = parseCatalog({ layers: [wms, { ...wms, id: 'dop', service: 'wmts', url: 'https://x.org/t/{z}/{y}/{x}.png', version: '1.0.0', style: { opacity: 0.5 } }] })
    expect(rejected).toEqual([])
    expect(catalog.layers[0]).toMatchObject({ kind: 'service', style: {} })
    expect(catalog.layers[1].style).toEqual({ opacity: 0.5 })
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ url: 'javascript:alert(1)' }, /http\(s\)/],
      [{ url: 'file:///etc/passwd' }, /http\(s\)/],
      [{ url: 'https://user:pw@x.org/wms' }, /http\(s\)/],
      [{ legendUrl: 'data:image/png;base64,AAAA' }, /legendUrl/],
      [{ capabilitiesUrl: 'ftp://x.org/caps' }, /capabilitiesUrl/],
      [{ service: 'wfs' }, /unknown service "wfs"/],
      [{ service: 'wmts', version: '1.0.0' }, /tile template with \{z\}/],
      [{ version: '1.0.0' }, /version must be 1.1.1 or 1.3.0/],
      [{ format: 'image/svg+xml' }, /format/],
      [{ layers: ' ' }, /layers missing/],
      [{ infoFormat: 'text/javascript' }, /infoFormat/],
      [{ minZoom: -1 }, /zoom/],
      [{ queryable: 'yes' }, /queryable/],
      [{ style: { opacity: 2 } }, /opacity/],
      [{ metaHref: 'https://evil.org/layer.json' }, /metaHref/],
    ]
    for (const [change, reason] of bad) {
      const r = parseCatalog({ layers: [{ ...wms, ...change }] })
      expect(r.catalog.layers, JSON.stringify(change)).toEqual([])
      expect(r.rejected[0].reason, JSON.stringify(change)).toMatch(reason)
    }
  })

  it('draw below rasters and vectors by default; layer.json kind "service" is kept', () => {
    const vector = { id: 'v', title: 'V', kind: 'vector', href: 'layers/v/1/v.fgb', metaHref: 'layers/v/1/layer.json', bbox: [0, 0, 1, 1], bbox4326: [0, 0, 1, 1], style: { color: '#000000' }, access: 'public' }
    const raster = { ...vector, id: 'r', kind: 'raster', href: 'layers/r/1/r.tif', style: { ramp: [[0, '#000000'], [1, '#ffffff']] } }
    const { catalog } = parseCatalog({ layers: [vector, wms, raster] })
    expect(defaultLayerOrder(catalog)).toEqual(['alkis', 'r', 'v'])
    const doc = parseLayerDocument({ id: 'alkis', kind: 'service', metadata: { title: 'x' }, quality: { external: true, findings: [] }, files: [] }, 'alkis')
    expect(doc.kind).toBe('service')
  })

  it('scale denominators ↔ zoom levels (GoogleMapsCompatible); origins for the CSP; capabilities URL', () => {
    // MapLibre's zoom 0 is a 512 px world: tile level 1 of GoogleMapsCompatible (1:279,541,132).
    expect(zoomForScale(279541132.0143589)).toBe(0)
    expect(zoomForScale(4265.459167699568)).toBeCloseTo(16, 10)
    // MaxScaleDenominator (zoomed out) limits the smallest zoom, MinScaleDenominator the largest.
    expect(zoomRange(1000, 250000)).toEqual({ minZoom: 10.1, maxZoom: 18.1 })
    expect(zoomRange(undefined, 1e12)).toEqual({})
    expect(serviceOrigins({ url: 'https://tiles.example.org/{z}/{x}/{y}.png', legendUrl: 'https://legend.example.org/l.png' })).toEqual(['https://tiles.example.org', 'https://legend.example.org'])
    const { catalog } = parseCatalog({ layers: [wms, { ...wms, id: 'b', url: 'http://intranet.soest.local:8080/wms' }] })
    expect(serviceLayerOrigins(catalog.layers)).toEqual(['https://www.wms.nrw.de', 'http://intranet.soest.local:8080'])
    expect(capabilitiesUrl({ ...(wms as object), capabilitiesUrl: undefined } as never)).toBe('https://www.wms.nrw.de/geobasis/wms_nw_alkis?SERVICE=WMS&REQUEST=GetCapabilities')
  })
})

describe('service layers in the dashboard and facets', () => {
  it('have no quality grade (not measured) but keep their missing metadata', async () => {
    const { dashboardRow } = await import('../quality/dashboard.ts')
    const { layerFacets } = await import('../catalog/facets.ts')
    const { catalog } = parseCatalog({ layers: [{ ...wms, quality: { grade: 'A', errors: 0, warnings: 0, missingMetadata: ['contact'] } }] })
    const row = dashboardRow(catalog.layers[0], new Date('2026-12-07'))
    expect(row.grade).toBeUndefined()
    expect(row.missingMetadata).toEqual(['contact'])
    expect(layerFacets(catalog.layers[0], new Date('2026-12-07')).grade).toBe('')
  })
})
