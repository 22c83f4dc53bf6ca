// A read-only SQLite b-tree reader without a native module (this Node, 20, has no node:sqlite): the inventory
// lists tables and reads small system tables with it (opening 10,000s of GeoPackages through gdal3.js would
// cost seconds each), the publisher reads GeoPackage layers with it. Pages are read on demand with synchronous
// reads (a layer is a stream of rows that the publisher may walk several times). Every walk is bounded: a page
// is visited at most once per walk, an overflow chain at most as many pages as its row needs, a record's
// values within its cell, so a damaged file ends in an SqliteError, never in a loop or a huge allocation.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

// O_NONBLOCK: a FIFO swapped in for the file returns at once instead of waiting for a writer.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK

export class SqliteError extends Error {}
/** A walk needed more pages than its budget. */
export class BudgetError extends SqliteError {}

export type Value = null | number | string | Uint8Array

export interface MasterRow {
  type: string
  name: string
  tbl_name: string
  rootpage: number
  sql: string
}

/** The largest row the reader assembles (SQLite's own default limit is 1 GB; a feature this big is damage). */
export const MAX_ROW_BYTES = 256 * 1024 * 1024

/** The committed frames of a write-ahead log (`<db>-wal`): page number → file offset of its newest version. */
interface WalIndex {
  fd: number
  pages: Map<number, number>
  /** The database size in pages after the last commit. */
  pageCount: number
}

let pagesRead = 0
/** Pages read by all SqliteFiles of this process: lets tests check that walks over damaged files stay bounded. */
export const sqlitePagesRead = () => pagesRead

export class SqliteFile {
  private readonly decoder: TextDecoder
  private readonly swap16: boolean

  private constructor(
    private readonly fd: number,
    readonly pageSize: number,
    private readonly usable: number,
    readonly pageCount: number,
    readonly applicationId: number,
    encoding: number,
    private readonly wal: WalIndex | null,
  ) {
    this.decoder = new TextDecoder(encoding === 1 ? 'utf-8' : 'utf-16le')
    this.swap16 = encoding === 3
  }

  /** Opens the database (async signature kept for the inventory's callers; the reads are synchronous). */
  static async open(path: Buffer | string, size?: number): Promise<SqliteFile> {
    return SqliteFile.openSync(path, { size })
  }

  /**
   * Opens the database read-only. `walPath`: a write-ahead log next to it whose committed frames are applied
   * (SQLite does that when it opens a database in WAL mode; the frames hold edits not yet written back).
   */
  static openSync(path: Buffer | string, opts: { size?: number; walPath?: string } = {}): SqliteFile {
    const fd = openSync(path, READ_FLAGS)
    let walFd: number | null = null
    try {
      const size = opts.size ?? fstatSync(fd).size
      const h = Buffer.alloc(100)
      const bytesRead = readSync(fd, h, 0, 100, 0)
      if (bytesRead < 100 || h.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw new SqliteError('not an SQLite database (wrong header)')
      let pageSize = h.readUInt16BE(16)
      if (pageSize === 1) pageSize = 65536
      if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new SqliteError(`implausible page size ${pageSize}`)
      const usable = pageSize - h[20]
      if (usable < 480) throw new SqliteError(`implausible reserved space ${h[20]} per page`)
      const encoding = h.readUInt32BE(56) || 1
      if (encoding > 3) throw new SqliteError(`unknown text encoding ${encoding}`)
      let pageCount = Math.floor(size / pageSize)
      let wal: WalIndex | null = null
      if (opts.walPath) {
        try {
          walFd = openSync(opts.walPath, READ_FLAGS)
        } catch {
          walFd = null
        }
        if (walFd !== null && !fstatSync(walFd).isFile()) throw new SqliteError('its write-ahead log (-wal) is not a regular file')
        if (walFd !== null) {
          wal = readWal(walFd, pageSize)
          if (wal) pageCount = wal.pageCount
          else {
            closeSync(walFd)
            walFd = null
          }
        }
      }
      if (pageCount < 1) throw new SqliteError('truncated (no complete page)')
      return new SqliteFile(fd, pageSize, usable, pageCount, h.readUInt32BE(68), encoding, wal)
    } catch (e) {
      closeSync(fd)
      if (walFd !== null) closeSync(walFd)
      throw e
    }
  }

  async close(): Promise<void> {
    this.closeSync()
  }

  closeSync(): void {
    closeSync(this.fd)
    if (this.wal) closeSync(this.wal.fd)
  }

  private page(n: number): Buffer {
    if (!Number.isInteger(n) || n < 1 || n > this.pageCount) throw new SqliteError(`page ${n} is outside the database (${this.pageCount} pages)`)
    pagesRead++
    const b = Buffer.allocUnsafe(this.pageSize)
    const inWal = this.wal?.pages.get(n)
    const [fd, at] = inWal !== undefined ? [this.wal!.fd, inWal] : [this.fd, (n - 1) * this.pageSize]
    let filled = 0
    while (filled < this.pageSize) {
      const r = readSync(fd, b, filled, this.pageSize - filled, at + filled)
      if (r === 0) throw new SqliteError(`page ${n} is truncated`)
      filled += r
    }
    return b
  }

  /**
   * The rows of the table b-tree at `root` in rowid order, each as its raw record (decode with `decodeRecord`).
   * `budget` caps the b-tree pages visited; exceeding it throws BudgetError.
   */
  *rows(root: number, budget = Infinity): Generator<{ rowid: number; record: Buffer }> {
    for (const leaf of this.leaves(root, budget)) {
      const { page: p, o, cells, n } = leaf
      for (let i = 0; i < cells; i++) yield this.cell(p, n, this.cellAt(p, o, 8, i, n))
    }
  }

  /** Leaf pages of a table b-tree, depth first, each page at most once. */
  private *leaves(root: number, budget: number): Generator<{ page: Buffer; o: number; cells: number; n: number }> {
    const seen = new Set<number>()
    const stack = [root]
    while (stack.length) {
      const n = stack.pop()!
      if (seen.has(n)) throw new SqliteError(`page ${n} is referenced twice (damaged b-tree)`)
      if (seen.size >= budget) throw new BudgetError(`more than ${budget} pages`)
      seen.add(n)
      const p = this.page(n)
      const o = n === 1 ? 100 : 0
      const type = p[o]
      const cells = p.readUInt16BE(o + 3)
      if (type === 5) {
        if (o + 12 + cells * 2 > p.length) throw new SqliteError(`page ${n} claims ${cells} cells, more than fit`)
        // Children are checked as they are pushed, so a damaged page cannot pile up entries that are never visited.
        const push = (child: number) => {
          if (child < 1 || child > this.pageCount || seen.has(child)) throw new SqliteError(`page ${n} points to page ${child}, which cannot be its child (damaged b-tree)`)
          stack.push(child)
        }
        push(p.readUInt32BE(o + 8))
        for (let i = cells - 1; i >= 0; i--) push(p.readUInt32BE(this.cellAt(p, o, 12, i, n)))
      } else if (type === 13) {
        if (o + 8 + cells * 2 > p.length) throw new SqliteError(`page ${n} claims ${cells} cells, more than fit`)
        yield { page: p, o, cells, n }
      } else if (type === 2 || type === 10) throw new SqliteError(`page ${n} is an index b-tree page where a table was expected (a WITHOUT ROWID table?)`)
      else throw new SqliteError(`page ${n} is not a table b-tree page (type ${type})`)
    }
  }

  private cellAt(p: Buffer, o: number, header: number, i: number, n: number): number {
    const at = p.readUInt16BE(o + header + i * 2)
    if (at < o + header || at + 4 > this.usable) throw new SqliteError(`page ${n} has a cell pointer outside the page`)
    return at
  }

  private cell(p: Buffer, n: number, at: number): { rowid: number; record: Buffer } {
    const [size, a] = varint(p, at, this.usable)
    const [rowid, b] = varint(p, a, this.usable)
    const U = this.usable
    const X = U - 35
    if (size <= X) {
      if (b + size > U) throw new SqliteError(`page ${n}: a row runs past the page`)
      return { record: p.subarray(b, b + size), rowid }
    }
    if (size > MAX_ROW_BYTES || size > this.pageCount * U) throw new SqliteError(`page ${n}: a row of ${size} bytes cannot be in this database`)
    const M = Math.floor(((U - 12) * 32) / 255) - 23
    const K = M + ((size - M) % (U - 4))
    const local = K <= X ? K : M
    if (b + local + 4 > U) throw new SqliteError(`page ${n}: a row runs past the page`)
    const out = Buffer.allocUnsafe(size)
    p.copy(out, 0, b, b + local)
    let filled = local
    let next = p.readUInt32BE(b + local)
    // Each hop fills U - 4 more bytes, so the chain ends after at most size / (U - 4) pages even if it loops.
    while (filled < size) {
      if (next === 0) throw new SqliteError(`page ${n}: the overflow chain of row ${rowid} ends early`)
      const op = this.page(next)
      const take = Math.min(U - 4, size - filled)
      op.copy(out, filled, 4, 4 + take)
      filled += take
      next = op.readUInt32BE(0)
    }
    return { record: out, rowid }
  }

  /**
   * Visits the rows of the table b-tree at `root` (in rowid order); `onRow` returning false stops.
   * `budget` caps the pages read; exceeding it throws so that a caller can fall back to "unknown".
   */
  async scan(root: number, onRow: (values: Value[] | null, rowid: number) => boolean | void, budget = 10_000, decode = true): Promise<void> {
    if (!decode) {
      for (const leaf of this.leaves(root, budget)) for (let i = 0; i < leaf.cells; i++) if (onRow(null, 0) === false) return
      return
    }
    for (const { record, rowid } of this.rows(root, budget)) if (onRow(this.decodeRecord(record), rowid) === false) return
  }

  /** Number of rows, walking the leaf pages without decoding them. */
  async count(root: number, budget: number): Promise<number> {
    return this.countSync(root, budget)
  }

  countSync(root: number, budget = Infinity): number {
    let rows = 0
    for (const leaf of this.leaves(root, budget)) rows += leaf.cells
    return rows
  }

  async master(): Promise<MasterRow[]> {
    return this.masterSync()
  }

  masterSync(): MasterRow[] {
    const rows: MasterRow[] = []
    for (const { record } of this.rows(1, 2000)) {
      const v = this.decodeRecord(record)
      rows.push({ type: String(v[0]), name: String(v[1]), tbl_name: String(v[2] ?? v[1]), rootpage: Number(v[3] ?? 0), sql: String(v[4] ?? '') })
    }
    return rows
  }

  /** A record's values, text decoded in the database's encoding. */
  decodeRecord(b: Buffer): Value[] {
    return decodeRecord(b, (s) => this.text(s))
  }

  private text(s: Buffer): string {
    if (!this.swap16) return this.decoder.decode(s)
    const c = Buffer.from(s)
    c.swap16()
    return this.decoder.decode(c)
  }
}

function varint(b: Uint8Array, at: number, end = b.length): [number, number] {
  let v = 0
  for (let i = 0; i < 9; i++) {
    if (at + i >= end) throw new SqliteError('varint runs past its page')
    const byte = b[at + i]
    if (i === 8) return [v * 256 + byte, at + 9]
    v = v * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return [v, at + i + 1]
  }
  return [v, at + 9]
}

const INT_BYTES = [0, 1, 2, 3, 4, 6, 8]
const utf8 = new TextDecoder()

/** A record's values (https://sqlite.org/fileformat2.html#record_format); integers beyond 2^53 lose precision. */
export function decodeRecord(b: Buffer, text: (s: Buffer) => string = (s) => utf8.decode(s)): Value[] {
  const [headerSize, start] = varint(b, 0)
  if (headerSize > b.length || headerSize < start) throw new SqliteError('record header runs past its cell')
  const out: Value[] = []
  let at = start
  let pos = headerSize
  while (at < headerSize) {
    const [t, next] = varint(b, at, headerSize)
    at = next
    if (t === 0) out.push(null)
    else if (t >= 1 && t <= 6) {
      const len = INT_BYTES[t]
      if (pos + len > b.length) throw new SqliteError('record value runs past its cell')
      out.push(len === 8 ? Number(b.readBigInt64BE(pos)) : b.readIntBE(pos, len))
      pos += len
    } else if (t === 7) {
      if (pos + 8 > b.length) throw new SqliteError('record value runs past its cell')
      out.push(b.readDoubleBE(pos))
      pos += 8
    } else if (t === 8 || t === 9) out.push(t - 8)
    else if (t >= 12) {
      const len = (t - (t % 2 ? 13 : 12)) / 2
      if (pos + len > b.length) throw new SqliteError('record value runs past its cell')
      out.push(t % 2 ? text(b.subarray(pos, pos + len)) : b.subarray(pos, pos + len))
      pos += len
    } else throw new SqliteError(`reserved serial type ${t}`)
  }
  return out
}

/**
 * Reads a write-ahead log's header and frames (https://sqlite.org/fileformat2.html#walformat): the frames up to
 * the last valid commit count, as SQLite's recovery does; null when there is no usable log (empty, other page
 * size, bad header checksum: SQLite ignores it then too).
 */
function readWal(fd: number, pageSize: number): WalIndex | null {
  const size = fstatSync(fd).size
  if (size < 32) return null
  const h = Buffer.alloc(32)
  readSync(fd, h, 0, 32, 0)
  const magic = h.readUInt32BE(0)
  if ((magic & 0xfffffffe) !== 0x377f0682 || h.readUInt32BE(8) !== pageSize) return null
  const bigEndian = (magic & 1) === 1
  let s = checksum(h.subarray(0, 24), bigEndian, [0, 0])
  if (s[0] !== h.readUInt32BE(24) || s[1] !== h.readUInt32BE(28)) return null
  const salt1 = h.readUInt32BE(16)
  const salt2 = h.readUInt32BE(20)
  const frame = Buffer.alloc(24 + pageSize)
  const pending = new Map<number, number>()
  const pages = new Map<number, number>()
  let pageCount = 0
  // Frames are fixed size and read in order, so this loop ends after size / frame size steps.
  for (let at = 32; at + frame.length <= size; at += frame.length) {
    if (readSync(fd, frame, 0, frame.length, at) < frame.length) break
    if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break
    s = checksum(frame.subarray(0, 8), bigEndian, s)
    s = checksum(frame.subarray(24), bigEndian, s)
    if (s[0] !== frame.readUInt32BE(16) || s[1] !== frame.readUInt32BE(20)) break
    const page = frame.readUInt32BE(0)
    if (page < 1) break
    pending.set(page, at + 24)
    const commitSize = frame.readUInt32BE(4)
    if (commitSize > 0) {
      for (const [p, o] of pending) pages.set(p, o)
      pending.clear()
      pageCount = commitSize
    }
  }
  return pageCount ? { fd, pages, pageCount } : null
}

function checksum(b: Buffer, bigEndian: boolean, [a, c]: [number, number]): [number, number] {
  let s0 = a
  let s1 = c
  for (let i = 0; i + 8 <= b.length; i += 8) {
    const x0 = bigEndian ? b.readUInt32BE(i) : b.readUInt32LE(i)
    const x1 = bigEndian ? b.readUInt32BE(i + 4) : b.readUInt32LE(i + 4)
    s0 = (s0 + x0 + s1) >>> 0
    s1 = (s1 + x1 + s0) >>> 0
  }
  return [s0, s1]
}
