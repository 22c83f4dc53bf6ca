// Composition root: configuration, catalog loading, URL state and the bench hook. Everything with side
// effects on the page starts here.
import 'maplibre-gl/dist/maplibre-gl.css'
import './styles.css'
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import { createRoot } from 'react-dom/client'
import { hasDataFile, parseLayerDocument } from '../model/catalog.ts'
import { Projections } from '../projection/registry.ts'
import { App } from '../ui/App.tsx'
import { loadMessages, translator, type Lang } from '../ui/i18n.ts'
import type { DocumentState } from '../ui/layer/LayerPage.tsx'
import { parsePlacesFile } from '../model/places.ts'
import type { PlacesState } from '../ui/search/PlaceSearch.tsx'
import { catalogChanged, registerServiceWorker } from './serviceWorker.ts'
import { CatalogUpdateNotice } from '../ui/common/CatalogUpdateNotice.tsx'
import { AddressLoader } from './addressLoader.ts'
import { loadGaussKrueger } from '../map/gaussKrueger.ts'
import type { SearchHooks } from '../ui/search/searchHooks.ts'
import { formatHash, mergeRest, parseHash } from './urlState.ts'
import { chooseBasemap } from '../model/basemap.ts'
import { parseConsents } from '../basemap/choice.ts'
import { BASEMAP_KEY, defaultView, firstRequests, pickBasemap as pickBasemapOf, startVisible } from './firstRequests.ts'

declare global {
  interface Window {
    __bench?: { ready: true; t: number } | { error: string }
  }
}

maplibregl.setWorkerUrl(workerUrl)
// MapLibre's workers start now, before React renders the map (issue #21): their script is preloaded by index.html,
// their start-up runs beside ours. The catalog and the vector worker were started by the early entry.
maplibregl.prewarm()

const LANG_KEY = 'geoportal.lang'
/** The agreements to remote base maps (basemap/choice.ts). */
const BASEMAP_CONSENT_KEY = 'geoportal.basemapConsent'
/** Up to this many layers, every layer.json is fetched after the first view (full descriptions and attribute
 * titles join the search); larger catalogs rely on the summaries in catalog.json. */
const PRELOAD_DOCUMENTS_MAX = 200

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY)
  // German first (the city's language), whatever the browser prefers; the choice is remembered.
  return saved === 'en' ? 'en' : 'de'
}

async function start() {
  // Started by the early entry (src/app/early.ts); here only if that did not run.
  const first = firstRequests()
  const rootEl = document.getElementById('root')!
  const root = createRoot(rootEl)
  const bench = new URLSearchParams(location.search).has('bench')
  let lang = initialLang()
  document.documentElement.lang = lang
  // Fetched alongside the catalog: for German a no-op, for English its chunk.
  const firstMessages = loadMessages(lang).catch(() => {
    // English could not be fetched (offline before it was ever loaded): German, which is always there.
    lang = 'de'
    document.documentElement.lang = lang
    return loadMessages(lang)
  })
  let loaded: Awaited<typeof first>
  try {
    loaded = await first
  } catch (e) {
    const p = document.createElement('p')
    p.className = 'fatal'
    p.setAttribute('role', 'alert')
    p.textContent = translator(lang, await firstMessages)('catalogError', { message: (e as Error).message })
    rootEl.replaceChildren(p)
    if (bench) window.__bench = { error: (e as Error).message }
    return
  }
  const { catalogUrl, stamp: catalogStamp } = loaded
  const { catalog, rejected } = loaded.loaded
  let messages = await firstMessages
  const projections = new Projections()
  const url = parseHash(location.hash)
  const known = new Set(catalog.layers.map((l) => l.id))
  // Without layers in the URL, the catalog's start layers (bounded; see startLayers).
  const visible = startVisible(catalog, url)
  const home = defaultView(catalog)
  const view = { center: url.center ?? home.center, zoom: url.zoom ?? home.zoom }
  let rest = url.rest
  // The place search's marker (issue #15): in the share link while it is shown.
  let marker = url.marker
  // Base map: the share link's, else the one last chosen here, else the catalog's default. In the hash when it is
  // not the catalog's default (a link without one shows the recipient's own choice or the default).
  const basemapSettings = { basemaps: catalog.basemaps ?? [], defaultBasemap: catalog.defaultBasemap }
  const pickBasemap = (requested?: string | null) => pickBasemapOf(catalog, requested)
  let basemap = pickBasemap(url.basemap)
  const catalogDefault = chooseBasemap(basemapSettings)
  const basemapParam = () => (basemap !== catalogDefault ? basemap : undefined)
  const basemapConsents = parseConsents(localStorage.getItem(BASEMAP_CONSENT_KEY))

  const writeHash = (v: typeof view, layers: string[], page: string | undefined, previousPage: string | undefined, named?: string, previousNamed?: string) => {
    const hash = formatHash({ zoom: v.zoom, center: v.center, layers, layer: page, page: page === undefined ? named : undefined, basemap: basemapParam(), marker, rest })
    if (hash === location.hash) return
    // Opening or leaving a details page (or a named page) is a step the browser's back button undoes; map moves are not.
    if (page !== previousPage || named !== previousNamed) history.pushState(null, '', hash || location.pathname + location.search)
    else history.replaceState(null, '', hash || location.pathname + location.search)
  }

  // layer.json of every layer, fetched after the first view (or at once for a details page) and indexed by the
  // search as they arrive: titles are searchable immediately.
  const documents: Record<string, DocumentState> = {}
  let documentsRequested = false
  const requestedDocuments = new Set<string>()
  const loadDocument = async (l: (typeof catalog.layers)[number]) => {
    try {
      const res = await fetch(new URL(l.metaHref, catalogUrl).href)
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      documents[l.id] = { state: 'loaded', doc: parseLayerDocument(await res.json(), l.id) }
    } catch (e) {
      documents[l.id] = { state: 'error', message: (e as Error).message }
    }
    render(key, current)
  }
  const loadDocuments = (page?: string) => {
    // A large catalog is searched and filtered through its entries' summaries (issue #6, catalog search): its
    // layer.json files are fetched one at a time, when a layer's page is opened.
    if (catalog.layers.length > PRELOAD_DOCUMENTS_MAX) {
      const l = page === undefined ? undefined : catalog.layers.find((x) => x.id === page)
      if (l && !requestedDocuments.has(l.id)) {
        requestedDocuments.add(l.id)
        void loadDocument(l)
      }
      return
    }
    if (documentsRequested) return
    documentsRequested = true
    // A few at a time, so a large catalog does not crowd out the map's own requests.
    const queue = [...catalog.layers]
    const next = async (): Promise<void> => {
      const l = queue.shift()
      if (!l) return
      await loadDocument(l)
      return next()
    }
    for (let i = 0; i < 4; i++) void next()
  }

  // Place search (issue #6): the places.json of every searchable layer, fetched once the place search is first
  // focused or typed in — never before the first view.
  const places: Record<string, PlacesState> = {}
  let placesRequested = false
  let placesWanted = false
  let firstViewDrawn = false
  // Address search (issue #15): the address/street index manifests with the place indexes, shards as typed.
  const addresses = new AddressLoader(catalog, catalogUrl, () => render(key, current))
  const search: SearchHooks = {
    addresses: addresses.available ? addresses : undefined,
    addressLayers: catalog.layers.filter((l) => l.kind === 'vector' && l.searchHref).map((l) => ({ id: l.id, title: l.title })),
    onMarker: (m) => {
      marker = m
      writeHash(current.view, current.visible, current.page, current.page, current.named, current.named)
      render(key, current)
    },
    loadGrid: (() => {
      let grid: Promise<void> | undefined
      return () => (grid ??= loadGaussKrueger(projections).catch((e: unknown) => {
        grid = undefined
        throw e
      }))
    })(),
  }
  const loadPlaces = () => {
    placesWanted = true
    if (placesRequested || !firstViewDrawn) return
    placesRequested = true
    if (addresses.available) void addresses.start()
    for (const l of catalog.layers) {
      if (l.kind !== 'vector' || !l.placesHref) continue
      places[l.id] = { state: 'loading' }
      void fetch(new URL(l.placesHref, catalogUrl).href)
        .then(async (res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`)
          places[l.id] = { state: 'loaded', places: parsePlacesFile(await res.json(), l.id).places }
        })
        .catch((e: Error) => {
          places[l.id] = { state: 'error', message: e.message }
        })
        .finally(() => render(key, current))
    }
    render(key, current)
  }

  const render = (key: number, state: { view: typeof view; visible: string[]; page?: string; named?: string }) =>
    root.render(
      <App
        key={key}
        catalog={catalog}
        rejected={rejected}
        catalogUrl={catalogUrl}
        projections={projections}
        view={state.view}
        visible={state.visible}
        page={state.page}
        namedPage={state.named}
        exportLayer={async (l, format, onProgress, signal) => {
          // Loaded on first use: not part of the first view's JavaScript.
          const { exportLayer } = await import('../sources/vector/fgbFeatures.ts')
          return exportLayer(new URL(l.href, catalogUrl).href, format, projections, { geometryType: l.geometryType, extent: l.bbox, onProgress, signal })
        }}
        documents={{ ...documents }}
        places={{ ...places }}
        onPlacesWanted={loadPlaces}
        search={{ ...search, marker }}
        basemap={basemap}
        basemapConsents={basemapConsents}
        onBasemapChange={(id) => {
          basemap = id
          localStorage.setItem(BASEMAP_KEY, id)
          writeHash(current.view, current.visible, current.page, current.page, current.named, current.named)
        }}
        onBasemapConsent={(keys) => {
          basemapConsents.clear()
          for (const k of keys) basemapConsents.add(k)
          localStorage.setItem(BASEMAP_CONSENT_KEY, JSON.stringify(keys))
        }}
        today={new Date()}
        link={rest}
        onLinkChange={(values) => {
          // A planners' tool's keys (issue #16): replaced in the hash, the rest of the state as it is.
          rest = mergeRest(rest, values)
          writeHash(current.view, current.visible, current.page, current.page, current.named, current.named)
        }}
        lang={lang}
        messages={messages}
        onLangChange={async (l) => {
          try {
            messages = await loadMessages(l)
          } catch {
            return // not reachable (offline): stay in the current language
          }
          lang = l
          localStorage.setItem(LANG_KEY, l)
          document.documentElement.lang = l
          render(key, current)
        }}
        onStateChange={(v, layers, page, named) => {
          const previousPage = current.page
          const previousNamed = current.named
          current = { view: v, visible: layers, page, named }
          writeHash(v, layers, page, previousPage, named, previousNamed)
          if (page) loadDocuments(page)
        }}
        onMapIdle={(layers, status) => {
          // Offline use: installed once the first view is drawn (no-op in development and after the first call).
          loadDocuments()
          if (!firstViewDrawn) void catalogChanged(catalogStamp).then((changed) => changed && showCatalogUpdate())
          firstViewDrawn = true
          if (placesWanted) loadPlaces()
          // The feature information's code (loaded with the first click, not in the first view) is fetched now,
          // before the worker is installed, so that it is in the offline copy: a click must answer on a site visit.
          // Only the catalog's own files: a service layer's images come from another origin and are never cached.
          void import('../ui/identify/IdentifyResult.tsx')
            .catch(() => undefined)
            .then(() =>
              registerServiceWorker(() =>
                layers
                  .map((id) => catalog.layers.find((l) => l.id === id)!)
                  .filter(hasDataFile)
                  .map((l) => new URL(l.href, catalogUrl).href),
              ),
            )
          if (!bench || window.__bench) return
          const failed = layers.map((id) => status[id]).find((s) => s?.state === 'error')
          if (failed?.state === 'error') window.__bench = { error: failed.message }
          else if (layers.every((id) => status[id]?.state === 'ready')) window.__bench = { ready: true, t: performance.now() }
        }}
      />,
    )
  // A newer catalog than the one shown (the service worker's copy was answered at once): offered as a reload.
  const showCatalogUpdate = () => {
    const el = document.createElement('div')
    document.body.append(el)
    createRoot(el).render(<CatalogUpdateNotice t={translator(lang, messages)} onReload={() => location.reload()} />)
  }
  let current: { view: typeof view; visible: string[]; page?: string; named?: string } = { view, visible, page: url.layer, named: url.page }
  let key = 0
  render(key, current)
  if (url.layer) loadDocuments(url.layer)
  // Editing the URL by hand (or following a shared link in the same tab) restores that state.
  window.addEventListener('hashchange', () => {
    const s = parseHash(location.hash)
    rest = s.rest
    marker = s.marker
    if (s.basemap !== undefined) basemap = pickBasemap(s.basemap)
    current = {
      view: { center: s.center ?? current.view.center, zoom: s.zoom ?? current.view.zoom },
      visible: s.layers ? s.layers.filter((id) => known.has(id)) : current.visible,
      page: s.layer,
      named: s.page,
    }
    if (s.layer) loadDocuments(s.layer)
    render(++key, current)
  })
}

void start()
