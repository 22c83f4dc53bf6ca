// Reprojection of rasters into EPSG:25832 (rasterReproject.ts): the identity case, the control grid's error bound
// against exact transforms, nodata / alpha choices, and gdalwarp as the oracle on a synthetic Gauss-Krüger raster
// around Soest (skipped with a printed reason when GDAL or the BeTA2007 grid is missing).
import { execFileSync } from 'node:child_process'
import { existsSync, promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import { Projections } from '../../src/projection/registry.ts'
import { exactSourcePosition, makeMapping, mapBlock, outputNoData, reprojectRaster, reprojectRasterRows, suggestedWarpOutput, type RasterToReproject } from './rasterReproject.ts'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'

const GRID = '/usr/share/proj/BETA2007.gsb'
const hasGrid = existsSync(GRID)
if (!hasGrid) console.warn(`SKIPPED Gauss-Krüger reprojection tests: ${GRID} missing (apt-get install proj-data)`)

const unavailable = gdalToolsMissing('gdalwarp', 'gdal_translate', 'gdalinfo', 'gdaltransform') ?? (hasGrid ? null : `${GRID} missing (apt-get install proj-data)`)
if (unavailable) console.warn(`SKIPPED gdalwarp oracle for raster reprojection: ${unavailable}`)

function projections(): Projections {
  const p = new Projections()
  if (hasGrid) {
    const b = readFileSync(GRID)
    p.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  }
  return p
}

/** A smooth terrain-like field with seeded per-pixel noise (Float32). */
function terrain(w: number, h: number, seed: number): Float32Array {
  const rand = mulberry32(seed)
  const d = new Float32Array(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = 200 + 30 * Math.sin(x / 37) * Math.cos(y / 23) + 0.05 * x - 0.03 * y + 4 * (rand() - 0.5)
  return d
}

// Soest in the source systems: the same ground (about 1.4 × 1 km) in each.
const SOEST: Record<string, { originX: number; originY: number; pixel: number }> = {
  'EPSG:31467': { originX: 3437000, originY: 5719000, pixel: 2 },
  'EPSG:31466': { originX: 2576000, originY: 5718500, pixel: 2 },
  'EPSG:25833': { originX: -43000, originY: 5730000, pixel: 2 },
  'EPSG:4326': { originX: 8.08, originY: 51.58, pixel: 0.00003 },
}

describe('reprojectRaster: unit', () => {
  const p = projections()

  it('25832 → 25832 gives the input back (bilinear Float32, nearest Int16)', () => {
    const w = 300, h = 200
    const data = terrain(w, h, 1)
    const input: RasterToReproject = { width: w, height: h, bands: [data], originX: 440000, originY: 5720000, pixelSizeX: 1, pixelSizeY: 1, srcCrs: 'EPSG:25832', noData: -9999 }
    const r = reprojectRaster(input, { projections: p, method: 'bilinear' })
    expect([r.width, r.height, r.originX, r.originY, r.pixelSize, r.noData]).toEqual([w, h, 440000, 5720000, 1, -9999])
    expect(r.bands[0]).toEqual(data)
    const ints = Int16Array.from(data, (v) => Math.round(v))
    const n = reprojectRaster({ ...input, bands: [ints] }, { projections: p, method: 'nearest' })
    expect(n.bands[0]).toEqual(ints)
  })

  it('the output grid is GDAL’s suggestion: same diagonal pixel count, square pixels; -tr and -tap', () => {
    const s = SOEST['EPSG:25833']
    const g = suggestedWarpOutput({ width: 700, height: 500, originX: s.originX, originY: s.originY, pixelSizeX: 2, pixelSizeY: 2, srcCrs: 'EPSG:25833' }, p)
    // Rotated by the meridian convergence (≈ 5.4° between zones 33 and 32 at Soest): a larger box of about 2 m pixels.
    expect(g.pixelSize).toBeGreaterThan(1.99)
    expect(g.pixelSize).toBeLessThan(2.01)
    expect(g.width).toBeGreaterThan(700)
    expect(g.height).toBeGreaterThan(500)
    const t = suggestedWarpOutput({ width: 700, height: 500, originX: s.originX, originY: s.originY, pixelSizeX: 2, pixelSizeY: 2, srcCrs: 'EPSG:25833' }, p, 5, true)
    expect(t.pixelSize).toBe(5)
    expect(t.originX % 5).toBe(0)
    expect(t.originY % 5).toBe(0)
    expect(t.originX).toBeLessThanOrEqual(g.originX)
    expect(t.originY).toBeGreaterThanOrEqual(g.originY)
  })

  const crss = Object.keys(SOEST).filter((c) => hasGrid || !c.startsWith('EPSG:314'))
  it.each(crss)('control grid (17 × 17 per 256² block) stays within 0.05 px of exact transforms: %s', (crs) => {
    for (const [label, scale, size] of [['fine', 1, 700], ['coarse (×400)', 400, 300]] as const) {
      const s = SOEST[crs]
      const input = { width: size, height: size, originX: s.originX, originY: s.originY, pixelSizeX: s.pixel * scale, pixelSizeY: s.pixel * scale, srcCrs: crs }
      const grid = suggestedWarpOutput(input, p)
      const m = makeMapping(input, p, grid)
      const map = new Float64Array(256 * 256 * 2)
      let worst = 0
      let checked = 0
      // Blocks at the corner and in the middle; every pixel of them against the exact transform.
      for (const [bx, by] of [[0, 0], [256, 256]]) {
        const bw = Math.min(256, grid.width - bx)
        const bh = Math.min(256, grid.height - by)
        mapBlock(m, bx, by, bw, bh, 16, map)
        for (let y = 0; y < bh; y++) {
          for (let x = 0; x < bw; x++) {
            const [ex, ey] = exactSourcePosition(m, bx + x + 0.5, by + y + 0.5)
            const o = (y * bw + x) * 2
            worst = Math.max(worst, Math.hypot(map[o] - ex, map[o + 1] - ey))
            checked++
          }
        }
      }
      console.log(`control grid ${crs} ${label}: max error ${worst.toExponential(2)} px over ${checked} pixels`)
      expect(worst).toBeLessThan(0.05)
    }
  })

  it('refines a block whose control grid is too coarse (whole-Germany WGS84 raster at 0.05°)', () => {
    const w = 200, h = 180
    const input: RasterToReproject = { width: w, height: h, bands: [terrain(w, h, 3)], originX: 5, originY: 55.5, pixelSizeX: 0.05, pixelSizeY: 0.05, srcCrs: 'EPSG:4326', noData: null }
    const r = reprojectRasterRows(input, { projections: p, method: 'bilinear', controlStep: 64, maxControlError: 0.001 }, () => {})
    expect(r.control.maxCheckedError).toBeLessThanOrEqual(0.0005)
    console.log(`refinement: ${r.control.refinedBlocks} of ${r.control.blocks} blocks refined, max checked error ${r.control.maxCheckedError.toExponential(2)} px`)
  })

  it('chooses a nodata for the outside: float minimum, an unused integer, alpha for RGB', () => {
    const s = SOEST['EPSG:25833']
    const base = { width: 64, height: 48, originX: s.originX, originY: s.originY, pixelSizeX: 2, pixelSizeY: 2, srcCrs: 'EPSG:25833' }
    const f = reprojectRaster({ ...base, bands: [terrain(64, 48, 4)], noData: null }, { projections: p, method: 'bilinear' })
    expect(f.noData).toBe(-3.4028234663852886e38)
    expect(f.bands[0][0]).toBe(-3.4028234663852886e38) // the top-left corner lies outside the rotated source
    // 8-bit classes using 0: 255 is free.
    const cls = Uint8Array.from({ length: 64 * 48 }, (_, i) => i % 7)
    expect(outputNoData({ ...base, bands: [cls], noData: null }).noData).toBe(255)
    const full = Uint8Array.from({ length: 64 * 48 }, (_, i) => i % 256)
    expect(() => outputNoData({ ...base, bands: [full], noData: null })).toThrow(/every value from 0 to 255/)
    // RGB without alpha or nodata: alpha is added; black stays a colour.
    const rgb = [0, 1, 2].map(() => new Uint8Array(64 * 48)) // all black
    const r = reprojectRaster({ ...base, bands: rgb, noData: null, colour: 'rgb' }, { projections: p, method: 'bilinear' })
    expect([r.bandCount, r.alpha, r.alphaAdded, r.noData]).toEqual([4, true, true, null])
    const inside = (r.height >> 1) * r.width + (r.width >> 1)
    expect([r.bands[0][inside], r.bands[3][inside], r.bands[3][0]]).toEqual([0, 255, 0])
    // A bilinear value that rounds onto the nodata is moved off it (identity grid at half the pixel size: no outside).
    const ramp = Uint8Array.from({ length: 64 * 48 }, (_, i) => (i % 2 ? 2 : 0))
    const q = reprojectRaster({ ...base, srcCrs: 'EPSG:25832', originX: 440000, originY: 5720000, bands: [ramp], noData: 1 }, { projections: p, method: 'bilinear', resolution: 1 })
    expect(q.width).toBe(128)
    expect(q.bands[0].includes(1)).toBe(false)
    expect(q.bands[0].includes(2)).toBe(true)
    expect(() => reprojectRaster({ ...base, bands: [cls], noData: null, colour: 'palette' }, { projections: p, method: 'bilinear' })).toThrow(/nearest/)
  })

  it('a nodata neighbour makes a pixel take its nearest source pixel (as the portal draws)', () => {
    const w = 20, h = 20
    const d = new Float32Array(w * h).fill(10)
    for (let i = 0; i < w * h; i += 3) d[i] = 20
    d[10 * w + 10] = -1
    const input: RasterToReproject = { width: w, height: h, bands: [d], originX: 440000, originY: 5720000, pixelSizeX: 1, pixelSizeY: 1, srcCrs: 'EPSG:25832', noData: -1 }
    const r = reprojectRaster(input, { projections: p, method: 'bilinear', resolution: 0.5 })
    // Output pixel (21, 21) has its centre at source (10.75, 10.75): nearest = (10, 10), the nodata pixel.
    expect(r.bands[0][21 * r.width + 21]).toBe(-1)
    // (22, 22) → (11.25, 11.25): a nodata neighbour, nearest (11, 11) is valid.
    expect(r.bands[0][22 * r.width + 22]).toBe(d[11 * w + 11])
  })
})

/** Runs a GDAL tool; returns stdout. */
const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 26 })

// The transformation GDAL must use for 31467 → 25832: BeTA2007 (as our proj4 definition does). PROJ 9 would pick
// de_adv_BETA2007.tif and find it as BETA2007.gsb (proj.db grid_alternatives); pinning the pipeline with -ct keeps
// the oracle independent of that (the Helmert fallback would be 1–2 m off). -ct must include the axis swap.
const BETA_PIPELINE: Record<string, string> = {
  'EPSG:31467': '+proj=pipeline +step +proj=axisswap +order=2,1 +step +inv +proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +step +proj=hgridshift +grids=BETA2007.gsb +step +proj=utm +zone=32 +ellps=GRS80',
}

describe.skipIf(!!unavailable)('reprojectRaster against gdalwarp', () => {
  const p = projections()

  it.each([
    ['EPSG:31467', 'bilinear'],
    ['EPSG:25833', 'bilinear'],
    ['EPSG:4326', 'bilinear'],
    ['EPSG:31467', 'nearest'],
  ] as const)('synthetic Float32 raster around Soest in %s, %s', async (crs, method) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-reproject-'))
    try {
      const w = 700, h = 500
      const s = SOEST[crs]
      const data = terrain(w, h, 7)
      // Nodata: a disc of 20 px radius and a few scattered pixels.
      const rand = mulberry32(99)
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (Math.hypot(x - 300, y - 250) < 20 || rand() < 1 / 5000) data[y * w + x] = -9999
      await fs.writeFile(path.join(dir, 'src.bil'), new Uint8Array(data.buffer))
      await fs.writeFile(path.join(dir, 'src.hdr'), `BYTEORDER I\nLAYOUT BIL\nNROWS ${h}\nNCOLS ${w}\nNBANDS 1\nNBITS 32\nPIXELTYPE FLOAT\n`)
      const src = path.join(dir, 'src.tif')
      const ullr = [s.originX, s.originY, s.originX + w * s.pixel, s.originY - h * s.pixel].map(String)
      run('gdal_translate', ['-q', '-a_srs', crs, '-a_ullr', ...ullr, '-a_nodata', '-9999', path.join(dir, 'src.bil'), src])
      const ct = BETA_PIPELINE[crs] ? ['-ct', BETA_PIPELINE[crs]] : []

      // Our converter and GDAL's pinned transformation agree (a few points, mm).
      const fwd = p.forward(crs, 'EPSG:25832')
      const pts = [[0, 0], [w, 0], [0, h], [w, h], [w / 2, h / 2]].map(([x, y]) => [s.originX + x * s.pixel, s.originY - y * s.pixel])
      const gdalPts = execFileSync('gdaltransform', ['-s_srs', crs, '-t_srs', 'EPSG:25832', ...ct], { input: pts.map((q) => q.join(' ')).join('\n') + '\n', encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/\s+/).map(Number))
      const converterMm = Math.max(...pts.map((q, i) => Math.hypot(fwd(q as [number, number])[0] - gdalPts[i][0], fwd(q as [number, number])[1] - gdalPts[i][1]) * 1000))
      expect(converterMm).toBeLessThan(5)

      const input: RasterToReproject = { width: w, height: h, bands: [data], originX: s.originX, originY: s.originY, pixelSizeX: s.pixel, pixelSizeY: s.pixel, srcCrs: crs, noData: -9999 }
      // WGS84 pixels are not square on the ground (0.00003° ≈ 2.1 m × 3.3 m here): on GDAL's default grid (2.57 m) the
      // x axis is downsampled, and gdalwarp then widens its bilinear kernel (scale < 0.95 → more than 2 × 2 source
      // pixels, an antialiasing filter) where we — like the portal — interpolate between the 4 nearest. Compared on a
      // 2 m grid instead, where both axes are upsampled and both use the 4-pixel formula.
      const resolution = crs === 'EPSG:4326' ? 2 : undefined
      const t0 = performance.now()
      const ours = reprojectRaster(input, { projections: p, method, resolution })
      const ms = performance.now() - t0
      const suggested = suggestedWarpOutput(input, p)

      // Plain gdalwarp chooses the same grid.
      const plain = path.join(dir, 'plain.tif')
      run('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:25832', ...ct, '-r', 'bilinear', src, plain])
      const info = JSON.parse(run('gdalinfo', ['-json', plain])) as { size: [number, number]; geoTransform: number[] }
      const gt = info.geoTransform
      const gridDiff = { size: `${info.size.join('×')} vs ${suggested.width}×${suggested.height}`, originMm: Math.max(Math.abs(gt[0] - suggested.originX), Math.abs(gt[3] - suggested.originY)) * 1000, pixelRel: Math.abs(gt[1] / suggested.pixelSize - 1) }
      expect(info.size).toEqual([suggested.width, suggested.height])
      expect(gridDiff.originMm).toBeLessThan(5)
      expect(gridDiff.pixelRel).toBeLessThan(1e-6)
      expect(gt[1]).toBeCloseTo(-gt[5], 12)

      // gdalwarp onto our grid, exact transforms per pixel (-et 0).
      const te = [ours.originX, ours.originY - ours.height * ours.pixelSize, ours.originX + ours.width * ours.pixelSize, ours.originY].map(String)
      const outBil = path.join(dir, 'gdal.bil')
      run('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:25832', ...ct, '-r', method === 'nearest' ? 'near' : 'bilinear', '-et', '0', '-te', ...te, '-tr', String(ours.pixelSize), String(ours.pixelSize), '-ot', 'Float32', '-of', 'EHdr', src, outBil])
      const gb = readFileSync(outBil)
      const gdal = new Float32Array(gb.buffer.slice(gb.byteOffset, gb.byteOffset + gb.byteLength))
      expect(gdal.length).toBe(ours.width * ours.height)

      // Values: classify differences; a pixel next to nodata may differ by design (nearest there, GDAL re-weights).
      const a = ours.bands[0] as Float32Array
      const m = makeMapping(input, p, ours)
      const nearNoData = (i: number) => {
        const [sx, sy] = exactSourcePosition(m, (i % ours.width) + 0.5, Math.floor(i / ours.width) + 0.5)
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = Math.floor(sx) + dx, y = Math.floor(sy) + dy
            if (x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] === -9999) return true
          }
        }
        return false
      }
      const tol = 0.01
      let both = 0, within = 0, nodataAgree = 0, nodataDiffer = 0, off = 0, offNearNoData = 0, worst = 0, maxWithin = 0
      for (let i = 0; i < a.length; i++) {
        const ov = a[i] === -9999, gv = gdal[i] === -9999
        if (ov && gv) {
          nodataAgree++
          continue
        }
        if (ov !== gv) {
          nodataDiffer++
          if (nearNoData(i)) offNearNoData++
          continue
        }
        both++
        const d = Math.abs(a[i] - gdal[i])
        if (d <= tol) {
          within++
          if (d > maxWithin && !nearNoData(i)) maxWithin = d
        }
        else {
          off++
          if (nearNoData(i)) offNearNoData++
          else worst = Math.max(worst, d)
        }
      }
      const total = a.length
      const agree = (nodataAgree + within) / total
      // Positions: our control-grid mapping against GDAL's inverse transform of output pixel centres.
      const rnd = mulberry32(5)
      const sample = Array.from({ length: 300 }, () => [Math.floor(rnd() * ours.width) + 0.5, Math.floor(rnd() * ours.height) + 0.5])
      const world = sample.map(([x, y]) => `${ours.originX + x * ours.pixelSize} ${ours.originY - y * ours.pixelSize}`)
      const back = execFileSync('gdaltransform', ['-i', '-s_srs', crs, '-t_srs', 'EPSG:25832', ...ct], { input: world.join('\n') + '\n', encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/\s+/).map(Number))
      const map = new Float64Array(256 * 256 * 2)
      let posWorst = 0
      for (let k = 0; k < sample.length; k++) {
        const [x, y] = sample[k]
        const bx = Math.floor(x / 256) * 256, by = Math.floor(y / 256) * 256
        const bw = Math.min(256, ours.width - bx), bh = Math.min(256, ours.height - by)
        mapBlock(m, bx, by, bw, bh, 16, map)
        const o = ((Math.floor(y) - by) * bw + (Math.floor(x) - bx)) * 2
        const gx = (back[k][0] - s.originX) / s.pixel, gy = (s.originY - back[k][1]) / s.pixel
        posWorst = Math.max(posWorst, Math.hypot(map[o] - gx, map[o + 1] - gy))
      }
      console.log(
        `gdalwarp oracle ${crs} ${method}: ${ours.width}×${ours.height} px of ${ours.pixelSize.toFixed(6)} m (gdalwarp's own grid: ${gridDiff.size}, origin Δ ${gridDiff.originMm.toFixed(3)} mm); ` +
          `${(agree * 100).toFixed(3)} % of pixels agree (${within} of ${both} valid in both within ±${tol}, largest of those not next to nodata ${maxWithin.toExponential(2)}, ${nodataAgree} nodata in both); ` +
          `${off} valid values differ (${offNearNoData} of them and of the ${nodataDiffer} nodata/value mismatches next to source nodata; worst elsewhere ${worst.toExponential(2)}); ` +
          `positions vs GDAL's inverse transform: max ${posWorst.toExponential(2)} px; converter vs gdaltransform ${converterMm.toFixed(3)} mm; ours ${ms.toFixed(0)} ms`,
      )
      expect(agree).toBeGreaterThanOrEqual(0.99)
      expect(worst).toBe(0) // every value beyond the tolerance is next to source nodata
      expect(maxWithin).toBeLessThan(1e-3) // elsewhere the differences are Float32 rounding
      expect(posWorst).toBeLessThan(0.5)
      expect(posWorst).toBeLessThan(0.05) // in fact far below the half pixel asked for
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!hasGrid)('reprojectRaster: performance', () => {
  it('4000 × 4000 Float32 from EPSG:31467, bilinear', () => {
    const p = projections()
    const w = 4000, h = 4000
    const data = terrain(w, h, 11)
    const input: RasterToReproject = { width: w, height: h, bands: [data], originX: 3435000, originY: 5722000, pixelSizeX: 1, pixelSizeY: 1, srcCrs: 'EPSG:31467', noData: -9999 }
    const t0 = performance.now()
    let rows = 0
    const r = reprojectRasterRows(input, { projections: p, method: 'bilinear' }, (_b, n) => void (rows += n))
    const ms = performance.now() - t0
    console.log(`performance: 4000×4000 Float32 31467 → 25832 (${r.width}×${r.height}, streamed) in ${ms.toFixed(0)} ms; ${r.control.blocks} blocks, ${r.control.refinedBlocks} refined, control error ≤ ${r.control.maxCheckedError.toExponential(2)} px`)
    expect(rows).toBe(r.height)
    const t1 = performance.now()
    reprojectRaster(input, { projections: p, method: 'nearest' })
    console.log(`performance: same, nearest, whole output: ${(performance.now() - t1).toFixed(0)} ms`)
  })
})
