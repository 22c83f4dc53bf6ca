// A Cloud-Optimized GeoTIFF writer for single-band rasters: tiled, DEFLATE, internal overviews, all IFDs at the
// front so a reader finds any level with one small Range request. GeoKeys say EPSG:<code>, GDAL tags carry
// nodata and statistics (the portal takes its colour-ramp range from them).
import { deflateSync } from 'node:zlib'

export type RasterArray = Float32Array | Float64Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Uint8Array | Int8Array

export interface CogInput {
  width: number
  height: number
  data: RasterArray
  /** Upper-left corner and pixel size in the CRS's units. */
  originX: number
  originY: number
  pixelSize: number
  epsg: number
  noData: number | null
  /** GDAL band scale/offset (physical value = raw × scale + offset), kept so GDAL reads the COG as the source. */
  scale?: number | null
  offset?: number | null
  tileSize?: number
}

export interface RasterStats {
  min: number
  max: number
  mean: number
  stdDev: number
  validCount: number
}

const SHORT = 3
const LONG = 4
const DOUBLE = 12
const ASCII = 2

interface Tag {
  tag: number
  type: number
  values: number[] | string
}

function sampleFormat(a: RasterArray): [bits: number, format: number] {
  if (a instanceof Float32Array) return [32, 3]
  if (a instanceof Float64Array) return [64, 3]
  if (a instanceof Int16Array) return [16, 2]
  if (a instanceof Uint16Array) return [16, 1]
  if (a instanceof Int32Array) return [32, 2]
  if (a instanceof Uint32Array) return [32, 1]
  if (a instanceof Int8Array) return [8, 2]
  return [8, 1]
}

const isValid = (v: number, noData: number | null) => !Number.isNaN(v) && v !== noData

export function rasterStats(data: RasterArray, noData: number | null): RasterStats {
  let min = Infinity, max = -Infinity, sum = 0, sum2 = 0, n = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (!isValid(v, noData)) continue
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    sum2 += v * v
    n++
  }
  const mean = n ? sum / n : NaN
  return { min, max, mean, stdDev: n ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) : NaN, validCount: n }
}

/** Halves a level by averaging valid pixels of each 2×2 block (GDAL's "average" overview resampling). */
function downsample(data: RasterArray, w: number, h: number, noData: number | null) {
  const ow = Math.ceil(w / 2)
  const oh = Math.ceil(h / 2)
  const out = new (data.constructor as { new (n: number): RasterArray })(ow * oh)
  const fill = noData ?? NaN
  const integer = !(data instanceof Float32Array || data instanceof Float64Array)
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0, n = 0
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const sx = 2 * x + dx, sy = 2 * y + dy
          if (sx >= w || sy >= h) continue
          const v = data[sy * w + sx]
          if (isValid(v, noData)) { s += v; n++ }
        }
      }
      out[y * ow + x] = n ? (integer ? Math.round(s / n) : s / n) : fill
    }
  }
  return { data: out, width: ow, height: oh }
}

function tiles(data: RasterArray, w: number, h: number, ts: number, noData: number | null): Uint8Array[] {
  const out: Uint8Array[] = []
  const Ctor = data.constructor as { new (n: number): RasterArray }
  for (let ty = 0; ty < Math.ceil(h / ts); ty++) {
    for (let tx = 0; tx < Math.ceil(w / ts); tx++) {
      // Edge tiles are padded to full size (TIFF requires it) with nodata.
      const t = new Ctor(ts * ts)
      if (noData !== null || t instanceof Float32Array || t instanceof Float64Array) t.fill(noData ?? NaN)
      for (let y = 0; y < ts && ty * ts + y < h; y++) {
        const row = (ty * ts + y) * w + tx * ts
        t.set(data.subarray(row, row + Math.min(ts, w - tx * ts)), y * ts)
      }
      out.push(deflateSync(new Uint8Array(t.buffer), { level: 6 }))
    }
  }
  return out
}

function gdalMetadata(stats: RasterStats, scale?: number | null, offset?: number | null): string {
  const item = (k: string, v: number) => `<Item name="STATISTICS_${k}" sample="0">${v}</Item>`
  const role = (k: string, v: number | null | undefined) => (v === null || v === undefined ? '' : `<Item name="${k.toUpperCase()}" sample="0" role="${k}">${v}</Item>`)
  const scaling = scale === null || scale === undefined ? '' : `${role('offset', offset ?? 0)}${role('scale', scale)}`
  return `<GDALMetadata>${scaling}${item('MAXIMUM', stats.max)}${item('MEAN', stats.mean)}${item('MINIMUM', stats.min)}${item('STDDEV', stats.stdDev)}</GDALMetadata>`
}

const typeSize = (t: number) => (t === DOUBLE ? 8 : t === LONG ? 4 : t === SHORT ? 2 : 1)
const valueCount = (t: Tag) => (typeof t.values === 'string' ? t.values.length + 1 : t.values.length)

export function writeCog(input: CogInput): { bytes: Uint8Array; stats: RasterStats; overviews: number } {
  const ts = input.tileSize ?? 256
  const { noData } = input
  const [bits, format] = sampleFormat(input.data)
  const stats = rasterStats(input.data, noData)
  const levels = [{ data: input.data, width: input.width, height: input.height }]
  while (levels[levels.length - 1].width > ts || levels[levels.length - 1].height > ts) {
    const l = levels[levels.length - 1]
    levels.push(downsample(l.data, l.width, l.height, noData))
  }
  const tileData = levels.map((l) => tiles(l.data, l.width, l.height, ts, noData))

  const ifds: Tag[][] = levels.map((l, i) => {
    const n = tileData[i].length
    const tags: Tag[] = [
      { tag: 254, type: LONG, values: [i === 0 ? 0 : 1] },
      { tag: 256, type: LONG, values: [l.width] },
      { tag: 257, type: LONG, values: [l.height] },
      { tag: 258, type: SHORT, values: [bits] },
      { tag: 259, type: SHORT, values: [8] },
      { tag: 262, type: SHORT, values: [1] },
      { tag: 277, type: SHORT, values: [1] },
      { tag: 284, type: SHORT, values: [1] },
      { tag: 322, type: SHORT, values: [ts] },
      { tag: 323, type: SHORT, values: [ts] },
      { tag: 324, type: LONG, values: new Array(n).fill(0) },
      { tag: 325, type: LONG, values: tileData[i].map((t) => t.length) },
      { tag: 339, type: SHORT, values: [format] },
    ]
    if (i === 0) {
      tags.push(
        { tag: 33550, type: DOUBLE, values: [input.pixelSize, input.pixelSize, 0] },
        { tag: 33922, type: DOUBLE, values: [0, 0, 0, input.originX, input.originY, 0] },
        // GeoKey directory: version 1.1.0, 4 keys: projected model, pixel-is-area, EPSG code, metres.
        { tag: 34735, type: SHORT, values: [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, input.epsg, 3076, 0, 1, 9001] },
        { tag: 42112, type: ASCII, values: gdalMetadata(stats, input.scale, input.offset) },
      )
    }
    if (noData !== null) tags.push({ tag: 42113, type: ASCII, values: String(noData) })
    return tags.sort((a, b) => a.tag - b.tag)
  })

  // Layout: header, every IFD with its out-of-line values, then tile data (smallest overview first).
  const ifdSize = (tags: Tag[]) =>
    2 + tags.length * 12 + 4 + tags.reduce((s, t) => {
      const b = valueCount(t) * typeSize(t.type)
      return s + (b > 4 ? b + (b & 1) : 0)
    }, 0)
  const ifdOffsets: number[] = []
  let offset = 8
  for (const tags of ifds) {
    ifdOffsets.push(offset)
    offset += ifdSize(tags)
  }
  for (let i = levels.length - 1; i >= 0; i--) {
    const offs = ifds[i].find((t) => t.tag === 324)!.values as number[]
    tileData[i].forEach((t, k) => {
      offs[k] = offset
      offset += t.length
    })
  }
  if (offset > 0xffffffff) throw new Error('raster too large for classic TIFF (> 4 GiB)')
  const out = new Uint8Array(offset)
  const view = new DataView(out.buffer)
  out.set([0x49, 0x49, 42, 0]) // little-endian classic TIFF
  view.setUint32(4, ifdOffsets[0], true)
  ifds.forEach((tags, i) => {
    let p = ifdOffsets[i]
    let extra = p + 2 + tags.length * 12 + 4
    view.setUint16(p, tags.length, true)
    p += 2
    for (const t of tags) {
      const count = valueCount(t)
      const size = count * typeSize(t.type)
      view.setUint16(p, t.tag, true)
      view.setUint16(p + 2, t.type, true)
      view.setUint32(p + 4, count, true)
      let dst = p + 8
      if (size > 4) {
        view.setUint32(p + 8, extra, true)
        dst = extra
        extra += size + (size & 1)
      }
      if (typeof t.values === 'string') {
        for (let k = 0; k < t.values.length; k++) out[dst + k] = t.values.charCodeAt(k) & 0x7f
      } else {
        t.values.forEach((v, k) => {
          if (t.type === SHORT) view.setUint16(dst + k * 2, v, true)
          else if (t.type === LONG) view.setUint32(dst + k * 4, v, true)
          else view.setFloat64(dst + k * 8, v, true)
        })
      }
      p += 12
    }
    view.setUint32(p, i + 1 < ifds.length ? ifdOffsets[i + 1] : 0, true)
  })
  for (let i = 0; i < levels.length; i++) {
    const offs = ifds[i].find((t) => t.tag === 324)!.values as number[]
    tileData[i].forEach((t, k) => out.set(t, offs[k]))
  }
  return { bytes: out, stats, overviews: levels.length - 1 }
}
