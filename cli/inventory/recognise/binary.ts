// Binary formats recognised by their magic bytes: LAS/LAZ, FlatGeobuf, JPEG 2000, DWG, ECW.
import * as flatbuffers from 'flatbuffers'
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js'
import { checkFlatGeobufBytes } from '../../../src/sources/vector/fgbHeader.ts'
import { ascii, startsWith } from '../bytes.ts'
import { crsFromCode, crsFromPrj } from '../crs.ts'
import type { BBox, Recognised } from '../types.ts'
import { readTiffInfo, type RangeReader } from './tiff.ts'

const damaged = (format: string, detail: string): Recognised => ({ format, crs: null, problems: [{ code: 'damaged', detail }] })

/** LAS 1.0–1.4 public header; LAZ shares it (the points are compressed, the header is not). */
export async function recogniseLas(format: 'las' | 'laz', head: Buffer, read: RangeReader, size: number): Promise<Recognised> {
  if (!startsWith(head, 'LASF') || head.length < 227) return damaged(format, 'no LAS header (LASF)')
  const minor = head[25]
  const headerSize = head.readUInt16LE(94)
  const vlrOffset = headerSize
  const vlrCount = head.readUInt32LE(100)
  let count = head.readUInt32LE(107)
  if (minor >= 4 && head.length >= 255) count = Number(head.readBigUInt64LE(247)) || count
  const bbox: BBox = [head.readDoubleLE(187), head.readDoubleLE(203), head.readDoubleLE(179), head.readDoubleLE(195)]
  let crs: string | null = null
  let crsName: string | undefined
  // Variable length records: GeoKeyDirectory (LASF_Projection 34735) or OGC WKT (2112).
  let at = vlrOffset
  for (let i = 0; i < Math.min(vlrCount, 64) && at + 54 <= size; i++) {
    const h = Buffer.from(await read(at, 54))
    if (h.length < 54) break
    const user = ascii(h, 2, 18).replace(/\0.*$/s, '')
    const record = h.readUInt16LE(18)
    const len = h.readUInt16LE(20)
    if (user === 'LASF_Projection' && (record === 34735 || record === 2112) && len < 65536) {
      const body = Buffer.from(await read(at + 54, len))
      if (record === 2112) {
        const r = crsFromPrj(body.toString('utf8').replace(/\0+$/, ''))
        crs = r.crs
        crsName = r.crs ? undefined : r.name
      } else {
        // Keys follow the 8-byte directory header, 8 bytes each (the last key was skipped before).
        for (let k = 0; body.length >= 8 && k < body.readUInt16LE(6) && 8 + k * 8 + 8 <= body.length; k++) {
          const o = 8 + k * 8
          const key = body.readUInt16LE(o)
          const value = body.readUInt16LE(o + 6)
          if (body.readUInt16LE(o + 2) === 0 && (key === 3072 || key === 2048) && value !== 32767) crs ??= crsFromCode(value)
        }
      }
    }
    at += 54 + len
  }
  return { format, crs, crsName, nativeBbox: bbox.every(Number.isFinite) ? bbox : null, count, countKind: 'points' }
}

export function recogniseFlatGeobuf(head: Buffer, size: number): Recognised {
  const problem = checkFlatGeobufBytes(head, size)
  if (problem) return damaged('flatgeobuf', problem)
  const len = head.readUInt32LE(8)
  if (12 + len > head.length) return { format: 'flatgeobuf', crs: null, problems: [{ code: 'damaged', detail: 'header larger than read' }] }
  try {
    // The header is a size-prefixed flatbuffer right after the 8 magic bytes.
    const h = fromByteBuffer(new flatbuffers.ByteBuffer(new Uint8Array(head.buffer, head.byteOffset + 8, len + 4)))
    const e = h.envelope
    const crs = h.crs?.code ? crsFromCode(h.crs.code) : h.crs?.wkt ? crsFromPrj(h.crs.wkt).crs : null
    return {
      format: 'flatgeobuf',
      crs,
      crsName: crs ? undefined : (h.crs?.name ?? undefined),
      nativeBbox: e && e.length >= 4 ? [e[0], e[1], e[2], e[3]] : null,
      // 0 means "not known" (a file written as a stream), unless the file ends with the header.
      count: h.featuresCount || (size === 12 + len ? 0 : null),
      countKind: 'features',
    }
  } catch (e) {
    return damaged('flatgeobuf', `header cannot be decoded (${(e as Error).message})`)
  }
}

const GEOJP2_UUID = Buffer.from('b14bf8bd083d4b43a5ae8cd7d5a6ce03', 'hex')

/** JPEG 2000 (JP2 boxes or a raw codestream): size from ihdr/SIZ, georeferencing from a GeoJP2 box or GMLJP2. */
export async function recogniseJp2(head: Buffer, read: RangeReader): Promise<Recognised> {
  const jp2 = startsWith(head, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20])
  const raw = startsWith(head, [0xff, 0x4f, 0xff, 0x51])
  if (!jp2 && !raw) return damaged('jpeg2000', 'no JPEG 2000 signature')
  let width = 0
  let height = 0
  if (raw && head.length >= 24) {
    // SIZ marker segment: Xsiz, Ysiz, then the image offsets XOsiz, YOsiz.
    width = head.readUInt32BE(8) - head.readUInt32BE(16)
    height = head.readUInt32BE(12) - head.readUInt32BE(20)
  }
  const ihdr = head.indexOf('ihdr')
  if (ihdr > 0 && ihdr + 12 <= head.length) {
    height = head.readUInt32BE(ihdr + 4)
    width = head.readUInt32BE(ihdr + 8)
  }
  const out: Recognised = { format: 'jpeg2000', crs: null, count: width * height || null, countKind: 'pixels' }
  const uuid = head.indexOf(GEOJP2_UUID)
  if (uuid > 0) {
    const boxLen = head.readUInt32BE(uuid - 8)
    const tiff = head.subarray(uuid + 16, Math.min(head.length, uuid - 8 + boxLen))
    try {
      const info = await readTiffInfo(tiff, read, tiff.length)
      out.crs = info.crs
      // The GeoJP2 TIFF is 1×1; its georeferencing scales to the real image.
      if (info.bbox && width && height) {
        const [x0, y0, x1, y1] = info.bbox
        const px = x1 - x0
        const py = y1 - y0
        out.nativeBbox = [x0, y1 - py * height, x0 + px * width, y1]
      }
    } catch {
      /* GeoJP2 box unreadable: fall through to GML */
    }
  }
  const srs = /srsName="([^"]+)"/.exec(ascii(head))
  if (!out.crs && srs) out.crs = crsFromCode(Number(/(\d{4,5})$/.exec(srs[1])?.[1]))
  return out
}

export function recogniseDwg(head: Buffer): Recognised {
  const v = ascii(head, 0, 6)
  if (!/^AC10\d\d$/.test(v) && !/^AC[12]\.\d\d$/.test(v)) return damaged('dwg', 'no DWG version signature')
  return { format: 'dwg', crs: null, crsName: `AutoCAD drawing ${v}` }
}

/** ECW is proprietary; found by name, with the size of a plausible header checked. */
export function recogniseEcw(head: Buffer): Recognised {
  if (head.length < 16) return damaged('ecw', 'too short for an ECW header')
  return { format: 'ecw', crs: null }
}
