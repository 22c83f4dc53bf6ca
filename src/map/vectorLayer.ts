// One vector layer on the map: loads the cells a view lacks (through the vector worker) and hands MapLibre only
// the features that are new. Replacing the whole GeoJSON source after every move (setData) made MapLibre
// re-index and re-tile the layer and the worker send everything again, so the frames after each move were long.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { BBox, VectorLayerEntry } from '../model/catalog.ts'
import { FeatureStore, type LoadPlan, type Merged, type StoredFeature } from '../sources/vector/featureStore.ts'
import type { VectorSource } from '../sources/vector/vectorWorker.ts'
import type { LayerStatus } from './MapController.ts'
import { hasLabelSource, labelSourceId } from './style.ts'

const EMPTY = { type: 'FeatureCollection' as const, features: [] }

export interface VectorLayerHooks {
  status(s: LayerStatus): void
  /** A load started: the map is not idle until it is done. */
  loadStarted(): void
  /** A load ended (drawn, failed or replaced by a newer one). */
  loadEnded(): void
}

export class VectorLayer {
  private readonly store: FeatureStore
  private generation = 0
  private abort: AbortController | null = null
  private disposed = false
  loading = false

  constructor(
    readonly entry: VectorLayerEntry,
    private readonly source: VectorSource,
    private readonly map: MapLibreMap,
    private readonly hooks: VectorLayerHooks,
    maxKept?: number,
  ) {
    this.store = new FeatureStore(maxKept)
  }

  /** The loaded features by id (their position in the file), for the feature table and showFeature. */
  get features(): ReadonlyMap<number, StoredFeature> {
    return this.store.features
  }

  /** Brings the layer up to date for a view (its EPSG:25832 box) at a zoom: loads only cells not loaded yet. */
  refresh(view: BBox, zoom: number): void {
    if (this.disposed) return
    const min = this.entry.minZoom
    if (min !== undefined && zoom < min) {
      // Too dense to stream here: drop what was drawn and say how far to zoom in.
      this.cancel()
      if (this.store.features.size) {
        this.store.clear()
        this.apply({ added: [], reset: true })
      }
      this.hooks.status({ state: 'zoom-in', minZoom: min, total: this.entry.featureCount })
      return
    }
    const plan = this.store.plan(view)
    if (plan) void this.load(plan)
  }

  private cancel() {
    this.abort?.abort()
    this.abort = null
    this.generation++
    if (this.loading) {
      this.loading = false
      this.hooks.loadEnded()
    }
  }

  private async load(plan: LoadPlan) {
    this.cancel()
    const abort = new AbortController()
    this.abort = abort
    const generation = this.generation
    this.loading = true
    this.hooks.loadStarted()
    this.hooks.status({ state: 'loading' })
    try {
      const r = await this.source.loadRects(plan.rects, abort.signal, { labels: hasLabelSource(this.entry) })
      if (generation !== this.generation || this.disposed) return
      this.apply(this.store.merge(plan, r))
      this.hooks.status({ state: 'ready', features: this.store.features.size, truncated: r.truncated })
    } catch (e) {
      if (generation !== this.generation || this.disposed || (e as Error).name === 'AbortError') return
      this.hooks.status({ state: 'error', message: (e as Error).message })
    } finally {
      if (generation === this.generation && !this.disposed) {
        this.loading = false
        this.abort = null
        this.hooks.loadEnded()
      }
    }
  }

  /** New features are added to the sources (updateData); a reset replaces their data. */
  private apply(m: Merged) {
    const features = m.added.map(({ label: _label, ...f }) => f)
    const src = this.map.getSource(`src-${this.entry.id}`) as GeoJSONSource | undefined
    if (m.reset) src?.setData({ ...EMPTY, features: features as never })
    else if (features.length) void src?.updateData({ add: features as never })
    const labels = this.map.getSource(labelSourceId(this.entry.id)) as GeoJSONSource | undefined
    if (!labels) return
    const points = m.added.flatMap((f) => (f.label ? [{ type: 'Feature' as const, id: f.id, geometry: { type: 'Point' as const, coordinates: f.label }, properties: f.properties }] : []))
    if (m.reset) labels.setData({ ...EMPTY, features: points })
    else if (points.length) void labels.updateData({ add: points })
  }

  dispose(): void {
    this.cancel()
    this.disposed = true
  }
}
