// The drawing tool's panel ("Zeichnen"): what a click draws (or select to move and edit), colour from the
// accessible palette, width, text; buttons for every map gesture (so the keyboard can do all of it at the map
// centre), undo (also Ctrl+Z), measurements on the drawings, the list of drawings (select, rename, delete), and
// export/import. Editing on the map: src/map/tools/drawTool.ts (Terra Draw); data: src/tools/draw; the store:
// drawStore.ts.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { DrawTool, type DrawMode } from '../../../map/tools/drawTool.ts'
import { importFile, toGeoJSON, toKML } from '../../../tools/draw/exchange.ts'
import { DEFAULT_STYLE, MAX_WIDTH, PALETTE, type Drawing } from '../../../tools/draw/model.ts'
import { DRAW_OPEN_EVENT } from '../../../tools/draw/storageKey.ts'
import { saveBlob } from '../../common/saveBlob.ts'
import { useI18n, type MessageKey } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'
import { drawStore } from './drawStore.ts'
import { layer } from './overlay.ts'

const MODES: { mode: DrawMode; label: MessageKey }[] = [
  { mode: 'select', label: 'drawModeSelect' },
  { mode: 'point', label: 'drawModePoint' },
  { mode: 'line', label: 'drawModeLine' },
  { mode: 'polygon', label: 'drawModePolygon' },
  { mode: 'circle', label: 'drawModeCircle' },
  { mode: 'text', label: 'drawModeText' },
]
const KIND_LABEL: Record<Drawing['kind'], MessageKey> = { point: 'drawModePoint', line: 'drawModeLine', polygon: 'drawModePolygon', circle: 'drawModeCircle', text: 'drawModeText' }

const download = (name: string, type: string, text: string) => saveBlob(new Blob([text], { type }), name)

export default function DrawPanel(props: ToolPanelProps) {
  const { t } = useI18n()
  const { setMapTools } = props
  const state = useSyncExternalStore((fn) => drawStore.subscribe(fn), () => drawStore.state)
  const [mode, setMode] = useState<DrawMode>('line')
  const [colour, setColour] = useState<string>(DEFAULT_STYLE.colour)
  const [width, setWidth] = useState(DEFAULT_STYLE.width)
  const [text, setText] = useState('')
  const [radius, setRadius] = useState(50)
  const [selected, setSelected] = useState<string>()
  const [pending, setPending] = useState(0)
  const [message, setMessage] = useState<string>(() => {
    const p = drawStore.loadProblem
    return p.problem ? t('drawStorageProblem', { problem: p.problem + (p.index !== undefined ? ` #${p.index + 1}` : '') }) : ''
  })
  // Names being typed in the list; committed (one undo step) on Enter or leaving the field.
  const [names, setNames] = useState<Record<string, string>>({})

  // Latest values for the map tool's callbacks, which live as long as the tool.
  const current = { colour, width, text, t }
  const latest = useMemo(() => ({ current }), [])
  latest.current = current

  const tool = useMemo(
    () =>
      new DrawTool(drawStore.state.drawings, {
        created: (kind, geometry, id) => {
          const c = latest.current
          const label = kind === 'text' ? c.text.trim() || c.t('drawTextDefault') : ''
          drawStore.setDrawings([...drawStore.state.drawings, { id, kind, geometry, colour: c.colour, width: c.width, label }], 'tool')
        },
        edited: (id, geometry) => drawStore.setDrawings(drawStore.state.drawings.map((d) => (d.id === id ? { ...d, geometry } : d)), 'tool'),
        deleted: (id) => drawStore.setDrawings(drawStore.state.drawings.filter((d) => d.id !== id)),
        selected: setSelected,
        pending: setPending,
      }),
    [latest],
  )
  useEffect(() => {
    window.dispatchEvent(new Event(DRAW_OPEN_EVENT))
    layer.setShapesHidden(true)
    setMapTools([tool])
    // The editor shows the store after every change: its own gestures too, so a new drawing takes the chosen
    // colour. After Terra Draw's finish event has returned, but as a microtask, not a timer: Chromium runs input
    // before timers, and a click that came first would otherwise be undone by the late reload.
    const off = drawStore.subscribe((s, origin) => (origin === 'tool' ? queueMicrotask(() => tool.load(drawStore.state.drawings)) : tool.load(s.drawings)))
    return () => {
      off()
      setMapTools([])
      layer.setShapesHidden(false)
    }
  }, [tool, setMapTools])
  useEffect(() => tool.setMode(mode), [tool, mode])
  useEffect(() => void (tool.circleRadius = radius), [tool, radius])
  useEffect(() => {
    const undo = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || e.shiftKey || target?.closest('input[type=text], input:not([type]), textarea')) return
      e.preventDefault()
      drawStore.undo()
    }
    window.addEventListener('keydown', undo)
    return () => window.removeEventListener('keydown', undo)
  }, [])

  const selectedDrawing = state.drawings.find((d) => d.id === selected)
  // Colour and width apply to what is drawn next and to the selected drawing.
  const restyle = (patch: Partial<Pick<Drawing, 'colour' | 'width'>>) => {
    if (patch.colour) setColour(patch.colour)
    if (patch.width) setWidth(patch.width)
    if (selectedDrawing) drawStore.setDrawings(state.drawings.map((d) => (d.id === selectedDrawing.id ? { ...d, ...patch } : d)))
  }
  const rename = (id: string) => {
    const name = names[id]
    if (name === undefined) return
    setNames(({ [id]: _, ...rest }) => rest)
    if (name !== state.drawings.find((d) => d.id === id)?.label) drawStore.setDrawings(state.drawings.map((d) => (d.id === id ? { ...d, label: name } : d)))
  }
  const onImport = async (file: File) => {
    const result = importFile(file.name, await file.text(), (x) => new DOMParser().parseFromString(x, 'application/xml'))
    if ('problem' in result) {
      const where = result.index !== undefined ? t('drawImportFeature', { n: result.index + 1 }) : ''
      setMessage(t('drawImportError', { file: file.name, problem: t(`drawProblem_${result.problem}` as MessageKey) + where }))
      return
    }
    drawStore.setDrawings([...state.drawings, ...result.drawings])
    setMessage(t('drawImported', { n: result.drawings.length, file: file.name }))
  }
  const lineLike = mode === 'line' || mode === 'polygon'

  return (
    <div className="draw-panel">
      <fieldset className="draw-modes">
        <legend>{t('drawMode')}</legend>
        {MODES.map((m) => (
          <label key={m.mode}>
            <input type="radio" name="draw-mode" value={m.mode} checked={mode === m.mode} onChange={() => setMode(m.mode)} data-testid={`draw-mode-${m.mode}`} /> {t(m.label)}
          </label>
        ))}
      </fieldset>
      <details className="hint">
        <summary>{t('drawHelp')}</summary>
        {t('drawHint')}
      </details>
      <div className="draw-row">
        {mode === 'text' && (
          <label>
            {t('drawText')} <input type="text" value={text} onChange={(e) => setText(e.target.value)} data-testid="draw-text" />
          </label>
        )}
        {mode === 'circle' && (
          <label>
            {t('drawRadius')} <input type="number" min={1} max={100000} value={radius} onChange={(e) => setRadius(Math.max(1, Number(e.target.value) || 1))} data-testid="draw-radius" />
          </label>
        )}
      </div>
      <div className="draw-buttons">
        {mode !== 'select' && (
          <button type="button" data-testid="draw-centre" onClick={() => tool.vertexAtCentre()}>
            {t(lineLike ? 'drawAddVertex' : 'drawPlaceCentre')}
          </button>
        )}
        {lineLike && (
          <button type="button" data-testid="draw-finish" disabled={pending < (mode === 'polygon' ? 3 : 2)} onClick={() => tool.finishPending()}>
            {t('drawFinish')}
          </button>
        )}
        <button type="button" data-testid="draw-undo" disabled={!drawStore.canUndo} onClick={() => drawStore.undo()} aria-keyshortcuts="Control+Z">
          {t('drawUndo')}
        </button>
      </div>
      <fieldset className="draw-colours">
        <legend>{selectedDrawing ? t('drawStyleSelected', { name: selectedDrawing.label || t(KIND_LABEL[selectedDrawing.kind]) }) : t('drawStyle')}</legend>
        {PALETTE.map((p) => (
          <label key={p.id} className="draw-swatch">
            <input type="radio" name="draw-colour" value={p.hex} checked={(selectedDrawing?.colour ?? colour) === p.hex} onChange={() => restyle({ colour: p.hex })} data-testid={`draw-colour-${p.id}`} />
            <span className="swatch" style={{ background: p.hex }} aria-hidden="true" /> {t(`drawColour_${p.id}` as MessageKey)}
          </label>
        ))}
        <label className="draw-width">
          {t('drawWidth')} <input type="number" min={1} max={MAX_WIDTH} value={selectedDrawing?.width ?? width} onChange={(e) => restyle({ width: Math.min(MAX_WIDTH, Math.max(1, Number(e.target.value) || 1)) })} data-testid="draw-width" />
        </label>
      </fieldset>
      <label>
        <input type="checkbox" checked={state.showMeasurements} onChange={(e) => drawStore.setShowMeasurements(e.target.checked)} data-testid="draw-measure" /> {t('drawShowMeasurements')}
      </label>
      <div role="status" className="draw-status" data-testid="draw-status" data-count={state.drawings.length} data-pending={pending} data-selected={selected ?? ''}>
        {message}
        {drawStore.saveFailed && ` ${t('drawSaveFailed')}`}
      </div>
      <h3 id="draw-list-title">{t('drawList', { n: state.drawings.length })}</h3>
      {state.drawings.length ? (
        <ul className="draw-list" aria-labelledby="draw-list-title" data-testid="draw-list">
          {state.drawings.map((d, i) => (
            <li key={d.id} data-id={d.id} aria-current={d.id === selected ? 'true' : undefined}>
              <button type="button" className="draw-pick" onClick={() => {
                  setMode('select')
                  tool.select(d.id)
                }} aria-label={t('drawSelect', { name: d.label || `${t(KIND_LABEL[d.kind])} ${i + 1}` })}>
                <span className="swatch" style={{ background: d.colour }} aria-hidden="true" /> {t(KIND_LABEL[d.kind])}
              </button>
              <input
                type="text"
                value={names[d.id] ?? d.label}
                aria-label={t('drawName', { n: i + 1 })}
                onChange={(e) => setNames((ns) => ({ ...ns, [d.id]: e.target.value }))}
                onBlur={() => rename(d.id)}
                onKeyDown={(e) => e.key === 'Enter' && rename(d.id)}
              />
              <button type="button" onClick={() => drawStore.setDrawings(state.drawings.filter((x) => x.id !== d.id))} aria-label={t('drawDelete', { n: i + 1 })} data-testid="draw-delete">
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('drawEmpty')}</p>
      )}
      <div className="draw-buttons">
        <button type="button" disabled={!state.drawings.length} data-testid="draw-export-geojson" onClick={() => download(`${t('drawFileName')}.geojson`, 'application/geo+json', toGeoJSON(state.drawings))}>
          {t('drawExportGeojson')}
        </button>
        <button type="button" disabled={!state.drawings.length} data-testid="draw-export-kml" onClick={() => download(`${t('drawFileName')}.kml`, 'application/vnd.google-earth.kml+xml', toKML(state.drawings, t('toolDraw')))}>
          {t('drawExportKml')}
        </button>
      </div>
      <label className="draw-import">
        {t('drawImport')}{' '}
        <input
          type="file"
          accept=".geojson,.json,.kml,.gpx"
          data-testid="draw-import"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void onImport(f)
            e.target.value = ''
          }}
        />
      </label>
      <button type="button" className="link" onClick={props.onClose}>
        {t('close')}
      </button>
    </div>
  )
}
