// The static place index of a searchable layer (publish --searchable <attribute>): per named feature a point to
// show and an extent to fit, in lon/lat, so the portal can find streets, schools or districts without a geocoder.
// Features with the same name close to each other (a street made of many segments) become one place.
import type { BBox } from '../../src/model/catalog.ts'
import type { PlaceRecord, PlacesFile } from '../../src/model/places.ts'
import { geometryBBox, unionBBox, type Geometry } from '../../src/projection/geometry.ts'
import type { Converter } from '../../src/projection/registry.ts'
import { representativePoint } from '../../src/projection/labelPoint.ts'
import { InputError } from '../readers/errors.ts'
import type { VectorData, VectorFeature } from '../vector/model.ts'

/** Features with the same name whose extents are at most this far apart (metres) are one place. */
export const MERGE_DISTANCE_M = 200
/** Longer names are cut: a place name is a label, not a text. */
const MAX_NAME = 200

/** Refuses an attribute the data does not have, listing the ones it has (before any slow step). */
export function checkSearchableAttribute(data: Pick<VectorData, 'columns'>, attribute: string, file: string, flag = '--searchable'): void {
  if (data.columns.some((c) => c.name === attribute)) return
  const names = data.columns.map((c) => c.name)
  throw new InputError(file, `${flag}: attribute "${attribute}" does not exist; attributes: ${names.length ? names.join(', ') : 'none'}`)
}

/** Text of an attribute value for the index; null when it names nothing. */
function placeName(v: unknown): string | null {
  if (v === null || v === undefined || typeof v === 'object') return null
  const s = String(v).replace(/\s+/g, ' ').trim()
  return s ? s.slice(0, MAX_NAME) : null
}

const gap = (a: BBox, b: BBox) => Math.hypot(Math.max(0, a[0] - b[2], b[0] - a[2]), Math.max(0, a[1] - b[3], b[1] - a[3]))

/** ~1 cm in lon/lat. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7

interface Member {
  bbox: BBox
  point: [number, number]
}

/**
 * The place index of features in EPSG:25832 (metres): one place per name and cluster of features whose extents
 * are within MERGE_DISTANCE_M of each other; its point is the member's point nearest the cluster's centre,
 * its extent the union. Coordinates in lon/lat through toLonLat. Sorted by name, then position.
 */
export function buildPlaces(features: VectorFeature[], attribute: string, toLonLat: Converter, mergeDistance = MERGE_DISTANCE_M): PlaceRecord[] {
  const byName = new Map<string, Member[]>()
  for (const f of features) {
    const name = placeName(f.properties[attribute])
    if (!name || !f.geometry) continue
    const bbox = geometryBBox(f.geometry)
    const point = representativePoint(f.geometry)
    if (!bbox || !point) continue
    const list = byName.get(name) ?? []
    list.push({ bbox, point })
    byName.set(name, list)
  }
  const places: PlaceRecord[] = []
  for (const [name, members] of byName) {
    // Union-find over members closer than the merge distance (a street's segments chain into one place).
    const parent = members.map((_, i) => i)
    const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])))
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) if (gap(members[i].bbox, members[j].bbox) <= mergeDistance) parent[root(j)] = root(i)
    }
    const clusters = new Map<number, Member[]>()
    for (let i = 0; i < members.length; i++) clusters.set(root(i), [...(clusters.get(root(i)) ?? []), members[i]])
    for (const cluster of clusters.values()) {
      const bbox = cluster.reduce<BBox | null>((b, m) => unionBBox(b, m.bbox), null)!
      const cx = (bbox[0] + bbox[2]) / 2
      const cy = (bbox[1] + bbox[3]) / 2
      const point = cluster.reduce((best, m) => (Math.hypot(m.point[0] - cx, m.point[1] - cy) < Math.hypot(best[0] - cx, best[1] - cy) ? m.point : best), cluster[0].point)
      const [lon, lat] = toLonLat(point).map(round7) as [number, number]
      const place: PlaceRecord = { name, point: [lon, lat] }
      if (bbox[2] > bbox[0] || bbox[3] > bbox[1]) {
        // The extent's corners in lon/lat (EPSG:25832 → 4326 keeps axis-aligned boxes nearly aligned at city scale).
        const corners = [toLonLat([bbox[0], bbox[1]]), toLonLat([bbox[0], bbox[3]]), toLonLat([bbox[2], bbox[1]]), toLonLat([bbox[2], bbox[3]])]
        place.bbox = [
          Math.min(...corners.map((c) => c[0])),
          Math.min(...corners.map((c) => c[1])),
          Math.max(...corners.map((c) => c[0])),
          Math.max(...corners.map((c) => c[1])),
        ].map(round7) as BBox
      }
      places.push(place)
    }
  }
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
  return places.sort((a, b) => cmp(a.name, b.name) || cmp(a.point[0], b.point[0]) || cmp(a.point[1], b.point[1]))
}

/** places.json as written: compact, one line, deterministic. */
export function placesFileBytes(attribute: string, places: PlaceRecord[]): Uint8Array {
  const file: PlacesFile = { version: 1, attribute, places }
  return new TextEncoder().encode(`${JSON.stringify(file)}\n`)
}
