// The highlight overlay: features of a quality finding ("Auf der Karte zeigen"), drawn above every layer until
// cleared. One GeoJSON source with a fill, an outline (white halo + magenta line) and a circle layer (magenta with a
// dark ring, distinct from the layers' own points).
import type * as maplibregl from 'maplibre-gl'
import type { Geometry } from '../projection/geometry.ts'

export const HIGHLIGHT_SOURCE = 'geoportal-highlight'
export const HIGHLIGHT_LAYERS = ['geoportal-highlight-fill', 'geoportal-highlight-halo', 'geoportal-highlight-line', 'geoportal-highlight-point'] as const
/** Magenta: not used by the catalog's colour-blind-safe palettes, visible on light and dark backgrounds. */
export const HIGHLIGHT_COLOR = '#e6007e'

export function ensureHighlightLayers(map: maplibregl.Map): void {
  if (map.getSource(HIGHLIGHT_SOURCE)) return
  const source = HIGHLIGHT_SOURCE
  map.addSource(source, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  const [fill, halo, line, point] = HIGHLIGHT_LAYERS
  map.addLayer({ id: fill, type: 'fill', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': 0.3 } })
  map.addLayer({ id: halo, type: 'line', source, filter: ['!=', ['geometry-type'], 'Point'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 7 } })
  map.addLayer({ id: line, type: 'line', source, filter: ['!=', ['geometry-type'], 'Point'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 4 } })
  map.addLayer({
    id: point,
    type: 'circle',
    source,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 9, 'circle-color': HIGHLIGHT_COLOR, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 3 },
  })
}

export function setHighlightData(map: maplibregl.Map, features: { geometry: Geometry; id?: number }[]): void {
  ;(map.getSource(HIGHLIGHT_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry as never, properties: {} })),
  })
}

export function raiseHighlight(map: maplibregl.Map): void {
  for (const id of HIGHLIGHT_LAYERS) if (map.getLayer(id)) map.moveLayer(id)
}
