import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { defaultLayerOrder, type BBox, type Catalog, type LayerDocument, type LayerEntry } from '../model/catalog.ts'
import type { FeatureHit, LayerStatus, RasterValue, View } from '../map/MapController.ts'
import type { Projections } from '../projection/registry.ts'
import { FeatureInfo } from './FeatureInfo.tsx'
import { findingText } from './findingText.ts'
import { I18nContext, translator, type Lang } from './i18n.ts'
import { LayerList } from './LayerList.tsx'
import { CatalogFilterMemory } from './useCatalogFilter.ts'
import type { DocumentState } from './LayerPage.tsx'
import { MapView } from './MapView.tsx'
import { HighlightStatus, MainNav, NamedPage, pageTitle, type HighlightResult, type HighlightState, type PageName } from './pages.tsx'
import type { ExportFormat, ExportProgress } from './LayerPage.tsx'
import type { VectorLayerEntry } from '../model/catalog.ts'
import type { Finding } from '../model/quality.ts'
import { FeatureTable } from './FeatureTable.tsx'
import { PlaceSearch, type PlacesState } from './PlaceSearch.tsx'
import type { Place } from '../catalog/places.ts'
import type { LayerFeaturesInView } from '../map/MapController.ts'

// Loaded when first opened: not part of the first map view's JavaScript (see test/browser/budget.test.ts).
const LayerPage = lazy(() => import('./LayerPage.tsx').then((m) => ({ default: m.LayerPage })))

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
  onStateChange(view: View, visible: string[], page?: string, namedPage?: string): void
  /** A named page (#page=dashboard, #page=barrierefreiheit); a layer page (page) takes precedence. */
  namedPage?: string
  /** GeoJSON / CSV export of a vector layer, made in the browser (layer page downloads). */
  exportLayer?(layer: VectorLayerEntry, format: ExportFormat, onProgress: (p: ExportProgress) => void, signal: AbortSignal): Promise<Blob>
  onMapIdle?(visible: string[], status: Record<string, LayerStatus>): void
  /** Place search: the place indexes of searchable layers as they arrive, and the request to load them. */
  places?: Record<string, PlacesState | undefined>
  onPlacesWanted?(): void
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
  // Named pages, navigation and a finding's highlight on the map (issue #6: dashboard, layer page).
  const [named, setNamed] = useState(props.page === undefined ? props.namedPage : undefined)
  const [highlight, setHighlight] = useState<HighlightState>()
  const [highlightResult, setHighlightResult] = useState<HighlightResult>()
  // Place search and feature table (issue #6).
  const [placeRequest, setPlaceRequest] = useState<{ place: Place; n: number }>()
  const [featureRequest, setFeatureRequest] = useState<{ layerId: string; key: number; n: number }>()
  const [tableOpen, setTableOpen] = useState(false)
  const [inView, setInView] = useState<LayerFeaturesInView[] | null>(null)
  const searchable = useMemo(() => catalog.layers.filter((l) => l.kind === 'vector' && l.placesHref).map((l) => ({ id: l.id, title: l.title })), [catalog])

  const byId = useMemo(() => new Map(catalog.layers.map((l) => [l.id, l])), [catalog])
  const shown = useMemo(() => order.filter((id) => visible.includes(id)).map((id) => byId.get(id)!), [order, visible, byId])
  // The list shows the top layer first, as GIS users expect.
  const listed = useMemo(() => [...order].reverse().map((id) => byId.get(id)!), [order, byId])

  // Back from a details page, keyboard focus returns to that layer's Details button; the page title follows.
  const lastPage = useRef(page)
  useEffect(() => {
    const title = page !== undefined ? byId.get(page)?.title : named !== undefined ? pageTitle(named, t) : undefined
    document.title = title ? `${title} – ${catalog.title}` : catalog.title
    if (page === undefined && lastPage.current !== undefined) document.querySelector<HTMLElement>(`[data-testid="details-${CSS.escape(lastPage.current)}"]`)?.focus()
    lastPage.current = page
  }, [page, byId, catalog.title, named, t])
  const docs = useMemo(() => {
    const loaded: Record<string, LayerDocument> = {}
    for (const [id, d] of Object.entries(props.documents)) if (d?.state === 'loaded') loaded[id] = d.doc
    return loaded
  }, [props.documents])
  // Catalog map-area filter (issue #6): the map's visible extent. Search and facet state live in LayerList, so
  // typing re-renders only the list.
  const [bounds, setBounds] = useState<BBox | null>(null)
  const filterMemory = useMemo(() => new CatalogFilterMemory(), [catalog])

  const update = (nextOrder: string[], nextVisible: string[], nextPage: string | undefined, nextNamed?: PageName) => {
    const ordered = nextOrder.filter((id) => nextVisible.includes(id))
    setOrder(nextOrder)
    setVisible(ordered)
    setPage(nextPage)
    setNamed(nextNamed)
    props.onStateChange(view, ordered, nextPage, nextNamed)
  }
  const openPage = (id: string | undefined) => {
    // The map is re-created when it comes back; an earlier fit must not be repeated then.
    setFitRequest(undefined)
    setPlaceRequest(undefined)
    setFeatureRequest(undefined)
    update(order, visible, id)
  }
  const navigate = (target: PageName | undefined) => {
    setFitRequest(undefined)
    setPlaceRequest(undefined)
    setFeatureRequest(undefined)
    update(order, visible, undefined, target)
  }
  const showFeatures = (l: VectorLayerEntry, f: Finding) => {
    setFitRequest(undefined)
    setPlaceRequest(undefined)
    setFeatureRequest(undefined)
    setHighlightResult(undefined)
    setHighlight((h) => ({ layer: l, ids: f.featureIds, message: findingText(f, t, props.lang), total: typeof f.count === 'number' ? f.count : undefined, n: (h?.n ?? 0) + 1 }))
    update(order, visible.includes(l.id) ? visible : [...visible, l.id], undefined)
  }
  const clearHighlight = () => {
    setHighlight(undefined)
    setHighlightResult(undefined)
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
          <MainNav current={page !== undefined ? undefined : (named ?? 'map')} onNavigate={navigate} />
          <button type="button" className="lang" lang={props.lang === 'de' ? 'en' : 'de'} onClick={() => props.onLangChange(props.lang === 'de' ? 'en' : 'de')}>
            {t('switchLanguage')}
          </button>
        </header>
        {page !== undefined ? (
          <main className="page">
            {byId.get(page) ? (
              <Suspense fallback={<p>{t('loading')}</p>}>
              <LayerPage
                layer={byId.get(page)!}
                document={props.documents[page]}
                dataUrl={new URL(byId.get(page)!.href, props.catalogUrl).href}
                metaUrl={new URL(byId.get(page)!.metaHref, props.catalogUrl).href}
                today={props.today}
                onShowOnMap={showOnMap}
                onShowFeatures={showFeatures}
                onExport={
                  props.exportLayer && byId.get(page)!.kind === 'vector'
                    ? (format, onProgress, signal) => props.exportLayer!(byId.get(page!) as VectorLayerEntry, format, onProgress, signal)
                    : undefined
                }
                onBack={() => openPage(undefined)}
              />
              </Suspense>
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
        ) : named !== undefined ? (
          <main className="page">
            <NamedPage name={named} catalog={catalog} today={props.today} onOpenLayer={(id) => openPage(id)} onBack={() => navigate(undefined)} />
          </main>
        ) : (
          <main className="layout">
            <aside className="panel">
              {highlight && <HighlightStatus highlight={highlight} result={highlightResult} onClear={clearHighlight} />}
              {props.rejected.length > 0 && (
                <p role="alert" className="error">
                  {t('rejectedLayers', { list: props.rejected.map((r) => `${r.id} (${r.reason})`).join(', ') })}
                </p>
              )}
              {searchable.length > 0 && (
                <PlaceSearch layers={searchable} places={props.places ?? {}} onWanted={() => props.onPlacesWanted?.()} onChoose={(place) => setPlaceRequest((r) => ({ place, n: (r?.n ?? 0) + 1 }))} />
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
                catalog={catalog}
                filterMemory={filterMemory}
                documents={docs}
                today={props.today}
                bounds={bounds}
                onDetails={(l) => openPage(l.id)}
              />
              {info ? (
                <FeatureInfo serial={info.serial} hits={info.hits} rasterValues={info.rasterValues} layers={catalog.layers} attributeTitles={(layerId, name) => docs[layerId]?.metadata.attributes?.[name]?.title ?? name} onClose={() => setInfo(null)} />
              ) : (
                <p className="hint">{t('clickHint')}</p>
              )}
              <FeatureTable
                open={tableOpen}
                onToggle={(open) => {
                  setTableOpen(open)
                  if (!open) setInView(null)
                }}
                layers={catalog.layers}
                inView={inView}
                attributeNames={(id) => docs[id]?.attributes}
                attributeTitle={(id, name) => docs[id]?.metadata.attributes?.[name]?.title ?? name}
                onShow={(layerId, key) => setFeatureRequest((r) => ({ layerId, key, n: (r?.n ?? 0) + 1 }))}
              />
            </aside>
            <MapView
              layers={shown}
              opacity={opacity}
              view={view}
              fitRequest={fitRequest}
              placeRequest={placeRequest}
              featureRequest={featureRequest}
              onFeaturesInView={tableOpen ? setInView : undefined}
              projections={props.projections}
              catalogUrl={props.catalogUrl}
              basemap={catalog.basemap}
              onView={onView}
              onBounds={setBounds}
              onLayerStatus={(id, s) => setStatus((prev) => ({ ...prev, [id]: s }))}
              onFeatureInfo={(i) => setInfo((prev) => ({ ...i, serial: (prev?.serial ?? 0) + 1 }))}
              onIdle={() => props.onMapIdle?.(visible, status)}
              highlight={highlight}
              onHighlight={setHighlightResult}
            />
          </main>
        )}
      </div>
    </I18nContext.Provider>
  )
}
