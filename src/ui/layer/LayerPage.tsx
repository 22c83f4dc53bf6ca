// A layer's details page (#layer=<id>): metadata, timeliness and the quality report per criterion, as text.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { LayerDocument, LayerEntry, VectorLayerEntry } from '../../model/catalog.ts'
import { CRITERIA, type Finding } from '../../model/quality.ts'
import { timeliness, timelinessFinding } from '../../quality/timeliness.ts'
import { formatDate, useI18n, type MessageKey } from '../i18n.ts'
import { findingText } from './findingText.ts'
import { ServiceDetails } from '../service/ServiceDetails.tsx'
import { saveBlob } from '../common/saveBlob.ts'

export type ExportFormat = 'geojson' | 'csv'
export interface ExportProgress {
  phase: 'download' | 'convert'
  done: number
  total: number | null
}

export type DocumentState = { state: 'loaded'; doc: LayerDocument } | { state: 'error'; message: string }

export interface LayerPageProps {
  layer: LayerEntry
  document: DocumentState | undefined
  /** Absolute URLs of the data file (none for an external service layer) and layer.json. */
  dataUrl?: string
  metaUrl: string
  today: Date
  onShowOnMap(layer: LayerEntry): void
  /** Opens the map zoomed to the features of a finding and highlights them (vector layers). */
  onShowFeatures?(layer: VectorLayerEntry, finding: Finding): void
  /** Makes a GeoJSON or CSV export of a vector layer in the browser. */
  onExport?(format: ExportFormat, onProgress: (p: ExportProgress) => void, signal: AbortSignal): Promise<Blob>
  onBack(): void
}

type ExportState = { format: ExportFormat; state: 'running'; progress: string } | { format: ExportFormat; state: 'done'; n: number } | { format: ExportFormat; state: 'error'; message: string }

/** GeoJSON and CSV exports made in the browser, with progress and a polite status line. */
function Exports({ layer, onExport }: { layer: VectorLayerEntry; onExport: NonNullable<LayerPageProps['onExport']> }) {
  const { t, lang } = useI18n()
  const [st, setSt] = useState<ExportState>()
  const abort = useRef<AbortController | null>(null)
  useEffect(() => () => abort.current?.abort(), [])
  const nf = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 0 })
  const file = (f: ExportFormat) => `${layer.id}.${f}`
  const run = async (format: ExportFormat) => {
    abort.current?.abort()
    const a = new AbortController()
    abort.current = a
    setSt({ format, state: 'running', progress: '' })
    let count = 0
    try {
      const blob = await onExport(
        format,
        (p) => {
          if (p.phase === 'convert') count = p.done
          const pct = p.total ? ` ${nf.format(Math.min(100, (100 * p.done) / p.total))} %` : ''
          if (!a.signal.aborted) setSt({ format, state: 'running', progress: pct })
        },
        a.signal,
      )
      if (a.signal.aborted) return
      saveBlob(blob, file(format))
      setSt({ format, state: 'done', n: count })
    } catch (e) {
      if (!a.signal.aborted) setSt({ format, state: 'error', message: (e as Error).message })
    }
  }
  const running = st?.state === 'running'
  return (
    <>
      <li>
        <button type="button" className="secondary" disabled={running} onClick={() => void run('geojson')} data-testid="export-geojson">
          {t('exportGeoJson')}
        </button>
      </li>
      <li>
        <button type="button" className="secondary" disabled={running} onClick={() => void run('csv')} data-testid="export-csv">
          {t('exportCsv')}
        </button>
      </li>
      <li className="hint">{t('exportHint')}</li>
      <li className={st?.state === 'error' ? 'error' : 'hint'}>
        <span role="status" data-testid="export-status">
          {st?.state === 'running' && t('exportRunning', { file: file(st.format), progress: st.progress })}
          {st?.state === 'done' && t('exportDone', { file: file(st.format), n: st.n })}
          {st?.state === 'error' && t('exportError', { message: st.message })}
        </span>
      </li>
    </>
  )
}

const EMAIL = /^[^@\s<>"'()]+@[^@\s<>"'()]+\.[a-z]{2,}$/i

/** A plain-text value, or "not stated". */
function Text({ v }: { v: unknown }) {
  const { t } = useI18n()
  if (v === undefined || v === null || v === '') return <span className="empty">{t('notStated')}</span>
  return <>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</>
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="meta-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

export function LayerPage({ layer, document: docState, dataUrl, metaUrl, today, onShowOnMap, onShowFeatures, onExport, onBack }: LayerPageProps) {
  const { t, lang } = useI18n()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [layer.id])
  const doc = docState?.state === 'loaded' ? docState.doc : undefined
  const m = doc?.metadata
  const lastUpdate = m?.lastUpdate ?? layer.lastUpdate
  const frequency = m?.updateFrequency ?? layer.updateFrequency
  const tl = timeliness(lastUpdate, frequency, today)
  const date = (iso: string | undefined) => formatDate(iso, lang)
  const statusText =
    tl.status === 'overdue' ? t('status_overdue', { n: tl.overdueDays ?? 0 }) : t(`status_${tl.status.replace('-', '_')}` as MessageKey)
  // "aktuell" is measured when shown (it changes with the date); the other criteria come from layer.json.
  const findings: Finding[] = [timelinessFinding(lastUpdate, frequency, today), ...(doc?.quality.findings.filter((f) => f.criterion !== 'aktuell') ?? [])]
  const email = m?.contact?.email
  const attrNames = [...new Set([...(doc?.attributes ?? []), ...Object.keys(m?.attributes ?? {})])]
  const fileName = dataUrl?.split('/').pop() ?? ''

  return (
    <article className="layer-page" aria-labelledby="layer-page-title" data-testid="details-page">
      <nav className="page-nav" aria-label={t('layerPage', { title: layer.title })}>
        <button type="button" className="secondary" onClick={onBack}>
          ← {t('backToMap')}
        </button>
        <button type="button" className="primary" onClick={() => onShowOnMap(layer)}>
          {t('showOnMap')}
        </button>
      </nav>
      <h2 id="layer-page-title" ref={heading} tabIndex={-1}>
        {layer.title} {layer.demo && <span className="badge">{t('demo')}</span>}
      </h2>
      {!docState && <p className="hint">{t('metaLoading')}</p>}
      {docState?.state === 'error' && (
        <p className="error" role="alert">
          {t('metaError', { message: docState.message })}
        </p>
      )}
      {(m?.description ?? layer.description) && <p className="description">{m?.description ?? layer.description}</p>}
      <dl className="meta">
        <Row label={t('category')} testId="meta-category">
          <Text v={m?.category ?? layer.category} />
        </Row>
        <Row label={t('department')}>
          <Text v={m?.department ?? layer.department} />
        </Row>
        <Row label={t('contact')}>
          {m?.contact ? (
            <>
              {m.contact.name && <span>{m.contact.name} </span>}
              {typeof email === 'string' && EMAIL.test(email) ? <a href={`mailto:${email}`}>{email}</a> : email && <span>{email} </span>}
              {m.contact.phone && <span> {m.contact.phone}</span>}
            </>
          ) : (
            <Text v={undefined} />
          )}
        </Row>
        <Row label={t('license')}>
          <Text v={m?.license ?? layer.license} />
        </Row>
        <Row label={t('attribution')}>
          <Text v={m?.attribution ?? layer.attribution} />
        </Row>
        <Row label={t('access')}>{t(layer.access === 'internal' ? 'access_internal' : 'access_public')}</Row>
        <Row label={t('lastUpdate')}>
          <Text v={date(lastUpdate)} />
        </Row>
        <Row label={t('nextDue')}>
          <Text v={date(tl.dueDate)} />
        </Row>
        <Row label={t('updateStatus')} testId="meta-timeliness">
          <span className={`status ${tl.status}`}>{statusText}</span>
        </Row>
        <Row label={t('positionalAccuracy')}>
          <Text v={typeof m?.positionalAccuracy === 'number' ? t('metres', { n: m.positionalAccuracy }) : undefined} />
        </Row>
        <Row label={t('lineage')}>
          <Text v={m?.lineage} />
        </Row>
      </dl>

      {layer.kind === 'service' && <ServiceDetails layer={layer} />}

      <section aria-labelledby="layer-attributes">
        <h3 id="layer-attributes">{t('attributes')}</h3>
        {attrNames.length ? (
          <dl className="meta attributes-list">
            {attrNames.map((name) => {
              const a = m?.attributes?.[name]
              return (
                <div className="meta-row" key={name}>
                  <dt>
                    {a?.title ?? name}
                    {a?.title && a.title !== name && <span className="attr-name"> ({name})</span>}
                  </dt>
                  <dd>
                    {a?.description ?? ''}
                    {a?.unit ? ` [${a.unit}]` : ''}
                  </dd>
                </div>
              )
            })}
          </dl>
        ) : (
          <p className="hint">{t('noAttributes')}</p>
        )}
      </section>

      <section aria-labelledby="layer-quality" data-testid="details-quality">
        <h3 id="layer-quality">{t('quality')}</h3>
        {layer.kind === 'service' && <p data-testid="service-quality">{t('serviceQuality')}</p>}
        {layer.kind !== 'service' && CRITERIA.map((c) => {
          const list = findings.filter((f) => f.criterion === c)
          return (
            <section key={c} aria-labelledby={`criterion-${c}`} className="criterion">
              <h4 id={`criterion-${c}`}>{t(`criterion_${c}` as MessageKey)}</h4>
              {list.length ? (
                <ul>
                  {list.map((f, i) => (
                    <li key={i} className={`finding ${f.severity}`}>
                      <span className="severity">{t(`severity_${f.severity}` as MessageKey)}:</span> {findingText(f, t, lang)}
                      {typeof f.count === 'number' || f.featureIds?.length ? ` (${t('findingCount', { n: f.count ?? f.featureIds.length })})` : ''}
                      {layer.kind === 'vector' && onShowFeatures && Array.isArray(f.featureIds) && f.featureIds.some((id) => id < layer.featureCount) && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link show-features"
                            aria-label={t('findingShowLabel', { n: f.count ?? f.featureIds.length, criterion: t(`criterion_${c}` as MessageKey) })}
                            onClick={() => onShowFeatures(layer, f)}
                          >
                            {t('findingShow')}
                          </button>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="hint">{docState ? t('noFindings') : t('metaLoading')}</p>
              )}
            </section>
          )
        })}
      </section>

      <section aria-labelledby="layer-downloads">
        <h3 id="layer-downloads">{t('downloads')}</h3>
        <ul>
          {dataUrl ? (
            <li>
              <a href={dataUrl} download={fileName}>
                {t('downloadData', { file: fileName })}
              </a>
            </li>
          ) : (
            <li className="hint">{t('serviceNoDownload')}</li>
          )}
          <li>
            <a href={metaUrl} download="layer.json">
              {t('downloadMeta')}
            </a>
          </li>
          {layer.kind === 'vector' && onExport && <Exports layer={layer} onExport={onExport} />}
        </ul>
      </section>
    </article>
  )
}
