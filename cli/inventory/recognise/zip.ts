// Zip archives (also KMZ, QGZ, XLSX) are looked into through their central directory only; single members are
// inflated partly (the first bytes of a sheet, a .qgs up to a cap), never extracted to disk.
import { constants, inflateRawSync } from 'node:zlib'
import { decodeWindows1252 } from '../../readers/encoding.ts'
import { readRange } from '../bytes.ts'

export class ZipError extends Error {}

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localOffset: number
}

const MAX_ENTRIES = 1_000_000
const MAX_DIRECTORY = 64 * 1024 * 1024

export async function listZip(path: Buffer | string, size: number): Promise<ZipEntry[]> {
  if (size < 22) throw new ZipError('too short for a zip archive')
  const tailLen = Math.min(size, 22 + 65535 + 20)
  const tail = await readRange(path, size - tailLen, tailLen)
  let e = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      e = i
      break
    }
  }
  if (e < 0) throw new ZipError('no end of central directory (truncated or not a zip archive)')
  let count = tail.readUInt16LE(e + 10)
  let cdSize = tail.readUInt32LE(e + 12)
  let cdOffset = tail.readUInt32LE(e + 16)
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && e >= 20 && tail.readUInt32LE(e - 20) === 0x07064b50) {
    const at = Number(tail.readBigUInt64LE(e - 20 + 8))
    const z = await readRange(path, at, 56)
    if (z.length < 56 || z.readUInt32LE(0) !== 0x06064b50) throw new ZipError('damaged ZIP64 end record')
    count = Number(z.readBigUInt64LE(32))
    cdSize = Number(z.readBigUInt64LE(40))
    cdOffset = Number(z.readBigUInt64LE(48))
  }
  if (count > MAX_ENTRIES || cdSize > MAX_DIRECTORY) throw new ZipError(`central directory too large (${count} entries, ${cdSize} bytes)`)
  if (cdOffset + cdSize > size) throw new ZipError(`central directory lies beyond the end of the file (truncated?)`)
  const cd = await readRange(path, cdOffset, cdSize)
  const out: ZipEntry[] = []
  let p = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new ZipError(`central directory entry ${i} is damaged`)
    const flags = cd.readUInt16LE(p + 8)
    const nameLen = cd.readUInt16LE(p + 28)
    const extraLen = cd.readUInt16LE(p + 30)
    const commentLen = cd.readUInt16LE(p + 32)
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen)
    let compressedSize = cd.readUInt32LE(p + 20)
    let entrySize = cd.readUInt32LE(p + 24)
    let localOffset = cd.readUInt32LE(p + 42)
    // ZIP64 extra field: the 64-bit values replace the 0xffffffff ones, in this order.
    let x = p + 46 + nameLen
    const xEnd = x + extraLen
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x)
      const len = cd.readUInt16LE(x + 2)
      if (id === 1) {
        let q = x + 4
        if (entrySize === 0xffffffff && q + 8 <= x + 4 + len) (entrySize = Number(cd.readBigUInt64LE(q))), (q += 8)
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + len) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8)
        if (localOffset === 0xffffffff && q + 8 <= x + 4 + len) localOffset = Number(cd.readBigUInt64LE(q))
      }
      x += 4 + len
    }
    const name = flags & 0x800 ? nameBytes.toString('utf8') : decodeLegacy(nameBytes)
    out.push({ name, method: cd.readUInt16LE(p + 10), compressedSize, size: entrySize, localOffset })
    p += 46 + nameLen + extraLen + commentLen
  }
  return out
}

/** Names without the UTF-8 flag: UTF-8 when valid (7-Zip, macOS), else Windows-1252 (close to CP437 for letters). */
function decodeLegacy(b: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b)
  } catch {
    return decodeWindows1252(b)
  }
}

/** The first `maxOut` bytes of a member (stored or deflated), reading at most `maxIn` compressed bytes. */
export async function readMember(path: Buffer | string, entry: ZipEntry, maxIn: number, maxOut: number): Promise<Buffer> {
  const local = await readRange(path, entry.localOffset, 30)
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ZipError(`member "${entry.name}" has a damaged local header`)
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
  const data = await readRange(path, start, Math.min(entry.compressedSize, maxIn))
  if (entry.method === 0) return data.subarray(0, maxOut)
  if (entry.method !== 8) throw new ZipError(`member "${entry.name}" uses compression method ${entry.method}`)
  try {
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOut })
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      // More than maxOut: inflate a smaller prefix instead (the caller wants the beginning only).
      return inflateRawSync(data.subarray(0, Math.max(1024, Math.floor(maxOut / 1100))), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, maxOut)
    }
    throw new ZipError(`member "${entry.name}" cannot be inflated (${(e as Error).message})`)
  }
}
