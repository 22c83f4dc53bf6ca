// Composition root: configuration, catalog loading, URL state and the bench hook. Everything with side
// effects on the page starts here.
import 'maplibre-gl/dist/maplibre-gl.css'
import './styles.css'
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import { createRoot } from 'react-dom/client'
import { defaultLayerOrder, parseCatalog, parseLayerDocument, type Catalog } from '../model/catalog.ts'
import { Projections } from '../projection/registry.ts'
import { App } from '../ui/App.tsx'
import { translator, type Lang } from '../ui/i18n.ts'
import type { DocumentState } from '../ui/LayerPage.tsx'
import { registerServiceWorker } from './serviceWorker.ts'
import { formatHash, parseHash } from './urlState.ts'

declare global {
  interface Window {
    __bench?: { ready: true; t: number } | { error: string }
  }
}

maplibregl.setWorkerUrl(workerUrl)

const LANG_KEY = 'geoportal.lang'

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY)
  // German first (the city's language), whatever the browser prefers; the choice is remembered.
  return saved === 'en' ? 'en' : 'de'
}

function defaultView(c: Catalog) {
  return c.home ?? { center: [8.1059, 51.5711] as [number, number], zoom: 12 }
}

async function start() {
  const rootEl = document.getElementById('root')!
  const root = createRoot(rootEl)
  const catalogUrl = new URL('catalog.json', document.baseURI).href
  const bench = new URLSearchParams(location.search).has('bench')
  let lang = initialLang()
  document.documentElement.lang = lang
  let loaded: ReturnType<typeof parseCatalog>
  try {
    const res = await fetch(catalogUrl)
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    loaded = parseCatalog(await res.json())
  } catch (e) {
    const p = document.createElement('p')
    p.className = 'fatal'
    p.setAttribute('role', 'alert')
    p.textContent = translator(lang)('catalogError', { message: (e as Error).message })
    rootEl.replaceChildren(p)
    if (bench) window.__bench = { error: (e as Error).message }
    return
  }
  const { catalog, rejected } = loaded
  const projections = new Projections()
  const url = parseHash(location.hash)
  const known = new Set(catalog.layers.map((l) => l.id))
  // Without layers in the URL, all are shown in the default order.
  const visible = url.layers ? url.layers.filter((id) => known.has(id)) : defaultLayerOrder(catalog)
  const home = defaultView(catalog)
  const view = { center: url.center ?? home.center, zoom: url.zoom ?? home.zoom }
  let rest = url.rest

  const writeHash = (v: typeof view, layers: string[], page: string | undefined, previousPage: string | undefined) => {
    const hash = formatHash({ zoom: v.zoom, center: v.center, layers, layer: page, rest })
    if (hash === location.hash) return
    // Opening or leaving a details page is a step the browser's back button undoes; map moves are not.
    if (page !== previousPage) history.pushState(null, '', hash || location.pathname + location.search)
    else history.replaceState(null, '', hash || location.pathname + location.search)
  }

  // layer.json of every layer, fetched after the first view (or at once for a details page) and indexed by the
  // search as they arrive: titles are searchable immediately.
  const documents: Record<string, DocumentState> = {}
  let documentsRequested = false
  const loadDocuments = () => {
    if (documentsRequested) return
    documentsRequested = true
    // A few at a time, so a large catalog does not crowd out the map's own requests.
    const queue = [...catalog.layers]
    const next = async (): Promise<void> => {
      const l = queue.shift()
      if (!l) return
      try {
        const res = await fetch(new URL(l.metaHref, catalogUrl).href)
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        documents[l.id] = { state: 'loaded', doc: parseLayerDocument(await res.json(), l.id) }
      } catch (e) {
        documents[l.id] = { state: 'error', message: (e as Error).message }
      }
      render(key, current)
      return next()
    }
    for (let i = 0; i < 4; i++) void next()
  }

  const render = (key: number, state: { view: typeof view; visible: string[]; page?: string }) =>
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
        documents={{ ...documents }}
        today={new Date()}
        lang={lang}
        onLangChange={(l) => {
          lang = l
          localStorage.setItem(LANG_KEY, l)
          document.documentElement.lang = l
          render(key, current)
        }}
        onStateChange={(v, layers, page) => {
          const previousPage = current.page
          current = { view: v, visible: layers, page }
          writeHash(v, layers, page, previousPage)
          if (page) loadDocuments()
        }}
        onMapIdle={(layers, status) => {
          // Offline use: installed once the first view is drawn (no-op in development and after the first call).
          loadDocuments()
          registerServiceWorker(() => layers.map((id) => new URL(catalog.layers.find((l) => l.id === id)!.href, catalogUrl).href))
          if (!bench || window.__bench) return
          const failed = layers.map((id) => status[id]).find((s) => s?.state === 'error')
          if (failed?.state === 'error') window.__bench = { error: failed.message }
          else if (layers.every((id) => status[id]?.state === 'ready')) window.__bench = { ready: true, t: performance.now() }
        }}
      />,
    )
  let current: { view: typeof view; visible: string[]; page?: string } = { view, visible, page: url.layer }
  let key = 0
  render(key, current)
  if (url.layer) loadDocuments()
  // Editing the URL by hand (or following a shared link in the same tab) restores that state.
  window.addEventListener('hashchange', () => {
    const s = parseHash(location.hash)
    rest = s.rest
    current = {
      view: { center: s.center ?? current.view.center, zoom: s.zoom ?? current.view.zoom },
      visible: s.layers ? s.layers.filter((id) => known.has(id)) : current.visible,
      page: s.layer,
    }
    if (s.layer) loadDocuments()
    render(++key, current)
  })
}

void start()
