// Which loaded features a view shows: exact geometry against box tests (not just extents, which overlap for
// neighbouring polygons), and a point to centre a feature on. Pure; used by MapController's feature table.
import type { BBox } from '../model/catalog.ts'
import { geometryBBox, type Geometry } from '../projection/geometry.ts'
import { labelPoint } from '../projection/labelPoint.ts'

type Pos = number[]

const inside = (p: Pos, b: BBox) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]

/** Whether segments p1–p2 and q1–q2 cross or touch. */
function segmentsMeet(p1: Pos, p2: Pos, q1: Pos, q2: Pos): boolean {
  const d = (a: Pos, b: Pos, c: Pos) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
  const d1 = d(q1, q2, p1)
  const d2 = d(q1, q2, p2)
  const d3 = d(p1, p2, q1)
  const d4 = d(p1, p2, q2)
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true
  const on = (a: Pos, b: Pos, c: Pos) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1])
  return (d1 === 0 && on(q1, q2, p1)) || (d2 === 0 && on(q1, q2, p2)) || (d3 === 0 && on(p1, p2, q1)) || (d4 === 0 && on(p1, p2, q2))
}

function pathMeetsBox(line: Pos[], b: BBox): boolean {
  const corners: Pos[] = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]]]
  for (let i = 0; i < line.length; i++) {
    if (inside(line[i], b)) return true
    if (i === 0) continue
    for (let k = 0; k < 4; k++) if (segmentsMeet(line[i - 1], line[i], corners[k], corners[(k + 1) % 4])) return true
  }
  return false
}

/** Even-odd test over all rings (holes included). */
function inPolygon(p: Pos, rings: Pos[][]): boolean {
  let c = false
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      if (r[i][1] > p[1] !== r[j][1] > p[1] && p[0] < ((r[j][0] - r[i][0]) * (p[1] - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) c = !c
    }
  }
  return c
}

function polygonMeetsBox(rings: Pos[][], b: BBox): boolean {
  if (rings.some((r) => pathMeetsBox(r, b))) return true
  // No boundary in the box: the box is either wholly inside the polygon or wholly outside.
  return inPolygon([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], rings)
}

/** Whether a geometry has any part inside the box (same CRS). */
export function intersectsBBox(g: Geometry, b: BBox): boolean {
  const e = geometryBBox(g)
  if (!e || e[0] > b[2] || e[2] < b[0] || e[1] > b[3] || e[3] < b[1]) return false
  const c = g.coordinates as unknown
  switch (g.type) {
    case 'Point':
      return inside(c as Pos, b)
    case 'MultiPoint':
      return (c as Pos[]).some((p) => inside(p, b))
    case 'LineString':
      return pathMeetsBox(c as Pos[], b)
    case 'MultiLineString':
      return (c as Pos[][]).some((l) => pathMeetsBox(l, b))
    case 'Polygon':
      return polygonMeetsBox(c as Pos[][], b)
    case 'MultiPolygon':
      return (c as Pos[][][]).some((p) => polygonMeetsBox(p, b))
    case 'GeometryCollection':
      return (g.geometries ?? []).some((x) => intersectsBBox(x, b))
    default:
      return false
  }
}

/** A point to centre a feature on: inside a polygon, the middle vertex of a line, the point itself. */
export function focusPoint(g: Geometry): [number, number] | null {
  const c = g.coordinates as unknown
  switch (g.type) {
    case 'Point':
      return [(c as Pos)[0], (c as Pos)[1]]
    case 'MultiPoint':
    case 'LineString': {
      const l = c as Pos[]
      const p = l[Math.floor(l.length / 2)]
      return p ? [p[0], p[1]] : null
    }
    case 'MultiLineString': {
      const l = (c as Pos[][]).reduce<Pos[]>((a, x) => (x.length > a.length ? x : a), [])
      const p = l[Math.floor(l.length / 2)]
      return p ? [p[0], p[1]] : null
    }
    case 'GeometryCollection':
      for (const x of g.geometries ?? []) {
        const p = focusPoint(x)
        if (p) return p
      }
      return null
    default:
      return labelPoint(g)
  }
}
