// External WMS / WMTS layers on the map: a MapLibre raster source per layer (GetFeatureInfo for a click is in
// serviceInfo.ts, loaded on the first click on a queryable layer). Tile failures (service down, CORS refused) reach MapController's 'error' handler as source errors and become the
// layer's error status; the other layers keep drawing.
import type * as maplibregl from 'maplibre-gl'
import type { LayerEntry, ServiceLayerEntry } from '../model/catalog.ts'
import { tileTemplate } from '../sources/service/urls.ts'

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

/** The switched-on WMS layers that answer GetFeatureInfo at this zoom, top layer first. */
export function queryableAt(active: LayerEntry[], zoom: number): ServiceLayerEntry[] {
  return active
    .filter((l): l is ServiceLayerEntry => l.kind === 'service' && l.service === 'wms' && l.queryable === true)
    .filter((l) => (l.minZoom === undefined || zoom >= l.minZoom) && (l.maxZoom === undefined || zoom < l.maxZoom))
    .reverse()
}
