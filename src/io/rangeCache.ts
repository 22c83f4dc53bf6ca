// Byte ranges read ahead and answered from memory: a FlatGeobuf file's header and index come in one request and
// every later open of the file (each map view re-opens it) reads them from here instead of the network. The one
// place where the portal keeps ranges of a file; anything that reads ranges can wrap its RangeSource in it.
import type { RangeResult, RangeSource } from './source.ts'

interface Piece {
  offset: number
  /** Resolves to the bytes actually read (fewer at the end of the file). */
  read: Promise<RangeResult>
  length: number
}

/** A RangeSource that keeps the ranges it was asked to keep and answers reads inside them without a request. */
export class CachingRangeSource implements RangeSource {
  private readonly pieces: Piece[] = []
  private kept = 0

  constructor(
    private readonly inner: RangeSource,
    /** More than this many bytes are never kept (further keep() calls just read). */
    private readonly maxBytes = 1 << 20,
  ) {}

  get key(): string {
    return this.inner.key
  }

  /** Reads a range and keeps it for later reads; a failed read is forgotten. */
  keep(offset: number, length: number, signal?: AbortSignal): Promise<RangeResult> {
    const hit = this.lookup(offset, length)
    if (hit) return hit
    if (this.kept + length > this.maxBytes) return this.inner.read(offset, length, signal)
    const piece: Piece = { offset, length, read: this.inner.read(offset, length, signal) }
    this.pieces.push(piece)
    this.kept += length
    piece.read.catch(() => {
      this.pieces.splice(this.pieces.indexOf(piece), 1)
      this.kept -= length
    })
    return piece.read
  }

  read(offset: number, length: number, signal?: AbortSignal): Promise<RangeResult> {
    return this.lookup(offset, length) ?? this.inner.read(offset, length, signal)
  }

  /** A kept piece that holds the whole range (or the end of the file it reaches), as a read of that range. */
  private lookup(offset: number, length: number): Promise<RangeResult> | null {
    for (const p of this.pieces) {
      if (offset < p.offset || offset + length > p.offset + p.length) continue
      return p.read.then((r) => {
        // A piece that came back short ends at the end of the file: what it has of the range is all there is.
        const from = offset - p.offset
        return { bytes: r.bytes.subarray(Math.min(from, r.bytes.length), Math.min(from + length, r.bytes.length)), totalSize: r.totalSize }
      })
    }
    return null
  }
}
