// Seeded mutations of valid FlatGeobuf and GeoTIFF files: bit flips, byte runs, truncation, and "huge declared
// sizes" written into the fields that readers trust (header length, feature count, index node size, vector and
// string lengths, feature size prefixes, index offsets; TIFF width/height/tile sizes, offsets and byte counts,
// entry counts and IFD links).

import { mulberry32 } from '../../scripts/random.ts'

export type Rand = () => number


export const int = (rand: Rand, n: number) => Math.floor(rand() * n)
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[int(rand, list.length)]

export type Format = 'fgb' | 'tif'

export interface Mutated {
  bytes: Uint8Array
  /** What was done, readable, to reproduce and to report. */
  mutations: string[]
}

/** A position, biased to the first 4 KiB where the headers (FlatGeobuf header and index start, TIFF IFDs) live. */
function position(rand: Rand, length: number): number {
  if (length <= 1) return 0
  return rand() < 0.6 ? int(rand, Math.min(length, 4096)) : int(rand, length)
}

export function bitFlips(b: Uint8Array, rand: Rand): string {
  const n = 1 + int(rand, rand() < 0.7 ? 4 : 64)
  const at: number[] = []
  for (let i = 0; i < n; i++) {
    const p = position(rand, b.length)
    b[p] ^= 1 << int(rand, 8)
    at.push(p)
  }
  return `${n} bit flip(s) at ${at.slice(0, 4).join(',')}${n > 4 ? ',…' : ''}`
}

export function byteRun(b: Uint8Array, rand: Rand): string {
  const start = position(rand, b.length)
  const len = Math.min(b.length - start, 1 + int(rand, rand() < 0.8 ? 16 : 512))
  const mode = pick(rand, ['00', 'ff', 'byte', 'random'] as const)
  const v = int(rand, 256)
  for (let i = start; i < start + len; i++) b[i] = mode === '00' ? 0 : mode === 'ff' ? 255 : mode === 'byte' ? v : int(rand, 256)
  return `run of ${len} ${mode === 'byte' ? `0x${v.toString(16)}` : mode} bytes at ${start}`
}

export function truncate(b: Uint8Array, rand: Rand): { bytes: Uint8Array; note: string } {
  const at = rand() < 0.3 ? int(rand, Math.min(b.length, 64)) : position(rand, b.length)
  return { bytes: b.subarray(0, at), note: `truncated to ${at} of ${b.length} bytes` }
}

const HUGE32 = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0x00ffffff]
const HUGE64 = [2n ** 64n - 1n, 2n ** 63n - 1n, 2n ** 53n, 2n ** 32n, 10n ** 12n]

// ---------------------------------------------------------------------------------------------------------
// FlatGeobuf

interface FgbLayout {
  headerLength: number
  table: number
  /** Absolute position of a header field by vtable slot (4 = name … 30 = metadata), or null when absent. */
  field(slot: number): number | null
  treeStart: number
  treeSize: number
  featuresStart: number
}

function fgbLayout(b: Uint8Array): FgbLayout | null {
  if (b.length < 16) return null
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const headerLength = dv.getUint32(8, true)
  if (12 + headerLength > b.length) return null
  const table = 12 + dv.getUint32(12, true)
  if (table + 4 > b.length) return null
  const vtable = table - dv.getInt32(table, true)
  if (vtable < 0 || vtable + 4 > b.length) return null
  const vtableSize = dv.getUint16(vtable, true)
  const field = (slot: number) => {
    if (slot >= vtableSize || vtable + slot + 2 > b.length) return null
    const off = dv.getUint16(vtable + slot, true)
    return off ? table + off : null
  }
  const countPos = field(20)
  const count = countPos !== null && countPos + 8 <= b.length ? Number(dv.getBigUint64(countPos, true)) : 0
  const nodePos = field(22)
  const nodeSize = nodePos !== null && nodePos + 2 <= b.length ? dv.getUint16(nodePos, true) : 16
  let treeSize = 0
  if (nodeSize > 1 && count > 0 && count < 1e8) {
    let n = count
    let nodes = n
    do {
      n = Math.ceil(n / nodeSize)
      nodes += n
    } while (n !== 1)
    treeSize = nodes * 40
  }
  const treeStart = 12 + headerLength
  return { headerLength, table, field, treeStart, treeSize, featuresStart: treeStart + treeSize }
}

function hugeFgb(b: Uint8Array, rand: Rand): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const layout = fgbLayout(b)
  const choices = ['headerLength', 'featuresCount', 'indexNodeSize', 'columns', 'string', 'featureSize', 'indexOffset', 'columnName'] as const
  const what = layout ? pick(rand, choices) : 'headerLength'
  const u32 = (p: number | null, v: number) => {
    if (p === null || p + 4 > b.length) return false
    dv.setUint32(p, v, true)
    return true
  }
  switch (what) {
    case 'headerLength': {
      const v = pick(rand, [...HUGE32, b.length, b.length - 11])
      u32(8, v)
      return `header length = ${v}`
    }
    case 'featuresCount': {
      const p = layout!.field(20)
      const v = pick(rand, HUGE64)
      if (p === null || p + 8 > b.length) return hugeFgbFallback(dv)
      dv.setBigUint64(p, v, true)
      return `features count = ${v}`
    }
    case 'indexNodeSize': {
      const p = layout!.field(22)
      const v = pick(rand, [0, 1, 2, 65535])
      if (p === null || p + 2 > b.length) return hugeFgbFallback(dv)
      dv.setUint16(p, v, true)
      return `index node size = ${v}`
    }
    case 'columns':
    case 'string':
    case 'columnName': {
      // Vectors and strings are an offset to a length-prefixed body: make the length huge.
      const slot = what === 'columns' ? 18 : pick(rand, [4, 26, 28, 30])
      const p = layout!.field(slot)
      if (p === null || p + 4 > b.length) return hugeFgbFallback(dv)
      let target = p + dv.getUint32(p, true)
      if (what === 'columnName') {
        // columns[0] → its table → its name string.
        if (target + 8 > b.length || dv.getUint32(target, true) === 0) return hugeFgbFallback(dv)
        const col = target + 4 + dv.getUint32(target + 4, true)
        if (col + 4 > b.length) return hugeFgbFallback(dv)
        const vt = col - dv.getInt32(col, true)
        if (vt < 0 || vt + 6 > b.length) return hugeFgbFallback(dv)
        const nameOff = dv.getUint16(vt + 4, true)
        if (!nameOff || col + nameOff + 4 > b.length) return hugeFgbFallback(dv)
        target = col + nameOff + dv.getUint32(col + nameOff, true)
      }
      const v = pick(rand, HUGE32)
      if (!u32(target, v)) return hugeFgbFallback(dv)
      return `${what === 'columns' ? 'columns vector' : what === 'columnName' ? 'first column name' : `string (slot ${slot})`} length = ${v}`
    }
    case 'featureSize': {
      const v = pick(rand, HUGE32)
      if (!u32(layout!.featuresStart, v)) return hugeFgbFallback(dv)
      return `first feature size = ${v}`
    }
    case 'indexOffset': {
      const { treeStart, treeSize } = layout!
      if (!treeSize) return hugeFgbFallback(dv)
      const node = int(rand, treeSize / 40)
      const p = treeStart + node * 40 + 32
      if (p + 8 > b.length) return hugeFgbFallback(dv)
      const v = pick(rand, HUGE64)
      dv.setBigUint64(p, v, true)
      return `index node ${node} offset = ${v}`
    }
  }
}

function hugeFgbFallback(dv: DataView): string {
  dv.setUint32(8, 0x7fffffff, true)
  return 'header length = 2147483647'
}

// ---------------------------------------------------------------------------------------------------------
// TIFF

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 }
const TAG_NAMES: Record<number, string> = {
  256: 'ImageWidth', 257: 'ImageLength', 258: 'BitsPerSample', 259: 'Compression', 273: 'StripOffsets', 277: 'SamplesPerPixel',
  278: 'RowsPerStrip', 279: 'StripByteCounts', 322: 'TileWidth', 323: 'TileLength', 324: 'TileOffsets', 325: 'TileByteCounts',
  339: 'SampleFormat', 33550: 'ModelPixelScale', 33922: 'ModelTiepoint', 34735: 'GeoKeyDirectory', 42113: 'GDAL_NODATA',
}

interface TiffEntry {
  at: number
  tag: number
  type: number
  count: number
  /** Position of the value field (inline value or offset). */
  valueAt: number
}

interface TiffLayout {
  little: boolean
  big: boolean
  ifd: number
  countAt: number
  entries: TiffEntry[]
  nextAt: number
}

function tiffLayout(b: Uint8Array): TiffLayout | null {
  if (b.length < 16) return null
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const little = b[0] === 0x49
  const magic = dv.getUint16(2, little)
  const big = magic === 43
  if (magic !== 42 && !big) return null
  const ifd = big ? Number(dv.getBigUint64(8, little)) : dv.getUint32(4, little)
  const entrySize = big ? 20 : 12
  const countSize = big ? 8 : 2
  if (ifd + countSize > b.length) return null
  const n = big ? Number(dv.getBigUint64(ifd, little)) : dv.getUint16(ifd, little)
  const entries: TiffEntry[] = []
  for (let i = 0; i < n && i < 512; i++) {
    const at = ifd + countSize + i * entrySize
    if (at + entrySize > b.length) break
    entries.push({
      at,
      tag: dv.getUint16(at, little),
      type: dv.getUint16(at + 2, little),
      count: big ? Number(dv.getBigUint64(at + 4, little)) : dv.getUint32(at + 4, little),
      valueAt: at + (big ? 12 : 8),
    })
  }
  return { little, big, ifd, countAt: ifd, entries, nextAt: ifd + countSize + n * entrySize }
}

function hugeTif(b: Uint8Array, rand: Rand): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const t = tiffLayout(b)
  if (!t || !t.entries.length) {
    dv.setUint32(4, 0x7fffffff, b[0] === 0x49)
    return 'first IFD offset = 2147483647'
  }
  const { little, big } = t
  const name = (e: TiffEntry) => TAG_NAMES[e.tag] ?? `tag ${e.tag}`
  const find = (tags: number[]) => t.entries.filter((e) => tags.includes(e.tag))
  const what = pick(rand, ['dimension', 'array', 'count', 'entries', 'next', 'bits'] as const)
  const setValue = (e: TiffEntry, v: number) => {
    // As a LONG with count 1: the value sits in the first 4 bytes of the value field.
    dv.setUint16(e.at + 2, 4, little)
    if (big) {
      dv.setBigUint64(e.at + 4, 1n, little)
      dv.setBigUint64(e.valueAt, 0n, little)
    } else dv.setUint32(e.at + 4, 1, little)
    dv.setUint32(e.valueAt, v, little)
  }
  switch (what) {
    case 'dimension': {
      const es = find([256, 257, 322, 323, 278])
      if (!es.length) break
      const e = pick(rand, es)
      const v = pick(rand, [...HUGE32, 0, 1, 65536])
      setValue(e, v)
      return `${name(e)} = ${v}`
    }
    case 'array': {
      const es = find([273, 279, 324, 325])
      if (!es.length) break
      const e = pick(rand, es)
      const size = TYPE_SIZE[e.type] ?? 4
      const inline = e.count * size <= (big ? 8 : 4)
      const base = inline ? e.valueAt : big ? Number(dv.getBigUint64(e.valueAt, little)) : dv.getUint32(e.valueAt, little)
      const k = int(rand, Math.max(1, e.count))
      const p = base + k * size
      if (rand() < 0.3 && !inline) {
        // The array itself somewhere far away.
        const v = pick(rand, HUGE32)
        if (big) dv.setBigUint64(e.valueAt, BigInt(v), little)
        else dv.setUint32(e.valueAt, v, little)
        return `${name(e)} array offset = ${v}`
      }
      if (p + size > b.length) break
      if (size === 2) dv.setUint16(p, 0xffff, little)
      else if (size === 8) dv.setBigUint64(p, pick(rand, HUGE64), little)
      else dv.setUint32(p, pick(rand, HUGE32), little)
      return `${name(e)}[${k}] = huge`
    }
    case 'count': {
      const e = pick(rand, t.entries)
      const v = pick(rand, HUGE32)
      if (big) dv.setBigUint64(e.at + 4, BigInt(v), little)
      else dv.setUint32(e.at + 4, v, little)
      return `${name(e)} count = ${v}`
    }
    case 'entries': {
      const v = big ? 2 ** 40 : 0xffff
      if (big) dv.setBigUint64(t.countAt, BigInt(v), little)
      else dv.setUint16(t.countAt, v, little)
      return `IFD entry count = ${v}`
    }
    case 'next': {
      // The next-IFD link: to itself (a loop), back to the header, or far beyond the end.
      const v = pick(rand, [t.ifd, 8, ...HUGE32])
      const size = big ? 8 : 4
      if (t.nextAt + size > b.length) break
      if (big) dv.setBigUint64(t.nextAt, BigInt(v), little)
      else dv.setUint32(t.nextAt, v, little)
      return `next IFD offset = ${v}${v === t.ifd ? ' (loop)' : ''}`
    }
    case 'bits': {
      const es = find([258, 277, 339, 259])
      if (!es.length) break
      const e = pick(rand, es)
      const v = pick(rand, [0, 3, 7, 64, 65535])
      setValue(e, v)
      return `${name(e)} = ${v}`
    }
  }
  const e = pick(rand, t.entries)
  setValue(e, 0x7fffffff)
  return `${name(e)} = 2147483647`
}

// ---------------------------------------------------------------------------------------------------------

/** One to three mutations of a copy of the seed (truncation, if any, last). */
export function mutate(seed: Uint8Array, format: Format, rand: Rand): Mutated {
  let bytes: Uint8Array = new Uint8Array(seed)
  const mutations: string[] = []
  const n = 1 + int(rand, 3)
  for (let i = 0; i < n; i++) {
    const kind = pick(rand, ['bitflip', 'byterun', 'huge', 'huge', 'truncate'] as const)
    if (kind === 'truncate') {
      const t = truncate(bytes, rand)
      bytes = t.bytes
      mutations.push(t.note)
      break
    }
    if (!bytes.length) break
    if (kind === 'bitflip') mutations.push(bitFlips(bytes, rand))
    else if (kind === 'byterun') mutations.push(byteRun(bytes, rand))
    else mutations.push(format === 'fgb' ? hugeFgb(bytes, rand) : hugeTif(bytes, rand))
  }
  return { bytes: new Uint8Array(bytes), mutations }
}
