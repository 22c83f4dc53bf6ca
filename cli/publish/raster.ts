// Raster publishing: a GeoTIFF in EPSG:25832 — one band of values, 8-bit RGB/RGBA (incl. JPEG/YCbCr orthophotos)
// or an 8-bit palette image (rasterBands.ts) — → tiled, DEFLATE COG with overviews and per-band statistics.
// Anything else is refused with one message saying what is wrong and which GDAL command fixes it.
import type { GeoTIFF, GeoTIFFImage } from 'geotiff'
import type { BBox, RasterLayerEntry, RasterStyle } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import type { LayerFiles } from '../catalog/store.ts'
import { reprojectRasterRows } from './rasterReproject.ts'
import { InputError } from '../readers/errors.ts'
import { CogWriter, type CogColour, type RasterArray, type RasterStats } from '../writers/cog.ts'
import { bandLayout, colorMapOf, paletteEntries, readRows, type BandLayout } from './rasterBands.ts'
import { layerEntry, lonLatExtent } from './entry.ts'
import { defaultRasterStyle } from './style.ts'
import { geoRef } from '../../src/sources/raster/read/georef.ts'
import { boundDecoders } from '../../src/sources/raster/read/decode/register.ts'
import { BlockLimitError } from '../../src/sources/raster/read/decode/limits.ts'
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
 * The most decoded sample bytes (width × height × bands × bytes per sample) an input may have: 1 GiB, e.g.
 * 18 900 × 18 900 pixels of 8-bit RGB or 16 384 × 16 384 of Float32. Inputs are read window by window and the
 * COG is written as the rows arrive (CogWriter); what stays in memory is the input file, the compressed tiles
 * (twice while the output file is put together), the first overview (a quarter of the samples) and a few
 * hundred rows — about 0.8 GB for a 10 000 × 10 000 RGB orthophoto (docs/raster.md). Larger inputs are refused
 * with a fix.
 */
export const MAX_RASTER_BYTES = 1024 ** 3

export interface RasterPublishOptions {
  id: string
  file: string
  metadata: LayerMetadata
  style?: RasterStyle
  projections: Projections
  /** Overrides MAX_RASTER_BYTES (tests). */
  maxBytes?: number
}

const sizeText = (bytes: number) => (bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`)

/**
 * Where reprojected rasters may lie, in lon/lat: within about 12° of the zone's central meridian (9° E), in Europe.
 * Beyond it, UTM 32 stretches the data by several per cent and more — a world or continent raster belongs in
 * another portal, or must be cut to the region first.
 */
const WORK_REGION = { minLon: -3, maxLon: 21, minLat: 40, maxLat: 72 }
const WORK_REGION_TEXT = `${WORK_REGION.minLon}° to ${WORK_REGION.maxLon}° E, ${WORK_REGION.minLat}° to ${WORK_REGION.maxLat}° N`

/** The source extent in lon/lat when it leaves WORK_REGION (as text for the message), else null. */
function outsideWorkRegion(projections: Projections, crs: string, originX: number, originY: number, w: number, h: number): string | null {
  const toLonLat = projections.forward(crs, 'EPSG:4326')
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity
  for (let i = 0; i <= 8; i++) {
    for (const [fx, fy] of [[i / 8, 0], [i / 8, 1], [0, i / 8], [1, i / 8]]) {
      let lon = NaN
      let lat = NaN
      try {
        ;[lon, lat] = toLonLat([originX + fx * w, originY - fy * h])
      } catch {
        // a point the transform cannot take counts as outside
      }
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'points outside the area its coordinate system can describe'
      minLon = Math.min(minLon, lon)
      maxLon = Math.max(maxLon, lon)
      minLat = Math.min(minLat, lat)
      maxLat = Math.max(maxLat, lat)
    }
  }
  const inside = minLon >= WORK_REGION.minLon && maxLon <= WORK_REGION.maxLon && minLat >= WORK_REGION.minLat && maxLat <= WORK_REGION.maxLat
  const f = (v: number) => v.toFixed(1)
  return inside ? null : `${f(minLon)}° to ${f(maxLon)}° E, ${f(minLat)}° to ${f(maxLat)}° N`
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
    boundDecoders(geotiff)
    // The file's own buffer when the bytes fill it (no copy of a file of hundreds of MB); geotiff.js only reads it.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    tiff = await geotiff.fromArrayBuffer(whole ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer))
    image = await tiff.getImage(0)
  } catch (e) {
    if (bytes.length === 0) throw new InputError(file, 'is not a readable GeoTIFF (the file is empty)')
    if (bytes.length < 8) throw new InputError(file, `is not a readable GeoTIFF (only ${bytes.length} bytes: truncated)`)
    const magic = String.fromCharCode(bytes[0], bytes[1])
    if (magic !== 'II' && magic !== 'MM') throw new InputError(file, 'is not a readable GeoTIFF (it does not start with a TIFF header)')
    throw new InputError(file, `is not a readable GeoTIFF (${explain(e)})`)
  }
  const sourceWidth = image.getWidth()
  const sourceHeight = image.getHeight()
  if (!(sourceWidth > 0 && sourceHeight > 0)) throw new InputError(file, `has no pixels (its size tags say ${sourceWidth}×${sourceHeight})`)
  const maxBytes = opts.maxBytes ?? MAX_RASTER_BYTES
  let sampleBits = 0
  try {
    for (let i = 0; i < image.getSamplesPerPixel(); i++) sampleBits += image.getBitsPerSample(i)
  } catch {
    sampleBits = 8 // damaged band tags are reported below; the size still counts
  }
  const decoded = (sourceWidth * sourceHeight * Math.max(8, sampleBits)) / 8
  if (!(decoded <= maxBytes)) {
    const name = path.basename(file)
    // The largest square of this pixel type under the limit, rounded down to 1000 pixels: the tile size to cut.
    const side = Math.max(1000, Math.floor(Math.sqrt(maxBytes / (Math.max(8, sampleBits) / 8)) / 1000) * 1000)
    const bands = image.getSamplesPerPixel?.() ?? 1
    throw new InputError(file, `has ${sourceWidth}×${sourceHeight} pixels × ${bands} band${bands === 1 ? '' : 's'} = ${sizeText(decoded)} of samples; the limit for publishing is ${sizeText(maxBytes)} (about ${side}×${side} pixels of this kind). To fix: cut it into tiles (gdal_retile.py -ps ${side} ${side} -targetDir tiles ${name}) and publish them as separate layers, or coarsen it (gdal_translate -tr <metres> <metres> ${name} ${name.replace(/\.\w+$/, '')}_coarse.tif)`)
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
  } else if (`EPSG:${epsg}` !== WORK_CRS && !projections.has(`EPSG:${epsg}`)) {
    problems.push(`is in EPSG:${epsg}, a coordinate system the publisher does not know (it reprojects EPSG:25833, 4326, 4258 and Gauss-Krüger 31466/31467 to EPSG:25832)`)
    fixes.add(`warp it: ${warp}`)
  }
  // Known other systems (Gauss-Krüger, UTM 33, lon/lat) are reprojected to EPSG:25832 here, like gdalwarp would.
  const reproject = epsg !== null && `EPSG:${epsg}` !== WORK_CRS
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
  const ref = tags('georeferencing', () => geoRef(image))
  const { resX, resY } = ref
  let { originX, originY } = ref
  if (![originX, originY, resX, resY].every(Number.isFinite) || !(resX > 0)) {
    throw new InputError(file, `has damaged georeferencing (origin ${originX}, ${originY}, pixel size ${resX} × ${resY})`)
  }
  if (!reproject && Math.abs(resX - resY) > 1e-9 * resX) {
    throw new InputError(file, `has non-square pixels (${resX} × ${resY}); resample it to square pixels`)
  }
  let noData = tags('GDAL nodata tag', () => image.getGDALNoData())
  if (reproject) {
    const region = outsideWorkRegion(projections, `EPSG:${epsg}`, originX, originY, sourceWidth * resX, sourceHeight * resY)
    if (region) throw new InputError(file, `covers ${region}, too far from the zone of EPSG:25832 to be shown in it without severe distortion (the portal shows ${WORK_REGION_TEXT}). To fix: cut out the region first, e.g. gdalwarp -t_srs EPSG:25832 -te <minE> <minN> <maxE> <maxN> ${name} ${name.replace(/\.\w+$/, '')}_25832.tif`)
  }
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
  let pixelSize = resX
  let width = sourceWidth
  let height = sourceHeight
  let writer = undefined as CogWriter | undefined
  let colorMap: Uint16Array | undefined
  // Palette indices that occur (for the style's entries).
  const used = layout.kind === 'palette' ? new Uint8Array(256) : null
  let writeError: unknown
  try {
    // An RGB image with an internal mask (GDAL's way to keep JPEG orthophoto collars out): the mask becomes alpha.
    const mask = layout.kind === 'rgb' && !layout.alpha ? await maskImage(tiff, image) : null
    if (mask && layout.kind === 'rgb') layout = { ...layout, alpha: true }
    if (layout.kind === 'palette') colorMap = await colorMapOf(image)
    const colour: CogColour = layout.kind === 'rgb' ? { kind: 'rgb', alpha: layout.alpha } : layout.kind === 'palette' ? { kind: 'palette', colorMap: colorMap! } : { kind: 'gray' }
    const write = (bands: RasterArray[], rows: number, writerColour: CogColour) => {
      try {
        writer ??= new CogWriter({ width, height, bandCount: bands.length, type: bands[0].constructor as new (n: number) => RasterArray, colour: writerColour, originX, originY, pixelSize, epsg: 25832, noData, ...(scaled ? { scale: scale ?? 1, offset: offset ?? 0 } : {}) })
        if (used) for (let i = 0, n = rows * width, b = bands[0]; i < n; i++) used[b[i]] = 1
        writer.addRows(bands, rows)
      } catch (e) {
        writeError = e
        throw e
      }
    }
    if (!reproject) {
      // Rows go into the COG as they are read: the input is never decoded whole (MAX_RASTER_BYTES).
      await readRows(image, layout, (bands: RasterArray[], rows: number) => write(bands, rows, colour), mask)
    } else {
      // Reprojection needs random access to the source: it is gathered whole (within MAX_RASTER_BYTES), the
      // output is written in strips as it is warped.
      let source: RasterArray[] | undefined
      let row = 0
      await readRows(image, layout, (bands: RasterArray[], rows: number) => {
        source ??= bands.map((b) => new (b.constructor as new (n: number) => RasterArray)(sourceWidth * sourceHeight))
        bands.forEach((b, i) => source![i].set(b.subarray(0, rows * sourceWidth) as never, row * sourceWidth))
        row += rows
      }, mask)
      if (!source) throw new InputError(file, 'has no pixels')
      const rgb = layout.kind === 'rgb'
      let warpedColour = colour
      try {
        reprojectRasterRows(
          { width: sourceWidth, height: sourceHeight, bands: source, originX, originY, pixelSizeX: resX, pixelSizeY: resY, srcCrs: `EPSG:${epsg}`, noData, colour: layout.kind === 'single' ? 'gray' : layout.kind, alpha: layout.kind === 'rgb' && layout.alpha },
          { projections, method: continuous ? 'bilinear' : 'nearest' },
          (bands, rows) => write(bands, rows, warpedColour),
          (g) => {
            ;({ width, height, originX, originY, pixelSize, noData } = g)
            if (rgb && g.alphaAdded) {
              layout = { ...layout, alpha: true } as typeof layout
              warpedColour = { kind: 'rgb', alpha: true }
            }
          },
        )
      } catch (e) {
        if (e === writeError) throw e
        throw new InputError(file, `cannot be reprojected from EPSG:${epsg} to EPSG:25832 (${explain(e)})`)
      }
    }
  } catch (e) {
    writer?.dispose()
    if (e === writeError) throw e
    if (e instanceof BlockLimitError) throw new InputError(file, `is refused: ${e.message}`)
    throw new InputError(file, `is damaged: its pixel data cannot be read (${explain(e)})`)
  }
  if (!writer) throw new InputError(file, 'has no pixels')
  const { bytes: cogBytes, stats, bandStats, validPixels } = writer.finish()
  const bandCount = bandStats.length
  if (!validPixels) throw new InputError(file, layout.kind === 'rgb' && layout.alpha ? 'contains only nodata or fully transparent pixels' : 'contains only nodata pixels')
  const colourStats = layout.kind === 'rgb' ? bandStats.slice(0, 3) : [stats]
  const stored = [Math.min(...colourStats.map((b) => b.min)), Math.max(...colourStats.map((b) => b.max))]
  // The catalog speaks in physical values (the portal applies scale/offset before ramp, hillshade and readout).
  // (Only values are scaled: an RGB image's bands are colours whatever its metadata says.)
  const physical = scaled && layout.kind === 'single'
  const [min, max] = physical ? stored.map((v) => v * (scale ?? 1) + (offset ?? 0)).sort((a, b) => a - b) : stored
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
    bands: bandCount,
    noDataRate: 1 - validPixels / (width * height),
    ...(bandCount > 1 ? { bandStats: bandStats.map(({ min, max, mean, stdDev }) => ({ min, max, mean, stdDev })) } : {}),
    findings: scaled
      ? [{ criterion: 'verständlich', severity: 'info', featureIds: [], code: 'raster_scaled' as const, params: { scale: scale ?? 1, offset: offset ?? 0 }, message: `pixel values are stored scaled (value × ${scale ?? 1} + ${offset ?? 0}); the COG keeps the stored values and this scale/offset, the portal shows physical values` }]
      : [],
  }
  const entry: Omit<RasterLayerEntry, 'href' | 'metaHref'> = layerEntry({
    id,
    kind: 'raster',
    metadata,
    extent: { bbox, bbox4326 },
    fields: {
      width,
      height,
      bands: bandCount,
      noData,
      min,
      max,
      ...(physical ? { scale: scale ?? 1, offset: offset ?? 0 } : {}),
      ...(metadata.attributes?.value?.unit ? { unit: metadata.attributes.value.unit } : {}),
      style: rasterStyle(layout, opts.style, colorMap, used, bandStats, noData, [min, max]),
      bytes: cogBytes.length,
    },
  })
  return { entry, dataFile: { name: `${id}.tif`, bytes: cogBytes }, document: { id, kind: 'raster', metadata, quality } }
}

/**
 * The per-dataset mask of an image (TIFF: the next IFD with NewSubfileType "transparency mask", Photometric 4, the
 * same size), or null when there is none; readRows turns it into an 8-bit alpha band (0 or 255). Other IFDs are
 * overviews: not read.
 */
async function maskImage(tiff: GeoTIFF, image: GeoTIFFImage): Promise<GeoTIFFImage | null> {
  let next: GeoTIFFImage
  try {
    next = await tiff.getImage(1)
  } catch {
    return null
  }
  const subfile = Number(next.fileDirectory.getValue('NewSubfileType') ?? 0)
  if ((subfile & 5) !== 4 || next.fileDirectory.getValue('PhotometricInterpretation') !== 4) return null
  if (next.getWidth() !== image.getWidth() || next.getHeight() !== image.getHeight()) return null
  return next
}

// A band without valid pixels has no mean (NaN): it counts as 0 in the swatch.
const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => Math.round(Number.isFinite(v) ? v : 0).toString(16).padStart(2, '0')).join('')}`

/**
 * The style the portal draws with. The file decides the kind; a style file may set the opacity and, for palette
 * images, colours and labels per index. `ramp` is always present: it is the layer list's swatch and what a
 * portal that predates kinds draws (band 1 through the ramp).
 */
function rasterStyle(layout: BandLayout, given: RasterStyle | undefined, colorMap: Uint16Array | undefined, used: Uint8Array | null, bandStats: RasterStats[], noData: number | null, range: number[]): RasterStyle {
  if (layout.kind === 'single') return given ?? defaultRasterStyle(range[0], range[1])
  const opacity = given?.opacity ?? 1
  if (layout.kind === 'rgb') {
    const mean = hex(bandStats[0].mean, bandStats[1].mean, bandStats[2].mean)
    return { kind: 'rgb', ramp: [[0, '#000000'], [128, mean], [255, '#ffffff']], opacity }
  }
  const indices = [...used!.keys()].filter((k) => used![k])
  const fromFile = paletteEntries(colorMap!, indices, noData)
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
