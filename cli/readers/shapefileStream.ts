// Shapefiles of any size, record by record: the .shp, .shx and .dbf are read through windows of a few MiB, so a
// pass over the features holds one window of each, never the files. The same checks and words as the in-memory
// reader (./shapefile.ts), whose parts (geometry, dBASE values, encodings, .prj) this reuses.
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Scalar, VectorFeature, VectorSource } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { be32, checkRegular, readOptionalPart, sibling } from './files.ts'
import { readShapefile, type ShapefileReadOptions } from './shapefile.ts'
import { chooseEncoding, COLUMN_TYPE, decodeFields, readDbfHeader, readValue } from './shapefile/dbf.ts'
import { prjCrs } from './shapefile/prj.ts'
import { checkShapeHeader, GeometryReader, recordPastEnd, shapeHeaderProblem } from './shapefile/shp.ts'

/** From this size of .shp + .dbf on, a Shapefile is streamed. */
export const STREAM_SHAPEFILE_BYTES = 16 * 1024 * 1024
const WINDOW = 1 << 22

/** A read-only view of a file through one buffer: `at(offset, length)` is where those bytes are in `buf`. */
class FileWindow {
  buf = Buffer.alloc(0)
  private start = 0
  /** Changes whenever `buf` does (views over it must be renewed). */
  generation = 0
  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly fail: (at: number, length: number) => never,
  ) {}
  at(offset: number, length: number): number {
    if (offset >= this.start && offset + length <= this.start + this.buf.length) return offset - this.start
    if (offset + length > this.size) this.fail(offset, length)
    const n = Math.min(Math.max(WINDOW, length), this.size - offset)
    if (this.buf.length < n) this.buf = Buffer.allocUnsafe(Math.max(n, WINDOW))
    let filled = 0
    while (filled < n) {
      const r = readSync(this.fd, this.buf, filled, n - filled, offset + filled)
      if (r === 0) this.fail(offset, length)
      filled += r
    }
    this.start = offset
    this.generation++
    // Bytes beyond `n` are stale: never report them as covered.
    if (this.buf.length > n) this.buf = this.buf.subarray(0, n)
    return 0
  }
}

function openPart(file: string, what: string, part: string): { fd: number; size: number } {
  let size: number
  try {
    const stat = statSync(part)
    checkRegular(file, what, part, stat)
    size = stat.size
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(file, `${what} does not exist`)
  }
  return { fd: openSync(part, 'r'), size }
}

function readHead(fd: number, length: number): Buffer {
  const b = Buffer.alloc(length)
  let filled = 0
  while (filled < length) {
    const r = readSync(fd, b, filled, length - filled, filled)
    if (r === 0) break
    filled += r
  }
  return b.subarray(0, filled)
}

/**
 * A Shapefile as a source of features read again on each iteration; smaller ones (below `streamFrom` bytes of
 * .shp and .dbf) are read into memory by readShapefile.
 */
export async function openShapefile(file: string, opts: ShapefileReadOptions = {}, streamFrom = STREAM_SHAPEFILE_BYTES): Promise<VectorSource> {
  if (path.extname(file).toLowerCase() !== '.shp') throw new InputError(file, 'is not a Shapefile (.shp)')
  const dir = path.dirname(file)
  const base = path.basename(file, path.extname(file))
  const entries = await fs.readdir(dir).catch(() => [] as string[])
  const dbfName = sibling(entries, base, 'dbf')
  const shpSize = (() => {
    try {
      return statSync(file).size
    } catch {
      return 0
    }
  })()
  const dbfSize = dbfName ? statSync(path.join(dir, dbfName), { throwIfNoEntry: false })?.size ?? 0 : 0
  if (!dbfName || shpSize + dbfSize < streamFrom) return readShapefile(file, opts)
  const shpName = path.basename(file)
  const shxName = sibling(entries, base, 'shx')
  const [prj, cpg] = await Promise.all(
    ['prj', 'cpg'].map(async (ext) => {
      const name = sibling(entries, base, ext)
      return name ? readOptionalPart(file, name, path.join(dir, name)) : null
    }),
  )
  const shpPath = file
  const dbfPath = path.join(dir, dbfName)
  const shxPath = shxName ? path.join(dir, shxName) : null

  // Headers and checks, as the in-memory reader makes them.
  const shp = openPart(file, 'the file', shpPath)
  const dbf = openPart(file, dbfName, dbfPath)
  let shxUsable = false
  let count: number
  let dbfHeader: Buffer
  try {
    if (shp.size === 0) throw new InputError(file, 'the file is empty (0 bytes); export the data again from your GIS')
    checkShapeHeader(file, shpName, readHead(shp.fd, 100), shp.size)
    dbfHeader = readHead(dbf.fd, 32)
    const headerLength = dbfHeader.length >= 32 ? dbfHeader.readUInt16LE(8) : 0
    dbfHeader = readHead(dbf.fd, Math.max(32, headerLength))
    const table = readDbfHeader(file, dbfName, dbfHeader, dbf.size)
    if (shxPath) {
      const shx = openPart(file, shxName!, shxPath)
      try {
        const head = readHead(shx.fd, 100)
        shxUsable = shapeHeaderProblem(head, shx.size) === null
        count = shxUsable ? Math.max(0, Math.floor((be32(head, 24) * 2 - 100) / 8)) : table.records
      } finally {
        closeSync(shx.fd)
      }
    } else count = table.records
    if (shxUsable && count !== table.records) {
      throw new InputError(
        file,
        `${shpName} holds ${count} shapes but ${base}.dbf holds ${table.records} records; the files do not belong ` +
          `together or one of them is damaged — copy or export the Shapefile again`,
      )
    }
    const encoding = chooseEncoding(file, opts.encoding, cpg, dbfHeader, table, base, () => scanUtf8(dbf.fd, dbf.size, table.headerLength, dbfHeader))
    const fields = decodeFields(table, encoding)
    const crs = prj ? prjCrs(file, prj, opts.crs) : null
    const explicit = !!opts.encoding
    const columns = fields.map((f) => ({ name: f.name, type: COLUMN_TYPE[f.kind] }))

    function* features(): Generator<VectorFeature> {
      const s = openPart(file, 'the file', shpPath)
      const d = openPart(file, dbfName!, dbfPath)
      const x = shxUsable ? openPart(file, shxName!, shxPath!) : null
      try {
        const declared = Math.min(be32(readHead(s.fd, 100), 24) * 2, s.size)
        const shpWin = new FileWindow(s.fd, s.size, (at, length) => {
          throw recordPastEnd(file, shpName, -1, at, length, s.size)
        })
        const dbfWin = new FileWindow(d.fd, d.size, () => {
          throw new InputError(file, `${dbfName} is truncated or damaged; copy or export the Shapefile again`)
        })
        const shxWin = x ? new FileWindow(x.fd, x.size, () => {
          throw new InputError(file, `${shxName} is truncated; copy or export the Shapefile again`)
        }) : null
        const reader = new GeometryReader(file, new DataView(new ArrayBuffer(0)))
        let generation = -1
        let at = 100
        let walked = 0
        for (let i = 0; ; i++) {
          // Where record i is: from the .shx, or the next record in the .shp.
          let recordAt: number
          if (shxWin) {
            if (i >= count) break
            const o = shxWin.at(100 + i * 8, 8)
            recordAt = be32(shxWin.buf, o) * 2
            if (recordAt < 100 || recordAt + 8 > s.size) {
              throw new InputError(
                file,
                `${shxName} points shape ${i + 1} to byte ${recordAt}, outside ${shpName} (${s.size} bytes); the .shx does not belong ` +
                  `to the .shp or the .shp is truncated — copy or export the Shapefile again`,
              )
            }
          } else {
            if (at + 8 > declared) break
            recordAt = at
          }
          const end = shxWin ? s.size : declared
          const head = shpWin.at(recordAt, 8)
          const length = be32(shpWin.buf, head + 4) * 2
          if (recordAt + 8 + length > end) throw recordPastEnd(file, shpName, i + 1, recordAt, length + 8, end)
          at = recordAt + 8 + length
          walked = i + 1
          if (i >= table.records) {
            throw new InputError(
              file,
              `${shpName} holds more than ${table.records} shapes but ${base}.dbf holds ${table.records} records; the files do not belong ` +
                `together or one of them is damaged — copy or export the Shapefile again`,
            )
          }
          const row = dbfWin.at(table.headerLength + i * table.recordLength, table.recordLength)
          const rowBuf = dbfWin.buf
          // A record flagged '*' is deleted: GDAL skips it together with its shape, and so do we.
          if (rowBuf[row] === 0x2a) continue
          const content = shpWin.at(recordAt + 8, length)
          if (shpWin.generation !== generation) {
            reader.view = new DataView(shpWin.buf.buffer, shpWin.buf.byteOffset, shpWin.buf.byteLength)
            generation = shpWin.generation
          }
          const geometry = reader.read(i, content, length)
          const properties: Record<string, Scalar> = {}
          for (const field of fields) {
            properties[field.name] = readValue(rowBuf, row + field.offset, row + field.offset + field.width, field.kind, encoding, explicit, file, field.name)
          }
          yield { geometry, properties }
        }
        if (!shxWin && walked !== table.records) {
          throw new InputError(
            file,
            `${shpName} holds ${walked} shapes but ${base}.dbf holds ${table.records} records; the files do not belong ` +
              `together or one of them is damaged — copy or export the Shapefile again`,
          )
        }
      } finally {
        closeSync(s.fd)
        closeSync(d.fd)
        if (x) closeSync(x.fd)
      }
    }
    return { crs, crsDeclared: crs !== null, columns, count, features: { [Symbol.iterator]: features } }
  } finally {
    closeSync(shp.fd)
    closeSync(dbf.fd)
  }
}

/** Detection without a .cpg: are the field names and records non-ASCII UTF-8? One pass over the .dbf in windows. */
function scanUtf8(fd: number, size: number, headerLength: number, header: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let nonAscii = false
  const check = (b: Uint8Array, last: boolean) => {
    if (!nonAscii) for (const c of b) if (c >= 0x80) { nonAscii = true; break }
    decoder.decode(b, { stream: !last })
  }
  try {
    check(header.subarray(32, headerLength), true)
    const buf = Buffer.allocUnsafe(WINDOW)
    for (let at = headerLength; at < size; ) {
      const n = readSync(fd, buf, 0, Math.min(WINDOW, size - at), at)
      if (n === 0) break
      at += n
      check(buf.subarray(0, n), at >= size)
    }
  } catch {
    return false
  }
  return nonAscii
}
