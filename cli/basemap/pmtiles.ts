// A PMTiles v3 archive writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md). The `pmtiles`
// package only reads; the portal reads what this writes through it. One archive is written in one go from tiles
// held in memory: fine for a city's base map (a few MB), and it keeps the writer a pure function of its input,
// so the same tiles give the same bytes (the demo catalog's golden test depends on that).
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { zxyToTileId } from 'pmtiles'

export const Compression = { None: 1, Gzip: 2 } as const
export type Compression = (typeof Compression)[keyof typeof Compression]

export const TileType = { Mvt: 1, Png: 2 } as const
export type TileType = (typeof TileType)[keyof typeof TileType]

export interface ArchiveOptions {
  tileType: TileType
  /** How the tiles handed to addTile are compressed (they are stored as given). */
  tileCompression: Compression
  minZoom: number
  maxZoom: number
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number]
  center: [number, number, number]
  /** The metadata JSON (vector_layers, attribution …), stored gzip-compressed. */
  metadata: Record<string, unknown>
}

interface Entry {
  tileId: number
  offset: number
  length: number
  runLength: number
}

const HEADER_BYTES = 127
/** The header and root directory must fit in the first 16 KiB, so a reader gets both with one request. */
const ROOT_BUDGET = 16384 - HEADER_BYTES

function writeVarint(out: number[], v: number): void {
  // Values reach past 2^32 (tile ids at z15+, offsets of big archives): arithmetic, not bit operators.
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
}

/** A directory: entry count, then delta-encoded tile ids, run lengths, lengths, offsets (0 = contiguous). */
export function serialiseDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = []
  writeVarint(out, entries.length)
  let last = 0
  for (const e of entries) {
    writeVarint(out, e.tileId - last)
    last = e.tileId
  }
  for (const e of entries) writeVarint(out, e.runLength)
  for (const e of entries) writeVarint(out, e.length)
  entries.forEach((e, i) => {
    const prev = entries[i - 1]
    writeVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1)
  })
  return Uint8Array.from(out)
}

const gzip = (b: Uint8Array) => new Uint8Array(gzipSync(b, { level: 9 }))

/**
 * Root directory, and leaf directories when the root would not fit its 16 KiB: the entries are cut into leaves of
 * `leafSize` entries (grown until the root of leaf pointers fits), as the reference writer does.
 */
function buildDirectories(entries: Entry[]): { root: Uint8Array; leaves: Uint8Array } {
  const root = gzip(serialiseDirectory(entries))
  if (root.length <= ROOT_BUDGET) return { root, leaves: new Uint8Array(0) }
  for (let leafSize = 4096; ; leafSize *= 2) {
    const pointers: Entry[] = []
    const parts: Uint8Array[] = []
    let offset = 0
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = gzip(serialiseDirectory(entries.slice(i, i + leafSize)))
      pointers.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 })
      parts.push(leaf)
      offset += leaf.length
    }
    const r = gzip(serialiseDirectory(pointers))
    if (r.length <= ROOT_BUDGET) return { root: r, leaves: concat(parts) }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Collects tiles, then writes the archive: header, root directory, metadata, leaf directories, tile data. */
export class PmtilesWriter {
  private readonly tiles = new Map<number, Uint8Array>()

  constructor(private readonly options: ArchiveOptions) {}

  get tileCount(): number {
    return this.tiles.size
  }

  addTile(z: number, x: number, y: number, data: Uint8Array): void {
    const id = zxyToTileId(z, x, y)
    if (this.tiles.has(id)) throw new Error(`tile ${z}/${x}/${y} added twice`)
    this.tiles.set(id, data)
  }

  finish(): Uint8Array {
    const ids = [...this.tiles.keys()].sort((a, b) => a - b)
    // Clustered: tile data in tile-id order; a tile whose bytes were already written points back to them.
    const byHash = new Map<string, { offset: number; length: number }>()
    const data: Uint8Array[] = []
    const entries: Entry[] = []
    let offset = 0
    for (const id of ids) {
      const bytes = this.tiles.get(id)!
      const hash = createHash('sha256').update(bytes).digest('hex')
      let at = byHash.get(hash)
      if (!at) {
        at = { offset, length: bytes.length }
        byHash.set(hash, at)
        data.push(bytes)
        offset += bytes.length
      }
      const last = entries[entries.length - 1]
      // Run length: consecutive tile ids with the same content (the sea, a forest, the inside of a polygon).
      if (last && last.offset === at.offset && last.tileId + last.runLength === id) last.runLength++
      else entries.push({ tileId: id, offset: at.offset, length: at.length, runLength: 1 })
    }
    const tileData = concat(data)
    const { root, leaves } = buildDirectories(entries)
    const metadata = gzip(new TextEncoder().encode(JSON.stringify(this.options.metadata)))
    const o = this.options
    const header = new DataView(new ArrayBuffer(HEADER_BYTES))
    const bytes = new Uint8Array(header.buffer)
    bytes.set(new TextEncoder().encode('PMTiles'), 0)
    header.setUint8(7, 3)
    const u64 = (at: number, v: number) => header.setBigUint64(at, BigInt(v), true)
    const rootOffset = HEADER_BYTES
    const metadataOffset = rootOffset + root.length
    const leavesOffset = metadataOffset + metadata.length
    const dataOffset = leavesOffset + leaves.length
    u64(8, rootOffset)
    u64(16, root.length)
    u64(24, metadataOffset)
    u64(32, metadata.length)
    u64(40, leavesOffset)
    u64(48, leaves.length)
    u64(56, dataOffset)
    u64(64, tileData.length)
    u64(72, ids.length)
    u64(80, entries.length)
    u64(88, data.length)
    header.setUint8(96, 1)
    header.setUint8(97, Compression.Gzip)
    header.setUint8(98, o.tileCompression)
    header.setUint8(99, o.tileType)
    header.setUint8(100, o.minZoom)
    header.setUint8(101, o.maxZoom)
    const e7 = (v: number) => Math.round(v * 1e7)
    header.setInt32(102, e7(o.bounds[0]), true)
    header.setInt32(106, e7(o.bounds[1]), true)
    header.setInt32(110, e7(o.bounds[2]), true)
    header.setInt32(114, e7(o.bounds[3]), true)
    header.setUint8(118, o.center[2])
    header.setInt32(119, e7(o.center[0]), true)
    header.setInt32(123, e7(o.center[1]), true)
    return concat([bytes, root, metadata, leaves, tileData])
  }
}
