// A FlatGeobuf layer read by bounding box over HTTP Range requests, reprojected to lon/lat for the map.
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js'
import { HttpReader } from 'flatgeobuf/lib/mjs/http-reader.js'
import type { BBox } from '../../model/catalog.ts'
import { fetchSize, HttpRangeSource } from '../../io/http.ts'
import { CachingRangeSource } from '../../io/rangeCache.ts'
import { withTimeout } from '../../io/timeout.ts'
import { transformBBox, transformGeometry, type Geometry } from '../../projection/geometry.ts'
import { GridTransform } from '../../projection/gridTransform.ts'
import { labelPoint } from '../../projection/labelPoint.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import { checkCatalogSize, checkFlatGeobufBytes, checkFlatGeobufHeader, flatGeobufLayout, type FlatGeobufLayout } from './fgbHeader.ts'

/** Size of one packed R-tree node: bbox (4 doubles) + offset (uint64). */
const NODE_BYTES = 40
/** The first request: header and index of most layers (and the whole of a small layer) in one round trip — on a
 * phone network a round trip costs more than these bytes (issue #21). */
export const FIRST_READ_BYTES = 64 * 1024
/** An index up to this size is read whole in one request after the header, and kept: every later view searches
 * it without a round trip. A larger index is read node by node as flatgeobuf needs it. */
export const INDEX_READ_MAX = 512 * 1024

export interface VectorFeatureOut {
  type: 'Feature'
  /** The feature's position in the file: the same feature has the same id in every load (findings use it too). */
  id: number
  geometry: Geometry
  properties: Record<string, unknown>
}

export interface LoadResult {
  features: VectorFeatureOut[]
  /** The EPSG:25832 box that was read (with margin), so a later view inside it needs no new request. */
  covered: BBox
  /** True when maxFeatures was reached: the view holds more than is drawn. */
  truncated: boolean
  /** With the labels option: one label point (lon/lat) per feature, null where a geometry has none. */
  labels?: ([number, number] | null)[]
}

export interface LoadOptions {
  /** Compute a label point per feature here (off the map's thread; polygon labels). */
  labels?: boolean
}

export interface FgbSourceOptions {
  maxFeatures?: number
  timeoutMs?: number
  /** The layer's extent in EPSG:25832: features inside are reprojected through a fast, checked grid. */
  extent?: BBox
  /** The file's size in bytes as the catalog entry states it: another size is a layer error. */
  bytes?: number
}

/**
 * EPSG:25832 → lon/lat for a layer: a GridTransform over its extent (≥ 8× faster than proj4, error ≤ 1 mm,
 * checked when built), or exact proj4 when no extent is known or the grid cannot reach the accuracy.
 */
export function lonLatTransform(projections: Projections, extent?: BBox): (g: Geometry) => void {
  if (extent) {
    try {
      const pad = Math.max(extent[2] - extent[0], extent[3] - extent[1], 1) * 0.01
      const grid = GridTransform.between(projections, WORK_CRS, 'EPSG:4326', [extent[0] - pad, extent[1] - pad, extent[2] + pad, extent[3] + pad])
      return (g) => grid.transformGeometry(g)
    } catch {
      // Fall through to exact transforms.
    }
  }
  const exact = projections.forward(WORK_CRS, 'EPSG:4326')
  return (g) => transformGeometry(g, exact)
}

export class FgbVectorSource {
  private checked: Promise<void> | null = null
  private readonly maxFeatures: number
  private readonly timeoutMs: number
  private readonly toLonLat: (g: Geometry) => void
  private readonly catalogBytes: number | undefined
  /** The file's header and index (and what else the first read brought) are kept here; features are read
   * through the browser's HTTP cache, as flatgeobuf's own client did. */
  private readonly source: CachingRangeSource

  constructor(
    readonly url: string,
    private readonly projections: Projections,
    opts: FgbSourceOptions = {},
  ) {
    this.maxFeatures = opts.maxFeatures ?? 50_000
    this.timeoutMs = opts.timeoutMs ?? 20_000
    this.toLonLat = lonLatTransform(projections, opts.extent)
    this.catalogBytes = opts.bytes
    this.source = new CachingRangeSource(new HttpRangeSource(url, { httpCache: true }), FIRST_READ_BYTES + INDEX_READ_MAX + (1 << 20))
  }

  /** Reads and checks header and index ahead of the first view's load (errors are reported by that load). */
  prepare(): void {
    this.check().catch(() => {})
  }

  /** Reads the first bytes once and refuses files that would make the reader hang or misbehave. */
  private check(signal?: AbortSignal): Promise<void> {
    this.checked ??= (async () => {
      // One request usually holds header and index; a second one fetches the rest of a large header.
      let { bytes, totalSize } = await this.source.keep(0, FIRST_READ_BYTES, signal)
      // The total size from Content-Range; one HEAD request when the server leaves it out ("bytes 0-4095/*").
      totalSize ??= this.catalogBytes === undefined ? null : await fetchSize(this.url, signal)
      const size = totalSize ?? bytes.length
      let problem = checkFlatGeobufBytes(bytes, size)
      if (!problem) {
        const need = 12 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
        if (need > bytes.length) bytes = (await this.source.keep(0, need, signal)).bytes
        problem = checkFlatGeobufHeader(bytes, size)
      }
      if (!problem) {
        const layout = flatGeobufLayout(bytes)
        const indexStart = 12 + layout.headerLength
        // The index in one request (unless the first read brought it), kept for every later view.
        if (layout.treeSize > 0 && layout.treeSize <= INDEX_READ_MAX && layout.featuresOffset <= size) void this.source.keep(indexStart, layout.treeSize, signal).catch(() => {})
        problem = await this.checkLayout(layout, size, signal)
      }
      // After the file's own checks, which say more about a damaged file; a size nobody stated is not checked.
      if (!problem && totalSize !== null) problem = checkCatalogSize(totalSize, this.catalogBytes)
      if (problem) throw new Error(`${this.url.split('/').pop()} ${problem}`)
    })().catch((e) => {
      this.checked = null
      throw e
    })
    return this.checked
  }

  /**
   * The portal reads EPSG:25832 only (the publisher guarantees it), and a file cut short after its index would
   * silently show fewer features: the last leaf of the index says where the last feature starts.
   */
  private async checkLayout(l: FlatGeobufLayout, size: number, signal?: AbortSignal): Promise<string | null> {
    if (l.crsCode !== null && l.crsCode !== 25832) return `is in EPSG:${l.crsCode}; the portal shows EPSG:25832 files (publish it with "geoportal publish")`
    if (l.treeSize === 0) return null
    const { bytes } = await this.source.read(l.featuresOffset - NODE_BYTES, NODE_BYTES, signal)
    if (bytes.length < NODE_BYTES) return 'is truncated (index incomplete)'
    const lastFeature = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(32, true))
    if (l.featuresOffset + lastFeature + 4 > size) return `is truncated (${size} bytes, its index points past the end)`
    return null
  }

  /** Loads the features intersecting a lon/lat view, expanded by margin (fraction of the view size). */
  async load(view4326: BBox, margin = 0.25, signal?: AbortSignal): Promise<LoadResult> {
    const w = view4326[2] - view4326[0]
    const h = view4326[3] - view4326[1]
    const expanded: BBox = [view4326[0] - w * margin, view4326[1] - h * margin, view4326[2] + w * margin, view4326[3] + h * margin]
    return this.loadRects([transformBBox(expanded, this.projections.forward('EPSG:4326', WORK_CRS))], signal)
  }

  /**
   * Loads the features intersecting any of these EPSG:25832 boxes, each feature once (by its position in the
   * file, its id), reprojected to lon/lat.
   */
  async loadRects(rects: BBox[], signal?: AbortSignal, opts: LoadOptions = {}): Promise<LoadResult> {
    await withTimeout(this.check(signal), this.timeoutMs, this.url, signal)
    const covered: BBox = [Math.min(...rects.map((r) => r[0])), Math.min(...rects.map((r) => r[1])), Math.max(...rects.map((r) => r[2])), Math.max(...rects.map((r) => r[3]))]
    const read = async () => {
      const features: VectorFeatureOut[] = []
      const seen = new Set<number>()
      let truncated = false
      for (const rect of rects) {
        // flatgeobuf's reader over this file's RangeSource: header and index come from what check() kept.
        const reader = await HttpReader.openSource({
          getRange: async (begin: number, length: number) => (await this.source.read(begin, length, signal)).bytes.slice().buffer,
        })
        for await (const found of reader.selectBbox({ minX: rect[0], minY: rect[1], maxX: rect[2], maxY: rect[3] })) {
          if (signal?.aborted) break
          const feat = fromFeature(found.id, found.feature, reader.header) as unknown as { id: number; geometry: Geometry; properties?: Record<string, unknown> }
          if (seen.has(feat.id)) continue
          if (features.length >= this.maxFeatures) {
            truncated = true
            break
          }
          seen.add(feat.id)
          this.toLonLat(feat.geometry)
          features.push({ type: 'Feature', id: feat.id, geometry: feat.geometry, properties: feat.properties ?? {} })
        }
        if (truncated || signal?.aborted) break
      }
      const out: LoadResult = { features, covered, truncated }
      if (opts.labels) out.labels = features.map((f) => labelPoint(f.geometry))
      return out
    }
    const name = this.url.split('/').pop()
    // flatgeobuf's own failures on damaged data ("Offset is outside the bounds of the DataView") name the file.
    const reading = read().catch((e: unknown) => {
      if ((e as Error)?.name === 'AbortError') throw e
      throw new Error(`${name} cannot be read (${e instanceof Error ? e.message : String(e)})`)
    })
    return withTimeout(reading, this.timeoutMs, `${name}`, signal)
  }
}
