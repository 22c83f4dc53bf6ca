// Catalog search: pure full-text matching over layer titles, keywords, descriptions, categories, departments and
// attribute names. No I/O: the composition root hands in catalog entries and (when loaded) layer.json documents.
import type { LayerDocument, LayerEntry } from '../model/catalog.ts'

/** Field weights: a hit in the title counts more than one in the description. */
const WEIGHTS = { title: 8, keywords: 5, category: 3, department: 2, attributes: 2, description: 1 } as const
type Field = keyof typeof WEIGHTS

export interface SearchDoc {
  id: string
  /** Normalised tokens per field. */
  fields: Partial<Record<Field, string[]>>
}

/**
 * Folds case, umlauts and ß: "Straße" → "strasse", "Bäume" → "baeume". Accents of other letters are removed
 * (é → e). Anything that is not a letter or digit separates words.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}

/** Words of a text, folded. Each word with an umlaut also appears without it ("baeume" and "baume"). */
export function tokens(text: string): string[] {
  const out = new Set<string>()
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue
    out.add(fold(raw))
    // Typed without the e: "baume" for "Bäume", "strase" is not needed (ß → ss only).
    out.add(fold(raw.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u')))
  }
  return [...out]
}

/** Query words: folded, so "Bäume", "baeume" and "baume" each match "Bäume". */
export function queryTokens(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(fold)
}

export function searchDoc(entry: LayerEntry, doc?: LayerDocument): SearchDoc {
  const m = doc?.metadata
  const fields: SearchDoc['fields'] = {
    title: tokens(entry.title),
    category: tokens(entry.category ?? m?.category ?? ''),
  }
  if (m) {
    fields.keywords = tokens((m.keywords ?? []).join(' '))
    fields.description = tokens(m.description ?? '')
    fields.department = tokens(m.department ?? '')
    const names = [...(doc.attributes ?? []), ...Object.keys(m.attributes ?? {})]
    const titles = Object.values(m.attributes ?? {}).map((a) => a.title ?? '')
    fields.attributes = tokens([...names, ...titles].join(' '))
  }
  return { id: entry.id, fields }
}

/** Index over the catalog; documents are the layer.json files loaded so far (by layer id). */
export function buildIndex(entries: LayerEntry[], documents: Record<string, LayerDocument | undefined> = {}): SearchDoc[] {
  return entries.map((e) => searchDoc(e, documents[e.id]))
}

/** Score of one query word in a field: a whole word 3, a word prefix 2, inside a compound word (≥ 4 letters) 1. */
function wordScore(q: string, words: string[]): number {
  let best = 0
  for (const w of words) {
    if (w === q) return 3
    if (w.startsWith(q)) best = Math.max(best, 2)
    else if (q.length >= 4 && w.includes(q)) best = Math.max(best, 1)
  }
  return best
}

export interface SearchHit {
  id: string
  score: number
}

/**
 * Layers matching every query word (as a whole word, a word prefix, or inside a compound word of four letters or
 * more), best first; ties keep the index order. An empty query matches everything with score 0.
 */
export function search(index: SearchDoc[], query: string): SearchHit[] {
  const qs = queryTokens(query)
  if (!qs.length) return index.map((d) => ({ id: d.id, score: 0 }))
  const hits: SearchHit[] = []
  for (const d of index) {
    let total = 0
    let all = true
    for (const q of qs) {
      let s = 0
      for (const [f, words] of Object.entries(d.fields) as [Field, string[]][]) s = Math.max(s, wordScore(q, words) * WEIGHTS[f])
      if (!s) {
        all = false
        break
      }
      total += s
    }
    if (all) hits.push({ id: d.id, score: total })
  }
  return hits.sort((a, b) => b.score - a.score)
}
