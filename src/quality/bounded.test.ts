import { describe, expect, it } from 'vitest'
import { DistinctCounter, EXACT_DISTINCT, hashValue, IndexSet, RepeatFinder } from './bounded.ts'

describe('bounded quality state', () => {
  it('finds repeats in file order as a Map of first occurrences would', () => {
    const values: unknown[] = ['a', 1, 'a', '1', 1.0, null, undefined, null, -0, 0, { x: 1 }, { x: 1 }, 'b']
    const order = [12, 3, 2, 0, 1, 4, 5, 6, 7, 8, 9, 10, 11] // file position → index as added
    const r = new RepeatFinder()
    const h = new Uint32Array(2)
    for (const v of values) {
      hashValue(v, h)
      r.add(h[0], h[1])
    }
    const first = new Map<unknown, number>()
    const expected: number[] = []
    for (const i of order) {
      if (first.has(values[i])) expected.push(i)
      else first.set(values[i], i)
    }
    const got = r.repeats((p) => order[p])
    expect(values.map((_, i) => i).filter((i) => got.has(i))).toEqual(expected.sort((a, b) => a - b))
  })

  it('index sets list positions in file order, capped', () => {
    const s = new IndexSet()
    for (const i of [5, 100, 7, 64]) s.add(i)
    expect(s.size).toBe(4)
    expect(s.positions(101, (p) => 100 - p, 3)).toEqual([0, 36, 93])
  })

  it('counts distinct values exactly up to the limit, then within 2 %', () => {
    const small = new DistinctCounter()
    for (let i = 0; i < 1000; i++) small.add(`v${i % 700}`)
    expect(small.size).toBe(700)
    const big = new DistinctCounter()
    const n = EXACT_DISTINCT * 3
    for (let i = 0; i < n; i++) big.add(`05974${i}`)
    expect(Math.abs(big.size - n) / n).toBeLessThan(0.02)
  })
})
