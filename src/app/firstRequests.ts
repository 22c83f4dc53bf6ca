// The page's first requests (issue #21): catalog.json, then the start layers' FlatGeobuf header and index and the
// base map's style and archive header. Started by the early entry (src/app/early.ts), which does not wait for
// MapLibre's and React's chunks, and taken over by main.tsx — both import this one module, so the promise, the
// vector worker and the range caches are the page's only ones. Nothing here may import maplibre-gl or React.
import { parseCatalog, type Catalog } from '../model/catalog.ts'
import { chooseBasemap } from '../model/basemap.ts'
import { VectorWorkerClient } from '../sources/vector/vectorWorker.ts'
import { prefetchStartBasemap, prefetchStartLayers } from './prefetch.ts'
import { CATALOG_STORED_HEADER } from './serviceWorker.ts'
import { startLayers } from './startLayers.ts'
import { parseHash, type UrlState } from './urlState.ts'

/** The base map last chosen on this device (basemap/choice.ts). */
export const BASEMAP_KEY = 'geoportal.basemap'

export interface FirstCatalog {
  catalogUrl: string
  loaded: ReturnType<typeof parseCatalog>
  /** Set when the service worker answered with its copy of the catalog (see catalogChanged). */
  stamp: string | null
}

let started: Promise<FirstCatalog> | undefined

/**
 * catalog.json, fetched once per page, with the first view's data requests started as soon as it is in. The early
 * entry calls this first; main.tsx gets the same promise, or starts it itself if the early entry did not run. Fails
 * with the message main.tsx shows ("HTTP 404", a parse error).
 */
export function firstRequests(): Promise<FirstCatalog> {
  return (started ??= begin())
}

export function defaultView(c: Catalog): { center: [number, number]; zoom: number } {
  return c.home ?? { center: [8.1059, 51.5711], zoom: 12 }
}

/** The layers shown first: the link's (those the catalog knows), else the catalog's start layers (bounded). */
export function startVisible(c: Catalog, url: UrlState): string[] {
  const known = new Set(c.layers.map((l) => l.id))
  return url.layers ? url.layers.filter((id) => known.has(id)) : startLayers(c)
}

/** The base map: the link's, else the one last chosen here, else the catalog's default. */
export function pickBasemap(c: Catalog, requested?: string | null): string {
  return chooseBasemap({ basemaps: c.basemaps ?? [], defaultBasemap: c.defaultBasemap }, requested ?? localStorage.getItem(BASEMAP_KEY))
}

async function begin(): Promise<FirstCatalog> {
  // The worker's start-up runs beside the catalog's download (its script is preloaded by index.html).
  VectorWorkerClient.early()
  const catalogUrl = new URL('catalog.json', document.baseURI).href
  const res = await fetch(catalogUrl)
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  const stamp = res.headers.get(CATALOG_STORED_HEADER)
  const loaded = parseCatalog(await res.json())
  const { catalog } = loaded
  try {
    const url = parseHash(location.hash)
    const home = defaultView(catalog)
    prefetchStartLayers(catalog, startVisible(catalog, url), catalogUrl)
    prefetchStartBasemap(catalog, pickBasemap(catalog, url.basemap), catalogUrl, { center: url.center ?? home.center, zoom: url.zoom ?? home.zoom })
  } catch {
    // Only a head start: the map asks for everything itself (localStorage may be unavailable, for one).
  }
  return { catalogUrl, loaded, stamp }
}
