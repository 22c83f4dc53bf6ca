// Hover highlight without long frames: mousemove fires for every input event, and a drag moves the mouse on
// every frame. The query (queryRenderedFeatures) and the feature-state change it may cause run at most once per
// animation frame, with the last position, and not at all while the map moves.
import type { Map as MapLibreMap, Point } from 'maplibre-gl'

export class HoverThrottle {
  private pending: Point | null = null
  private frame = 0

  constructor(
    private readonly map: Pick<MapLibreMap, 'isMoving'>,
    private readonly query: (p: Point) => void,
    private readonly clear: () => void,
    private readonly schedule: (fn: () => void) => number = (fn) => requestAnimationFrame(fn),
    private readonly unschedule: (id: number) => void = (id) => cancelAnimationFrame(id),
  ) {}

  move(p: Point): void {
    this.pending = p
    if (this.frame) return
    this.frame = this.schedule(() => {
      this.frame = 0
      const at = this.pending
      this.pending = null
      if (at && !this.map.isMoving()) this.query(at)
    })
  }

  out(): void {
    if (this.frame) this.unschedule(this.frame)
    this.frame = 0
    this.pending = null
    this.clear()
  }
}
