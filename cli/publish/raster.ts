// Raster publishing: a single-band GeoTIFF in EPSG:25832 → tiled, DEFLATE COG with overviews and statistics. Anything
// else is refused with one message saying what is wrong and which GDAL command fixes it.
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
import { existsSync } from 'node:fs'
import path from 'node:path'

/** TIFF Compression tag values by name; the publisher (Node) can decode those in READABLE_COMPRESSIONS. */
const COMPRESSION_NAMES: Record<number, string> = {
  1: 'no', 2: 'CCITT RLE', 3: 'CCITT Group 3', 4: 'CCITT Group 4', 5: 'LZW', 6: 'old-style JPEG', 7: 'JPEG',
  8: 'DEFLATE', 32946: 'DEFLATE', 32773: 'PackBits', 34676: 'SGILog', 34677: 'SGILog24', 34712: 'JPEG 2000',
  34887: 'LERC', 34925: 'LZMA', 50000: 'ZSTD', 50001: 'WebP', 50002: 'JPEG-XL',
}
// WebP needs the browser's createImageBitmap; LZMA, JPEG-XL, JPEG 2000 and CCITT have no decoder in geotiff.js.
const READABLE_COMPRESSIONS = new Set([1, 5, 7, 8, 32946, 32773, 34887, 50000])

/** Raw JS errors (RangeError from a DataView …) mean the file ends before the data its header points to. */
function explain(e: unknown): string {
  const m = (e as Error)?.message ?? String(e)
  if (/outside the bounds|out of range|beyond the end|unexpected end|Invalid typed array length|buffer error/i.test(m)) {
    return 'the file is truncated or its internal offsets are damaged'
  }
  if (/Cannot read propert|undefined|null|is not a function|Maximum call stack/i.test(m)) return 'its TIFF structure is damaged'
  return m
}

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
    if (bytes.length === 0) throw new InputError(file, 'is not a readable GeoTIFF (the file is empty)')
    if (bytes.length < 8) throw new InputError(file, `is not a readable GeoTIFF (only ${bytes.length} bytes: truncated)`)
    const magic = String.fromCharCode(bytes[0], bytes[1])
    if (magic !== 'II' && magic !== 'MM') throw new InputError(file, 'is not a readable GeoTIFF (it does not start with a TIFF header)')
    throw new InputError(file, `is not a readable GeoTIFF (${explain(e)})`)
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
      throw new InputError(file, `has damaged ${what} (${explain(e)})`)
    }
  }
  // Everything that keeps the file from being published goes into one message (one error line per file).
  const problems: string[] = []
  const fixes = new Set<string>()
  const name = path.basename(file)
  const compression = tags('compression tag', () => (image.fileDirectory.getValue('Compression') as number | undefined) ?? 1)
  if (!READABLE_COMPRESSIONS.has(compression)) {
    problems.push(`uses ${COMPRESSION_NAMES[compression] ?? `unknown (code ${compression})`} compression, which the publisher cannot read`)
    fixes.add(`convert with gdal_translate -co COMPRESS=DEFLATE ${name} ${name.replace(/\.\w+$/, '')}_deflate.tif`)
  }
  const bands = tags('band count', () => image.getSamplesPerPixel())
  if (bands !== 1) {
    const photometric = tags('colour tags', () => image.fileDirectory.getValue('PhotometricInterpretation') as number | undefined)
    const kind = photometric === 2 || photometric === 6 ? ' (an RGB image, e.g. an orthophoto)' : ''
    problems.push(`has ${bands} bands${kind}; only single-band rasters (elevation, classes, measurements) can be published so far`)
  }
  const epsg = tags('GeoTIFF keys', () => geoTiffEpsg(image))
  // Measurements resample bilinearly; classes, palette indices and other integers must keep their values.
  const continuous = tags('sample format', () => image.getSampleFormat()) === 3
  const warp = `gdalwarp -t_srs EPSG:25832 -r ${continuous ? 'bilinear' : 'near'} ${name} ${name.replace(/\.\w+$/, '')}_25832.tif`
  const worldFile = ['.tfw', '.tifw', '.wld'].map((x) => file.replace(/\.\w+$/, x)).find((f) => existsSync(f))
  if (epsg === null || epsg === 32767) {
    if (worldFile) {
      problems.push(`has no GeoTIFF keys (its world file ${path.basename(worldFile)} gives the position but not the coordinate system)`)
      fixes.add(`let GDAL write both into the file, e.g. gdal_translate -a_srs EPSG:25832 ${name} out.tif`)
    } else {
      problems.push('declares no EPSG code for its coordinate system')
      fixes.add(`assign the right one (e.g. gdal_translate -a_srs EPSG:25832 ${name} out.tif), or if it is in another system: ${warp}`)
    }
  } else if (`EPSG:${epsg}` !== WORK_CRS) {
    const known = projections.has(`EPSG:${epsg}`) ? '' : ', a coordinate system the portal does not know'
    problems.push(`is in EPSG:${epsg}${known}; the publisher does not reproject rasters yet, they must be in EPSG:25832`)
    fixes.add(`warp it: ${warp}`)
  }
  const hasAffine = tags('georeferencing', () => image.fileDirectory.hasTag('ModelPixelScale') || image.fileDirectory.hasTag('ModelTransformation'))
  if (!hasAffine && !worldFile) {
    problems.push('has no geotransform (it is georeferenced by control points or not at all)')
    fixes.add(`warp it: ${warp}`)
  } else if (hasAffine) {
    const m = tags('georeferencing', () => image.fileDirectory.getValue('ModelTransformation') as number[] | undefined)
    if (m && (m[1] !== 0 || m[4] !== 0)) {
      problems.push('is rotated (its geotransform has rotation terms)')
      fixes.add(`warp it: ${warp}`)
    }
  }
  if (problems.length) throw new InputError(file, `${problems.join('; it also ')}${fixes.size ? `. To fix: ${[...fixes].join('; ')}` : ''}`)
  const { originX, originY, resX, resY } = tags('georeferencing', () => geoRef(image))
  if (![originX, originY, resX, resY].every(Number.isFinite) || !(resX > 0)) {
    throw new InputError(file, `has damaged georeferencing (origin ${originX}, ${originY}, pixel size ${resX} × ${resY})`)
  }
  if (Math.abs(resX - resY) > 1e-9 * resX) {
    throw new InputError(file, `has non-square pixels (${resX} × ${resY}); resample it to square pixels`)
  }
  const noData = tags('GDAL nodata tag', () => image.getGDALNoData())
  // GDAL keeps a band's scale/offset (e.g. Int16 decimetres × 0.01 → metres) in GDAL_METADATA; the COG keeps it too.
  let gdalXml = ''
  try {
    gdalXml = String((await image.fileDirectory.loadValue(42112)) ?? '')
  } catch (e) {
    throw new InputError(file, `has damaged GDAL metadata (${explain(e)})`)
  }
  const role = (r: string) => {
    const m = new RegExp(`<Item[^>]*role="${r}"[^>]*>([^<]*)</Item>`).exec(gdalXml)
    const v = m ? Number(m[1]) : NaN
    return Number.isFinite(v) ? v : null
  }
  const scale = role('scale')
  const offset = role('offset')
  const scaled = (scale !== null && scale !== 1) || (offset !== null && offset !== 0)
  let data: RasterArray
  try {
    data = ((await image.readRasters({ interleave: false })) as unknown as RasterArray[])[0]
  } catch (e) {
    throw new InputError(file, `is damaged: its pixel data cannot be read (${explain(e)})`)
  }
  const pixelSize = resX
  const { bytes: cog, stats } = writeCog({ width, height, data, originX, originY, pixelSize, epsg: epsg as number, noData, ...(scaled ? { scale: scale ?? 1, offset: offset ?? 0 } : {}) })
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
    findings: scaled
      ? [{ criterion: 'verständlich', severity: 'warning', featureIds: [], message: `pixel values are stored scaled (value × ${scale ?? 1} + ${offset ?? 0}); the published COG keeps the raw values and this scale/offset, but the portal's colour ramp and readout show raw values` }]
      : [],
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
