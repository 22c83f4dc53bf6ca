import { describe, expect, it } from 'vitest'
import { Projections } from '../../projection/registry.ts'
import { geometryBBox, type Geometry } from '../../projection/geometry.ts'
import { bufferShape, bufferShapes, rectangle, selectByArea, shapeToWork, type SpatialRow } from './spatial.ts'

const projections = new Projections()
const toWork = projections.forward('EPSG:4326', 'EPSG:25832')
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
const E0 = 438000
const N0 = 5714000
const point = (id: number, de: number, dn: number): SpatialRow => {
  const geometry: Geometry = { type: 'Point', coordinates: [E0 + de, N0 + dn] }
  return { id, geometry, bbox: geometryBBox(geometry) }
}

describe('spatial selection', () => {
  // Points at known grid distances from the centre, on the four axes and the diagonal.
  const rows = [point(0, 0, 0), point(1, 95, 0), point(2, 105, 0), point(3, 0, -97), point(4, 0, 103), point(5, 60, 60), point(6, 80, 80)]

  it('a 100 m buffer around a point selects exactly the points within 100 m', () => {
    const centre = toLonLat([E0, N0])
    const area = bufferShape({ type: 'Point', coordinates: centre }, 100)!
    expect(selectByArea(rows, shapeToWork(area, toWork))).toEqual([0, 1, 3, 5])
  })

  it('a buffer around a line and around features', () => {
    const line = { type: 'LineString', coordinates: [toLonLat([E0 - 500, N0 + 150]), toLonLat([E0 + 500, N0 + 150])] }
    // 50 m around a line 150 m north: only the point 103 m north is beyond 47 m … none within 50 m except 4 (47 m).
    expect(selectByArea(rows, shapeToWork(bufferShape(line, 50)!, toWork))).toEqual([4])
    const around = bufferShapes([{ type: 'Point', coordinates: toLonLat([E0 + 105, N0]) }, { type: 'Point', coordinates: toLonLat([E0, N0 + 103]) }], 10)!
    expect(around.type).toBe('MultiPolygon')
    expect(selectByArea(rows, shapeToWork(around, toWork))).toEqual([1, 2, 4])
  })

  it('a rectangle and a polygon select what they cover; polygons are tested by their shape, not their box', () => {
    const rect = rectangle(toLonLat([E0 - 10, N0 - 10]), toLonLat([E0 + 100, N0 + 70]))
    expect(selectByArea(rows, shapeToWork(rect, toWork))).toEqual([0, 1, 5])
    // A triangle whose box holds 5 and 6 but whose shape holds neither.
    const tri: Geometry = { type: 'Polygon', coordinates: [[toLonLat([E0 + 50, N0 - 1]), toLonLat([E0 + 120, N0 - 1]), toLonLat([E0 + 120, N0 + 50]), toLonLat([E0 + 50, N0 - 1])]] }
    expect(selectByArea(rows, shapeToWork(tri, toWork))).toEqual([1, 2])
  })

  it('selects polygons and lines that the area only touches in part', () => {
    const square: Geometry = { type: 'Polygon', coordinates: [[[E0 + 90, N0 - 5], [E0 + 200, N0 - 5], [E0 + 200, N0 + 5], [E0 + 90, N0 - 5]]] }
    const far: Geometry = { type: 'LineString', coordinates: [[E0 + 300, N0], [E0 + 400, N0]] }
    const polys: SpatialRow[] = [{ id: 10, geometry: square, bbox: geometryBBox(square) }, { id: 11, geometry: far, bbox: geometryBBox(far) }]
    const area = bufferShape({ type: 'Point', coordinates: toLonLat([E0, N0]) }, 100)!
    expect(selectByArea(polys, shapeToWork(area, toWork))).toEqual([10])
  })

  it('a point or line without a buffer selects nothing', () => {
    expect(bufferShape({ type: 'Point', coordinates: [8, 51] }, 0)).toBeNull()
  })
})
