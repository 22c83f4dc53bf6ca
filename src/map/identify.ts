// Feature information at a place of the map (issue #15): what the UI needs to show an answer next to the place it
// belongs to — an anchor that follows the map — and Enter on the focused map as the keyboard's click at the centre.
// The answer itself (hits, raster values) is collected by MapController.identify.
import type * as maplibregl from 'maplibre-gl'
import type { FeatureHit, RasterValue } from './MapController.ts'

/** How an identify was asked for: keyboard answers take the focus, pointer answers leave it where it is. */
export type IdentifyVia = 'pointer' | 'keyboard'

export interface IdentifyAnchor {
  readonly lngLat: [number, number]
  /** The map's container: a popup anchored here belongs inside it (MapLibre's own handlers ignore its events). */
  readonly container: HTMLElement
  /**
   * Calls onPoint with the anchor's position in container pixels and the container's size, now and after every
   * move or resize of the map, until the returned function is called.
   */
  track(onPoint: (point: { x: number; y: number }, size: { width: number; height: number }) => void): () => void
  /** Gives the keyboard focus back to the map (when the answer is closed). */
  focusMap(): void
  /** Pans the map, if needed, so that the point lies at least margin px above bottom (container pixels): a sheet
   * over the lower part of the map must not hide the place it describes. */
  reveal(bottom: number, margin?: number): void
}

/** One answer of the map to a click or to Enter. */
export interface IdentifyAnswer {
  lngLat: [number, number]
  hits: FeatureHit[]
  rasterValues: RasterValue[]
  via: IdentifyVia
  anchor: IdentifyAnchor
}

export function identifyAnchor(map: maplibregl.Map, lngLat: [number, number]): IdentifyAnchor {
  const container = map.getContainer()
  return {
    lngLat,
    container,
    track(onPoint) {
      const update = () => {
        const p = map.project(lngLat)
        onPoint({ x: p.x, y: p.y }, { width: container.clientWidth, height: container.clientHeight })
      }
      update()
      map.on('move', update)
      map.on('resize', update)
      return () => {
        map.off('move', update)
        map.off('resize', update)
      }
    },
    focusMap: () => map.getCanvas().focus(),
    reveal(bottom, margin = 32) {
      const over = map.project(lngLat).y - (bottom - margin)
      const still = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
      if (over > 0) map.panBy([0, over], { duration: still ? 0 : 300 })
    },
  }
}

/**
 * Enter on the focused map canvas asks for the information at the map's centre (where the crosshair is, see
 * styles.css); the arrow keys keep panning (MapLibre's keyboard handler). Returns the detach function.
 */
export function attachKeyboardIdentify(map: maplibregl.Map, identifyCentre: () => void): () => void {
  const canvas = map.getCanvas()
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.repeat || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return
    e.preventDefault()
    identifyCentre()
  }
  canvas.addEventListener('keydown', onKey)
  return () => canvas.removeEventListener('keydown', onKey)
}
