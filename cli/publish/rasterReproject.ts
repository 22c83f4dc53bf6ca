// Reprojecting a raster into the portal's working CRS (EPSG:25832) in the publisher: pure, no I/O.
//
// Output grid: GDAL's GDALSuggestedWarpOutput2 (what plain `gdalwarp -t_srs EPSG:25832` does): the source's edges
// sampled at pixel corners (21 … 101 points per edge), transformed, their bounding box is the extent; the pixel
// size keeps the number of pixels along the diagonal (top-left → bottom-right corner) the same; square pixels;
// width/height rounded. With a resolution given: gdalwarp's `-tr` (optionally `-tap`).
//
// Pixels: inverse mapping. Every output pixel centre goes EPSG:25832 → source CRS → source pixel coordinates. Exact
// transforms (proj4, BeTA2007 for Gauss-Krüger) are made on a control grid per block of output pixels (256 × 256,
// a node every 16 pixels: 17 × 17) and interpolated bilinearly in between, like the portal's tile warp
// (src/sources/raster/render/warp.ts). Each block checks the interpolation against exact transforms at cell centres
// and refines its grid when the error exceeds half the bound (0.05 px by default). Sampling as the portal does:
// bilinear (bilinearCell) with a nodata/transparent neighbour falling back to the nearest pixel, or nearest.
import type { RasterArray } from '../writers/cog.ts'
import { WORK_CRS, type Point, type Projections } from '../../src/projection/registry.ts'
import { bilinearCell } from '../../src/sources/raster/render/warp.ts'

export interface RasterToReproject {
  width: number
  height: number
  /** One array per band, row-major (planar), all of one type — what readRows hands out and CogWriter takes. */
  bands: RasterArray[]
  /** Upper-left corner of the upper-left pixel (geoRef: PixelIsPoint already shifted), in source CRS units. */
  originX: number
  originY: number
  /** Pixel width and height, both positive (north-up, unrotated). */
  pixelSizeX: number
  pixelSizeY: number
  /** "EPSG:xxxx", known to the Projections instance. */
  srcCrs: string
  noData: number | null
  /**
   * 'gray' (default): one band of values; 'palette': one index band (nearest only); 'rgb': 8-bit R, G, B
   * (+ alpha when `alpha`): a pixel is nodata when all three colours equal noData, transparent when alpha is 0.
   */
  colour?: 'gray' | 'palette' | 'rgb'
  /** The last band is (unassociated) alpha. */
  alpha?: boolean
}

export interface ReprojectOptions {
  projections: Projections
  /** bilinear for measurements and photos, nearest for classes and palette indices. */
  method: 'bilinear' | 'nearest'
  /** Output pixel size in metres (gdalwarp -tr); default: GDAL's suggestion (see above). */
  resolution?: number
  /** With resolution: snap the extent to multiples of it (gdalwarp -tap). */
  targetAlignedPixels?: boolean
  /** Output block edge in pixels (default 256). */
  blockSize?: number
  /** Control-grid spacing in output pixels (default 16: 17 × 17 nodes per 256² block); must divide blockSize. */
  controlStep?: number
  /** Bound on the control grid's interpolation error in source pixels (default 0.05); checked per block at half of it. */
  maxControlError?: number
}

/** The output grid in EPSG:25832: origin = upper-left corner, square pixels. */
export interface OutputGrid {
  originX: number
  originY: number
  pixelSize: number
  width: number
  height: number
}

export interface ReprojectedGrid extends OutputGrid {
  /** Nodata of the output bands (see outputNoData), null when transparency is carried by alpha alone. */
  noData: number | null
  /** The output's last band is alpha (kept from the input, or added for RGB without alpha and nodata). */
  alpha: boolean
  /** True when the alpha band was added here (the caller must publish RGBA: CogColour { kind: 'rgb', alpha: true }). */
  alphaAdded: boolean
  bandCount: number
  /** Control-grid statistics: blocks, blocks whose grid had to be refined, largest error seen at the check points (px). */
  control: { blocks: number; refinedBlocks: number; exactBlocks: number; maxCheckedError: number }
}

export interface ReprojectedRaster extends ReprojectedGrid {
  bands: RasterArray[]
}

const FLOAT32_MIN = -3.4028234663852886e38

type Ctor = { new (n: number): RasterArray }

/** Wraps a converter so that a failing transform (outside a grid, out of domain) gives NaN instead of throwing. */
function safe(conv: (p: Point) => Point): (x: number, y: number) => Point {
  return (x, y) => {
    try {
      const r = conv([x, y])
      return r && Number.isFinite(r[0]) && Number.isFinite(r[1]) ? r : [NaN, NaN]
    } catch {
      return [NaN, NaN]
    }
  }
}

/**
 * GDAL's GDALSuggestedWarpOutput2 for a north-up source: edge sampling, diagonal-preserving square pixel size,
 * width/height rounded to the nearest integer (the origin is the extent's upper-left corner). With `resolution`:
 * gdalwarp's -tr (width = ⌊(extent + res/2) / res⌋) and optionally -tap.
 */
export function suggestedWarpOutput(
  input: Pick<RasterToReproject, 'width' | 'height' | 'originX' | 'originY' | 'pixelSizeX' | 'pixelSizeY' | 'srcCrs'>,
  projections: Projections,
  resolution?: number,
  targetAlignedPixels = false,
): OutputGrid {
  const { width: w, height: h } = input
  const fwd = safe(projections.forward(input.srcCrs, WORK_CRS))
  const at = (px: number, py: number) => fwd(input.originX + px * input.pixelSizeX, input.originY - py * input.pixelSizeY)
  // GDAL: one step per 50 pixels of the shorter side, 20 … 100 steps.
  const steps = Math.min(100, Math.max(20, Math.floor(Math.min(w, h) / 50 + 0.5)))
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  let failed = 0
  const add = (p: Point) => {
    if (!Number.isFinite(p[0])) return void failed++
    if (p[0] < minX) minX = p[0]
    if (p[0] > maxX) maxX = p[0]
    if (p[1] < minY) minY = p[1]
    if (p[1] > maxY) maxY = p[1]
  }
  for (let i = 0; i <= steps; i++) {
    const r = i === steps ? 1 : i / steps
    add(at(r * w, 0))
    add(at(r * w, h))
    add(at(0, r * h))
    add(at(w, r * h))
  }
  if (failed) {
    // As GDAL does when an edge point fails: sample the whole raster on a grid instead.
    minX = minY = Infinity
    maxX = maxY = -Infinity
    failed = 0
    for (let j = 0; j <= steps; j++) for (let i = 0; i <= steps; i++) add(at((i === steps ? 1 : i / steps) * w, (j === steps ? 1 : j / steps) * h))
    if (failed > (steps + 1) ** 2 - 10) throw new Error(`the raster's corners cannot be transformed from ${input.srcCrs} to ${WORK_CRS}`)
  }
  const tl = at(0, 0)
  const br = at(w, h)
  let dx = br[0] - tl[0]
  let dy = br[1] - tl[1]
  if (!(Number.isFinite(dx) && Number.isFinite(dy)) || dx === 0 || dy === 0) {
    dx = maxX - minX
    dy = maxY - minY
  }
  const suggested = Math.hypot(dx, dy) / Math.hypot(w, h)
  let width = Math.floor((maxX - minX) / suggested + 0.5)
  let height = Math.floor((maxY - minY) / suggested + 0.5)
  if (!(width >= 1 && height >= 1)) throw new Error(`reprojected raster would be empty (${width}×${height})`)
  if (resolution === undefined) return { originX: minX, originY: maxY, pixelSize: suggested, width, height }
  if (!(resolution > 0)) throw new Error(`bad resolution ${resolution}`)
  // gdalwarp -tr without -te: the suggested (rounded) extent, re-divided.
  let x0 = minX
  let x1 = minX + width * suggested
  let y1 = maxY
  let y0 = maxY - height * suggested
  if (targetAlignedPixels) {
    x0 = Math.floor(x0 / resolution) * resolution
    y0 = Math.floor(y0 / resolution) * resolution
    x1 = Math.ceil(x1 / resolution) * resolution
    y1 = Math.ceil(y1 / resolution) * resolution
  }
  width = Math.floor((x1 - x0 + resolution / 2) / resolution)
  height = Math.floor((y1 - y0 + resolution / 2) / resolution)
  return { originX: x0, originY: y1, pixelSize: resolution, width, height }
}

function typeRange(a: RasterArray): [number, number, boolean] {
  if (a instanceof Float32Array) return [FLOAT32_MIN, -FLOAT32_MIN, false]
  if (a instanceof Float64Array) return [-Number.MAX_VALUE, Number.MAX_VALUE, false]
  if (a instanceof Uint8Array) return [0, 255, true]
  if (a instanceof Int8Array) return [-128, 127, true]
  if (a instanceof Uint16Array) return [0, 65535, true]
  if (a instanceof Int16Array) return [-32768, 32767, true]
  if (a instanceof Uint32Array) return [0, 4294967295, true]
  return [-2147483648, 2147483647, true]
}

/**
 * The output's nodata, since pixels outside the source footprint need one:
 * - the input's nodata when it has one (and alpha is kept when it has alpha);
 * - RGB(A) with alpha: none, alpha 0 marks the outside;
 * - RGB without alpha or nodata: an alpha band is added (255 inside, 0 outside) rather than a nodata of 0,0,0,
 *   which would make black pixels of the photo transparent (docs/raster.md: an RGB pixel is nodata when all three
 *   bands equal the value);
 * - floats: the type's minimum (−3.4028235e38 for Float32, −1.797…e308 for Float64) — not NaN, which not every
 *   reader treats as nodata;
 * - integers (and palette indices): the type's minimum if no pixel has it, else the maximum, else the first value
 *   no pixel has; a raster that uses every value of its type (only possible for 8/16 bit) is refused.
 */
export function outputNoData(input: RasterToReproject): { noData: number | null; addAlpha: boolean } {
  const colour = input.colour ?? 'gray'
  if (input.noData !== null) return { noData: input.noData, addAlpha: false }
  if (colour === 'rgb') return { noData: null, addAlpha: !input.alpha }
  const band = input.bands[0]
  const [lo, hi, integer] = typeRange(band)
  if (!integer) return { noData: lo, addAlpha: false }
  if (band instanceof Uint32Array || band instanceof Int32Array) {
    let hasLo = false, hasHi = false
    for (let i = 0; i < band.length; i++) {
      if (band[i] === lo) hasLo = true
      else if (band[i] === hi) hasHi = true
    }
    if (!hasLo) return { noData: lo, addAlpha: false }
    if (!hasHi) return { noData: hi, addAlpha: false }
    // Practically unreachable for 32-bit data; search below the maximum.
    const seen = new Set<number>(band as unknown as number[])
    for (let v = hi - 1; v > lo; v--) if (!seen.has(v)) return { noData: v, addAlpha: false }
  }
  const used = new Uint8Array(hi - lo + 1)
  for (let i = 0; i < band.length; i++) used[band[i] - lo] = 1
  if (!used[0]) return { noData: lo, addAlpha: false }
  if (!used[hi - lo]) return { noData: hi, addAlpha: false }
  const free = used.indexOf(0)
  if (free >= 0) return { noData: lo + free, addAlpha: false }
  throw new Error(`every value from ${lo} to ${hi} occurs in the raster, so none is left to mark the pixels outside it after reprojection; set a nodata value first (gdal_translate -a_nodata …)`)
}

/** Source validity per pixel (1 = has a value), or null when every pixel has one. */
function validity(input: RasterToReproject): Uint8Array | null {
  const { bands, noData } = input
  const n = input.width * input.height
  const colour = input.colour ?? 'gray'
  const mask = new Uint8Array(n)
  let invalid = 0
  if (colour === 'rgb') {
    const [r, g, b] = bands
    const a = input.alpha ? bands[bands.length - 1] : null
    for (let i = 0; i < n; i++) {
      const ok = (a === null || a[i] > 0) && (noData === null || r[i] !== noData || g[i] !== noData || b[i] !== noData)
      mask[i] = ok ? 1 : 0
      if (!ok) invalid++
    }
  } else {
    const d = bands[0]
    for (let i = 0; i < n; i++) {
      const v = d[i]
      const ok = v === v && v !== noData
      mask[i] = ok ? 1 : 0
      if (!ok) invalid++
    }
  }
  return invalid ? mask : null
}

/** The affine parts of the mapping EPSG:25832 output pixel → source pixel. */
export interface Mapping {
  inv: (x: number, y: number) => Point
  out: OutputGrid
  src: Pick<RasterToReproject, 'originX' | 'originY' | 'pixelSizeX' | 'pixelSizeY'>
}

export function makeMapping(input: Pick<RasterToReproject, 'originX' | 'originY' | 'pixelSizeX' | 'pixelSizeY' | 'srcCrs'>, projections: Projections, out: OutputGrid): Mapping {
  return { inv: safe(projections.forward(WORK_CRS, input.srcCrs)), out, src: input }
}

/** Exact source pixel coordinates (column, row; pixel centres at +0.5) of an output point given in output pixels. */
export function exactSourcePosition(m: Mapping, ox: number, oy: number): Point {
  const { out, src } = m
  const [x, y] = m.inv(out.originX + ox * out.pixelSize, out.originY - oy * out.pixelSize)
  return [(x - src.originX) / src.pixelSizeX, (src.originY - y) / src.pixelSizeY]
}

/**
 * Source pixel coordinates of the pixel centres of output block (bx, by, bw, bh), interleaved (column, row) into
 * `map`, through a control grid with a node every `step` output pixels. Returns the largest error found at the
 * check points (cell centres along both diagonals of the block), in source pixels; Infinity when a node failed.
 */
export function mapBlock(m: Mapping, bx: number, by: number, bw: number, bh: number, step: number, map: Float64Array): number {
  const nx = Math.ceil(bw / step)
  const ny = Math.ceil(bh / step)
  const cols = nx + 1
  const ctrl = new Float64Array(cols * (ny + 1) * 2)
  let bad = false
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const p = exactSourcePosition(m, bx + i * step, by + j * step)
      const k = (j * cols + i) * 2
      ctrl[k] = p[0]
      ctrl[k + 1] = p[1]
      if (!Number.isFinite(p[0])) bad = true
    }
  }
  if (bad) return Infinity
  // Check: cell centres along both diagonals against exact transforms.
  let err = 0
  const nd = Math.min(nx, ny)
  for (let d = 0; d < nd; d++) {
    for (const [ci, cj] of [[d, d], [nx - 1 - d, d]]) {
      const k = (cj * cols + ci) * 2
      const e = exactSourcePosition(m, bx + (ci + 0.5) * step, by + (cj + 0.5) * step)
      const ix = (ctrl[k] + ctrl[k + 2] + ctrl[k + cols * 2] + ctrl[k + cols * 2 + 2]) / 4
      const iy = (ctrl[k + 1] + ctrl[k + 3] + ctrl[k + cols * 2 + 1] + ctrl[k + cols * 2 + 3]) / 4
      const d2 = Math.hypot(e[0] - ix, e[1] - iy)
      if (!(d2 <= err)) err = Number.isNaN(d2) ? Infinity : d2
    }
  }
  // Interpolation: per output row, the node columns interpolated in y, then along x.
  const colX = new Float64Array(cols)
  const colY = new Float64Array(cols)
  const inv = 1 / step
  for (let py = 0; py < bh; py++) {
    const gy = (py + 0.5) * inv
    const cj = Math.min(ny - 1, Math.floor(gy))
    const fy = gy - cj
    for (let i = 0; i < cols; i++) {
      const a = (cj * cols + i) * 2
      const c = a + cols * 2
      colX[i] = ctrl[a] + (ctrl[c] - ctrl[a]) * fy
      colY[i] = ctrl[a + 1] + (ctrl[c + 1] - ctrl[a + 1]) * fy
    }
    let o = py * bw * 2
    for (let px = 0; px < bw; px++, o += 2) {
      const gx = (px + 0.5) * inv
      const ci = Math.min(nx - 1, Math.floor(gx))
      const fx = gx - ci
      map[o] = colX[ci] + (colX[ci + 1] - colX[ci]) * fx
      map[o + 1] = colY[ci] + (colY[ci + 1] - colY[ci]) * fx
    }
  }
  return err
}

/** Exact mapping of every pixel centre of a block (fallback where the control grid cannot be used). */
function mapBlockExact(m: Mapping, bx: number, by: number, bw: number, bh: number, map: Float64Array): void {
  for (let py = 0; py < bh; py++) {
    for (let px = 0; px < bw; px++) {
      const p = exactSourcePosition(m, bx + px + 0.5, by + py + 0.5)
      const o = (py * bw + px) * 2
      map[o] = p[0]
      map[o + 1] = p[1]
    }
  }
}

/**
 * Reprojects into EPSG:25832 and hands the output over in strips of `blockSize` rows, top to bottom (as CogWriter's
 * addRows takes them): the output is never held whole. The strip arrays are reused between calls. `onGrid` is
 * called once before the first strip with the output grid, nodata and band count (to create the writer).
 */
export function reprojectRasterRows(
  input: RasterToReproject,
  opts: ReprojectOptions,
  onRows: (bands: RasterArray[], rows: number) => void,
  onGrid?: (grid: Omit<ReprojectedGrid, 'control'>) => void,
): ReprojectedGrid {
  const { width: W, height: H, bands } = input
  const colour = input.colour ?? 'gray'
  if (!bands.length || bands.some((b) => b.length !== W * H || b.constructor !== bands[0].constructor)) {
    throw new Error('reprojectRaster: bands must be width × height values of one type')
  }
  if (!(input.pixelSizeX > 0 && input.pixelSizeY > 0)) throw new Error('reprojectRaster: pixel sizes must be positive (north-up)')
  if (colour === 'palette' && opts.method !== 'nearest') throw new Error('reprojectRaster: palette indices must be resampled by nearest neighbour')
  const blockSize = opts.blockSize ?? 256
  const step0 = opts.controlStep ?? 16
  const tolerance = (opts.maxControlError ?? 0.05) / 2
  const out = suggestedWarpOutput(input, opts.projections, opts.resolution, opts.targetAlignedPixels)
  const m = makeMapping(input, opts.projections, out)
  const { noData, addAlpha } = outputNoData(input)
  const mask = validity(input)
  const Type = bands[0].constructor as Ctor
  const [typeLo, typeHi, integer] = typeRange(bands[0])
  const nIn = bands.length
  const nOut = nIn + (addAlpha ? 1 : 0)
  // Bands averaged, and the alpha band (kept or added) that says outside = 0.
  const alphaIndex = input.alpha || addAlpha ? nOut - 1 : -1
  const colourBands = colour === 'rgb' ? 3 : 1
  // A valid interpolated value that rounds to the nodata value is moved off it by one (as GDAL does).
  const nudge = noData === null || !integer ? 0 : noData < typeHi ? 1 : -1
  const fill = noData ?? 0
  const bilinear = opts.method === 'bilinear'
  const strip = Array.from({ length: nOut }, () => new Type(out.width * Math.min(blockSize, out.height)))
  const map = new Float64Array(blockSize * blockSize * 2)
  const cell = new Float64Array(6)
  const win = { x0: 0, y0: 0, width: W, height: H }
  const control = { blocks: 0, refinedBlocks: 0, exactBlocks: 0, maxCheckedError: 0 }
  const result = { ...out, noData, alpha: alphaIndex >= 0, alphaAdded: addAlpha, bandCount: nOut }
  onGrid?.(result)

  for (let by = 0; by < out.height; by += blockSize) {
    const bh = Math.min(blockSize, out.height - by)
    for (let bx = 0; bx < out.width; bx += blockSize) {
      const bw = Math.min(blockSize, out.width - bx)
      control.blocks++
      let step = step0
      let err = mapBlock(m, bx, by, bw, bh, step, map)
      while (err > tolerance && step > 2 && Number.isFinite(err)) {
        step = Math.max(2, step >> 1)
        err = mapBlock(m, bx, by, bw, bh, step, map)
      }
      if (step !== step0) control.refinedBlocks++
      if (!(err <= tolerance)) {
        mapBlockExact(m, bx, by, bw, bh, map)
        control.exactBlocks++
      } else if (err > control.maxCheckedError) control.maxCheckedError = err
      for (let py = 0; py < bh; py++) {
        let o = py * out.width + bx
        let q = py * bw * 2
        for (let px = 0; px < bw; px++, o++, q += 2) {
          const sx = map[q]
          const sy = map[q + 1]
          // Written so that NaN also counts as outside.
          if (!(sx >= 0 && sy >= 0 && sx < W && sy < H)) {
            for (let b = 0; b < nOut; b++) strip[b][o] = b === alphaIndex ? 0 : fill
            continue
          }
          const near = Math.floor(sy) * W + Math.floor(sx)
          let useNearest = !bilinear
          if (bilinear) {
            bilinearCell(sx, sy, win, cell)
            if (mask && !(mask[cell[0]] && mask[cell[1]] && mask[cell[2]] && mask[cell[3]])) useNearest = true
          }
          if (useNearest) {
            if (mask && !mask[near]) {
              for (let b = 0; b < nOut; b++) strip[b][o] = b === alphaIndex ? 0 : fill
              continue
            }
            for (let b = 0; b < nIn; b++) strip[b][o] = bands[b][near]
          } else {
            const k00 = cell[0], k10 = cell[1], k01 = cell[2], k11 = cell[3], ax = cell[4], ay = cell[5]
            for (let b = 0; b < nIn; b++) {
              const d = bands[b]
              const v = (d[k00] * (1 - ax) + d[k10] * ax) * (1 - ay) + (d[k01] * (1 - ax) + d[k11] * ax) * ay
              strip[b][o] = integer ? Math.min(typeHi, Math.max(typeLo, Math.floor(v + 0.5))) : v
            }
            if (nudge) {
              let all = true
              for (let b = 0; b < colourBands; b++) if (strip[b][o] !== noData) all = false
              if (all) strip[0][o] = (noData as number) + nudge
            }
          }
          if (addAlpha) strip[alphaIndex][o] = 255
        }
      }
    }
    onRows(bh === blockSize ? strip : strip.map((s) => s.subarray(0, bh * out.width) as RasterArray), bh)
  }
  return { ...result, control }
}

/** Reprojects into EPSG:25832 and returns the whole output (see reprojectRasterRows for large rasters). */
export function reprojectRaster(input: RasterToReproject, opts: ReprojectOptions): ReprojectedRaster {
  let outBands: RasterArray[] = []
  let offset = 0
  const Type = input.bands[0].constructor as Ctor
  const grid = reprojectRasterRows(
    input,
    opts,
    (strip) => {
      for (let b = 0; b < strip.length; b++) outBands[b].set(strip[b] as never, offset)
      offset += strip[0].length
    },
    (g) => {
      outBands = Array.from({ length: g.bandCount }, () => new Type(g.width * g.height))
    },
  )
  return { ...grid, bands: outBands }
}
