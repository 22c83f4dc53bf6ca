// Published COGs of the demo rasters and of seeded integer rasters are no larger than 1.1× gdal_translate's COG
// with the same compression (the smaller of GDAL's with and without predictor), and hold the source's pixels
// exactly as GDAL and geotiff.js decode them. The real rasters: test/realdata/rasterSize.test.ts.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { mulberry32 } from '../../scripts/random.ts'
import { describeCogSizes } from '../../test/helpers/cogSize.ts'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'
import { writeCog, type RasterArray } from '../writers/cog.ts'

const DATA = path.resolve(import.meta.dirname, '../../data/layers')

async function demoRaster(id: string): Promise<string> {
  const [version] = await fs.readdir(path.join(DATA, id))
  return path.join(DATA, id, version, `${id}.tif`)
}

/** A smooth seeded surface (hills) with noise of ±`noise`, as the given type (rounded to integers but for floats). */
function seeded<T extends RasterArray>(Type: { new (n: number): T }, seed: number, scale: number, noise: number, width = 700, height = 530): T {
  const rand = mulberry32(seed)
  const hills = Array.from({ length: 12 }, () => ({ x: rand() * width, y: rand() * height, r: 40 + rand() * 160, h: rand() * scale }))
  const data = new Type(width * height)
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      let z = scale / 4
      for (const h of hills) z += h.h * Math.exp(-((i - h.x) ** 2 + (j - h.y) ** 2) / (h.r * h.r))
      const v = z + (rand() - 0.5) * 2 * noise
      data[j * width + i] = data instanceof Float32Array ? v : Math.round(v)
    }
  }
  return data
}

/** A seeded source raster of `Type`, written as a GeoTIFF into `work`. */
function seededFile(Type: { new (n: number): RasterArray; name: string }, predictors: number[]) {
  return {
    name: `seeded ${Type.name.replace('Array', '')} surface`,
    source: async (work: string) => {
      const file = path.join(work, `${Type.name}.tif`)
      const data = seeded(Type, 19, Type === Int32Array ? 200_000 : 3000, Type === Float32Array ? 0.01 : 2)
      await fs.writeFile(file, writeCog({ width: 700, height: 530, data, originX: 430000, originY: 5720000, pixelSize: 10, epsg: 25832, noData: null }).bytes)
      return file
    },
    predictors,
  }
}

// The predictor each may get: a float raster whose values repeat exactly (0.1 m steps) may compress better
// without one (CogWriter tries both); a smooth float surface gets the floating-point predictor.
describeCogSizes('published COG size against gdal_translate -of COG -co COMPRESS=DEFLATE', gdalToolsMissing('gdal_translate'), [
  { name: 'demo terrain (Float32, 0.1 m steps)', source: () => demoRaster('demo-gelaende'), predictors: [1, 3] },
  { name: 'demo aerial photo (8-bit RGB)', source: () => demoRaster('demo-luftbild'), predictors: [2] },
  seededFile(Float32Array, [3]),
  seededFile(Int16Array, [2]),
  seededFile(Uint16Array, [2]),
  seededFile(Int32Array, [2]),
])
