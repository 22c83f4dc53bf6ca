// The GetFeatureInfo request of a click (pure; loaded with the click handling, not with the first view).
import type { ServiceLayerEntry } from '../../model/catalog.ts'
import { crsParam, wmsBase, withParams } from './urls.ts'

export interface FeatureInfoRequest {
  /** The map view in EPSG:3857 [minX, minY, maxX, maxY] and its size in CSS pixels. */
  bbox3857: [number, number, number, number]
  width: number
  height: number
  /** The clicked pixel, from the top left. */
  x: number
  y: number
  /** Features asked for at most. */
  count?: number
}

/** A GetFeatureInfo request for the clicked pixel, or null when the layer is not queryable. */
export function featureInfoUrl(l: ServiceLayerEntry, r: FeatureInfoRequest): string | null {
  if (l.service !== 'wms' || !l.queryable) return null
  const v13 = l.version === '1.3.0'
  return withParams(l.url, {
    ...wmsBase(l),
    REQUEST: 'GetFeatureInfo',
    LAYERS: l.layers,
    QUERY_LAYERS: l.layers,
    STYLES: l.styles ?? '',
    FORMAT: l.format,
    [crsParam(l)]: 'EPSG:3857',
    BBOX: r.bbox3857.join(','),
    WIDTH: String(Math.round(r.width)),
    HEIGHT: String(Math.round(r.height)),
    [v13 ? 'I' : 'X']: String(Math.round(r.x)),
    [v13 ? 'J' : 'Y']: String(Math.round(r.y)),
    INFO_FORMAT: l.infoFormat ?? 'text/plain',
    FEATURE_COUNT: String(r.count ?? 10),
  })
}

/** Lon/lat → EPSG:3857 metres (spherical Web Mercator, as MapLibre draws it). */
export function toWebMercator([lon, lat]: [number, number]): [number, number] {
  const R = 6378137
  const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, lat))
  return [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360))]
}
