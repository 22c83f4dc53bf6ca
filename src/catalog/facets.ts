// Catalog facets: pure counting and filtering by category, department, licence, access, update status and
// quality grade, plus the map-area filter. No I/O, no React: the UI hands in the layers the search matched.
//
// Standard faceted search: values of one facet are ORed, facets are ANDed; the count shown next to a value is
// the number of layers the list would show if that value were added to (or was) the selection, i.e. counted on
// the search result with the selections of all *other* facets applied.
import type { BBox, LayerEntry } from '../model/catalog.ts'
import { CATEGORIES } from '../model/metadata.ts'
import { GRADES } from '../model/quality.ts'
import { effectiveGrade } from '../quality/grade.ts'
import { timeliness, type TimelinessStatus } from '../quality/timeliness.ts'

export const FACET_KEYS = ['category', 'department', 'license', 'access', 'update', 'grade'] as const
export type FacetKey = (typeof FACET_KEYS)[number]

/** The selected values per facet ("" stands for "not stated"). */
export type FacetSelection = Partial<Record<FacetKey, readonly string[]>>

export const UPDATE_STATES: readonly TimelinessStatus[] = ['on-time', 'overdue', 'not-scheduled', 'unknown']
const ACCESS_ORDER = ['public', 'internal']

export interface FacetValue {
  /** "" for layers that do not state it (department, licence, category, grade of older catalogs). */
  value: string
  count: number
  selected: boolean
}

/** The facet values of one layer, on a given day (update status and effective grade depend on it). */
export type LayerFacets = Record<FacetKey, string>

export function layerFacets(l: LayerEntry, today: Date): LayerFacets {
  const status = timeliness(l.lastUpdate, l.updateFrequency, today).status
  return {
    category: l.category ?? '',
    department: l.department?.trim() ?? '',
    license: l.license?.trim() ?? '',
    access: l.access,
    update: status,
    // The stored grade leaves out timeliness; an overdue layer is one grade worse today.
    // External services are not measured: "not stated", like layers of catalogs that predate grades.
    grade: l.quality && l.kind !== 'service' ? effectiveGrade(l.quality.grade, status) : '',
  }
}

/**
 * Facet values of every layer of a catalog, computed once per catalog and day, stored as small integer codes (one
 * per facet and layer) so counting 10,000 layers per keystroke is a pass over a typed array.
 */
export class FacetTable {
  /** Row of each layer id. */
  readonly rows = new Map<string, number>()
  /** Per facet: code → value, and value → code. */
  readonly dictionary: string[][] = FACET_KEYS.map(() => [])
  readonly codeOf: Map<string, number>[] = FACET_KEYS.map(() => new Map())
  /** codes[row * FACET_KEYS.length + facet]. */
  readonly codes: Int32Array

  constructor(entries: readonly LayerEntry[], today: Date) {
    const n = FACET_KEYS.length
    this.codes = new Int32Array(entries.length * n)
    entries.forEach((l, r) => {
      this.rows.set(l.id, r)
      const v = layerFacets(l, today)
      FACET_KEYS.forEach((k, f) => {
        let c = this.codeOf[f].get(v[k])
        if (c === undefined) {
          c = this.dictionary[f].length
          this.dictionary[f].push(v[k])
          this.codeOf[f].set(v[k], c)
        }
        this.codes[r * n + f] = c
      })
    })
  }
}

/** Does a layer's lon/lat extent intersect the map view [west, south, east, north]? */
export function intersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

/** Layers (ids, in the given order) whose extent intersects the view. */
export function inArea(entries: readonly LayerEntry[], view: BBox): Set<string> {
  const out = new Set<string>()
  for (const l of entries) if (intersects(l.bbox4326, view)) out.add(l.id)
  return out
}

export interface FacetResult {
  /** The candidates that pass every facet, in the order given. */
  ids: string[]
  facets: Record<FacetKey, FacetValue[]>
}

/** Fixed value orders; department and licence are sorted by count, then alphabetically. */
function ordered(key: FacetKey, counts: Map<string, number>, selected: ReadonlySet<string>): FacetValue[] {
  const keep = (v: string) => (counts.get(v) ?? 0) > 0 || selected.has(v)
  const fixed: Partial<Record<FacetKey, readonly string[]>> = { category: [...CATEGORIES, ''], access: ACCESS_ORDER, update: UPDATE_STATES, grade: [...GRADES, ''] }
  const f = fixed[key]
  let values: string[]
  if (f) values = [...f.filter(keep), ...[...new Set([...counts.keys(), ...selected])].filter((v) => !f.includes(v) && keep(v))]
  else {
    values = [...new Set([...counts.keys(), ...selected])].filter(keep)
    // "Not stated" last; otherwise most layers first.
    values.sort((a, b) => (a === '') !== (b === '') ? (a === '' ? 1 : -1) : (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b, 'de'))
  }
  return values.map((value) => ({ value, count: counts.get(value) ?? 0, selected: selected.has(value) }))
}

/**
 * Applies the facet selection to the candidates (the layers the search and the map-area filter let through) and
 * counts, per facet, the values among the candidates that pass all other facets.
 */
export function applyFacets(table: FacetTable, candidates: readonly string[], selection: FacetSelection): FacetResult {
  const n = FACET_KEYS.length
  const selected = FACET_KEYS.map((k) => new Set(selection[k] ?? []))
  const active = selected.map((s) => s.size > 0)
  // Per facet and code: is the value selected? (A selected value no layer has matches nothing.)
  const pass = FACET_KEYS.map((_, f) => {
    const m = new Uint8Array(table.dictionary[f].length)
    for (const v of selected[f]) {
      const c = table.codeOf[f].get(v)
      if (c !== undefined) m[c] = 1
    }
    return m
  })
  const counts = FACET_KEYS.map((_, f) => new Int32Array(table.dictionary[f].length))
  const { codes, rows } = table
  const ids: string[] = []
  for (const id of candidates) {
    const r = rows.get(id)
    if (r === undefined) continue
    const base = r * n
    // Which facets does this layer fail? With none, it is in the result and counts everywhere; with exactly one,
    // it counts only in that facet (selecting one of its values there would let it through).
    let failed = -1
    let fails = 0
    for (let f = 0; f < n; f++) {
      if (active[f] && !pass[f][codes[base + f]]) {
        failed = f
        if (++fails > 1) break
      }
    }
    if (fails > 1) continue
    if (fails === 0) {
      ids.push(id)
      for (let f = 0; f < n; f++) counts[f][codes[base + f]]++
    } else counts[failed][codes[base + failed]]++
  }
  const facets = {} as Record<FacetKey, FacetValue[]>
  FACET_KEYS.forEach((k, f) => {
    const byValue = new Map<string, number>()
    counts[f].forEach((c, code) => c > 0 && byValue.set(table.dictionary[f][code], c))
    facets[k] = ordered(k, byValue, selected[f])
  })
  return { ids, facets }
}

/** Adds or removes one value of a facet (a new selection object; empty facets are dropped). */
export function toggleFacet(selection: FacetSelection, key: FacetKey, value: string, on: boolean): FacetSelection {
  const current = selection[key] ?? []
  const next = on ? (current.includes(value) ? current : [...current, value]) : current.filter((v) => v !== value)
  const out: FacetSelection = { ...selection }
  if (next.length) out[key] = next
  else delete out[key]
  return out
}

export function hasSelection(selection: FacetSelection): boolean {
  return FACET_KEYS.some((k) => (selection[k]?.length ?? 0) > 0)
}
