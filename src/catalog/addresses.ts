// Address search (issue #15), pure: which shards of the address indexes a query needs, and matching a query
// against the streets of those shards. No I/O: the composition root fetches manifests and shards and hands them in.
import type { BBox } from '../model/catalog.ts'
import { housePoint, type SearchManifest, type SearchShard, type StreetRecord } from '../model/addresses.ts'
import { MIN_KEY, isStopWord, parseAddressQuery, streetCompacts, streetWords, type AddressQuery } from './addressText.ts'
import { fold, split } from './text.ts'

/** Keys longer than the typed word are fetched together only up to this many bytes ("ba" split into "bah", "bau" …). */
export const SPREAD_BUDGET = 96_000
/** At most this many query words choose shards (the street words; a place typed first is one of them). */
const KEY_WORDS = 3

interface IndexedStreet {
  rec: StreetRecord
  layerId: string
  words: string[]
  compacts: string[]
  placeWords: string[]
  /** House numbers split once: digits and folded addition. */
  houses: { num: string; add: string }[]
}

export interface AddressHit {
  kind: 'address' | 'street'
  layerId: string
  /** "Brüderstraße 12" or "Brüderstraße". */
  label: string
  /** "59494 Soest" (postcode and place, as known). */
  detail: string
  point: [number, number]
  bbox?: BBox
  /** 0: the house number as typed; 1: that number with an addition; 2: the street; 3: a number starting with the
   * typed one. Then how well the street matched: 0 whole name, 1 name prefix, 2 word prefixes. */
  rank: number
  streetRank: number
}

const splitNumber = (label: string) => {
  const m = /^(\d+)\s*(.*)$/.exec(label)
  return m ? { num: m[1], add: fold(m[2]).replace(/[^\p{L}\p{N}]/gu, '') } : { num: '', add: fold(label) }
}

function indexStreet(rec: StreetRecord, layerId: string): IndexedStreet {
  const houses: IndexedStreet['houses'] = []
  for (let i = 0; rec.h && i * 3 < rec.h.length; i++) houses.push(splitNumber(String(rec.h[i * 3])))
  return { rec, layerId, words: streetWords(rec.n), compacts: streetCompacts(rec.n), placeWords: [...split(rec.o ?? '').map(fold)], houses }
}

/** How a street matches the query's street words: 0 whole name, 1 name prefix, 2 word prefixes; null: not at all. */
function streetRank(s: IndexedStreet, q: AddressQuery): number | null {
  if (!q.street.length) return null
  if (s.compacts.includes(q.compact)) return 0
  if (s.compacts.some((c) => c.startsWith(q.compact))) return 1
  // Every word prefixes a word of the street or of its place, and at least one is the street's.
  let own = false
  for (const w of q.street) {
    if (s.words.some((x) => x.startsWith(w))) own = true
    else if (!s.placeWords.some((x) => x.startsWith(w))) return null
  }
  return own ? 2 : null
}

const placeFits = (s: IndexedStreet, q: AddressQuery) =>
  (q.postcode === undefined || s.rec.z === q.postcode) && q.place.every((w) => s.placeWords.some((x) => x.startsWith(w)) || s.rec.z?.startsWith(w))

const detailOf = (r: StreetRecord) => [r.z, r.o].filter(Boolean).join(' ')

/** Keys of a manifest a query word needs: the longest key the word starts with, and keys that extend the word (if few). */
export function shardsFor(manifest: SearchManifest, word: string): number[] {
  const keys = manifest.shards
  let prefix = -1
  const spread: number[] = []
  let bytes = 0
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i][0]
    if (word.startsWith(k) && (prefix < 0 || k.length > keys[prefix][0].length)) prefix = i
    else if (k.length > word.length && k.startsWith(word)) {
      spread.push(i)
      bytes += keys[i][1]
    }
  }
  const out = prefix >= 0 ? [prefix] : []
  return bytes <= SPREAD_BUDGET ? [...out, ...spread] : out
}

/** The query words that choose shards: street words (not articles), at least MIN_KEY letters. */
function keyWords(q: AddressQuery): string[] {
  const words = [...q.street, ...q.place].filter((w) => w.length >= MIN_KEY && !/^\d+$/.test(w))
  const some = words.filter((w) => !isStopWord(w))
  return (some.length ? some : words).slice(0, KEY_WORDS)
}

/**
 * The address indexes of the searchable layers: manifests and the shards loaded so far (parsed and indexed once).
 * One instance per portal page; the composition root feeds it and asks which shards a query still needs.
 */
export class AddressIndex {
  private readonly manifests = new Map<string, SearchManifest>()
  private readonly shards = new Map<string, IndexedStreet[]>()

  setManifest(layerId: string, manifest: SearchManifest): void {
    this.manifests.set(layerId, manifest)
  }

  addShard(layerId: string, shard: number, data: SearchShard): void {
    this.shards.set(`${layerId}/${shard}`, data.streets.map((r) => indexStreet(r, layerId)))
  }

  /** Shards (layer id, shard number) the query needs, loaded or not. */
  needed(query: string): { layerId: string; shard: number }[] {
    const words = keyWords(parseAddressQuery(query))
    const out: { layerId: string; shard: number }[] = []
    for (const [layerId, m] of this.manifests) {
      const seen = new Set<number>()
      for (const w of words) for (const i of shardsFor(m, w)) if (!seen.has(i)) seen.add(i) && out.push({ layerId, shard: i })
    }
    return out
  }

  /** Needed shards not loaded yet. */
  missing(query: string): { layerId: string; shard: number }[] {
    return this.needed(query).filter((s) => !this.shards.has(`${s.layerId}/${s.shard}`))
  }

  /**
   * Addresses and streets for the query from the needed shards that are loaded, best first: the house number as
   * typed, then with an addition, then the street, then numbers starting with the typed one; within a rank whole
   * street names before prefixes before word matches, then by name and number.
   */
  match(query: string, limit = 10): AddressHit[] {
    const q = parseAddressQuery(query)
    if (!q.street.length) return []
    const hits: (AddressHit & { key: string })[] = []
    const seen = new Set<string>()
    for (const { layerId, shard } of this.needed(query)) {
      for (const s of this.shards.get(`${layerId}/${shard}`) ?? []) {
        // A street is in the shard of each of its words: take it once.
        const id = `${layerId}\n${s.rec.n}\n${s.rec.z ?? ''}\n${s.rec.o ?? ''}\n${s.rec.p.join(',')}`
        if (seen.has(id)) continue
        const sr = streetRank(s, q)
        if (sr === null || !placeFits(s, q)) continue
        seen.add(id)
        const street = { kind: 'street' as const, layerId, label: s.rec.n, detail: detailOf(s.rec), point: s.rec.p, ...(s.rec.b ? { bbox: s.rec.b } : {}), rank: 2, streetRank: sr, key: `${s.rec.n}\n` }
        if (q.number === undefined) {
          hits.push(street)
          continue
        }
        let any = false
        s.houses.forEach((h, i) => {
          let rank: number
          if (h.num === q.number) {
            if (h.add === (q.addition ?? '')) rank = 0
            else if (h.add.startsWith(q.addition ?? '')) rank = 1
            else return
          } else if (q.addition === undefined && h.num.startsWith(q.number!)) rank = 3
          else return
          any = true
          const label = String(s.rec.h![i * 3])
          hits.push({ kind: 'address', layerId, label: `${s.rec.n} ${label}`, detail: detailOf(s.rec), point: housePoint(s.rec, i), rank, streetRank: sr, key: `${s.rec.n}\n${h.num.padStart(5, '0')}${h.add}` })
        })
        // The street itself, when it has houses matching or is a street without houses (a street layer).
        if (any || !s.houses.length || sr === 0) hits.push(street)
      }
    }
    hits.sort((a, b) => a.rank - b.rank || a.streetRank - b.streetRank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    // The same street from an address layer and a street layer (or as two records nearby): offered once.
    const out: AddressHit[] = []
    for (const { key: _key, ...h } of hits) {
      if (out.length >= limit) break
      const near = (o: AddressHit) => o.kind === 'street' && fold(o.label) === fold(h.label) && Math.abs(o.point[0] - h.point[0]) < 0.01 && Math.abs(o.point[1] - h.point[1]) < 0.01
      if (h.kind === 'street' && out.some(near)) continue
      out.push(h)
    }
    return out
  }
}
