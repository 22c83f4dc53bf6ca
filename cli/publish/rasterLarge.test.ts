// Large RGB inputs (orthophotos): read window by window and written as the rows arrive (CogWriter), so memory stays
// bounded; the limit is in decoded bytes (MAX_RASTER_BYTES). The inputs are made with GDAL (striped JPEG/YCbCr,
// striped DEFLATE with an odd strip height, tiled JPEG) and the published pixels are compared with gdallocationinfo.
// 3001 × 2003 pixels keeps this test at a few seconds; docs/raster.md has the figures for 10 000 × 10 000.
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import type { Catalog, RasterLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { main } from '../main.ts'
import { CogWriter, writeCog, type RasterArray } from '../writers/cog.ts'
import { MAX_RASTER_BYTES, prepareRasterLayer } from './raster.ts'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'

const unavailable = gdalToolsMissing('gdal_translate', 'gdallocationinfo', 'gdal_create')
if (unavailable) console.warn(`SKIPPED large RGB raster publishing: ${unavailable}`)

const W = 3001, H = 2003
const ULLR = ['420000', '5720000', String(420000 + W * 0.1), String(5720000 - H * 0.1)]
/** Pixels to compare: corners, edges of the last (partial) tile row and column, strip and window boundaries. */
const POINTS: [number, number][] = [[0, 0], [W - 1, 0], [0, H - 1], [W - 1, H - 1], [255, 255], [256, 256], [3000, 1999], [1234, 767], [2999, 1791], [1500, 1000], [17, 1999], [2815, 511], [2560, 2002]]

let dir: string
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-large-'))
})
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

describe('CogWriter', () => {
  it('writes the same bytes whatever the number of rows given at a time, with the tiles in memory or in a temporary file', () => {
    const w = 700, h = 613
    const rnd = mulberry32(7)
    const bands = [0, 1, 2, 3].map((k) => Uint8Array.from({ length: w * h }, (_, i) => (k === 3 ? ((i % w) < 50 ? 0 : 255) : Math.floor(rnd() * 256))))
    const base = { width: w, height: h, colour: { kind: 'rgb', alpha: true } as const, originX: 420000, originY: 5720000, pixelSize: 0.1, epsg: 25832, noData: 0 }
    const whole = writeCog({ ...base, bands }).bytes
    for (const [step, spillBytes] of [[1, undefined], [7, 0], [256, 100_000], [300, undefined]] as [number, number | undefined][]) {
      // spillBytes: the full-resolution tiles go to a temporary file from the start, after 100 kB, or never.
      const writer = new CogWriter({ ...base, bandCount: 4, type: Uint8Array, spillBytes })
      for (let y = 0; y < h; y += step) {
        const rows = Math.min(step, h - y)
        writer.addRows(bands.map((b) => b.slice(y * w, (y + rows) * w)), rows)
      }
      expect(Buffer.from(writer.finish().bytes).equals(Buffer.from(whole)), `${step} rows at a time, spill after ${spillBytes}`).toBe(true)
    }
    const gray = Float32Array.from({ length: w * h }, (_, i) => (i % 97 === 0 ? -9999 : Math.sin(i / 1000)))
    const writer = new CogWriter({ ...base, colour: { kind: 'gray' }, noData: -9999, bandCount: 1, type: Float32Array })
    for (let y = 0; y < h; y += 100) writer.addRows([gray.subarray(y * w, Math.min(h, y + 100) * w) as RasterArray], Math.min(100, h - y))
    expect(Buffer.from(writer.finish().bytes).equals(Buffer.from(writeCog({ ...base, colour: { kind: 'gray' }, noData: -9999, data: gray }).bytes))).toBe(true)
  })
})

describe.skipIf(!!unavailable)('publishing large RGB GeoTIFFs', () => {
  let source: string
  beforeAll(async () => {
    // Noise of 376 × 251 pixels blown up 8× bilinearly: photo-like texture with edges and colour gradients.
    const sw = 376, sh = 251
    const rnd = mulberry32(20261126)
    const noise = [0, 1, 2].map(() => Uint8Array.from({ length: sw * sh }, () => Math.floor(rnd() * 256)))
    const small = path.join(dir, 'noise.tif')
    await fs.writeFile(small, writeCog({ width: sw, height: sh, bands: noise, colour: { kind: 'rgb', alpha: false }, originX: 0, originY: 0, pixelSize: 1, epsg: 25832, noData: null }).bytes)
    source = path.join(dir, 'source.tif')
    execFileSync('gdal_translate', ['-q', '-outsize', String(W), String(H), '-r', 'bilinear', '-a_srs', 'EPSG:25832', '-a_ullr', ...ULLR, '-co', 'TILED=YES', small, source])
  }, 60_000)

  async function publish(name: string, creation: string[]) {
    const file = path.join(dir, `${name}.tif`)
    execFileSync('gdal_translate', ['-q', ...creation.flatMap((c) => ['-co', c]), source, file])
    const catalog = path.join(dir, `catalog-${name}`)
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const code = await main(['publish', file, '--catalog', catalog, '--id', name, '--title', name])
    vi.restoreAllMocks()
    expect(code, errors.join('\n')).toBe(0)
    const entry = (JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog).layers[0] as RasterLayerEntry
    const tiff = await fromArrayBuffer(new Uint8Array(await fs.readFile(path.join(catalog, entry.href))).slice().buffer)
    return { file, entry, tiff }
  }

  /** GDAL's R, G, B at the points (one gdallocationinfo call). */
  function gdalValues(file: string): number[][] {
    const out = execFileSync('gdallocationinfo', ['-valonly', file], { input: POINTS.map(([x, y]) => `${x} ${y}`).join('\n') + '\n' }).toString()
    const v = out.trim().split(/\s+/).map(Number)
    return POINTS.map((_, i) => v.slice(i * 3, i * 3 + 3))
  }

  async function check(name: string, creation: string[], tolerance: number) {
    const { file, entry, tiff } = await publish(name, creation)
    expect([entry.width, entry.height, entry.bands, entry.style.kind]).toEqual([W, H, 3, 'rgb'])
    // Overviews halve down to one 256-pixel tile: 3001 → 1501 → 751 → 376 → 188.
    expect(await tiff.getImageCount()).toBe(5)
    const image = await tiff.getImage(0)
    const expected = gdalValues(file)
    for (const [i, [x, y]] of POINTS.entries()) {
      const got = Array.from((await image.readRasters({ window: [x, y, x + 1, y + 1], interleave: true })) as unknown as Uint8Array)
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c] - expected[i][c]), `${name} pixel ${x},${y} band ${c + 1}: ${got} vs GDAL ${expected[i]}`).toBeLessThanOrEqual(tolerance)
    }
  }

  it('publishes a striped JPEG/YCbCr orthophoto (16-row strips)', async () => {
    // libjpeg (GDAL) and geotiff.js decode JPEG with different IDCTs: a few counts apart (docs/raster.md).
    await check('jpeg_strips', ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR', 'JPEG_QUALITY=85'], 4)
  })

  it('publishes a striped DEFLATE image whose strips (7 rows) do not fit the 256-row tiles', async () => {
    await check('deflate_strips', ['COMPRESS=DEFLATE', 'BLOCKYSIZE=7'], 0)
  })

  it('publishes a tiled JPEG/YCbCr image with 512-pixel tiles', async () => {
    await check('jpeg_tiles', ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR', 'TILED=YES', 'BLOCKXSIZE=512', 'BLOCKYSIZE=512'], 4)
  })

  it('refuses an input above the limit in decoded bytes, in one line naming the file, its size, the limit and a fix', async () => {
    // Injected limit: the 3001 × 2003 RGB source (17.2 MiB of samples) against 16 MiB.
    const projections = new Projections()
    const bytes = new Uint8Array(await fs.readFile(source))
    await expect(prepareRasterLayer(bytes, { id: 'x', file: source, metadata: { title: 'X', access: 'public' }, projections, maxBytes: 16 * 1024 ** 2 }))
      .rejects.toThrow(/source\.tif: has 3001×2003 pixels × 3 bands = 17\.2 MiB of samples; the limit for publishing is 16 MiB \(about 2000×2000 pixels of this kind\)\. To fix: cut it into tiles \(gdal_retile\.py -ps 2000 2000 -targetDir tiles source\.tif\)/)
    // The real limit: a sparse 19 000 × 19 000 RGB file (a few kB on disk, 1.01 GiB of samples).
    expect(MAX_RASTER_BYTES).toBe(1024 ** 3)
    const huge = path.join(dir, 'huge.tif')
    execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', '19000', '19000', '-bands', '3', '-ot', 'Byte', '-a_srs', 'EPSG:25832', '-a_ullr', '420000', '5720000', '421900', '5718100', '-co', 'SPARSE_OK=TRUE', '-co', 'TILED=YES', '-co', 'PHOTOMETRIC=RGB', huge])
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    const code = await main(['publish', huge, '--catalog', path.join(dir, 'catalog-huge'), '--id', 'huge', '--title', 'Huge'])
    vi.restoreAllMocks()
    expect(code).toBe(1)
    expect(errors).toEqual([expect.stringMatching(/huge\.tif: has 19000×19000 pixels × 3 bands = 1\.01 GiB of samples; the limit for publishing is 1 GiB \(about 18000×18000 pixels of this kind\)\. To fix: cut it into tiles/)])
    expect(errors[0]).not.toContain('\n')
  })
})
