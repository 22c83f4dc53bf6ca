// The print frame on the map: the area that will be printed, outlined, with the rest of the map dimmed. Drag it
// with the mouse or a finger (the map does not pan then); Shift + arrow keys on the focused map move it by a tenth
// of its size (plain arrows still pan the map). The frame's size comes from the print panel (paper, scale);
// this tool only draws it and reports where the user moved its centre.
import type * as maplibregl from 'maplibre-gl'
import { mercLat, mercLon, mercX, mercY, nudgedCentre, type Frame, type LonLat } from '../../tools/print/scale.ts'
import { keepOverlayOnTop, removeOverlay } from '../highlight.ts'
import type { MapTool } from '../tool.ts'

const SOURCE = 'tool-print-frame'
const LAYERS = ['tool-print-mask', 'tool-print-outline-halo', 'tool-print-outline'] as const
/** Dark blue: 4.5:1 and more against the light base maps; the white halo keeps it visible on the aerial photo. */
const COLOUR = '#1d4f91'
/** Style layers of the print tool: never printed themselves. */
export const PRINT_OVERLAY = /^tool-print-/

export class PrintFrameTool implements MapTool {
  readonly capturesClicks = false
  private mapRef?: maplibregl.Map
  private frame?: Frame
  private off: (() => void)[] = []
  private drag?: { start: LonLat; centre: LonLat }

  constructor(private readonly onMove: (centre: LonLat) => void) {}

  /** The map while attached: the print renders a copy of its style. */
  get map(): maplibregl.Map | undefined {
    return this.mapRef
  }

  setFrame(frame: Frame): void {
    this.frame = frame
    this.render()
  }

  /** Hides the frame and its dimming (e.g. while the view is saved as a picture). */
  setVisible(on: boolean): void {
    for (const id of LAYERS) if (this.mapRef?.getLayer(id)) this.mapRef.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
  }

  /** Moves the frame by fractions of its size (east, north). */
  nudge(dx: number, dy: number): void {
    if (this.frame) this.onMove(nudgedCentre(this.frame, dx, dy))
  }

  /** Zooms the map so that the whole frame is in view, beside `cover` (the tool's panel) where it lies over the map. */
  showAll(cover?: DOMRect): void {
    const map = this.mapRef
    if (!map || !this.frame) return
    const m = map.getContainer().getBoundingClientRect()
    const overlaps = cover && cover.left < m.right && cover.right > m.left && cover.top < m.bottom && cover.bottom > m.top
    const left = overlaps && cover.right < m.right - 150 ? cover.right - m.left + 16 : 16
    const [nw, , se] = this.frame.corners
    map.fitBounds([nw[0], se[1], se[0], nw[1]] as [number, number, number, number], { padding: { left, top: 16, right: 16, bottom: 16 }, animate: false })
  }

  /**
   * Moves the frame to the middle of the map view — of the part that `cover` (the tool's panel, in page
   * coordinates) leaves free when it lies over the map's left side.
   */
  centreOnView(cover?: DOMRect): void {
    const map = this.mapRef
    if (!map) return
    const m = map.getContainer().getBoundingClientRect()
    let x = m.width / 2
    const overlaps = cover && cover.left < m.right && cover.right > m.left && cover.top < m.bottom && cover.bottom > m.top
    if (overlaps && cover.right < m.right - 150) x = (Math.max(cover.right, m.left) + m.right) / 2 - m.left
    const c = map.unproject([x, m.height / 2])
    this.onMove([c.lng, c.lat])
  }

  attach(map: maplibregl.Map): void {
    this.mapRef = map
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    const role = (r: string) => ['==', ['get', 'role'], r] as maplibregl.FilterSpecification
    map.addLayer({ id: LAYERS[0], type: 'fill', source: SOURCE, filter: role('mask'), paint: { 'fill-color': '#000000', 'fill-opacity': 0.25 } })
    map.addLayer({ id: LAYERS[1], type: 'line', source: SOURCE, filter: role('frame'), paint: { 'line-color': '#ffffff', 'line-width': 5 } })
    map.addLayer({ id: LAYERS[2], type: 'line', source: SOURCE, filter: role('frame'), paint: { 'line-color': COLOUR, 'line-width': 2.5 } })
    const canvas = map.getCanvas()
    const on = <T extends keyof maplibregl.MapEventType>(type: T, fn: (e: maplibregl.MapEventType[T]) => void) => {
      map.on(type, fn)
      this.off.push(() => map.off(type, fn))
    }
    const start = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
      if ('touches' in e.originalEvent && e.originalEvent.touches.length !== 1) return
      if (!this.frame || !this.inside(e.point)) return
      // preventDefault on a map mousedown/touchstart keeps the map from panning for this gesture.
      e.preventDefault()
      this.drag = { start: [e.lngLat.lng, e.lngLat.lat], centre: this.frame.centre }
    }
    const move = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
      if (!this.drag) {
        canvas.style.cursor = this.inside(e.point) ? 'move' : ''
        return
      }
      // Moved in Mercator metres, so the frame follows the pointer exactly at any latitude.
      const { start, centre } = this.drag
      const x = mercX(centre[0]) + mercX(e.lngLat.lng) - mercX(start[0])
      const y = mercY(centre[1]) + mercY(e.lngLat.lat) - mercY(start[1])
      this.onMove([mercLon(x), mercLat(y)])
    }
    const end = () => (this.drag = undefined)
    on('mousedown', start)
    on('touchstart', start)
    on('mousemove', move)
    on('touchmove', move)
    on('mouseup', end)
    on('touchend', end)
    const keys = (e: KeyboardEvent) => {
      const step: Record<string, [number, number]> = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] }
      const s = step[e.key]
      if (!s || !e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return
      // Shift + arrows would turn or tilt the map (MapLibre's keyboard handler); here they move the frame.
      e.preventDefault()
      e.stopPropagation()
      this.nudge(...s)
    }
    canvas.addEventListener('keydown', keys)
    this.off.push(() => canvas.removeEventListener('keydown', keys))
    on('styledata', () => keepOverlayOnTop(map, LAYERS))
    this.render()
  }

  detach(map: maplibregl.Map): void {
    for (const f of this.off.splice(0)) f()
    removeOverlay(map, LAYERS, [SOURCE])
    map.getCanvas().style.cursor = ''
    this.mapRef = undefined
  }

  private inside(p: maplibregl.Point): boolean {
    const map = this.mapRef
    if (!map || !this.frame) return false
    const [nw, , se] = this.frame.corners
    const a = map.project(nw)
    const b = map.project(se)
    return p.x >= a.x && p.x <= b.x && p.y >= a.y && p.y <= b.y
  }

  private render() {
    const source = this.mapRef?.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
    if (!source || !this.frame) return
    const ring = [...this.frame.corners, this.frame.corners[0]]
    const world = [
      [-180, -85],
      [180, -85],
      [180, 85],
      [-180, 85],
      [-180, -85],
    ]
    source.setData({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { role: 'mask' }, geometry: { type: 'Polygon', coordinates: [world, ring.slice().reverse()] } },
        { type: 'Feature', properties: { role: 'frame' }, geometry: { type: 'LineString', coordinates: ring } },
      ],
    })
  }
}
