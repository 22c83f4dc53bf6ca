// FlatGeobuf writing in bounded memory: each feature is encoded once, as it arrives, into a spill (a temporary
// file, or memory for small layers); only its bbox and spill offset stay in typed arrays (40 bytes a feature).
// At the end the features are ordered along the Hilbert curve (a stable radix sort of 32-bit keys), the packed
// R-tree is built from the bboxes, and header, index and features (copied from the spill in Hilbert order) are
// written out. The bytes are those the in-memory writer made before (writeFlatGeobuf is this class over memory).
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs'
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js'
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js'
import { generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js'
import type { BBox } from '../../src/model/catalog.ts'
import { geometryBBox, type Geometry } from '../../src/projection/geometry.ts'
import { coerce, type Column, type Scalar } from '../vector/model.ts'
import { FeatureEncoder } from './fgbFeature.ts'
import { buildHeader, geometryTypeCode, hilbert, type FgbWriteOptions } from './flatgeobuf.ts'

/** Where encoded features wait for their place in the file. */
export interface Spill {
  append(bytes: Uint8Array): void
  read(offset: number, into: Uint8Array): void
  close(): void
}

/** Where the finished file goes. */
export interface Sink {
  write(bytes: Uint8Array): void
}

export class MemorySpill implements Spill {
  private buf = new Uint8Array(1 << 16)
  private size = 0
  append(bytes: Uint8Array): void {
    if (this.size + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.size + bytes.length))
      next.set(this.buf.subarray(0, this.size))
      this.buf = next
    }
    this.buf.set(bytes, this.size)
    this.size += bytes.length
  }
  read(offset: number, into: Uint8Array): void {
    into.set(this.buf.subarray(offset, offset + into.length))
  }
  close(): void {
    this.buf = new Uint8Array(0)
  }
}

const CHUNK = 1 << 22

const BLOCK = 1 << 14
const SLOTS = 1024

/**
 * A temporary file, written through a 4 MiB buffer and removed on close. Reads (in Hilbert order: nearby
 * features were mostly written near each other) go through 1024 cached 16 KiB blocks, one system call a block
 * instead of one a feature (200,000 parcels: 45 MB read for a 30 MB spill; 64 KiB blocks read 147 MB).
 */
export class FileSpill implements Spill {
  private readonly fd: number
  private readonly buf = new Uint8Array(CHUNK)
  private used = 0
  private flushed = 0
  private cached = true
  private blocks = new Uint8Array(0)
  private readonly blockIn = new Float64Array(SLOTS).fill(-1)
  private readonly slotOf = new Map<number, number>()
  private next = 0
  private reads = 0
  private misses = 0
  private closed = false
  constructor(private readonly file: string) {
    this.fd = openSync(file, 'w+', 0o600)
  }
  private flush(): void {
    let o = 0
    while (o < this.used) o += writeSync(this.fd, this.buf, o, this.used - o, this.flushed + o)
    this.flushed += this.used
    this.used = 0
  }
  append(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buf.length) this.flush()
    if (bytes.length > this.buf.length) {
      let o = 0
      while (o < bytes.length) o += writeSync(this.fd, bytes, o, bytes.length - o, this.flushed + o)
      this.flushed += bytes.length
      return
    }
    this.buf.set(bytes, this.used)
    this.used += bytes.length
  }
  read(offset: number, into: Uint8Array): void {
    if (this.used) this.flush()
    const block = Math.floor(offset / BLOCK)
    if (this.cached && Math.floor((offset + into.length - 1) / BLOCK) === block) {
      if (!this.blocks.length) this.blocks = new Uint8Array(BLOCK * SLOTS)
      let slot = this.slotOf.get(block)
      if (slot === undefined) {
        this.misses++
        slot = this.next
        this.next = (this.next + 1) % SLOTS
        if (this.blockIn[slot] >= 0) this.slotOf.delete(this.blockIn[slot])
        this.readAt(block * BLOCK, this.blocks.subarray(slot * BLOCK, slot * BLOCK + Math.min(BLOCK, this.flushed - block * BLOCK)))
        this.blockIn[slot] = block
        this.slotOf.set(block, slot)
      }
      const at = slot * BLOCK + (offset - block * BLOCK)
      into.set(this.blocks.subarray(at, at + into.length))
      // Features in an order without locality would read a block each (16 KiB cost about as much as four small
      // reads): then they are read one by one.
      if (++this.reads === 4096) {
        if (this.misses > this.reads / 4) this.uncache()
        this.reads = this.misses = 0
      }
      return
    }
    this.readAt(offset, into)
  }
  private readAt(offset: number, into: Uint8Array): void {
    let o = 0
    while (o < into.length) {
      const n = readSync(this.fd, into, o, into.length - o, offset + o)
      if (n === 0) throw new Error(`spill file ${this.file} ended early`)
      o += n
    }
  }
  private uncache(): void {
    this.cached = false
    this.blocks = new Uint8Array(0)
    this.slotOf.clear()
  }
  /** Safe to call again (the error paths of a publish close what writeTo may have closed). */
  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
    try {
      unlinkSync(this.file)
    } catch {
      // already gone
    }
  }
}

/** A file written through a 4 MiB buffer; `onChunk` sees every byte once (for a running hash). */
export class FileSink implements Sink {
  private readonly fd: number
  private readonly buf = new Uint8Array(CHUNK)
  private used = 0
  size = 0
  constructor(file: string, private readonly onChunk: (b: Uint8Array) => void = () => {}) {
    this.fd = openSync(file, 'w', 0o644)
  }
  private flush(): void {
    const b = this.buf.subarray(0, this.used)
    this.onChunk(b)
    let o = 0
    while (o < b.length) o += writeSync(this.fd, b, o, b.length - o)
    this.used = 0
  }
  write(bytes: Uint8Array): void {
    this.size += bytes.length
    if (this.used + bytes.length > this.buf.length) this.flush()
    if (bytes.length > this.buf.length) {
      this.onChunk(bytes)
      let o = 0
      while (o < bytes.length) o += writeSync(this.fd, bytes, o, bytes.length - o)
      return
    }
    this.buf.set(bytes, this.used)
    this.used += bytes.length
  }
  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

export class MemorySink implements Sink {
  private readonly parts: Uint8Array[] = []
  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice())
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0))
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}

/** Growable typed-array storage: a capacity hint avoids the copy (and its doubled peak) when the count is known. */
function grow<T extends Float64Array | Uint32Array>(a: T, need: number): T {
  if (need <= a.length) return a
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5), 1024))
  next.set(a)
  return next
}

/**
 * Stable LSD radix sort of indices 0..n-1 by 32-bit keys (two 16-bit digits): the order Array.prototype.sort
 * with a key comparator gives, in linear time and 12 bytes a feature.
 */
export function radixOrder(keys: Uint32Array, n: number): Uint32Array {
  let order = new Uint32Array(n)
  let tmp = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  const counts = new Uint32Array(65537)
  for (const shift of [0, 16]) {
    counts.fill(0)
    for (let i = 0; i < n; i++) counts[((keys[order[i]] >>> shift) & 0xffff) + 1]++
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1]
    for (let i = 0; i < n; i++) tmp[counts[(keys[order[i]] >>> shift) & 0xffff]++] = order[i]
    ;[order, tmp] = [tmp, order]
  }
  return order
}

export class FlatGeobufStream {
  private readonly encoder: FeatureEncoder
  private readonly props: Record<string, Scalar> = {}
  private boxes: Float64Array
  /** Spill offset of feature i; entry n is the spill's end, so feature i has spillAt[i+1] − spillAt[i] bytes. */
  private spillAt: Float64Array
  private n = 0
  private types = new Set<string>()
  private extent: BBox | null = null

  constructor(
    private readonly columns: Column[],
    private readonly spill: Spill = new MemorySpill(),
    capacity = 0,
  ) {
    this.encoder = new FeatureEncoder(columns)
    this.boxes = new Float64Array(capacity * 4)
    this.spillAt = new Float64Array(capacity + 1)
  }

  get count(): number {
    return this.n
  }

  /** Encodes one feature (coordinates in the target CRS; `bbox` its extent) into the spill; returns its bbox. */
  add(geometry: Geometry | null, properties: Record<string, Scalar | undefined>, bbox = geometry && geometryBBox(geometry)): BBox {
    if (!geometry) throw new Error(`feature ${this.n} has no geometry`)
    if (!bbox) throw new Error(`feature ${this.n} has an empty geometry`)
    for (const c of this.columns) this.props[c.name] = coerce(properties[c.name], c.type)
    const bytes = this.encoder.encode(geometry, this.props)
    const i = this.n++
    this.boxes = grow(this.boxes, this.n * 4)
    this.spillAt = grow(this.spillAt, this.n + 1)
    this.boxes.set(bbox, i * 4)
    this.spillAt[i + 1] = this.spillAt[i] + bytes.length
    this.spill.append(bytes)
    this.types.add(geometry.type)
    const e = this.extent
    if (!e) this.extent = [...bbox]
    else {
      if (bbox[0] < e[0]) e[0] = bbox[0]
      if (bbox[1] < e[1]) e[1] = bbox[1]
      if (bbox[2] > e[2]) e[2] = bbox[2]
      if (bbox[3] > e[3]) e[3] = bbox[3]
    }
    return bbox
  }

  /** The bbox of every feature (as added) and the extent: what a caller needs to know before ordering. */
  get bounds(): BBox | null {
    return this.extent
  }

  /** File position → index of the feature as added: along the Hilbert curve, stable among equal values. */
  order(sorted = true): Uint32Array {
    const n = this.n
    const extent = this.extent
    if (!sorted || !extent) return Uint32Array.from({ length: n }, (_, i) => i)
    const w = extent[2] - extent[0] || 1
    const h = extent[3] - extent[1] || 1
    const keys = new Uint32Array(n)
    const b = this.boxes
    for (let i = 0; i < n; i++) {
      const cx = (b[i * 4] + b[i * 4 + 2]) / 2
      const cy = (b[i * 4 + 1] + b[i * 4 + 3]) / 2
      // Descending Hilbert value, as the writers before this one ordered.
      keys[i] = 0xffffffff - hilbert(Math.floor((0xffff * (cx - extent[0])) / w), Math.floor((0xffff * (cy - extent[1])) / h))
    }
    return radixOrder(keys, n)
  }

  /** Writes the file; `order` from order(). Closes the spill. */
  writeTo(sink: Sink, opts: FgbWriteOptions, order: Uint32Array): void {
    try {
      const nodeSize = opts.indexNodeSize ?? 16
      const n = this.n
      const indexed = n > 0 && nodeSize > 1
      const geometryType = this.types.size === 1 ? geometryTypeCode([...this.types][0]) : GeometryType.Unknown
      sink.write(magicbytes)
      sink.write(buildHeader({ geometryType, featuresCount: n, indexNodeSize: indexed ? nodeSize : 0 }, opts, this.extent))
      if (indexed) this.writeTree(sink, order, nodeSize)
      let buf = new Uint8Array(1 << 16)
      for (let p = 0; p < n; p++) {
        const i = order[p]
        const len = this.spillAt[i + 1] - this.spillAt[i]
        if (len > buf.length) buf = new Uint8Array(len * 2)
        const view = buf.subarray(0, len)
        this.spill.read(this.spillAt[i], view)
        sink.write(view)
      }
    } finally {
      this.spill.close()
    }
  }

  /**
   * Packed R-tree: root first, leaves last; a leaf holds its feature's byte offset, an inner node its first child.
   * Inner nodes (1/15 of the leaves) are held in memory; leaves are written as they are computed.
   */
  private writeTree(sink: Sink, order: Uint32Array, nodeSize: number): void {
    const n = this.n
    const levels = generateLevelBounds(n, nodeSize)
    const [leafStart] = levels[0]
    const inner = new Float64Array(leafStart * 4)
    const innerChild = new Float64Array(leafStart)
    const b = this.boxes
    // Level 1 from the leaves (in file order), then each level from the one below.
    for (let l = 0; l < levels.length - 1; l++) {
      const [start, end] = levels[l]
      let parent = levels[l + 1][0]
      for (let c = start; c < end; c += nodeSize, parent++) {
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
        for (let k = c; k < Math.min(c + nodeSize, end); k++) {
          let o: number
          let src: Float64Array
          if (l === 0) {
            src = b
            o = order[k - leafStart] * 4
          } else {
            src = inner
            o = k * 4
          }
          minX = Math.min(minX, src[o]); minY = Math.min(minY, src[o + 1])
          maxX = Math.max(maxX, src[o + 2]); maxY = Math.max(maxY, src[o + 3])
        }
        inner[parent * 4] = minX; inner[parent * 4 + 1] = minY; inner[parent * 4 + 2] = maxX; inner[parent * 4 + 3] = maxY
        innerChild[parent] = c
      }
    }
    const chunkNodes = 1 << 14
    const buf = new Uint8Array(chunkNodes * NODE_ITEM_BYTE_LEN)
    const view = new DataView(buf.buffer)
    let used = 0
    const put = (x0: number, y0: number, x1: number, y1: number, offset: number) => {
      const o = used * NODE_ITEM_BYTE_LEN
      view.setFloat64(o, x0, true)
      view.setFloat64(o + 8, y0, true)
      view.setFloat64(o + 16, x1, true)
      view.setFloat64(o + 24, y1, true)
      view.setBigUint64(o + 32, BigInt(offset), true)
      if (++used === chunkNodes) {
        sink.write(buf)
        used = 0
      }
    }
    for (let k = 0; k < leafStart; k++) put(inner[k * 4], inner[k * 4 + 1], inner[k * 4 + 2], inner[k * 4 + 3], innerChild[k])
    let featureOffset = 0
    for (let p = 0; p < n; p++) {
      const i = order[p]
      put(b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3], featureOffset)
      featureOffset += this.spillAt[i + 1] - this.spillAt[i]
    }
    if (used) sink.write(buf.subarray(0, used * NODE_ITEM_BYTE_LEN))
  }
}
