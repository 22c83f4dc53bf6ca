// Distance, area and perimeter of a drawn line or polygon, twice: on the UTM grid (planar, EPSG:25832 metres — what
// a planner's CAD and the cadastre compute) and on the GRS80 ellipsoid (geodesics after Karney, through
// GeographicLib's own JavaScript port). The two differ by the UTM scale factor (about −350 ppm at Soest), which is
// why both are shown.
import { Geodesic, PolygonArea } from 'geographiclib-geodesic'

export type LonLat = [number, number]
export type Grid = [number, number]
export type MeasureKind = 'line' | 'polygon'

/** GRS80, the ellipsoid of ETRS89 (EPSG:7019): a = 6378137 m, 1/f = 298.257222101. */
export const GRS80 = new Geodesic.Geodesic(6378137, 1 / 298.257222101)

export interface Values {
  /** Length of the line, or perimeter of the polygon, in metres. */
  length: number
  /** Polygon area in square metres (absent for lines). */
  area?: number
}

export interface Measurement {
  kind: MeasureKind
  /** Vertices as entered (lon/lat) and on the grid (easting/northing). */
  vertices: LonLat[]
  grid: Grid[]
  /** Planar values in EPSG:25832. */
  planar: Values
  /** Ellipsoidal values on GRS80. */
  geodesic: Values
  /** Segment lengths (for a polygon including the closing one), planar and geodesic. */
  segments: { planar: number; geodesic: number }[]
}

/** Planar area by the shoelace formula, relative to the first vertex (keeps 6-digit eastings from eating precision). */
export function planarArea(points: Grid[]): number {
  if (points.length < 3) return 0
  const [x0, y0] = points[0]
  let twice = 0
  for (let i = 1; i < points.length - 1; i++) {
    const [x1, y1] = points[i]
    const [x2, y2] = points[i + 1]
    twice += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)
  }
  return Math.abs(twice) / 2
}

export function geodesicDistance(a: LonLat, b: LonLat): number {
  return GRS80.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE).s12 as number
}

/** Geodesic perimeter and area (absolute, either orientation) of a polygon, or the length of a polyline. */
export function geodesicValues(kind: MeasureKind, points: LonLat[]): Values {
  const p = new PolygonArea.PolygonArea(GRS80, kind === 'line')
  for (const [lon, lat] of points) p.AddPoint(lat, lon)
  // Signed (counter-clockwise positive), so a clockwise ring gives minus its area, not the rest of the Earth.
  const r = p.Compute(false, true)
  return kind === 'line' ? { length: r.perimeter } : { length: r.perimeter, area: points.length >= 3 ? Math.abs(r.area ?? 0) : 0 }
}

/** Measures a line (≥ 2 vertices useful) or polygon (≥ 3) given in lon/lat; toGrid projects to EPSG:25832. */
export function measure(kind: MeasureKind, vertices: LonLat[], toGrid: (p: LonLat) => Grid): Measurement {
  const grid = vertices.map(toGrid)
  const n = vertices.length
  const closing = kind === 'polygon' && n >= 3
  const segments: Measurement['segments'] = []
  for (let i = 0; i + 1 < n || (closing && i < n); i++) {
    const j = (i + 1) % n
    segments.push({
      planar: Math.hypot(grid[j][0] - grid[i][0], grid[j][1] - grid[i][1]),
      geodesic: geodesicDistance(vertices[i], vertices[j]),
    })
  }
  const planarLength = segments.reduce((s, x) => s + x.planar, 0)
  const planar: Values = kind === 'line' ? { length: planarLength } : { length: planarLength, area: planarArea(grid) }
  // A "polygon" of two vertices is still a line: no closing segment, no area yet.
  const geodesic = n < 2 ? { length: 0 } : closing ? geodesicValues('polygon', vertices) : geodesicValues('line', vertices)
  if (kind === 'polygon' && !closing) geodesic.area = 0
  return { kind, vertices, grid, planar, geodesic, segments }
}
