import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LayerStatus, View } from '../map/MapController.ts'
import { defaultLayerOrder, type BBox, type Catalog, type LayerDocument, type LayerEntry, type VectorLayerEntry } from '../model/catalog.ts'
import type { Finding } from '../model/quality.ts'
import type { Projections } from '../projection/registry.ts'
import { findingText } from './layer/findingText.ts'
import { I18nContext, translator, type Lang, type Messages } from './i18n.ts'
import type { DocumentState, ExportFormat, ExportProgress } from './layer/LayerPage.tsx'
import { MapScreen } from './map/MapScreen.tsx'
import { NamedPage, pageTitle, type HighlightState, type PageName } from './pages.tsx'
import { AppHeader } from './header/AppHeader.tsx'
import { MAP_TARGETS, PAGE_TARGETS, SkipLinks } from './header/SkipLinks.tsx'
import type { PlacesState } from './search/PlaceSearch.tsx'
import type { SearchHooks } from './search/searchHooks.ts'
import { CatalogFilterMemory } from './catalog/useCatalogFilter.ts'
import { useBasemapChoice } from './basemap/useBasemapChoice.ts'

// Loaded when first opened: not part of the first map view's JavaScript (see test/browser/budget.test.ts).
const LayerPage = lazy(() => import('./layer/LayerPage.tsx').then((m) => ({ default: m.LayerPage })))

export interface AppProps {
  catalog: Catalog
  rejected: { id: string; reason: string }[]
  catalogUrl: string
  projections: Projections
  view: View
  visible: string[]
  lang: Lang
  /** The messages of lang (loaded by the composition root: English is fetched when chosen). */
  messages: Messages
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
  /** Address search, typed coordinates and the marker (issue #15). */
  search?: SearchHooks
  /** The base map to start with (share link, remembered choice or the catalog's default: see chooseBasemap). */
  basemap: string
  /** Agreements to remote base maps given on this device (see basemap/choice.ts). */
  basemapConsents: ReadonlySet<string>
  onBasemapChange?(id: string): void
  onBasemapConsent?(keys: string[]): void
  /** The share link's other keys (planners' tools read theirs at start) and how a tool changes them. */
  link?: readonly [string, string][]
  onLinkChange?(values: Record<string, string | undefined>): void
}

export function App(props: AppProps) {
  const { catalog } = props
  const t = useMemo(() => translator(props.lang, props.messages), [props.lang, props.messages])
  // Draw order, bottom to top: the URL's layers in their order, then the rest in the default order.
  // Sets, not includes(): a catalog can hold 10,000 layers (issue #20).
  const [order, setOrder] = useState<string[]>(() => {
    const first = new Set(props.visible)
    return [...first, ...defaultLayerOrder(catalog).filter((id) => !first.has(id))]
  })
  const [visible, setVisible] = useState(props.visible)
  const [opacity, setOpacity] = useState<Record<string, number>>({})
  const [view, setView] = useState(props.view)
  const [fitRequest, setFitRequest] = useState<{ bbox: BBox; n: number }>()
  // What is shown instead of the map: a layer's page (#layer=<id>) or a named page (#page=dashboard …).
  const [page, setPage] = useState(props.page)
  const [named, setNamed] = useState(props.page === undefined ? props.namedPage : undefined)
  // A quality finding's features, highlighted on the map (asked for on a layer page).
  const [highlight, setHighlight] = useState<HighlightState>()
  // Search text, facets and the map-area switch survive a visit to a page.
  const filterMemory = useMemo(() => new CatalogFilterMemory(), [catalog])
  const basemapSettings = useMemo(() => ({ basemaps: catalog.basemaps ?? [], remoteConsent: catalog.remoteConsent }), [catalog])
  const basemap = useBasemapChoice({
    settings: basemapSettings,
    initial: props.basemap,
    consents: props.basemapConsents,
    onChange: (id) => props.onBasemapChange?.(id),
    onConsent: (keys) => props.onBasemapConsent?.(keys),
  })

  const byId = useMemo(() => new Map(catalog.layers.map((l) => [l.id, l])), [catalog])
  const shown = useMemo(() => {
    const on = new Set(visible)
    return order.filter((id) => on.has(id)).map((id) => byId.get(id)!)
  }, [order, visible, byId])
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

  const update = (nextOrder: string[], nextVisible: string[], nextPage: string | undefined, nextNamed?: PageName) => {
    const on = new Set(nextVisible)
    const ordered = nextOrder.filter((id) => on.has(id))
    setOrder(nextOrder)
    setVisible(ordered)
    setPage(nextPage)
    setNamed(nextNamed)
    props.onStateChange(view, ordered, nextPage, nextNamed)
  }
  // The map is re-created when it comes back from a page; an earlier fit must not be repeated then.
  const openPage = (id: string | undefined) => {
    setFitRequest(undefined)
    update(order, visible, id)
  }
  const navigate = (target: PageName | undefined) => {
    setFitRequest(undefined)
    update(order, visible, undefined, target)
  }
  const withLayer = (id: string) => (visible.includes(id) ? visible : [...visible, id])
  const fit = (bbox: BBox) => setFitRequest((f) => ({ bbox, n: (f?.n ?? 0) + 1 }))
  const showFeatures = (l: VectorLayerEntry, f: Finding) => {
    setFitRequest(undefined)
    setHighlight((h) => ({ layer: l, ids: f.featureIds, message: findingText(f, t, props.lang), total: typeof f.count === 'number' ? f.count : undefined, n: (h?.n ?? 0) + 1 }))
    update(order, withLayer(l.id), undefined)
  }
  const showOnMap = (l: LayerEntry) => {
    update(order, withLayer(l.id), undefined)
    fit(l.bbox4326)
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
  const pageLayer = page !== undefined ? byId.get(page) : undefined

  return (
    <I18nContext.Provider value={{ lang: props.lang, t }}>
      <div className="app">
        <SkipLinks targets={page === undefined && named === undefined ? MAP_TARGETS : PAGE_TARGETS} page={page ?? named ?? ''} />
        <AppHeader title={catalog.title} lang={props.lang} onLangChange={props.onLangChange} current={page !== undefined ? undefined : (named ?? 'map')} onNavigate={navigate} />
        {page !== undefined ? (
          <main className="page">
            {pageLayer ? (
              <Suspense fallback={<p>{t('loading')}</p>}>
                <LayerPage
                  layer={pageLayer}
                  document={props.documents[pageLayer.id]}
                  dataUrl={pageLayer.kind === 'service' ? undefined : new URL(pageLayer.href, props.catalogUrl).href}
                  metaUrl={new URL(pageLayer.metaHref, props.catalogUrl).href}
                  today={props.today}
                  onShowOnMap={showOnMap}
                  onShowFeatures={showFeatures}
                  onExport={
                    props.exportLayer && pageLayer.kind === 'vector'
                      ? (format, onProgress, signal) => props.exportLayer!(pageLayer, format, onProgress, signal)
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
            <NamedPage name={named} catalog={catalog} catalogUrl={props.catalogUrl} projections={props.projections} today={props.today} onOpenLayer={(id) => openPage(id)} onBack={() => navigate(undefined)} />
          </main>
        ) : (
          <MapScreen
            catalog={catalog}
            rejected={props.rejected}
            listed={listed}
            shown={shown}
            visible={visible}
            opacity={opacity}
            view={view}
            fitRequest={fitRequest}
            highlight={highlight}
            documents={docs}
            today={props.today}
            filterMemory={filterMemory}
            projections={props.projections}
            catalogUrl={props.catalogUrl}
            basemap={basemap}
            places={props.places}
            onPlacesWanted={props.onPlacesWanted}
            search={props.search}
            onToggle={toggle}
            onMove={move}
            onOpacity={(id, v) => setOpacity((o) => ({ ...o, [id]: v }))}
            onZoomTo={(l) => fit(l.bbox4326)}
            onDetails={(l) => openPage(l.id)}
            onClearHighlight={() => setHighlight(undefined)}
            onView={onView}
            onIdle={(v, status) => props.onMapIdle?.(v, status)}
            link={props.link}
            onLinkChange={props.onLinkChange}
          />
        )}
      </div>
    </I18nContext.Provider>
  )
}
