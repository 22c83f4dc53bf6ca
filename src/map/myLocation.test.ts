import { describe, expect, it } from 'vitest'
import { accuracyCircle, errorState, fixState } from './myLocation.ts'

/** Great-circle distance by the haversine formula (an independent check of the destination formula). */
function haversine(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h))
}

describe('my location', () => {
  it('draws the accuracy circle at its radius all round, closed and counter-clockwise', () => {
    for (const [lon, lat, m] of [
      [8.1059, 51.5711, 80],
      [8.1059, 51.5711, 2500],
      [-70.6, -33.4, 12],
    ]) {
      const ring = accuracyCircle(lon, lat, m, 64)
      expect(ring).toHaveLength(65)
      expect(ring[64]).toEqual(ring[0])
      for (const p of ring) expect(Math.abs(haversine([lon, lat], p) - m)).toBeLessThan(m * 1e-9 + 1e-6)
      // Shoelace area > 0: counter-clockwise (RFC 7946 exterior ring).
      let area = 0
      for (let i = 0; i < 64; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
      expect(area).toBeGreaterThan(0)
    }
  })

  it('flies only to a position inside the catalog area', () => {
    const area: [number, number, number, number] = [7.9, 51.4, 8.4, 51.7]
    expect(fixState({ lon: 8.1, lat: 51.57, accuracy: 20 }, area)).toEqual({ kind: 'shown', lon: 8.1, lat: 51.57, accuracy: 20 })
    expect(fixState({ lon: 13.4, lat: 52.5, accuracy: 20 }, area).kind).toBe('outside')
    expect(fixState({ lon: 13.4, lat: 52.5, accuracy: 20 }, null).kind).toBe('shown')
  })

  it('names each geolocation error', () => {
    expect(errorState(1)).toEqual({ kind: 'denied' })
    expect(errorState(2)).toEqual({ kind: 'unavailable' })
    expect(errorState(3)).toEqual({ kind: 'timeout' })
  })
})
