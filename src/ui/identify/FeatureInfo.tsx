// The content of an identify answer (issue #15), shared by the popup (desktop) and the info sheet (phone): a pager
// over all hits, one page per hit. Values are data: text, or a link for a plain http(s) URL — never markup.
import type { LayerEntry } from '../../model/catalog.ts'
import { useI18n } from '../i18n.ts'
import { useFormat } from '../common/useFormat.ts'
import type { InfoPage } from './pages.ts'

export interface FeatureInfoProps {
  pages: InfoPage[]
  page: number
  onPage(page: number): void
  layers: LayerEntry[]
  attributeTitles: (layerId: string, name: string) => string
  onDetails(layer: LayerEntry): void
  onClose(): void
  /** id of the page's heading, which names the dialog. */
  headingId: string
}

/** Only http(s) URLs become links; everything else is text. */
function Value({ v }: { v: unknown }) {
  const f = useFormat()
  if (v === null || v === undefined || v === '') return <span className="empty">–</span>
  const s = f.value(v)
  if (/^https?:\/\/\S+$/i.test(s)) {
    return (
      <a href={s} target="_blank" rel="noopener noreferrer nofollow">
        {s}
      </a>
    )
  }
  return <>{s}</>
}

export function FeatureInfoHead({ pages, page, onPage, onClose }: Pick<FeatureInfoProps, 'pages' | 'page' | 'onPage' | 'onClose'>) {
  const { t } = useI18n()
  return (
    <div className="info-head">
      {pages.length > 1 ? (
        <div className="pager">
          <button type="button" onClick={() => onPage(Math.max(0, page - 1))} disabled={page === 0} aria-label={t('previous')} title={t('previous')}>
            ‹
          </button>
          <span data-testid="feature-page">{t('pageOf', { i: page + 1, n: pages.length })}</span>
          <button type="button" onClick={() => onPage(Math.min(pages.length - 1, page + 1))} disabled={page >= pages.length - 1} aria-label={t('next')} title={t('next')}>
            ›
          </button>
        </div>
      ) : (
        <span className="info-label">{t('featureInfo')}</span>
      )}
      <button type="button" className="info-close" onClick={onClose} aria-label={t('identifyClose')} title={t('identifyClose')} data-testid="feature-info-close">
        ×
      </button>
    </div>
  )
}

export function FeatureInfoPage({ pages, page, layers, attributeTitles, onDetails, headingId }: Omit<FeatureInfoProps, 'onPage' | 'onClose'>) {
  const { t } = useI18n()
  const f = useFormat()
  const p = pages[Math.min(page, pages.length - 1)]
  if (!p) {
    return (
      <p id={headingId} className="no-hits" data-testid="no-hits">
        {t('noHits')}
      </p>
    )
  }
  const layer = layers.find((l) => l.id === p.layerId)
  const title = layer?.title ?? p.layerId
  return (
    <>
      <h2 id={headingId} className="info-title" data-testid="feature-layer">
        {title}
      </h2>
      {p.kind === 'raster' && (
        <p data-testid="raster-value" className="raster-value">
          {p.value.value === null ? '–' : (p.value.text ?? `${f.value(Math.round(p.value.value * 100) / 100)}${layer?.kind === 'raster' && layer.unit ? ` ${layer.unit}` : ''}`)}
        </p>
      )}
      {p.kind === 'feature' && (
        <>
          {/* A service's answer (GetFeatureInfo) without attributes: its text, never its markup. */}
          {p.hit.error !== undefined && (
            <p className="error" data-testid="service-answer-error">
              {t('serviceInfoError', { message: p.hit.error })}
            </p>
          )}
          {p.hit.cluster !== undefined && <p data-testid="cluster-count">{t('clusterCount', { n: p.hit.cluster })}</p>}
          {p.hit.text !== undefined && (
            <pre className="service-answer" data-testid="service-answer">
              {p.hit.text}
            </pre>
          )}
          {Object.keys(p.hit.properties).length > 0 && (
            <table className="attributes">
              <tbody>
                {Object.entries(p.hit.properties).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{attributeTitles(p.layerId, k)}</th>
                    <td>
                      <Value v={v} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {layer && (
        <button type="button" className="secondary info-details" onClick={() => onDetails(layer)} data-testid="feature-info-details">
          {t('identifyDetails')}
        </button>
      )}
    </>
  )
}
