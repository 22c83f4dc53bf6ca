// The drawings of the "Zeichnen" tool as plain data: what is stored on this device, exported, imported and drawn
// on the map. Geometry in lon/lat (EPSG:4326, RFC 7946 order); a circle is kept as the polygon that approximates
// it (so it prints, exports and re-imports as what was seen) plus its centre and radius for labels.
import { GRS80, type LonLat } from '../measure/measure.ts'

export type DrawKind = 'point' | 'line' | 'polygon' | 'circle' | 'text'
export const DRAW_KINDS: readonly DrawKind[] = ['point', 'line', 'polygon', 'circle', 'text']

export type DrawGeometry = { type: 'Point'; coordinates: LonLat } | { type: 'LineString'; coordinates: LonLat[] } | { type: 'Polygon'; coordinates: LonLat[][] }

export interface Drawing {
  id: string
  kind: DrawKind
  geometry: DrawGeometry
  /** One of PALETTE's colours (imported colours outside it are kept, if they are #rrggbb). */
  colour: string
  /** Line width / point size in pixels, 1 … MAX_WIDTH. */
  width: number
  /** The name shown in the list and, for text and where given, on the map. */
  label: string
}

/**
 * Colours that keep at least 4.5:1 against white and the light base map (WCAG 1.4.11 asks 3:1 for graphics), so
 * thin lines and labels stay readable; told apart by name in the panel, not by colour alone.
 */
export const PALETTE = [
  { id: 'orange', hex: '#b93a0b' },
  { id: 'blue', hex: '#0a5fb4' },
  { id: 'green', hex: '#00735a' },
  { id: 'purple', hex: '#7b2d8e' },
  { id: 'red', hex: '#c4002f' },
  { id: 'black', hex: '#1a1a1a' },
] as const
export type PaletteId = (typeof PALETTE)[number]['id']

export const DEFAULT_STYLE = { colour: PALETTE[0].hex, width: 3 }
export const MAX_WIDTH = 10
export const HEX = /^#[0-9a-f]{6}$/i

export const geometryKind = (kind: DrawKind): DrawGeometry['type'] => (kind === 'line' ? 'LineString' : kind === 'polygon' || kind === 'circle' ? 'Polygon' : 'Point')

let counter = 0
/** A new id, unique on this device (time + counter; no randomness needed). */
export function newId(): string {
  counter += 1
  return `d${Date.now().toString(36)}${counter.toString(36)}`
}

/** The polygon of a circle: `segments` points on the GRS80 geodesic circle around centre (radius in metres). */
export function circlePolygon(centre: LonLat, radius: number, segments = 64): DrawGeometry {
  const ring: LonLat[] = []
  for (let i = 0; i < segments; i++) {
    const r = GRS80.Direct(centre[1], centre[0], (360 * i) / segments, radius)
    ring.push([round(r.lon2 as number), round(r.lat2 as number)])
  }
  ring.push(ring[0])
  return { type: 'Polygon', coordinates: [ring] }
}

/** 9 decimals (0.1 mm), Terra Draw's precision: stored, exported and re-imported coordinates stay equal. */
export const round = (x: number) => Math.round(x * 1e9) / 1e9

/** The vertices one sees (a polygon's ring without the closing repeat). */
export function vertices(g: DrawGeometry): LonLat[] {
  if (g.type === 'Point') return [g.coordinates]
  if (g.type === 'LineString') return g.coordinates
  return g.coordinates[0].slice(0, -1)
}

/** Why a geometry cannot be a drawing, or undefined if it can. */
export function geometryProblem(g: DrawGeometry): string | undefined {
  const ok = (p: unknown) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90
  if (g.type === 'Point') return ok(g.coordinates) ? undefined : 'coordinates'
  if (g.type === 'LineString') return Array.isArray(g.coordinates) && g.coordinates.length >= 2 && g.coordinates.every(ok) ? undefined : 'coordinates'
  if (g.type === 'Polygon') {
    const ring = Array.isArray(g.coordinates) ? g.coordinates[0] : undefined
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(ok)) return 'coordinates'
    const [a, b] = [ring[0], ring[ring.length - 1]]
    return a[0] === b[0] && a[1] === b[1] ? undefined : 'ring'
  }
  return 'type'
}
