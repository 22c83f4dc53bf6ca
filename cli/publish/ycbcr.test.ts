// libjpeg's chroma upsampling and colour conversion, by hand-computed cases (the whole-image comparison with GDAL
// is in test/realdata/geotiff-corpus.test.ts).
import { describe, expect, it } from 'vitest'
import { upsampleChroma, ycbcrToRgb } from './ycbcr.ts'

describe('libjpeg-style YCbCr decoding', () => {
  it('h2v2: 3:1 triangle weights between samples, edges their own neighbours, alternating rounding', () => {
    // 2 × 2 chroma samples → 4 × 4 pixels.
    const out = new Uint8Array(16)
    upsampleChroma(Uint8Array.from([0, 160, 80, 240]), 2, 2, 2, 2, 4, 4, out)
    // Row 0 (upper row of chroma row 0; the row above is row 0 itself): column sums 0·4 = 0 and 160·4 = 640.
    // Pixels: (0·4+8)>>4 = 0, (0·3+640+7)>>4 = 40, (640·3+0+8)>>4 = 120, (640·4+7)>>4 = 160.
    expect(Array.from(out.slice(0, 4))).toEqual([0, 40, 120, 160])
    // Row 1 (lower row of chroma row 0, next row below = row 1): sums 0·3+80 = 80 and 160·3+240 = 720.
    // (80·4+8)>>4 = 20, (80·3+720+7)>>4 = 60, (720·3+80+8)>>4 = 140, (720·4+7)>>4 = 180.
    expect(Array.from(out.slice(4, 8))).toEqual([20, 60, 140, 180])
  })

  it('h2v1: rounding +1 to the left, +2 to the right; edge pixels keep the sample', () => {
    const out = new Uint8Array(4)
    upsampleChroma(Uint8Array.from([10, 21]), 2, 1, 2, 1, 4, 1, out)
    // (3·10 + 21 + 2)>>2 = 13, (3·21 + 10 + 1)>>2 = 18.
    expect(Array.from(out)).toEqual([10, 13, 18, 21])
  })

  it("converts with libjpeg's fixed-point tables, and does not interpolate across block edges", () => {
    // 4 × 2 image in two 2 × 2 blocks; each block one chroma sample.
    const px = (y: number, cb: number, cr: number) => [y, cb, cr]
    const raw = [px(128, 128, 128), px(128, 128, 128), px(100, 128, 200), px(100, 128, 200), px(128, 128, 128), px(128, 128, 128), px(100, 128, 200), px(100, 128, 200)].flat()
    const [r, g, b] = ycbcrToRgb(raw, 4, 2, 2, 2, 2, 2)
    expect([r[0], g[0], b[0]]).toEqual([128, 128, 128])
    // R = 100 + round(1.402 · 72) = 201; G = 100 − 0.71414 · 72 → 100 + floor(−51.4 + 0.5) = 49; B = 100.
    expect([r[2], g[2], b[2]]).toEqual([201, 49, 100])
    // No blending with the grey block to the left.
    expect([r[6], g[6], b[6]]).toEqual([201, 49, 100])
  })
})
