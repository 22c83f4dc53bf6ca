import { describe, expect, it } from 'vitest'
import type { BBox } from '../model/catalog.ts'
import { focusPoint, intersectsBBox } from './inView.ts'

const view: BBox = [10, 10, 20, 20]

describe('intersectsBBox', () => {
  it('points inside or on the edge', () => {
    expect(intersectsBBox({ type: 'Point', coordinates: [15, 15] }, view)).toBe(true)
    expect(intersectsBBox({ type: 'Point', coordinates: [20, 10] }, view)).toBe(true)
    expect(intersectsBBox({ type: 'Point', coordinates: [21, 15] }, view)).toBe(false)
    expect(intersectsBBox({ type: 'MultiPoint', coordinates: [[0, 0], [12, 12]] }, view)).toBe(true)
  })
  it('lines crossing the view without a vertex in it; lines whose extent overlaps but which pass by', () => {
    expect(intersectsBBox({ type: 'LineString', coordinates: [[0, 15], [30, 15]] }, view)).toBe(true)
    // An L around the corner: its extent covers the view, the line does not touch it.
    expect(intersectsBBox({ type: 'LineString', coordinates: [[0, 25], [25, 25], [25, 0]] }, view)).toBe(false)
  })
  it('polygons: overlapping, containing the whole view, or only their extent overlapping', () => {
    const square = (x0: number, y0: number, x1: number, y1: number) => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]
    expect(intersectsBBox({ type: 'Polygon', coordinates: square(15, 15, 30, 30) }, view)).toBe(true)
    expect(intersectsBBox({ type: 'Polygon', coordinates: square(0, 0, 100, 100) }, view)).toBe(true)
    // A wedge whose extent covers the view but whose area lies beside it.
    expect(intersectsBBox({ type: 'Polygon', coordinates: [[[0, 0], [30, 0], [0, 9], [0, 0]]] }, view)).toBe(false)
    // The view inside a hole.
    expect(intersectsBBox({ type: 'Polygon', coordinates: [...square(0, 0, 100, 100), ...square(5, 5, 25, 25)] }, view)).toBe(false)
    expect(intersectsBBox({ type: 'MultiPolygon', coordinates: [square(50, 50, 60, 60), square(0, 0, 100, 100)] }, view)).toBe(true)
  })
})

describe('focusPoint', () => {
  it('is inside a polygon, on a line, the point', () => {
    const [x, y] = focusPoint({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] })!
    expect(x > 0 && x < 10 && y > 0 && y < 10).toBe(true)
    expect(focusPoint({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 2]] })).toEqual([1, 1])
    expect(focusPoint({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4])
  })
})
