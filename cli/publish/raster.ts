// Raster publishing: a GeoTIFF in EPSG:25832 — one band of values, 8-bit RGB/RGBA (incl. JPEG/YCbCr orthophotos)
// or an 8-bit palette image (rasterBands.ts) — → tiled, DEFLATE COG with overviews and per-band statistics.
// Anything else is refused with one message saying what is wrong and which GDAL command fixes it.
import type { GeoTIFF, GeoTIFFImage } from 'geotiff'
import type { BBox, RasterLayerEntry, RasterStyle } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import type { LayerFiles } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { writeCog, type CogColour, type RasterStats } from '../writers/cog.ts'
import { bandLayout, paletteEntries, readBands, type BandLayout, type ReadBands } from './rasterBands.ts'
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

/**
 * Inputs are read whole into memory (COG or not, tiled or stripped); larger rasters are refused with a fix
 * (docs/raster.md). Publishing them would need a streaming COG writer (window by window, overviews built as rows
 * arrive) — converting with gdal3.js does not help, as it holds input and output in WebAssembly memory.
 */
export const MAX_RASTER_PIXELS = 640_000_000

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
  let tiff: GeoTIFF
  try {
    const geotiff = await import('geotiff')
    limitDecompression(geotiff)
    tiff = await geotiff.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
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
    const name = path.basename(file)
    throw new InputError(file, `has ${width}×${height} pixels; the limit for publishing is ${MAX_RASTER_PIXELS / 1e6} M pixels (the file is read whole). To fix: cut it into tiles (gdal_retile.py -ps 8000 8000 -targetDir tiles ${name}) and publish them as separate layers, or coarsen it (gdal_translate -tr <metres> <metres> ${name} ${name.replace(/\.\w+$/, '')}_coarse.tif)`)
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
  let layout = tags('band and colour tags', () => bandLayout(image, name))
  if ('problem' in layout) {
    problems.push(layout.problem)
    fixes.add(layout.fix)
  }
  const epsg = tags('GeoTIFF keys', () => geoTiffEpsg(image))
  // Measurements and photos resample bilinearly; classes, palette indices and other integers must keep their values.
  const continuous = tags('sample format', () => image.getSampleFormat()) === 3 || ('kind' in layout && layout.kind === 'rgb')
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
  if (problems.length || 'problem' in layout) throw new InputError(file, `${problems.join('; it also ')}${fixes.size ? `. To fix: ${[...fixes].join('; ')}` : ''}`)
  if (layout.kind !== 'single' && opts.style && (opts.style.kind ?? 'ramp') !== (layout.kind === 'rgb' ? 'rgb' : 'palette')) {
    throw new InputError(file, `is ${layout.kind === 'rgb' ? 'an RGB image' : 'a palette image'}, but its style is a colour ramp; give a style with "kind": "${layout.kind}" (or none)`)
  }
  if (layout.kind === 'single' && opts.style?.kind && opts.style.kind !== 'ramp') {
    throw new InputError(file, `has one band of values, but its style is of kind "${opts.style.kind}"; give a style with a colour ramp (or none)`)
  }
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
  let read: ReadBands
  try {
    read = await readBands(image, layout)
    // An RGB image with an internal mask (GDAL's way to keep JPEG orthophoto collars out): the mask becomes alpha.
    if (layout.kind === 'rgb' && !layout.alpha) {
      const mask = await internalMask(tiff, image)
      if (mask) {
        read = { bands: [...read.bands, mask] }
        layout = { ...layout, alpha: true }
      }
    }
  } catch (e) {
    throw new InputError(file, `is damaged: its pixel data cannot be read (${explain(e)})`)
  }
  const pixelSize = resX
  const colour: CogColour = layout.kind === 'rgb' ? { kind: 'rgb', alpha: layout.alpha } : layout.kind === 'palette' ? { kind: 'palette', colorMap: read.colorMap! } : { kind: 'gray' }
  const { bytes: cog, stats, bandStats, validPixels } = writeCog({ width, height, bands: read.bands, colour, originX, originY, pixelSize, epsg: epsg as number, noData, ...(scaled ? { scale: scale ?? 1, offset: offset ?? 0 } : {}) })
  if (!validPixels) throw new InputError(file, layout.kind === 'rgb' && layout.alpha ? 'contains only nodata or fully transparent pixels' : 'contains only nodata pixels')
  const colourStats = layout.kind === 'rgb' ? bandStats.slice(0, 3) : [stats]
  const min = Math.min(...colourStats.map((b) => b.min))
  const max = Math.max(...colourStats.map((b) => b.max))
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
    bands: read.bands.length,
    noDataRate: 1 - validPixels / (width * height),
    ...(read.bands.length > 1 ? { bandStats: bandStats.map(({ min, max, mean, stdDev }) => ({ min, max, mean, stdDev })) } : {}),
    findings: scaled
      ? [{ criterion: 'verständlich', severity: 'warning', featureIds: [], code: 'raster_scaled' as const, params: { scale: scale ?? 1, offset: offset ?? 0 }, message: `pixel values are stored scaled (value × ${scale ?? 1} + ${offset ?? 0}); the published COG keeps the raw values and this scale/offset, but the portal's colour ramp and readout show raw values` }]
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
    bands: read.bands.length,
    noData,
    min,
    max,
    ...(metadata.attributes?.value?.unit ? { unit: metadata.attributes.value.unit } : {}),
    style: rasterStyle(layout, opts.style, read, bandStats, noData),
    bytes: cog.length,
    ...pickEntryMeta(metadata),
  }
  return { entry, dataFile: { name: `${id}.tif`, bytes: cog }, document: { id, kind: 'raster', metadata, quality } }
}

// A band without valid pixels has no mean (NaN): it counts as 0 in the swatch.
/**
 * The per-dataset mask of an image (TIFF: the next IFD with NewSubfileType "transparency mask", Photometric 4, the
 * same size) as an 8-bit alpha band (0 or 255), or null when there is none. Other IFDs are overviews: not read.
 */
async function internalMask(tiff: GeoTIFF, image: GeoTIFFImage): Promise<Uint8Array | null> {
  let next: GeoTIFFImage
  try {
    next = await tiff.getImage(1)
  } catch {
    return null
  }
  const subfile = Number(next.fileDirectory.getValue('NewSubfileType') ?? 0)
  if ((subfile & 5) !== 4 || next.fileDirectory.getValue('PhotometricInterpretation') !== 4) return null
  if (next.getWidth() !== image.getWidth() || next.getHeight() !== image.getHeight()) return null
  const [mask] = (await next.readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
  return Uint8Array.from(mask, (v) => (v ? 255 : 0))
}

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => Math.round(Number.isFinite(v) ? v : 0).toString(16).padStart(2, '0')).join('')}`

/**
 * The style the portal draws with. The file decides the kind; a style file may set the opacity and, for palette
 * images, colours and labels per index. `ramp` is always present: it is the layer list's swatch and what a
 * portal that predates kinds draws (band 1 through the ramp).
 */
function rasterStyle(layout: BandLayout, given: RasterStyle | undefined, read: ReadBands, bandStats: RasterStats[], noData: number | null): RasterStyle {
  if (layout.kind === 'single') return given ?? defaultRasterStyle(bandStats[0].min, bandStats[0].max)
  const opacity = given?.opacity ?? 1
  if (layout.kind === 'rgb') {
    const mean = hex(bandStats[0].mean, bandStats[1].mean, bandStats[2].mean)
    return { kind: 'rgb', ramp: [[0, '#000000'], [128, mean], [255, '#ffffff']], opacity }
  }
  const fromFile = paletteEntries(read.colorMap!, read.bands[0], noData)
  // Labels (and colours) from the style file win; indices the file does not use are dropped.
  const labels = new Map((given?.palette ?? []).map((p) => [p[0], p]))
  const palette: [number, string, string?][] = fromFile.map(([v, c]) => {
    const g = labels.get(v)
    return g ? [v, g[1], ...(g[2] !== undefined ? [g[2]] : [])] as [number, string, string?] : [v, c]
  })
  const ramp: [number, string][] = palette.map(([v, c]) => [v, c])
  if (ramp.length === 1) ramp.push([ramp[0][0] + 1, ramp[0][1]])
  return { kind: 'palette', palette, ramp, resampling: 'nearest', opacity }
}
