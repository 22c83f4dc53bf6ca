import { useEffect, useState } from 'react'
import type { LayerEntry } from '../../model/catalog.ts'
import type { FeatureHit, RasterValue } from '../../map/MapController.ts'
import { useI18n } from '../i18n.ts'

export interface FeatureInfoProps {
  serial: number
  hits: FeatureHit[]
  rasterValues: RasterValue[]
  layers: LayerEntry[]
  attributeTitles: (layerId: string, name: string) => string
  onClose(): void
}

/** Only http(s) URLs become links; everything else is text. */
function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined || v === '') return <span className="empty">–</span>
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (/^https?:\/\/\S+$/i.test(s)) {
    return (
      <a href={s} target="_blank" rel="noopener noreferrer nofollow">
        {s}
      </a>
    )
  }
  return <>{s}</>
}

export function FeatureInfo({ serial, hits, rasterValues, layers, attributeTitles, onClose }: FeatureInfoProps) {
  const { t } = useI18n()
  const [page, setPage] = useState(0)
  useEffect(() => setPage(0), [hits])
  const title = (id: string) => layers.find((l) => l.id === id)?.title ?? id
  const hit = hits[Math.min(page, hits.length - 1)]
  return (
    <section className="feature-info" aria-labelledby="feature-info-title" aria-live="polite" data-testid="feature-info" data-serial={serial}>
      <div className="panel-head">
        <h2 id="feature-info-title">{t('featureInfo')}</h2>
        <button type="button" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </div>
      {rasterValues.map((r) => {
        const l = layers.find((x) => x.id === r.layerId)
        const unit = l?.kind === 'raster' && l.unit ? ` ${l.unit}` : ''
        return (
          <p key={r.layerId} data-testid="raster-value">
            <strong>{title(r.layerId)}:</strong> {r.value === null ? '–' : (r.text ?? `${Math.round(r.value * 100) / 100}${unit}`)}
          </p>
        )
      })}
      {!hit && !rasterValues.length && <p>{t('noHits')}</p>}
      {hit && (
        <>
          {hits.length > 1 && (
            <div className="pager">
              <button type="button" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0} aria-label={t('previous')}>
                ‹
              </button>
              <span data-testid="feature-page">{t('pageOf', { i: page + 1, n: hits.length })}</span>
              <button type="button" onClick={() => setPage((p) => Math.min(hits.length - 1, p + 1))} disabled={page >= hits.length - 1} aria-label={t('next')}>
                ›
              </button>
            </div>
          )}
          <h3 data-testid="feature-layer">{title(hit.layerId)}</h3>
          {/* A service's answer (GetFeatureInfo) without attributes: its text, never its markup. */}
          {hit.error !== undefined && (
            <p className="error" data-testid="service-answer-error">
              {t('serviceInfoError', { message: hit.error })}
            </p>
          )}
          {hit.cluster !== undefined && <p data-testid="cluster-count">{t('clusterCount', { n: hit.cluster })}</p>}
          {hit.text !== undefined && (
            <pre className="service-answer" data-testid="service-answer">
              {hit.text}
            </pre>
          )}
          {Object.keys(hit.properties).length > 0 && <table className="attributes">
            <tbody>
              {Object.entries(hit.properties).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{attributeTitles(hit.layerId, k)}</th>
                  <td>
                    <Value v={v} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>}
        </>
      )}
    </section>
  )
}
