// The address and street index of a layer (issue #15): written by `geoportal publish --addresses` (an address
// layer: street, house number, addition, postcode, place) or `--streets <attribute>` (a street layer), read by the
// portal's place search. Sharded by the folded prefix of the street names' words, so a phone fetches only the
// shard(s) the typed prefix needs: a small manifest (search.json) lists the shard keys; shard i is search-<i>.json.
import type { BBox } from './catalog.ts'

export const SEARCH_MANIFEST = 'search.json'
export const shardFileName = (i: number) => `search-${i}.json`
/** Shard files are named search-<i>.json (i < shard count); nothing else in a layer folder looks like that. */
export const SHARD_FILE = /^search-(\d{1,6})\.json$/

export interface SearchManifest {
  version: 1
  /** Street records and house addresses in the whole index. */
  streets: number
  addresses: number
  /** [key, bytes] per shard, sorted by key; shard i lives in search-<i>.json. The key is a folded word prefix:
   * a street is in the shard of every significant word of its name (see src/catalog/addressText.ts). */
  shards: [string, number][]
}

/**
 * One street of one postcode and place. Houses are flat triples [label, dLon, dLat]: the house number as shown
 * ("12", "12a", "7 Whg 3"), and its position in millionths of a degree from `p` (~0.1 m; short integers).
 */
export interface StreetRecord {
  /** Street name as published. */
  n: string
  /** Postcode, place (postal place name or district); absent when unknown. */
  z?: string
  o?: string
  /** A point on or in the street (lon/lat), and its extent when it has one. */
  p: [number, number]
  b?: BBox
  h?: (string | number)[]
}

export interface SearchShard {
  version: 1
  streets: StreetRecord[]
}

const lonLat = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90
const bbox = (v: unknown): v is BBox =>
  Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && v[0] <= v[2] && v[1] <= v[3]
const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0)

/** Reads an untrusted search.json; throws (one line) when it is not a manifest. Shard keys must be sorted and distinct. */
export function parseSearchManifest(json: unknown, id: string): SearchManifest {
  const raw = json as Record<string, unknown> | null
  if (typeof raw !== 'object' || raw === null || raw.version !== 1 || !Array.isArray(raw.shards)) throw new Error(`search.json of ${id}: not an address index manifest`)
  const shards: [string, number][] = []
  for (const s of raw.shards as unknown[]) {
    if (!Array.isArray(s) || typeof s[0] !== 'string' || !s[0] || s[0].length > 64 || count(s[1]) !== s[1]) throw new Error(`search.json of ${id}: shard ${shards.length} is not [key, bytes]`)
    if (shards.length && shards[shards.length - 1][0] >= s[0]) throw new Error(`search.json of ${id}: shard keys not sorted at "${s[0]}"`)
    shards.push([s[0], s[1] as number])
  }
  return { version: 1, streets: count(raw.streets), addresses: count(raw.addresses), shards }
}

/** Reads an untrusted shard leniently: unusable streets and houses are skipped. Throws when it is not a shard. */
export function parseSearchShard(json: unknown, name: string): SearchShard {
  const raw = json as Record<string, unknown> | null
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.streets)) throw new Error(`${name}: not an address index shard`)
  const streets: StreetRecord[] = []
  for (const s of raw.streets as Record<string, unknown>[]) {
    if (typeof s !== 'object' || s === null || typeof s.n !== 'string' || !s.n.trim() || !lonLat(s.p)) continue
    const r: StreetRecord = { n: s.n, p: s.p }
    if (typeof s.z === 'string') r.z = s.z
    if (typeof s.o === 'string') r.o = s.o
    if (bbox(s.b)) r.b = s.b
    if (Array.isArray(s.h)) {
      const h: (string | number)[] = []
      for (let i = 0; i + 2 < s.h.length; i += 3) {
        const [label, dx, dy] = [s.h[i], s.h[i + 1], s.h[i + 2]]
        if (typeof label === 'string' && label && Number.isInteger(dx) && Number.isInteger(dy)) h.push(label, dx as number, dy as number)
      }
      if (h.length) r.h = h
    }
    streets.push(r)
  }
  return { version: 1, streets }
}

/** The position of house i (0-based) of a street: p plus the stored offset. */
export function housePoint(s: StreetRecord, i: number): [number, number] {
  const h = s.h!
  return [Math.round((s.p[0] + (h[i * 3 + 1] as number) / 1e6) * 1e7) / 1e7, Math.round((s.p[1] + (h[i * 3 + 2] as number) / 1e6) * 1e7) / 1e7]
}
