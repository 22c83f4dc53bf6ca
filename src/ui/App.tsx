import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { buildIndex, search } from '../catalog/search.ts'
import { defaultLayerOrder, type Catalog, type LayerDocument, type LayerEntry } from '../model/catalog.ts'
import type { FeatureHit, LayerStatus, RasterValue, View } from '../map/MapController.ts'
import type { Projections } from '../projection/registry.ts'
import { FeatureInfo } from './FeatureInfo.tsx'
import { I18nContext, translator, type Lang } from './i18n.ts'
import { LayerList } from './LayerList.tsx'
import { LayerPage, type DocumentState } from './LayerPage.tsx'
import { MapView } from './MapView.tsx'

export interface AppProps {
  catalog: Catalog
  rejected: { id: string; reason: string }[]
  catalogUrl: string
  projections: Projections
  view: View
  visible: string[]
  lang: Lang
  /** The layer whose details page is open (#layer=<id>), if any. */
  page?: string
  /** layer.json per layer id, as they arrive (loaded by the composition root after the first view). */
  documents: Record<string, DocumentState | undefined>
  /** "Today" for the timeliness of layers. */
  today: Date
  onLangChange(lang: Lang): void
  onStateChange(view: View, visible: string[], page?: string): void
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
  const [page, setPage] = useState(props.page)
  const [query, setQuery] = useState('')

  const byId = useMemo(() => new Map(catalog.layers.map((l) => [l.id, l])), [catalog])
  const shown = useMemo(() => order.filter((id) => visible.includes(id)).map((id) => byId.get(id)!), [order, visible, byId])
  // The list shows the top layer first, as GIS users expect.
  const listed = useMemo(() => [...order].reverse().map((id) => byId.get(id)!), [order, byId])

  // Back from a details page, keyboard focus returns to that layer's Details button; the page title follows.
  const lastPage = useRef(page)
  useEffect(() => {
    const title = page !== undefined ? byId.get(page)?.title : undefined
    document.title = title ? `${title} – ${catalog.title}` : catalog.title
    if (page === undefined && lastPage.current !== undefined) document.querySelector<HTMLElement>(`[data-testid="details-${CSS.escape(lastPage.current)}"]`)?.focus()
    lastPage.current = page
  }, [page, byId, catalog.title])
  const docs = useMemo(() => {
    const loaded: Record<string, LayerDocument> = {}
    for (const [id, d] of Object.entries(props.documents)) if (d?.state === 'loaded') loaded[id] = d.doc
    return loaded
  }, [props.documents])
  const index = useMemo(() => buildIndex(catalog.layers, docs), [catalog, docs])
  const matches = useMemo(() => (query.trim() ? new Set(search(index, query).map((h) => h.id)) : null), [index, query])

  const update = (nextOrder: string[], nextVisible: string[], nextPage: string | undefined) => {
    const ordered = nextOrder.filter((id) => nextVisible.includes(id))
    setOrder(nextOrder)
    setVisible(ordered)
    setPage(nextPage)
    props.onStateChange(view, ordered, nextPage)
  }
  const openPage = (id: string | undefined) => {
    // The map is re-created when it comes back; an earlier fit must not be repeated then.
    setFitRequest(undefined)
    update(order, visible, id)
  }
  const showOnMap = (l: LayerEntry) => {
    update(order, visible.includes(l.id) ? visible : [...visible, l.id], undefined)
    setFitRequest((f) => ({ bbox: l.bbox4326, n: (f?.n ?? 0) + 1 }))
  }
  const toggle = (id: string, on: boolean) => update(order, on ? [...visible, id] : visible.filter((v) => v !== id), page)
  const move = (id: string, delta: 1 | -1) => {
    const i = order.indexOf(id)
    const j = i + delta
    if (j < 0 || j >= order.length) return
    const next = [...order]
    ;[next[i], next[j]] = [next[j], next[i]]
    update(next, visible, page)
  }
  const onView = useCallback(
    (v: View) => {
      setView(v)
      props.onStateChange(v, visible, page)
    },
    [props, visible, page],
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
        {page !== undefined ? (
          <main className="page">
            {byId.get(page) ? (
              <LayerPage
                layer={byId.get(page)!}
                document={props.documents[page]}
                dataUrl={new URL(byId.get(page)!.href, props.catalogUrl).href}
                metaUrl={new URL(byId.get(page)!.metaHref, props.catalogUrl).href}
                today={props.today}
                onShowOnMap={showOnMap}
                onBack={() => openPage(undefined)}
              />
            ) : (
              <>
                <p role="alert" className="error">
                  {t('unknownLayer', { id: page })}
                </p>
                <button type="button" className="secondary" onClick={() => openPage(undefined)}>
                  ← {t('backToMap')}
                </button>
              </>
            )}
          </main>
        ) : (
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
                query={query}
                matches={matches}
                onQuery={setQuery}
                onDetails={(l) => openPage(l.id)}
              />
              {info ? (
                <FeatureInfo serial={info.serial} hits={info.hits} rasterValues={info.rasterValues} layers={catalog.layers} attributeTitles={(layerId, name) => docs[layerId]?.metadata.attributes?.[name]?.title ?? name} onClose={() => setInfo(null)} />
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
        )}
      </div>
    </I18nContext.Provider>
  )
}
