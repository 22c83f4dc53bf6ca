// Dense point layers drawn as clusters with counts at low zoom (MapLibre's GeoJSON clustering, supercluster)
// instead of a carpet of overlapping dots, which also told nobody how many there are.
//
// The rule: a point layer with more than CLUSTER_MIN_FEATURES features clusters. Its points are merged only
// where they lie within CLUSTER_RADIUS pixels of each other, so a sparse view still shows single points, and
// from zoom CLUSTER_MAX_ZOOM + 1 on every point is drawn on its own (and identify answers with the feature).
// 500 is about where dots start to hide each other in a town-sized view at the zoom a layer opens with; the
// 5,507 NRW schools at state zoom were the case that made frames long and the map unreadable.
import type { AddLayerObject, ExpressionSpecification, GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature, PointLike } from 'maplibre-gl'
import type { VectorLayerEntry } from '../model/catalog.ts'

export const CLUSTER_MIN_FEATURES = 500
export const CLUSTER_MAX_ZOOM = 13
const CLUSTER_RADIUS = 50

export const isClustered = (l: VectorLayerEntry): boolean => l.geometryType === 'Point' && l.featureCount > CLUSTER_MIN_FEATURES

/** GeoJSON source options for the layer (none when it does not cluster). */
export function clusterSourceOptions(l: VectorLayerEntry): { cluster?: boolean; clusterMaxZoom?: number; clusterRadius?: number } {
  return isClustered(l) ? { cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM, clusterRadius: CLUSTER_RADIUS } : {}
}

/** Single points only (what the point and label layers of a clustered source draw). */
export const NOT_CLUSTER: ExpressionSpecification = ['!', ['has', 'point_count']]

export const clusterLayerId = (layerId: string) => `lyr-${layerId}-cluster`

/** Relative luminance (WCAG 2.1) of #rrggbb. */
function luminance(hex: string): number {
  const v = parseInt(hex.slice(1), 16)
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  return 0.2126 * lin(((v >> 16) & 255) / 255) + 0.7152 * lin(((v >> 8) & 255) / 255) + 0.0722 * lin((v & 255) / 255)
}

/** White or near-black, whichever contrasts more with the circle (WCAG contrast ratio). */
export function countTextColor(fill: string): string {
  const l = luminance(fill)
  return (1.05) / (l + 0.05) >= (l + 0.05) / (luminance('#1a1a1a') + 0.05) ? '#ffffff' : '#1a1a1a'
}

/** The cluster circle (sized by count, in the layer's colour) and its count. */
export function clusterLayers(l: VectorLayerEntry, source: string, zoom: { minzoom?: number; maxzoom?: number }): AddLayerObject[] {
  const color = l.style.color
  const count: ExpressionSpecification = ['get', 'point_count']
  return [
    {
      id: clusterLayerId(l.id), type: 'circle', source, ...zoom, filter: ['has', 'point_count'],
      paint: {
        'circle-color': color,
        'circle-opacity': 0.9,
        'circle-radius': ['step', count, 13, 10, 16, 100, 20, 1000, 25],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
        'circle-stroke-opacity': 1,
      },
    },
    {
      id: `${clusterLayerId(l.id)}-count`, type: 'symbol', source, ...zoom, filter: ['has', 'point_count'],
      // The full count in digits: read the same in German and English ("1.2k" would not be).
      layout: { 'text-field': ['to-string', count], 'text-font': ['sans-serif'], 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': countTextColor(color) },
    },
  ]
}

/** A rendered cluster's feature → its count, or null for a single feature. */
export function clusterCount(f: Pick<MapGeoJSONFeature, 'properties'>): number | null {
  return f.properties?.cluster ? Number(f.properties.point_count) : null
}

/**
 * A click on a cluster zooms the map to where it falls apart (MapLibre's expansion zoom), centred on it. Resolves
 * true when the click was on a cluster.
 */
export async function zoomIntoCluster(map: MapLibreMap, point: PointLike, clusterLayerIds: string[], duration: number): Promise<boolean> {
  const layers = clusterLayerIds.filter((id) => map.getLayer(id))
  const f = layers.length ? map.queryRenderedFeatures(point, { layers })[0] : undefined
  if (!f || clusterCount(f) === null) return false
  const source = map.getSource(f.source) as GeoJSONSource | undefined
  if (!source) return false
  const zoom = await source.getClusterExpansionZoom(Number(f.properties.cluster_id))
  const center = (f.geometry as unknown as { coordinates: [number, number] }).coordinates
  map.easeTo({ center, zoom: Math.max(zoom, map.getZoom() + 1), duration })
  return true
}
