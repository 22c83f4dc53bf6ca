// Place search: pure matching of typed text against the place indexes (places.json) of searchable layers.
// No I/O: the composition root loads the files and hands in their places.
import type { BBox } from '../model/catalog.ts'
import type { PlaceRecord } from '../model/places.ts'
import { fold, queryTokens, tokens } from './text.ts'

export interface Place extends PlaceRecord {
  /** The layer the place comes from (its title is shown with each result). */
  layerId: string
}

export interface IndexedPlace {
  place: Place
  /** The name folded, words joined by single spaces: once with ä → ae, once with ä → a. */
  phrases: string[]
  /** Words of the name, folded (both umlaut spellings). */
  words: string[]
}

/** Words of a text joined by single spaces, folded (fold of search.ts: case, umlauts, ß, accents). */
const phrase = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(fold).join(' ')

export function indexPlaces(places: Place[]): IndexedPlace[] {
  return places.map((place) => {
    const plain = place.name.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/Ä/g, 'A').replace(/Ö/g, 'O').replace(/Ü/g, 'U')
    return { place, phrases: [...new Set([phrase(place.name), phrase(plain)])], words: tokens(place.name) }
  })
}

export interface PlaceHit {
  place: Place
  /** 0: the name starts with the query; 1: every query word starts a word of the name; 2: every query word is
   * inside the name (from three letters on). Lower is better. */
  rank: 0 | 1 | 2
}

function rankOf(p: IndexedPlace, q: string, qs: string[]): PlaceHit['rank'] | null {
  if (p.phrases.some((ph) => ph.startsWith(q))) return 0
  if (qs.every((w) => p.words.some((x) => x.startsWith(w)))) return 1
  if (qs.every((w) => w.length >= 3 && p.phrases.some((ph) => ph.includes(w)))) return 2
  return null
}

/**
 * Places matching the query, best first: names starting with the query before names with words starting with
 * the query words before names merely containing them; then shorter names (the exact name first), then
 * alphabetically. Case, umlauts (ä = ae = a) and ß (= ss) are folded; punctuation separates words.
 */
export function matchPlaces(index: IndexedPlace[], query: string, limit = 10): PlaceHit[] {
  const qs = queryTokens(query)
  if (!qs.length) return []
  const q = qs.join(' ')
  const hits: (PlaceHit & { key: string })[] = []
  for (const p of index) {
    const rank = rankOf(p, q, qs)
    if (rank !== null) hits.push({ place: p.place, rank, key: p.phrases[0] })
  }
  hits.sort((a, b) => a.rank - b.rank || a.key.length - b.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return hits.slice(0, limit).map(({ place, rank }) => ({ place, rank }))
}

/** Whether a place is a point (no extent to fit, or an extent too small to matter). */
export function isPointLike(p: PlaceRecord): boolean {
  const b: BBox | undefined = p.bbox
  return !b || (b[2] - b[0] < 1e-5 && b[3] - b[1] < 1e-5)
}
