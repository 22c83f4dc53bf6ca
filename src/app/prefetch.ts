// The first data requests start as soon as the view is known, not after React has rendered and MapLibre has
// set up its map (issue #21): the vector worker (started by the entry) reads the start layers' FlatGeobuf
// header and index, and a raster start layer's reading code (with geotiff.js) is fetched; a self-hosted base map's
// style and archive header are read (src/basemap/prefetch.ts).
import { hasDataFile, type Catalog } from '../model/catalog.ts'
import { prefetchBasemap } from '../basemap/prefetch.ts'
import { VectorWorkerClient } from '../sources/vector/vectorWorker.ts'

export function prefetchStartLayers(catalog: Catalog, visible: string[], catalogUrl: string): void {
  const worker = VectorWorkerClient.early()
  for (const id of visible) {
    const l = catalog.layers.find((x) => x.id === id)
    if (!l || !hasDataFile(l)) continue
    // The same URL and options as MapController's source(), so that the worker's source is the one the map uses.
    if (l.kind === 'vector') worker?.open(new URL(l.href, catalogUrl).href, { extent: l.bbox, bytes: l.bytes })
    // The raster code and geotiff.js load on demand; for a raster start layer they are demanded right away.
    else void import('../sources/raster/work.ts').then(() => import('geotiff')).catch(() => undefined)
  }
}

/** The base map the first view shows (its id; `none` or an unknown id: nothing), with its tiles in the window. */
export function prefetchStartBasemap(catalog: Catalog, id: string, catalogUrl: string, view: { center: [number, number]; zoom: number }): void {
  const def = catalog.basemaps?.find((b) => b.id === id)
  // The window bounds the map's container (the side panel takes part of it on wide screens).
  if (def) prefetchBasemap(def, catalogUrl, { ...view, width: window.innerWidth, height: window.innerHeight })
}
