// Catalog style → MapLibre style layers for one vector layer.
import type { AddLayerObject, DataDrivenPropertyValueSpecification, ExpressionSpecification } from 'maplibre-gl'
import type { VectorLayerEntry, VectorStyle } from '../model/catalog.ts'
import { clusterLayers, isClustered, NOT_CLUSTER } from './cluster.ts'

const HIGHLIGHT = '#ffbf00'

/** The colour of a feature: one colour, or per category / class of an attribute. */
export function colorExpression(s: VectorStyle): DataDrivenPropertyValueSpecification<string> {
  if (s.categories?.values.length) {
    const pairs = s.categories.values.flatMap((c) => [c.value, c.color]) as unknown as [string, string]
    return ['match', ['get', s.categories.attribute], ...pairs, s.color] as unknown as ExpressionSpecification
  }
  if (s.classes?.colors.length) {
    const { attribute, breaks, colors } = s.classes
    // step: colors[0] below breaks[1], colors[i] from breaks[i]; values outside the classes get the base colour.
    const steps = colors.slice(1).flatMap((c, i) => [breaks[i + 1], c])
    const value: ExpressionSpecification = ['to-number', ['get', attribute], Number.NaN]
    return [
      'case',
      ['any', ['!', ['has', attribute]], ['<', value, breaks[0]], ['>', value, breaks[breaks.length - 1]]],
      s.color,
      ['step', value, colors[0], ...steps],
    ] as unknown as ExpressionSpecification
  }
  return s.color
}

/** Hovered features are drawn in the highlight colour (feature-state set by the map controller). */
const hover = (normal: DataDrivenPropertyValueSpecification<string>) =>
  ['case', ['boolean', ['feature-state', 'hover'], false], HIGHLIGHT, normal] as unknown as ExpressionSpecification

/** Polygon labels come from a point source of their own (one label per feature); see labels.ts. */
export const labelSourceId = (layerId: string) => `lbl-${layerId}`
export const hasLabelSource = (l: VectorLayerEntry) => !!l.style.label && /Polygon$/.test(l.geometryType)

export function styleLayers(l: VectorLayerEntry, source: string): AddLayerObject[] {
  const s = l.style
  const id = `lyr-${l.id}`
  const geom = l.geometryType.replace(/^Multi/, '')
  const color = colorExpression(s)
  const stroke = s.strokeColor ?? color
  const zoom = { ...(s.minZoom !== undefined ? { minzoom: s.minZoom } : {}), ...(s.maxZoom !== undefined ? { maxzoom: s.maxZoom } : {}) }
  const out: AddLayerObject[] = []
  const any = geom === 'Mixed' || geom === 'Unknown'
  if (geom === 'Polygon' || any) {
    out.push({ id: `${id}-fill`, type: 'fill', source, ...zoom, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': s.opacity ?? 0.3 } })
    out.push({ id: `${id}-outline`, type: 'line', source, ...zoom, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': hover(stroke), 'line-width': s.strokeWidth ?? 1.5 } })
  }
  if (geom === 'LineString' || any) {
    out.push({ id: `${id}-line`, type: 'line', source, ...zoom, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': hover(color), 'line-width': s.strokeWidth ?? 2 } })
  }
  const clustered = isClustered(l)
  if (geom === 'Point' || any) {
    const points: ExpressionSpecification = ['==', ['geometry-type'], 'Point']
    out.push({
      id: `${id}-point`, type: 'circle', source, ...zoom, filter: clustered ? ['all', points, NOT_CLUSTER] : points,
      paint: { 'circle-color': hover(color), 'circle-radius': s.radius ?? 5, 'circle-opacity': s.opacity ?? 0.9, 'circle-stroke-color': s.strokeColor ?? '#ffffff', 'circle-stroke-width': s.strokeWidth ?? 1 },
    })
  }
  if (clustered) out.push(...clusterLayers(l, source, zoom))
  if (s.label) {
    out.push({
      id: `${id}-label`, type: 'symbol', source: hasLabelSource(l) ? labelSourceId(l.id) : source, ...zoom,
      ...(clustered ? { filter: NOT_CLUSTER } : {}),
      layout: {
        'text-field': ['to-string', ['get', s.label]],
        'text-font': ['sans-serif'],
        'text-size': 12,
        'symbol-placement': geom === 'LineString' ? 'line' : 'point',
        ...(geom === 'Point' ? { 'text-offset': [0, 1.1], 'text-anchor': 'top' } : {}),
      },
      paint: { 'text-color': '#1a1a1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    })
  }
  return out
}

/** Style layers that answer clicks and hover (labels and cluster counts do not). */
export function interactiveLayerIds(l: VectorLayerEntry): string[] {
  return styleLayers(l, '').filter((x) => x.type !== 'symbol').map((x) => x.id)
}
