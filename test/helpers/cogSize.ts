// The published COG against gdal_translate's COG of the same raster (issue #19: "no larger than GDAL makes
// them"): sizes and values. GDAL's COG driver leaves the predictor off unless asked, and which is smaller depends
// on the data (smooth floats: with; values repeating exactly: without), so the publisher is held to the smaller
// of both, and GDAL reading our file back (with its predictor undone) must give the source's pixels exactly.
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'

export interface CogSizeResult {
  published: number
  gdal: number
  gdalPredictor: number
  /** published / min(gdal, gdalPredictor) */
  ratio: number
  predictor: number
  /** Bytes of the full-resolution pixels that differ between source and published, as GDAL decodes them. */
  gdalDiffering: number
  /** Samples that differ as geotiff.js (the portal's reader) decodes them (NaN equals NaN). */
  geotiffDiffering: number
  samples: number
}

/** The file's samples at full resolution as GDAL decodes them (raw, band-sequential, native byte order). */
function gdalPixels(file: string, out: string): Buffer {
  execFileSync('gdal_translate', ['-q', '-of', 'ENVI', file, out])
  return readFileSync(out)
}

export async function compareWithGdal(source: string, work: string, id: string): Promise<CogSizeResult> {
  const catalog = path.join(work, `catalog-${id}`)
  const code = await main(['publish', source, '--catalog', catalog, '--id', id, '--title', id])
  if (code !== 0) throw new Error(`publish of ${source} failed (${code})`)
  const [version] = await fs.readdir(path.join(catalog, 'layers', id))
  const published = path.join(catalog, 'layers', id, version, `${id}.tif`)
  const gdal = path.join(work, `${id}-gdal.tif`)
  const gdalPredictor = path.join(work, `${id}-gdal-predictor.tif`)
  execFileSync('gdal_translate', ['-q', '-of', 'COG', '-co', 'COMPRESS=DEFLATE', source, gdal])
  execFileSync('gdal_translate', ['-q', '-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=YES', source, gdalPredictor])
  const sizes = await Promise.all([published, gdal, gdalPredictor].map(async (f) => (await fs.stat(f)).size))
  const a = gdalPixels(source, path.join(work, `${id}-source.bin`))
  const b = gdalPixels(published, path.join(work, `${id}-published.bin`))
  let gdalDiffering = Math.abs(a.length - b.length)
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) gdalDiffering++
  const image = async (f: string) => (await fromArrayBuffer(new Uint8Array(readFileSync(f)).buffer)).getImage()
  const [src, pub] = await Promise.all([image(source), image(published)])
  const [x, y] = [(await src.readRasters({ interleave: true })) as ArrayLike<number>, (await pub.readRasters({ interleave: true })) as ArrayLike<number>]
  let geotiffDiffering = Math.abs(x.length - y.length)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (!Object.is(x[i], y[i])) geotiffDiffering++
  const predictor = Number(await pub.fileDirectory.loadValue('Predictor')) || 1
  const ratio = sizes[0] / Math.min(sizes[1], sizes[2])
  return { published: sizes[0], gdal: sizes[1], gdalPredictor: sizes[2], ratio, predictor, gdalDiffering, geotiffDiffering, samples: x.length }
}

export const describeSizes = (name: string, r: CogSizeResult) =>
  `${name}: published ${(r.published / 1000).toFixed(1)} kB (predictor ${r.predictor}), gdal_translate DEFLATE ${(r.gdal / 1000).toFixed(1)} kB, with PREDICTOR=YES ${(r.gdalPredictor / 1000).toFixed(1)} kB → ${r.ratio.toFixed(3)}×`

export interface CogSizeCase {
  name: string
  /** The source raster's path; `work` is the suite's temporary folder, for sources made on the spot. */
  source: (work: string) => Promise<string>
  /** The predictors the published COG may carry. */
  predictors: number[]
}

/** One test per raster: ≤ 1.1× GDAL's size, pixels identical, an expected predictor; skipped with `skip` as reason. */
export function describeCogSizes(title: string, skip: string | null, cases: CogSizeCase[]): void {
  if (skip) console.warn(`SKIPPED ${title}: ${skip}`)
  describe.skipIf(!!skip)(title, () => {
    let work = ''
    beforeAll(async () => {
      work = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-cogsize-'))
    })
    afterAll(async () => {
      if (work) await fs.rm(work, { recursive: true, force: true })
    })
    cases.forEach((c, i) => {
      it(`${c.name}: ≤ 1.1× GDAL's size, pixels identical`, async () => {
        const source = await c.source(work)
        vi.spyOn(console, 'log').mockImplementation(() => {})
        const r = await compareWithGdal(source, work, `r${i}`).finally(() => vi.restoreAllMocks())
        console.info(describeSizes(c.name, r))
        expect(r.gdalDiffering).toBe(0)
        expect(r.geotiffDiffering).toBe(0)
        expect(c.predictors).toContain(r.predictor)
        expect(r.ratio).toBeLessThanOrEqual(1.1)
      })
    })
  })
}
