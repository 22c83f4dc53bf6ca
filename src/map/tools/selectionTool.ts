// The attribute table's map side (a MapTool): takes clicks and shift-drag boxes on the map as selections, draws
// selection shapes (polygon, rectangle, line, point) and shows the selection area and the selected features.
// Shapes are reported in lon/lat; what they select is decided by the pure src/tools/table/spatial.ts.
import type * as maplibregl from 'maplibre-gl'
import type { BBox } from '../../model/catalog.ts'
import type { Geometry } from '../../projection/geometry.ts'
import { geometryBBox } from '../../projection/geometry.ts'
import { ensureHighlightLayers, HIGHLIGHT_SOURCE, raiseOverlays, setOverlayData, removeOverlay } from '../highlight.ts'
import type { MapTool } from '../tool.ts'

export type DrawMode = 'click' | 'polygon' | 'rectangle' | 'line' | 'point'
export type ShapeKind = 'click' | 'box' | 'polygon' | 'rectangle' | 'line' | 'point'

export interface SelectionToolEvents {
  /** A finished shape in lon/lat; `add` when the user held Ctrl/⌘ (add to the selection). */
  onShape(shape: Geometry, kind: ShapeKind, add: boolean): void
  /** The visible extent in lon/lat, at attach and after each move. */
  onView?(bounds: BBox): void
  /** The drawing in progress changed (number of vertices), so the panel can offer "finish". */
  onDraft?(vertices: number): void
  /** The page rectangle of the tool's own panel where it lies over the map (zoomTo keeps features out from under it). */
  panelRect?(): DOMRect | null
}

const AREA = 'table-selection-area'
const DRAFT = 'table-selection-draft'
const LAYERS = [`${AREA}-fill`, `${AREA}-line`, `${DRAFT}-line`, `${DRAFT}-point`] as const
/** Half the side of the box a click selects with, in pixels (a point drawn with radius ~5 px is hit). */
const CLICK_TOLERANCE = 5
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches

type Pt = [number, number]

export class SelectionTool implements MapTool {
  readonly capturesClicks = true
  private map: maplibregl.Map | null = null
  private mode: DrawMode = 'click'
  private vertices: Pt[] = []
  private cursor: Pt | null = null
  private drag: { start: maplibregl.Point; startLngLat: Pt; kind: 'box' | 'rectangle' } | null = null
  private area: Geometry | null = null
  private selected: Geometry[] = []
  private readonly off: (() => void)[] = []

  constructor(private readonly events: SelectionToolEvents) {}

  attach(map: maplibregl.Map): void {
    this.map = map
    const empty = { type: 'FeatureCollection' as const, features: [] }
    map.addSource(AREA, { type: 'geojson', data: empty })
    map.addSource(DRAFT, { type: 'geojson', data: empty })
    map.addLayer({ id: LAYERS[0], type: 'fill', source: AREA, paint: { 'fill-color': '#005a9c', 'fill-opacity': 0.12 } })
    map.addLayer({ id: LAYERS[1], type: 'line', source: AREA, paint: { 'line-color': '#005a9c', 'line-width': 2, 'line-dasharray': [3, 2] } })
    map.addLayer({ id: LAYERS[2], type: 'line', source: DRAFT, paint: { 'line-color': '#1a1a1a', 'line-width': 2 } })
    map.addLayer({ id: LAYERS[3], type: 'circle', source: DRAFT, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 2 } })
    ensureHighlightLayers(map)
    raiseOverlays(map)
    // Shift-drag selects a box here instead of zooming; a double click finishes a drawing instead of zooming.
    map.boxZoom.disable()
    map.doubleClickZoom.disable()
    const on = <T extends keyof maplibregl.MapEventType>(type: T, fn: (e: maplibregl.MapEventType[T]) => void) => {
      map.on(type, fn)
      this.off.push(() => map.off(type, fn))
    }
    on('click', (e) => this.click(e))
    on('dblclick', (e) => {
      e.preventDefault()
      this.finish()
    })
    on('mousedown', (e) => this.down(e))
    on('mousemove', (e) => this.move(e))
    on('mouseup', (e) => this.up(e))
    on('moveend', () => this.reportView())
    const key = (e: KeyboardEvent) => {
      if (this.mode === 'click' || this.mode === 'rectangle') return
      if (e.key === 'Escape') this.cancel()
      else if (e.key === 'Enter') this.finish()
      else if (e.key === 'Backspace' && this.vertices.length) {
        this.vertices.pop()
        this.drawDraft()
      }
    }
    map.getContainer().addEventListener('keydown', key)
    this.off.push(() => map.getContainer().removeEventListener('keydown', key))
    this.reportView()
    this.drawArea()
    this.drawSelected()
  }

  detach(map: maplibregl.Map): void {
    for (const f of this.off.splice(0)) f()
    removeOverlay(map, LAYERS, [AREA, DRAFT])
    setOverlayData(map, HIGHLIGHT_SOURCE, [])
    delete map.getContainer().dataset.highlighted
    delete map.getContainer().dataset.drawMode
    map.boxZoom.enable()
    map.doubleClickZoom.enable()
    map.dragPan.enable()
    map.getCanvas().style.cursor = ''
    this.map = null
  }

  setMode(mode: DrawMode): void {
    this.mode = mode
    this.vertices = []
    this.drawDraft()
    const map = this.map
    if (!map) return
    map.getContainer().dataset.drawMode = mode
    // A rectangle is dragged: the map must not pan meanwhile.
    if (mode === 'rectangle') map.dragPan.disable()
    else map.dragPan.enable()
    map.getCanvas().style.cursor = mode === 'click' ? '' : 'crosshair'
  }

  /** Finishes a polygon or line drawing (also: double click, Enter). */
  finish(): void {
    const v = this.vertices
    if (this.mode === 'polygon' && v.length >= 3) this.emit({ type: 'Polygon', coordinates: [[...v, v[0]]] }, 'polygon', false)
    else if (this.mode === 'line' && v.length >= 2) this.emit({ type: 'LineString', coordinates: [...v] }, 'line', false)
    else return
    this.vertices = []
    this.drawDraft()
  }

  cancel(): void {
    this.vertices = []
    this.drag = null
    this.drawDraft()
  }

  /** The area that made the current selection (lon/lat), drawn dashed; null removes it. */
  showArea(area: Geometry | null): void {
    this.area = area
    this.drawArea()
  }

  /** The selected features (lon/lat) in the highlight overlay; data-highlighted on the map says how many. */
  showSelected(geometries: Geometry[]): void {
    this.selected = geometries
    this.drawSelected()
  }

  /** Brings a feature into view: at the current zoom when it fits (from zoom 15), fitted otherwise (lon/lat geometry). */
  zoomTo(g: Geometry): void {
    const map = this.map
    const b = g && geometryBBox(g)
    if (!map || !b) return
    const v = map.getBounds()
    const fits = b[2] - b[0] < v.getEast() - v.getWest() && b[3] - b[1] < v.getNorth() - v.getSouth()
    const zoom = map.getZoom()
    // A panel over the lower map (the table sheet) hides part of it: keep the feature in the part that shows.
    const m = map.getContainer().getBoundingClientRect()
    const r = this.events.panelRect?.()
    const hidden = r && r.left < m.right && r.right > m.left ? Math.max(0, m.bottom - Math.max(r.top, m.top)) : 0
    const bottom = hidden < m.height * 0.75 ? hidden : 0
    map.fitBounds([b[0], b[1], b[2], b[3]], { padding: { top: 48, left: 48, right: 48, bottom: 48 + bottom }, maxZoom: fits && zoom >= 15 ? zoom : 17, duration: reducedMotion() ? 0 : 400 })
  }

  private emit(shape: Geometry, kind: ShapeKind, add: boolean) {
    this.events.onShape(shape, kind, add)
  }

  private reportView() {
    const map = this.map
    if (!map) return
    const b = map.getBounds()
    this.events.onView?.([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  }

  private lngLat(p: maplibregl.Point): Pt {
    const ll = this.map!.unproject(p)
    return [ll.lng, ll.lat]
  }

  /** A screen rectangle as a lon/lat polygon (its four corners: the map is never rotated here). */
  private screenBox(a: maplibregl.Point, b: maplibregl.Point): Geometry {
    const x0 = Math.min(a.x, b.x)
    const x1 = Math.max(a.x, b.x)
    const y0 = Math.min(a.y, b.y)
    const y1 = Math.max(a.y, b.y)
    const P = (x: number, y: number) => this.lngLat({ x, y } as maplibregl.Point)
    const ring = [P(x0, y1), P(x1, y1), P(x1, y0), P(x0, y0)]
    return { type: 'Polygon', coordinates: [[...ring, ring[0]]] }
  }

  private click(e: maplibregl.MapMouseEvent) {
    const add = e.originalEvent.ctrlKey || e.originalEvent.metaKey
    const p: Pt = [e.lngLat.lng, e.lngLat.lat]
    if (this.mode === 'click') {
      const r = CLICK_TOLERANCE
      const a = { x: e.point.x - r, y: e.point.y - r } as maplibregl.Point
      const b = { x: e.point.x + r, y: e.point.y + r } as maplibregl.Point
      this.emit(this.screenBox(a, b), 'click', add)
    } else if (this.mode === 'point') this.emit({ type: 'Point', coordinates: p }, 'point', add)
    else if (this.mode === 'polygon' || this.mode === 'line') {
      // The second click of a double click adds no vertex of its own.
      const last = this.vertices[this.vertices.length - 1]
      if (!last || last[0] !== p[0] || last[1] !== p[1]) this.vertices.push(p)
      this.drawDraft()
    }
  }

  private down(e: maplibregl.MapMouseEvent) {
    const shift = e.originalEvent.shiftKey
    if (!(shift || this.mode === 'rectangle') || e.originalEvent.button !== 0) return
    e.preventDefault()
    this.map!.dragPan.disable()
    this.drag = { start: e.point, startLngLat: [e.lngLat.lng, e.lngLat.lat], kind: this.mode === 'rectangle' ? 'rectangle' : 'box' }
  }

  private move(e: maplibregl.MapMouseEvent) {
    this.cursor = [e.lngLat.lng, e.lngLat.lat]
    if (this.drag || this.vertices.length) this.drawDraft(e.point)
  }

  private up(e: maplibregl.MapMouseEvent) {
    const d = this.drag
    if (!d) return
    this.drag = null
    if (this.mode !== 'rectangle') this.map!.dragPan.enable()
    this.drawDraft()
    if (Math.abs(e.point.x - d.start.x) < 3 && Math.abs(e.point.y - d.start.y) < 3) return
    this.emit(this.screenBox(d.start, e.point), d.kind, e.originalEvent.ctrlKey || e.originalEvent.metaKey)
  }

  private drawDraft(point?: maplibregl.Point) {
    const map = this.map
    if (!map) return
    this.events.onDraft?.(this.vertices.length)
    const features: unknown[] = []
    if (this.drag && point) features.push({ type: 'Feature', properties: {}, geometry: this.ringLine(this.screenBox(this.drag.start, point)) })
    const v = this.vertices
    if (v.length) {
      const line = this.cursor && point ? [...v, this.cursor] : [...v]
      if (this.mode === 'polygon' && line.length > 2) line.push(v[0])
      if (line.length > 1) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } })
      for (const p of v) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } })
    }
    ;(map.getSource(DRAFT) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features } as never)
  }

  private ringLine(g: Geometry): Geometry {
    return { type: 'LineString', coordinates: (g.coordinates as number[][][])[0] }
  }

  private drawArea() {
    const map = this.map
    if (!map) return
    const features = this.area ? [{ type: 'Feature', properties: {}, geometry: this.area }] : []
    ;(map.getSource(AREA) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features } as never)
  }

  private drawSelected() {
    const map = this.map
    if (!map) return
    raiseOverlays(map)
    setOverlayData(map, HIGHLIGHT_SOURCE, this.selected.map((geometry) => ({ geometry })))
    if (this.selected.length) map.getContainer().dataset.highlighted = String(this.selected.length)
    else delete map.getContainer().dataset.highlighted
  }
}
