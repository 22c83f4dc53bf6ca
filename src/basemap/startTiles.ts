// The vector tiles MapLibre will ask for first: those of a view's rectangle at the zoom it loads 512-px tiles for
// (floor of the map's zoom, clamped to the archive's zooms). Pure, so that the base map's start tiles can be read
// before the map exists (issue #21) — a superset is fine (a few extra small tiles), a miss only costs a request.

export interface StartView {
  /** lon, lat */
  center: [number, number]
  zoom: number
  /** The view's size in CSS pixels (the map's container, or the window as an upper bound). */
  width: number
  height: number
}

export function startTiles(view: StartView, minZoom: number, maxZoom: number): [number, number, number][] {
  const z = Math.max(minZoom, Math.min(maxZoom, Math.floor(view.zoom)))
  const world = 512 * 2 ** view.zoom
  const tile = world / 2 ** z
  const [lon, lat] = view.center
  const phi = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180
  const cx = ((lon + 180) / 360) * world
  const cy = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * world
  const last = 2 ** z - 1
  const clamp = (v: number) => Math.max(0, Math.min(last, Math.floor(v / tile)))
  const out: [number, number, number][] = []
  for (let y = clamp(cy - view.height / 2); y <= clamp(cy + view.height / 2); y++) {
    for (let x = clamp(cx - view.width / 2); x <= clamp(cx + view.width / 2); x++) out.push([z, x, y])
  }
  return out
}
