// The attribute table tool (issue #16): a vector layer's features as a virtualised table with filters, sort,
// column choice, selection synced both ways with the map (SelectionTool), spatial selection and exports. What the
// table shows is queryRows' result; the exports write exactly those rows (or the selected ones among them).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { BBox, VectorLayerEntry } from '../../../model/catalog.ts'
import { SelectionTool, type DrawMode, type ShapeKind } from '../../../map/tools/selectionTool.ts'
import { transformBBox, transformGeometry, type Geometry } from '../../../projection/geometry.ts'
import { WORK_CRS } from '../../../projection/registry.ts'
import { conditionReady, queryRows, type Condition, type SortSpec, type TableQuery } from '../../../tools/table/query.ts'
import { formatTableLink, MAX_LINK_SELECTION, parseTableLink } from '../../../tools/table/share.ts'
import { bufferShape, bufferShapes, selectByArea, shapeToWork } from '../../../tools/table/spatial.ts'
import { useFormat } from '../../common/useFormat.ts'
import { useI18n } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'
import { ExportControls } from './ExportControls.tsx'
import { FilterEditor } from './FilterEditor.tsx'
import { SelectionControls } from './SelectionControls.tsx'
import { useLayerRows } from './useLayerRows.ts'
import { VirtualTable } from './VirtualTable.tsx'

/** At most this many selected features are drawn on the map (the table and exports take them all). */
const MAX_HIGHLIGHT = 5000

export type Scope = 'all' | 'view'

/** A copy of a set with one member added or removed. */
function toggled<T>(set: ReadonlySet<T>, member: T): Set<T> {
  const next = new Set(set)
  if (next.has(member)) next.delete(member)
  else next.add(member)
  return next
}

export function TablePanel(props: ToolPanelProps) {
  const { t } = useI18n()
  const { projections, catalog } = props
  const vectors = useMemo(() => props.shown.filter((l): l is VectorLayerEntry => l.kind === 'vector').reverse(), [props.shown])
  // The share link's state, read once when the tool opens.
  const initial = useMemo(() => parseTableLink((k) => props.link.get(k)), [])
  const [layerId, setLayerId] = useState<string | undefined>(() => initial.layer ?? vectors[0]?.id)
  const layer = catalog.layers.find((l): l is VectorLayerEntry => l.id === layerId && l.kind === 'vector')
  const data = useLayerRows(layer, props.catalogUrl)
  const [conditions, setConditions] = useState<Condition[]>(initial.conditions)
  const [sort, setSort] = useState<SortSpec | undefined>(initial.sort)
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set())
  const [scope, setScope] = useState<Scope>('all')
  const [onlySelected, setOnlySelected] = useState(initial.onlySelected)
  const [selection, setSelection] = useState<ReadonlySet<number>>(new Set(initial.selection))
  const [view, setView] = useState<BBox | null>(null)
  const [mode, setMode] = useState<DrawMode>('click')
  const [bufferMetres, setBufferMetres] = useState('0')
  const [draft, setDraft] = useState(0)
  // serial counts the map's answers (selections and refusals), so tests and assistive tech can tell a new one.
  const [message, setMessageText] = useState({ text: '', serial: 0 })
  const setMessage = (text: string) => setMessageText((m) => ({ text, serial: m.serial + 1 }))
  const [reveal, setReveal] = useState<{ id: number; n: number }>()
  // Folded to its head row, the sheet leaves the map free (on phones it otherwise covers the whole screen).
  const [folded, setFolded] = useState(false)

  const toWork = useMemo(() => projections.forward('EPSG:4326', WORK_CRS), [projections])
  const toLonLatPoint = useMemo(() => projections.forward(WORK_CRS, 'EPSG:4326'), [projections])
  const lonLat = useCallback(
    (g: Geometry): Geometry => {
      const c = JSON.parse(JSON.stringify(g)) as Geometry
      transformGeometry(c, toLonLatPoint)
      return c
    },
    [toLonLatPoint],
  )
  const viewWork = useMemo(() => (view ? transformBBox(view, toWork, 8) : undefined), [view, toWork])

  const applied = useMemo(() => conditions.filter(conditionReady), [conditions])
  const query: TableQuery = useMemo(
    () => ({ conditions: applied, sort, within: scope === 'view' ? viewWork : undefined, only: onlySelected ? selection : undefined }),
    [applied, sort, scope, viewWork, onlySelected, selection],
  )
  // The one query: the table renders `shown`, the exports write `shown` or its selected rows (see ExportControls).
  const shown = useMemo(() => queryRows(data.rows, query), [data.rows, data.version, query])
  // The selected rows in display order: `shown` restricted to the selection, which is what queryRows with
  // `only: selection` returns (same scope, conditions and stable sort), without a second sort of every row.
  const selectedShown = useMemo(
    () => (onlySelected ? shown : selection.size === 0 ? [] : shown.filter((i) => selection.has(data.rows[i].id))),
    [data.rows, onlySelected, shown, selection],
  )
  const columns = useMemo(() => data.columns.filter((c) => !hidden.has(c)), [data.columns, hidden])
  const byId = useMemo(() => {
    const m = new Map<number, number>()
    data.rows.forEach((r, i) => m.set(r.id, i))
    return m
  }, [data.rows, data.version])

  const root = useRef<HTMLDivElement>(null)
  // Events from the map arrive through this ref, so the tool object is made once.
  const onShapeRef = useRef<(shape: Geometry, kind: ShapeKind, add: boolean) => void>(() => {})
  const tool = useMemo(
    () =>
      new SelectionTool({
        onShape: (s, k, a) => onShapeRef.current(s, k, a),
        onView: setView,
        onDraft: setDraft,
        panelRect: () => root.current?.getBoundingClientRect() ?? null,
      }),
    [],
  )
  useEffect(() => {
    props.setMapTools([tool])
    return () => props.setMapTools([])
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tool])
  useEffect(() => tool.setMode(mode), [tool, mode])

  const select = (ids: Iterable<number>, add: boolean) => {
    setSelection((prev) => {
      const next = new Set(add ? prev : [])
      for (const id of ids) next.add(id)
      return next
    })
  }
  const metres = Number(bufferMetres.replace(',', '.'))

  /** Selects the shown rows that meet an area (lon/lat), shows the area and says how many. */
  const selectArea = (area: Geometry, add: boolean, drawArea: boolean) => {
    // Candidates are the rows the table shows (filters apply to the map selection too), not the selection itself.
    const candidates = queryRows(data.rows, { ...query, only: undefined, sort: undefined }).map((i) => data.rows[i])
    const ids = selectByArea(candidates, shapeToWork(area, toWork))
    tool.showArea(drawArea ? area : null)
    select(ids, add)
    setMessage(t('tableSelectedBy', { n: ids.length }))
    if (ids.length) setReveal((r) => ({ id: ids[0], n: (r?.n ?? 0) + 1 }))
  }

  onShapeRef.current = (shape, kind, add) => {
    let area: Geometry | null = shape
    if (kind === 'point' || kind === 'line' || ((kind === 'polygon' || kind === 'rectangle') && metres > 0)) area = bufferShape(shape, metres)
    if (!area) setMessage(t('tableBufferNeeded'))
    else selectArea(area, add, kind !== 'click')
  }

  const bufferSelection = () => {
    const shapes = [...selection].flatMap((id) => {
      const r = data.rows[byId.get(id) ?? -1]
      return r?.geometry ? [lonLat(r.geometry)] : []
    })
    const area = metres > 0 ? bufferShapes(shapes, metres) : null
    if (area) selectArea(area, false, true)
    else setMessage(shapes.length ? t('tableBufferNeeded') : t('tableNothingSelected'))
  }

  // The selected features on the map.
  useEffect(() => {
    const gs: Geometry[] = []
    for (const id of selection) {
      if (gs.length >= MAX_HIGHLIGHT) break
      const r = data.rows[byId.get(id) ?? -1]
      if (r?.geometry) gs.push(lonLat(r.geometry))
    }
    tool.showSelected(gs)
  }, [tool, selection, byId, data.rows, lonLat])

  // The share link follows the table.
  useEffect(() => {
    props.link.set(formatTableLink(layerId ? { layer: layerId, conditions: applied, sort, selection: [...selection].slice(0, MAX_LINK_SELECTION), onlySelected } : null))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layerId, applied, sort, selection, onlySelected])

  const show = useCallback(
    (id: number, add: boolean) => {
      const r = data.rows[byId.get(id) ?? -1]
      if (!r) return
      setSelection((prev) => (add ? toggled(prev, id) : new Set([id])))
      if (r.geometry) tool.zoomTo(lonLat(r.geometry))
    },
    [data.rows, byId, tool, lonLat],
  )
  const toggle = useCallback((id: number) => setSelection((prev) => toggled(prev, id)), [])
  const onSort = useCallback((column: string) => {
    setSort((s) => (s?.column !== column ? { column } : !s.descending ? { column, descending: true } : undefined))
  }, [])
  const format = useFormat()
  const title = (c: string) => props.documents[layerId ?? '']?.metadata.attributes?.[c]?.title ?? c

  const changeLayer = (id: string) => {
    setLayerId(id)
    setConditions([])
    setSort(undefined)
    setSelection(new Set())
    setHidden(new Set())
    setOnlySelected(false)
    tool.showArea(null)
  }

  if (vectors.length === 0 && !layer) return <p className="hint">{t('tableNoLayer')}</p>
  const caption = layer ? t('tableCaption', { layer: layer.title }) : ''
  const count = data.error
    ? t('layerError', { message: data.error })
    : data.loading
      ? t('tableLoading', { n: data.done, total: data.total ?? 0 })
      : t('tableCount', { n: shown.length, total: data.rows.length, selected: selection.size })

  return (
    <div className={folded ? 'table-tool table-folded' : 'table-tool'} ref={root}>
      <div className="table-head">
        <label>
          {t('tableLayer')}{' '}
          <select value={layerId} onChange={(e) => changeLayer(e.target.value)} data-testid="table-layer">
            {[...(layer && !vectors.includes(layer) ? [layer] : []), ...vectors].map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="table-scope">
          <legend className="visually-hidden">{t('tableScope')}</legend>
          {(['all', 'view'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="table-scope" checked={scope === s} onChange={() => setScope(s)} /> {t(s === 'all' ? 'tableScopeAll' : 'tableScopeView')}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} data-testid="table-only-selected" /> {t('tableOnlySelected')}
        </label>
        <p className="table-count" role="status" data-testid="table-count">
          {count}
        </p>
        <button type="button" className="secondary" aria-expanded={!folded} aria-controls="table-body" onClick={() => setFolded((f) => !f)} data-testid="table-fold">
          {t(folded ? 'tableUnfold' : 'tableFold')}
        </button>
        <button type="button" className="secondary table-close" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
      <div className="table-body" id="table-body" hidden={folded}>
        <div className="table-side">
          <FilterEditor columns={data.columns} title={title} conditions={conditions} onChange={setConditions} />
          <details className="table-columns">
            <summary>{t('tableColumns')}</summary>
            <fieldset>
              <legend className="visually-hidden">{t('tableColumns')}</legend>
              {data.columns.map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={!hidden.has(c)}
                    onChange={() => setHidden((h) => toggled(h, c))}
                  />{' '}
                  {title(c)}
                </label>
              ))}
            </fieldset>
          </details>
          <SelectionControls
            mode={mode}
            onMode={setMode}
            bufferMetres={bufferMetres}
            onBufferMetres={setBufferMetres}
            draft={draft}
            onFinish={() => tool.finish()}
            onBufferSelection={bufferSelection}
            onClear={() => {
              setSelection(new Set())
              tool.showArea(null)
              setMessage('')
            }}
            selected={selection.size}
            message={message.text}
            serial={message.serial}
          />
          {layer && data.header && !data.loading && (
            <ExportControls
              layer={layer}
              header={data.header}
              rows={data.rows}
              shown={shown}
              selectedShown={selectedShown}
              columns={columns}
              conditions={applied}
              title={title}
              projections={projections}
            />
          )}
        </div>
        {layer && (
          <VirtualTable
            caption={caption}
            rows={data.rows}
            shown={shown}
            columns={columns}
            title={title}
            sort={sort}
            onSort={onSort}
            selected={selection}
            onToggle={toggle}
            onShow={show}
            reveal={reveal}
            formatNumber={format.value}
          />
        )}
      </div>
    </div>
  )
}
