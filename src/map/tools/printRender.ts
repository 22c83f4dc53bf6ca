// The print's map image: the frame's extent drawn by a hidden MapLibre map made from the visible map's style
// (base map, catalog layers, rasters, highlights, drawings — everything but the print frame itself), at the zoom
// and pixel ratio that give exactly the chosen scale and resolution (src/tools/print/scale.ts). Large images are
// drawn in tiles: WebGL and MapLibre (maxCanvasSize) limit a canvas to a few thousand pixels a side.
// Loaded with the print panel only.
import * as maplibregl from 'maplibre-gl'
import { printTiles, type Frame } from '../../tools/print/scale.ts'
import { PRINT_OVERLAY } from './printFrameTool.ts'

export interface ImageTile {
  /** Position and size in image pixels. */
  x: number
  y: number
  w: number
  h: number
  jpeg: Uint8Array
}

/** Canvas pixels a side at most: MapLibre's default maxCanvasSize, and 64 MB per drawing buffer. */
const MAX_TILE_PX = 4096
const JPEG_QUALITY = 0.92

/** The largest canvas side this browser's WebGL allows, at most MAX_TILE_PX. */
function maxCanvasPx(map: maplibregl.Map): number {
  const canvas = map.getCanvas()
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null
  if (!gl) return 2048
  return Math.min(MAX_TILE_PX, gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number)
}

const aborted = () => new DOMException('print cancelled', 'AbortError')

/**
 * Makes sure the visible map has loaded its streamed vector features for the frame: the catalog's vector layers
 * load what the view shows, so a frame reaching out of the view is first brought into it.
 */
export async function bringIntoView(map: maplibregl.Map, frame: Frame, signal?: AbortSignal): Promise<void> {
  const b = map.getBounds()
  const [nw, , se] = frame.corners
  if (b.contains(nw) && b.contains(se)) return
  map.fitBounds([nw[0], se[1], se[0], nw[1]] as [number, number, number, number], { padding: 20, animate: false })
  const container = map.getContainer()
  // MapController marks the container idle once every vector layer has finished loading (data-idle).
  for (let i = 0; i < 200 && container.dataset.idle !== 'true'; i++) {
    if (signal?.aborted) throw aborted()
    await new Promise((r) => setTimeout(r, 100))
  }
}

const idle = (map: maplibregl.Map, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const stop = () => reject(aborted())
    signal?.addEventListener('abort', stop, { once: true })
    map.once('idle', () => {
      signal?.removeEventListener('abort', stop)
      resolve()
    })
  })

/** Renders the frame; onProgress(done, total) after each tile. Rejects with an AbortError when cancelled. */
export async function renderFrame(source: maplibregl.Map, frame: Frame, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ImageTile[]> {
  const { signal } = opts
  const maxPx = maxCanvasPx(source)
  const { tileCss, tiles } = printTiles(frame, maxPx)
  const style = source.getStyle()
  style.layers = style.layers.filter((l) => !PRINT_OVERLAY.test(l.id))
  const container = document.createElement('div')
  container.setAttribute('aria-hidden', 'true')
  // Off screen but laid out (MapLibre sizes its canvas from the container's CSS size).
  Object.assign(container.style, { position: 'fixed', left: `${-tileCss.w - 100}px`, top: '0', width: `${tileCss.w}px`, height: `${tileCss.h}px`, pointerEvents: 'none' })
  document.body.appendChild(container)
  const map = new maplibregl.Map({
    container,
    style,
    center: tiles[0].centre,
    zoom: frame.zoom,
    interactive: false,
    attributionControl: false,
    pixelRatio: frame.pixelRatio,
    maxCanvasSize: [maxPx, maxPx],
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    fadeDuration: 0,
    maxZoom: 24,
    maxPitch: 0,
  })
  const out: ImageTile[] = []
  try {
    await idle(map, signal)
    if (map.getPixelRatio() !== frame.pixelRatio) throw new Error(`canvas limited to pixel ratio ${map.getPixelRatio()} instead of ${frame.pixelRatio}`)
    const p = frame.pixelRatio
    const crop = document.createElement('canvas')
    for (const [i, t] of tiles.entries()) {
      if (signal?.aborted) throw aborted()
      if (i > 0) {
        const done = idle(map, signal)
        map.jumpTo({ center: t.centre, zoom: frame.zoom })
        await done
      }
      crop.width = t.w * p
      crop.height = t.h * p
      const ctx = crop.getContext('2d')!
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, crop.width, crop.height)
      ctx.drawImage(map.getCanvas(), 0, 0, crop.width, crop.height, 0, 0, crop.width, crop.height)
      const blob = await new Promise<Blob | null>((r) => crop.toBlob(r, 'image/jpeg', JPEG_QUALITY))
      if (!blob) throw new Error('the browser could not encode the map image')
      out.push({ x: t.x * p, y: t.y * p, w: t.w * p, h: t.h * p, jpeg: new Uint8Array(await blob.arrayBuffer()) })
      opts.onProgress?.(i + 1, tiles.length)
    }
    return out
  } finally {
    map.remove()
    container.remove()
  }
}

/** The visible map as a PNG, with the attribution written into its lower right corner. */
export function viewPng(map: maplibregl.Map, attribution: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    map.once('render', () => {
      // Inside the render event the drawing buffer still holds this frame (the map keeps no copy of it).
      const src = map.getCanvas()
      const c = document.createElement('canvas')
      c.width = src.width
      c.height = src.height
      const ctx = c.getContext('2d')!
      ctx.drawImage(src, 0, 0)
      if (attribution) {
        const ratio = src.width / src.clientWidth || 1
        ctx.font = `${12 * ratio}px sans-serif`
        const w = ctx.measureText(attribution).width + 8 * ratio
        ctx.fillStyle = 'rgba(255,255,255,0.85)'
        ctx.fillRect(c.width - w, c.height - 18 * ratio, w, 18 * ratio)
        ctx.fillStyle = '#222222'
        ctx.textBaseline = 'middle'
        ctx.fillText(attribution, c.width - w + 4 * ratio, c.height - 9 * ratio)
      }
      c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the map image'))), 'image/png')
    })
    map.triggerRepaint()
  })
}
