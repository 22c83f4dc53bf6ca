// PROJ and GeographicLib as oracles for the planners' tools (Debian proj-bin and geographiclib-tools; .ci/run
// installs them): cs2cs for coordinates, geod for geodesic distances, Planimeter (Karney) for geodesic areas.
import { execFileSync, spawnSync } from 'node:child_process'

export type LonLat = [number, number]

/** Why the oracles cannot run here, or null. */
export function oracleUnavailable(): string | null {
  const missing = ['cs2cs', 'geod', 'Planimeter'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0)
  return missing.length ? `${missing.join(', ')} not installed (apt-get install -y proj-bin geographiclib-tools)` : null
}

/** lon/lat → EPSG:25832 (E, N) or EPSG:31467 (Rechtswert, Hochwert; PROJ uses the BeTA2007 grid from proj-data). */
export function cs2cs(to: 'EPSG:25832' | 'EPSG:31467', points: LonLat[]): [number, number][] {
  const out = execFileSync('cs2cs', ['-f', '%.6f', 'EPSG:4326', to], { input: points.map(([lon, lat]) => `${lat} ${lon}`).join('\n') + '\n', encoding: 'utf8' })
  return out
    .trim()
    .split('\n')
    .map((l) => {
      const [a, b] = l.trim().split(/\s+/).map(Number)
      // EPSG:31467's axis order is northing first.
      return to === 'EPSG:31467' ? [b, a] : [a, b]
    })
}

const GRS80 = ['-e', '6378137', String(1 / 298.257222101)]

/** GRS80 length (polyline) or perimeter and area (polygon) by GeographicLib's Planimeter. */
export function planimeter(kind: 'line' | 'polygon', points: LonLat[]): { length: number; area?: number } {
  const out = execFileSync('Planimeter', [...(kind === 'line' ? ['-l'] : []), ...GRS80, '-p', '9'], { input: points.map(([lon, lat]) => `${lat} ${lon}`).join('\n') + '\n', encoding: 'utf8' })
  const [, length, area] = out.trim().split(/\s+/).map(Number)
  return kind === 'line' ? { length } : { length, area: Math.abs(area) }
}

/** PROJ's geod: the GRS80 distance of each segment (printed in mm), a second opinion on Planimeter's lengths. */
export function geodSegments(points: LonLat[]): number[] {
  const pairs = points.slice(1).map((p, i) => `${points[i][1]} ${points[i][0]} ${p[1]} ${p[0]}`)
  return execFileSync('geod', ['+ellps=GRS80', '-I'], { input: pairs.join('\n') + '\n', encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => Number(l.trim().split(/\s+/)[2]))
}

/** Planar length and shoelace area of points already on the grid (the planner's "UTM values"). */
export function planar(kind: 'line' | 'polygon', grid: [number, number][]): { length: number; area?: number } {
  const ring = kind === 'polygon' ? [...grid, grid[0]] : grid
  let length = 0
  for (let i = 1; i < ring.length; i++) length += Math.hypot(ring[i][0] - ring[i - 1][0], ring[i][1] - ring[i - 1][1])
  if (kind === 'line') return { length }
  let twice = 0
  for (let i = 1; i < grid.length - 1; i++) twice += (grid[i][0] - grid[0][0]) * (grid[i + 1][1] - grid[0][1]) - (grid[i + 1][0] - grid[0][0]) * (grid[i][1] - grid[0][1])
  return { length, area: Math.abs(twice) / 2 }
}

/** "438.035,25" / "438035,25" / "438035.25" → 438035.25 (German or English notation). */
export function parseNumber(text: string, lang: 'de' | 'en' = 'de'): number {
  const t = text.replace(/[^\d.,−-]/g, '').replace('−', '-')
  return Number(lang === 'de' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, ''))
}
