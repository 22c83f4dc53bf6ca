import { useCallback, useMemo, useState } from 'react'
import { defaultLayerOrder, type Catalog, type LayerEntry } from '../model/catalog.ts'
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
  // Draw order, bottom to top: the URL's layers in their order, then the rest in the default order.
  const [order, setOrder] = useState<string[]>(() => [...props.visible, ...defaultLayerOrder(catalog).filter((id) => !props.visible.includes(id))])
  const [visible, setVisible] = useState(props.visible)
  const [opacity, setOpacity] = useState<Record<string, number>>({})
  const [view, setView] = useState(props.view)
  const [status, setStatus] = useState<Record<string, LayerStatus>>({})
  // serial counts answered clicks, so tests and assistive tech can tell a new answer from the previous one.
  const [info, setInfo] = useState<{ hits: FeatureHit[]; rasterValues: RasterValue[]; serial: number } | null>(null)
  const [fitRequest, setFitRequest] = useState<{ bbox: LayerEntry['bbox4326']; n: number }>()

  const byId = useMemo(() => new Map(catalog.layers.map((l) => [l.id, l])), [catalog])
  const shown = useMemo(() => order.filter((id) => visible.includes(id)).map((id) => byId.get(id)!), [order, visible, byId])
  // The list shows the top layer first, as GIS users expect.
  const listed = useMemo(() => [...order].reverse().map((id) => byId.get(id)!), [order, byId])

  const update = (nextOrder: string[], nextVisible: string[]) => {
    const ordered = nextOrder.filter((id) => nextVisible.includes(id))
    setOrder(nextOrder)
    setVisible(ordered)
    props.onStateChange(view, ordered)
  }
  const toggle = (id: string, on: boolean) => update(order, on ? [...visible, id] : visible.filter((v) => v !== id))
  const move = (id: string, delta: 1 | -1) => {
    const i = order.indexOf(id)
    const j = i + delta
    if (j < 0 || j >= order.length) return
    const next = [...order]
    ;[next[i], next[j]] = [next[j], next[i]]
    update(next, visible)
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
              layers={listed}
              visible={visible}
              status={status}
              opacity={opacity}
              onToggle={toggle}
              onMove={move}
              onOpacity={(id, v) => setOpacity((o) => ({ ...o, [id]: v }))}
              onZoomTo={(l) => setFitRequest((f) => ({ bbox: l.bbox4326, n: (f?.n ?? 0) + 1 }))}
            />
            {info ? (
              <FeatureInfo serial={info.serial} hits={info.hits} rasterValues={info.rasterValues} layers={catalog.layers} attributeTitles={(_layer, name) => name} onClose={() => setInfo(null)} />
            ) : (
              <p className="hint">{t('clickHint')}</p>
            )}
          </aside>
          <MapView
            layers={shown}
            opacity={opacity}
            view={view}
            fitRequest={fitRequest}
            projections={props.projections}
            catalogUrl={props.catalogUrl}
            basemap={catalog.basemap}
            onView={onView}
            onLayerStatus={(id, s) => setStatus((prev) => ({ ...prev, [id]: s }))}
            onFeatureInfo={(i) => setInfo((prev) => ({ ...i, serial: (prev?.serial ?? 0) + 1 }))}
            onIdle={() => props.onMapIdle?.(visible, status)}
          />
        </main>
      </div>
    </I18nContext.Provider>
  )
}
