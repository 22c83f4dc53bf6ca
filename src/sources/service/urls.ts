// Request URLs for external WMS / WMTS layers (pure). The portal only ever adds OGC request parameters to the URL the
// catalog gives; the catalog's URLs are http(s) (checked by parseCatalog).
import type { ServiceLayerEntry } from '../../model/catalog.ts'

export type Params = Record<string, string>

/** The URL with these parameters set (replacing same-named ones in any case, as OGC parameter names are case-insensitive). */
export function withParams(url: string, params: Params): string {
  const u = new URL(url)
  const names = new Set(Object.keys(params).map((k) => k.toUpperCase()))
  for (const k of [...u.searchParams.keys()]) if (names.has(k.toUpperCase())) u.searchParams.delete(k)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  // MapLibre replaces {bbox-epsg-3857} in the template: keep the braces readable for it.
  return u.href.replace(/%7Bbbox-epsg-3857%7D/gi, '{bbox-epsg-3857}')
}

export const wmsBase = (l: ServiceLayerEntry): Params => ({ SERVICE: 'WMS', VERSION: l.version })
/** WMS 1.3.0 names the CRS parameter CRS and the pixel I/J; 1.1.1 says SRS and X/Y. EPSG:3857 has east/north axes in both. */
export const crsParam = (l: ServiceLayerEntry) => (l.version === '1.3.0' ? 'CRS' : 'SRS')

/** The MapLibre raster tile URL: a WMTS template as it is, a WMS GetMap for each 256 px EPSG:3857 tile. */
export function tileTemplate(l: ServiceLayerEntry): string {
  if (l.service === 'wmts') return l.url
  return withParams(l.url, {
    ...wmsBase(l),
    REQUEST: 'GetMap',
    LAYERS: l.layers,
    STYLES: l.styles ?? '',
    FORMAT: l.format,
    TRANSPARENT: l.format === 'image/png' ? 'TRUE' : 'FALSE',
    [crsParam(l)]: 'EPSG:3857',
    BBOX: '{bbox-epsg-3857}',
    WIDTH: '256',
    HEIGHT: '256',
  })
}

/** Legend images: the recorded legend URL, else one GetLegendGraphic per WMS layer name; [] for a WMTS without one. */
export function legendUrls(l: ServiceLayerEntry): string[] {
  if (l.legendUrl) return [l.legendUrl]
  if (l.service !== 'wms') return []
  return l.layers
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => withParams(l.url, { ...wmsBase(l), REQUEST: 'GetLegendGraphic', LAYER: name, FORMAT: 'image/png', SLD_VERSION: '1.1.0' }))
}
