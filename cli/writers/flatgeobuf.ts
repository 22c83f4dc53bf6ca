// FlatGeobuf writer with a packed Hilbert R-tree, so the portal can read any bbox with a few Range requests.
// flatgeobuf's own JS serializer writes no index; we reuse its flatbuffers tables and feature encoder.
import * as flatbuffers from 'flatbuffers'
import { Column as FgbColumn } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js'
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js'
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js'
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js'
import type { BBox } from '../../src/model/catalog.ts'
import type { Column, VectorFeature } from '../vector/model.ts'
import { FlatGeobufStream, MemorySink, MemorySpill } from './fgbStream.ts'

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

export interface Layout {
  geometryType: GeometryType
  featuresCount: number
  indexNodeSize: number
}

export function buildHeader(meta: Layout, opts: FgbWriteOptions, extent: BBox | null): Uint8Array {
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

/** Writes features (coordinates already in the target CRS) as one FlatGeobuf file with spatial index. */
export function writeFlatGeobuf(features: VectorFeature[], opts: FgbWriteOptions): Uint8Array {
  const nodeSize = opts.indexNodeSize ?? 16
  // Features without geometry cannot be placed in the index; the publisher reports and drops them before.
  const stream = new FlatGeobufStream(opts.columns, new MemorySpill(), features.length)
  for (const f of features) stream.add(f.geometry, f.properties)
  const sink = new MemorySink()
  stream.writeTo(sink, opts, stream.order(nodeSize > 1 && !opts.presorted))
  return sink.bytes()
}
