// Overlays drawn above every layer:
// - the highlight: features of a quality finding ("Auf der Karte zeigen"), until cleared — magenta fill, outline
//   (white halo + magenta line) and circles with a dark ring, distinct from the layers' own points;
// - the mark: the place or table row just chosen — amber with a dark outline, cleared by the next mark or a timer.
import type * as maplibregl from 'maplibre-gl'
import type { Geometry } from '../projection/geometry.ts'

export const HIGHLIGHT_SOURCE = 'geoportal-highlight'
const HIGHLIGHT_LAYERS = ['geoportal-highlight-fill', 'geoportal-highlight-halo', 'geoportal-highlight-line', 'geoportal-highlight-point'] as const
export const MARK_SOURCE = 'geoportal-mark'
const MARK_LAYERS = ['geoportal-mark-fill', 'geoportal-mark-line', 'geoportal-mark-point'] as const
/** Magenta: not used by the catalog's colour-blind-safe palettes, visible on light and dark backgrounds. */
export const HIGHLIGHT_COLOR = '#e6007e'
const MARK_COLOR = '#ffbf47'

const isPolygon = ['==', ['geometry-type'], 'Polygon'] as maplibregl.FilterSpecification
const isPoint = ['==', ['geometry-type'], 'Point'] as maplibregl.FilterSpecification
const notPoint = ['!=', ['geometry-type'], 'Point'] as maplibregl.FilterSpecification
const round = { 'line-cap': 'round', 'line-join': 'round' } as const

export function ensureHighlightLayers(map: maplibregl.Map): void {
  if (map.getSource(HIGHLIGHT_SOURCE)) return
  const source = HIGHLIGHT_SOURCE
  map.addSource(source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  const [fill, halo, line, point] = HIGHLIGHT_LAYERS
  map.addLayer({ id: fill, type: 'fill', source, filter: isPolygon, paint: { 'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': 0.3 } })
  map.addLayer({ id: halo, type: 'line', source, filter: notPoint, layout: round, paint: { 'line-color': '#ffffff', 'line-width': 7 } })
  map.addLayer({ id: line, type: 'line', source, filter: notPoint, layout: round, paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 4 } })
  map.addLayer({ id: point, type: 'circle', source, filter: isPoint, paint: { 'circle-radius': 9, 'circle-color': HIGHLIGHT_COLOR, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 3 } })
}

export function ensureMarkLayers(map: maplibregl.Map): void {
  if (map.getSource(MARK_SOURCE)) return
  const source = MARK_SOURCE
  map.addSource(source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  const [fill, line, point] = MARK_LAYERS
  map.addLayer({ id: fill, type: 'fill', source, filter: isPolygon, paint: { 'fill-color': MARK_COLOR, 'fill-opacity': 0.35 } })
  map.addLayer({ id: line, type: 'line', source, filter: notPoint, layout: round, paint: { 'line-color': '#1a1a1a', 'line-width': 4 } })
  map.addLayer({ id: point, type: 'circle', source, filter: isPoint, paint: { 'circle-radius': 11, 'circle-color': MARK_COLOR, 'circle-opacity': 0.6, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 3 } })
}

/** Replaces the features of an overlay source (HIGHLIGHT_SOURCE or MARK_SOURCE); no-op before it exists. */
export function setOverlayData(map: maplibregl.Map, source: string, features: { geometry: Geometry; id?: number }[]): void {
  ;(map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry as never, properties: {} })),
  })
}

/** Moves both overlays above every other layer (after layers were added or reordered); the mark stays on top. */
export function raiseOverlays(map: maplibregl.Map): void {
  for (const id of [...HIGHLIGHT_LAYERS, ...MARK_LAYERS]) if (map.getLayer(id)) map.moveLayer(id)
}

/** Layers of the catalog and the base map (everything else is an overlay: highlight, mark, my location, tools). */
const UNDERLAY = /^(src-|lyr-|basemap:|background$)/

/**
 * Moves these overlay layers to the top unless they already lie above every catalog and base-map layer. Overlays
 * of different owners keep their places among themselves: two owners each insisting on the very top from a
 * styledata listener would move layers forever (every move is another styledata) and the map would never idle.
 */
export function keepOverlayOnTop(map: maplibregl.Map, ids: readonly string[]): void {
  const order = map.getLayersOrder()
  const at = ids.map((id) => order.indexOf(id)).filter((i) => i >= 0)
  if (!at.length) return
  if (!order.slice(Math.min(...at)).some((id) => UNDERLAY.test(id))) return
  for (const id of ids) if (map.getLayer(id)) map.moveLayer(id)
}

/** Removes an overlay's layers, then its sources (whichever of them are there): what a tool's detach does. */
export function removeOverlay(map: maplibregl.Map, layers: readonly string[], sources: readonly string[]): void {
  for (const id of layers) if (map.getLayer(id)) map.removeLayer(id)
  for (const id of sources) if (map.getSource(id)) map.removeSource(id)
}
