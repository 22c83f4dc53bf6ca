// JPEG/YCbCr orthophotos → RGB as libjpeg (and so GDAL) decodes them. A YCbCr JPEG stores colour (Cb, Cr) at
// half resolution. geotiff.js's JPEG decoder repeats each chroma sample over its 2 × 2 pixels; libjpeg
// interpolates ("fancy upsampling", jdsample.c) and converts with fixed-point tables (jdcolor.c). The repeated
// samples are exactly the stored ones, so the stored chroma can be taken back from geotiff.js's output and
// upsampled the libjpeg way here. Without this, colour edges differed from GDAL's by up to ~30 counts.
// Each tile or strip is its own JPEG image, so interpolation stops at block edges, as in libjpeg.

const SCALE = 16
const HALF = 1 << (SCALE - 1)
const fix = (x: number) => Math.floor(x * (1 << SCALE) + 0.5)

/** libjpeg's conversion tables (jdcolor.c build_ycc_rgb_table), indexed by the 8-bit chroma value. */
const TABLES = (() => {
  const crR = new Int32Array(256), cbB = new Int32Array(256), crG = new Int32Array(256), cbG = new Int32Array(256)
  for (let i = 0; i < 256; i++) {
    const x = i - 128
    crR[i] = (fix(1.402) * x + HALF) >> SCALE
    cbB[i] = (fix(1.772) * x + HALF) >> SCALE
    crG[i] = -fix(0.71414) * x
    cbG[i] = -fix(0.34414) * x + HALF
  }
  return { crR, cbB, crG, cbG }
})()

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v)

/**
 * Upsamples one chroma plane of a block (cw × ch samples) to w × h pixels like libjpeg's h2v2 / h2v1 fancy
 * upsampling (triangle filter, 3:1 weights, alternating rounding); edge rows and columns are their own
 * neighbours. Other subsampling factors repeat samples (libjpeg's int_upsample does the same).
 */
export function upsampleChroma(c: Uint8Array, cw: number, ch: number, sx: number, sy: number, w: number, h: number, out: Uint8Array): void {
  if (sx === 2 && sy === 1) {
    // h2v1 (jdsample.c h2v1_fancy_upsample): 3:1 between horizontal neighbours, rounding +1 / +2.
    for (let y = 0; y < h; y++) {
      const row = y * cw
      for (let i = 0; i < cw; i++) {
        const here = c[row + i] * 3
        const a = i === 0 ? c[row] : (here + c[row + i - 1] + 1) >> 2
        const b = i === cw - 1 ? c[row + i] : (here + c[row + i + 1] + 2) >> 2
        if (2 * i < w) out[y * w + 2 * i] = a
        if (2 * i + 1 < w) out[y * w + 2 * i + 1] = b
      }
    }
    return
  }
  if (sx === 2 && sy === 2) {
    for (let j = 0; j < ch; j++) {
      for (let v = 0; v < 2; v++) {
        const y = j * 2 + v
        if (y >= h) break
        const row0 = j * cw
        // h2v2: the nearer row counts 3×, the next row above (upper output row) or below (lower) once.
        const nb = (v === 0 ? Math.max(0, j - 1) : Math.min(ch - 1, j + 1)) * cw
        const sum = (i: number) => c[row0 + i] * 3 + c[nb + i]
        const o = y * w
        for (let i = 0; i < cw; i++) {
          const here = sum(i)
          const left = sum(Math.max(0, i - 1))
          const right = sum(Math.min(cw - 1, i + 1))
          // First / last column: the edge sample itself stands in for the missing neighbour (4 × here).
          const a = i === 0 ? (here * 4 + 8) >> 4 : (here * 3 + left + 8) >> 4
          const b = i === cw - 1 ? (here * 4 + 7) >> 4 : (here * 3 + right + 7) >> 4
          if (2 * i < w) out[o + 2 * i] = a
          if (2 * i + 1 < w) out[o + 2 * i + 1] = b
        }
      }
    }
    return
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = c[Math.floor(y / sy) * cw + Math.floor(x / sx)]
}

/**
 * RGB bands from geotiff.js's interleaved Y, Cb, Cr (chroma repeated per sx × sy pixels) of an image made of
 * blocks (tiles or strips) of blockW × blockH pixels — the whole image or a window of full width that starts at a
 * block boundary (readRows reads such windows), so that every block is converted whole.
 */
export function ycbcrToRgb(raw: ArrayLike<number>, width: number, height: number, blockW: number, blockH: number, sx: number, sy: number): Uint8Array[] {
  const r = new Uint8Array(width * height), g = new Uint8Array(width * height), b = new Uint8Array(width * height)
  const { crR, cbB, crG, cbG } = TABLES
  for (let y0 = 0; y0 < height; y0 += blockH) {
    for (let x0 = 0; x0 < width; x0 += blockW) {
      const w = Math.min(blockW, width - x0)
      const h = Math.min(blockH, height - y0)
      const cw = Math.ceil(w / sx), ch = Math.ceil(h / sy)
      const cb = new Uint8Array(cw * ch), cr = new Uint8Array(cw * ch)
      for (let j = 0; j < ch; j++) {
        for (let i = 0; i < cw; i++) {
          const k = ((y0 + j * sy) * width + x0 + i * sx) * 3
          cb[j * cw + i] = raw[k + 1]
          cr[j * cw + i] = raw[k + 2]
        }
      }
      const cbUp = new Uint8Array(w * h), crUp = new Uint8Array(w * h)
      upsampleChroma(cb, cw, ch, sx, sy, w, h, cbUp)
      upsampleChroma(cr, cw, ch, sx, sy, w, h, crUp)
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const p = (y0 + y) * width + x0 + x
          const Y = raw[p * 3]
          const u = cbUp[y * w + x], v = crUp[y * w + x]
          r[p] = clamp(Y + crR[v])
          g[p] = clamp(Y + ((cbG[u] + crG[v]) >> SCALE))
          b[p] = clamp(Y + cbB[u])
        }
      }
    }
  }
  return [r, g, b]
}
