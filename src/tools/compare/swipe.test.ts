import { describe, expect, it } from 'vitest'
import { clipPaths, positionAfterKey, positionAt } from './swipe.ts'

/** The kept span [from, to] of a CSS inset(top right bottom left) in percent of the width. */
function kept(inset: string): [number, number] {
  const m = /^inset\(0 ([\d.]+)%? 0 ([\d.]+)%?\)$/.exec(inset)
  if (!m) throw new Error(`not an inset: ${inset}`)
  return [Number(m[2]), Math.round((100 - Number(m[1])) * 10) / 10]
}

describe('swipe position and clip rectangles', () => {
  it('cuts A left of the line and B right of it, with no gap and no overlap', () => {
    for (const p of [0, 0.1, 12.5, 33.3, 50, 99.9, 100]) {
      const { a, b } = clipPaths(p)
      expect(kept(a)).toEqual([0, p])
      expect(kept(b)).toEqual([p, 100])
    }
  })

  it('clamps positions outside 0–100 and rounds to a tenth of a percent', () => {
    expect(kept(clipPaths(-20).a)).toEqual([0, 0])
    expect(kept(clipPaths(140).b)).toEqual([100, 100])
    expect(kept(clipPaths(33.333333).a)).toEqual([0, 33.3])
    expect(kept(clipPaths(NaN).a)).toEqual([0, 50])
  })

  it('turns a pointer into a position and back into the clip at that pixel', () => {
    // A map 800 px wide starting at x = 200: the pointer at x = 400 is a quarter of the way.
    expect(positionAt(400, 200, 800)).toBe(25)
    expect(kept(clipPaths(positionAt(400, 200, 800)).a)).toEqual([0, 25])
    // Dragged past the edges, the line stops at them.
    expect(positionAt(100, 200, 800)).toBe(0)
    expect(positionAt(1200, 200, 800)).toBe(100)
    expect(positionAt(400, 200, 0)).toBe(50)
  })

  it('moves by the slider keys and ignores other keys', () => {
    expect(positionAfterKey(50, 'ArrowLeft')).toBe(49)
    expect(positionAfterKey(50, 'ArrowDown')).toBe(49)
    expect(positionAfterKey(50, 'ArrowRight')).toBe(51)
    expect(positionAfterKey(50, 'ArrowUp')).toBe(51)
    expect(positionAfterKey(50, 'PageUp')).toBe(60)
    expect(positionAfterKey(50, 'PageDown')).toBe(40)
    expect(positionAfterKey(50, 'Home')).toBe(0)
    expect(positionAfterKey(50, 'End')).toBe(100)
    expect(positionAfterKey(95, 'PageUp')).toBe(100)
    expect(positionAfterKey(0.5, 'ArrowLeft')).toBe(0)
    expect(positionAfterKey(50, 'a')).toBeUndefined()
    expect(positionAfterKey(50, 'Enter')).toBeUndefined()
  })
})
