// The real rasters published as COG are no larger than 1.1× gdal_translate's COG with the same compression (the
// smaller of GDAL's with and without predictor) and hold the source's pixels exactly (GDAL and geotiff.js). Issue
// #19: the quasigeoid (Float32) grew from 291 kB to 942 kB without a predictor. Demo rasters:
// cli/publish/rasterSize.test.ts.
import { describeCogSizes } from '../helpers/cogSize.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const real = (file: string, predictors: number[]) => ({ name: file, source: async () => shared('raster', file), predictors })

describeCogSizes('real rasters: published COG size against gdal_translate -of COG -co COMPRESS=DEFLATE', sharedDataUnavailable() ?? gdalToolsMissing('gdal_translate'), [
  // Smooth: the floating-point predictor.
  real('gcg2016_quasigeoid_kreis_soest_100m_25832_cog.tif', [3]),
  real('gcg2016_quasigeoid_nrw_1000m_25832_cog.tif', [3]),
  // A 1 m surface model in centimetres: values repeat exactly, so without a predictor it is smaller.
  real('nrw_dom1_32_356_5699_1_nw_2020.tif', [1]),
  real('nrw_dom1_32_356_5699_1_nw_2020_cog.tif', [1]),
])
