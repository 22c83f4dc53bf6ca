// The print panel ("Drucken"): paper, orientation, scale (list or typed), resolution, title, subtitle and date,
// legend and coordinate crosses; the frame on the map follows every choice and can be moved (drag, Shift + arrows
// on the map, the buttons here). "PDF erstellen" renders the frame (src/map/tools/printRender.ts) and writes the
// PDF (printPdf.ts, loaded at that moment); it shows its progress and can be cancelled. "Ansicht als PNG" saves
// the visible map. The geometry: src/tools/print/.
import { useEffect, useMemo, useRef, useState } from 'react'
import { legendItems } from '../../../map/legend.ts'
import { PrintFrameTool } from '../../../map/tools/printFrameTool.ts'
import { bringIntoView, renderFrame, viewPng } from '../../../map/tools/printRender.ts'
import { formatMetres } from '../../../tools/coordinates/format.ts'
import { DPIS, PAPERS, SCALE_PRESETS, pageLayout, parseScale, printFileName, scaleBar, type Orientation, type Paper } from '../../../tools/print/page.ts'
import { mercX, mercY, printFrame, type LonLat } from '../../../tools/print/scale.ts'
import { saveBlob } from '../../common/saveBlob.ts'
import { formatter } from '../../format.ts'
import { useI18n } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'
import type { PrintTexts } from './printPdf.ts'

type Job = { state: 'idle' } | { state: 'running'; done: number; total: number; abort: AbortController } | { state: 'done'; file: string; ms: { render: number; pdf: number }; pixels: number; tiles: number } | { state: 'cancelled' } | { state: 'error'; message: string }

const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Text of an attribution that may hold HTML (base map styles): its text only — values are data, never markup. */
const plain = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent?.replace(/\s+/g, ' ').trim() ?? ''

export default function PrintPanel(props: ToolPanelProps) {
  const { t, lang } = useI18n()
  const f = formatter(lang)
  const { setMapTools, projections, shown } = props
  const [centre, setCentre] = useState<LonLat>()
  const tool = useMemo(() => new PrintFrameTool((c) => setCentre(c)), [])
  const [paper, setPaper] = useState<Paper>('A4')
  const [orientation, setOrientation] = useState<Orientation>('landscape')
  const [scaleText, setScaleText] = useState('1:1.000')
  const [dpi, setDpi] = useState<number>(150)
  const [title, setTitle] = useState(t('appTitle'))
  const [subtitle, setSubtitle] = useState('')
  const [date, setDate] = useState(today)
  const [legend, setLegend] = useState(true)
  const [crosses, setCrosses] = useState(false)
  const [job, setJob] = useState<Job>({ state: 'idle' })
  const attached = useRef(false)
  const root = useRef<HTMLDivElement>(null)
  /** The panel's box: the frame is centred in the part of the map it leaves free. */
  const cover = () => root.current?.closest('section')?.getBoundingClientRect()

  useEffect(() => {
    setMapTools([tool])
    return () => setMapTools([])
  }, [tool, setMapTools])
  // The frame starts in the middle of the map view, as soon as the tool is on the map.
  useEffect(() => {
    if (attached.current) return
    const id = setInterval(() => {
      if (!tool.map) return
      clearInterval(id)
      attached.current = true
      tool.centreOnView(cover())
    }, 50)
    return () => clearInterval(id)
  }, [tool])

  const parsed = parseScale(scaleText)
  const scale = 'scale' in parsed ? parsed.scale : undefined
  const layout = useMemo(() => pageLayout(paper, orientation), [paper, orientation])
  const frame = useMemo(() => (centre && scale ? printFrame({ centre, scale, dpi, mapMm: layout.map }) : undefined), [centre, scale, dpi, layout])
  useEffect(() => {
    if (frame) tool.setFrame(frame)
  }, [tool, frame])
  const toGrid = useMemo(() => projections.forward('EPSG:4326', 'EPSG:25832'), [projections])
  const fromGrid = useMemo(() => projections.forward('EPSG:25832', 'EPSG:4326'), [projections])
  const corners = useMemo(() => frame?.corners.map((c) => toGrid(c)) as [number, number][] | undefined, [frame, toGrid])
  const running = job.state === 'running'

  const sources = (): string[] => {
    const style = tool.map?.getStyle()
    const base = [...new Set(Object.values(style?.sources ?? {}).map((s) => ('attribution' in s && typeof s.attribution === 'string' ? plain(s.attribution) : '')))].filter((s) => s && !shown.some((l) => l.attribution && plain(l.attribution) === s))
    return [
      ...base.map((s) => `${t('printBasemap')}: ${s}`),
      ...shown.map((l) => [l.title, l.attribution && plain(l.attribution), l.license && `${t('printLicence')}: ${l.license}`].filter(Boolean).join(' – ')),
    ]
  }

  const print = async () => {
    const map = tool.map
    if (!map || !frame || !corners || running) return
    const abort = new AbortController()
    setJob({ state: 'running', done: 0, total: 1, abort })
    try {
      const t0 = performance.now()
      await bringIntoView(map, frame, abort.signal)
      const tiles = await renderFrame(map, frame, { signal: abort.signal, onProgress: (done, total) => setJob({ state: 'running', done, total, abort }) })
      const t1 = performance.now()
      const { printPdf } = await import('./printPdf.ts')
      if (abort.signal.aborted) throw new DOMException('cancelled', 'AbortError')
      const fmt = (c: [number, number]) => {
        const m = formatMetres(c[0], c[1], lang)
        return `E ${m.e}  N ${m.n}`
      }
      const conv = frame.convergence
      const texts: PrintTexts = {
        title,
        subtitle,
        scale: t('printScaleText', { scale: f.count(frame.scale) }),
        date: f.date(date),
        crs: t('printCrs'),
        gridNorth: t('printGridNorth', {
          angle: new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(conv)),
          dir: t(conv < 0 ? 'printWest' : 'printEast'),
          k: frame.k.toFixed(6).replace('.', lang === 'de' ? ',' : '.'),
        }),
        sourcesHeading: t('printSources'),
        sources: sources(),
        legendHeading: t('printLegendHeading'),
        corners: corners.map(fmt) as PrintTexts['corners'],
        step: (m, unit, last) => (unit === 'km' ? f.value(m / 1000) : f.value(m)) + (last ? ` ${unit}` : ''),
      }
      const blob = await printPdf({
        layout,
        frame,
        tiles,
        texts,
        legend: legend ? shown.map((l) => ({ title: l.title, items: legendItems(l, t('other'), (n) => f.value(Math.round(n * 100) / 100)) })).filter((l) => l.items.length) : [],
        crosses: crosses ? gridCrosses(frame, corners, fromGrid) : [],
      })
      if (abort.signal.aborted) throw new DOMException('cancelled', 'AbortError')
      const file = printFileName({ title, scale: frame.scale, paper, orientation, date, ext: 'pdf' })
      saveBlob(blob, file)
      setJob({ state: 'done', file, ms: { render: Math.round(t1 - t0), pdf: Math.round(performance.now() - t1) }, pixels: frame.px.w * frame.px.h, tiles: tiles.length })
    } catch (e) {
      if ((e as Error).name === 'AbortError') setJob({ state: 'cancelled' })
      else setJob({ state: 'error', message: (e as Error).message })
    }
  }

  const png = async () => {
    const map = tool.map
    if (!map) return
    // The frame is a tool of this panel, not part of the view: hidden while the picture is taken.
    tool.setVisible(false)
    try {
      const blob = await viewPng(map, sources().join(' · '))
      saveBlob(blob, printFileName({ title, scale: scale ?? 0, paper, orientation, date, ext: 'png' }))
    } finally {
      tool.setVisible(true)
    }
  }

  const scaleError = 'error' in parsed ? t(parsed.error === 'range' ? 'printScaleRange' : 'printScaleFormat') : undefined
  return (
    <div className="print-panel" ref={root}>
      <p className="hint">{t('printHint')}</p>
      <div className="print-row">
        <label>
          {t('printPaper')}{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)} data-testid="print-paper">
            {(Object.keys(PAPERS) as Paper[]).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="print-choice">
          <legend>{t('printOrientation')}</legend>
          {(['portrait', 'landscape'] as const).map((o) => (
            <label key={o}>
              <input type="radio" name="print-orientation" value={o} checked={orientation === o} onChange={() => setOrientation(o)} data-testid={`print-${o}`} />{' '}
              {t(o === 'portrait' ? 'printPortrait' : 'printLandscape')}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="print-row">
        <label>
          {t('printScale')}{' '}
          <input
            type="text"
            inputMode="numeric"
            list="print-scales"
            value={scaleText}
            onChange={(e) => setScaleText(e.target.value)}
            aria-invalid={!!scaleError}
            aria-describedby={scaleError ? 'print-scale-error' : undefined}
            size={10}
            data-testid="print-scale"
          />
        </label>
        <datalist id="print-scales">
          {SCALE_PRESETS.map((s) => (
            <option key={s} value={`1:${f.count(s)}`} />
          ))}
        </datalist>
        <fieldset className="print-choice">
          <legend>{t('printResolution')}</legend>
          {DPIS.map((d) => (
            <label key={d}>
              <input type="radio" name="print-dpi" value={d} checked={dpi === d} onChange={() => setDpi(d)} data-testid={`print-dpi-${d}`} /> {d} dpi
            </label>
          ))}
        </fieldset>
      </div>
      {scaleError && (
        <p id="print-scale-error" className="error" role="alert">
          {scaleError}
        </p>
      )}
      <label className="print-field">
        {t('printTitle')} <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="print-title" />
      </label>
      <label className="print-field">
        {t('printSubtitle')} <input type="text" value={subtitle} onChange={(e) => setSubtitle(e.target.value)} data-testid="print-subtitle" />
      </label>
      <label className="print-field">
        {t('printDate')} <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="print-date" />
      </label>
      <div className="print-row">
        <label>
          <input type="checkbox" checked={legend} onChange={(e) => setLegend(e.target.checked)} data-testid="print-legend" /> {t('printLegend')}
        </label>
        <label>
          <input type="checkbox" checked={crosses} onChange={(e) => setCrosses(e.target.checked)} data-testid="print-crosses" /> {t('printCrosses')}
        </label>
      </div>
      <fieldset className="print-move">
        <legend>{t('printMove')}</legend>
        <div className="print-move-buttons">
          <button type="button" onClick={() => tool.nudge(-0.1, 0)} aria-label={t('printMoveWest')} title={t('printMoveWest')} data-testid="print-move-west">
            ←
          </button>
          <button type="button" onClick={() => tool.nudge(0, 0.1)} aria-label={t('printMoveNorth')} title={t('printMoveNorth')} data-testid="print-move-north">
            ↑
          </button>
          <button type="button" onClick={() => tool.nudge(0, -0.1)} aria-label={t('printMoveSouth')} title={t('printMoveSouth')} data-testid="print-move-south">
            ↓
          </button>
          <button type="button" onClick={() => tool.nudge(0.1, 0)} aria-label={t('printMoveEast')} title={t('printMoveEast')} data-testid="print-move-east">
            →
          </button>
          <button type="button" onClick={() => tool.centreOnView(cover())} data-testid="print-centre">
            {t('printCentre')}
          </button>
          <button type="button" onClick={() => tool.showAll(cover())} data-testid="print-show-all">
            {t('printShowAll')}
          </button>
        </div>
        <p className="hint">{t('printMoveHint')}</p>
      </fieldset>
      <dl
        className="print-corners"
        data-testid="print-frame"
        data-corners={frame ? JSON.stringify(frame.corners) : undefined}
        data-centre={frame ? JSON.stringify(frame.centre) : undefined}
        data-zoom={frame?.zoom}
        data-map-mm={frame ? JSON.stringify(frame.mapMm) : undefined}
      >
        {frame && corners && (
          <>
            <dt>{t('printFrameSize')}</dt>
            <dd>
              {t('printFrameSizeValue', { w: f.count(Math.round((frame.mapMm.w * frame.scale) / 1000)), h: f.count(Math.round((frame.mapMm.h * frame.scale) / 1000)), bar: f.count(scaleBar(frame.scale).metres) })}
            </dd>
            <dt>{t('printCornerNW')}</dt>
            <dd className="num">
              E {formatMetres(...corners[0], lang).e} N {formatMetres(...corners[0], lang).n}
            </dd>
            <dt>{t('printCornerSE')}</dt>
            <dd className="num">
              E {formatMetres(...corners[2], lang).e} N {formatMetres(...corners[2], lang).n}
            </dd>
          </>
        )}
      </dl>
      <div className="print-actions">
        <button type="button" className="primary" onClick={() => void print()} disabled={!frame || running} data-testid="print-pdf">
          {t('printPdf')}
        </button>
        <button type="button" onClick={() => void png()} disabled={running} data-testid="print-png">
          {t('printPng')}
        </button>
      </div>
      {/* Timings and sizes for bench/print.ts. */}
      <div
        role="status"
        data-testid="print-status"
        data-state={job.state}
        data-render-ms={job.state === 'done' ? job.ms.render : undefined}
        data-pdf-ms={job.state === 'done' ? job.ms.pdf : undefined}
        data-pixels={job.state === 'done' ? job.pixels : undefined}
        data-tiles={job.state === 'done' ? job.tiles : undefined}
      >
        {job.state === 'running' && (
          <>
            <progress max={job.total} value={job.done} aria-label={t('printProgress')} />{' '}
            {t('printRunning', { done: job.done, total: job.total })}{' '}
            <button type="button" onClick={() => job.abort.abort()} data-testid="print-cancel">
              {t('printCancel')}
            </button>
          </>
        )}
        {job.state === 'done' && <p>{t('printDone', { file: job.file })}</p>}
        {job.state === 'cancelled' && <p>{t('printCancelled')}</p>}
        {job.state === 'error' && <p className="error">{t('printError', { message: job.message })}</p>}
      </div>
    </div>
  )
}

/** Grid crosses (EPSG:25832) at the scale bar's round distance, as fractions of the map image. */
function gridCrosses(frame: ReturnType<typeof printFrame>, corners: [number, number][], fromGrid: (p: [number, number]) => [number, number]): [number, number][] {
  const step = scaleBar(frame.scale).metres
  const es = corners.map((c) => c[0])
  const ns = corners.map((c) => c[1])
  const out: [number, number][] = []
  const { minX, maxX, minY, maxY } = frame.merc
  for (let e = Math.ceil(Math.min(...es) / step) * step; e <= Math.max(...es); e += step)
    for (let n = Math.ceil(Math.min(...ns) / step) * step; n <= Math.max(...ns); n += step) {
      const [lon, lat] = fromGrid([e, n])
      const fx = (mercX(lon) - minX) / (maxX - minX)
      const fy = (maxY - mercY(lat)) / (maxY - minY)
      if (fx > 0.02 && fx < 0.98 && fy > 0.02 && fy < 0.98) out.push([fx, fy])
    }
  return out
}
