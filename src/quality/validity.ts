// Geometry validity following the OGC Simple Features rules as GEOS (ST_IsValid) applies them, so the counts in
// the quality report match what GDAL/GEOS say for the same data:
// - rings closed, at least 4 positions (3 distinct), no self-intersection or self-touching;
// - rings of one polygon may touch at single points but not cross or share a segment; holes lie inside the
//   shell and not inside each other;
// - the polygons of a multipolygon may touch at points but their interiors must not overlap;
// - lines need two distinct positions; coordinates must be finite.
// Not checked (rare in practice): an interior disconnected by a chain of single-point touches.
import type { Geometry } from '../projection/geometry.ts'

type Ring = number[][]

export interface ValidityProblem {
  reason: string
}

const EPS = 0

/** Orientation of c relative to a→b: >0 left, <0 right, 0 collinear. */
function orient(a: number[], b: number[], c: number[]): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

function onSegment(a: number[], b: number[], p: number[]): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
}

type Contact = 'none' | 'cross' | 'touch' | 'overlap'

/** How two segments meet: a proper crossing, a touch at an end point, a collinear overlap, or not at all. */
function contact(a: number[], b: number[], c: number[], d: number[]): Contact {
  const o1 = orient(a, b, c)
  const o2 = orient(a, b, d)
  const o3 = orient(c, d, a)
  const o4 = orient(c, d, b)
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping in more than a point?
    const ax = a[0] !== b[0] ? 0 : 1
    const lo1 = Math.min(a[ax], b[ax]), hi1 = Math.max(a[ax], b[ax])
    const lo2 = Math.min(c[ax], d[ax]), hi2 = Math.max(c[ax], d[ax])
    const lo = Math.max(lo1, lo2), hi = Math.min(hi1, hi2)
    if (lo < hi - EPS) return 'overlap'
    return lo === hi ? 'touch' : 'none'
  }
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 'cross'
  if ((o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b))) {
    return 'touch'
  }
  return 'none'
}

interface Segment {
  ring: number
  index: number
  a: number[]
  b: number[]
  minX: number
  maxX: number
}

/** Drops consecutive repeated positions (GEOS ignores them); a ring without any is returned as it is (not copied). */
function clean(r: Ring): Ring {
  let repeats = false
  for (let i = 1; i < r.length && !repeats; i++) repeats = r[i][0] === r[i - 1][0] && r[i][1] === r[i - 1][1]
  if (!repeats) return r
  const out: Ring = []
  for (const p of r) {
    const q = out[out.length - 1]
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p)
  }
  return out
}

function segmentsOf(rings: Ring[]): Segment[] {
  const segs: Segment[] = []
  rings.forEach((r, ring) => {
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i], b = r[i + 1]
      segs.push({ ring, index: i, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) })
    }
  })
  return segs
}

/**
 * Visits every pair of segments whose x-ranges overlap (sweep over x), calling fn until it returns a
 * problem. Linear-ish for real data instead of quadratic.
 */
function sweep(segs: Segment[], fn: (s: Segment, t: Segment) => string | null): string | null {
  segs.sort((s, t) => s.minX - t.minX)
  const active: Segment[] = []
  for (const s of segs) {
    let w = 0
    for (const t of active) if (t.maxX >= s.minX) active[w++] = t
    active.length = w
    for (const t of active) {
      if (Math.max(Math.min(s.a[1], s.b[1]), Math.min(t.a[1], t.b[1])) > Math.min(Math.max(s.a[1], s.b[1]), Math.max(t.a[1], t.b[1]))) continue
      const p = fn(s, t)
      if (p) return p
    }
    active.push(s)
  }
  return null
}

/** Point in ring (even-odd), excluding the boundary. Returns 1 inside, 0 on boundary, -1 outside. */
function pointInRing(p: number[], r: Ring): number {
  let inside = false
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const a = r[i], b = r[j]
    if (orient(a, b, p) === 0 && onSegment(a, b, p)) return 0
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside
  }
  return inside ? 1 : -1
}

/** A vertex of ring a that is not on ring b's boundary, tested against b; 0 if every vertex is on b. */
function ringRelation(a: Ring, b: Ring): number {
  for (const p of a) {
    const r = pointInRing(p, b)
    if (r !== 0) return r
  }
  return 0
}

function ringProblem(r: Ring): string | null {
  if (r.length < 4) return 'ring with fewer than 4 positions'
  const a = r[0], b = r[r.length - 1]
  if (a[0] !== b[0] || a[1] !== b[1]) return 'unclosed ring'
  if (clean(r).length < 4) return 'ring with fewer than 3 distinct positions'
  return null
}

/** Segments from which on a lone ring is swept; below, all pairs are tried (no sorting, no segment objects). */
const SMALL_RING = 16

/**
 * Does any pair of segments of one ring meet other than neighbours at their shared end? Tried in both orders,
 * so that it says yes whenever the sweep (which meets a subset of these pairs, in one order) finds a problem.
 */
function smallRingMeets(r: Ring): boolean {
  const n = r.length - 1
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c1 = contact(r[i], r[i + 1], r[j], r[j + 1])
      const c2 = contact(r[j], r[j + 1], r[i], r[i + 1])
      if (c1 === 'none' && c2 === 'none') continue
      if (c1 === 'cross' || c1 === 'overlap' || c2 === 'cross' || c2 === 'overlap') return true
      if (j - i !== 1 && j - i !== n - 1) return true
    }
  }
  return false
}

/** The problem of a polygon's rings, or null; `sweepOnly` skips the small-ring shortcut (to test it against). */
export function polygonProblem(rawRings: Ring[], sweepOnly = false): string | null {
  for (const r of rawRings) {
    const p = ringProblem(r)
    if (p) return p
  }
  const rings = rawRings.map(clean)
  // Most polygons are one small ring without a problem: proven so by trying all pairs; any doubt goes to the
  // sweep, which names the problem as it always has.
  if (!sweepOnly && rings.length === 1 && rings[0].length <= SMALL_RING + 1 && !smallRingMeets(rings[0])) return null
  const n = (ring: number) => rings[ring].length - 1 // segments in a ring
  const problem = sweep(segmentsOf(rings), (s, t) => {
    const c = contact(s.a, s.b, t.a, t.b)
    if (c === 'none') return null
    if (c === 'cross' || c === 'overlap') return s.ring === t.ring ? 'self-intersection' : 'rings cross'
    if (s.ring === t.ring) {
      // Neighbouring segments share an end point by construction.
      const d = Math.abs(s.index - t.index)
      if (d === 1 || d === n(s.ring) - 1) return null
      return 'ring self-intersection'
    }
    return null // different rings touching at a point: allowed
  })
  if (problem) return problem
  const [shell, ...holes] = rings
  for (const h of holes) if (ringRelation(h, shell) < 0) return 'hole outside shell'
  for (let i = 0; i < holes.length; i++) {
    for (let j = 0; j < holes.length; j++) if (i !== j && ringRelation(holes[i], holes[j]) > 0) return 'nested holes'
  }
  return null
}

function multiPolygonProblem(polys: Ring[][]): string | null {
  for (const p of polys) {
    const q = polygonProblem(p)
    if (q) return q
  }
  if (polys.length < 2) return null
  // Interiors of different polygons must not overlap: no crossing shells, no shared segments, and no shell
  // inside another polygon (unless inside one of its holes).
  const shells = polys.map((p) => clean(p[0]))
  const segs = segmentsOf(shells)
  const crossing = sweep(segs, (s, t) => {
    if (s.ring === t.ring) return null
    const c = contact(s.a, s.b, t.a, t.b)
    return c === 'cross' || c === 'overlap' ? 'overlapping polygons' : null
  })
  if (crossing) return crossing
  for (let i = 0; i < polys.length; i++) {
    for (let j = 0; j < polys.length; j++) {
      if (i === j) continue
      if (ringRelation(shells[i], shells[j]) > 0) {
        const inHole = polys[j].slice(1).some((h) => ringRelation(shells[i], clean(h)) > 0)
        if (!inHole) return 'overlapping polygons'
      }
    }
  }
  return null
}

/** Are all positions' x and y finite? (Plain loops: this runs for every coordinate of a layer.) */
function allFinite(g: Geometry): boolean {
  if (g.type === 'GeometryCollection') return (g.geometries ?? []).every(allFinite)
  const walk = (c: unknown): boolean => {
    if (!Array.isArray(c)) return true
    if (typeof c[0] === 'number') return Number.isFinite(c[0]) && Number.isFinite(c[1])
    for (let i = 0; i < c.length; i++) if (!walk(c[i])) return false
    return true
  }
  return walk(g.coordinates)
}

/** Why a geometry is invalid, or null when it is valid. */
export function invalidReason(g: Geometry): string | null {
  if (!allFinite(g)) return 'non-finite coordinate'
  const c = g.coordinates as never
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      return null
    case 'LineString':
      return clean(c as Ring).length < 2 ? 'line with fewer than 2 distinct positions' : null
    case 'MultiLineString':
      return (c as Ring[]).some((l) => clean(l).length < 2) ? 'line with fewer than 2 distinct positions' : null
    case 'Polygon':
      return (c as Ring[]).length ? polygonProblem(c as Ring[]) : null
    case 'MultiPolygon':
      return multiPolygonProblem((c as Ring[][]).filter((p) => p.length))
    case 'GeometryCollection':
      return (g.geometries ?? []).map(invalidReason).find((r) => r) ?? null
    default:
      return `unknown geometry type ${g.type}`
  }
}
