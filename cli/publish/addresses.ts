// The address and street index at publish (issue #15): `--addresses` reads an address layer (street, house number,
// addition, postcode, place — by default the column names of the official house coordinates, HK-DE / NRW
// "Hauskoordinaten": STN, HNR, ADZ, PLZ, ONM), `--streets <attribute>` a street layer; both write the sharded
// index of src/model/addresses.ts, so the portal fetches only the shards a typed prefix needs.
import type { BBox } from '../../src/model/catalog.ts'
import { SEARCH_MANIFEST, shardFileName, type SearchManifest, type SearchShard, type StreetRecord } from '../../src/model/addresses.ts'
import { MIN_KEY, significantWords } from '../../src/catalog/addressText.ts'
import type { Geometry } from '../../src/projection/geometry.ts'
import { representativePoint } from '../../src/projection/labelPoint.ts'
import type { Converter } from '../../src/projection/registry.ts'
import { InputError } from '../readers/errors.ts'
import type { VectorData, VectorFeature } from '../vector/model.ts'
import { buildPlaces } from './places.ts'

export const ADDRESS_ROLES = ['street', 'number', 'addition', 'postcode', 'place'] as const
export type AddressRole = (typeof ADDRESS_ROLES)[number]
export type AddressFields = { street: string; number: string } & Partial<Record<'addition' | 'postcode' | 'place', string>>

/**
 * Column names tried in order (case does not matter) when --address-fields does not name one: first the HK-DE
 * format of the official house coordinates (also the NRW open data "Hauskoordinaten"/GeoBasis NRW), then the
 * ALKIS attribute names and common German and English ones.
 */
export const DEFAULT_ADDRESS_FIELDS: Record<AddressRole, string[]> = {
  street: ['STN', 'strassenname', 'strasse', 'straße', 'street'],
  number: ['HNR', 'hausnummer', 'hsnr', 'housenumber'],
  addition: ['ADZ', 'adressierungszusatz', 'hausnummerzusatz', 'zusatz', 'addition'],
  postcode: ['PLZ', 'postleitzahl', 'postcode'],
  place: ['ONM', 'ortsnamepost', 'ort', 'gemeinde', 'place', 'city'],
}

/** Shards grow a letter longer until they are at most this big (raw JSON); a phone fetches one or a few. */
export const MAX_SHARD_BYTES = 32_000
/** Keys stop growing here (a single street with thousands of houses is one shard, however big). */
const MAX_KEY = 12
const MAX_NAME = 200

/** "street=strasse,number=hsnr" → roles; one line naming the problem otherwise. */
export function parseAddressFields(spec: string, file: string): Partial<Record<AddressRole, string>> {
  const out: Partial<Record<AddressRole, string>> = {}
  if (!spec.trim()) return out
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    const role = part.slice(0, eq).trim() as AddressRole
    const column = part.slice(eq + 1).trim()
    if (eq < 0 || !ADDRESS_ROLES.includes(role) || !column) throw new InputError(file, `--address-fields: "${part}" is not <role>=<attribute> with a role of ${ADDRESS_ROLES.join(', ')}`)
    out[role] = column
  }
  return out
}

/** The columns of each role: as mapped, else the first default present. Street and house number are required. */
export function resolveAddressFields(data: Pick<VectorData, 'columns'>, mapped: Partial<Record<AddressRole, string>>, file: string): AddressFields {
  const names = data.columns.map((c) => c.name)
  const list = names.length ? names.join(', ') : 'none'
  const out: Partial<Record<AddressRole, string>> = {}
  for (const role of ADDRESS_ROLES) {
    const want = mapped[role]
    if (want !== undefined) {
      if (!names.includes(want)) throw new InputError(file, `--address-fields: attribute "${want}" (${role}) does not exist; attributes: ${list}`)
      out[role] = want
      continue
    }
    const found = DEFAULT_ADDRESS_FIELDS[role].map((d) => names.find((n) => n.toLowerCase() === d.toLowerCase())).find(Boolean)
    if (found) out[role] = found
    else if (role === 'street' || role === 'number') {
      throw new InputError(file, `--addresses: no ${role} attribute (looked for ${DEFAULT_ADDRESS_FIELDS[role].join(', ')}); name it with --address-fields ${role}=<attribute>; attributes: ${list}`)
    }
  }
  return out as AddressFields
}

function text(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'object') return ''
  return String(v).replace(/\s+/g, ' ').trim().slice(0, MAX_NAME)
}

/** A postcode read as a number lost its leading zero (01067 → 1067). */
const postcode = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 100000 ? String(v).padStart(5, '0') : text(v))

/** The house number as shown: "12" + "a" → "12a", "7" + "Whg 3" → "7 Whg 3". */
function houseLabel(number: unknown, addition: unknown): string {
  const n = text(number).replace(/\.0+$/, '')
  const a = text(addition)
  if (!n) return ''
  return !a ? n : /^[\p{L}]{1,2}$/u.test(a) ? `${n}${a}` : `${n} ${a}`
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6
const round7 = (v: number) => Math.round(v * 1e7) / 1e7
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
const numberKey = (label: string) => {
  const m = /^(\d+)(.*)$/.exec(label)
  return m ? [Number(m[1]), m[2]] as const : [Infinity, label] as const
}

function lonLatBBox(points: [number, number][]): BBox | undefined {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of points) {
    b[0] = Math.min(b[0], x)
    b[1] = Math.min(b[1], y)
    b[2] = Math.max(b[2], x)
    b[3] = Math.max(b[3], y)
  }
  return b[2] > b[0] || b[3] > b[1] ? (b.map(round7) as BBox) : undefined
}

/**
 * Streets with their houses from an address layer in EPSG:25832: one record per street name, postcode and place;
 * a house without a number or street is left out, the same number twice on a street is kept once (the first).
 */
export function buildAddressStreets(features: VectorFeature[], fields: AddressFields, toLonLat: Converter): { streets: StreetRecord[]; addresses: number; skipped: number } {
  const groups = new Map<string, { n: string; z: string; o: string; houses: Map<string, [number, number]> }>()
  let skipped = 0
  for (const f of features) {
    const p = f.properties
    const n = text(p[fields.street])
    const label = houseLabel(p[fields.number], fields.addition ? p[fields.addition] : undefined)
    const at = f.geometry ? representativePoint(f.geometry as Geometry) : null
    if (!n || !label || !at) {
      skipped++
      continue
    }
    const z = fields.postcode ? postcode(p[fields.postcode]) : ''
    const o = fields.place ? text(p[fields.place]) : ''
    const key = `${n}\n${z}\n${o}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { n, z, o, houses: new Map() }))
    if (g.houses.has(label)) skipped++
    else g.houses.set(label, toLonLat(at))
  }
  const streets: StreetRecord[] = []
  let addresses = 0
  for (const g of groups.values()) {
    const houses = [...g.houses].sort(([a], [b]) => {
      const [na, ra] = numberKey(a)
      const [nb, rb] = numberKey(b)
      return na - nb || cmp(ra, rb)
    })
    addresses += houses.length
    const bbox = lonLatBBox(houses.map(([, q]) => q))
    const cx = bbox ? (bbox[0] + bbox[2]) / 2 : houses[0][1][0]
    const cy = bbox ? (bbox[1] + bbox[3]) / 2 : houses[0][1][1]
    // The house nearest the middle: a point on the street, not between streets of a bent one.
    const mid = houses.reduce((best, h) => (Math.hypot(h[1][0] - cx, h[1][1] - cy) < Math.hypot(best[1][0] - cx, best[1][1] - cy) ? h : best))[1]
    const p: [number, number] = [round6(mid[0]), round6(mid[1])]
    const rec: StreetRecord = { n: g.n, ...(g.z ? { z: g.z } : {}), ...(g.o ? { o: g.o } : {}), p, ...(bbox ? { b: bbox } : {}), h: [] }
    for (const [label, q] of houses) rec.h!.push(label, Math.round((q[0] - p[0]) * 1e6), Math.round((q[1] - p[1]) * 1e6))
    streets.push(rec)
  }
  streets.sort((a, b) => cmp(a.n, b.n) || cmp(a.z ?? '', b.z ?? '') || cmp(a.o ?? '', b.o ?? ''))
  return { streets, addresses, skipped }
}

/** Street records from a street layer: one per name and cluster of segments (the place index's merging). */
export function buildStreetRecords(features: VectorFeature[], attribute: string, toLonLat: Converter): StreetRecord[] {
  return buildPlaces(features, attribute, toLonLat).map((p) => ({ n: p.name, p: p.point, ...(p.bbox ? { b: p.bbox } : {}) }))
}

/**
 * Splits streets into shards by the folded prefix of their significant words (a street is in the shard of each):
 * two letters, one more where a shard would exceed maxBytes. Returns the manifest and the shard files, all
 * compact and deterministic.
 */
export function shardStreets(streets: StreetRecord[], addresses: number, maxBytes = MAX_SHARD_BYTES): { manifest: Uint8Array; shards: Uint8Array[] } {
  const size = streets.map((s) => JSON.stringify(s).length + 1)
  const items: { s: number; w: string }[] = []
  streets.forEach((s, i) => {
    for (const w of significantWords(s.n)) items.push({ s: i, w })
  })
  const out = new Map<string, Set<number>>()
  const add = (key: string, list: { s: number }[]) => {
    const set = out.get(key) ?? new Set<number>()
    for (const it of list) set.add(it.s)
    out.set(key, set)
  }
  const assign = (list: { s: number; w: string }[], len: number) => {
    const groups = new Map<string, { s: number; w: string }[]>()
    for (const it of list) {
      const k = it.w.slice(0, len)
      const g = groups.get(k)
      if (g) g.push(it)
      else groups.set(k, [it])
    }
    for (const [k, group] of groups) {
      const bytes = [...new Set(group.map((g) => g.s))].reduce((t, s) => t + size[s], 0)
      if (bytes <= maxBytes || k.length < len || len >= MAX_KEY) add(k, group)
      else {
        // Words that are exactly the key stay in it; longer ones go one letter deeper.
        const exact = group.filter((g) => g.w.length === len)
        if (exact.length) add(k, exact)
        assign(group.filter((g) => g.w.length > len), len + 1)
      }
    }
  }
  assign(items, MIN_KEY)
  const keys = [...out.keys()].sort(cmp)
  const enc = new TextEncoder()
  const shards = keys.map((k) => {
    const shard: SearchShard = { version: 1, streets: [...out.get(k)!].sort((a, b) => a - b).map((i) => streets[i]) }
    return enc.encode(`${JSON.stringify(shard)}\n`)
  })
  const manifest: SearchManifest = { version: 1, streets: streets.length, addresses, shards: keys.map((k, i) => [k, shards[i].length]) }
  return { manifest: enc.encode(`${JSON.stringify(manifest)}\n`), shards }
}

/** The files of an index, as the layer folder holds them. */
export function searchIndexFiles(index: { manifest: Uint8Array; shards: Uint8Array[] }): { name: string; bytes: Uint8Array }[] {
  return [{ name: SEARCH_MANIFEST, bytes: index.manifest }, ...index.shards.map((bytes, i) => ({ name: shardFileName(i), bytes }))]
}
