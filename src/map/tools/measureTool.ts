// Drawing for the measure panel: click to add a vertex, click the last vertex (so also a double-click) or the
// first vertex of a polygon to finish, drag a vertex to move it, keys on the focused map (Space: vertex at the map
// centre, Enter: finish, Backspace: remove the last, Escape: start over). It holds the vertices as lon/lat and
// reports every change; the numbers come from src/tools/measure. Snapping takes the nearest vertex of a drawn
// feature within a few pixels (the rendered tile geometry: exact to well below a pixel at the zoom you click in).
import { keepOverlayOnTop, removeOverlay } from '../highlight.ts'
import type * as maplibregl from 'maplibre-gl'
import type { LonLat, MeasureKind } from '../../tools/measure/measure.ts'
import type { MapTool } from '../tool.ts'

export interface MeasureState {
  kind: MeasureKind
  vertices: LonLat[]
  finished: boolean
  /** Counts drawings: a new one (after finishing, discarding or changing the kind) gets the next number. */
  serial: number
}

const SOURCE = 'tool-measure'
const LAYERS = ['tool-measure-fill', 'tool-measure-line', 'tool-measure-preview', 'tool-measure-vertex'] as const
const VERTEX_LAYER = 'tool-measure-vertex'
/** Pixels around the pointer that count as "on a vertex" and as snapping distance. */
const HIT_PX = 8
const SNAP_PX = 12
/** A dark orange that keeps 4.5:1 against white and light base maps. */
const COLOUR = '#b93a0b'

export class MeasureTool implements MapTool {
  readonly capturesClicks = true
  private map?: maplibregl.Map
  private off: (() => void)[] = []
  private state: MeasureState
  private snap = false
  private pointer?: LonLat
  private dragging?: number
  private dragged = false
  private restoreDoubleClickZoom = false

  constructor(
    kind: MeasureKind,
    private readonly onChange: (s: MeasureState) => void,
  ) {
    this.state = { kind, vertices: [], finished: false, serial: 1 }
  }

  get current(): MeasureState {
    return this.state
  }

  setKind(kind: MeasureKind): void {
    this.update({ kind, vertices: [], finished: false, serial: this.state.serial + 1 })
  }

  setSnap(on: boolean): void {
    this.snap = on
  }

  /** Adds a vertex at the map centre (the keyboard's way of clicking). */
  addCentre(): void {
    const c = this.map?.getCenter()
    if (c) this.add([c.lng, c.lat])
  }

  removeLast(): void {
    if (this.state.vertices.length) this.update({ ...this.state, vertices: this.state.vertices.slice(0, -1), finished: false })
  }

  finish(): void {
    if (this.state.vertices.length >= (this.state.kind === 'polygon' ? 3 : 2)) this.update({ ...this.state, finished: true })
  }

  clear(): void {
    this.update({ ...this.state, vertices: [], finished: false, serial: this.state.serial + 1 })
  }

  private add(p: LonLat) {
    const s = this.state
    this.update(s.finished ? { ...s, vertices: [p], finished: false, serial: s.serial + 1 } : { ...s, vertices: [...s.vertices, p] })
  }

  private update(s: MeasureState) {
    this.state = s
    this.render()
    this.onChange(s)
  }

  attach(map: maplibregl.Map): void {
    this.map = map
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    const role = (r: string) => ['==', ['get', 'role'], r] as maplibregl.FilterSpecification
    map.addLayer({ id: LAYERS[0], type: 'fill', source: SOURCE, filter: role('area'), paint: { 'fill-color': COLOUR, 'fill-opacity': 0.15 } })
    map.addLayer({ id: LAYERS[1], type: 'line', source: SOURCE, filter: role('line'), paint: { 'line-color': COLOUR, 'line-width': 3 } })
    map.addLayer({ id: LAYERS[2], type: 'line', source: SOURCE, filter: role('preview'), paint: { 'line-color': COLOUR, 'line-width': 2, 'line-dasharray': [2, 2] } })
    map.addLayer({ id: VERTEX_LAYER, type: 'circle', source: SOURCE, filter: role('vertex'), paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': COLOUR, 'circle-stroke-width': 2 } })
    this.restoreDoubleClickZoom = map.doubleClickZoom.isEnabled()
    map.doubleClickZoom.disable()
    const canvas = map.getCanvas()
    canvas.style.cursor = 'crosshair'

    const on = <T extends keyof maplibregl.MapEventType>(type: T, fn: (e: maplibregl.MapEventType[T]) => void) => {
      map.on(type, fn)
      this.off.push(() => map.off(type, fn))
    }
    on('click', (e) => {
      if (this.dragged) return void (this.dragged = false)
      const hit = this.vertexAt(e.point)
      const n = this.state.vertices.length
      if (!this.state.finished && hit !== undefined && ((hit === n - 1 && n >= 2) || (hit === 0 && this.state.kind === 'polygon' && n >= 3))) return this.finish()
      if (!this.state.finished && hit !== undefined) return
      this.add(this.snapped(e.point, e.lngLat))
    })
    on('dblclick', (e) => e.preventDefault())
    const startDrag = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
      if ('touches' in e.originalEvent && e.originalEvent.touches.length !== 1) return
      const hit = this.vertexAt(e.point)
      if (hit === undefined) return
      // preventDefault on a map mousedown/touchstart keeps the map from panning for this gesture.
      e.preventDefault()
      this.dragging = hit
      this.dragged = false
    }
    const moveDrag = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
      if (this.dragging === undefined) {
        if (!this.state.finished && this.state.vertices.length) {
          this.pointer = [e.lngLat.lng, e.lngLat.lat]
          this.render()
        }
        canvas.style.cursor = this.vertexAt(e.point) !== undefined ? 'grab' : 'crosshair'
        return
      }
      this.dragged = true
      const vertices = this.state.vertices.slice()
      vertices[this.dragging] = this.snapped(e.point, e.lngLat)
      this.update({ ...this.state, vertices })
    }
    const endDrag = () => {
      this.dragging = undefined
    }
    on('mousedown', startDrag)
    on('touchstart', startDrag)
    on('mousemove', moveDrag)
    on('touchmove', moveDrag)
    on('mouseup', endDrag)
    on('touchend', endDrag)
    const leave = () => {
      this.pointer = undefined
      this.render()
    }
    canvas.addEventListener('mouseleave', leave)
    this.off.push(() => canvas.removeEventListener('mouseleave', leave))
    const keys = (e: KeyboardEvent) => {
      const act: Record<string, () => void> = { ' ': () => this.addCentre(), Enter: () => this.finish(), Backspace: () => this.removeLast(), Escape: () => this.clear() }
      const fn = act[e.key]
      if (!fn || e.altKey || e.ctrlKey || e.metaKey) return
      e.preventDefault()
      fn()
    }
    canvas.addEventListener('keydown', keys)
    this.off.push(() => canvas.removeEventListener('keydown', keys))
    // Layers switched on later are added on top; keep the drawing above them.
    on('styledata', () => keepOverlayOnTop(map, LAYERS))
    this.render()
  }

  detach(map: maplibregl.Map): void {
    for (const f of this.off.splice(0)) f()
    removeOverlay(map, LAYERS, [SOURCE])
    if (this.restoreDoubleClickZoom) map.doubleClickZoom.enable()
    map.getCanvas().style.cursor = ''
    this.map = undefined
  }

  /** The vertex under the pointer, measured on screen (the drawn circles may lag a frame behind a fast double-click). */
  private vertexAt(point: maplibregl.Point): number | undefined {
    const map = this.map
    if (!map) return undefined
    let hit: number | undefined
    // Several vertices under the pointer: the most recent one, so a double-click finishes at the point just set.
    this.state.vertices.forEach((p, i) => {
      if (map.project(p).dist(point) <= HIT_PX) hit = i
    })
    return hit
  }

  /** The pointer's place, or with snapping on the nearest vertex of a shown feature within SNAP_PX. */
  private snapped(point: maplibregl.Point, lngLat: maplibregl.LngLat): LonLat {
    const map = this.map
    if (!this.snap || !map) return [lngLat.lng, lngLat.lat]
    const own = new Set<string>(LAYERS)
    // The catalog's vector layers (sources src-<layer id>), not the base map's labels and roads.
    const layers = (map.getStyle()?.layers ?? []).filter((l) => !own.has(l.id) && 'source' in l && String(l.source).startsWith('src-')).map((l) => l.id)
    const features = map.queryRenderedFeatures(
      [
        [point.x - SNAP_PX, point.y - SNAP_PX],
        [point.x + SNAP_PX, point.y + SNAP_PX],
      ],
      { layers },
    )
    let best: LonLat = [lngLat.lng, lngLat.lat]
    let bestDist = SNAP_PX
    const visit = (c: unknown): void => {
      if (!Array.isArray(c)) return
      if (typeof c[0] === 'number' && typeof c[1] === 'number') {
        const d = map.project([c[0], c[1]]).dist(point)
        if (d <= bestDist) (bestDist = d), (best = [c[0], c[1]])
        return
      }
      for (const x of c) visit(x)
    }
    for (const f of features) if (f.geometry.type !== 'GeometryCollection') visit(f.geometry.coordinates)
    return best
  }

  private render() {
    const source = this.map?.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
    if (!source) return
    const { kind, vertices, finished } = this.state
    const features: GeoJSON.Feature[] = vertices.map((p, i) => ({ type: 'Feature', properties: { role: 'vertex', i }, geometry: { type: 'Point', coordinates: p } }))
    const closed = kind === 'polygon' && vertices.length >= 3
    if (closed) features.unshift({ type: 'Feature', properties: { role: 'area' }, geometry: { type: 'Polygon', coordinates: [[...vertices, vertices[0]]] } })
    if (vertices.length >= 2) features.unshift({ type: 'Feature', properties: { role: 'line' }, geometry: { type: 'LineString', coordinates: closed ? [...vertices, vertices[0]] : vertices } })
    if (!finished && this.pointer && vertices.length) {
      const last = vertices[vertices.length - 1]
      const preview = kind === 'polygon' && vertices.length >= 2 ? [last, this.pointer, vertices[0]] : [last, this.pointer]
      features.push({ type: 'Feature', properties: { role: 'preview' }, geometry: { type: 'LineString', coordinates: preview } })
    }
    source.setData({ type: 'FeatureCollection', features })
  }
}
