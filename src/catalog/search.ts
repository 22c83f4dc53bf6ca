// Catalog search: pure full-text search over layer titles, keywords, descriptions, categories, departments and
// attribute names, with MiniSearch (an inverted index in a radix tree) doing the indexing, prefix lookup and
// ranking. No I/O: the composition root hands in catalog entries (whose publisher-written summary fields make
// every layer searchable without its layer.json) and, when loaded, layer.json documents (full description,
// attribute titles).
//
// Our part is the German text handling, fed to MiniSearch as its tokenizer and term processor, and the query:
// - fold(): case, ä/ö/ü → ae/oe/ue, ß → ss, other accents removed; each word is indexed a second time with the
//   umlaut reduced to its vowel ("Bäume" → "baeume" and "baume"), so all three spellings find it;
// - every query word must match (AND), as a whole word or a word prefix (MiniSearch `prefix`); words of one or
//   two letters are prefixes only in the title (one letter) or the short fields (two letters), as they would
//   otherwise expand to most of the vocabulary;
// - compound words: a query word of four letters or more also matches inside an indexed word ("baum" and
//   "schule" find "Straßenbäume" and "Grundschulen"). MiniSearch's radix tree only answers prefixes and its
//   `fuzzy` option finds typos, not word parts; indexing every inner ending of every word would have done it but
//   made the index 3–5 times slower to build. Instead the index keeps its vocabulary (the distinct folded words,
//   a few thousand to some ten thousands), scans it for words containing the query word (one `indexOf` per word,
//   ~1 ms) and asks MiniSearch for those words exactly, with a quarter of the weight.
import MiniSearch, { type Query } from 'minisearch'
import type { LayerDocument, LayerEntry } from '../model/catalog.ts'
import { fold, queryTokens, split, variants } from './text.ts'

export { fold, queryTokens, tokens } from './text.ts'

/** Field boosts: a hit in the title counts more than one in the description. */
const BOOSTS = { title: 8, keywords: 5, category: 3, department: 2, attributes: 2, description: 1 } as const
type Field = keyof typeof BOOSTS
const FIELDS = Object.keys(BOOSTS) as Field[]
/** Shortest query word matched inside a compound word; such hits weigh a quarter of a word or prefix hit. */
const MIN_PART = 4
const PART_WEIGHT = 0.25
/** Fields searched by prefix for query words of one and two letters (longer words: all fields). */
const SHORT_PREFIX_FIELDS: Record<number, Field[] | undefined> = { 1: ['title'], 2: ['title', 'keywords', 'category', 'department'] }

/** What is indexed of one layer: text per field. */
export interface SearchDoc {
  id: string
  /** Position in the catalog, to keep the catalog order among equal scores. */
  order: number
  fields: Record<Field, string>
}

export function searchDoc(entry: LayerEntry, doc?: LayerDocument, order = 0): SearchDoc {
  const m = doc?.metadata
  const attrs = m?.attributes ?? {}
  const names = [...new Set([...(entry.attributeNames ?? []), ...(doc?.attributes ?? []), ...Object.keys(attrs)])]
  const titles = Object.values(attrs).map((a) => a?.title ?? '')
  return {
    id: entry.id,
    order,
    fields: {
      title: entry.title,
      keywords: (m?.keywords ?? entry.keywords ?? []).join(' '),
      category: entry.category ?? m?.category ?? '',
      department: m?.department ?? entry.department ?? '',
      attributes: [...names, ...titles].join(' '),
      // The full description from layer.json, else the catalog's shortened one.
      description: m?.description ?? entry.description ?? '',
    },
  }
}

export interface SearchHit {
  id: string
  score: number
}

/**
 * The search index of a catalog. Built once from the catalog entries; enrich() adds layer.json documents as they
 * arrive (re-indexing only those layers).
 */
export class CatalogIndex {
  private readonly mini: MiniSearch<SearchDoc>
  private readonly entries: LayerEntry[]
  private readonly order = new Map<string, number>()
  /** The layer.json document each layer is indexed with (undefined: catalog entry only). */
  private readonly indexed = new Map<string, LayerDocument>()
  /** Distinct indexed words longer than MIN_PART letters (a shorter one cannot contain a query word inside). */
  private readonly vocabulary = new Set<string>()

  constructor(entries: LayerEntry[], documents: Record<string, LayerDocument | undefined> = {}) {
    this.entries = entries
    // Folding is the costly part of indexing; the same words recur across layers.
    const folded = new Map<string, string[]>()
    this.mini = new MiniSearch<SearchDoc>({
      fields: FIELDS,
      idField: 'id',
      extractField: (d, field) => (field === 'id' ? d.id : d.fields[field as Field]),
      tokenize: split,
      processTerm: (term) => {
        let vs = folded.get(term)
        if (!vs) {
          vs = variants(term)
          folded.set(term, vs)
          for (const v of vs) if (v.length > MIN_PART) this.vocabulary.add(v)
        }
        return vs
      },
      searchOptions: { tokenize: split, processTerm: fold },
    })
    entries.forEach((e, i) => this.order.set(e.id, i))
    this.mini.addAll(entries.map((e, i) => searchDoc(e, documents[e.id], i)))
    for (const e of entries) if (documents[e.id]) this.indexed.set(e.id, documents[e.id]!)
  }

  get size(): number {
    return this.entries.length
  }

  /** Re-indexes the layers whose layer.json arrived (or changed) since; returns how many were re-indexed. */
  enrich(documents: Record<string, LayerDocument | undefined>): number {
    let n = 0
    for (const [id, doc] of Object.entries(documents)) {
      const i = this.order.get(id)
      if (!doc || i === undefined || this.indexed.get(id) === doc) continue
      this.mini.replace(searchDoc(this.entries[i], doc, i))
      this.indexed.set(id, doc)
      n++
    }
    return n
  }

  /**
   * Layers matching every query word (as a whole word, a word prefix, or inside a compound word of four letters
   * or more), best first; ties keep the catalog order. An empty query matches everything with score 0.
   */
  search(query: string): SearchHit[] {
    const words = [...new Set(queryTokens(query))]
    if (!words.length) return this.entries.map((e) => ({ id: e.id, score: 0 }))
    const boost = (w: number) => Object.fromEntries(FIELDS.map((f) => [f, BOOSTS[f] * w]))
    const perWord: Query[] = words.map((w) => {
      const inside: string[] = []
      if (w.length >= MIN_PART) for (const v of this.vocabulary) if (v.indexOf(w, 1) > 0) inside.push(v)
      // Very short words would expand to most of the vocabulary as prefixes (slow, and useless as a filter): they
      // match whole words everywhere but as prefixes only in the short fields.
      const prefixFields = SHORT_PREFIX_FIELDS[w.length]
      const whole: Query = prefixFields
        ? { combineWith: 'OR', queries: [{ queries: [w], boost: BOOSTS }, { queries: [w], prefix: true, fields: prefixFields, boost: BOOSTS }] }
        : { queries: [w], prefix: true, boost: BOOSTS }
      return inside.length ? { combineWith: 'OR', queries: [whole, { queries: inside, combineWith: 'OR', boost: boost(PART_WEIGHT) }] } : whole
    })
    const results = this.mini.search({ combineWith: 'AND', queries: perWord })
    const ranked = results.map((r) => ({ id: r.id as string, score: r.score, order: this.order.get(r.id as string)! }))
    ranked.sort((a, b) => b.score - a.score || a.order - b.order)
    return ranked.map(({ id, score }) => ({ id, score }))
  }
}

/** Index over the catalog; documents are the layer.json files loaded so far (by layer id). */
export function buildIndex(entries: LayerEntry[], documents: Record<string, LayerDocument | undefined> = {}): CatalogIndex {
  return new CatalogIndex(entries, documents)
}

export function search(index: CatalogIndex, query: string): SearchHit[] {
  return index.search(query)
}
