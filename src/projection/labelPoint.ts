// Points that stand for a geometry, in its own CRS: a label point inside a polygon (MapLibre labels each tile's
// piece of a polygon, repeating a name across tiles; one point per feature shows it once), and a representative
// point of any geometry (the place index of searchable layers). Pure planar geometry.
import type { Geometry } from './geometry.ts'

type Ring = number[][]

function ringArea(r: Ring): number {
  let a = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return a / 2
}

/**
 * A point inside the polygon: on the horizontal line through the outer ring's centroid, the middle of the
 * widest stretch that lies inside (holes included in the crossing count).
 */
export function polygonLabelPoint(rings: Ring[]): [number, number] | null {
  const outer = rings[0]
  if (!outer || outer.length < 4) return null
  let cy = 0
  let a = 0
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const f = outer[j][0] * outer[i][1] - outer[i][0] * outer[j][1]
    cy += (outer[j][1] + outer[i][1]) * f
    a += f
  }
  const y = a ? cy / (3 * a) : outer[0][1]
  const xs: number[] = []
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [x1, y1] = r[j]
      const [x2, y2] = r[i]
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1))
    }
  }
  xs.sort((p, q) => p - q)
  let best: [number, number] | null = null
  let width = -1
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1] - xs[k] > width) {
      width = xs[k + 1] - xs[k]
      best = [(xs[k] + xs[k + 1]) / 2, y]
    }
  }
  return best ?? [outer[0][0], outer[0][1]]
}

/** Label point of a (multi)polygon: inside its largest part. */
export function labelPoint(g: Geometry): [number, number] | null {
  if (g.type === 'Polygon') return polygonLabelPoint(g.coordinates as Ring[])
  if (g.type === 'MultiPolygon') {
    const parts = g.coordinates as Ring[][]
    let best: Ring[] | null = null
    let area = -1
    for (const p of parts) {
      const pa = Math.abs(ringArea(p[0] ?? []))
      if (pa > area) {
        area = pa
        best = p
      }
    }
    return best ? polygonLabelPoint(best) : null
  }
  return null
}

const lineLength = (l: Ring) => l.reduce((s, p, i) => (i ? s + Math.hypot(p[0] - l[i - 1][0], p[1] - l[i - 1][1]) : 0), 0)

/** The point halfway along a line. */
function linePoint(line: Ring): [number, number] | null {
  if (!line.length) return null
  let rest = lineLength(line) / 2
  for (let i = 1; i < line.length; i++) {
    const [x1, y1] = line[i - 1]
    const [x2, y2] = line[i]
    const d = Math.hypot(x2 - x1, y2 - y1)
    if (d >= rest && d > 0) return [x1 + ((x2 - x1) * rest) / d, y1 + ((y2 - y1) * rest) / d]
    rest -= d
  }
  return [line[0][0], line[0][1]]
}

/** A representative point of a geometry, in its own CRS: inside a polygon (its largest part), halfway along a
 * line (its longest part), the point itself. */
export function representativePoint(g: Geometry): [number, number] | null {
  const c = g.coordinates as unknown
  switch (g.type) {
    case 'Point':
      return [(c as number[])[0], (c as number[])[1]]
    case 'MultiPoint':
      return (c as Ring).length ? [(c as Ring)[0][0], (c as Ring)[0][1]] : null
    case 'LineString':
      return linePoint(c as Ring)
    case 'MultiLineString': {
      const parts = c as Ring[]
      return parts.length ? linePoint(parts.reduce((a, b) => (lineLength(b) > lineLength(a) ? b : a))) : null
    }
    case 'Polygon':
      return polygonLabelPoint(c as Ring[])
    case 'MultiPolygon': {
      const parts = c as Ring[][]
      return parts.length ? polygonLabelPoint(parts.reduce((a, b) => (Math.abs(ringArea(b[0] ?? [])) > Math.abs(ringArea(a[0] ?? [])) ? b : a))) : null
    }
    case 'GeometryCollection':
      for (const part of g.geometries ?? []) {
        const p = representativePoint(part)
        if (p) return p
      }
      return null
    default:
      return null
  }
}
