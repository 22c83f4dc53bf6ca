// The features in view as tables (issue #6): the text alternative to the map. One table per visible vector
// layer with the features the map shows in the current view (from MapController.featuresInView, passed in by
// MapView on map idle); values are text, never HTML.
import type { LayerEntry } from '../../model/catalog.ts'
import type { LayerFeaturesInView } from '../../map/MapController.ts'
import { useI18n } from '../i18n.ts'
import { useFormat } from '../common/useFormat.ts'

export interface FeatureTableProps {
  open: boolean
  onToggle(open: boolean): void
  layers: LayerEntry[]
  /** null until the map has answered. */
  inView: LayerFeaturesInView[] | null
  /** Attribute names in file order, from layer.json when loaded. */
  attributeNames(layerId: string): string[] | undefined
  attributeTitle(layerId: string, name: string): string
  onShow(layerId: string, key: number): void
}


function LayerTable({ layer, view, names, attributeTitle, onShow }: { layer: LayerEntry; view: LayerFeaturesInView; names: string[] | undefined; attributeTitle(name: string): string; onShow(key: number): void }) {
  const { t } = useI18n()
  const f = useFormat()
  // A value as text in the UI language (format.ts); empty values as a dash.
  const text = (v: unknown) => f.value(v) || null
  const columns = names ?? [...new Set(view.rows.flatMap((r) => Object.keys(r.properties)))]
  const captionId = `feature-table-caption-${layer.id}`
  const count = view.hidden ? t('tableZoomIn') : view.total > view.rows.length ? t('rowsShown', { n: view.rows.length, total: view.total }) : t('inViewCount', { n: view.total })
  return (
    // Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too.
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="feature-table" data-testid={`feature-table-${layer.id}`}>
        <caption id={captionId}>
          <span className="table-layer">{layer.title}</span> <span className="table-count">({count})</span>
        </caption>
        {view.rows.length > 0 && (
          <>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {attributeTitle(c)}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('map')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => {
                const first = text(r.properties[columns[0]])
                return (
                  <tr key={r.key}>
                    {columns.map((c) => {
                      const v = text(r.properties[c])
                      return <td key={c}>{v === null ? <span className="empty">–</span> : v}</td>
                    })}
                    <td>
                      <button type="button" className="secondary" onClick={() => onShow(r.key)} aria-label={first ? `${t('showOnMap')}: ${first}` : undefined}>
                        {t('showOnMap')}
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </>
        )}
      </table>
    </div>
  )
}

export function FeatureTable({ open, onToggle, layers, inView, attributeNames, attributeTitle, onShow }: FeatureTableProps) {
  const { t } = useI18n()
  return (
    <details className="feature-tables" open={open} onToggle={(e) => onToggle(e.currentTarget.open)} data-testid="feature-tables">
      <summary>{t('featureTable')}</summary>
      {open && (
        <div className="feature-tables-body">
          {inView === null ? (
            <p className="hint">{t('loading')}</p>
          ) : inView.length === 0 ? (
            <p className="hint">{t('tableNoLayers')}</p>
          ) : (
            inView.map((v) => {
              const layer = layers.find((l) => l.id === v.layerId)
              return layer ? (
                <LayerTable key={v.layerId} layer={layer} view={v} names={attributeNames(v.layerId)} attributeTitle={(n) => attributeTitle(v.layerId, n)} onShow={(k) => onShow(v.layerId, k)} />
              ) : null
            })
          )}
        </div>
      )}
    </details>
  )
}
