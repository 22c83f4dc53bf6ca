// Raster publishing: any GeoTIFF in EPSG:25832 → tiled, DEFLATE COG with overviews and statistics.
import type { GeoTIFFImage } from 'geotiff'
import type { BBox, RasterLayerEntry, RasterStyle } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import type { LayerFiles } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { writeCog, type RasterArray } from '../writers/cog.ts'
import { lonLatExtent, pickEntryMeta } from './entry.ts'
import { defaultRasterStyle } from './style.ts'
import { geoRef } from '../../src/sources/raster/read/georef.ts'
import { limitDecompression } from '../../src/sources/raster/read/boundedDeflate.ts'

/** Read whole into memory; larger rasters need a streaming converter (documented limit). */
export const MAX_RASTER_PIXELS = 64_000_000

export interface RasterPublishOptions {
  id: string
  file: string
  metadata: LayerMetadata
  style?: RasterStyle
  projections: Projections
}

export function geoTiffEpsg(image: GeoTIFFImage): number | null {
  const keys = (image.getGeoKeys?.() ?? {}) as Record<string, number>
  return keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey ?? null
}

export async function prepareRasterLayer(bytes: Uint8Array, opts: RasterPublishOptions): Promise<LayerFiles> {
  const { file, id, metadata, projections } = opts
  let image: GeoTIFFImage
  try {
    const geotiff = await import('geotiff')
    limitDecompression(geotiff)
    const tiff = await geotiff.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    image = await tiff.getImage(0)
  } catch (e) {
    throw new InputError(file, `is not a readable GeoTIFF (${(e as Error).message})`)
  }
  const width = image.getWidth()
  const height = image.getHeight()
  if (width * height > MAX_RASTER_PIXELS) {
    throw new InputError(file, `has ${width}×${height} pixels; the limit for publishing is ${MAX_RASTER_PIXELS / 1e6} M pixels`)
  }
  // Damaged tags make geotiff.js throw while answering simple questions (found by test/fuzz): name the file.
  const tags = <T>(what: string, fn: () => T): T => {
    try {
      return fn()
    } catch (e) {
      throw new InputError(file, `has damaged ${what} (${(e as Error)?.message ?? String(e)})`)
    }
  }
  const epsg = tags('GeoTIFF keys', () => geoTiffEpsg(image))
  if (epsg === null || epsg === 32767) {
    throw new InputError(file, 'declares no EPSG code; assign one, e.g. gdal_translate -a_srs EPSG:25832 in.tif out.tif')
  }
  if (`EPSG:${epsg}` !== WORK_CRS) {
    throw new InputError(file, `is in EPSG:${epsg}; rasters must be EPSG:25832 for now (gdalwarp -t_srs EPSG:25832 in.tif out.tif)`)
  }
  if (tags('band count', () => image.getSamplesPerPixel()) !== 1) {
    throw new InputError(file, `has ${image.getSamplesPerPixel()} bands; only single-band rasters are supported so far`)
  }
  const { originX, originY, resX, resY } = tags('georeferencing', () => geoRef(image))
  if (![originX, originY, resX, resY].every(Number.isFinite) || !(resX > 0)) {
    throw new InputError(file, `has damaged georeferencing (origin ${originX}, ${originY}, pixel size ${resX} × ${resY})`)
  }
  if (Math.abs(resX - resY) > 1e-9 * resX) {
    throw new InputError(file, `has non-square pixels (${resX} × ${resY}); resample it to square pixels`)
  }
  const noData = tags('GDAL nodata tag', () => image.getGDALNoData())
  let data: RasterArray
  try {
    data = ((await image.readRasters({ interleave: false })) as unknown as RasterArray[])[0]
  } catch (e) {
    throw new InputError(file, `is damaged: its pixel data cannot be read (${(e as Error)?.message ?? String(e)})`)
  }
  const pixelSize = resX
  const { bytes: cog, stats } = writeCog({ width, height, data, originX, originY, pixelSize, epsg, noData })
  if (!stats.validCount) throw new InputError(file, 'contains only nodata pixels')
  const bbox: BBox = [originX, originY - height * pixelSize, originX + width * pixelSize, originY]
  let bbox4326: BBox
  try {
    bbox4326 = lonLatExtent(bbox, projections)
  } catch (e) {
    throw new InputError(file, `lies outside the area EPSG:25832 can describe (${bbox.map((v) => Math.round(v)).join(', ')}: ${(e as Error).message})`)
  }
  const quality: RasterQualityReport = {
    crs: WORK_CRS,
    sourceCrs: `EPSG:${epsg}`,
    bbox,
    width,
    height,
    resolution: pixelSize,
    bands: 1,
    noDataRate: 1 - stats.validCount / (width * height),
    findings: [],
  }
  const entry: Omit<RasterLayerEntry, 'href' | 'metaHref'> = {
    id,
    title: metadata.title,
    kind: 'raster',
    bbox,
    bbox4326,
    access: metadata.access,
    width,
    height,
    bands: 1,
    noData,
    min: stats.min,
    max: stats.max,
    ...(metadata.attributes?.value?.unit ? { unit: metadata.attributes.value.unit } : {}),
    style: opts.style ?? defaultRasterStyle(stats.min, stats.max),
    bytes: cog.length,
    ...pickEntryMeta(metadata),
  }
  return { entry, dataFile: { name: `${id}.tif`, bytes: cog }, document: { id, kind: 'raster', metadata, quality } }
}
