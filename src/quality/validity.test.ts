import { describe, expect, it } from 'vitest'
import { invalidReason, polygonProblem } from './validity.ts'

const poly = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings })
const sq = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]

describe('invalidReason (OGC/GEOS rules)', () => {
  const cases: [string, object, string | null][] = [
    ['square', poly(sq(0, 0, 10)), null],
    ['square with repeated vertex', poly([[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 0]]), null],
    ['square with hole', poly(sq(0, 0, 10), sq(2, 2, 2)), null],
    ['hole touching shell at a point', poly(sq(0, 0, 10), [[0, 5], [3, 4], [3, 6], [0, 5]]), null],
    ['bowtie', poly([[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]), 'self-intersection'],
    ['ring touching itself', poly([[0, 0], [10, 0], [10, 10], [5, 0], [0, 10], [0, 0]]), 'ring self-intersection'],
    ['spike', poly([[0, 0], [10, 0], [10, 10], [10, 15], [10, 10], [0, 10], [0, 0]]), 'self-intersection'],
    ['unclosed', poly([[0, 0], [10, 0], [10, 10], [0, 10]]), 'unclosed ring'],
    ['too short', poly([[0, 0], [10, 0], [0, 0]]), 'ring with fewer than 4 positions'],
    ['collapsed', poly([[0, 0], [10, 0], [10, 0], [0, 0]]), 'ring with fewer than 3 distinct positions'],
    ['hole outside', poly(sq(0, 0, 10), sq(20, 20, 2)), 'hole outside shell'],
    ['hole crossing shell', poly(sq(0, 0, 10), sq(8, 8, 4)), 'rings cross'],
    ['nested holes', poly(sq(0, 0, 10), sq(1, 1, 8), sq(3, 3, 2)), 'nested holes'],
    ['multipolygon, separate', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 5)], [sq(10, 0, 5)]] }, null],
    ['multipolygon, touching at a corner', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 5)], [sq(5, 5, 5)]] }, null],
    ['multipolygon, shared edge', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 5)], [sq(5, 0, 5)]] }, 'overlapping polygons'],
    ['multipolygon, overlapping', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 5)], [sq(3, 3, 5)]] }, 'overlapping polygons'],
    ['multipolygon, one inside the other', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 10)], [sq(2, 2, 2)]] }, 'overlapping polygons'],
    ['multipolygon, island in a hole', { type: 'MultiPolygon', coordinates: [[sq(0, 0, 10), sq(2, 2, 6)], [sq(4, 4, 2)]] }, null],
    ['line', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, null],
    ['line of one point', { type: 'LineString', coordinates: [[0, 0], [0, 0]] }, 'line with fewer than 2 distinct positions'],
    ['self-crossing line (valid: lines may cross themselves)', { type: 'LineString', coordinates: [[0, 0], [10, 10], [10, 0], [0, 10]] }, null],
    ['NaN', { type: 'Point', coordinates: [NaN, 1] }, 'non-finite coordinate'],
  ]
  for (const [name, g, expected] of cases) {
    it(name, () => {
      const r = invalidReason(g as never)
      if (expected === null) expect(r).toBeNull()
      else expect(r).toMatch(expected)
    })
  }

  it('handles large rings', () => {
    const n = 20000
    const ring = Array.from({ length: n }, (_, i) => {
      const t = (i / n) * 2 * Math.PI
      return [Math.cos(t) * 1000, Math.sin(t) * 1000]
    })
    ring.push(ring[0])
    expect(invalidReason(poly(ring))).toBeNull()
    ring[10] = [-2000, 0] // a vertex pulled across the circle: its edges cross the far side
    expect(invalidReason(poly(ring))).toMatch(/self-intersection/)
  })
})

describe('the small-ring shortcut of polygonProblem', () => {
  it('says what the sweep says for random small rings (touches, overlaps, spikes, crossings)', () => {
    let s = 7
    const rand = () => {
      s ^= s << 13
      s ^= s >>> 17
      s ^= s << 5
      return (s >>> 0) / 2 ** 32
    }
    const reasons = new Map<string, number>()
    for (let c = 0; c < 20000; c++) {
      const n = 3 + Math.floor(rand() * 14)
      const ring: number[][] = []
      for (let i = 0; i < n; i++) ring.push([Math.floor(rand() * 4), Math.floor(rand() * 4)])
      ring.push([...ring[0]])
      const fast = polygonProblem([ring])
      expect(fast, JSON.stringify(ring)).toBe(polygonProblem([ring], true))
      reasons.set(String(fast), (reasons.get(String(fast)) ?? 0) + 1)
    }
    // The cases cover valid rings and each problem a lone ring can have.
    for (const r of ['null', 'self-intersection', 'ring self-intersection', 'ring with fewer than 3 distinct positions']) expect(reasons.get(r), r).toBeGreaterThan(100)
  })
})
