// places.json: the static place index of a searchable layer (written by `geoportal publish --searchable`,
// read lazily by the portal's place search). One entry per named place: a point to show and an extent to fit.
import type { BBox } from './catalog.ts'

export interface PlaceRecord {
  /** The value of the searchable attribute, as text. */
  name: string
  /** A representative point in lon/lat (inside a polygon, on a line), rounded to ~1 cm. */
  point: [number, number]
  /** Extent in lon/lat (west, south, east, north); absent for a single point. */
  bbox?: BBox
}

export interface PlacesFile {
  version: 1
  /** The attribute the names come from. */
  attribute: string
  places: PlaceRecord[]
}

export const PLACES_FILE = 'places.json'

const lonLat = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90

const bbox = (v: unknown): v is BBox =>
  Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && v[0] <= v[2] && v[1] <= v[3]

/**
 * Reads an untrusted places.json leniently: entries that are not usable are skipped (the rest still work).
 * Throws only when the document as a whole is not a places file.
 */
export function parsePlacesFile(json: unknown, id: string): PlacesFile {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as PlacesFile).places)) {
    throw new Error(`places.json of ${id}: not a place index (no "places" list)`)
  }
  const raw = json as Record<string, unknown>
  const places: PlaceRecord[] = []
  for (const p of raw.places as Record<string, unknown>[]) {
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !p.name.trim() || !lonLat(p.point)) continue
    places.push({ name: p.name, point: p.point, ...(bbox(p.bbox) ? { bbox: p.bbox } : {}) })
  }
  return { version: 1, attribute: typeof raw.attribute === 'string' ? raw.attribute : '', places }
}
