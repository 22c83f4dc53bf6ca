// GeoTIFF: reads the first IFD and the GeoKeys only (a few kB whatever the file's size). A small parser of our own
// instead of geotiff.js, because geotiff.js fetches more than the header and can wait forever on truncated files;
// its results are checked against gdalinfo in test/realdata/inventory.test.ts.
import { crsFromCode, crsFromPrj } from '../crs.ts'
import type { BBox } from '../types.ts'

export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>

export interface TiffInfo {
  width: number
  height: number
  crs: string | null
  crsName?: string
  bbox: BBox | null
  /** true when the file has georeferencing tags (tie point/scale or a transformation) */
  georeferenced: boolean
}

export class TiffError extends Error {}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 }

export async function readTiffInfo(head: Uint8Array, read: RangeReader, size: number): Promise<TiffInfo> {
  if (head.length < 8) throw new TiffError('too short for a TIFF header')
  const le = head[0] === 0x49 && head[1] === 0x49
  if (!le && !(head[0] === 0x4d && head[1] === 0x4d)) throw new TiffError('not a TIFF file (wrong byte-order mark)')
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)
  const h = dv(head)
  const version = h.getUint16(2, le)
  if (version !== 42 && version !== 43) throw new TiffError(`not a TIFF file (version ${version})`)
  const big = version === 43
  const ifdOffset = big ? Number(h.getBigUint64(8, le)) : h.getUint32(4, le)
  if (ifdOffset < 8 || ifdOffset >= size) throw new TiffError(`first IFD offset ${ifdOffset} lies outside the file (${size} bytes)`)
  const get = async (offset: number, length: number) => {
    if (offset + length > size) throw new TiffError(`a tag points beyond the end of the file (offset ${offset}, ${size} bytes)`)
    if (offset + length <= head.length) return head.subarray(offset, offset + length)
    const b = await read(offset, length)
    if (b.length < length) throw new TiffError('truncated')
    return b
  }
  const countBytes = big ? 8 : 2
  const entrySize = big ? 20 : 12
  const cnt = dv(await get(ifdOffset, countBytes))
  const n = big ? Number(cnt.getBigUint64(0, le)) : cnt.getUint16(0, le)
  if (n === 0 || n > 4096) throw new TiffError(`implausible IFD entry count ${n}`)
  const entries = dv(await get(ifdOffset + countBytes, n * entrySize))
  const tags = new Map<number, number[] | string>()
  const wanted = new Set([256, 257, 33550, 33922, 34264, 34735, 34736, 34737])
  for (let i = 0; i < n; i++) {
    const o = i * entrySize
    const tag = entries.getUint16(o, le)
    if (!wanted.has(tag)) continue
    const type = entries.getUint16(o + 2, le)
    const count = big ? Number(entries.getBigUint64(o + 4, le)) : entries.getUint32(o + 4, le)
    const unit = TYPE_SIZE[type]
    if (!unit || count > 1_000_000) throw new TiffError(`tag ${tag} has an implausible type ${type} or count ${count}`)
    const bytes = unit * count
    const inline = big ? 8 : 4
    const valueAt = o + 4 + (big ? 8 : 4)
    const data = bytes <= inline
      ? new Uint8Array(entries.buffer, entries.byteOffset + valueAt, bytes)
      : await get(big ? Number(entries.getBigUint64(valueAt, le)) : entries.getUint32(valueAt, le), bytes)
    const d = dv(data)
    if (type === 2) {
      tags.set(tag, Buffer.from(data).toString('latin1'))
      continue
    }
    const values: number[] = []
    for (let k = 0; k < count; k++) {
      const p = k * unit
      values.push(
        type === 3 ? d.getUint16(p, le)
        : type === 4 ? d.getUint32(p, le)
        : type === 12 ? d.getFloat64(p, le)
        : type === 11 ? d.getFloat32(p, le)
        : type === 16 ? Number(d.getBigUint64(p, le))
        : type === 8 ? d.getInt16(p, le)
        : type === 9 ? d.getInt32(p, le)
        : d.getUint8(p),
      )
    }
    tags.set(tag, values)
  }
  const num = (t: number) => (Array.isArray(tags.get(t)) ? (tags.get(t) as number[]) : null)
  const width = num(256)?.[0] ?? 0
  const height = num(257)?.[0] ?? 0
  if (!width || !height) throw new TiffError('has no image width or height')

  // GeoKeys: header (version, revision, minor, count) then (key, location, count, value) quadruples.
  const keys = num(34735)
  const geo = new Map<number, number | string>()
  if (keys && keys.length >= 4) {
    const ascii = typeof tags.get(34737) === 'string' ? (tags.get(34737) as string) : ''
    const doubles = num(34736) ?? []
    for (let i = 0; i < keys[3] && 4 + i * 4 + 3 < keys.length; i++) {
      const [key, loc, count, value] = keys.slice(4 + i * 4, 8 + i * 4)
      if (loc === 0) geo.set(key, value)
      else if (loc === 34737) geo.set(key, ascii.slice(value, value + count).replace(/\|$/, ''))
      else if (loc === 34736) geo.set(key, doubles[value])
    }
  }
  let crs: string | null = null
  let crsName: string | undefined
  const projected = geo.get(3072)
  const geographic = geo.get(2048)
  const model = geo.get(1024)
  if (typeof projected === 'number' && projected !== 32767 && model !== 2) crs = crsFromCode(projected)
  else if (typeof geographic === 'number' && geographic !== 32767 && model === 2) crs = crsFromCode(geographic)
  if (!crs) {
    const citation = geo.get(3073) ?? geo.get(1026) ?? geo.get(2049)
    if (typeof citation === 'string' && citation) {
      crsName = citation
      crs = crsFromPrj(`PROJCS["${citation.replace(/"/g, '')}"]`).crs
    }
  }

  let bbox: BBox | null = null
  const pointShift = geo.get(1025) === 2 ? 0.5 : 0 // PixelIsPoint: GDAL reports the corner half a pixel out
  const scale = num(33550)
  const tie = num(33922)
  const matrix = num(34264)
  if (scale && tie && tie.length >= 6) {
    const [sx, sy] = scale
    const x0 = tie[3] - (tie[0] + pointShift) * sx
    const y1 = tie[4] + (tie[1] + pointShift) * sy
    bbox = [x0, y1 - height * sy, x0 + width * sx, y1]
  } else if (matrix && matrix.length >= 8) {
    const [a, b, , c, d, e, , f] = matrix
    const xs: number[] = []
    const ys: number[] = []
    for (const [i, j] of [[0, 0], [width, 0], [0, height], [width, height]]) {
      xs.push(a * (i - pointShift) + b * (j - pointShift) + c)
      ys.push(d * (i - pointShift) + e * (j - pointShift) + f)
    }
    bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
  }
  return { width, height, crs, crsName, bbox, georeferenced: bbox !== null }
}
