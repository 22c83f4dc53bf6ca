// The MapLibre map, owned by a plain class. React creates it, passes changes through methods and destroys it;
// the map never calls into React except through the callbacks given here.
import * as maplibregl from 'maplibre-gl'
import type { BBox, LayerEntry, RasterLayerEntry, VectorLayerEntry } from '../model/catalog.ts'
import type { BasemapDefinition } from '../model/basemap.ts'
import { escapeHtml } from '../basemap/escape.ts'
import { isBasemapId } from '../basemap/style.ts'
import { BasemapLayers, type BasemapStatus } from './basemapLayers.ts'
import type { Projections } from '../projection/registry.ts'
import { RasterTileService } from '../sources/raster/tiles.ts'
import { VectorWorkerClient, type VectorSource } from '../sources/vector/vectorWorker.ts'
import type { Geometry } from '../projection/geometry.ts'
import { geometryBBox, transformBBox } from '../projection/geometry.ts'
import { focusPoint, intersectsBBox } from './inView.ts'
import { hasLabelSource, interactiveLayerIds, labelSourceId, styleLayers } from './style.ts'
import { clusterCount, clusterLayerId, clusterSourceOptions, zoomIntoCluster } from './cluster.ts'
import { VectorLayer } from './vectorLayer.ts'
import { HoverThrottle } from './hover.ts'
import { formatRasterValues } from './rasterValue.ts'
import { addServiceLayer, queryableAt } from './serviceLayers.ts'
import type { MapTool } from './tool.ts'
import { RASTER_PROTOCOL, registerRasterService } from './rasterProtocol.ts'
import { attachKeyboardIdentify, identifyAnchor, type IdentifyAnswer, type IdentifyVia } from './identify.ts'
import { CompactAttribution } from './attribution.ts'
import { ensureHighlightLayers, ensureMarkLayers, HIGHLIGHT_SOURCE, MARK_SOURCE, raiseOverlays, setOverlayData } from './highlight.ts'

export interface View {
  center: [number, number]
  zoom: number
}

export type LayerStatus =
  | { state: 'loading' }
  | { state: 'ready'; features?: number; truncated?: boolean }
  /** The layer is too dense to stream at this zoom: nothing is loaded until the map is zoomed in. */
  | { state: 'zoom-in'; minZoom: number; total: number }
  | { state: 'error'; message: string }

export interface FeatureHit {
  layerId: string
  properties: Record<string, unknown>
  /** A cluster of a dense point layer (src/map/cluster.ts): how many features it stands for. */
  cluster?: number
  /** Service layers (GetFeatureInfo): the answer as text when it has no attributes, or why there is none. */
  text?: string
  error?: string
}

export interface RasterValue {
  layerId: string
  /** Band 1 (the value of a single-band raster). */
  value: number | null
  /** All bands ([R, G, B(, A)] for RGB images). */
  values?: number[]
  /** The readout as shown: value and unit, "R … · G … · B …", or a palette label (formatRasterValues). */
  text?: string
}

/** The loaded features of one vector layer that the current view shows (feature table, see featuresInView). */
export interface LayerFeaturesInView {
  layerId: string
  /** The first features in view, in file order; key identifies a feature for showFeature. */
  rows: { key: number; properties: Record<string, unknown> }[]
  /** All features of the layer in view (rows may be fewer). */
  total: number
  /** The layer draws nothing at this zoom (too dense to load, or outside its style's zoom range). */
  hidden?: boolean
}

/** The map's background where no base map draws (and with "no base map"). */
const BACKGROUND = '#f4f3ef'

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches

export interface MapCallbacks {
  onView?(view: View): void
  onLayerStatus?(id: string, status: LayerStatus): void
  /** The answer to a click or to Enter on the map (identify.ts: with an anchor that follows the map). */
  onFeatureInfo?(info: IdentifyAnswer): void
  /** Fires at each map idle with no vector layer loading. */
  onIdle?(): void
  /** The visible extent [west, south, east, north] in lon/lat: at load, after each move and resize (catalog map-area filter). */
  onBounds?(bounds: BBox): void
  /** The base map's state (loading, ready, or why it cannot be shown). */
  onBasemapStatus?(status: BasemapStatus): void
}

export interface MapControllerOptions extends MapCallbacks {
  container: HTMLElement
  view: View
  projections: Projections
  /** Base URL that catalog hrefs are relative to. */
  catalogUrl: string
  locale?: Record<string, string>
}


export class MapController {
  readonly map: maplibregl.Map
  private readonly rasters: RasterTileService
  private readonly unregisterRasters: () => void
  private readonly basemap: BasemapLayers
  private readonly vectors = new Map<string, VectorLayer>()
  private readonly opacity = new Map<string, number>()
  private readonly vectorWorker = typeof Worker === 'undefined' ? null : VectorWorkerClient.take()
  private hovered: { source: string; id: string | number } | null = null
  private active: LayerEntry[] = []
  private destroyed = false
  private readonly tools = new Set<MapTool>()
  /** Set at the style's load event (map.isStyleLoaded() is also false while any source is loading). */
  private styleReady = false

  constructor(private readonly opts: MapControllerOptions) {
    this.rasters = new RasterTileService(opts.projections, (id, e) => this.status(id, { state: 'error', message: e.message }))
    this.unregisterRasters = registerRasterService(this.rasters)
    this.map = new maplibregl.Map({
      container: opts.container,
      // The background only: the base map is added as a group of its own (basemapLayers.ts, setBasemap).
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }] },
      center: opts.view.center,
      zoom: opts.view.zoom,
      attributionControl: false,
      maxPitch: 0,
      dragRotate: false,
      locale: opts.locale,
      cancelPendingTileRequestsWhileZooming: true,
    })
    this.map.once('load', () => (this.styleReady = true))
    this.basemap = new BasemapLayers(this.map, opts.catalogUrl, (s) => {
      if (!this.destroyed) this.opts.onBasemapStatus?.(s)
    })
    this.map.touchZoomRotate.disableRotation()
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    this.map.addControl(new CompactAttribution(opts.locale?.['AttributionControl.ToggleAttribution'] ?? 'Attribution'), 'bottom-right')
    this.map.on('moveend', () => {
      const c = this.map.getCenter()
      this.opts.onView?.({ center: [c.lng, c.lat], zoom: this.map.getZoom() })
      this.opts.onBounds?.(this.viewBBox())
      this.refreshVectors()
    })
    // Catalog map-area filter: the first extent, and the extent after the map container changed size.
    this.map.once('load', () => this.opts.onBounds?.(this.viewBBox()))
    this.map.on('resize', () => this.opts.onBounds?.(this.viewBBox()))
    this.map.on('click', (e) => {
      if ([...this.tools].some((t) => t.capturesClicks)) return
      this.identifyAt([e.point.x, e.point.y], 'pointer')
      void zoomIntoCluster(this.map, e.point, this.active.map((l) => clusterLayerId(l.id)), reducedMotion() ? 0 : 500)
    })
    attachKeyboardIdentify(this.map, () => this.identifyAt())
    // At most one hover query per frame, none while the map moves (a drag moves the mouse on every frame).
    const hover = new HoverThrottle(this.map, (p) => this.hover(p), () => this.setHover(null))
    this.map.on('mousemove', (e) => hover.move(e.point))
    this.map.on('mouseout', () => hover.out())
    // data-idle on the container lets tests and benchmarks wait for a settled map without private hooks.
    this.map.on('movestart', () => (opts.container.dataset.idle = 'false'))
    this.map.on('idle', () => {
      if ([...this.vectors.values()].every((v) => !v.loading) && !this.basemap.pending) {
        opts.container.dataset.idle = 'true'
        this.opts.onIdle?.()
      }
    })
    this.map.on('error', (e) => {
      const sourceId = (e as { sourceId?: string }).sourceId
      if (sourceId && isBasemapId(sourceId)) this.basemap.sourceError(e.error?.message ?? 'error')
      else if (sourceId && !this.destroyed) this.status(sourceId.replace(/^src-/, ''), { state: 'error', message: e.error?.message ?? 'error' })
    })
  }

  private status(id: string, s: LayerStatus) {
    if (!this.destroyed) this.opts.onLayerStatus?.(id, s)
  }

  private whenStyleLoaded(fn: () => void) {
    if (this.styleReady) fn()
    else this.map.once('load', fn)
  }

  /** Shows exactly these layers, bottom to top. */
  setLayers(layers: LayerEntry[]): void {
    this.busy()
    this.whenStyleLoaded(() => this.sync(layers))
  }

  /** Shows this base map (null: none) under the catalog's layers, which stay as they are. */
  setBasemap(def: BasemapDefinition | null): void {
    this.busy()
    this.whenStyleLoaded(() => {
      if (!this.destroyed) void this.basemap.show(def)
    })
  }

  /** Attaches a planner's tool (src/map/tool.ts) once the style has loaded; the returned function detaches it. */
  attachTool(tool: MapTool): () => void {
    this.tools.add(tool)
    this.whenStyleLoaded(() => {
      if (this.tools.has(tool) && !this.destroyed) tool.attach(this.map)
    })
    return () => {
      if (!this.tools.delete(tool) || this.destroyed || !this.styleReady) return
      tool.detach(this.map)
    }
  }

  /** Marks the map as changing until its next idle event (see data-idle). */
  private busy() {
    this.opts.container.dataset.idle = 'false'
    this.map.triggerRepaint()
  }

  private sync(layers: LayerEntry[]) {
    if (this.destroyed) return
    const wanted = new Set(layers.map((l) => l.id))
    for (const l of this.active) if (!wanted.has(l.id)) this.removeLayer(l)
    const before = new Set(this.active.map((l) => l.id))
    for (const l of layers) if (!before.has(l.id)) this.addLayer(l)
    // Order: move each layer's style layers to the top in the requested order.
    for (const l of layers) for (const sl of this.styleLayerIds(l)) if (this.map.getLayer(sl)) this.map.moveLayer(sl)
    raiseOverlays(this.map)
    this.active = layers
    for (const l of layers) if (this.opacity.has(l.id)) this.applyOpacity(l.id)
    this.refreshVectors()
  }

  private url(href: string) {
    return new URL(href, this.opts.catalogUrl).href
  }

  private styleLayerIds(l: LayerEntry): string[] {
    return l.kind === 'vector' ? styleLayers(l, `src-${l.id}`).map((s) => s.id) : [`lyr-${l.id}`]
  }

  private interactiveIds(): string[] {
    return this.active.flatMap((l) => (l.kind === 'vector' ? interactiveLayerIds(l) : [])).filter((id) => this.map.getLayer(id))
  }

  private hover(point: maplibregl.Point) {
    const ids = this.interactiveIds()
    const f = ids.length ? this.map.queryRenderedFeatures(point, { layers: ids })[0] : undefined
    // A cluster's id is not a feature's: it gets the pointer, not the highlight.
    const cluster = !!f && clusterCount(f) !== null
    this.setHover(f && !cluster && f.id !== undefined ? { source: f.source, id: f.id } : null, cluster)
  }

  private setHover(next: { source: string; id: string | number } | null, pointer = false) {
    this.map.getCanvas().style.cursor = next || pointer ? 'pointer' : ''
    const prev = this.hovered
    if (prev && next && prev.source === next.source && prev.id === next.id) return
    if (prev && this.map.getSource(prev.source)) this.map.setFeatureState(prev, { hover: false })
    if (next) this.map.setFeatureState(next, { hover: true })
    this.hovered = next
  }

  /** Layer opacity, 0–1, multiplied with the style's own opacities. */
  setOpacity(id: string, opacity: number): void {
    this.opacity.set(id, opacity)
    this.busy()
    this.whenStyleLoaded(() => this.applyOpacity(id))
  }

  private applyOpacity(id: string) {
    const l = this.active.find((x) => x.id === id)
    if (!l) return
    const o = this.opacity.get(id) ?? 1
    const s = l.style
    for (const sl of this.styleLayerIds(l)) {
      const layer = this.map.getLayer(sl)
      if (!layer) continue
      const set = (prop: string, base: number) => this.map.setPaintProperty(sl, prop as never, (base * o) as never)
      if (layer.type === 'raster') set('raster-opacity', s.opacity ?? 1)
      else if (layer.type === 'fill') set('fill-opacity', s.opacity ?? 0.3)
      else if (layer.type === 'line') set('line-opacity', 1)
      else if (layer.type === 'circle') {
        set('circle-opacity', s.opacity ?? 0.9)
        set('circle-stroke-opacity', 1)
      } else if (layer.type === 'symbol') set('text-opacity', 1)
    }
  }

  private addLayer(l: LayerEntry) {
    const src = `src-${l.id}`
    const attribution = l.attribution ? escapeHtml(l.attribution) : undefined
    if (l.kind === 'service') {
      addServiceLayer(this.map, l, src, `lyr-${l.id}`, attribution)
      this.status(l.id, { state: 'ready' })
      return
    }
    if (l.kind === 'raster') {
      this.rasters.add(l as RasterLayerEntry, this.url(l.href))
      this.map.addSource(src, {
        type: 'raster',
        tiles: [`${RASTER_PROTOCOL}://${l.id}/{z}/{x}/{y}`],
        tileSize: 256,
        bounds: l.bbox4326,
        maxzoom: 18,
        attribution,
      })
      this.map.addLayer({ id: `lyr-${l.id}`, type: 'raster', source: src, paint: { 'raster-opacity': l.style.opacity ?? 1, 'raster-fade-duration': 0 } })
      this.status(l.id, { state: 'ready' })
      return
    }
    this.map.addSource(src, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution, ...clusterSourceOptions(l) })
    if (hasLabelSource(l)) this.map.addSource(labelSourceId(l.id), { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    for (const sl of styleLayers(l, src)) this.map.addLayer(sl)
    // In a worker where the platform has them (browsers); in the page otherwise.
    const source = this.vectorWorker
      ? this.vectorWorker.source(this.url(l.href), { extent: l.bbox, bytes: l.bytes })
      : inPageVectorSource(this.url(l.href), this.opts.projections, l.bbox, l.bytes)
    this.vectors.set(l.id, new VectorLayer(l, source, this.map, {
      status: (s) => this.status(l.id, s),
      loadStarted: () => (this.opts.container.dataset.idle = 'false'),
      loadEnded: () => this.map.triggerRepaint(),
    }))
  }

  private removeLayer(l: LayerEntry) {
    for (const id of this.styleLayerIds(l)) if (this.map.getLayer(id)) this.map.removeLayer(id)
    for (const src of [`src-${l.id}`, labelSourceId(l.id)]) if (this.map.getSource(src)) this.map.removeSource(src)
    this.vectors.get(l.id)?.dispose()
    this.vectors.delete(l.id)
    this.rasters.remove(l.id)
  }

  private viewBBox(): BBox {
    const b = this.map.getBounds()
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
  }

  /** Loads, for each vector layer, the cells of the view (+10 %) that are not loaded yet (vectorLayer.ts). */
  private refreshVectors() {
    if (this.destroyed || !this.styleReady) return
    const [w, s, e, n] = this.viewBBox()
    const mw = (e - w) * 0.1
    const mh = (n - s) * 0.1
    const view = transformBBox([w - mw, s - mh, e + mw, n + mh], this.opts.projections.forward('EPSG:4326', 'EPSG:25832'))
    const zoom = this.map.getZoom()
    for (const v of this.vectors.values()) v.refresh(view, zoom)
  }

  /**
   * Asks what is drawn at a point of the map (container pixels; the centre when omitted, as Enter does): the answer
   * comes through onFeatureInfo. Nothing happens while a planner's tool takes the clicks.
   */
  identifyAt(point?: [number, number], via: IdentifyVia = 'keyboard'): void {
    if (this.destroyed || [...this.tools].some((t) => t.capturesClicks)) return
    const c = this.map.getContainer()
    const p = new maplibregl.Point(...(point ?? [c.clientWidth / 2, c.clientHeight / 2]))
    const ll = this.map.unproject(p)
    void this.identify(p, [ll.lng, ll.lat], via)
  }

  private async identify(point: maplibregl.Point, lngLat: [number, number], via: IdentifyVia) {
    const layerIds = this.interactiveIds()
    const r = 4
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [point.x - r, point.y - r],
      [point.x + r, point.y + r],
    ]
    const seen = new Set<string>()
    const hits: FeatureHit[] = []
    for (const f of layerIds.length ? this.map.queryRenderedFeatures(box, { layers: layerIds }) : []) {
      const layerId = f.source.replace(/^src-/, '')
      const cluster = clusterCount(f)
      const key = `${layerId}/${cluster === null ? '' : 'c'}${f.id}`
      if (seen.has(key)) continue
      seen.add(key)
      hits.push(cluster === null ? { layerId, properties: f.properties } : { layerId, properties: {}, cluster })
    }
    // Topmost layer first, as drawn.
    const order = this.active.map((l) => l.id).reverse()
    hits.sort((a, b) => order.indexOf(a.layerId) - order.indexOf(b.layerId))
    // Service layers answer GetFeatureInfo (queryable WMS), alongside the vector hits, while the rasters are read.
    const queryable = queryableAt(this.active, this.map.getZoom())
    const serviceHits = queryable.length ? import('./serviceInfo.ts').then((m) => m.serviceInfoAt(this.map, queryable, point)) : Promise.resolve([])
    const rasterValues = await Promise.all(
      this.active.filter((l): l is RasterLayerEntry => l.kind === 'raster').reverse().map(async (l) => {
        const values = await this.rasters.valuesAt(l.id, lngLat[0], lngLat[1]).catch(() => null)
        return values ? { layerId: l.id, value: values[0], values, text: formatRasterValues(l, values) } : { layerId: l.id, value: null }
      }),
    )
    hits.push(...(await serviceHits))
    hits.sort((a, b) => order.indexOf(a.layerId) - order.indexOf(b.layerId))
    if (!this.destroyed) this.opts.onFeatureInfo?.({ lngLat, hits, rasterValues: rasterValues.filter((v) => v.value !== null), via, anchor: identifyAnchor(this.map, lngLat) })
  }

  setView(view: View): void {
    const c = this.map.getCenter()
    if (Math.abs(c.lng - view.center[0]) < 1e-7 && Math.abs(c.lat - view.center[1]) < 1e-7 && Math.abs(this.map.getZoom() - view.zoom) < 1e-3) return
    this.map.jumpTo({ center: view.center, zoom: view.zoom })
  }

  /**
   * The loaded features of each visible vector layer (top layer first) that intersect the current view, at
   * most limit rows per layer: the feature table, the text alternative to the map.
   */
  featuresInView(limit = 100): LayerFeaturesInView[] {
    if (this.destroyed || !this.styleReady) return []
    const view = this.viewBBox()
    const zoom = this.map.getZoom()
    const out: LayerFeaturesInView[] = []
    for (const l of [...this.active].reverse()) {
      const v = l.kind === 'vector' ? this.vectors.get(l.id) : undefined
      if (!v || l.kind !== 'vector') continue
      const s = l.style
      if ((l.minZoom !== undefined && zoom < l.minZoom) || (s.minZoom !== undefined && zoom < s.minZoom) || (s.maxZoom !== undefined && zoom >= s.maxZoom)) {
        out.push({ layerId: l.id, rows: [], total: 0, hidden: true })
        continue
      }
      const rows: LayerFeaturesInView['rows'] = []
      let total = 0
      // In file order (features arrive cell by cell).
      for (const [key, f] of [...v.features].sort((a, b) => a[0] - b[0])) {
        if (!intersectsBBox(f.geometry, view)) continue
        total++
        if (rows.length < limit) rows.push({ key, properties: f.properties })
      }
      out.push({ layerId: l.id, rows, total })
    }
    return out
  }

  /** Centres a feature of the feature table (fitting it when it is larger than the view) and highlights it. */
  showFeature(layerId: string, key: number): void {
    const f = this.vectors.get(layerId)?.features.get(key)
    if (!f || this.destroyed) return
    const b = geometryBBox(f.geometry)
    if (!b) return
    const view = this.viewBBox()
    const duration = reducedMotion() ? 0 : 500
    if (b[2] - b[0] > view[2] - view[0] || b[3] - b[1] > view[3] - view[1]) this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 48, duration })
    else this.map.easeTo({ center: focusPoint(f.geometry) ?? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], duration })
    this.mark(f.geometry)
  }

  /** Flies to a place of the place search (fitting its extent; a point at pointZoom) and marks it briefly. */
  showPlace(place: { point: [number, number]; bbox?: BBox }, pointZoom = 17): void {
    if (this.destroyed) return
    const b = place.bbox
    const duration = reducedMotion() ? 0 : 800
    if (b && (b[2] - b[0] >= 1e-5 || b[3] - b[1] >= 1e-5)) this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 48, maxZoom: pointZoom, duration })
    else this.map.flyTo({ center: place.point, zoom: pointZoom, duration })
    this.mark({ type: 'Point', coordinates: place.point }, 6000)
  }

  private markTimer: ReturnType<typeof setTimeout> | undefined

  /** Draws a highlight over everything (cleared by the next mark, or after clearAfter ms). */
  private mark(geometry: Geometry, clearAfter?: number) {
    clearTimeout(this.markTimer)
    this.whenStyleLoaded(() => {
      if (this.destroyed) return
      ensureMarkLayers(this.map)
      raiseOverlays(this.map)
      setOverlayData(this.map, MARK_SOURCE, [{ geometry }])
      if (clearAfter !== undefined) {
        this.markTimer = setTimeout(() => {
          if (!this.destroyed) setOverlayData(this.map, MARK_SOURCE, [])
        }, clearAfter)
      }
    })
  }

  private highlightGeneration = 0

  /**
   * Highlights features of a vector layer by their positions in its FlatGeobuf (a quality finding's featureIds)
   * and fits the map to them. Resolves with how many were drawn; a newer call or clearHighlight() wins.
   */
  async highlightFeatures(layer: VectorLayerEntry, ids: number[]): Promise<{ count: number; skipped: number }> {
    const generation = ++this.highlightGeneration
    this.busy()
    // Loaded on first use: not part of the first view's JavaScript.
    const { readFeaturesAt } = await import('../sources/vector/fgbFeatures.ts')
    const r = await readFeaturesAt(this.url(layer.href), ids, this.opts.projections, { extent: layer.bbox })
    if (this.destroyed || generation !== this.highlightGeneration) return { count: 0, skipped: 0 }
    await new Promise<void>((resolve) => this.whenStyleLoaded(resolve))
    if (this.destroyed || generation !== this.highlightGeneration) return { count: 0, skipped: 0 }
    ensureHighlightLayers(this.map)
    raiseOverlays(this.map)
    setOverlayData(this.map, HIGHLIGHT_SOURCE, r.features)
    this.opts.container.dataset.highlighted = String(r.features.length)
    const b = r.bbox4326
    if (b) this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 48, maxZoom: 17, duration: 0 })
    this.busy()
    return { count: r.features.length, skipped: r.skipped }
  }

  clearHighlight(): void {
    this.highlightGeneration++
    delete this.opts.container.dataset.highlighted
    if (!this.destroyed) setOverlayData(this.map, HIGHLIGHT_SOURCE, [])
  }

  fitBounds(b: BBox): void {
    this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 24, duration: 0 })
  }

  destroy(): void {
    for (const t of this.tools) if (this.styleReady) t.detach(this.map)
    this.tools.clear()
    this.destroyed = true
    this.basemap.dispose()
    clearTimeout(this.markTimer)
    for (const v of this.vectors.values()) v.dispose()
    this.vectorWorker?.destroy()
    this.unregisterRasters()
    this.map.remove()
  }
}

/** The in-page FlatGeobuf reader, for platforms without Web Workers: loaded only there, so that browsers do not
 * load flatgeobuf twice before the first view (the vector worker has its own copy). */
function inPageVectorSource(url: string, projections: Projections, extent: BBox, bytes: number): VectorSource {
  const source = import('../sources/vector/fgbSource.ts').then((m) => new m.FgbVectorSource(url, projections, { extent, bytes }))
  return { loadRects: async (rects, signal, opts) => (await source).loadRects(rects, signal, opts) }
}
