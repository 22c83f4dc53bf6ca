// The drawings on the map, as ordinary GeoJSON sources and layers of the style (so a print made from
// map.getStyle() holds them), above the catalog's layers: shapes in their own colour and width, and their texts
// (labels, measurements) with a white halo. Attached for the whole visit once there are drawings; while the
// drawing tool edits, Terra Draw shows the shapes and this layer shows only the texts.
import type * as maplibregl from 'maplibre-gl'
import type { MapFeatures } from '../../tools/draw/labels.ts'
import { keepOverlayOnTop, removeOverlay } from '../highlight.ts'
import type { MapTool } from '../tool.ts'

export const DRAWING_SHAPES = 'drawings-shapes'
export const DRAWING_LABELS = 'drawings-labels'
const SHAPE_LAYERS = ['drawings-fill', 'drawings-line', 'drawings-point'] as const
const LABEL_LAYER = 'drawings-text'
const LAYERS = [...SHAPE_LAYERS, LABEL_LAYER]

const colour = ['get', 'colour'] as unknown as string
const width = ['get', 'width'] as unknown as number

export class DrawingLayer implements MapTool {
  private map?: maplibregl.Map
  private data: MapFeatures = { shapes: [], labels: [] }
  private shapesHidden = false
  private readonly keepOnTop = () => this.map && keepOverlayOnTop(this.map, LAYERS)

  setData(data: MapFeatures): void {
    this.data = data
    this.render()
  }

  /** Hides the shapes (not the texts) while another renderer (the editor) draws them. */
  setShapesHidden(hidden: boolean): void {
    this.shapesHidden = hidden
    const map = this.map
    if (map) for (const id of SHAPE_LAYERS) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', hidden ? 'none' : 'visible')
  }

  attach(map: maplibregl.Map): void {
    this.map = map
    const empty = { type: 'FeatureCollection', features: [] } as GeoJSON.FeatureCollection
    map.addSource(DRAWING_SHAPES, { type: 'geojson', data: empty })
    map.addSource(DRAWING_LABELS, { type: 'geojson', data: empty })
    const visibility = this.shapesHidden ? 'none' : 'visible'
    const isPolygon = ['==', ['geometry-type'], 'Polygon'] as maplibregl.FilterSpecification
    const isPoint = ['==', ['geometry-type'], 'Point'] as maplibregl.FilterSpecification
    map.addLayer({ id: SHAPE_LAYERS[0], type: 'fill', source: DRAWING_SHAPES, filter: isPolygon, layout: { visibility }, paint: { 'fill-color': colour, 'fill-opacity': 0.2 } })
    map.addLayer({ id: SHAPE_LAYERS[1], type: 'line', source: DRAWING_SHAPES, filter: ['!=', ['geometry-type'], 'Point'], layout: { visibility, 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': colour, 'line-width': width } })
    map.addLayer({ id: SHAPE_LAYERS[2], type: 'circle', source: DRAWING_SHAPES, filter: isPoint, layout: { visibility }, paint: { 'circle-color': colour, 'circle-radius': ['+', 3, width] as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } })
    map.addLayer({
      id: LABEL_LAYER,
      type: 'symbol',
      source: DRAWING_LABELS,
      layout: {
        'text-field': ['get', 'text'],
        'text-font': ['sans-serif'],
        'text-size': 13,
        // A text drawing sits on its point; other texts beside the shape's anchor.
        'text-anchor': ['case', ['==', ['get', 'kind'], 'text'], 'center', 'top'] as never,
        'text-offset': ['case', ['==', ['get', 'kind'], 'text'], ['literal', [0, 0]], ['literal', [0, 0.8]]] as never,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': colour, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    })
    map.on('styledata', this.keepOnTop)
    this.render()
  }

  detach(map: maplibregl.Map): void {
    map.off('styledata', this.keepOnTop)
    removeOverlay(map, LAYERS, [DRAWING_SHAPES, DRAWING_LABELS])
    this.map = undefined
  }

  private render() {
    const map = this.map
    if (!map) return
    ;(map.getSource(DRAWING_SHAPES) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: this.data.shapes })
    ;(map.getSource(DRAWING_LABELS) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: this.data.labels })
  }
}
