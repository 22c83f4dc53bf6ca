// A Cloud-Optimized GeoTIFF writer: tiled, DEFLATE, internal overviews, all IFDs at the front so a reader finds
// any level with one small Range request. GeoKeys say EPSG:<code>, GDAL tags carry nodata and per-band statistics
// (the portal takes its colour-ramp range from them). Single-band rasters of any sample type; 8-bit RGB / RGBA
// (pixel-interleaved, so one tile read gives all channels of a pixel); 8-bit palette rasters (index band + ColorMap).
// CogWriter takes the rows top to bottom, a few at a time (large orthophotos: docs/raster.md); writeCog gives all.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

export type RasterArray = Float32Array | Float64Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Uint8Array | Int8Array

/** How the bands are to be seen (TIFF PhotometricInterpretation + ExtraSamples). */
export type CogColour =
  /** One band of values (MinIsBlack). */
  | { kind: 'gray' }
  /** Red, green, blue (8-bit), then `extra` more bands: with `alpha`, the first extra band is unassociated alpha. */
  | { kind: 'rgb'; alpha: boolean }
  /** One 8-bit index band and its colour table (TIFF ColorMap: 3 × 256 entries of 16 bits, all reds first). */
  | { kind: 'palette'; colorMap: Uint16Array }

export interface CogInput {
  width: number
  height: number
  /** Single band (kept for callers that write one band). */
  data?: RasterArray
  /** Or several bands of the same type; more than one must be 8-bit (Uint8Array). */
  bands?: RasterArray[]
  /** Default: gray. */
  colour?: CogColour
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

/** Running statistics over values fed in pixel order (the same sums, so the same figures, as one pass). */
class StatsAccumulator {
  min = Infinity
  max = -Infinity
  sum = 0
  sum2 = 0
  n = 0
  constructor(private readonly noData: number | null) {}
  add(data: RasterArray): void {
    const { noData } = this
    let { min, max, sum, sum2, n } = this
    for (let i = 0; i < data.length; i++) {
      const v = data[i]
      if (!isValid(v, noData)) continue
      if (v < min) min = v
      if (v > max) max = v
      sum += v
      sum2 += v * v
      n++
    }
    Object.assign(this, { min, max, sum, sum2, n })
  }
  result(): RasterStats {
    const { min, max, sum, sum2, n } = this
    const mean = n ? sum / n : NaN
    return { min, max, mean, stdDev: n ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) : NaN, validCount: n }
  }
}

export function rasterStats(data: RasterArray, noData: number | null): RasterStats {
  const acc = new StatsAccumulator(noData)
  acc.add(data)
  return acc.result()
}

/**
 * Which pixels of a multi-band raster are there. GDAL's per-dataset nodata on an RGB image means "this band has
 * no value"; a pixel is only transparent when every colour band is nodata (what gdalwarp's UNIFIED_SRC_NODATA and
 * QGIS draw), or when its alpha is 0.
 */
export function pixelMask(bands: RasterArray[], colourBands: number, alphaBand: number | null, noData: number | null): Uint8Array {
  const n = bands[0].length
  const mask = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    let valid = noData === null
    for (let b = 0; b < colourBands && !valid; b++) if (bands[b][i] !== noData) valid = true
    if (alphaBand !== null && bands[alphaBand][i] === 0) valid = false
    mask[i] = valid ? 1 : 0
  }
  return mask
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

/**
 * Halves an RGB(A) level. Colour bands average the valid pixels of each 2×2 block (nodata or alpha 0 never darken
 * an edge); alpha averages all four, so a half-covered block becomes half transparent. No valid pixel → nodata
 * (and alpha 0).
 */
function downsampleRgb(bands: Uint8Array[], w: number, h: number, alphaBand: number | null, noData: number | null, mask = pixelMask(bands, 3, alphaBand, noData)) {
  const ow = Math.ceil(w / 2)
  const oh = Math.ceil(h / 2)
  const colourBands = alphaBand ?? bands.length
  const out = bands.map(() => new Uint8Array(ow * oh))
  const fill = noData ?? 0
  const sums = new Array<number>(bands.length).fill(0)
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const o = y * ow + x
      let n = 0, inside = 0, alpha = 0
      sums.fill(0)
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const sx = 2 * x + dx, sy = 2 * y + dy
          if (sx >= w || sy >= h) continue
          const i = sy * w + sx
          inside++
          if (alphaBand !== null) alpha += bands[alphaBand][i]
          if (!mask[i]) continue
          n++
          for (let b = 0; b < bands.length; b++) if (b !== alphaBand) sums[b] += bands[b][i]
        }
      }
      for (let b = 0; b < bands.length; b++) {
        if (b === alphaBand) out[b][o] = n ? Math.round(alpha / inside) : 0
        else out[b][o] = n ? Math.round(sums[b] / n) : b < colourBands ? fill : 0
      }
    }
  }
  return { bands: out, width: ow, height: oh }
}

/** Halves a palette level by taking the first valid pixel of each 2×2 block: an average of class indices is meaningless. */
function downsampleNearest(data: RasterArray, w: number, h: number, noData: number | null) {
  const ow = Math.ceil(w / 2)
  const oh = Math.ceil(h / 2)
  const out = new (data.constructor as { new (n: number): RasterArray })(ow * oh)
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let v = data[2 * y * w + 2 * x]
      if (v === noData) {
        for (const [dx, dy] of [[1, 0], [0, 1], [1, 1]]) {
          const sx = 2 * x + dx, sy = 2 * y + dy
          if (sx < w && sy < h && data[sy * w + sx] !== noData) {
            v = data[sy * w + sx]
            break
          }
        }
      }
      out[y * ow + x] = v
    }
  }
  return { data: out, width: ow, height: oh }
}

/**
 * Pixel-interleaved 8-bit tiles (RGB, RGBA …); padding is nodata, alpha 0. Stored with TIFF's horizontal
 * predictor (each sample minus the same channel's sample to its left, per tile row): photos then DEFLATE about
 * 30 % smaller (an orthophoto COG: 2.25 → 1.54 MB); geotiff.js and GDAL undo it on reading.
 */
function interleavedTiles(bands: Uint8Array[], w: number, h: number, ts: number, noData: number | null, alphaBand: number | null): Uint8Array[] {
  const out: Uint8Array[] = []
  const spp = bands.length
  for (let ty = 0; ty < Math.ceil(h / ts); ty++) {
    for (let tx = 0; tx < Math.ceil(w / ts); tx++) {
      const t = new Uint8Array(ts * ts * spp)
      if (noData !== null) {
        t.fill(noData)
        if (alphaBand !== null) for (let i = alphaBand; i < t.length; i += spp) t[i] = 0
      }
      for (let y = 0; y < ts && ty * ts + y < h; y++) {
        const row = (ty * ts + y) * w + tx * ts
        const n = Math.min(ts, w - tx * ts)
        for (let b = 0; b < spp; b++) {
          const src = bands[b]
          let o = y * ts * spp + b
          for (let x = 0; x < n; x++, o += spp) t[o] = src[row + x]
        }
      }
      for (let y = 0; y < ts; y++) {
        const row = y * ts * spp
        for (let i = row + ts * spp - 1; i >= row + spp; i--) t[i] = (t[i] - t[i - spp]) & 255
      }
      out.push(deflateSync(t, { level: 6 }))
    }
  }
  return out
}

type Predictor = 1 | 2 | 3

/**
 * The TIFF predictor worth trying for a single-band raster: 3 (floating point: each row's bytes regrouped by
 * significance, then differenced) for floats, 2 (horizontal differencing) for integer values, 1 (none) for a
 * palette's class indices, whose differences mean nothing. Smooth surfaces then DEFLATE to about a third (the
 * quasigeoid: 942 → 307 kB); geotiff.js and GDAL undo it on reading. Noisy surfaces whose values repeat exactly
 * (a 1 m surface model in centimetres, a terrain in 0.1 m steps) compress better without one, and the first rows
 * do not tell (the demo terrain's first 256 rows favour none, the whole image the predictor by 10 %), so CogWriter
 * compresses the full resolution both ways, up to DECIDE_STRIPS strips of rows, and keeps the smaller.
 */
/** Strips of 256 rows compressed both ways before the predictor is chosen: the whole of most rasters. */
const DECIDE_STRIPS = 16

export function predictorFor(type: RasterArrayType, colour: CogColour): Predictor {
  if (colour.kind !== 'gray') return colour.kind === 'rgb' ? 2 : 1
  const sample = new type(0)
  return sample instanceof Float32Array || sample instanceof Float64Array ? 3 : 2
}


/** Applies the predictor to one tile (ts × ts samples) in place, or into a new byte array for predictor 3. */
function predict(t: RasterArray, ts: number, predictor: 1 | 2 | 3): Uint8Array {
  if (predictor === 2) {
    // The typed array wraps each difference to the sample's width, as the TIFF predictor defines it.
    for (let row = 0; row < t.length; row += ts) for (let i = row + ts - 1; i > row; i--) t[i] = t[i] - t[i - 1]
  }
  const bytes = new Uint8Array(t.buffer, t.byteOffset, t.byteLength)
  if (predictor !== 3) return bytes
  // TIFF Technical Note 3: per row, the most significant bytes of all samples first, then the next bytes …
  // (the file is little-endian, like the machine), then each byte minus the one before it.
  const bps = t.BYTES_PER_ELEMENT
  const rowBytes = ts * bps
  const out = new Uint8Array(bytes.length)
  for (let row = 0; row < bytes.length; row += rowBytes) {
    for (let x = 0; x < ts; x++) for (let b = 0; b < bps; b++) out[row + (bps - 1 - b) * ts + x] = bytes[row + x * bps + b]
    for (let i = row + rowBytes - 1; i > row; i--) out[i] = (out[i] - out[i - 1]) & 255
  }
  return out
}

function tiles(data: RasterArray, w: number, h: number, ts: number, noData: number | null, predictor: 1 | 2 | 3): Uint8Array[] {
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
      out.push(deflateSync(predict(t, ts, predictor), { level: 6 }))
    }
  }
  return out
}

function gdalMetadata(bandStats: RasterStats[], scale?: number | null, offset?: number | null): string {
  let xml = ''
  bandStats.forEach((stats, b) => {
    const item = (k: string, v: number) => `<Item name="STATISTICS_${k}" sample="${b}">${v}</Item>`
    const role = (k: string, v: number | null | undefined) => (v === null || v === undefined ? '' : `<Item name="${k.toUpperCase()}" sample="${b}" role="${k}">${v}</Item>`)
    const scaling = scale === null || scale === undefined ? '' : `${role('offset', offset ?? 0)}${role('scale', scale)}`
    // A band without a valid pixel has no statistics (GDAL would refuse to compute them).
    xml += stats.validCount ? `${scaling}${item('MAXIMUM', stats.max)}${item('MEAN', stats.mean)}${item('MINIMUM', stats.min)}${item('STDDEV', stats.stdDev)}` : scaling
  })
  return `<GDALMetadata>${xml}</GDALMetadata>`
}

const typeSize = (t: number) => (t === DOUBLE ? 8 : t === LONG ? 4 : t === SHORT ? 2 : 1)
const valueCount = (t: Tag) => (typeof t.values === 'string' ? t.values.length + 1 : t.values.length)

export interface CogResult {
  bytes: Uint8Array
  /** Statistics of band 1 (the values of a single-band raster). */
  stats: RasterStats
  /** Statistics per band (nodata excluded per band, as GDAL computes them). */
  bandStats: RasterStats[]
  /** Pixels that are drawn: not nodata in every colour band and not alpha 0. */
  validPixels: number
  overviews: number
}

type RasterArrayType = { new (n: number): RasterArray }

/**
 * The compressed tiles of one level, in file order: in memory, or — full resolution beyond `spillBytes` — in a
 * temporary file, read back straight into the output buffer (so the tiles are not held twice while the file is
 * put together).
 */
class TileList {
  readonly sizes: number[] = []
  private tiles: Uint8Array[] = []
  bytes = 0
  private spill: { dir: string; fd: number; at: number } | null = null
  constructor(private readonly spillBytes = Infinity) {}

  push(tiles: Uint8Array[]): void {
    try {
      for (const t of tiles) {
        this.sizes.push(t.length)
        this.bytes += t.length
        if (this.spill) this.write(t)
        else this.tiles.push(t)
      }
      if (!this.spill && this.bytes > this.spillBytes) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-cog-'))
        this.spill = { dir, fd: openSync(path.join(dir, 'tiles'), 'w+'), at: 0 }
        for (const t of this.tiles) this.write(t)
        this.tiles = []
      }
    } catch (e) {
      this.dispose()
      throw new Error(`cannot write the temporary tile file in ${os.tmpdir()} (${(e as Error).message}); it needs room for about the size of the COG (set TMPDIR to another folder)`)
    }
  }

  private write(t: Uint8Array): void {
    const spill = this.spill!
    for (let done = 0; done < t.length; ) done += writeSync(spill.fd, t, done, t.length - done, spill.at + done)
    spill.at += t.length
  }

  /** Copies the tiles, one after the other, into `out` from `at`; removes the temporary file. */
  copyInto(out: Uint8Array, at: number): void {
    if (!this.spill) {
      for (const t of this.tiles) {
        out.set(t, at)
        at += t.length
      }
      return
    }
    const { fd } = this.spill
    for (let done = 0; done < this.bytes; ) {
      const n = readSync(fd, out, at + done, Math.min(this.bytes - done, 1 << 30), done)
      if (n <= 0) throw new Error('writeCog: the temporary tile file ended early')
      done += n
    }
    this.dispose()
  }

  dispose(): void {
    if (!this.spill) return
    const { fd, dir } = this.spill
    this.spill = null
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
}

const inMemory = (tiles: Uint8Array[]) => {
  const list = new TileList()
  list.push(tiles)
  return list
}

/** What a CogWriter needs before the first row: everything of CogInput but the pixels, plus band count and type. */
export interface CogWriterInput extends Omit<CogInput, 'data' | 'bands'> {
  bandCount: number
  /** The bands' array type (Uint8Array for RGB and palette). */
  type: RasterArrayType
  /** Full-resolution tiles beyond this many compressed bytes go to a temporary file (default 64 MiB). */
  spillBytes?: number
}

/**
 * A COG written from rows that arrive top to bottom (any number at a time): each strip of `tileSize` rows is cut
 * into full-resolution tiles and compressed at once, and halved into the first overview, which is the only level
 * kept whole in memory (a quarter of the input); the smaller overviews are built from it at the end. Memory: the
 * compressed tiles, the first overview and one strip of rows. Statistics are summed in pixel order, so the
 * result is the same, byte for byte, as writing the whole image at once (writeCog).
 */
export class CogWriter {
  private readonly ts: number
  private readonly spp: number
  private readonly alphaBand: number | null
  private readonly acc: StatsAccumulator[]
  private level0: TileList
  /** Single band with a predictor to try: the full resolution without one, for comparison (see predictorFor). */
  private level0Plain: TileList | null = null
  private strips = 0
  /** The first overview, allocated with the first rows (a damaged header's size alone allocates nothing). */
  private level1: { bands: RasterArray[]; width: number; height: number } | null = null
  private pending: RasterArray[] | null = null
  private pendingRows = 0
  private received = 0
  private level1Rows = 0
  private valid = 0
  private predictor: Predictor

  constructor(private readonly input: CogWriterInput) {
    const { width, height, bandCount, type, noData } = input
    const colour = input.colour ?? { kind: 'gray' }
    this.ts = input.tileSize ?? 256
    this.spp = bandCount
    const byte = new type(0) instanceof Uint8Array
    if (!(width > 0 && height > 0 && bandCount > 0)) throw new Error('writeCog: bands must be width × height values of one type')
    if (colour.kind === 'rgb' && (bandCount < 3 || !byte || (colour.alpha && bandCount < 4))) {
      throw new Error('writeCog: RGB needs at least 3 (RGBA 4) bands of 8-bit values')
    }
    if (colour.kind !== 'rgb' && bandCount !== 1) throw new Error('writeCog: several bands are written as RGB(A) only')
    if (colour.kind === 'palette' && (!byte || colour.colorMap.length !== 3 * 256)) {
      throw new Error('writeCog: a palette raster needs 8-bit indices and 3 × 256 colour map entries')
    }
    this.alphaBand = colour.kind === 'rgb' && colour.alpha ? 3 : null
    this.acc = Array.from({ length: bandCount }, () => new StatsAccumulator(noData))
    this.level0 = new TileList(input.spillBytes ?? 64 * 1024 ** 2)
    this.predictor = predictorFor(type, colour)
    if (colour.kind === 'gray' && this.predictor !== 1) this.level0Plain = new TileList(input.spillBytes ?? 64 * 1024 ** 2)
  }

  /** The next `rows` rows of every band (full width; each band holds at least rows × width values). */
  addRows(bands: RasterArray[], rows: number): void {
    const { width: w, height, type } = this.input
    const ts = this.ts
    if (bands.length !== this.spp || bands.some((b) => b.constructor !== type || b.length < rows * w)) {
      throw new Error('writeCog: bands must be width × height values of one type')
    }
    if (this.received + rows > height) throw new Error(`writeCog: more than ${height} rows`)
    this.received += rows
    let at = 0
    while (at < rows) {
      if (this.pendingRows === 0 && rows - at >= ts) {
        this.strip(bands.map((b) => b.subarray(at * w, (at + ts) * w)), ts)
        at += ts
        continue
      }
      const n = Math.min(ts - this.pendingRows, rows - at)
      this.pending ??= bands.map(() => new type(ts * w))
      const pending = this.pending
      bands.forEach((b, k) => (pending[k] as Uint8Array).set(b.subarray(at * w, (at + n) * w) as Uint8Array, this.pendingRows * w))
      this.pendingRows += n
      at += n
      if (this.pendingRows === ts) {
        this.strip(pending, ts)
        this.pendingRows = 0
      }
    }
  }

  /** One strip of tile rows (tileSize rows, fewer at the bottom): statistics, full-resolution tiles, first overview. */
  private strip(bands: RasterArray[], rows: number): void {
    const { width: w, noData } = this.input
    const colour = this.input.colour ?? { kind: 'gray' }
    const ts = this.ts
    bands.forEach((b, k) => this.acc[k].add(b))
    let mask: Uint8Array | undefined
    if (colour.kind === 'rgb') {
      mask = pixelMask(bands, 3, this.alphaBand, noData)
      for (let i = 0; i < mask.length; i++) this.valid += mask[i]
      this.level0.push(interleavedTiles(bands as Uint8Array[], w, rows, ts, noData, this.alphaBand))
    } else {
      this.level0.push(tiles(bands[0], w, rows, ts, noData, this.predictor))
      this.level0Plain?.push(tiles(bands[0], w, rows, ts, noData, 1))
      if (++this.strips >= DECIDE_STRIPS) this.choosePredictor()
    }
    const { width, height, type } = this.input
    if (width <= ts && height <= ts) return
    const ow = Math.ceil(width / 2), oh = Math.ceil(height / 2)
    const l1 = (this.level1 ??= { bands: bands.map(() => new type(ow * oh)), width: ow, height: oh })
    const half = colour.kind === 'rgb'
      ? downsampleRgb(bands as Uint8Array[], w, rows, this.alphaBand, noData, mask).bands
      : [(colour.kind === 'palette' ? downsampleNearest : downsample)(bands[0], w, rows, noData).data]
    half.forEach((b, k) => (l1.bands[k] as Uint8Array).set(b as Uint8Array, this.level1Rows * l1.width))
    this.level1Rows += Math.ceil(rows / 2)
  }

  finish(): CogResult {
    const input = this.input
    const { width, height, noData } = input
    if (this.pendingRows) {
      const rows = this.pendingRows
      this.strip(this.pending!.map((b) => b.subarray(0, rows * width)), rows)
      this.pendingRows = 0
    }
    this.pending = null
    if (this.received !== height) throw new Error(`writeCog: ${this.received} of ${height} rows given`)
    const ts = this.ts
    const colour = input.colour ?? { kind: 'gray' }
    const bandStats = this.acc.map((a) => a.result())
    const validPixels = colour.kind === 'rgb' ? this.valid : bandStats[0].validCount
    this.choosePredictor()
    const tileData: TileList[] = [this.level0]
    const sizes: { width: number; height: number }[] = [{ width, height }]
    let level = this.level1
    while (level) {
      tileData.push(inMemory(colour.kind === 'rgb'
        ? interleavedTiles(level.bands as Uint8Array[], level.width, level.height, ts, noData, this.alphaBand)
        : tiles(level.bands[0], level.width, level.height, ts, noData, this.predictor)))
      sizes.push({ width: level.width, height: level.height })
      if (level.width <= ts && level.height <= ts) break
      const l = level
      level = colour.kind === 'rgb'
        ? downsampleRgb(l.bands as Uint8Array[], l.width, l.height, this.alphaBand, noData)
        : (() => {
            const d = (colour.kind === 'palette' ? downsampleNearest : downsample)(l.bands[0], l.width, l.height, noData)
            return { bands: [d.data], width: d.width, height: d.height }
          })()
    }
    try {
      return assemble(input, this.spp, sampleFormat(new input.type(0)), bandStats, validPixels, tileData, sizes, this.predictor)
    } finally {
      this.dispose()
    }
  }

  /** Keeps the smaller of the full resolution with and without the predictor; later tiles follow that choice. */
  private choosePredictor(): void {
    if (!this.level0Plain) return
    const plain = this.level0Plain
    this.level0Plain = null
    if (plain.bytes < this.level0.bytes) {
      this.level0.dispose()
      this.level0 = plain
      this.predictor = 1
    } else plain.dispose()
  }

  /** Removes the temporary tile file, if any (finish does; call it when giving up half-way). */
  dispose(): void {
    this.level0.dispose()
    this.level0Plain?.dispose()
  }
}

export function writeCog(input: CogInput): CogResult {
  const bands = input.bands ?? (input.data ? [input.data] : [])
  if (!bands.length || bands.some((b) => b.length !== input.width * input.height || b.constructor !== bands[0].constructor)) {
    throw new Error('writeCog: bands must be width × height values of one type')
  }
  const { data: _data, bands: _bands, ...rest } = input
  const writer = new CogWriter({ ...rest, bandCount: bands.length, type: bands[0].constructor as RasterArrayType })
  try {
    writer.addRows(bands, input.height)
    return writer.finish()
  } finally {
    writer.dispose()
  }
}

/** The file: header, every IFD with its out-of-line values, then tile data (smallest overview first). */
function assemble(input: CogWriterInput, spp: number, [bits, format]: [number, number], bandStats: RasterStats[], validPixels: number, tileData: TileList[], levels: { width: number; height: number }[], predictor: Predictor): CogResult {
  const ts = input.tileSize ?? 256
  const { noData } = input
  const colour = input.colour ?? { kind: 'gray' }
  const stats = bandStats[0]
  const photometric = colour.kind === 'rgb' ? 2 : colour.kind === 'palette' ? 3 : 1
  const perSample = (v: number) => new Array<number>(spp).fill(v)

  const ifds: Tag[][] = levels.map((l, i) => {
    const n = tileData[i].sizes.length
    const tags: Tag[] = [
      { tag: 254, type: LONG, values: [i === 0 ? 0 : 1] },
      { tag: 256, type: LONG, values: [l.width] },
      { tag: 257, type: LONG, values: [l.height] },
      { tag: 258, type: SHORT, values: perSample(bits) },
      { tag: 259, type: SHORT, values: [8] },
      { tag: 262, type: SHORT, values: [photometric] },
      { tag: 277, type: SHORT, values: [spp] },
      // PlanarConfiguration 1 = pixel-interleaved ("chunky").
      { tag: 284, type: SHORT, values: [1] },
      { tag: 322, type: SHORT, values: [ts] },
      { tag: 323, type: SHORT, values: [ts] },
      { tag: 324, type: LONG, values: new Array(n).fill(0) },
      { tag: 325, type: LONG, values: tileData[i].sizes },
      { tag: 339, type: SHORT, values: perSample(format) },
    ]
    // ExtraSamples: 2 = unassociated alpha (ImageData's own convention, so no un-premultiplying), 0 = other data.
    if (colour.kind === 'rgb' && spp > 3) tags.push({ tag: 338, type: SHORT, values: Array.from({ length: spp - 3 }, (_, k) => (k === 0 && colour.alpha ? 2 : 0)) })
    if (colour.kind === 'palette') tags.push({ tag: 320, type: SHORT, values: Array.from(colour.colorMap) })
    if (predictor !== 1) tags.push({ tag: 317, type: SHORT, values: [predictor] })
    if (i === 0) {
      tags.push(
        { tag: 33550, type: DOUBLE, values: [input.pixelSize, input.pixelSize, 0] },
        { tag: 33922, type: DOUBLE, values: [0, 0, 0, input.originX, input.originY, 0] },
        // GeoKey directory: version 1.1.0, 4 keys: projected model, pixel-is-area, EPSG code, metres.
        { tag: 34735, type: SHORT, values: [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, input.epsg, 3076, 0, 1, 9001] },
        { tag: 42112, type: ASCII, values: gdalMetadata(bandStats, input.scale, input.offset) },
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
    tileData[i].sizes.forEach((size, k) => {
      offs[k] = offset
      offset += size
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
    tileData[i].copyInto(out, offs[0])
  }
  return { bytes: out, stats, bandStats, validPixels, overviews: levels.length - 1 }
}
