// The real rasters published as COG are no larger than 1.1× gdal_translate's COG with the same compression (the
// smaller of GDAL's with and without predictor) and hold the source's pixels exactly (GDAL and geotiff.js). Issue
// #19: the quasigeoid (Float32) grew from 291 kB to 942 kB without a predictor. Demo rasters:
// cli/publish/rasterSize.test.ts.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { compareWithGdal, describeSizes } from '../helpers/cogSize.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? gdalToolsMissing('gdal_translate')
if (unavailable) console.warn(`SKIPPED real raster COG sizes: ${unavailable}`)

const RASTERS: [string, number[]][] = [
  // Smooth: the floating-point predictor.
  ['gcg2016_quasigeoid_kreis_soest_100m_25832_cog.tif', [3]],
  ['gcg2016_quasigeoid_nrw_1000m_25832_cog.tif', [3]],
  // A 1 m surface model in centimetres: values repeat exactly, so without a predictor it is smaller.
  ['nrw_dom1_32_356_5699_1_nw_2020.tif', [1]],
  ['nrw_dom1_32_356_5699_1_nw_2020_cog.tif', [1]],
]

describe.skipIf(!!unavailable)('real rasters: published COG size against gdal_translate -of COG -co COMPRESS=DEFLATE', () => {
  let work = ''
  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-cogsize-real-'))
  })
  afterAll(async () => {
    if (work) await fs.rm(work, { recursive: true, force: true })
  })

  for (const [file, predictor] of RASTERS) {
    it(`${file}: ≤ 1.1× GDAL's size, pixels identical`, async () => {
      vi.spyOn(console, 'log').mockImplementation(() => {})
      const r = await compareWithGdal(shared('raster', file), work, `r${RASTERS.findIndex(([f]) => f === file)}`)
      vi.restoreAllMocks()
      console.info(describeSizes(file, r))
      expect(r.gdalDiffering).toBe(0)
      expect(r.geotiffDiffering).toBe(0)
      expect(predictor).toContain(r.predictor)
      expect(r.ratio).toBeLessThanOrEqual(1.1)
    })
  }
})
