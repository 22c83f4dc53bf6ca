// FlatGeobuf writer with a packed Hilbert R-tree, so the portal can read any bbox with a few Range requests.
// flatgeobuf's own JS serializer writes no index; we reuse its flatbuffers tables and feature encoder.
import * as flatbuffers from 'flatbuffers'
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js'
import { Column as FgbColumn } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js'
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js'
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js'
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js'
import { generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js'
import type { BBox } from '../../src/model/catalog.ts'
import { geometryBBox, type Geometry } from '../../src/projection/geometry.ts'
import { coerce, type Column, type Scalar, type VectorFeature } from '../vector/model.ts'
import { FeatureEncoder } from './fgbFeature.ts'

export { GeometryType }

export interface FgbWriteOptions {
  columns: Column[]
  /** EPSG code stored in the header. */
  crsCode: number
  title?: string
  description?: string
  indexNodeSize?: number
  /** Features are already in fileOrder(): skip sorting. */
  presorted?: boolean
}

export function geometryTypeCode(name: string | null): GeometryType {
  const t = name ? (GeometryType as unknown as Record<string, GeometryType>)[name] : undefined
  return t ?? GeometryType.Unknown
}

/**
 * Hilbert curve index of (x, y) on a 2^16 grid (the bit-twiddling form used by flatgeobuf's writers, after
 * "Fast Hilbert curve generation" by rawrunprotected).
 */
export function hilbert(x: number, y: number): number {
  let a = x ^ y
  let b = 0xffff ^ a
  let c = 0xffff ^ (x | y)
  let d = x & (y ^ 0xffff)
  let A = a | (b >> 1)
  let B = (a >> 1) ^ a
  let C = ((c >> 1) ^ (b & (d >> 1))) ^ c
  let D = ((a & (c >> 1)) ^ (d >> 1)) ^ d
  a = A; b = B; c = C; d = D
  A = (a & (a >> 2)) ^ (b & (b >> 2))
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
  C ^= (a & (c >> 2)) ^ (b & (d >> 2))
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))
  a = A; b = B; c = C; d = D
  A = (a & (a >> 4)) ^ (b & (b >> 4))
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
  C ^= (a & (c >> 4)) ^ (b & (d >> 4))
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))
  a = A; b = B; c = C; d = D
  C ^= (a & (c >> 8)) ^ (b & (d >> 8))
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))
  a = C ^ (C >> 1)
  b = D ^ (D >> 1)
  let i0 = x ^ y
  let i1 = b | (0xffff ^ (i0 | a))
  const spread = (v: number) => {
    v = (v | (v << 8)) & 0x00ff00ff
    v = (v | (v << 4)) & 0x0f0f0f0f
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555
  }
  i0 = spread(i0)
  i1 = spread(i1)
  return ((i1 << 1) | i0) >>> 0
}

interface Layout {
  geometryType: GeometryType
  featuresCount: number
  indexNodeSize: number
}

function buildHeader(meta: Layout, opts: FgbWriteOptions, extent: BBox | null): Uint8Array {
  const b = new flatbuffers.Builder(1024)
  const cols = opts.columns.map((c) => {
    const name = b.createString(c.name)
    const title = c.title ? b.createString(c.title) : 0
    const description = c.description ? b.createString(c.description) : 0
    FgbColumn.startColumn(b)
    FgbColumn.addName(b, name)
    FgbColumn.addType(b, c.type)
    if (title) FgbColumn.addTitle(b, title)
    if (description) FgbColumn.addDescription(b, description)
    FgbColumn.addNullable(b, true)
    return FgbColumn.endColumn(b)
  })
  const columns = cols.length ? Header.createColumnsVector(b, cols) : 0
  const org = b.createString('EPSG')
  Crs.startCrs(b)
  Crs.addOrg(b, org)
  Crs.addCode(b, opts.crsCode)
  const crs = Crs.endCrs(b)
  const name = b.createString(opts.title ?? 'layer')
  const title = opts.title ? b.createString(opts.title) : 0
  const description = opts.description ? b.createString(opts.description) : 0
  const envelope = extent ? Header.createEnvelopeVector(b, extent) : 0
  Header.startHeader(b)
  Header.addName(b, name)
  if (envelope) Header.addEnvelope(b, envelope)
  Header.addGeometryType(b, meta.geometryType)
  if (columns) Header.addColumns(b, columns)
  Header.addFeaturesCount(b, BigInt(meta.featuresCount))
  Header.addIndexNodeSize(b, meta.indexNodeSize)
  Header.addCrs(b, crs)
  if (title) Header.addTitle(b, title)
  if (description) Header.addDescription(b, description)
  b.finishSizePrefixed(Header.endHeader(b))
  return b.asUint8Array()
}

interface Item {
  f: VectorFeature
  bbox: BBox
  h: number
}

function indexItems(features: VectorFeature[]): Item[] {
  return features.map((f, i) => {
    if (!f.geometry) throw new Error(`feature ${i} has no geometry`)
    const bbox = geometryBBox(f.geometry)
    if (!bbox) throw new Error(`feature ${i} has an empty geometry`)
    return { f, bbox, h: 0 }
  })
}

function itemsExtent(items: Item[]): BBox | null {
  let extent: BBox | null = null
  for (const { bbox: b } of items) {
    extent = extent ? [Math.min(extent[0], b[0]), Math.min(extent[1], b[1]), Math.max(extent[2], b[2]), Math.max(extent[3], b[3])] : [...b]
  }
  return extent
}

/** Orders items along a Hilbert curve over their extent, as the packed R-tree requires. */
function sortItems(items: Item[]): void {
  const extent = itemsExtent(items)
  if (!extent) return
  const w = extent[2] - extent[0] || 1
  const h = extent[3] - extent[1] || 1
  for (const it of items) {
    const cx = (it.bbox[0] + it.bbox[2]) / 2
    const cy = (it.bbox[1] + it.bbox[3]) / 2
    it.h = hilbert(Math.floor((0xffff * (cx - extent[0])) / w), Math.floor((0xffff * (cy - extent[1])) / h))
  }
  // Stable sort keeps input order among equal Hilbert values: identical input gives identical bytes, and
  // sorting already-sorted features changes nothing.
  items.sort((a, b) => b.h - a.h)
}

/**
 * The order in which writeFlatGeobuf stores features. The publisher measures quality in this order, so the
 * feature ids in findings are positions in the published file.
 */
export function fileOrder(features: VectorFeature[]): VectorFeature[] {
  const items = indexItems(features)
  sortItems(items)
  return items.map((it) => it.f)
}

/** Writes features (coordinates already in the target CRS) as one FlatGeobuf file with spatial index. */
export function writeFlatGeobuf(features: VectorFeature[], opts: FgbWriteOptions): Uint8Array {
  const nodeSize = opts.indexNodeSize ?? 16
  // Features without geometry cannot be placed in the index; the publisher reports and drops them before.
  const items = indexItems(features)
  if (nodeSize > 1 && !opts.presorted) sortItems(items)
  const extent = itemsExtent(items)
  const types = new Set(items.map((it) => it.f.geometry!.type))
  const geometryType = types.size === 1 ? geometryTypeCode([...types][0]) : GeometryType.Unknown
  const indexed = items.length > 0 && nodeSize > 1
  const layout = { geometryType, featuresCount: items.length, indexNodeSize: indexed ? nodeSize : 0 }
  const encoder = new FeatureEncoder(opts.columns)
  const props: Record<string, Scalar> = {}
  const encoded = items.map(({ f }) => {
    for (const c of opts.columns) props[c.name] = coerce(f.properties[c.name], c.type)
    return encoder.encode(f.geometry!, props)
  })
  const header = buildHeader(layout, opts, extent)
  const tree = indexed ? buildTree(items.map((it) => it.bbox), encoded, nodeSize) : new Uint8Array(0)
  const featureBytes = encoded.reduce((n, e) => n + e.length, 0)
  const out = new Uint8Array(magicbytes.length + header.length + tree.length + featureBytes)
  out.set(magicbytes, 0)
  let o = magicbytes.length
  out.set(header, o)
  o += header.length
  out.set(tree, o)
  o += tree.length
  for (const e of encoded) {
    out.set(e, o)
    o += e.length
  }
  return out
}

/** Packed R-tree: root first, leaves last; a leaf holds its feature's byte offset, an inner node its first child. */
function buildTree(boxes: BBox[], encoded: Uint8Array[], nodeSize: number): Uint8Array {
  const levels = generateLevelBounds(boxes.length, nodeSize)
  // Leaves are the last level in the file, so their end is the node count.
  const numNodes = levels[0][1]
  const nodes = new Float64Array(numNodes * 4)
  const offsets = new BigUint64Array(numNodes)
  const [leafStart] = levels[0]
  let featureOffset = 0
  for (let i = 0; i < boxes.length; i++) {
    nodes.set(boxes[i], (leafStart + i) * 4)
    offsets[leafStart + i] = BigInt(featureOffset)
    featureOffset += encoded[i].length
  }
  for (let l = 0; l < levels.length - 1; l++) {
    const [start, end] = levels[l]
    let parent = levels[l + 1][0]
    for (let c = start; c < end; c += nodeSize, parent++) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
      for (let k = c; k < Math.min(c + nodeSize, end); k++) {
        minX = Math.min(minX, nodes[k * 4]); minY = Math.min(minY, nodes[k * 4 + 1])
        maxX = Math.max(maxX, nodes[k * 4 + 2]); maxY = Math.max(maxY, nodes[k * 4 + 3])
      }
      nodes.set([minX, minY, maxX, maxY], parent * 4)
      offsets[parent] = BigInt(c)
    }
  }
  const buf = new Uint8Array(numNodes * NODE_ITEM_BYTE_LEN)
  const view = new DataView(buf.buffer)
  for (let n = 0; n < numNodes; n++) {
    const o = n * NODE_ITEM_BYTE_LEN
    for (let k = 0; k < 4; k++) view.setFloat64(o + k * 8, nodes[n * 4 + k], true)
    view.setBigUint64(o + 32, offsets[n], true)
  }
  return buf
}
