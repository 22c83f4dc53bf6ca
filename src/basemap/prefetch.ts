// A self-hosted base map read before MapLibre is there (issue #21). Apart from src/map/basemapLayers.ts because
// that module imports maplibre-gl: the early entry (src/app/early.ts) must not wait for MapLibre's chunk. The
// pmtiles protocol object and the prefetched style files live here; basemapLayers registers the protocol with
// MapLibre and takes the style files over.
import { PMTiles, Protocol } from 'pmtiles'
import { pmtilesSource } from './pmtilesSource.ts'
import { HttpRangeSource } from '../io/http.ts'
import { CachingRangeSource } from '../io/rangeCache.ts'
import { startTiles, type StartView } from './startTiles.ts'
import type { BasemapDefinition } from '../model/basemap.ts'

let protocol: Protocol | null = null

/** One pmtiles protocol for the whole page: archives opened early are the ones the map reads later. */
export function sharedPmtilesProtocol(): Protocol {
  return (protocol ??= new Protocol())
}

/** Style files asked for before the map existed, taken once by BasemapLayers. */
const early = new Map<string, Promise<Response>>()

/** The prefetched read of a style file, handed over once (undefined: not prefetched, or already taken). */
export function takePrefetchedStyle(url: string): Promise<Response> | undefined {
  const read = early.get(url)
  early.delete(url)
  return read
}

/**
 * Starts reading a self-hosted base map while the page is still setting up (issue #21): its style file and the
 * archive's header and root directory (one request), so that the map, once it exists, draws without waiting for
 * these two round trips. BasemapLayers.show takes both over.
 */
export function prefetchBasemap(def: BasemapDefinition, catalogUrl: string, view?: StartView, timeoutMs = 20_000): void {
  if (def.kind !== 'pmtiles') return
  const archive = new URL(def.url, catalogUrl).href
  const p = sharedPmtilesProtocol()
  if (!p.get(archive)) {
    // The start view's tiles too (one round trip less once the map asks): read through a second PMTiles over the
    // same bytes that keeps what it reads, so the map's own reads of header, directory and tiles are answered from
    // memory. At most 1 MiB is kept; beyond it reads just go to the network.
    const bytes = new CachingRangeSource(new HttpRangeSource(archive, { timeoutMs }))
    p.add(new PMTiles(pmtilesSource(bytes)))
    const warm = new PMTiles(pmtilesSource({ key: bytes.key, read: (offset, length) => bytes.keep(offset, length) }))
    warm
      .getHeader()
      .then((h) => Promise.all((view ? startTiles(view, h.minZoom, h.maxZoom) : []).map(([z, x, y]) => warm.getZxy(z, x, y))))
      .catch(() => undefined)
  }
  const style = new URL(def.style, catalogUrl).href
  const read = fetch(style, { credentials: 'omit' })
  read.catch(() => undefined)
  early.set(style, read)
}
