// The compare tool's panel (issue #17): what sides A and B show (a catalog layer and a base map each), swipe or
// side by side, swap. The maps and the slider are src/map/tools/compareMaps.ts; the state's share-link form is
// src/tools/compare/share.ts.
import { useEffect, useMemo, useState } from 'react'
import { needsConsent } from '../../../basemap/choice.ts'
import { CompareMaps, type CompareContent, type CompareTexts } from '../../../map/tools/compareMaps.ts'
import { NO_BASEMAP } from '../../../model/basemap.ts'
import type { Catalog } from '../../../model/catalog.ts'
import { decodeCompare, defaultCompare, encodeCompare, type CompareSide, type CompareState } from '../../../tools/compare/share.ts'
import { roundPosition } from '../../../tools/compare/swipe.ts'
import { usePhone } from '../../common/media.ts'
import { mapLocale } from '../../map/MapView.tsx'
import { useI18n, type Translate } from '../../i18n.ts'
import type { ToolPanelProps } from '../MapTools.tsx'
import './compare.css'

/** Base maps that may load without asking: a remote one that needs the user's agreement is left to the switcher. */
function offeredBasemaps(catalog: Catalog) {
  return (catalog.basemaps ?? []).filter((b) => !needsConsent({ remoteConsent: catalog.remoteConsent }, b, new Set()))
}

function content(side: CompareSide, name: 'A' | 'B', catalog: Catalog, t: Translate, lang: string): CompareContent {
  const layer = catalog.layers.find((l) => l.id === side.layer) ?? null
  const basemap = offeredBasemaps(catalog).find((b) => b.id === side.basemap) ?? null
  const basemapTitle = basemap ? (lang === 'en' && basemap.titleEn) || basemap.title : null
  const what = [layer?.title, basemapTitle].filter(Boolean).join(' · ') || t('compareEmpty')
  return { layer, basemap, label: `${name}: ${what}` }
}

export default function ComparePanel(props: ToolPanelProps) {
  const { t, lang } = useI18n()
  const phone = usePhone()
  const { catalog } = props
  const basemaps = useMemo(() => offeredBasemaps(catalog), [catalog])
  const [state, setState] = useState<CompareState>(() => {
    const ids = new Set(basemaps.map((b) => b.id))
    const start = catalog.defaultBasemap && ids.has(catalog.defaultBasemap) ? catalog.defaultBasemap : (basemaps[0]?.id ?? NO_BASEMAP)
    const choices = { layers: new Set(catalog.layers.map((l) => l.id)), basemaps: ids }
    return decodeCompare(props.link.get, choices, defaultCompare(props.shown.map((l) => l.id), start))
  })
  const texts: CompareTexts = {
    slider: t('compareSlider'),
    valueText: (p) => t('compareSliderValue', { a: p, b: roundPosition(100 - p) }),
    locale: mapLocale(t),
  }
  // One pair of maps while the panel is open; later changes go through its methods.
  const [errors, setErrors] = useState<{ a?: string; b?: string }>({})
  const [maps] = useState(
    () =>
      new CompareMaps({
        projections: props.projections,
        catalogUrl: props.catalogUrl,
        texts,
        onPosition: (position) => setState((s) => ({ ...s, position })),
        onError: (side, message) => setErrors((e) => (e[side] === (message ?? undefined) ? e : { ...e, [side]: message ?? undefined })),
      }),
  )
  const { setMapTools, link } = props
  useEffect(() => {
    setMapTools([maps])
    return () => setMapTools([])
  }, [maps, setMapTools])
  useEffect(() => maps.setTexts(texts), [maps, t]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => maps.setMode(state.mode), [maps, state.mode])
  useEffect(() => maps.setPosition(state.position), [maps, state.position])
  useEffect(() => maps.setContent('a', content(state.a, 'A', catalog, t, lang)), [maps, state.a, catalog, t, lang])
  useEffect(() => maps.setContent('b', content(state.b, 'B', catalog, t, lang)), [maps, state.b, catalog, t, lang])
  useEffect(() => link.set(encodeCompare(state)), [state]) // eslint-disable-line react-hooks/exhaustive-deps

  const setSide = (name: 'a' | 'b', side: Partial<CompareSide>) => {
    setErrors((e) => ({ ...e, [name]: undefined }))
    setState((s) => ({ ...s, [name]: { ...s[name], ...side } }))
  }
  const sideFields = (name: 'a' | 'b') => {
    const side = state[name]
    const legend = t(name === 'a' ? (state.mode === 'side' && phone ? 'compareSideATop' : 'compareSideA') : state.mode === 'side' && phone ? 'compareSideBBottom' : 'compareSideB')
    return (
      <fieldset className="compare-side" data-testid={`compare-side-${name}`}>
        <legend>{legend}</legend>
        <label>
          {t('compareLayer')}
          <select value={side.layer ?? ''} onChange={(e) => setSide(name, { layer: e.target.value || null })} data-testid={`compare-layer-${name}`}>
            <option value="">{t('compareNoLayer')}</option>
            {catalog.layers.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('compareBasemap')}
          <select value={side.basemap} onChange={(e) => setSide(name, { basemap: e.target.value })} data-testid={`compare-basemap-${name}`}>
            <option value={NO_BASEMAP}>{t('compareNoBasemap')}</option>
            {basemaps.map((b) => (
              <option key={b.id} value={b.id}>
                {(lang === 'en' && b.titleEn) || b.title}
              </option>
            ))}
          </select>
        </label>
        {errors[name] && (
          <p className="compare-error" role="alert" data-testid={`compare-error-${name}`}>
            {t('layerError', { message: errors[name] })}
          </p>
        )}
      </fieldset>
    )
  }

  return (
    <div className="compare-panel">
      <fieldset className="compare-mode">
        <legend>{t('compareMode')}</legend>
        {(['swipe', 'side'] as const).map((mode) => (
          <label key={mode}>
            <input type="radio" name="compare-mode" value={mode} checked={state.mode === mode} onChange={() => setState((s) => ({ ...s, mode }))} data-testid={`compare-mode-${mode}`} />
            {t(mode === 'swipe' ? 'compareSwipe' : 'compareSideBySide')}
          </label>
        ))}
      </fieldset>
      <div className="compare-sides">
        {sideFields('a')}
        {sideFields('b')}
      </div>
      <p className="hint">{t(state.mode === 'swipe' ? 'compareSwipeHint' : 'compareSideHint')}</p>
      <div className="compare-actions">
        <button type="button" onClick={() => {
            setErrors((e) => ({ a: e.b, b: e.a }))
            setState((s) => ({ ...s, a: s.b, b: s.a }))
          }} data-testid="compare-swap">
          {t('compareSwap')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('compareClose')}
        </button>
      </div>
    </div>
  )
}
