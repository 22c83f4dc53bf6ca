// Which bands of a GeoTIFF the publisher can show, and reading them as GDAL does. Single-band values (elevation,
// classes, measurements), 8-bit RGB / RGBA (also JPEG-compressed YCbCr orthophotos: decoded to RGB) and 8-bit
// palette images. Everything else is refused with the reason and a GDAL command that converts it.
import type { GeoTIFFImage } from 'geotiff'
import type { RasterArray } from '../writers/cog.ts'
import { ycbcrToRgb } from './ycbcr.ts'

export type BandLayout =
  | { kind: 'single' }
  /** Red, green, blue stored as RGB (Photometric 2) or YCbCr (6); alpha = a 4th band flagged as unassociated alpha. */
  | { kind: 'rgb'; ycbcr: boolean; alpha: boolean }
  /** One 8-bit band of indices into the TIFF ColorMap (Photometric 3). */
  | { kind: 'palette' }

const PHOTOMETRIC_NAMES: Record<number, string> = { 0: 'WhiteIsZero', 1: 'MinIsBlack', 2: 'RGB', 3: 'palette', 4: 'mask', 5: 'CMYK', 6: 'YCbCr', 8: 'CIELab' }
const TYPE_NAMES: Record<string, string> = { '1/8': 'Byte', '1/16': 'UInt16', '1/32': 'UInt32', '2/8': 'Int8', '2/16': 'Int16', '2/32': 'Int32', '3/16': 'Float16', '3/32': 'Float32', '3/64': 'Float64' }

/**
 * The layout, or a problem sentence ("has …") with its fix. `name` is the file's base name for the GDAL command.
 * Reads tags only.
 */
export function bandLayout(image: GeoTIFFImage, name: string): BandLayout | { problem: string; fix: string } {
  const bands = image.getSamplesPerPixel()
  const photometric = (image.fileDirectory.getValue('PhotometricInterpretation') as number | undefined) ?? 1
  const bits = Array.from({ length: bands }, (_, i) => image.getBitsPerSample(i))
  const format = image.getSampleFormat()
  const type = TYPE_NAMES[`${format}/${bits[0]}`] ?? `${bits[0]}-bit`
  const stem = name.replace(/\.\w+$/, '')
  const byte = bits.every((b) => b === 8) && format === 1
  if (bands === 1) {
    if (photometric !== 3) return { kind: 'single' }
    if (byte) return { kind: 'palette' }
    return { problem: `has a colour table on ${type} values; only 8-bit palette images can be published`, fix: `expand it to RGB: gdal_translate -expand rgb ${name} ${stem}_rgb.tif` }
  }
  const photo = PHOTOMETRIC_NAMES[photometric] ?? `code ${photometric}`
  const extra = Array.from((image.fileDirectory.getValue('ExtraSamples') as ArrayLike<number> | undefined) ?? [])
  if ((photometric === 2 || photometric === 6) && (bands === 3 || bands === 4)) {
    const compression = (image.fileDirectory.getValue('Compression') as number | undefined) ?? 1
    if (photometric === 6 && compression !== 7) {
      // Only JPEG decoders hand back full-resolution Y, Cb, Cr; raw subsampled YCbCr is laid out differently.
      return { problem: 'stores YCbCr colour without JPEG compression', fix: `convert it to RGB: gdal_translate -co PHOTOMETRIC=RGB ${name} ${stem}_rgb.tif` }
    }
    if (!byte) {
      return {
        problem: `has ${bands} bands of ${type} values (an RGB image); only 8-bit RGB/RGBA can be shown`,
        fix: `scale it to 8 bits: gdal_translate -ot Byte -scale ${name} ${stem}_8bit.tif`,
      }
    }
    if (bands === 4 && extra[0] === 1) {
      // Relabelling the flag (-co ALPHA=YES) would not change the premultiplied colours, so that is no fix.
      return { problem: 'has premultiplied (associated) alpha, which the portal cannot draw exactly', fix: `publish the colours only: gdal_translate -b 1 -b 2 -b 3 ${name} ${stem}_rgb.tif` }
    }
    if (bands === 4 && extra[0] !== 2) {
      // RGB + an unspecified band (e.g. NAIP: red, green, blue, near infrared): not sure what the 4th band means.
      return {
        problem: 'has 4 bands of which the 4th is neither alpha nor a colour (e.g. near infrared); only RGB or RGBA can be shown',
        fix: `keep the colours: gdal_translate -b 1 -b 2 -b 3 ${name} ${stem}_rgb.tif (or, if band 4 is transparency: -co ALPHA=YES)`,
      }
    }
    return { kind: 'rgb', ycbcr: photometric === 6, alpha: bands === 4 }
  }
  if (photometric === 1 && (bands === 3 || bands === 4) && byte) {
    return {
      problem: `has ${bands} 8-bit bands without colour interpretation (${photo}); if they are red, green, blue${bands === 4 ? ', alpha' : ''}, say so`,
      fix: `gdal_translate -co PHOTOMETRIC=RGB${bands === 4 ? ' -co ALPHA=YES' : ''} ${name} ${stem}_rgb.tif`,
    }
  }
  return {
    problem: `has ${bands} bands of ${type} values (${photo}); only single-band rasters, 8-bit RGB/RGBA and 8-bit palette images can be published`,
    fix: `publish one band: gdal_translate -b 1 ${name} ${stem}_band1.tif`,
  }
}

/** The ColorMap of a palette image (3 × 256 16-bit values). */
export async function colorMapOf(image: GeoTIFFImage): Promise<Uint16Array> {
  const colorMap = (await image.fileDirectory.loadValue('ColorMap')) as ArrayLike<number> | undefined
  if (!colorMap || colorMap.length !== 3 * 256) throw new Error(`its colour table has ${colorMap?.length ?? 0} entries instead of 3 × 256`)
  return Uint16Array.from(colorMap)
}

/**
 * Rows read at a time: whole input blocks (tiles or strips, each decoded once), at least 256 rows — or at least
 * `atLeast` (a mask's strip height, so that its strips are decoded at most twice).
 */
export function rowsPerRead(image: GeoTIFFImage, atLeast = 256): number {
  const block = Math.max(1, Math.min(image.getTileHeight() || image.getHeight(), image.getHeight()))
  return block * Math.max(1, Math.ceil(Math.max(256, atLeast) / block))
}

/**
 * The pixel values GDAL reads, window by window from top to bottom (rowsPerRead rows of full width, aligned to
 * the input's tiles or strips, so each is decoded once and a YCbCr block is converted whole): `onRows` gets the
 * band arrays of `rows` × width values each. With `mask` (an internal mask IFD) its rows follow as alpha (0 or
 * 255). YCbCr (JPEG orthophotos) is converted to RGB the way libjpeg does it (ycbcr.ts) — readRasters returns
 * raw Y, Cb, Cr, and geotiff.js's readRGB would repeat the half-resolution colour. geotiff.js's JPEG decoder is
 * still not libjpeg, so values may differ from GDAL's by a count or two (lossy data either way).
 */
export async function readRows(image: GeoTIFFImage, layout: BandLayout, onRows: (bands: RasterArray[], rows: number) => void, mask?: GeoTIFFImage | null): Promise<void> {
  const width = image.getWidth()
  const height = image.getHeight()
  const step = rowsPerRead(image, mask ? Math.min(mask.getTileHeight() || height, height) : 256)
  let sub: [number, number] = [2, 2]
  if (layout.kind === 'rgb' && layout.ycbcr) {
    // TIFF's default subsampling is 2 × 2 (what JPEG orthophotos use).
    const [sx, sy] = Array.from(((await image.fileDirectory.loadValue('YCbCrSubSampling')) as ArrayLike<number> | undefined) ?? [2, 2])
    if (![1, 2, 4].includes(sx) || ![1, 2, 4].includes(sy)) throw new Error(`its YCbCr subsampling tag is damaged (${sx} × ${sy})`)
    sub = [sx, sy]
  }
  for (let y0 = 0; y0 < height; y0 += step) {
    const rows = Math.min(step, height - y0)
    const window = [0, y0, width, y0 + rows]
    let bands: RasterArray[]
    if (layout.kind === 'rgb' && layout.ycbcr) {
      const raw = (await image.readRasters({ window, samples: [0, 1, 2], interleave: true })) as unknown as Uint8Array
      bands = ycbcrToRgb(raw, width, rows, image.getTileWidth(), image.getTileHeight(), sub[0], sub[1])
      if (layout.alpha) bands.push(...((await image.readRasters({ window, samples: [3], interleave: false })) as unknown as Uint8Array[]))
    } else {
      const read = (await image.readRasters({ window, interleave: false })) as unknown as RasterArray[]
      bands = layout.kind === 'palette' ? [read[0]] : Array.from(read)
    }
    if (mask) {
      const [m] = (await mask.readRasters({ window, interleave: false })) as unknown as ArrayLike<number>[]
      bands.push(Uint8Array.from(m, (v) => (v ? 255 : 0)))
    }
    // Damaged BitsPerSample / SampleFormat tags can give bands of different types (or short arrays).
    if (bands.some((b) => b.constructor !== bands[0].constructor || b.length !== rows * width)) {
      throw new Error('its bands differ in sample type or size (damaged BitsPerSample or SampleFormat tags)')
    }
    onRows(bands, rows)
  }
}

const hex2 = (v: number) => (v >> 8).toString(16).padStart(2, '0')

/** The colours of the indices that occur, as [index, "#rrggbb"] (16-bit ColorMap entries → 8 bits by the high byte, as GDAL). */
export function paletteEntries(colorMap: Uint16Array, indices: ArrayLike<number>, noData: number | null): [number, string][] {
  const used = new Uint8Array(256)
  for (let i = 0; i < indices.length; i++) used[indices[i]] = 1
  const out: [number, string][] = []
  for (let k = 0; k < 256; k++) {
    if (!used[k] || k === noData) continue
    out.push([k, `#${hex2(colorMap[k])}${hex2(colorMap[256 + k])}${hex2(colorMap[512 + k])}`])
  }
  return out
}
