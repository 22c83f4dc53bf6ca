// The coordinates tool: a readout of the position under the pointer (or the map centre while the map has keyboard
// focus) in EPSG:25832, with lat/lon and Gauss-Krüger zone 3 on demand, a copy button, and "coordinates here" for
// a right-click or long press (CoordinatesHere). Typed go-to is the place search's job, not this panel's.
import { useEffect, useMemo, useState } from 'react'
import { loadGaussKrueger } from '../../../map/gaussKrueger.ts'
import { CoordinatesTool, type LngLat } from '../../../map/tools/coordinatesTool.ts'
import type { Projections } from '../../../projection/registry.ts'
import { coordinateText, formatDegrees, formatDms, formatMetres, type CoordinateSet } from '../../../tools/coordinates/format.ts'
import { CopyButton } from '../../common/CopyButton.tsx'
import { useI18n } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'
import { CoordinatesHere } from './CoordinatesHere.tsx'

export type GkState = { state: 'off' | 'loading' | 'ready' } | { state: 'error'; message: string }

/** Loads Gauss-Krüger once per panel when wanted; the state says whether the numbers can be shown. */
export function useGaussKrueger(projections: Projections, wanted: boolean): GkState {
  const [gk, setGk] = useState<GkState>({ state: projections.has('EPSG:31467') ? 'ready' : 'off' })
  useEffect(() => {
    if (!wanted || gk.state !== 'off') return
    setGk({ state: 'loading' })
    loadGaussKrueger(projections).then(
      () => setGk({ state: 'ready' }),
      (e: unknown) => setGk({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    )
  }, [wanted, gk.state, projections])
  return gk
}

/** lon/lat → the three systems (Gauss-Krüger only once its grid is loaded). */
export function useConvert(projections: Projections, gkReady: boolean): (p: LngLat) => CoordinateSet {
  return useMemo(() => {
    const utm = projections.forward('EPSG:4326', 'EPSG:25832')
    const gk = gkReady ? projections.forward('EPSG:4326', 'EPSG:31467') : undefined
    return (p: LngLat) => ({ lonLat: p, utm: utm(p), gk: gk?.(p) })
  }, [projections, gkReady])
}

/** The rows of one position: used by the readout and by "coordinates here". */
export function CoordinateRows(props: { c: CoordinateSet; latLon: boolean; gk: GkState | null; copy?: boolean; idPrefix: string }) {
  const { t, lang } = useI18n()
  const { c } = props
  const u = formatMetres(c.utm[0], c.utm[1], lang)
  const d = formatDegrees(c.lonLat[0], c.lonLat[1], lang)
  const dms = formatDms(c.lonLat[0], c.lonLat[1], lang)
  const copy = (name: string, text: () => string, id: string) => (props.copy ? <CopyButton text={text} label={t('copyNamed', { name })} testId={`${props.idPrefix}-copy-${id}`} /> : null)
  return (
    <dl className="coords-rows">
      <div data-testid={`${props.idPrefix}-utm`} data-e={c.utm[0]} data-n={c.utm[1]} data-lon={c.lonLat[0]} data-lat={c.lonLat[1]}>
        <dt>{t('coordsUtm')}</dt>
        <dd>
          <span>
            {t('coordsEasting')} <span className="num">{u.e}</span>
          </span>{' '}
          <span>
            {t('coordsNorthing')} <span className="num">{u.n}</span>
          </span>
          {copy(t('coordsUtm'), () => coordinateText(c, lang, {}), 'utm')}
        </dd>
      </div>
      {props.latLon && (
        <div data-testid={`${props.idPrefix}-latlon`}>
          <dt>{t('coordsLatLon')}</dt>
          <dd>
            <span>
              {t('coordsLat')} <span className="num">{d.lat}</span>
            </span>{' '}
            <span>
              {t('coordsLon')} <span className="num">{d.lon}</span>
            </span>
            <span className="dms">
              {dms.lat}, {dms.lon}
            </span>
            {copy(t('coordsLatLon'), () => coordinateText(c, lang, { lonLat: true }).split('\n')[1], 'latlon')}
          </dd>
        </div>
      )}
      {props.gk && (
        <div data-testid={`${props.idPrefix}-gk`} data-e={c.gk?.[0]} data-n={c.gk?.[1]}>
          <dt>{t('coordsGk')}</dt>
          <dd>
            {props.gk.state === 'ready' && c.gk ? (
              <>
                <span>
                  {t('coordsRight')} <span className="num">{formatMetres(c.gk[0], c.gk[1], lang).e}</span>
                </span>{' '}
                <span>
                  {t('coordsHigh')} <span className="num">{formatMetres(c.gk[0], c.gk[1], lang).n}</span>
                </span>
                {copy(t('coordsGk'), () => coordinateText(c, lang, { gk: true }).split('\n')[1], 'gk')}
              </>
            ) : props.gk.state === 'error' ? (
              <span className="error">{t('coordsGkError', { message: props.gk.message })}</span>
            ) : (
              <span>{t('coordsGkLoading')}</span>
            )}
          </dd>
        </div>
      )}
    </dl>
  )
}

export default function CoordinatesPanel(props: ToolPanelProps) {
  const { t, lang } = useI18n()
  const { projections, setMapTools } = props
  const [pos, setPos] = useState<{ lngLat: LngLat; source: 'pointer' | 'centre' } | null>(null)
  const [here, setHere] = useState<{ lngLat: LngLat; at?: { x: number; y: number }; n: number } | null>(null)
  const [latLon, setLatLon] = useState(false)
  const [showGk, setShowGk] = useState(false)
  // "Coordinates here" always shows all three systems, so it asks for the grid too.
  const gk = useGaussKrueger(projections, showGk || !!here)
  const convert = useConvert(projections, gk.state === 'ready')
  const tool = useMemo(
    () =>
      new CoordinatesTool({
        onPosition: (lngLat, source) => setPos({ lngLat, source }),
        onHere: (lngLat, at) => setHere((h) => ({ lngLat, at, n: (h?.n ?? 0) + 1 })),
      }),
    [],
  )
  useEffect(() => {
    setMapTools([tool])
    return () => setMapTools([])
  }, [tool, setMapTools])

  const c = pos ? convert(pos.lngLat) : null
  return (
    <div className="coords-panel">
      <h2 className="tool-title">
        {t('coordsReadout')} <span className="coords-source">{pos ? t(pos.source === 'pointer' ? 'coordsAtPointer' : 'coordsAtCentre') : ''}</span>
      </h2>
      <div data-testid="coords-readout" data-source={pos?.source ?? ''}>
        {c ? <CoordinateRows c={c} latLon={latLon} gk={showGk ? gk : null} copy idPrefix="coords" /> : <p className="hint">{t('coordsNone')}</p>}
      </div>
      <div className="coords-options">
        <label>
          <input type="checkbox" checked={latLon} onChange={(e) => setLatLon(e.target.checked)} /> {t('coordsShowLatLon')}
        </label>
        <label>
          <input type="checkbox" checked={showGk} onChange={(e) => setShowGk(e.target.checked)} data-testid="coords-show-gk" /> {t('coordsShowGk')}
        </label>
      </div>
      <p className="hint">{t('coordsHint')}</p>
      <button
        type="button"
        data-testid="coords-here-centre"
        onClick={() => {
          const centre = tool.centre()
          if (centre) setHere((h) => ({ lngLat: centre, n: (h?.n ?? 0) + 1 }))
        }}
      >
        {t('coordsHereCentre')}
      </button>
      {here && <CoordinatesHere key={here.n} c={convert(here.lngLat)} at={here.at} gk={gk} lang={lang} onClose={() => setHere(null)} />}
    </div>
  )
}
