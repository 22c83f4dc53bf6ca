// The catalog filter state of the layer list (issue #6): search text, facet selection, "only layers in the map
// view" and how many results are rendered. The work is done by the pure src/catalog/search.ts and facets.ts; this
// hook only keeps the state and memoises.
import { useEffect, useMemo, useState } from 'react'
import { applyFacets, FacetTable, hasSelection, inArea, toggleFacet, type FacetKey, type FacetSelection, type FacetValue } from '../../catalog/facets.ts'
// The search (with MiniSearch) is loaded on demand: it is not needed for the first map view.
import type { CatalogIndex, SearchHit } from '../../catalog/search.ts'
import type { BBox, Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'

/** Results rendered at first and per "Mehr anzeigen": a catalog of thousands of layers never renders all rows. */
export const RESULT_PAGE = 50
/** Up to this many layers, the search index is built at once; above, when the search field is first focused. */
const EAGER_INDEX_LAYERS = 500

export interface CatalogFilterState {
  query: string
  setQuery(q: string): void
  /** The search field got the focus: the index of a large catalog is built now. */
  onSearchFocus(): void
  selection: FacetSelection
  toggleFacet(key: FacetKey, value: string, on: boolean): void
  areaOnly: boolean
  setAreaOnly(on: boolean): void
  reset(): void
  /** Counts per facet value (with the other facets applied). */
  facets: Record<FacetKey, FacetValue[]>
  /** Is any filter (text, facet, map view) active? */
  active: boolean
  /** Search text is there but the search index is still loading (results follow in a moment). */
  pending: boolean
  /** The layers that pass every filter: by relevance when there is search text, else in list order. */
  results: LayerEntry[]
  /** How many of the results are rendered. */
  limit: number
  showMore(): void
}

/**
 * What the catalog filter keeps while the layer list is away (a layer page replaces it): the search text, the
 * facet selection, the map-area switch and the built index. One per catalog, held by App; the list's own state
 * (and so each keystroke's re-render) stays inside the list.
 */
export class CatalogFilterMemory {
  query = ''
  selection: FacetSelection = {}
  areaOnly = false
  index: CatalogIndex | null = null
}

/** User Timing entries, so benchmarks can read what the pure search and facet counting cost per keystroke. */
function timed<T>(name: string, fn: () => T): T {
  const t0 = performance.now()
  const r = fn()
  performance.measure(name, { start: t0, end: performance.now() })
  return r
}

/** bounds: the map's visible extent (MapView's onBounds), for "only layers in the map view". */
export function useCatalogFilter(
  memory: CatalogFilterMemory,
  catalog: Catalog,
  listed: LayerEntry[],
  docs: Record<string, LayerDocument>,
  today: Date,
  bounds: BBox | null,
): CatalogFilterState {
  const [query, setQueryState] = useState(memory.query)
  const [selection, setSelectionState] = useState<FacetSelection>(memory.selection)
  const [areaOnly, setAreaOnlyState] = useState(memory.areaOnly)
  const [limit, setLimit] = useState(RESULT_PAGE)
  const [indexWanted, setIndexWanted] = useState(catalog.layers.length <= EAGER_INDEX_LAYERS || memory.index !== null)
  const setSelection = (s: FacetSelection) => {
    memory.selection = s
    setSelectionState(s)
  }

  const wanted = indexWanted || query.trim() !== ''
  const [index, setIndex] = useState<CatalogIndex | null>(memory.index)
  useEffect(() => {
    if (!wanted || index) return
    let live = true
    import('../../catalog/search.ts')
      .then(({ buildIndex }) => {
        memory.index ??= timed('catalog-index', () => buildIndex(catalog.layers))
        if (live) setIndex(memory.index)
      })
      .catch((e: unknown) => console.error('catalog search could not be loaded', e))
    return () => {
      live = false
    }
  }, [wanted, index, memory, catalog])
  // layer.json documents join the index as they arrive (only the new ones are re-indexed).
  const enriched = useMemo(() => ({ n: index?.enrich(docs) ?? 0 }), [index, docs])
  const pending = !index && query.trim() !== ''
  const hits = useMemo<SearchHit[] | null>(
    () => (pending ? [] : index && query.trim() ? timed('catalog-search', () => index.search(query)) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, enriched, query, pending],
  )
  const day = today.toISOString().slice(0, 10)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const table = useMemo(() => new FacetTable(catalog.layers, today), [catalog, day])
  const byId = useMemo(() => new Map(catalog.layers.map((l) => [l.id, l])), [catalog])
  const areaIds = useMemo(() => (areaOnly && bounds ? inArea(catalog.layers, bounds) : null), [catalog, areaOnly, bounds])
  const listedIds = useMemo(() => listed.map((l) => l.id), [listed])
  const facetResult = useMemo(
    () =>
      timed('catalog-facets', () => {
        const base = hits ? hits.map((h) => h.id) : listedIds
        return applyFacets(table, areaIds ? base.filter((id) => areaIds.has(id)) : base, selection)
      }),
    [hits, listedIds, areaIds, table, selection],
  )
  const results = useMemo(() => facetResult.ids.map((id) => byId.get(id)!), [facetResult, byId])

  return {
    query,
    setQuery: (q) => {
      memory.query = q
      setQueryState(q)
      setLimit(RESULT_PAGE)
    },
    onSearchFocus: () => setIndexWanted(true),
    selection,
    toggleFacet: (key, value, on) => {
      setSelection(toggleFacet(memory.selection, key, value, on))
      setLimit(RESULT_PAGE)
    },
    areaOnly,
    setAreaOnly: (on) => {
      memory.areaOnly = on
      setAreaOnlyState(on)
      setLimit(RESULT_PAGE)
    },
    reset: () => {
      memory.query = ''
      memory.areaOnly = false
      setQueryState('')
      setSelection({})
      setAreaOnlyState(false)
      setLimit(RESULT_PAGE)
    },
    facets: facetResult.facets,
    active: query.trim() !== '' || hasSelection(selection) || areaOnly,
    pending,
    results,
    limit,
    showMore: () => setLimit((n) => n + RESULT_PAGE),
  }
}
