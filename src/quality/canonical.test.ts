import { describe, expect, it } from 'vitest'
import { geometryKey } from './canonical.ts'

/** A small deterministic generator (xorshift), so that a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2 ** 32
  }
}

const key = (g: { type: string; coordinates: unknown }, general = false) => {
  const out = new Uint32Array(2)
  geometryKey(g, out, general)
  return `${out[0]}:${out[1]}`
}

describe('geometryKey', () => {
  it('gives a one-ring Polygon the key of the general way (canonicalCoordinates), degenerate rings included', () => {
    const rand = rng(19)
    const pick = (n: number) => Math.floor(rand() * n)
    let repeated = 0
    for (let c = 0; c < 20000; c++) {
      const n = 1 + pick(9)
      const ring: number[][] = []
      for (let i = 0; i < n; i++) {
        // A coarse grid makes repeated positions, equal minima and zero areas common; some -0, NaN and Infinity.
        const v = () => [0, 1, 2, -0, 0.5, 1e6 + 0.25, NaN, Infinity][pick(rand() < 0.9 ? 6 : 8)]
        const p = [v(), v()]
        ring.push(p)
        if (rand() < 0.2) {
          ring.push([...p])
          repeated++
        }
      }
      if (rand() < 0.7) ring.push([...ring[0]])
      const g = { type: 'Polygon', coordinates: [ring] }
      expect(key(g), JSON.stringify(ring)).toBe(key(g, true))
    }
    expect(repeated).toBeGreaterThan(1000)
  })

  it('keys a ring alike whatever its start point and orientation', () => {
    const ring = [[0, 0], [4, 0], [4, 3], [1, 5], [0, 0]]
    const open = ring.slice(0, -1)
    const rotated = [...open.slice(2), ...open.slice(0, 2)]
    const reversed = [...rotated].reverse()
    const keys = [ring, [...rotated, rotated[0]], [...reversed, reversed[0]]].map((r) => key({ type: 'Polygon', coordinates: [r] }))
    expect(new Set(keys).size).toBe(1)
    expect(key({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 3], [1, 6], [0, 0]]] })).not.toBe(keys[0])
  })
})

describe('geometryKey of a GeometryCollection', () => {
  it('keys its members by type and coordinates (it overflowed the stack on the type names)', () => {
    const sq = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    const gc = (type: string) => ({ type: 'GeometryCollection', geometries: [{ type, coordinates: type === 'Polygon' ? sq : sq[0] }], coordinates: undefined })
    expect(key(gc('Polygon'))).toBe(key(gc('Polygon')))
    expect(key(gc('Polygon'))).not.toBe(key(gc('LineString')))
  })
})
