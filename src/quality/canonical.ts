// A canonical form of a geometry, so that two digitisations of the same shape compare equal as GEOS's
// ST_Equals sees them in the common cases: ring start point, ring orientation, line direction, the order of
// parts and holes, and repeated consecutive positions do not matter. (Extra collinear vertices still do.)
import type { Geometry } from '../projection/geometry.ts'

type Pos = number[]

const cmp = (a: Pos, b: Pos) => a[0] - b[0] || a[1] - b[1]

function dedupe(ps: Pos[]): Pos[] {
  const out: Pos[] = []
  for (const p of ps) {
    const q = out[out.length - 1]
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push([p[0], p[1]])
  }
  return out
}

function signedArea(r: Pos[]): number {
  let a = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return a / 2
}

/** Ring without closing position, rotated to its smallest vertex, counter-clockwise (ccw) or clockwise. */
function canonicalRing(ring: Pos[], ccw: boolean): Pos[] {
  let r = dedupe(ring)
  if (r.length > 1 && cmp(r[0], r[r.length - 1]) === 0) r.pop()
  if ((signedArea(r) > 0) !== ccw) r.reverse()
  let k = 0
  for (let i = 1; i < r.length; i++) if (cmp(r[i], r[k]) < 0) k = i
  r = [...r.slice(k), ...r.slice(0, k)]
  return r
}

function canonicalLine(line: Pos[]): Pos[] {
  const l = dedupe(line)
  return l.length > 1 && cmp(l[l.length - 1], l[0]) < 0 ? l.reverse() : l
}

const byFirst = (a: Pos[], b: Pos[]) => (a.length && b.length ? cmp(a[0], b[0]) : a.length - b.length) || a.length - b.length

function canonicalPolygon(rings: Pos[][]): Pos[][] {
  const [shell, ...holes] = rings
  return [canonicalRing(shell ?? [], true), ...holes.map((h) => canonicalRing(h, false)).sort(byFirst)]
}

export function canonicalCoordinates(g: Geometry): unknown {
  const c = g.coordinates as never
  switch (g.type) {
    case 'Point':
      return c
    case 'MultiPoint':
      return dedupe([...(c as Pos[])].sort(cmp)).filter((p, i, a) => i === 0 || cmp(p, a[i - 1]) !== 0)
    case 'LineString':
      return canonicalLine(c)
    case 'MultiLineString':
      return (c as Pos[][]).map(canonicalLine).sort(byFirst)
    case 'Polygon':
      return canonicalPolygon(c)
    case 'MultiPolygon':
      return (c as Pos[][][]).map(canonicalPolygon).sort((a, b) => byFirst(a[0], b[0]))
    default:
      return (g.geometries ?? []).map((x) => [x.type, canonicalCoordinates(x)])
  }
}
