// Decodes a FlatGeobuf file while its bytes arrive, so the attribute table and whole-layer exports show their
// first features after the first few kilobytes instead of after the whole download. The index between header
// and features is skipped: a whole-file reader does not need it.
import * as flatbuffers from 'flatbuffers'
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js'
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js'
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { Geometry } from '../../projection/geometry.ts'
import { checkFlatGeobufBytes, checkFlatGeobufHeader, flatGeobufLayout, type FlatGeobufLayout } from './fgbHeader.ts'

export interface DecodedFeature {
  /** Position in the file. */
  id: number
  geometry: Geometry | null
  properties: Record<string, unknown>
}

/** Features larger than this are not plausible (a damaged size prefix would make the parser wait for ever). */
const MAX_FEATURE_BYTES = 256 * 1024 * 1024

/** Decodes the size-prefixed feature at `at` (whose bytes are all in `bytes`) as feature number `id`. */
export function decodeFeatureAt(bytes: Uint8Array, at: number, id: number, header: HeaderMeta): DecodedFeature {
  const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true)
  // A copy: flatgeobuf reads coordinates as Float64Array views, which need the feature's own aligned buffer.
  const copy = bytes.slice(at, at + 4 + length)
  const f = fromFeature(id, Feature.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(copy)), header) as unknown as {
    geometry: Geometry | null
    properties?: Record<string, unknown>
  }
  return { id, geometry: f.geometry, properties: f.properties ?? {} }
}

/**
 * Push parser: `push(chunk)` returns the features completed by that chunk; `end()` checks that the file held every
 * feature its header announced. Errors name the file (`name`) and the problem.
 */
export class FlatGeobufStreamDecoder {
  header: HeaderMeta | null = null
  layout: FlatGeobufLayout | null = null
  private buf: Uint8Array = new Uint8Array(0)
  private pos = 0
  /** Bytes consumed before `buf` (file offset of buf[0]). */
  private base = 0
  private next = 0

  constructor(
    private readonly name: string,
    /** The file's size when the server said it; checks of announced sizes against it. */
    private readonly totalSize: number | null,
  ) {}

  get decoded(): number {
    return this.next
  }

  push(chunk: Uint8Array): DecodedFeature[] {
    this.append(chunk)
    const out: DecodedFeature[] = []
    if (!this.layout && !this.readHeader()) return out
    const layout = this.layout!
    for (;;) {
      if (this.next >= layout.featuresCount) break
      const offset = this.base + this.pos
      if (offset < layout.featuresOffset) {
        // Skip the index (it may span several chunks).
        const skip = Math.min(layout.featuresOffset - offset, this.buf.length - this.pos)
        this.pos += skip
        if (this.base + this.pos < layout.featuresOffset) break
        continue
      }
      if (this.buf.length - this.pos < 4) break
      const length = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getUint32(0, true)
      if (length === 0 || length > MAX_FEATURE_BYTES) throw new Error(`${this.name} is damaged (feature ${this.next} announces ${length} bytes)`)
      if (this.buf.length - this.pos < 4 + length) break
      let f: DecodedFeature
      try {
        f = decodeFeatureAt(this.buf, this.pos, this.next, this.header!)
      } catch (e) {
        throw new Error(`${this.name} is damaged (feature ${this.next}: ${(e as Error).message})`)
      }
      out.push(f)
      this.next++
      this.pos += 4 + length
    }
    return out
  }

  end(): void {
    if (!this.layout) {
      const problem = checkFlatGeobufBytes(this.buf.subarray(this.pos), this.base + this.buf.length)
      throw new Error(`${this.name} ${problem ?? 'is truncated (header incomplete)'}`)
    }
    if (this.next < this.layout.featuresCount) throw new Error(`${this.name} is truncated (${this.next} of ${this.layout.featuresCount} features)`)
  }

  private append(chunk: Uint8Array) {
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length
      this.buf = chunk
    } else {
      const rest = this.buf.length - this.pos
      const joined = new Uint8Array(rest + chunk.length)
      joined.set(this.buf.subarray(this.pos))
      joined.set(chunk, rest)
      this.base += this.pos
      this.buf = joined
    }
    this.pos = 0
  }

  /** True once the header is read and checked (the header starts at file offset 0, so base is 0 until then). */
  private readHeader(): boolean {
    if (this.buf.length < 12) return false
    const total = this.totalSize ?? Number.MAX_SAFE_INTEGER
    const early = checkFlatGeobufBytes(this.buf, total)
    if (early) throw new Error(`${this.name} ${early}`)
    const headerLength = new DataView(this.buf.buffer, this.buf.byteOffset, 12).getUint32(8, true)
    if (this.buf.length < 12 + headerLength) return false
    const problem = checkFlatGeobufHeader(this.buf, total)
    if (problem) throw new Error(`${this.name} ${problem}`)
    this.layout = flatGeobufLayout(this.buf)
    this.header = fromByteBuffer(new flatbuffers.ByteBuffer(this.buf.subarray(8, 12 + headerLength)))
    this.pos = 12 + headerLength
    return true
  }
}
