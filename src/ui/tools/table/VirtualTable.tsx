// A real <table> (header cells, caption, row indexes for assistive technology) of which only the rows in view are
// in the DOM (src/tools/table/virtual.ts): 100,000 rows scroll like 50. Values are text, never HTML.
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { rowWindow, scrollToRow } from '../../../tools/table/virtual.ts'
import { valueText, type SortSpec, type TableRow } from '../../../tools/table/query.ts'
import { useI18n } from '../../i18n.ts'

/** Row height in CSS pixels (fixed: the virtualiser counts with it; see .vt-table in styles.css). */
export const ROW_HEIGHT = 32
const HEADER_HEIGHT = 36

export interface VirtualTableProps {
  caption: string
  rows: readonly TableRow[]
  /** Positions into rows, in display order (queryRows). */
  shown: readonly number[]
  columns: readonly string[]
  title(column: string): string
  sort?: SortSpec
  onSort(column: string): void
  selected: ReadonlySet<number>
  onToggle(id: number): void
  onShow(id: number, add: boolean): void
  /** Changing n scrolls row `id` into view. */
  reveal?: { id: number; n: number }
  /** Numbers as the language writes them. */
  formatNumber(n: number): string
}

const Row = memo(function Row(p: { row: TableRow; index: number; columns: readonly string[]; checked: boolean; onToggle(id: number): void; onShow(id: number, add: boolean): void; formatNumber(n: number): string }) {
  const { t } = useI18n()
  const { row } = p
  const nr = row.id + 1
  return (
    <tr aria-rowindex={p.index + 2} className={p.checked ? 'selected' : undefined} data-id={row.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('input,button')) p.onShow(row.id, e.ctrlKey || e.metaKey) }}>
      <td className="vt-check">
        <input type="checkbox" checked={p.checked} onChange={() => p.onToggle(row.id)} aria-label={t('tableSelectRow', { n: nr })} />
      </td>
      <td className="vt-nr">
        <button type="button" className="link" onClick={(e) => p.onShow(row.id, e.ctrlKey || e.metaKey)} aria-label={t('tableShowRow', { n: nr })}>
          {nr}
        </button>
      </td>
      {p.columns.map((c) => {
        const v = row.properties[c]
        const text = typeof v === 'number' ? p.formatNumber(v) : valueText(v)
        return (
          <td key={c} className={typeof v === 'number' ? 'num' : undefined} title={text.length > 24 ? text : undefined}>
            {text}
          </td>
        )
      })}
    </tr>
  )
})

export function VirtualTable(p: VirtualTableProps) {
  const { t } = useI18n()
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(400)
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const measure = () => setViewport(el.clientHeight || 400)
    measure()
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null
    ro?.observe(el)
    return () => ro?.disconnect()
  }, [])
  // A new filter or sort starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0
    setScrollTop(0)
  }, [p.shown])
  useEffect(() => {
    const el = scroller.current
    const r = p.reveal
    if (!el || !r) return
    const k = p.shown.findIndex((i) => p.rows[i].id === r.id)
    if (k < 0) return
    el.scrollTop = scrollToRow(k, el.scrollTop, el.clientHeight, ROW_HEIGHT, HEADER_HEIGHT)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.reveal])
  const w = rowWindow(Math.max(0, scrollTop - HEADER_HEIGHT), viewport, ROW_HEIGHT, p.shown.length)
  const span = p.columns.length + 2
  const sortState = (c: string) => (p.sort?.column === c ? (p.sort.descending ? 'descending' : 'ascending') : undefined)
  return (
    <div className="vt-scroll" ref={scroller} role="region" aria-label={p.caption} tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="table-scroll">
      <table className="vt-table" aria-rowcount={p.shown.length + 1} data-testid="attribute-table">
        <caption className="visually-hidden">{p.caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="vt-check">
              <span className="visually-hidden">{t('tableSelection')}</span>
            </th>
            <th scope="col" className="vt-nr">
              {t('tableNr')}
            </th>
            {p.columns.map((c) => (
              <th key={c} scope="col" aria-sort={sortState(c)}>
                <button type="button" className="sort" onClick={() => p.onSort(c)} data-column={c}>
                  {p.title(c)}
                  <span aria-hidden="true">{sortState(c) === 'ascending' ? ' ▲' : sortState(c) === 'descending' ? ' ▼' : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {w.before > 0 && (
            <tr aria-hidden="true" className="vt-spacer" style={{ height: w.before }}>
              <td colSpan={span} />
            </tr>
          )}
          {p.shown.slice(w.start, w.end).map((pos, k) => {
            const row = p.rows[pos]
            return <Row key={row.id} row={row} index={w.start + k} columns={p.columns} checked={p.selected.has(row.id)} onToggle={p.onToggle} onShow={p.onShow} formatNumber={p.formatNumber} />
          })}
          {w.after > 0 && (
            <tr aria-hidden="true" className="vt-spacer" style={{ height: w.after }}>
              <td colSpan={span} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
