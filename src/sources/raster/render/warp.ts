// Pure pixel functions for drawing an EPSG:25832 raster into a Web-Mercator tile.
// Each output pixel centre is mapped back into the source raster (inverse mapping). Transforming every pixel
// with proj4 is slow, so exact transforms are made on a control grid and interpolated bilinearly inside
// each cell; the error of that is bounded in the tests (a small fraction of a pixel).
import type { Converter } from '../../../projection/registry.ts'

const HALF_WORLD = 20037508.342789244

export interface TileId {
  z: number
  x: number
  y: number
}

/** Geometry of one raster level in EPSG:25832. */
export interface LevelGrid {
  originX: number
  originY: number
  resolution: number
  width: number
  height: number
}

/** Web-Mercator metres of a point inside a tile; (px, py) in tile pixels from the top-left corner. */
export function tileToMercator(t: TileId, size: number, px: number, py: number): [number, number] {
  const span = (2 * HALF_WORLD) / 2 ** t.z
  return [-HALF_WORLD + (t.x + px / size) * span, HALF_WORLD - (t.y + py / size) * span]
}

/** Mercator tile bounds [minX, minY, maxX, maxY] in metres. */
export function tileBoundsMercator(t: TileId): [number, number, number, number] {
  const [x0, y1] = tileToMercator(t, 1, 0, 0)
  const [x1, y0] = tileToMercator(t, 1, 1, 1)
  return [x0, y0, x1, y1]
}

/**
 * For every output pixel centre, the fractional source pixel coordinate (column, row) in the given level.
 * mercToWork maps EPSG:3857 → EPSG:25832. step = control-grid spacing in output pixels (must divide size).
 */
export function inverseMap(t: TileId, size: number, mercToWork: Converter, level: LevelGrid, step = 16, border = 0): Float64Array {
  const n = size / step
  const ctrl = new Float64Array((n + 1) * (n + 1) * 2)
  for (let j = 0; j <= n; j++) {
    for (let i = 0; i <= n; i++) {
      const [e, no] = mercToWork(tileToMercator(t, size, i * step, j * step))
      const k = (j * (n + 1) + i) * 2
      ctrl[k] = (e - level.originX) / level.resolution
      ctrl[k + 1] = (level.originY - no) / level.resolution
    }
  }
  // With a border, the grid also covers `border` pixels around the tile (for neighbourhood operations such as
  // hillshading); those are extrapolated from the edge cells.
  const full = size + 2 * border
  const out = new Float64Array(full * full * 2)
  for (let py = 0; py < full; py++) {
    const gy = (py - border + 0.5) / step
    const cj = Math.max(0, Math.min(n - 1, Math.floor(gy)))
    const fy = gy - cj
    for (let px = 0; px < full; px++) {
      const gx = (px - border + 0.5) / step
      const ci = Math.max(0, Math.min(n - 1, Math.floor(gx)))
      const fx = gx - ci
      const a = (cj * (n + 1) + ci) * 2
      const b = a + 2
      const c = a + (n + 1) * 2
      const d = c + 2
      const o = (py * full + px) * 2
      for (let k = 0; k < 2; k++) {
        const top = ctrl[a + k] + (ctrl[b + k] - ctrl[a + k]) * fx
        const bottom = ctrl[c + k] + (ctrl[d + k] - ctrl[c + k]) * fx
        out[o + k] = top + (bottom - top) * fy
      }
    }
  }
  return out
}

/** The inner size×size part of a (size+2·border)² array. */
export function crop(values: Float32Array, size: number, border: number): Float32Array {
  if (!border) return values
  const full = size + 2 * border
  const out = new Float32Array(size * size)
  for (let y = 0; y < size; y++) out.set(values.subarray((y + border) * full + border, (y + border) * full + border + size), y * size)
  return out
}

/** Integer source window [x0, y0, x1, y1) that covers the mapped pixels (plus one for bilinear), clamped. */
export function coveringWindow(map: Float64Array, level: LevelGrid): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let i = 0; i < map.length; i += 2) {
    if (map[i] < minX) minX = map[i]
    if (map[i] > maxX) maxX = map[i]
    if (map[i + 1] < minY) minY = map[i + 1]
    if (map[i + 1] > maxY) maxY = map[i + 1]
  }
  const x0 = Math.max(0, Math.floor(minX) - 1)
  const y0 = Math.max(0, Math.floor(minY) - 1)
  const x1 = Math.min(level.width, Math.ceil(maxX) + 1)
  const y1 = Math.min(level.height, Math.ceil(maxY) + 1)
  return x0 < x1 && y0 < y1 ? [x0, y0, x1, y1] : null
}

export interface Window {
  x0: number
  y0: number
  width: number
  height: number
  data: ArrayLike<number>
}

/**
 * The 2×2 window pixels around a mapped position and the weights between them, written into cell as
 * [k00, k10, k01, k11, ax, ay] (indices into the window's pixels). Pixel centres sit at +0.5; the cell is clamped at
 * the raster edge so edge pixels keep their value. A scratch array instead of a returned object: this runs per pixel.
 */
export function bilinearCell(sx: number, sy: number, win: Pick<Window, 'x0' | 'y0' | 'width' | 'height'>, cell: Float64Array): void {
  const { x0, y0, width, height } = win
  const fx = Math.min(Math.max(sx - 0.5 - x0, 0), width - 1)
  const fy = Math.min(Math.max(sy - 0.5 - y0, 0), height - 1)
  const ix = Math.min(Math.floor(fx), width - 2 < 0 ? 0 : width - 2)
  const iy = Math.min(Math.floor(fy), height - 2 < 0 ? 0 : height - 2)
  const k00 = iy * width + ix
  cell[0] = k00
  cell[1] = width > 1 ? k00 + 1 : k00
  cell[2] = height > 1 ? k00 + width : k00
  cell[3] = width > 1 && height > 1 ? k00 + width + 1 : k00
  cell[4] = width > 1 ? fx - ix : 0
  cell[5] = height > 1 ? fy - iy : 0
}

/**
 * Samples a window at mapped positions; NaN where outside the raster or nodata. Bilinear for continuous data
 * (a nodata neighbour makes the result nodata, as GDAL does), nearest for categorical data.
 */
export function sample(map: Float64Array, win: Window, level: LevelGrid, noData: number | null, method: 'bilinear' | 'nearest'): Float32Array {
  const n = map.length / 2
  const out = new Float32Array(n)
  const { x0, y0, width, height, data } = win
  const valid = (v: number) => !Number.isNaN(v) && v !== noData
  const cell = new Float64Array(6)
  for (let i = 0; i < n; i++) {
    const sx = map[i * 2]
    const sy = map[i * 2 + 1]
    if (sx < 0 || sy < 0 || sx >= level.width || sy >= level.height) {
      out[i] = NaN
      continue
    }
    if (method === 'nearest') {
      const v = data[(Math.floor(sy) - y0) * width + (Math.floor(sx) - x0)]
      out[i] = valid(v) ? v : NaN
      continue
    }
    bilinearCell(sx, sy, win, cell)
    const v00 = data[cell[0]]
    const v10 = data[cell[1]]
    const v01 = data[cell[2]]
    const v11 = data[cell[3]]
    const ax = cell[4]
    const ay = cell[5]
    if (!valid(v00) || !valid(v10) || !valid(v01) || !valid(v11)) {
      // Nodata neighbour: use the nearest pixel rather than blending with nodata.
      const v = data[(Math.floor(sy) - y0) * width + (Math.floor(sx) - x0)]
      out[i] = valid(v) ? v : NaN
      continue
    }
    out[i] = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay
  }
  return out
}
