// The quality dashboard for the data manager (#page=dashboard): every layer, worst first, from catalog.json alone.
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { LayerEntry } from '../../model/catalog.ts'
import { GRADES } from '../../model/quality.ts'
import { dashboardRows, dashboardSummary, departments } from '../../quality/dashboard.ts'
import { formatDate, isMessageKey, useI18n, type MessageKey } from '../i18n.ts'

export interface DashboardProps {
  layers: LayerEntry[]
  today: Date
  /** Opens a layer's page (#layer=<id>). */
  onOpenLayer(id: string): void
  /** href of a layer's page, for the links (the click itself goes through onOpenLayer). */
  layerHref(id: string): string
}

/** The department filter's value for "all" (department names are free text; this cannot be one). */
const ALL = '\u0000all'

export function Dashboard({ layers, today, onOpenLayer, layerHref }: DashboardProps) {
  const { t, lang } = useI18n()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const [department, setDepartment] = useState(ALL)
  const filterId = useId()
  const depts = useMemo(() => departments(layers), [layers])
  const rows = useMemo(() => dashboardRows(layers, today, department === ALL ? undefined : department), [layers, today, department])
  const summary = useMemo(() => dashboardSummary(rows), [rows])
  const date = (iso?: string) => formatDate(iso, lang)

  return (
    <article className="dashboard" aria-labelledby="dashboard-title" data-testid="dashboard">
      <h2 id="dashboard-title" ref={heading} tabIndex={-1}>
        {t('dashTitle')}
      </h2>
      <p className="hint">{t('dashIntro')}</p>
      <div className="dash-filter">
        <label htmlFor={filterId}>{t('dashFilter')}</label>
        <select id={filterId} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="dashboard-department">
          <option value={ALL}>{t('dashAll')}</option>
          {depts.map((d) => (
            <option key={d} value={d}>
              {d || t('dashNoDepartment')}
            </option>
          ))}
        </select>
      </div>
      <section aria-labelledby="dashboard-summary">
        <h3 id="dashboard-summary">{t('dashSummary')}</h3>
        <dl className="dash-summary" data-testid="dashboard-summary">
          <div>
            <dt>{t('dashLayers')}</dt>
            <dd>{summary.layers}</dd>
          </div>
          <div>
            <dt>{t('dashOverdue')}</dt>
            <dd>{summary.overdue}</dd>
          </div>
          <div>
            <dt>{t('dashMissing')}</dt>
            <dd>{summary.withMissingMetadata}</dd>
          </div>
          {GRADES.map((g) => (
            <div key={g}>
              <dt>{t('dashGradeCount', { g })}</dt>
              <dd>{summary.perGrade[g]}</dd>
            </div>
          ))}
          {summary.ungraded > 0 && (
            <div>
              <dt>{t('dashUngraded')}</dt>
              <dd>{summary.ungraded}</dd>
            </div>
          )}
        </dl>
      </section>
      <div className="table-scroll" role="region" aria-labelledby="dashboard-caption" tabIndex={0}>
        <table className="dash-table" data-testid="dashboard-table">
          <caption id="dashboard-caption">{t('dashCaption', { n: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colLayer')}</th>
              <th scope="col">{t('department')}</th>
              <th scope="col">{t('colGrade')}</th>
              <th scope="col">{t('colFindings')}</th>
              <th scope="col">{t('colUpdate')}</th>
              <th scope="col">{t('colMissing')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const tl = r.timeliness
              const update =
                tl.status === 'overdue'
                  ? t('updateOverdue', { n: tl.overdueDays ?? 0, date: date(tl.dueDate) })
                  : tl.status === 'on-time'
                    ? t('updateOnTime', { date: date(tl.dueDate) })
                    : t(`status_${tl.status.replace('-', '_')}` as MessageKey)
              return (
                <tr key={r.layer.id} data-layer={r.layer.id}>
                  <th scope="row">
                    <a
                      href={layerHref(r.layer.id)}
                      onClick={(e) => {
                        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
                        e.preventDefault()
                        onOpenLayer(r.layer.id)
                      }}
                    >
                      {r.layer.title}
                    </a>
                  </th>
                  <td>{r.layer.department || <span className="empty">{t('notStated')}</span>}</td>
                  <td className={`grade grade-${r.grade ?? 'none'}`} data-testid="grade">
                    <strong>{r.grade ?? t('gradeNone')}</strong>
                    {r.grade && r.storedGrade && r.grade !== r.storedGrade && <span className="grade-note"> {t('gradeOverdue', { g: r.storedGrade })}</span>}
                  </td>
                  <td>{t('findingsCell', { e: r.errors, w: r.warnings })}</td>
                  <td className={tl.status === 'overdue' ? 'status overdue' : undefined}>{update}</td>
                  <td>{r.missingMetadata.length ? r.missingMetadata.map((f) => { const key = `mf_${f}`; return isMessageKey(key) ? t(key) : f }).join(', ') : <span className="empty">{t('missingNone')}</span>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p className="hint">{t('dashEmpty')}</p>}
    </article>
  )
}
