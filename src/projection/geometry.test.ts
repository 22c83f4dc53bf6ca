// geometryBBox: every geometry type, collections, empty parts, and NaN ordinates (left out: comparisons with NaN
// are false), as the publisher's writer and quality scan and the attribute table's spatial selection rely on it.
import { describe, expect, it } from 'vitest'
import { geometryBBox, type Geometry } from './geometry.ts'

const g = (type: string, coordinates: unknown): Geometry => ({ type, coordinates }) as Geometry

describe('geometryBBox', () => {
  it('spans the positions of each type', () => {
    expect(geometryBBox(g('Point', [3, 4]))).toEqual([3, 4, 3, 4])
    expect(geometryBBox(g('LineString', [[0, 5], [2, -1], [1, 7]]))).toEqual([0, -1, 2, 7])
    expect(geometryBBox(g('MultiPoint', [[5, 5], [-3, 2]]))).toEqual([-3, 2, 5, 5])
    expect(geometryBBox(g('Polygon', [[[0, 0], [4, 0], [4, 3], [0, 0]], [[1, 1], [2, 1], [1, 2], [1, 1]]]))).toEqual([0, 0, 4, 3])
    expect(geometryBBox(g('MultiLineString', [[[0, 0], [1, 1]], [[-5, 9], [2, 2]]]))).toEqual([-5, 0, 2, 9])
    expect(geometryBBox(g('MultiPolygon', [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[10, 10], [12, 10], [12, 13], [10, 10]]]]))).toEqual([0, 0, 12, 13])
    // Z and M ordinates are not part of the extent.
    expect(geometryBBox(g('LineString', [[1, 2, 300, 4], [2, 3, -300, 5]]))).toEqual([1, 2, 2, 3])
  })
  it('spans the members of a collection', () => {
    const c = { type: 'GeometryCollection', geometries: [g('Point', [7, -2]), g('LineString', [[0, 0], [3, 3]])] } as unknown as Geometry
    expect(geometryBBox(c)).toEqual([0, -2, 7, 3])
  })
  it('is null for geometries without positions', () => {
    expect(geometryBBox(g('Polygon', []))).toBeNull()
    expect(geometryBBox(g('MultiPolygon', [[], [[]]]))).toBeNull()
    expect(geometryBBox({ type: 'GeometryCollection', geometries: [] } as unknown as Geometry)).toBeNull()
  })
  it('leaves NaN ordinates out', () => {
    expect(geometryBBox(g('LineString', [[NaN, 1], [2, NaN], [3, 4]]))).toEqual([2, 1, 3, 4])
    expect(geometryBBox(g('Point', [NaN, NaN]))).toBeNull()
  })
})
