// The data manager's inventory page (#page=inventory, internal builds only): finds on an overview map by bbox,
// summary tables by folder, format, age, CRS and problem, and a filterable list. Loaded when first opened.
import { useEffect, useMemo, useState } from 'react'
import { InventoryMissing, loadInventoryFiles } from '../../sources/inventory/load.ts'
import { useI18n, type MessageKey } from '../i18n.ts'
import { InventoryMap, type InventoryMapContext } from './InventoryMap.tsx'
import { AGE_BUCKETS, ageBucket, filterFinds, folderOf, NO_FILTER, parseInventory, problemKeys, summarise, type BBox, type InventoryFilter, type InventoryFind, type SummaryRow } from './model.ts'

/** Kreis Soest in EPSG:25832, used when run.json names no area. */
const DEFAULT_AREA: BBox = [418730, 5693263, 471336, 5731062]
const LIST_ROWS = 200

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'loaded'; finds: InventoryFind[]; total: number; bad: number; area: BBox }

export function InventoryPage({ base = 'inventory/', map }: { base?: string; map: InventoryMapContext }) {
  const { t } = useI18n()
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [filter, setFilter] = useState<InventoryFilter>(NO_FILTER)
  const now = useMemo(() => Date.now(), [])

  useEffect(() => {
    let live = true
    loadInventoryFiles(base)
      .then(({ text, area }) => live && setLoad({ state: 'loaded', ...parseInventory(text), area: area ?? DEFAULT_AREA }))
      .catch((e) => live && setLoad({ state: 'error', message: e instanceof InventoryMissing ? t('invMissing') : (e as Error).message }))
    return () => {
      live = false
    }
  }, [base, t])

  if (load.state === 'loading') return <p className="hint">{t('loading')}</p>
  if (load.state === 'error') return <p role="alert" className="error">{t('invError', { message: load.message })}</p>
  return <Loaded {...load} filter={filter} setFilter={setFilter} now={now} map={map} />
}

function Loaded({ finds, total, bad, area, filter, setFilter, now, map }: { finds: InventoryFind[]; total: number; bad: number; area: BBox; filter: InventoryFilter; setFilter(f: InventoryFilter): void; now: number; map: InventoryMapContext }) {
  const { t } = useI18n()
  const shown = useMemo(() => filterFinds(finds, filter, now), [finds, filter, now])
  const options = useMemo(
    () => ({
      format: summarise(finds, (f) => [f.format], 100).map((r) => r.key).sort(),
      crs: summarise(finds, (f) => [f.crs ?? 'unknown'], 100).map((r) => r.key).sort(),
      problem: summarise(finds, problemKeys, 100).map((r) => r.key).sort(),
    }),
    [finds],
  )
  const ageLabel = (k: string) => t(`invAge_${k}` as MessageKey)
  const set = (k: keyof InventoryFilter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value })
  return (
    <section className="inventory-page" data-testid="inventory" aria-labelledby="inventory-title">
      <h1 id="inventory-title">{t('invTitle')}</h1>
      <p className="hint">{t('invInternal')}</p>
      <p role="status" data-testid="inventory-count">
        {t('invCount', { shown: shown.length, total })}
        {bad > 0 && <> {t('invBadLines', { n: bad })}</>}
      </p>
      <form className="inventory-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('invFilters')}>
        <label>
          {t('invFolder')}
          <input type="search" value={filter.folder} onChange={set('folder')} data-testid="inv-filter-folder" />
        </label>
        <Select label={t('invFormat')} value={filter.format} onChange={set('format')} values={options.format} any={t('invAny')} testid="inv-filter-format" />
        <Select label={t('invCrs')} value={filter.crs} onChange={set('crs')} values={options.crs} any={t('invAny')} testid="inv-filter-crs" show={(v) => (v === 'unknown' ? t('invUnknown') : v)} />
        <Select label={t('invAge')} value={filter.age} onChange={set('age')} values={[...AGE_BUCKETS]} any={t('invAny')} testid="inv-filter-age" show={ageLabel} />
        <Select label={t('invProblem')} value={filter.problem} onChange={set('problem')} values={options.problem} any={t('invAny')} testid="inv-filter-problem" show={(v) => problemLabel(t, v)} />
        <button type="button" className="secondary" onClick={() => setFilter(NO_FILTER)}>
          {t('invReset')}
        </button>
      </form>
      <InventoryMap finds={shown} area={area} context={map} />
      <div className="inventory-tables">
        <Summary caption={t('invByFormat')} rows={summarise(shown, (f) => [f.format])} testid="inv-by-format" />
        <Summary caption={t('invByCrs')} rows={summarise(shown, (f) => [f.crs ?? 'unknown'])} show={(v) => (v === 'unknown' ? t('invUnknown') : v)} testid="inv-by-crs" />
        <Summary caption={t('invByProblem')} rows={summarise(shown, problemKeys)} show={(v) => problemLabel(t, v)} testid="inv-by-problem" />
        <Summary caption={t('invByAge')} rows={summarise(shown, (f) => [ageBucket(f.modified, now)])} show={ageLabel} testid="inv-by-age" />
        <Summary caption={t('invByFolder')} rows={summarise(shown, (f) => [folderOf(f.path)], 20)} testid="inv-by-folder" />
      </div>
      {/* Focusable so that the wide list can be scrolled sideways by keyboard on a phone. */}
      <div className="inventory-list-scroll" tabIndex={0} role="region" aria-label={t('invPath')}>
      <table className="inventory-list" data-testid="inventory-list">
        <caption>{t('invList', { n: Math.min(LIST_ROWS, shown.length), total: shown.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invPath')}</th>
            <th scope="col">{t('invFormat')}</th>
            <th scope="col">{t('invCrs')}</th>
            <th scope="col">{t('invCountCol')}</th>
            <th scope="col">{t('invModified')}</th>
            <th scope="col">{t('invProblem')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, LIST_ROWS).map((f, i) => (
            <tr key={`${f.path}#${i}`}>
              <td className="inventory-path">{f.path}</td>
              <td>{f.format}</td>
              <td>{f.crs ?? t('invUnknown')}</td>
              <td>{f.count ?? ''}</td>
              <td>{f.modified?.slice(0, 10) ?? ''}</td>
              <td>{f.problems.map((p) => problemLabel(t, p.code) + (p.detail ? ` (${p.detail})` : '')).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  )
}

function problemLabel(t: ReturnType<typeof useI18n>['t'], code: string): string {
  const key = `invProblem_${code}`
  return key in PROBLEM_KEYS ? t(key as MessageKey) : code
}
const PROBLEM_KEYS = Object.fromEntries(
  ['none', 'incomplete-set', 'damaged', 'unreadable', 'unknown-crs', 'outside-area', 'stale', 'duplicate', 'version', 'broken-link', 'link-loop', 'name-encoding', 'missing-source'].map((c) => [`invProblem_${c}`, true]),
)

function Select({ label, value, onChange, values, any, testid, show = (v) => v }: { label: string; value: string; onChange(e: { target: { value: string } }): void; values: string[]; any: string; testid: string; show?: (v: string) => string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={onChange} data-testid={testid}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {show(v)}
          </option>
        ))}
      </select>
    </label>
  )
}

function Summary({ caption, rows, testid, show = (v) => v }: { caption: string; rows: SummaryRow[]; testid: string; show?: (v: string) => string }) {
  const { t } = useI18n()
  return (
    <table className="inventory-summary" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          <th scope="col">{t('invFinds')}</th>
          <th scope="col">{t('invSize')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{show(r.key)}</th>
            <td>{r.finds}</td>
            <td>{(r.bytes / 1024 / 1024).toFixed(1)} MB</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
