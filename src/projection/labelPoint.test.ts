import { describe, expect, it } from 'vitest'
import { labelPoint, representativePoint } from './labelPoint.ts'

describe('representativePoint', () => {
  it('lies inside a concave polygon (not at its centroid), halfway along a line, on the point', () => {
    // A "U": the centroid of the outline lies in the notch, outside the polygon.
    const u = [[[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0]]]
    const [x, y] = representativePoint({ type: 'Polygon', coordinates: u })!
    const inLeftArm = x > 0 && x < 10 && y > 0 && y < 30
    const inRightArm = x > 20 && x < 30 && y > 0 && y < 30
    const inBase = x > 0 && x < 30 && y > 0 && y < 10
    expect(inLeftArm || inRightArm || inBase).toBe(true)
    expect(representativePoint({ type: 'LineString', coordinates: [[0, 0], [10, 0], [10, 30]] })).toEqual([10, 10])
    expect(representativePoint({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 0]], [[0, 5], [0, 25]]] })).toEqual([0, 15])
    expect(representativePoint({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4])
    const big = [[[100, 100], [200, 100], [200, 200], [100, 200], [100, 100]]]
    const small = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    const [bx, by] = representativePoint({ type: 'MultiPolygon', coordinates: [small, big] })!
    expect(bx > 100 && bx < 200 && by > 100 && by < 200).toBe(true)
  })
})

describe('labelPoint', () => {
  it('labels polygons only, inside their largest part', () => {
    expect(labelPoint({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toBeNull()
    const big = [[[100, 100], [200, 100], [200, 200], [100, 200], [100, 100]]]
    const small = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [small, big] })).toEqual([150, 150])
  })
})
