// Polygon rings of a Shapefile shape → Polygon or MultiPolygon, as GDAL assembles them.
import type { Geometry } from '../../../src/projection/geometry.ts'

export type Ring = number[][]

// ---------------------------------------------------------------------------------------------------------------
// Polygon ring assembly, following GDAL (shape2ogr.cpp SHPReadOGRObject + OGRGeometryFactory::organizePolygons):
// the Shapefile spec has outer rings clockwise and holes counter-clockwise, but does not say which outer ring a
// hole belongs to. A hole goes to the smallest outer ring (by area) whose extent contains the hole's and that
// contains a vertex of the hole; holes that fit in no outer ring become outer rings themselves. When a shape has
// exactly one clockwise ring, all other rings are its holes. When all rings after the first are counter-clockwise
// and some lie outside the first ring (files written with wrong winding, e.g. by QGIS ≤ 3.28), orientation is
// ignored and rings are nested purely by containment.

interface RingInfo {
  index: number
  ring: Ring
  minX: number
  minY: number
  maxX: number
  maxY: number
  area: number
  /** Clockwise, as GDAL's isClockwise says (also for degenerate rings). */
  clockwise: boolean
  /** Clockwise and valid: a candidate outer ring. */
  cw: boolean
  valid: boolean
  top: boolean
  parent: number
}

/** `stored`: the number of points in the file (GDAL judges validity before any closing). */
function ringInfo(ring: Ring, index: number, stored: number): RingInfo {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < ring.length; i++) {
    const x = ring[i][0]
    const y = ring[i][1]
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const valid = stored >= 4
  const clockwise = isClockwise(ring)
  return {
    index,
    ring,
    minX,
    minY,
    maxX,
    maxY,
    area: valid ? Math.abs(greenSum(ring)) / 2 : 0,
    clockwise,
    cw: valid && clockwise,
    valid,
    top: false,
    parent: -1,
  }
}

/** Σ x_i (y_{i+1} − y_{i−1}) over a closed ring (twice the signed area, negative for clockwise). */
function greenSum(r: Ring): number {
  const n = r.length
  let sum = r[0][0] * (r[1][1] - r[n - 1][1])
  for (let i = 1; i < n - 1; i++) sum += r[i][0] * (r[i + 1][1] - r[i - 1][1])
  sum += r[n - 1][0] * (r[0][1] - r[n - 2][1])
  return sum
}

/** GDAL's OGRLinearRing::isClockwise: turn at the lowest-rightmost vertex, the signed area when that is degenerate. */
function isClockwise(r: Ring): boolean {
  const n = r.length
  if (n < 2) return true
  let fallback = false
  let v = 0
  for (let i = 1; i < n - 1; i++) {
    if (r[i][1] < r[v][1] || (r[i][1] === r[v][1] && r[i][0] > r[v][0])) {
      v = i
      fallback = false
    } else if (r[i][1] === r[v][1] && r[i][0] === r[v][0]) fallback = true
  }
  const EPS = 1e-5
  let prev = v - 1
  if (prev < 0) prev = n - 2
  if (Math.abs(r[prev][0] - r[v][0]) < EPS && Math.abs(r[prev][1] - r[v][1]) < EPS) fallback = true
  const dx0 = r[prev][0] - r[v][0]
  const dy0 = r[prev][1] - r[v][1]
  let next = v + 1
  if (next >= n - 1) next = 0
  if (Math.abs(r[next][0] - r[v][0]) < EPS && Math.abs(r[next][1] - r[v][1]) < EPS) fallback = true
  const dx1 = r[next][0] - r[v][0]
  const dy1 = r[next][1] - r[v][1]
  const cross = dx1 * dy0 - dx0 * dy1
  if (!fallback) {
    if (cross > 0) return false
    if (cross < 0) return true
  }
  return greenSum(r) < 0
}

/** Ray casting (strict inside; points on the boundary may go either way), as OGRLinearRing::isPointInRing. */
function pointInRing(r: Ring, px: number, py: number): boolean {
  const n = r.length
  let crossings = 0
  let x2 = r[n - 1][0] - px
  let y2 = r[n - 1][1] - py
  for (let i = 0; i < n; i++) {
    const x1 = r[i][0] - px
    const y1 = r[i][1] - py
    if ((y1 > 0 && y2 <= 0) || (y2 > 0 && y1 <= 0)) {
      if ((x1 * y2 - x2 * y1) / (y2 - y1) > 0) crossings++
    }
    x2 = x1
    y2 = y1
  }
  return (crossings & 1) === 1
}

function pointOnRingBoundary(r: Ring, px: number, py: number): boolean {
  for (let i = 1; i < r.length; i++) {
    const ax = r[i - 1][0]
    const ay = r[i - 1][1]
    const bx = r[i][0]
    const by = r[i][1]
    if (ax === bx && ay === by) continue
    if ((ax - px) * (by - py) - (bx - px) * (ay - py) !== 0) continue
    if (px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)) return true
  }
  return false
}

/** Whether ring a lies inside ring b, judged by its first vertex (or the next ones when that is on b's boundary). */
function ringInsideRing(a: Ring, b: Ring): boolean {
  const [sx, sy] = a[0]
  if (!pointOnRingBoundary(b, sx, sy)) return pointInRing(b, sx, sy)
  const n = a.length
  let px = sx
  let py = sy
  let k = 1
  for (; k < n; k++) {
    const x = a[k][0]
    const y = a[k][1]
    if (x === px && y === py) continue
    if (!pointOnRingBoundary(b, x, y)) return pointInRing(b, x, y)
    px = x
    py = y
  }
  if (n > 2) {
    // Every vertex is on b's boundary: try the middles of the edges.
    px = a[0][0]
    py = a[0][1]
    for (k = 1; k < n; k++) {
      const x = a[k][0]
      const y = a[k][1]
      if (x === px && y === py) continue
      const mx = (x + px) / 2
      const my = (y + py) / 2
      if (!pointOnRingBoundary(b, mx, my)) return pointInRing(b, mx, my)
      px = x
      py = y
    }
  }
  return false
}

/** GDAL's check for rings written with the wrong winding order: only the first ring clockwise-or-not, the others all
 *  counter-clockwise, yet some of them lie outside the first (so they are more outer rings than holes). */
function hasWrongWinding(infos: RingInfo[]): boolean {
  for (let i = 1; i < infos.length; i++) if (infos[i].clockwise) return false
  const first = infos[0]
  for (let i = 1; i < infos.length; i++) {
    const o = infos[i]
    if (!(first.minX <= o.maxX && first.maxX >= o.minX && first.minY <= o.maxY && first.maxY >= o.minY)) return true
    // The extreme points (leftmost, rightmost, lowest, highest) of the ring: if none lies inside the first ring,
    // the ring is an outer ring.
    const r = o.ring
    let left = [Infinity, 0]
    let right = [-Infinity, 0]
    let bottom = [0, Infinity]
    let topP = [0, -Infinity]
    for (let k = 0; k < r.length - 1; k++) {
      const p = r[k]
      if (p[0] < left[0] || (p[0] === left[0] && p[1] < left[1])) left = p
      if (p[0] > right[0] || (p[0] === right[0] && p[1] > right[1])) right = p
      if (p[1] < bottom[1] || (p[1] === bottom[1] && p[0] > bottom[0])) bottom = p
      if (p[1] > topP[1] || (p[1] === topP[1] && p[0] < topP[0])) topP = p
    }
    const inFirst = (p: number[]) =>
      p[0] >= first.minX && p[0] <= first.maxX && p[1] >= first.minY && p[1] <= first.maxY && pointInRing(first.ring, p[0], p[1])
    if (!inFirst(left) && !inFirst(right) && !inFirst(bottom) && !inFirst(topP)) return true
  }
  return false
}

/**
 * Rings (≥ 2) of one Polygon record → Polygon or MultiPolygon. `starts`: the part starts (and the point count at the
 * end); `plain`: type 5, the only one where GDAL checks the winding order.
 */
export function organizeRings(rings: Ring[], starts: number[], plain: boolean): Geometry {
  const infos = rings.map((r, i) => ringInfo(r, i, starts[i + 1] - starts[i]))
  const onlyCcw = !(plain && hasWrongWinding(infos))
  let cwCount = 0
  let cwIndex = -1
  let mixedUp = false
  for (const info of infos) {
    if (!info.valid) mixedUp = true
    else if (info.cw) {
      cwCount++
      cwIndex = info.index
    }
  }
  if (onlyCcw && cwCount === 1) {
    // One outer ring: every other ring is a hole in it.
    const coordinates = [rings[cwIndex]]
    for (let i = 0; i < rings.length; i++) if (i !== cwIndex) coordinates.push(rings[i])
    return { type: 'Polygon', coordinates }
  }
  if (mixedUp) {
    // A ring with fewer than 4 points: GDAL gives up on nesting and makes each ring a polygon.
    return { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) }
  }
  const byArea = [...infos].sort((a, b) => b.area - a.area)
  byArea[0].top = true
  for (let i = 1; i < byArea.length; i++) {
    const me = byArea[i]
    if (onlyCcw && me.cw) {
      me.top = true
      continue
    }
    let j = i - 1
    for (; j >= 0; j--) {
      const other = byArea[j]
      if (onlyCcw && !other.cw) continue
      if (!(other.minX <= me.minX && other.minY <= me.minY && other.maxX >= me.maxX && other.maxY >= me.maxY)) continue
      // The largest clockwise ring is the last candidate: with correct winding a hole must be in it.
      const inside = (onlyCcw && j === 0) || ringInsideRing(me.ring, other.ring)
      if (!inside) continue
      if (other.top) me.parent = other.index
      else me.top = true // an island in a hole
      break
    }
    if (j < 0) me.top = true
  }
  const polygons: Ring[][] = []
  const polygonOf = new Array<Ring[]>(infos.length)
  for (const info of infos) {
    if (info.top) {
      polygonOf[info.index] = [info.ring]
      polygons.push(polygonOf[info.index])
    }
  }
  for (const info of infos) if (!info.top) polygonOf[info.parent].push(info.ring)
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
}
