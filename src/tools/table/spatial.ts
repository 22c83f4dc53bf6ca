// Spatial selection: which features of a layer meet a drawn shape (polygon, rectangle, or a buffer in metres around
// a point, a line or features). Shapes are drawn in lon/lat; buffers are made with turf in lon/lat (metres on the
// ground) and the test runs in EPSG:25832 against the features as the file stores them, a box test first.
import { booleanIntersects, buffer } from '@turf/turf'
import type { BBox } from '../../model/catalog.ts'
import { geometryBBox, transformGeometry, type Geometry } from '../../projection/geometry.ts'
import type { Converter } from '../../projection/registry.ts'
import { bboxMeets } from './query.ts'

/** At most this many metres of buffer (a few km is a planner's range; more would select a whole layer anyway). */
export const MAX_BUFFER_METRES = 50_000

export interface SpatialRow {
  id: number
  bbox: BBox | null
  /** EPSG:25832 geometry. */
  geometry: Geometry | null
}

const clone = (g: Geometry): Geometry => JSON.parse(JSON.stringify(g)) as Geometry

/** The shape buffered by `metres` (turf, in lon/lat); 0 keeps a polygon as it is. Null when nothing is left. */
export function bufferShape(shape: Geometry, metres: number): Geometry | null {
  if (!(metres > 0)) return shape.type === 'Polygon' || shape.type === 'MultiPolygon' ? shape : null
  const d = Math.min(metres, MAX_BUFFER_METRES)
  const r = buffer({ type: 'Feature', properties: {}, geometry: shape as never }, d, { units: 'meters', steps: 16 })
  return (r?.geometry as Geometry | undefined) ?? null
}

/** Buffers around several features (lon/lat) as one MultiPolygon (selection "around the selected features"). */
export function bufferShapes(shapes: readonly Geometry[], metres: number): Geometry | null {
  const polys: unknown[] = []
  for (const s of shapes) {
    const b = bufferShape(s, metres)
    if (b?.type === 'Polygon') polys.push(b.coordinates)
    else if (b?.type === 'MultiPolygon') polys.push(...(b.coordinates as unknown[]))
  }
  return polys.length ? { type: 'MultiPolygon', coordinates: polys } : null
}

/** A lon/lat shape in EPSG:25832 (a copy). */
export function shapeToWork(shape: Geometry, toWork: Converter): Geometry {
  const g = clone(shape)
  transformGeometry(g, toWork)
  return g
}

/** The ids of the rows whose EPSG:25832 geometry meets the EPSG:25832 area (polygon or multipolygon), in row order. */
export function selectByArea(rows: readonly SpatialRow[], area: Geometry): number[] {
  const box = geometryBBox(area)
  if (!box) return []
  const a = { type: 'Feature', properties: {}, geometry: area } as never
  const out: number[] = []
  for (const r of rows) {
    if (!r.geometry || !bboxMeets(r.bbox, box)) continue
    if (booleanIntersects(a, { type: 'Feature', properties: {}, geometry: r.geometry } as never)) out.push(r.id)
  }
  return out
}

/** An axis-parallel rectangle (two lon/lat corners) as a closed polygon ring, densified so it stays exact in EPSG:25832. */
export function rectangle(a: [number, number], b: [number, number], steps = 8): Geometry {
  const [w, e] = a[0] < b[0] ? [a[0], b[0]] : [b[0], a[0]]
  const [s, n] = a[1] < b[1] ? [a[1], b[1]] : [b[1], a[1]]
  const ring: number[][] = []
  for (let i = 0; i < steps; i++) ring.push([w + ((e - w) * i) / steps, s])
  for (let i = 0; i < steps; i++) ring.push([e, s + ((n - s) * i) / steps])
  for (let i = 0; i < steps; i++) ring.push([e - ((e - w) * i) / steps, n])
  for (let i = 0; i < steps; i++) ring.push([w, n - ((n - s) * i) / steps])
  ring.push([w, s])
  return { type: 'Polygon', coordinates: [ring] }
}
