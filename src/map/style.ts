// Catalog style → MapLibre style layers for one vector layer.
import type { AddLayerObject } from 'maplibre-gl'
import type { VectorLayerEntry } from '../model/catalog.ts'

export function styleLayers(l: VectorLayerEntry, source: string): AddLayerObject[] {
  const s = l.style
  const id = `lyr-${l.id}`
  const geom = l.geometryType.replace(/^Multi/, '')
  const stroke = s.strokeColor ?? s.color
  const out: AddLayerObject[] = []
  if (geom === 'Polygon' || geom === 'Mixed' || geom === 'Unknown') {
    out.push({ id: `${id}-fill`, type: 'fill', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': s.color, 'fill-opacity': s.opacity ?? 0.3 } })
    out.push({ id: `${id}-outline`, type: 'line', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': stroke, 'line-width': s.strokeWidth ?? 1.5 } })
  }
  if (geom === 'LineString' || geom === 'Mixed' || geom === 'Unknown') {
    out.push({ id: `${id}-line`, type: 'line', source, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': s.color, 'line-width': s.strokeWidth ?? 2 } })
  }
  if (geom === 'Point' || geom === 'Mixed' || geom === 'Unknown') {
    out.push({
      id: `${id}-point`, type: 'circle', source, filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': s.color, 'circle-radius': s.radius ?? 5, 'circle-opacity': s.opacity ?? 0.9, 'circle-stroke-color': s.strokeColor ?? '#ffffff', 'circle-stroke-width': s.strokeWidth ?? 1 },
    })
  }
  return out
}
