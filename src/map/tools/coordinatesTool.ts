// Coordinates under the cursor for the coordinates panel: the pointer's lon/lat while it moves over the map, the
// map centre while the map has keyboard focus (arrow keys move the map, not a pointer), and "coordinates here"
// on right-click or a long press on a touch screen. Conversions happen in the panel; this only reports lon/lat.
import type * as maplibregl from 'maplibre-gl'
import type { MapTool } from '../tool.ts'

export type LngLat = [number, number]

export interface CoordinatesListener {
  /** The position to show: under the pointer (the last one after it left the map), or the map centre while the
   * map has keyboard focus. */
  onPosition(lngLat: LngLat, source: 'pointer' | 'centre'): void
  /** Right-click or long press: the place and where on the page (client pixels) to show the answer. */
  onHere(lngLat: LngLat, at: { x: number; y: number }): void
}

/** How long a finger must rest to mean "coordinates here" (the platform's context-menu delay is about this). */
const LONG_PRESS_MS = 600
/** A press that moves farther than this (pixels) is a pan, not a long press. */
const LONG_PRESS_SLOP = 8

export class CoordinatesTool implements MapTool {
  readonly capturesClicks = false
  private off: (() => void)[] = []
  private map?: maplibregl.Map

  constructor(private readonly listener: CoordinatesListener) {}

  private report(lngLat: LngLat, source: 'pointer' | 'centre') {
    this.listener.onPosition(lngLat, source)
  }

  /** The current map centre, for the panel's keyboard "coordinates here". */
  centre(): LngLat | null {
    const c = this.map?.getCenter()
    return c ? [c.lng, c.lat] : null
  }

  attach(map: maplibregl.Map): void {
    this.map = map
    const canvas = map.getCanvas()
    const on = <T extends keyof maplibregl.MapEventType>(type: T, fn: (e: maplibregl.MapEventType[T]) => void) => {
      map.on(type, fn)
      this.off.push(() => map.off(type, fn))
    }
    const onDom = <K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
      el.addEventListener(type, fn)
      this.off.push(() => el.removeEventListener(type, fn))
    }
    const focused = () => document.activeElement === canvas
    const centre = () => {
      const c = map.getCenter()
      this.report([c.lng, c.lat], 'centre')
    }
    on('mousemove', (e) => this.report([e.lngLat.lng, e.lngLat.lat], 'pointer'))
    // Leaving the map keeps the last position, so the pointer can reach the copy button with it.
    onDom(canvas, 'mouseleave', () => {
      if (focused()) centre()
    })
    on('move', () => {
      if (focused()) centre()
    })
    onDom(canvas, 'focus', centre)
    on('contextmenu', (e) => {
      e.preventDefault()
      e.originalEvent.preventDefault()
      this.listener.onHere([e.lngLat.lng, e.lngLat.lat], { x: e.originalEvent.clientX, y: e.originalEvent.clientY })
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    let start: maplibregl.Point | undefined
    const cancel = () => {
      clearTimeout(timer)
      timer = undefined
    }
    on('touchstart', (e) => {
      cancel()
      if (e.originalEvent.touches.length !== 1) return
      start = e.point
      const touch = e.originalEvent.touches[0]
      const lngLat: LngLat = [e.lngLat.lng, e.lngLat.lat]
      timer = setTimeout(() => this.listener.onHere(lngLat, { x: touch.clientX, y: touch.clientY }), LONG_PRESS_MS)
    })
    on('touchmove', (e) => {
      if (start && e.point.dist(start) > LONG_PRESS_SLOP) cancel()
    })
    on('touchend', cancel)
    on('touchcancel', cancel)
    this.off.push(cancel)
    if (focused()) centre()
  }

  detach(): void {
    for (const f of this.off.splice(0)) f()
    this.map = undefined
  }
}
