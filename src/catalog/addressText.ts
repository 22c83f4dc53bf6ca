// Normalisation of street names and address queries (issue #15), shared by the publisher (which words key a
// street's shard) and the portal (which shards a query needs, and the matching). Built on the folding of text.ts:
// case, ä = ae = a, ß = ss, accents; plus "str." = "straße" = "strasse".
import { fold, split, variants } from './text.ts'

/** Shard keys are word prefixes of at least this many letters (a single letter would mean most of the index). */
export const MIN_KEY = 2

/**
 * Words that key no shard: articles and prepositions of German street names ("Am Markt", "An der Kirche") and the
 * generic street types written as words of their own ("Ulricher Straße"). A name made only of them keys by all.
 */
const STOP = new Set(['am', 'an', 'auf', 'aus', 'bei', 'beim', 'der', 'die', 'das', 'dem', 'den', 'des', 'im', 'in', 'zum', 'zur', 'zu', 'vor', 'hinter', 'unter', 'ueber', 'uber', 'von', 'vom', 'und', 'strasse', 'weg', 'platz', 'allee', 'gasse'])

/** "str" at the end of a folded word is the abbreviation of "strasse" ("Brüderstr." = "Brüderstraße"). */
export const canonicalWord = (w: string) => (w.endsWith('str') ? `${w}asse` : w)

/** Folded, canonical words of a street name, each in both umlaut spellings ("bruederstrasse", "bruderstrasse"). */
export function streetWords(name: string): string[] {
  const out = new Set<string>()
  for (const raw of split(name)) for (const v of variants(raw)) out.add(canonicalWord(v))
  return [...out]
}

/** The name without word breaks, both spellings: "Brüder-Straße" and "Brüderstraße" meet as "bruederstrasse". */
export function streetCompacts(name: string): string[] {
  const words = split(name)
  const a = words.map((w) => canonicalWord(fold(w))).join('')
  const b = words.map((w) => canonicalWord(variants(w).at(-1)!)).join('')
  return a === b ? [a] : [a, b]
}

/** Words of a name that key a shard: all but STOP words (all of them when nothing else is left). */
export function significantWords(name: string): string[] {
  const all = streetWords(name)
  const some = all.filter((w) => !STOP.has(w))
  return some.length ? some : all
}

export const isStopWord = (w: string) => STOP.has(w)

/** A typed address: street words, house number with addition, postcode and place words, all folded. */
export interface AddressQuery {
  /** Folded, canonical words meant for the street (and perhaps the place). */
  street: string[]
  /** The street words without breaks ("brueder str" → "bruederstrasse"). */
  compact: string
  /** House number digits and its addition ("12a" → "12", "a"), when typed. */
  number?: string
  addition?: string
  postcode?: string
  /** Words after the house number: the place ("markt 1 soest"). */
  place: string[]
}

const NUMBER = /^(\d{1,4})([a-z]{0,2})$/

/**
 * Reads a typed address: "Brüderstr. 12", "bruederstrasse 12a", "Brüderstraße 12 a", "markt 1 soest",
 * "59494 Soest, Markt 1". A five-digit number is a postcode, the first 1–4 digit number (with up to two letters)
 * the house number, a single letter right after it its addition; words before the number are the street (or,
 * when the number comes first, the words after it), words after it the place.
 */
export function parseAddressQuery(query: string): AddressQuery {
  const tokens = split(query).map(fold)
  const q: AddressQuery = { street: [], compact: '', place: [] }
  let numberAt = -1
  const before: string[] = []
  const after: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (/^\d{5}$/.test(t) && q.postcode === undefined) {
      q.postcode = t
      continue
    }
    const m = NUMBER.exec(t)
    if (m && numberAt < 0) {
      numberAt = i
      q.number = m[1]
      if (m[2]) q.addition = m[2]
      else if (/^[a-z]$/.test(tokens[i + 1] ?? '')) q.addition = tokens[++i]
      continue
    }
    ;(numberAt < 0 ? before : after).push(t)
  }
  if (before.length) {
    q.street = before.map(canonicalWord)
    q.place = after
  } else q.street = after.map(canonicalWord)
  q.compact = q.street.join('')
  return q
}
