import { describe, expect, it } from 'vitest'
import { applyShade, hillshade } from './hillshade.ts'

const plane = (w: number, f: (x: number, y: number) => number) => Float32Array.from({ length: w * w }, (_, i) => f(i % w, Math.floor(i / w)))

describe('hillshade (Horn)', () => {
  it('lights flat ground with the sine of the sun height', () => {
    const s = hillshade(plane(8, () => 100), 8, 10)
    for (const v of s) expect(v).toBeCloseTo(Math.sin(Math.PI / 4), 6)
  })

  it('slopes facing the light (north-west) are brighter than slopes facing away', () => {
    // Rows go south in the tile; a surface rising to the south-east faces north-west.
    const facingLight = hillshade(plane(8, (x, y) => (x + y) * 5), 8, 10)
    const facingAway = hillshade(plane(8, (x, y) => -(x + y) * 5), 8, 10)
    expect(facingLight[27]).toBeGreaterThan(0.9)
    expect(facingAway[27]).toBeLessThan(0.3)
  })

  it('matches the closed form for a plane', () => {
    // z = 2·x (rising east, 10 m cells): slope atan(0.2), aspect west-facing → lit from 315°.
    const s = hillshade(plane(5, (x) => 2 * x), 5, 10)[12]
    const slope = Math.atan(0.2)
    const expected = Math.cos(Math.PI / 4) * Math.cos(slope) + Math.sin(Math.PI / 4) * Math.sin(slope) * Math.cos(((135 - 180) * Math.PI) / 180)
    expect(s).toBeCloseTo(expected, 5)
  })

  it('keeps nodata transparent and flat colours unchanged', () => {
    const v = plane(4, () => 1)
    v[5] = NaN
    const s = hillshade(v, 4, 1)
    expect(Number.isNaN(s[5])).toBe(true)
    const rgba = applyShade(new Uint8ClampedArray([200, 100, 50, 255]), new Float32Array([Math.cos(Math.PI / 4)]))
    expect(Array.from(rgba)).toEqual([200, 100, 50, 255])
  })
})
