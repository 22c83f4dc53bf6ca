// FlatGeobuf features by position (the quality report's featureIds) and whole-layer exports.
//
// Published files always carry a packed Hilbert R-tree whose leaf nodes are in feature order: leaf i (40 bytes:
// minX, minY, maxX, maxY as float64, then the byte offset of feature i in the data section as uint64) sits at
// featuresOffset − (featuresCount − i) · 40. So the boxes of features i, j, … and their bytes are a few Range
// requests away, without scanning the file.
import * as flatbuffers from 'flatbuffers'
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { BBox } from '../../model/catalog.ts'
import { fetchRange } from '../../io/http.ts'
import { transformBBox, type Geometry } from '../../projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import { decodeFeatureAt, FlatGeobufStreamDecoder, type DecodedFeature } from './fgbStream.ts'
import { csvFeatureLine, csvHeader, GEOJSON_END, GEOJSON_START, geoJsonFeature, type ExportFormat } from './exports.ts'
import { checkFlatGeobufBytes, checkFlatGeobufHeader, flatGeobufLayout, type FlatGeobufLayout } from './fgbHeader.ts'
import { lonLatTransform, type VectorFeatureOut } from './fgbSource.ts'

const NODE_BYTES = 40
/** At most this many features are read by position (quality findings are capped at 1000 ids anyway). */
export const MAX_FEATURES_BY_ID = 1000
/** Positions closer than this are read in one request (leaves: 64 · 40 bytes; features: 16 KiB apart). */
const LEAF_GAP = 64
const FEATURE_GAP_BYTES = 16 * 1024
const MAX_REQUEST_BYTES = 4 * 1024 * 1024

/** Groups ascending numbers into runs [first, last] where neighbours are at most maxGap apart and last − first ≤ maxSpan. */
export function groupRuns(sorted: readonly number[], maxGap: number, maxSpan = Infinity): [number, number][] {
  const runs: [number, number][] = []
  for (const v of sorted) {
    const r = runs[runs.length - 1]
    if (r && v - r[1] <= maxGap && v - r[0] <= maxSpan) r[1] = v
    else runs.push([v, v])
  }
  return runs
}

/** Valid, unique, ascending positions (0 ≤ id < featuresCount), at most `cap` of them. */
export function normaliseIds(ids: readonly number[], featuresCount: number, cap = MAX_FEATURES_BY_ID): number[] {
  const valid = [...new Set(ids.filter((i) => Number.isInteger(i) && i >= 0 && i < featuresCount))].sort((a, b) => a - b)
  return valid.slice(0, cap)
}

interface OpenedFgb {
  header: HeaderMeta
  layout: FlatGeobufLayout
  size: number
}

/** Header and layout, with the same sanity checks as the map's loader (damaged files can hang flatgeobuf). */
async function openFgb(url: string, signal?: AbortSignal): Promise<OpenedFgb> {
  const name = url.split('/').pop()
  let { bytes, totalSize } = await fetchRange(url, 0, 4096, signal)
  const size = totalSize ?? bytes.length
  let problem = checkFlatGeobufBytes(bytes, size)
  if (!problem) {
    const need = 12 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
    if (need > bytes.length) bytes = (await fetchRange(url, 0, need, signal)).bytes
    problem = checkFlatGeobufHeader(bytes, size)
  }
  if (problem) throw new Error(`${name} ${problem}`)
  const layout = flatGeobufLayout(bytes)
  if (layout.crsCode !== null && layout.crsCode !== 25832) throw new Error(`${name} is in EPSG:${layout.crsCode}, not EPSG:25832`)
  if (layout.treeSize === 0) throw new Error(`${name} has no spatial index`)
  const header = fromByteBuffer(new flatbuffers.ByteBuffer(bytes.subarray(8, 12 + layout.headerLength)))
  return { header, layout, size }
}

/** Decodes the size-prefixed feature at `at` in `bytes`, after checking it is all there. */
function decodeFeature(bytes: Uint8Array, at: number, id: number, header: HeaderMeta): DecodedFeature {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true)
  if (at + 4 + length > bytes.length) throw new Error(`feature ${id} is cut short`)
  return decodeFeatureAt(bytes, at, id, header)
}

export interface FeaturesByIdResult {
  /** Features in lon/lat, `id` = position in the file. */
  features: VectorFeatureOut[]
  /** Union of their index boxes, EPSG:25832 and lon/lat; null when none was found. */
  bbox: BBox | null
  bbox4326: BBox | null
  /** Ids asked for that are not features of the file (e.g. input features without geometry). */
  skipped: number
}

/** Reads the features at the given 0-based positions (capped at MAX_FEATURES_BY_ID) with a few Range requests. */
export async function readFeaturesAt(
  url: string,
  ids: readonly number[],
  projections: Projections,
  opts: { extent?: BBox; signal?: AbortSignal } = {},
): Promise<FeaturesByIdResult> {
  const { header, layout, size } = await openFgb(url, opts.signal)
  const n = layout.featuresCount
  const wanted = normaliseIds(ids, n)
  const skipped = new Set(ids).size - wanted.length
  const leavesStart = layout.featuresOffset - n * NODE_BYTES
  // 1. Leaf nodes: the box and byte offset of each wanted feature, and of the next one (where it ends).
  const boxes = new Map<number, BBox>()
  const offsets = new Map<number, number>()
  for (const [first, last0] of groupRuns(wanted, LEAF_GAP, 4096)) {
    const last = Math.min(last0 + 1, n - 1)
    const { bytes } = await fetchRange(url, leavesStart + first * NODE_BYTES, (last - first + 1) * NODE_BYTES, opts.signal)
    if (bytes.length < (last - first + 1) * NODE_BYTES) throw new Error(`${url.split('/').pop()} is truncated (index incomplete)`)
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = first; i <= last; i++) {
      const o = (i - first) * NODE_BYTES
      boxes.set(i, [dv.getFloat64(o, true), dv.getFloat64(o + 8, true), dv.getFloat64(o + 16, true), dv.getFloat64(o + 24, true)])
      offsets.set(i, Number(dv.getBigUint64(o + 32, true)))
    }
  }
  const dataBytes = size - layout.featuresOffset
  const start = (i: number) => offsets.get(i)!
  const end = (i: number) => (i + 1 < n ? offsets.get(i + 1)! : dataBytes)
  // 2. Feature bytes: neighbouring features in one request.
  const toLonLat = lonLatTransform(projections, opts.extent)
  const features: VectorFeatureOut[] = []
  let bbox: BBox | null = null
  // Neighbouring features in one request: split where the gap is large or the request would grow too big.
  const runs: number[][] = []
  for (const i of wanted) {
    const cur = runs[runs.length - 1]
    if (cur && start(i) - end(cur[cur.length - 1]) <= FEATURE_GAP_BYTES && end(i) - start(cur[0]) <= MAX_REQUEST_BYTES) cur.push(i)
    else runs.push([i])
  }
  for (const run of runs) {
    const from = start(run[0])
    const { bytes } = await fetchRange(url, layout.featuresOffset + from, end(run[run.length - 1]) - from, opts.signal)
    for (const i of run) {
      const f = decodeFeature(bytes, start(i) - from, i, header)
      if (!f.geometry) continue
      toLonLat(f.geometry)
      features.push({ type: 'Feature', id: i, geometry: f.geometry, properties: f.properties ?? {} })
      const b = boxes.get(i)!
      bbox = bbox ? [Math.min(bbox[0], b[0]), Math.min(bbox[1], b[1]), Math.max(bbox[2], b[2]), Math.max(bbox[3], b[3])] : [...b]
    }
  }
  const bbox4326 = bbox ? transformBBox(bbox, projections.forward(WORK_CRS, 'EPSG:4326'), 4) : null
  return { features, bbox, bbox4326, skipped }
}

export interface ExportProgress {
  phase: 'download' | 'convert'
  done: number
  total: number | null
}

/** One feature of a whole-layer stream: its position in the file, geometry in EPSG:25832, attributes. */
export type StreamedFeature = DecodedFeature

/**
 * Every feature of a layer in file order (geometry in EPSG:25832, as stored), decoded while the file streams in:
 * the whole-layer exports and the attribute table read through this one generator. onHeader receives the
 * file's header (columns with their types) before the first feature. Yields to the page at least every `chunk`
 * features, so the first rows show after the first network chunk.
 */
export async function* streamLayerFeatures(
  url: string,
  opts: { signal?: AbortSignal; onProgress?(p: ExportProgress): void; onHeader?(h: HeaderMeta): void; chunk?: number } = {},
): AsyncGenerator<StreamedFeature> {
  const name = url.split('/').pop() ?? url
  const res = await fetch(url, { signal: opts.signal })
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${name}`)
  const total = Number(res.headers.get('Content-Length')) || null
  const decoder = new FlatGeobufStreamDecoder(name, total)
  const chunk = opts.chunk ?? 2000
  let received = 0
  let sinceYield = 0
  const body = res.body ? res.body.getReader() : null
  const whole = body ? null : new Uint8Array(await res.arrayBuffer())
  for (let first = true; ; first = false) {
    let value: Uint8Array | undefined
    if (body) {
      const r = await body.read()
      if (r.done) break
      value = r.value
    } else if (first) value = whole!
    else break
    received += value.length
    opts.onProgress?.({ phase: 'download', done: received, total })
    const hadHeader = decoder.header !== null
    const features = decoder.push(value)
    if (!hadHeader && decoder.header) opts.onHeader?.(decoder.header)
    for (const f of features) {
      if (opts.signal?.aborted) throw new DOMException('aborted', 'AbortError')
      yield f
      if (++sinceYield >= chunk) {
        sinceYield = 0
        opts.onProgress?.({ phase: 'convert', done: f.id + 1, total: decoder.layout!.featuresCount })
        await new Promise((r) => setTimeout(r, 0))
      }
    }
    // The first features of a chunk are shown at once, not only after `chunk` more.
    if (features.length) opts.onProgress?.({ phase: 'convert', done: decoder.decoded, total: decoder.layout!.featuresCount })
  }
  decoder.end()
  opts.onProgress?.({ phase: 'convert', done: decoder.decoded, total: decoder.layout!.featuresCount })
}

/**
 * The whole layer as GeoJSON (lon/lat, RFC 7946) or CSV (EPSG:25832, WKT), streamed from the FlatGeobuf into a
 * Blob. Yields to the page every few thousand features so progress can be shown.
 */
export async function exportLayer(
  url: string,
  format: ExportFormat,
  projections: Projections,
  opts: { geometryType: string; extent?: BBox; signal?: AbortSignal; onProgress?(p: ExportProgress): void },
): Promise<Blob> {
  let columns: string[] = []
  const out: BlobPart[] = []
  let chunk: string[] = []
  const toLonLat = lonLatTransform(projections, opts.extent)
  let i = 0
  if (format === 'geojson') chunk.push(GEOJSON_START)
  const features = streamLayerFeatures(url, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    onHeader: (h) => {
      columns = (h.columns ?? []).map((c) => c.name)
      if (format === 'csv') chunk.push(csvHeader(columns, opts.geometryType))
    },
  })
  for await (const f of features) {
    if (format === 'csv') chunk.push(csvFeatureLine(f.properties, f.geometry, columns, opts.geometryType))
    else {
      if (f.geometry) toLonLat(f.geometry)
      chunk.push((i ? ',\n' : '') + geoJsonFeature(f.properties, f.geometry))
    }
    i++
    if (i % 2000 === 0) {
      out.push(chunk.join(''))
      chunk = []
    }
  }
  if (format === 'csv' && i === 0 && !chunk.length) chunk.push(csvHeader(columns, opts.geometryType))
  if (format === 'geojson') chunk.push(GEOJSON_END)
  out.push(chunk.join(''))
  return new Blob(out, { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/geo+json' })
}
