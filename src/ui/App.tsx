import { useCallback, useMemo, useState } from 'react'
import type { Catalog, LayerEntry } from '../model/catalog.ts'
import type { FeatureHit, LayerStatus, RasterValue, View } from '../map/MapController.ts'
import type { Projections } from '../projection/registry.ts'
import { FeatureInfo } from './FeatureInfo.tsx'
import { I18nContext, translator, type Lang } from './i18n.ts'
import { LayerList } from './LayerList.tsx'
import { MapView } from './MapView.tsx'

export interface AppProps {
  catalog: Catalog
  rejected: { id: string; reason: string }[]
  catalogUrl: string
  projections: Projections
  view: View
  visible: string[]
  lang: Lang
  onLangChange(lang: Lang): void
  onStateChange(view: View, visible: string[]): void
  onMapIdle?(visible: string[], status: Record<string, LayerStatus>): void
}

export function App(props: AppProps) {
  const { catalog } = props
  const t = useMemo(() => translator(props.lang), [props.lang])
  const [visible, setVisible] = useState(props.visible)
  const [view, setView] = useState(props.view)
  const [status, setStatus] = useState<Record<string, LayerStatus>>({})
  const [info, setInfo] = useState<{ hits: FeatureHit[]; rasterValues: RasterValue[] } | null>(null)
  const [fitRequest, setFitRequest] = useState<{ bbox: LayerEntry['bbox4326']; n: number }>()

  // Draw order: rasters below vectors, otherwise catalog order (first entry at the bottom).
  const shown = useMemo(() => {
    const on = catalog.layers.filter((l) => visible.includes(l.id))
    return [...on.filter((l) => l.kind === 'raster'), ...on.filter((l) => l.kind === 'vector')]
  }, [catalog, visible])

  const toggle = (id: string, on: boolean) => {
    const next = on ? [...visible, id] : visible.filter((v) => v !== id)
    const ordered = catalog.layers.map((l) => l.id).filter((x) => next.includes(x))
    setVisible(ordered)
    props.onStateChange(view, ordered)
  }
  const onView = useCallback(
    (v: View) => {
      setView(v)
      props.onStateChange(v, visible)
    },
    [props, visible],
  )

  return (
    <I18nContext.Provider value={{ lang: props.lang, t }}>
      <div className="app">
        <header className="app-header">
          <h1>{catalog.title}</h1>
          <button type="button" className="lang" lang={props.lang === 'de' ? 'en' : 'de'} onClick={() => props.onLangChange(props.lang === 'de' ? 'en' : 'de')}>
            {t('switchLanguage')}
          </button>
        </header>
        <main className="layout">
          <aside className="panel">
            {props.rejected.length > 0 && (
              <p role="alert" className="error">
                {t('rejectedLayers', { list: props.rejected.map((r) => `${r.id} (${r.reason})`).join(', ') })}
              </p>
            )}
            <LayerList
              layers={catalog.layers}
              visible={visible}
              status={status}
              onToggle={toggle}
              onZoomTo={(l) => setFitRequest((f) => ({ bbox: l.bbox4326, n: (f?.n ?? 0) + 1 }))}
            />
            {info ? (
              <FeatureInfo hits={info.hits} rasterValues={info.rasterValues} layers={catalog.layers} attributeTitles={(_layer, name) => name} onClose={() => setInfo(null)} />
            ) : (
              <p className="hint">{t('clickHint')}</p>
            )}
          </aside>
          <MapView
            layers={shown}
            view={view}
            fitRequest={fitRequest}
            projections={props.projections}
            catalogUrl={props.catalogUrl}
            basemap={catalog.basemap}
            onView={onView}
            onLayerStatus={(id, s) => setStatus((prev) => ({ ...prev, [id]: s }))}
            onFeatureInfo={(i) => setInfo(i)}
            onIdle={() => props.onMapIdle?.(visible, status)}
          />
        </main>
      </div>
    </I18nContext.Provider>
  )
}
