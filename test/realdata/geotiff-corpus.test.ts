// The GeoTIFF corpus (../shared/data/corpus-geotiff): every file is either published with the values GDAL 3.6.2
// reads (EXPECTED_gdal362.json: size, nodata, pixels at points, checksum per band, min/max) or refused with exactly
// one error line that names the file and gives a reason a data officer can act on — never a raw JS error.
//
// The corpus' RGB, RGBA and palette files are all in other coordinate systems (UTM 18N …) with slightly
// non-square pixels, which the publisher refuses (it does not reproject rasters). So that their bands are still
// checked through the whole publisher, a refused multi-band or palette file is also published from a relabelled
// temporary copy (relabel(): the EPSG code in the GeoKeys becomes 25832, the pixel height the pixel width and the
// corner a point near Soest; no pixel byte changes), and the result must equal GDAL's reading of the original
// ("relabelled-equal"). JPEG files are lossy and GDAL (libjpeg) and geotiff.js (its own decoder) decode them
// slightly differently: for them pixels may differ by JPEG_TOLERANCE counts and checksums are not compared.
import { execFileSync } from 'node:child_process'
import { existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, LayerDocument, RasterLayerEntry } from '../../src/model/catalog.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { shared, sharedDataUnavailable } from './shared.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'

function corpusMissing(): string | null {
  if (existsSync(shared('corpus-geotiff', 'EXPECTED_gdal362.json'))) return null
  const reason = `no corpus-geotiff/EXPECTED_gdal362.json in ${shared()}`
  if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(`REQUIRE_SHARED_DATA=1 but ${reason}`)
  return reason
}
const unavailable = sharedDataUnavailable() ?? corpusMissing()
if (unavailable) console.warn(`SKIPPED GeoTIFF corpus suite: ${unavailable}`)

interface Expected {
  width?: number
  height?: number
  bands?: number
  nodata?: number | string | null
  scale?: number | null
  offset?: number | null
  checksums?: number[]
  correct_checksums?: number[]
  pixels_float64?: Record<string, (number | null)[]>
  correct_pixels_float64?: Record<string, (number | null)[]>
  band1_stats_min_max_mean_std?: number[]
  correct_band1_stats_min_max_mean_std?: number[]
  image_structure?: Record<string, string>
  open_error?: string
  read_error?: string
  WARNING?: string
}

/** GDAL's GDALChecksumImage (3.6): values as Int32 (floats rounded, NaN/Inf → INT_MIN), summed modulo primes. */
export function gdalChecksum(data: ArrayLike<number>, float: boolean): number {
  const primes = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43]
  let sum = 0
  let p = 0
  for (let i = 0; i < data.length; i++) {
    let v = data[i]
    if (float) {
      if (!Number.isFinite(v)) v = -2147483648
      else v = Math.floor(Math.max(-2147483647, Math.min(2147483647, v + 0.5)))
    } else if (v > 2147483647) v = 2147483647
    sum = (sum + (v % primes[p++])) & 0xffff
    if (p > 10) p = 0
  }
  return sum
}

const gdalAvailable = gdalToolsMissing('gdal_translate', 'gdalwarp') === null

const RAW_JS_ERROR = /Cannot read propert|is not a function|is not defined|outside the bounds|Invalid typed array|undefined|RangeError|TypeError|Maximum call stack/i

function corpusFiles(): string[] {
  const root = shared('corpus-geotiff')
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(tiff?|cog)$/i.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort()
}

/**
 * JPEG is lossy, and geotiff.js's decoder is not GDAL 3.6's libjpeg (integer IDCT and rounding differ). Plain RGB
 * JPEG differs by at most 1 count here. YCbCr JPEG is upsampled and converted to RGB by our copy of libjpeg's
 * method (cli/publish/ycbcr.ts): at most 3 counts, mean about 0.1, except at the right / bottom edge of an image
 * whose last tile is partial — libjpeg interpolates with the tile's padding there, which the assembled image does
 * not contain (4 seen). So: the 3 points of the GDAL record within JPEG_TOLERANCE, and — with gdal_translate at
 * hand — over all pixels a mean difference below JPEG_MEAN_TOLERANCE, at least 99.9 % within JPEG_TOLERANCE and
 * none beyond JPEG_EDGE_TOLERANCE. (geotiff.js's own readRGB repeats the half-resolution colour: up to ~30 counts
 * off at colour edges, 7 % of values beyond 3 — these bounds would catch a return to it.)
 */
const JPEG_TOLERANCE = 3
const JPEG_MEAN_TOLERANCE = 0.25
const JPEG_EDGE_TOLERANCE = 8

/**
 * A copy of a classic or Big TIFF whose GeoKeys say EPSG:25832 (ProjectedCSType or GeographicType, whichever is
 * there as a number), whose pixels are square (ModelPixelScale y := x) and whose corner lies near Soest; null when
 * it has no such keys. Pixel data are not touched.
 */
export function relabel(src: Uint8Array): Uint8Array | null {
  const b = src.slice()
  const dv = new DataView(b.buffer)
  const le = b[0] === 0x49
  const big = dv.getUint16(2, le) === 43
  const u16 = (o: number) => dv.getUint16(o, le)
  const u32 = (o: number) => dv.getUint32(o, le)
  const u64 = (o: number) => Number(dv.getBigUint64(o, le))
  const ifd = big ? u64(8) : u32(4)
  const count = big ? u64(ifd) : u16(ifd)
  const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 }
  let found = false
  for (let i = 0; i < count; i++) {
    const e = ifd + (big ? 8 : 2) + i * (big ? 20 : 12)
    const tag = u16(e)
    const n = big ? u64(e + 4) : u32(e + 4)
    const inline = n * (sizes[u16(e + 2)] ?? 8) <= (big ? 8 : 4)
    const at = inline ? e + (big ? 12 : 8) : big ? u64(e + 12) : u32(e + 8)
    if (tag === 34735) {
      for (let k = 1; k <= u16(at + 6); k++) {
        const key = at + k * 8
        if ((u16(key) === 3072 || u16(key) === 2048) && u16(key + 2) === 0) {
          dv.setUint16(key + 6, 25832, le)
          found = true
        }
      }
    }
    if (tag === 33550 && u16(e + 2) === 12) dv.setFloat64(at + 8, dv.getFloat64(at, le), le)
    // The upper-left corner moves near Soest, so that extents in Web Mercator or degrees stay inside EPSG:25832.
    if (tag === 33922 && u16(e + 2) === 12 && n === 6) {
      dv.setFloat64(at + 24, 430000, le)
      dv.setFloat64(at + 32, 5720000, le)
    }
  }
  return found ? b : null
}

const same = (a: number | null, b: number | null | undefined) =>
  b === null || b === undefined || Number.isNaN(b) ? a === null || Number.isNaN(a) : a !== null && (a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)))

describe.skipIf(!!unavailable)('GeoTIFF corpus: published equal to GDAL or refused with a reason', () => {
  let dir: string
  let errors: string[]
  const rows: [file: string, outcome: string, detail: string][] = []
  const expected = unavailable ? {} : (JSON.parse(readFileSync(shared('corpus-geotiff', 'EXPECTED_gdal362.json'), 'utf8')) as Record<string, Expected>)
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-geotiff-corpus-'))
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(String(m)))
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    const w = Math.max(...rows.map((r) => r[0].length))
    const count = (o: string) => rows.filter((r) => r[1] === o).length
    const ok = count('published-equal') + count('reprojected') + count('relabelled-equal') + count('refused')
    console.log(
      [`GeoTIFF corpus: ${count('published-equal')} published-and-equal, ${count('reprojected')} reprojected to EPSG:25832 and equal to gdalwarp, ${count('refused') + count('relabelled-equal')} refused-with-reason (of which ${count('relabelled-equal')} published equal to GDAL from a relabelled copy), ${rows.length - ok} failing`]
        .concat(rows.map(([f, o, d]) => `${f.padEnd(w)}  ${o.padEnd(15)}  ${d}`))
        .join('\n'),
    )
    await fs.rm(dir, { recursive: true, force: true })
  })

  /** The published COG must hold GDAL's values (for the documented GDAL misread: the correct_* values), per band. */
  async function checkPublished(rel: string, exp: Expected, catalog: string, id: string, outcome: string, refusal?: string) {
    const file = shared('corpus-geotiff', rel)
    try {
      expect(exp.open_error ?? exp.read_error, 'GDAL cannot read this file, so we must not publish it').toBeUndefined()
      const pixels = exp.correct_pixels_float64 ?? exp.pixels_float64!
      const checksums = exp.correct_checksums ?? exp.checksums
      const stats = exp.correct_band1_stats_min_max_mean_std ?? exp.band1_stats_min_max_mean_std
      const c = JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog
      const entry = c.layers.find((l) => l.id === id) as RasterLayerEntry
      const tiff = await fromArrayBuffer(new Uint8Array(await fs.readFile(path.join(catalog, entry.href))).slice().buffer)
      const image = await tiff.getImage(0)
      expect([image.getWidth(), image.getHeight()]).toEqual([exp.width, exp.height])
      // An internal mask (rgb_internal_mask.tif) is published as an alpha band: one band more than GDAL counts.
      const original = await fromArrayBuffer(new Uint8Array(await fs.readFile(file)).slice().buffer)
      const maskImage = await original.getImage(1).catch(() => null)
      const hasMask = !!maskImage && maskImage.fileDirectory.getValue('PhotometricInterpretation') === 4 && (exp.bands ?? 1) >= 3
      expect(entry.bands, 'band count').toBe((exp.bands ?? 1) + (hasMask ? 1 : 0))
      const nodata = exp.nodata === 'nan' ? NaN : (exp.nodata as number | null)
      const ours = image.getGDALNoData()
      expect(nodata === null ? ours === null : ours !== null && same(ours, nodata), `nodata ${ours} vs GDAL ${exp.nodata}`).toBe(true)
      const bands = (await image.readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
      const jpeg = /JPEG/.test(String(exp.image_structure?.COMPRESSION ?? ''))
      let worst = 0
      let fullJpeg = ''
      for (const [key, values] of Object.entries(pixels)) {
        const [x, y] = key.split(',').map(Number)
        values.forEach((v, b) => {
          const got = bands[b][y * exp.width! + x]
          if (jpeg && v !== null) {
            worst = Math.max(worst, Math.abs(got - v))
            expect(Math.abs(got - v), `band ${b + 1} pixel ${key}: ${got} vs GDAL ${v} (JPEG, ±${JPEG_TOLERANCE})`).toBeLessThanOrEqual(JPEG_TOLERANCE)
          } else expect(same(got, v), `band ${b + 1} pixel ${key}: ${got} vs GDAL ${v}`).toBe(true)
        })
      }
      if (exp.scale !== null && exp.scale !== undefined) {
        const xml = String((await image.fileDirectory.loadValue(42112)) ?? '')
        const role = (r: string) => Number(new RegExp(`role="${r}"[^>]*>([^<]*)<`).exec(xml)?.[1])
        expect([role('scale'), role('offset')], 'scale/offset kept in the COG').toEqual([exp.scale, exp.offset ?? 0])
      }
      const float = image.getSampleFormat() === 3
      if (checksums && !jpeg) expect(bands.slice(0, checksums.length).map((b) => gdalChecksum(b, float)), 'GDAL checksums').toEqual(checksums)
      if (hasMask) {
        const [mask] = (await maskImage!.readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
        const alpha = bands[bands.length - 1]
        expect(Array.from(mask).every((m, i) => alpha[i] === (m ? 255 : 0)), 'alpha = the internal mask').toBe(true)
      }
      if (stats) {
        const doc = JSON.parse(await fs.readFile(path.join(catalog, entry.metaHref), 'utf8')) as LayerDocument
        const perBand = (doc.quality as RasterQualityReport).bandStats?.[0]
        const b1 = perBand ?? { min: entry.min, max: entry.max, mean: stats[2] }
        if (jpeg) expect(Math.abs(b1.mean - stats[2]), `band 1 mean ${b1.mean} vs GDAL ${stats[2]} (JPEG)`).toBeLessThan(1)
        else {
          // The catalog's min/max of a band of values are physical (stored × scale + offset); GDAL's statistics and our
          // per-band statistics of images are stored values.
          const physical = !perBand && entry.bands === 1
          const [lo, hi] = [stats[0], stats[1]].map((v) => (physical ? v * (exp.scale ?? 1) + (exp.offset ?? 0) : v)).sort((a, b) => a - b)
          expect(same(b1.min ?? null, lo) && same(b1.max ?? null, hi), `min/max ${b1.min}/${b1.max} vs GDAL ${lo}/${hi}`).toBe(true)
        }
      }
      if (jpeg && gdalAvailable) {
        // Three points say little about a lossy decode: with GDAL at hand, compare every pixel of every band.
        const raw = path.join(dir, `gdal-${id}.tif`)
        execFileSync('gdal_translate', ['-q', '-co', 'COMPRESS=NONE', file, raw])
        const ref = (await (await (await fromArrayBuffer(new Uint8Array(await fs.readFile(raw)).slice().buffer)).getImage()).readRasters({ interleave: false })) as unknown as Uint8Array[]
        let all = 0, sum = 0, close = 0, n = 0
        ref.forEach((band, b) => {
          for (let i = 0; i < band.length; i++) {
            const d = Math.abs(band[i] - bands[b][i])
            all = Math.max(all, d)
            sum += d
            if (d <= JPEG_TOLERANCE) close++
            n++
          }
        })
        expect(sum / n, 'mean difference to GDAL over all pixels (JPEG)').toBeLessThan(JPEG_MEAN_TOLERANCE)
        expect(close / n, `share of values within ±${JPEG_TOLERANCE} of GDAL (JPEG)`).toBeGreaterThanOrEqual(0.999)
        expect(all, 'largest difference to GDAL (JPEG chroma edges)').toBeLessThanOrEqual(JPEG_EDGE_TOLERANCE)
        fullJpeg = `all pixels: mean |Δ| ${(sum / n).toFixed(3)}, ${((close / n) * 100).toFixed(2)} % within ±${JPEG_TOLERANCE}, max ${all}`
      }
      const how = jpeg ? `JPEG: points within ±${JPEG_TOLERANCE} of GDAL (worst ${worst})${fullJpeg ? `; ${fullJpeg}` : ''}` : `checksum${checksums && checksums.length > 1 ? 's' : ''} ${checksums?.join('/')}`
      rows.push([rel, outcome, `${exp.width}×${exp.height}×${exp.bands ?? 1}${hasMask ? ' + mask as alpha' : ''} ${Object.keys(pixels).length} points, ${how}${refusal ? ` — original refused: ${refusal}` : ''}`])
    } catch (e) {
      rows.push([rel, 'PUBLISHED-WRONG', (e as Error).message.split('\n')[0]])
      throw e
    }
  }

  /**
   * A file in another coordinate system is reprojected by the publisher: its COG must equal gdalwarp of the original
   * onto the same EPSG:25832 grid (same extent and size; bilinear for floats and photos, nearest otherwise).
   */
  async function checkReprojected(rel: string, exp: Expected, catalog: string, id: string, sourceCrs: string) {
    const file = shared('corpus-geotiff', rel)
    try {
      expect(exp.open_error ?? exp.read_error, 'GDAL cannot read this file, so we must not publish it').toBeUndefined()
      const c = JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog
      const entry = c.layers.find((l) => l.id === id) as RasterLayerEntry
      const ours = await fromArrayBuffer(new Uint8Array(await fs.readFile(path.join(catalog, entry.href))).slice().buffer)
      const image = await ours.getImage(0)
      const bands = (await image.readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
      if (!gdalAvailable) {
        rows.push([rel, 'reprojected', `from ${sourceCrs}, ${entry.width}×${entry.height}; not compared (no gdalwarp)`])
        return
      }
      const method = image.getSampleFormat() === 3 || entry.style.kind === 'rgb' ? 'bilinear' : 'near'
      const ref = path.join(dir, `gdalwarp-${id}.tif`)
      const [minX, minY, maxX, maxY] = entry.bbox
      // Outside the source GDAL writes 0 unless told a nodata value; ours has one (the type's minimum without a source nodata).
      const dstNoData = image.getGDALNoData()
      const noDataArgs = dstNoData === null ? [] : ['-dstnodata', String(dstNoData)]
      execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:25832', '-r', method, '-et', '0', ...noDataArgs, '-te', ...[minX, minY, maxX, maxY].map(String), '-ts', String(entry.width), String(entry.height), '-co', 'COMPRESS=NONE', file, ref])
      const gdal = (await (await (await fromArrayBuffer(new Uint8Array(await fs.readFile(ref)).slice().buffer)).getImage()).readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
      const gdalNoData = (await (await fromArrayBuffer(new Uint8Array(await fs.readFile(ref)).slice().buffer)).getImage()).getGDALNoData()
      const ourNoData = image.getGDALNoData()
      const empty = (v: number, nd: number | null) => Number.isNaN(v) || (nd !== null && v === nd)
      let equal = 0
      let n = 0
      for (let b = 0; b < gdal.length; b++) {
        for (let i = 0; i < gdal[b].length; i++) {
          const g = gdal[b][i]
          const o = bands[b][i]
          const ge = empty(g, gdalNoData)
          const oe = empty(o, ourNoData)
          // Values within 1 % of the value range count as equal: bilinear next to nodata differs by design
          // (GDAL averages the valid neighbours, we take the nearest pixel).
          if ((ge && oe) || (!ge && !oe && Math.abs(g - o) <= 0.01 * Math.max(1, entry.max - entry.min))) equal++
          n++
        }
      }
      expect(equal / n, `share of pixels equal to gdalwarp (${equal} of ${n})`).toBeGreaterThanOrEqual(0.99)
      rows.push([rel, 'reprojected', `from ${sourceCrs} to ${entry.width}×${entry.height} @ ${(entry.bbox[2] - entry.bbox[0]) / entry.width} m: ${((equal / n) * 100).toFixed(2)} % of pixels equal to gdalwarp -r ${method}`])
    } catch (e) {
      rows.push([rel, 'PUBLISHED-WRONG', (e as Error).message.split('\n')[0]])
      throw e
    }
  }

  for (const [n, rel] of (unavailable ? [] : corpusFiles()).entries()) {
    it(rel, async () => {
      const exp = expected[rel]
      expect(exp, `${rel} has a record in EXPECTED_gdal362.json`).toBeDefined()
      const file = shared('corpus-geotiff', rel)
      const catalog = path.join(dir, 'catalog')
      const id = `corpus${n}`
      errors = []
      vi.spyOn(console, 'log').mockImplementation(() => {})
      const started = Date.now()
      const code = await main(['publish', file, '--catalog', catalog, '--id', id, '--title', `Corpus ${n}`])
      vi.mocked(console.log).mockRestore()
      expect(Date.now() - started, 'no hang').toBeLessThan(60_000)
      if (code !== 0) {
        expect(errors, 'exactly one error line').toHaveLength(1)
        const msg = errors[0]
        expect(msg).toContain(path.basename(rel))
        expect(msg).not.toMatch(RAW_JS_ERROR)
        // Multi-band and palette files: publish a relabelled copy (see the top of this file) to check their bands.
        const relabelled = (exp.bands ?? 1) > 1 || /palett|color_table/.test(rel) ? relabel(new Uint8Array(await fs.readFile(file))) : null
        if (relabelled && !exp.open_error && !exp.read_error) {
          const copy = path.join(dir, `relabelled-${n}-${path.basename(rel)}`)
          await fs.writeFile(copy, relabelled)
          errors = []
          vi.spyOn(console, 'log').mockImplementation(() => {})
          const again = await main(['publish', copy, '--catalog', catalog, '--id', id, '--title', `Corpus ${n}`])
          vi.mocked(console.log).mockRestore()
          if (again === 0) {
            await checkPublished(rel, exp, catalog, id, 'relabelled-equal', msg)
            return
          }
          expect(errors, 'exactly one error line (relabelled copy)').toHaveLength(1)
          expect(errors[0]).not.toMatch(RAW_JS_ERROR)
          rows.push([rel, 'refused', `${msg} [relabelled copy: ${errors[0].replace(/^.*?\.tiff?: /, '')}]`])
          return
        }
        rows.push([rel, 'refused', msg])
        return
      }
      const c = JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog
      const doc = JSON.parse(await fs.readFile(path.join(catalog, c.layers.find((l) => l.id === id)!.metaHref), 'utf8')) as LayerDocument
      const sourceCrs = (doc.quality as RasterQualityReport).sourceCrs
      if (sourceCrs !== 'EPSG:25832') await checkReprojected(rel, exp, catalog, id, sourceCrs)
      else await checkPublished(rel, exp, catalog, id, 'published-equal')
    })
  }
})
