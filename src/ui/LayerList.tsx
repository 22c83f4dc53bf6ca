import type { LayerEntry } from '../model/catalog.ts'
import type { LayerStatus } from '../map/MapController.ts'
import { useI18n } from './i18n.ts'

export interface LayerListProps {
  layers: LayerEntry[]
  visible: string[]
  status: Record<string, LayerStatus>
  onToggle(id: string, on: boolean): void
  onZoomTo(layer: LayerEntry): void
}

export function LayerList({ layers, visible, status, onToggle, onZoomTo }: LayerListProps) {
  const { t } = useI18n()
  return (
    <section aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers')}</h2>
      <ul className="layer-list" aria-label={t('layerListLabel')}>
        {layers.map((l) => {
          const s = status[l.id]
          const on = visible.includes(l.id)
          const statusId = `layer-status-${l.id}`
          return (
            <li key={l.id} data-testid={`layer-${l.id}`}>
              <label>
                <input type="checkbox" checked={on} onChange={(e) => onToggle(l.id, e.target.checked)} aria-describedby={statusId} />
                <span className="swatch" aria-hidden="true" style={{ background: l.kind === 'vector' ? l.style.color : `linear-gradient(90deg, ${l.style.ramp.map((r) => r[1]).join(',')})` }} />
                <span className="layer-title">{l.title}</span>
              </label>
              {l.demo && <span className="badge">{t('demo')}</span>}
              <button type="button" className="link" onClick={() => onZoomTo(l)} aria-label={`${t('zoomTo')}: ${l.title}`}>
                ⤢
              </button>
              <div id={statusId} className={`layer-status ${s?.state ?? ''}`} role={s?.state === 'error' ? 'alert' : undefined}>
                {on && s?.state === 'loading' && t('loading')}
                {on && s?.state === 'ready' && s.features !== undefined && (s.truncated ? t('truncated', { n: s.features }) : t('features', { n: s.features }))}
                {s?.state === 'error' && t('layerError', { message: s.message })}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
