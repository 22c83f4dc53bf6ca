// A read-only SQLite b-tree reader, enough to list tables and read small system tables (gpkg_contents,
// gpkg_spatial_ref_sys, MBTiles metadata) without a native module: this Node (20) has no node:sqlite and
// opening 10,000s of GeoPackages through the gdal3.js worker would cost seconds each. Pages are read on demand,
// every walk is bounded (visited pages, page budget), so a damaged file ends in an error, never a loop.
import { promises as fs } from 'node:fs'

export class SqliteError extends Error {}

export type Value = null | number | string | Uint8Array

export interface MasterRow {
  type: string
  name: string
  rootpage: number
  sql: string
}

export class SqliteFile {
  private constructor(
    private readonly fh: fs.FileHandle,
    readonly pageSize: number,
    private readonly usable: number,
    readonly pageCount: number,
    readonly applicationId: number,
  ) {}

  static async open(path: Buffer | string, size: number): Promise<SqliteFile> {
    const fh = await fs.open(path, 'r')
    try {
      const h = Buffer.alloc(100)
      const { bytesRead } = await fh.read(h, 0, 100, 0)
      if (bytesRead < 100 || h.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw new SqliteError('not an SQLite database (wrong header)')
      let pageSize = h.readUInt16BE(16)
      if (pageSize === 1) pageSize = 65536
      if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new SqliteError(`implausible page size ${pageSize}`)
      const usable = pageSize - h[20]
      const pageCount = Math.floor(size / pageSize)
      if (pageCount < 1) throw new SqliteError('truncated (no complete page)')
      return new SqliteFile(fh, pageSize, usable, pageCount, h.readUInt32BE(68))
    } catch (e) {
      await fh.close()
      throw e
    }
  }

  close() {
    return this.fh.close()
  }

  private async page(n: number): Promise<Buffer> {
    if (n < 1 || n > this.pageCount) throw new SqliteError(`page ${n} is outside the file (${this.pageCount} pages)`)
    const b = Buffer.alloc(this.pageSize)
    const { bytesRead } = await this.fh.read(b, 0, this.pageSize, (n - 1) * this.pageSize)
    if (bytesRead < this.pageSize) throw new SqliteError(`page ${n} is truncated`)
    return b
  }

  /**
   * Visits the rows of the table b-tree at `root` (in rowid order); `onRow` returning false stops.
   * `budget` caps the pages read; exceeding it throws so that a caller can fall back to "unknown".
   */
  async scan(root: number, onRow: (values: Value[] | null, rowid: number) => boolean | void, budget = 10_000, decode = true): Promise<void> {
    const seen = new Set<number>()
    const stack = [root]
    let stop = false
    while (stack.length && !stop) {
      const n = stack.pop()!
      if (seen.has(n)) throw new SqliteError(`page ${n} is referenced twice (damaged b-tree)`)
      if (seen.size >= budget) throw new BudgetError(`more than ${budget} pages`)
      seen.add(n)
      const p = await this.page(n)
      const o = n === 1 ? 100 : 0
      const type = p[o]
      const cells = p.readUInt16BE(o + 3)
      if (type === 5) {
        const children: number[] = []
        for (let i = 0; i < cells; i++) children.push(p.readUInt32BE(p.readUInt16BE(o + 12 + i * 2)))
        children.push(p.readUInt32BE(o + 8))
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
      } else if (type === 13) {
        for (let i = 0; i < cells && !stop; i++) {
          if (!decode) {
            if (onRow(null, 0) === false) stop = true
            continue
          }
          const at = p.readUInt16BE(o + 8 + i * 2)
          const { payload, rowid } = await this.payload(p, at)
          if (onRow(decodeRecord(payload), rowid) === false) stop = true
        }
      } else throw new SqliteError(`page ${n} is not a table b-tree page (type ${type})`)
    }
  }

  /** Number of rows, walking the leaf pages without decoding them. */
  async count(root: number, budget: number): Promise<number> {
    let rows = 0
    await this.scan(root, () => void rows++, budget, false)
    return rows
  }

  private async payload(p: Buffer, at: number): Promise<{ payload: Buffer; rowid: number }> {
    const [size, a] = varint(p, at)
    const [rowid, b] = varint(p, a)
    const U = this.usable
    const X = U - 35
    if (size <= X) return { payload: p.subarray(b, b + size), rowid }
    if (size > 64 * 1024 * 1024) throw new SqliteError(`a row of ${size} bytes is implausible for a system table`)
    const M = Math.floor(((U - 12) * 32) / 255) - 23
    const K = M + ((size - M) % (U - 4))
    const local = K <= X ? K : M
    const out = Buffer.alloc(size)
    p.copy(out, 0, b, b + local)
    let filled = local
    let next = p.readUInt32BE(b + local)
    let hops = 0
    while (filled < size) {
      if (next === 0 || ++hops > 100_000) throw new SqliteError('overflow chain ends early')
      const op = await this.page(next)
      const take = Math.min(U - 4, size - filled)
      op.copy(out, filled, 4, 4 + take)
      filled += take
      next = op.readUInt32BE(0)
    }
    return { payload: out, rowid }
  }

  async master(): Promise<MasterRow[]> {
    const rows: MasterRow[] = []
    await this.scan(1, (v) => {
      if (v) rows.push({ type: String(v[0]), name: String(v[1]), rootpage: Number(v[3] ?? 0), sql: String(v[4] ?? '') })
    }, 2000)
    return rows
  }
}

export class BudgetError extends SqliteError {}

function varint(b: Uint8Array, at: number): [number, number] {
  let v = 0
  for (let i = 0; i < 9; i++) {
    if (at + i >= b.length) throw new SqliteError('varint runs past the page')
    const byte = b[at + i]
    if (i === 8) return [v * 256 + byte, at + 9]
    v = v * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return [v, at + i + 1]
  }
  return [v, at + 9]
}

export function decodeRecord(b: Buffer): Value[] {
  const [headerSize, start] = varint(b, 0)
  if (headerSize > b.length) throw new SqliteError('record header runs past its cell')
  const types: number[] = []
  let at = start
  while (at < headerSize) {
    const [t, next] = varint(b, at)
    types.push(t)
    at = next
  }
  const out: Value[] = []
  let pos = headerSize
  for (const t of types) {
    if (t === 0) out.push(null)
    else if (t >= 1 && t <= 6) {
      const len = [0, 1, 2, 3, 4, 6, 8][t]
      if (pos + len > b.length) throw new SqliteError('record value runs past its cell')
      out.push(len === 8 ? Number(b.readBigInt64BE(pos)) : b.readIntBE(pos, len))
      pos += len
    } else if (t === 7) {
      out.push(b.readDoubleBE(pos))
      pos += 8
    } else if (t === 8 || t === 9) out.push(t - 8)
    else if (t >= 12) {
      const len = (t - (t % 2 ? 13 : 12)) / 2
      if (pos + len > b.length) throw new SqliteError('record value runs past its cell')
      out.push(t % 2 ? b.toString('utf8', pos, pos + len) : b.subarray(pos, pos + len))
      pos += len
    } else throw new SqliteError(`reserved serial type ${t}`)
  }
  return out
}
