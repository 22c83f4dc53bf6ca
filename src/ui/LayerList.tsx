import type { LayerEntry } from '../model/catalog.ts'
import { legendItems } from '../map/legend.ts'
import type { LayerStatus } from '../map/MapController.ts'
import { useI18n } from './i18n.ts'

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
  /** The search text and the layers it matches (null: no search, all layers). */
  query: string
  matches: Set<string> | null
  onQuery(query: string): void
  onDetails(layer: LayerEntry): void
}

function StatusText({ s, on }: { s: LayerStatus | undefined; on: boolean }) {
  const { t } = useI18n()
  if (!s) return null
  if (s.state === 'error') return <>{t('layerError', { message: s.message })}</>
  if (!on) return null
  if (s.state === 'loading') return <>{t('loading')}</>
  if (s.state === 'zoom-in') return <>{t('zoomIn', { z: Math.ceil(s.minZoom), n: s.total })}</>
  if (s.features === undefined) return null
  return <>{s.truncated ? t('truncated', { n: s.features }) : t('features', { n: s.features })}</>
}

export function LayerList({ layers, visible, status, opacity, onToggle, onZoomTo, onOpacity, onMove, query, matches, onQuery, onDetails }: LayerListProps) {
  const { t } = useI18n()
  const found = matches ? layers.filter((l) => matches.has(l.id)).length : layers.length
  return (
    <section aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers')}</h2>
      <div className="search" role="search">
        <label htmlFor="layer-search">{t('search')}</label>
        <input id="layer-search" type="search" value={query} onChange={(e) => onQuery(e.target.value)} aria-describedby="layer-search-hint layer-search-count" autoComplete="off" spellCheck={false} />
        <span id="layer-search-hint" className="hint">
          {t('searchHint')}
        </span>
        <p id="layer-search-count" className="search-count" role="status" data-testid="search-count">
          {matches ? (found ? t('searchCount', { n: found, total: layers.length }) : t('noResults', { query })) : ''}
        </p>
      </div>
      <ul className="layer-list" aria-label={t('layerListLabel')}>
        {layers.map((l, i) => {
          if (matches && !matches.has(l.id)) return null
          const s = status[l.id]
          const on = visible.includes(l.id)
          const statusId = `layer-status-${l.id}`
          const title = l.title
          return (
            <li key={l.id} data-testid={`layer-${l.id}`}>
              <label>
                <input type="checkbox" checked={on} onChange={(e) => onToggle(l.id, e.target.checked)} aria-describedby={statusId} />
                <span className="swatch" aria-hidden="true" style={{ background: l.kind === 'vector' ? l.style.color : `linear-gradient(90deg, ${l.style.ramp.map((r) => r[1]).join(',')})` }} />
                <span className="layer-title">{title}</span>
              </label>
              {l.demo && <span className="badge">{t('demo')}</span>}
              <button type="button" className="link" onClick={() => onZoomTo(l)} aria-label={`${t('zoomTo')}: ${title}`}>
                ⤢
              </button>
              <button type="button" className="link" onClick={() => onDetails(l)} aria-label={t('details', { title })} data-testid={`details-${l.id}`}>
                ⓘ
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
                    value={Math.round((opacity[l.id] ?? 1) * 100)}
                    onChange={(e) => onOpacity(l.id, Number(e.target.value) / 100)}
                    aria-label={t('opacity', { title })}
                  />
                  <button type="button" className="link" disabled={i === 0} onClick={() => onMove(l.id, 1)} aria-label={t('moveUp', { title })}>
                    ↑
                  </button>
                  <button type="button" className="link" disabled={i === layers.length - 1} onClick={() => onMove(l.id, -1)} aria-label={t('moveDown', { title })}>
                    ↓
                  </button>
                  <ul className="legend" aria-label={t('legend', { title })} data-testid={`legend-${l.id}`}>
                    {legendItems(l, t('other')).map((item, k) => (
                      <li key={k}>
                        <span className="swatch" aria-hidden="true" style={{ background: item.color }} data-color={item.color} />
                        {item.label}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
