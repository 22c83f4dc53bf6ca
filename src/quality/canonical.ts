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

const hashBuf = new Float64Array(1)
const hashBits = new Uint32Array(hashBuf.buffer)
let ringX = new Float64Array(64)
let ringY = new Float64Array(64)

/**
 * The duplicate key of a geometry as GEOS's ST_Equals sees it: a 64-bit hash (into `out`, two halves) of the
 * canonical coordinates, the geometry type and the number of positions. A Polygon of one ring — most of a
 * layer — is hashed from scratch arrays, in the order canonicalCoordinates would give, without building it;
 * `general` takes the general way (to test the shortcut against).
 */
export function geometryKey(g: Geometry, out: Uint32Array, general = false): void {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  let n = 0
  const number = (x: number): void => {
    hashBuf[0] = x
    h1 = Math.imul(h1 ^ hashBits[0], 0x01000193) ^ hashBits[1]
    h2 = Math.imul(h2 ^ hashBits[1], 0x5bd1e995) ^ hashBits[0]
    n++
  }
  const boundary = () => {
    h1 = Math.imul(h1 ^ 0x9e3779b9, 0x01000193)
  }
  const mix = (c: unknown): void => {
    if (typeof c === 'string') {
      // A member's type in a GeometryCollection (walked as an array of letters it would never end).
      for (let i = 0; i < c.length; i++) h2 = Math.imul(h2 ^ c.charCodeAt(i), 0x5bd1e995)
      return
    }
    const a = c as unknown[]
    if (typeof a[0] !== 'number') {
      for (const x of a) mix(x)
      boundary() // part boundary
      return
    }
    number(a[0] as number)
    number(a[1] as number)
  }
  const rings = g.coordinates as Pos[][]
  if (!general && g.type === 'Polygon' && Array.isArray(rings) && rings.length === 1 && Array.isArray(rings[0])) {
    loneRing(rings[0], number)
    boundary() // the ring
    boundary() // the polygon
  } else mix(canonicalCoordinates(g))
  for (const c of g.type) h2 = Math.imul(h2 ^ c.charCodeAt(0), 0x5bd1e995)
  out[0] = h1 >>> 0
  out[1] = Math.imul(h2 ^ n, 0x01000193) >>> 0
}

/** canonicalRing(ring, true)'s positions shown to `number` (x, then y, of each): same steps, no arrays built. */
function loneRing(ring: Pos[], number: (x: number) => void): void {
  if (ringX.length < ring.length) {
    ringX = new Float64Array(ring.length * 2)
    ringY = new Float64Array(ring.length * 2)
  }
  const xs = ringX
  const ys = ringY
  let m = 0
  for (const p of ring) {
    if (m === 0 || xs[m - 1] !== p[0] || ys[m - 1] !== p[1]) {
      xs[m] = p[0]
      ys[m] = p[1]
      m++
    }
  }
  if (m > 1 && (xs[0] - xs[m - 1] || ys[0] - ys[m - 1]) === 0) m--
  let area = 0
  for (let i = 0, j = m - 1; i < m; j = i++) area += (xs[j] - xs[i]) * (ys[j] + ys[i])
  const reversed = !(area / 2 > 0)
  const at = (t: number) => (reversed ? m - 1 - t : t)
  let k = 0
  for (let i = 1; i < m; i++) {
    const a = at(i)
    const b = at(k)
    if ((xs[a] - xs[b] || ys[a] - ys[b]) < 0) k = i
  }
  for (let t = 0; t < m; t++) {
    const q = at((k + t) % m)
    number(xs[q])
    number(ys[q])
  }
}
