// The GeoTIFF corpus (../shared/data/corpus-geotiff): every file is either published with the values GDAL 3.6.2
// reads (EXPECTED_gdal362.json: size, nodata, pixels at points, checksum, min/max) or refused with exactly one
// error line that names the file and gives a reason a data officer can act on — never a raw JS error.
import { existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, RasterLayerEntry } from '../../src/model/catalog.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

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

const RAW_JS_ERROR = /Cannot read propert|is not a function|is not defined|outside the bounds|Invalid typed array|undefined|RangeError|TypeError|Maximum call stack/i

function corpusFiles(): string[] {
  const root = shared('corpus-geotiff')
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(tiff?|cog)$/i.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort()
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
    console.log(
      [`GeoTIFF corpus: ${count('published-equal')} published-and-equal, ${count('refused')} refused-with-reason, ${rows.length - count('published-equal') - count('refused')} failing`]
        .concat(rows.map(([f, o, d]) => `${f.padEnd(w)}  ${o.padEnd(15)}  ${d}`))
        .join('\n'),
    )
    await fs.rm(dir, { recursive: true, force: true })
  })

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
        rows.push([rel, 'refused', errors.join(' | ')])
        expect(errors, 'exactly one error line').toHaveLength(1)
        const msg = errors[0]
        expect(msg).toContain(path.basename(rel))
        expect(msg).not.toMatch(RAW_JS_ERROR)
        return
      }
      // Published: the COG must hold GDAL's values (for the documented GDAL misread: the correct_* values).
      try {
        expect(exp.open_error ?? exp.read_error, 'GDAL cannot read this file, so we must not publish it').toBeUndefined()
        const pixels = exp.correct_pixels_float64 ?? exp.pixels_float64!
        const checksum = (exp.correct_checksums ?? exp.checksums)?.[0]
        const stats = exp.correct_band1_stats_min_max_mean_std ?? exp.band1_stats_min_max_mean_std
        const c = JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog
        const entry = c.layers.find((l) => l.id === id) as RasterLayerEntry
        const tiff = await fromArrayBuffer(new Uint8Array(await fs.readFile(path.join(catalog, entry.href))).slice().buffer)
        const image = await tiff.getImage(0)
        expect([image.getWidth(), image.getHeight()]).toEqual([exp.width, exp.height])
        const nodata = exp.nodata === 'nan' ? NaN : (exp.nodata as number | null)
        const ours = image.getGDALNoData()
        expect(nodata === null ? ours === null : ours !== null && same(ours, nodata), `nodata ${ours} vs GDAL ${exp.nodata}`).toBe(true)
        const band = ((await image.readRasters({ interleave: false })) as unknown as ArrayLike<number>[])[0]
        for (const [key, [v]] of Object.entries(pixels)) {
          const [x, y] = key.split(',').map(Number)
          const got = band[y * exp.width! + x]
          expect(same(got, v), `pixel ${key}: ${got} vs GDAL ${v}`).toBe(true)
        }
        if (exp.scale !== null && exp.scale !== undefined) {
          const xml = String((await image.fileDirectory.loadValue(42112)) ?? '')
          const role = (r: string) => Number(new RegExp(`role="${r}"[^>]*>([^<]*)<`).exec(xml)?.[1])
          expect([role('scale'), role('offset')], 'scale/offset kept in the COG').toEqual([exp.scale, exp.offset ?? 0])
        }
        const float = image.getSampleFormat() === 3
        if (checksum !== undefined) expect(gdalChecksum(band, float), 'GDAL checksum').toBe(checksum)
        if (stats) {
          expect(same(entry.min ?? null, stats[0]) && same(entry.max ?? null, stats[1]), `min/max ${entry.min}/${entry.max} vs GDAL ${stats[0]}/${stats[1]}`).toBe(true)
        }
        rows.push([rel, 'published-equal', `${exp.width}×${exp.height} ${Object.keys(pixels).length} points, checksum ${checksum}`])
      } catch (e) {
        rows.push([rel, 'PUBLISHED-WRONG', (e as Error).message.split('\n')[0]])
        throw e
      }
    })
  }
})
