// The measure tool's panel: line or polygon, the buttons that make every map gesture available by keyboard, the
// current values on the UTM grid and on GRS80 with their difference, the vertices, and the list of finished
// measurements to copy. Drawing and editing on the map: src/map/tools/measureTool.ts; the numbers: src/tools/measure.
import { useEffect, useMemo, useState } from 'react'
import { MeasureTool, type MeasureState } from '../../../map/tools/measureTool.ts'
import { formatMetres } from '../../../tools/coordinates/format.ts'
import { formatArea, formatDifference, formatLength, measurementText, type ResultLabels } from '../../../tools/measure/format.ts'
import { measure, type Measurement, type MeasureKind } from '../../../tools/measure/measure.ts'
import { CopyButton } from '../../common/CopyButton.tsx'
import { useI18n } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'

export default function MeasurePanel(props: ToolPanelProps) {
  const { t, lang } = useI18n()
  const { projections, setMapTools } = props
  const tool = useMemo(() => new MeasureTool('line', (s) => setState(s)), [])
  const [state, setState] = useState<MeasureState>(() => tool.current)
  const [snap, setSnap] = useState(false)
  // Finished measurements, oldest first; the one being drawn or edited is the last entry once finished.
  const [results, setResults] = useState<{ serial: number; m: Measurement }[]>([])
  const toGrid = useMemo(() => projections.forward('EPSG:4326', 'EPSG:25832'), [projections])
  useEffect(() => {
    setMapTools([tool])
    return () => setMapTools([])
  }, [tool, setMapTools])
  useEffect(() => tool.setSnap(snap), [tool, snap])

  const current = useMemo(() => (state.vertices.length ? measure(state.kind, state.vertices, toGrid) : null), [state, toGrid])
  // A finished drawing is (re)entered in the list as it is edited; reopened (Backspace), it leaves the list.
  useEffect(() => {
    setResults((rs) => {
      const others = rs.filter((r) => r.serial !== state.serial)
      return state.finished && current ? [...others, { serial: state.serial, m: current }] : others.length === rs.length ? rs : others
    })
  }, [state, current])

  const labels: ResultLabels = {
    line: t('measureLine'),
    polygon: t('measurePolygon'),
    length: t('measureLength'),
    perimeter: t('measurePerimeter'),
    area: t('measureArea'),
    grid: t('measureGrid'),
    ellipsoid: t('measureEllipsoid'),
    difference: t('measureDifference'),
    vertices: t('measureVertices'),
  }
  const choose = (kind: MeasureKind) => tool.setKind(kind)
  const quantities = current
    ? [
        { id: 'length', name: t(state.kind === 'line' ? 'measureLength' : 'measurePerimeter'), grid: current.planar.length, ellipsoid: current.geodesic.length, unit: 'm' as const, format: formatLength },
        ...(state.kind === 'polygon' ? [{ id: 'area', name: t('measureArea'), grid: current.planar.area ?? 0, ellipsoid: current.geodesic.area ?? 0, unit: 'm²' as const, format: formatArea }] : []),
      ]
    : []
  const n = state.vertices.length
  return (
    <div className="measure-panel">
      <fieldset className="measure-kind">
        <legend>{t('measureKind')}</legend>
        {(['line', 'polygon'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="measure-kind" value={k} checked={state.kind === k} onChange={() => choose(k)} data-testid={`measure-kind-${k}`} />{' '}
            {t(k === 'line' ? 'measureLine' : 'measurePolygon')}
          </label>
        ))}
      </fieldset>
      <p className="hint">{t('measureHintShort')}</p>
      <details className="hint">
        <summary>{t('measureHelp')}</summary>
        {t('measureHint')}
      </details>
      <div className="measure-buttons">
        <button type="button" data-testid="measure-add-centre" onClick={() => tool.addCentre()}>
          {t('measureAddCentre')}
        </button>
        <button type="button" data-testid="measure-remove-last" disabled={!n} onClick={() => tool.removeLast()}>
          {t('measureRemoveLast')}
        </button>
        <button type="button" data-testid="measure-finish" disabled={state.finished || n < (state.kind === 'polygon' ? 3 : 2)} onClick={() => tool.finish()}>
          {t('measureFinish')}
        </button>
        <button type="button" data-testid="measure-discard" disabled={!n} onClick={() => tool.clear()}>
          {t('measureDiscard')}
        </button>
      </div>
      <label className="measure-snap">
        <input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} data-testid="measure-snap" /> {t('measureSnap')}
      </label>
      <div role="status" data-testid="measure-status" data-vertices={n} data-finished={state.finished}>
        {current ? null : <p className="hint">{t('measureEmpty')}</p>}
      </div>
      {current && (
        <>
          <table className="measure-table" data-testid="measure-current">
            <caption>
              {t('measureCurrent', { kind: t(state.kind === 'line' ? 'measureLine' : 'measurePolygon'), n })}
              {state.finished ? ` (${t('measureFinished')})` : ''}
            </caption>
            <thead>
              <tr>
                <td />
                {quantities.map((q) => (
                  <th key={q.id} scope="col">
                    {q.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['grid', 'ellipsoid', 'difference'] as const).map((row) => (
                <tr key={row}>
                  <th scope="row">{t(row === 'grid' ? 'measureGrid' : row === 'ellipsoid' ? 'measureEllipsoid' : 'measureDifference')}</th>
                  {quantities.map((q) => (
                    <td key={q.id} className="num" data-testid={`measure-${q.id}-${row}`} data-value={row === 'grid' ? q.grid : row === 'ellipsoid' ? q.ellipsoid : q.grid - q.ellipsoid}>
                      {row === 'grid' ? q.format(q.grid, lang) : row === 'ellipsoid' ? q.format(q.ellipsoid, lang) : <Difference {...q} lang={lang} />}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint measure-note">{t('measureNote')}</p>
          <details className="measure-vertices">
            <summary>{t('measureVertexList', { n })}</summary>
            <ol data-testid="measure-vertices">
              {current.grid.map((g, i) => {
                const f = formatMetres(g[0], g[1], lang)
                return (
                  <li key={i} data-lon={current.vertices[i][0]} data-lat={current.vertices[i][1]}>
                    E {f.e}, N {f.n}
                  </li>
                )
              })}
            </ol>
          </details>
        </>
      )}
      <section className="measure-results" aria-labelledby="measure-results-title">
        <h3 id="measure-results-title">{t('measureResults')}</h3>
        {results.length ? (
          <>
            <ol data-testid="measure-results">
              {results.map((r) => (
                <li key={r.serial}>{measurementText(r.m, labels, lang)}</li>
              ))}
            </ol>
            <div className="measure-buttons">
              <CopyButton text={() => results.map((r) => measurementText(r.m, labels, lang)).join('\n\n')} testId="measure-copy">
                {t('measureCopyAll')}
              </CopyButton>
              <button type="button" onClick={() => setResults([])}>
                {t('measureClearResults')}
              </button>
            </div>
          </>
        ) : (
          <p className="hint">{t('measureResultsEmpty')}</p>
        )}
      </section>
    </div>
  )
}

/** The difference and its ratio, allowed to wrap apart on a narrow panel. */
function Difference(props: { grid: number; ellipsoid: number; unit: 'm' | 'm²'; lang: 'de' | 'en' }) {
  const [value, ratio] = formatDifference(props.grid, props.ellipsoid, props.unit, props.lang).split(' (')
  return (
    <>
      <span className="num">{value}</span> <span className="num">({ratio}</span>
    </>
  )
}
