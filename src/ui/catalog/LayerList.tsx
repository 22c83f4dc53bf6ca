import { memo, useMemo, useRef } from 'react'
import type { BBox, Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'
import { legendItems } from '../../map/legend.ts'
import type { LayerStatus } from '../../map/MapController.ts'
import { useI18n } from '../i18n.ts'
import { useFormat } from '../common/useFormat.ts'
import { CatalogFilters } from './CatalogFilters.tsx'
import { RESULT_PAGE, useCatalogFilter, type CatalogFilterMemory } from './useCatalogFilter.ts'
import { Icon } from '../common/Icon.tsx'
import { ServiceLegend } from '../service/ServiceLegend.tsx'

/** The list's colour chip: the vector colour, the raster ramp, a hatch for a service's picture. */
function swatch(l: LayerEntry): string {
  if (l.kind === 'vector') return l.style.color
  if (l.kind === 'service') return 'repeating-linear-gradient(45deg, #5a6b7b 0 3px, #dfe5ea 3px 6px)'
  return `linear-gradient(90deg, ${l.style.ramp.map((r) => r[1]).join(',')})`
}

export interface LayerListProps {
  /** Top of the list = drawn on top. */
  layers: LayerEntry[]
  visible: string[]
  status: Record<string, LayerStatus>
  opacity: Record<string, number>
  onToggle(id: string, on: boolean): void
  onZoomTo(layer: LayerEntry): void
  onOpacity(id: string, value: number): void
  /** Moves a layer one place up (+1, drawn above the next) or down (−1). */
  onMove(id: string, delta: 1 | -1): void
  /** For the search, facets and map-area filter (src/ui/useCatalogFilter.ts): the catalog, the layer.json files
   * loaded so far, "today" (update status, effective grade) and the map's visible extent. */
  catalog: Catalog
  /** Keeps the filter state while the list is away (App holds one per catalog). */
  filterMemory: CatalogFilterMemory
  documents: Record<string, LayerDocument>
  today: Date
  bounds: BBox | null
  onDetails(layer: LayerEntry): void
}

function StatusText({ s, on }: { s: LayerStatus | undefined; on: boolean }) {
  const { t } = useI18n()
  // A switched-on layer the map has not reported on yet is loading too (the map itself is still starting).
  if (!s) return on ? <>{t('loading')}</> : null
  if (s.state === 'error') return <>{t('layerError', { message: s.message })}</>
  if (!on) return null
  if (s.state === 'loading') return <>{t('loading')}</>
  if (s.state === 'zoom-in') return <>{t('zoomIn', { z: Math.ceil(s.minZoom), n: s.total })}</>
  if (s.features === undefined) return null
  return <>{s.truncated ? t('truncated', { n: s.features }) : t('features', { n: s.features })}</>
}

interface RowActions {
  onToggle(id: string, on: boolean): void
  onZoomTo(layer: LayerEntry): void
  onOpacity(id: string, value: number): void
  onMove(id: string, delta: 1 | -1): void
  onDetails(layer: LayerEntry): void
}

interface LayerRowProps {
  l: LayerEntry
  on: boolean
  s: LayerStatus | undefined
  opacity: number | undefined
  /** Top / bottom of the draw order: cannot move further. */
  first: boolean
  last: boolean
  actions: RowActions
}

/** One layer of the list. Memoised: while typing a search, rows that stay in the list are not rendered again. */
const LayerRow = memo(function LayerRow({ l, on, s, opacity, first, last, actions }: LayerRowProps) {
  const { t } = useI18n()
  const f = useFormat()
  const statusId = `layer-status-${l.id}`
  const title = l.title
  return (
    <li data-testid={`layer-${l.id}`} aria-busy={on && (!s || s.state === 'loading') ? true : undefined}>
      <label>
        <input type="checkbox" checked={on} onChange={(e) => actions.onToggle(l.id, e.target.checked)} aria-describedby={statusId} />
        <span className="swatch" aria-hidden="true" style={{ background: swatch(l) }} />
        <span className="layer-title">{title}</span>
      </label>
      {l.demo && <span className="badge">{t('demo')}</span>}
      {l.kind === 'service' && <span className="badge">{t('serviceBadge')}</span>}
      <button type="button" className="link" onClick={() => actions.onZoomTo(l)} aria-label={`${t('zoomTo')}: ${title}`} title={`${t('zoomTo')}: ${title}`}>
        <Icon name="zoom" />
      </button>
      <button type="button" className="link" onClick={() => actions.onDetails(l)} aria-label={t('details', { title })} title={t('details', { title })} data-testid={`details-${l.id}`}>
        <Icon name="info" />
      </button>
      <div id={statusId} className={`layer-status ${s?.state ?? ''}`} role={s?.state === 'error' ? 'alert' : undefined}>
        <StatusText s={s} on={on} />
      </div>
      {on && (
        <div className="layer-tools">
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={Math.round((opacity ?? 1) * 100)}
            onChange={(e) => actions.onOpacity(l.id, Number(e.target.value) / 100)}
            aria-label={t('opacity', { title })}
          />
          <button type="button" className="link" disabled={first} onClick={() => actions.onMove(l.id, 1)} aria-label={t('moveUp', { title })} title={t('moveUp', { title })}>
            ↑
          </button>
          <button type="button" className="link" disabled={last} onClick={() => actions.onMove(l.id, -1)} aria-label={t('moveDown', { title })} title={t('moveDown', { title })}>
            ↓
          </button>
          {l.kind === 'service' && <ServiceLegend layer={l} />}
          {l.kind !== 'service' && <ul className="legend" aria-label={t('legend', { title })} data-testid={`legend-${l.id}`}>
            {legendItems(l, t('other'), (n) => f.value(Math.round(n * 100) / 100)).map((item, k) => (
              <li key={k}>
                <span className="swatch" aria-hidden="true" style={{ background: item.color }} data-color={item.color} />
                {item.label}
              </li>
            ))}
          </ul>}
        </div>
      )}
    </li>
  )
})

export function LayerList({ layers, visible, status, opacity, onToggle, onZoomTo, onOpacity, onMove, catalog, filterMemory, documents, today, bounds, onDetails }: LayerListProps) {
  const { t } = useI18n()
  const filter = useCatalogFilter(filterMemory, catalog, layers, documents, today, bounds)
  const { query, results } = filter
  const found = results.length
  // Rows: the results (by relevance while searching, else in draw order), the first `limit` of them, plus any
  // switched-on layer further down, so what is on the map can always be switched off.
  const switchedOn = new Set(visible)
  const rows = (filter.active ? results : layers).filter((l, k) => k < filter.limit || switchedOn.has(l.id))
  const hidden = (filter.active ? results.length : layers.length) - rows.length
  const position = useMemo(() => new Map(layers.map((l, k) => [l.id, k])), [layers])
  // Stable callbacks for the memoised rows; they call the latest props.
  const latest = useRef<RowActions>({ onToggle, onZoomTo, onOpacity, onMove, onDetails })
  latest.current = { onToggle, onZoomTo, onOpacity, onMove, onDetails }
  const actions = useMemo<RowActions>(
    () => ({
      onToggle: (id, on) => latest.current.onToggle(id, on),
      onZoomTo: (l) => latest.current.onZoomTo(l),
      onOpacity: (id, v) => latest.current.onOpacity(id, v),
      onMove: (id, d) => latest.current.onMove(id, d),
      onDetails: (l) => latest.current.onDetails(l),
    }),
    [],
  )
  return (
    <section aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers')}</h2>
      <div className="search" role="search">
        <label htmlFor="layer-search">{t('search')}</label>
        <input id="layer-search" type="search" value={query} onChange={(e) => filter.setQuery(e.target.value)} onFocus={filter.onSearchFocus} aria-describedby="layer-search-hint layer-search-count" autoComplete="off" spellCheck={false} />
        <span id="layer-search-hint" className="hint">
          {t('searchHint')}
        </span>
        <CatalogFilters filter={filter} />
        <p id="layer-search-count" className="search-count" role="status" aria-live="polite" data-testid="search-count">
          {filter.pending
            ? t('loading')
            : filter.active
              ? found
                ? t('searchCount', { n: found, total: layers.length })
                : query.trim()
                  ? t('noResults', { query })
                  : t('noFilterResults')
              : ''}
        </p>
      </div>
      <ul className="layer-list" aria-label={t('layerListLabel')}>
        {rows.map((l) => {
          const i = position.get(l.id)!
          return <LayerRow key={l.id} l={l} on={switchedOn.has(l.id)} s={status[l.id]} opacity={opacity[l.id]} first={i === 0} last={i === layers.length - 1} actions={actions} />
        })}
      </ul>
      {hidden > 0 && (
        <button type="button" className="secondary show-more" onClick={filter.showMore} data-testid="show-more">
          {t('showMore', { n: Math.min(hidden, RESULT_PAGE), rest: hidden })}
        </button>
      )}
    </section>
  )
}
