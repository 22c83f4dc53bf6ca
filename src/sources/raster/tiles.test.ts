import { describe, expect, it } from 'vitest'
import { toPhysical } from './tiles.ts'

describe('toPhysical', () => {
  it('applies scale and offset in place and keeps no-data', () => {
    const v = new Float32Array([1234, NaN, -20])
    toPhysical(v, { scale: 0.1, offset: 100 })
    expect(Array.from(v).map((x) => (Number.isNaN(x) ? x : Math.round(x * 1000) / 1000))).toEqual([223.4, NaN, 98])
  })
  it('leaves values alone without scale and offset', () => {
    const v = new Float32Array([5])
    toPhysical(v, {})
    expect(v[0]).toBe(5)
  })
})
