// Pure pixel functions for RGB(A) and palette rasters: sampling pixel-interleaved 8-bit windows at mapped
// positions straight into RGBA tile pixels, and palette indices → colours.
import type { PaletteEntry } from '../../../model/catalog.ts'
import { bilinearCell, type LevelGrid, type Window } from './warp.ts'

/** A window of pixel-interleaved samples (R, G, B[, A, …] per pixel). */
export interface PixelWindow extends Window {
  samples: number
}

/**
 * RGBA tile pixels from an RGB(A) window. A pixel is transparent when all three colour bands are nodata (GDAL's
 * per-dataset nodata on an RGB image, as gdalwarp and QGIS treat it) or its alpha is 0. Bilinear interpolates each
 * channel (alpha too: soft edges), but a transparent neighbour makes the pixel take its nearest source pixel, so
 * nodata never darkens an edge — the same rule as the single-band sampler.
 */
export function sampleRgb(map: Float64Array, win: PixelWindow, level: LevelGrid, noData: number | null, alpha: boolean, method: 'bilinear' | 'nearest'): Uint8ClampedArray {
  const n = map.length / 2
  const out = new Uint8ClampedArray(n * 4)
  const { x0, y0, width, data, samples: spp } = win
  const cell = new Float64Array(6)
  const valid = (k: number) => {
    const o = k * spp
    if (alpha && data[o + 3] === 0) return false
    return noData === null || data[o] !== noData || data[o + 1] !== noData || data[o + 2] !== noData
  }
  const put = (i: number, k: number) => {
    const o = k * spp
    out[i * 4] = data[o]
    out[i * 4 + 1] = data[o + 1]
    out[i * 4 + 2] = data[o + 2]
    out[i * 4 + 3] = alpha ? data[o + 3] : 255
  }
  for (let i = 0; i < n; i++) {
    const sx = map[i * 2]
    const sy = map[i * 2 + 1]
    if (sx < 0 || sy < 0 || sx >= level.width || sy >= level.height) continue
    const near = (Math.floor(sy) - y0) * width + (Math.floor(sx) - x0)
    if (method === 'nearest') {
      if (valid(near)) put(i, near)
      continue
    }
    bilinearCell(sx, sy, win, cell)
    const k00 = cell[0]
    const k10 = cell[1]
    const k01 = cell[2]
    const k11 = cell[3]
    const ax = cell[4]
    const ay = cell[5]
    if (!valid(k00) || !valid(k10) || !valid(k01) || !valid(k11)) {
      if (valid(near)) put(i, near)
      continue
    }
    const w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay
    const channels = alpha ? 4 : 3
    for (let c = 0; c < channels; c++) {
      out[i * 4 + c] = data[k00 * spp + c] * w00 + data[k10 * spp + c] * w10 + data[k01 * spp + c] * w01 + data[k11 * spp + c] * w11
    }
    if (!alpha) out[i * 4 + 3] = 255
  }
  return out
}

/** RGBA of each index 0…255 (indices without an entry stay transparent). */
export function paletteLookup(palette: PaletteEntry[]): Uint8Array {
  const lut = new Uint8Array(256 * 4)
  for (const [v, color] of palette) {
    if (!Number.isInteger(v) || v < 0 || v > 255) continue
    const c = parseInt(color.slice(1), 16)
    lut.set([(c >> 16) & 255, (c >> 8) & 255, c & 255, 255], v * 4)
  }
  return lut
}

/** Nearest-sampled indices (NaN = nodata) → RGBA; an index the palette lacks is transparent. */
export function colorizePalette(values: Float32Array, palette: PaletteEntry[]): Uint8ClampedArray {
  const lut = paletteLookup(palette)
  const out = new Uint8ClampedArray(values.length * 4)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!(v >= 0 && v <= 255) || !Number.isInteger(v)) continue
    out.set(lut.subarray(v * 4, v * 4 + 4), i * 4)
  }
  return out
}
