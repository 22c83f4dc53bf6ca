// The inventory page's map (issue #18): the extents of the drive inventory's finds as outlined rectangles over
// the base map, red where a find has a problem, and the area (city/district) shaded. A click names the finds
// under it (onPick); the page's tables are the text alternative.
import type * as maplibregl from 'maplibre-gl'
import type { MapTool } from '../tool.ts'
import { removeOverlay } from '../highlight.ts'

const SOURCE = 'inventory-finds'
const AREA = 'inventory-area'
/** Colours with ≥ 3:1 contrast on the light base map (WCAG 1.4.11 for graphics). */
const OK_COLOUR = '#1f5fa8'
const PROBLEM_COLOUR = '#b3261e'

export interface FindBox {
  /** Index into the page's list of finds. */
  index: number
  /** Lon/lat ring of the extent. */
  ring: [number, number][]
  problem: boolean
}

export class FindsOverlay implements MapTool {
  readonly capturesClicks = true
  private map: maplibregl.Map | null = null
  private boxes: FindBox[] = []
  private area: [number, number][] | null = null

  constructor(private readonly onPick: (indexes: number[]) => void) {}

  set(boxes: FindBox[], area: [number, number][] | null): void {
    this.boxes = boxes
    this.area = area
    this.update()
  }

  attach(map: maplibregl.Map): void {
    this.map = map
    map.addSource(SOURCE, { type: 'geojson', data: this.data() })
    map.addSource(AREA, { type: 'geojson', data: this.areaData() })
    map.addLayer({ id: `${AREA}-fill`, type: 'fill', source: AREA, paint: { 'fill-color': '#6b6b6b', 'fill-opacity': 0.08 } })
    map.addLayer({ id: `${AREA}-line`, type: 'line', source: AREA, paint: { 'line-color': '#4a4a4a', 'line-width': 1.5, 'line-dasharray': [3, 2] } })
    map.addLayer({ id: `${SOURCE}-fill`, type: 'fill', source: SOURCE, paint: { 'fill-color': ['case', ['get', 'problem'], PROBLEM_COLOUR, OK_COLOUR], 'fill-opacity': 0.12 } })
    map.addLayer({ id: `${SOURCE}-line`, type: 'line', source: SOURCE, paint: { 'line-color': ['case', ['get', 'problem'], PROBLEM_COLOUR, OK_COLOUR], 'line-width': 1.5 } })
    map.on('click', this.click)
    map.on('mousemove', `${SOURCE}-fill`, this.pointer)
    map.on('mouseleave', `${SOURCE}-fill`, this.unpointer)
  }

  detach(map: maplibregl.Map): void {
    map.off('click', this.click)
    map.off('mousemove', `${SOURCE}-fill`, this.pointer)
    map.off('mouseleave', `${SOURCE}-fill`, this.unpointer)
    removeOverlay(map, [`${SOURCE}-line`, `${SOURCE}-fill`, `${AREA}-line`, `${AREA}-fill`], [SOURCE, AREA])
    this.map = null
  }

  private readonly click = (e: maplibregl.MapMouseEvent) => {
    const hits = this.map?.queryRenderedFeatures(e.point, { layers: [`${SOURCE}-fill`] }) ?? []
    this.onPick([...new Set(hits.map((f) => Number(f.properties?.index)))].sort((a, b) => a - b))
  }

  private readonly pointer = () => {
    if (this.map) this.map.getCanvas().style.cursor = 'pointer'
  }

  private readonly unpointer = () => {
    if (this.map) this.map.getCanvas().style.cursor = ''
  }

  private update() {
    ;(this.map?.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData(this.data())
    ;(this.map?.getSource(AREA) as maplibregl.GeoJSONSource | undefined)?.setData(this.areaData())
  }

  private data(): GeoJSON.FeatureCollection {
    return {
      type: 'FeatureCollection',
      features: this.boxes.map((b) => ({ type: 'Feature', properties: { index: b.index, problem: b.problem }, geometry: { type: 'Polygon', coordinates: [b.ring] } })),
    }
  }

  private areaData(): GeoJSON.FeatureCollection {
    return { type: 'FeatureCollection', features: this.area ? [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [this.area] } }] : [] }
  }
}
