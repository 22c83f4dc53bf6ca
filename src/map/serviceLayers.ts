// External WMS / WMTS layers on the map: a MapLibre raster source per layer, and GetFeatureInfo for a click.
// Tile failures (service down, CORS refused) reach MapController's 'error' handler as source errors and become the
// layer's error status; the other layers keep drawing.
import type * as maplibregl from 'maplibre-gl'
import type { LayerEntry, ServiceLayerEntry } from '../model/catalog.ts'
import { parseFeatureInfo } from '../sources/service/featureInfo.ts'
import { featureInfoUrl, tileTemplate, toWebMercator } from '../sources/service/urls.ts'

/** How long a GetFeatureInfo answer may take before the click is answered without it. */
const INFO_TIMEOUT_MS = 8000

export function addServiceLayer(map: maplibregl.Map, l: ServiceLayerEntry, source: string, layer: string, attribution?: string): void {
  map.addSource(source, {
    type: 'raster',
    tiles: [tileTemplate(l)],
    tileSize: 256,
    bounds: l.bbox4326,
    // Source zooms are tile levels (map zoom + 1 for 256 px tiles): a WMTS has tiles up to its finest matrix and is
    // enlarged beyond; a WMS renders any level.
    ...(l.service === 'wmts' && l.maxZoom !== undefined ? { maxzoom: Math.round(l.maxZoom) + 1 } : { maxzoom: 22 }),
    attribution,
  })
  map.addLayer({
    id: layer,
    type: 'raster',
    source,
    ...(l.minZoom !== undefined ? { minzoom: l.minZoom } : {}),
    // A WMS answers at any scale: beyond its own limit it draws nothing, so the layer stops there too.
    ...(l.service === 'wms' && l.maxZoom !== undefined ? { maxzoom: l.maxZoom } : {}),
    paint: { 'raster-opacity': l.style.opacity ?? 1, 'raster-fade-duration': 0 },
  })
}

export interface ServiceHit {
  layerId: string
  properties: Record<string, unknown>
  /** The answer as text, when it had no attributes (plain text, HTML reduced to text). */
  text?: string
  /** The service did not answer (network, CORS, HTTP status, timeout). */
  error?: string
}

/** GetFeatureInfo of every visible queryable service layer at a clicked pixel, top layer first. */
export async function serviceInfoAt(map: maplibregl.Map, active: LayerEntry[], point: { x: number; y: number }): Promise<ServiceHit[]> {
  const zoom = map.getZoom()
  const layers = active
    .filter((l): l is ServiceLayerEntry => l.kind === 'service' && l.service === 'wms' && l.queryable === true)
    .filter((l) => (l.minZoom === undefined || zoom >= l.minZoom) && (l.maxZoom === undefined || zoom < l.maxZoom))
    .reverse()
  if (!layers.length) return []
  const canvas = map.getContainer()
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  const b = map.getBounds()
  const [x0, y0] = toWebMercator([b.getWest(), b.getSouth()])
  const [x1, y1] = toWebMercator([b.getEast(), b.getNorth()])
  const answers = await Promise.all(
    layers.map(async (l): Promise<ServiceHit[]> => {
      const url = featureInfoUrl(l, { bbox3857: [x0, y0, x1, y1], width, height, x: point.x, y: point.y })
      if (!url) return []
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(INFO_TIMEOUT_MS), credentials: 'omit', referrerPolicy: 'no-referrer' })
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        const answer = parseFeatureInfo(res.headers.get('content-type') ?? '', await res.text())
        if (answer.features.length) return answer.features.map((properties) => ({ layerId: l.id, properties }))
        return answer.text ? [{ layerId: l.id, properties: {}, text: answer.text }] : []
      } catch (e) {
        return [{ layerId: l.id, properties: {}, error: (e as Error).message }]
      }
    }),
  )
  return answers.flat()
}
