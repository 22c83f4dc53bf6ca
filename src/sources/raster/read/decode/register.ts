// Bounded decoders for every compression geotiff.js reads, registered through its public decoder registry
// (addDecoder). Shared by the portal (read/cog.ts) and the publisher (cli/publish/raster.ts, cli/catalog/check.ts).
//
// Each decoder knows its block's decoded size (decoderParameters below: tile or strip width × height × bytes per
// pixel) and never produces more: DEFLATE, LZW and PackBits stop at the first byte beyond it; zstd decodes into
// a buffer of exactly that size after checking the frames' declared content size; LERC, JPEG and WebP are
// refused on their header's dimensions before the library decodes. An oversize block is a BlockLimitError that
// says which tile or strip it was; the caller adds the file.
import type { BaseDecoder as BaseDecoderType, GeoTIFFImage, ImageFileDirectory } from 'geotiff'
import { jpegFrame, lercDeclaredSize, webpSize, zstdSizes } from './headers.ts'
import { inflateAtMost } from './inflate.ts'
import { BlockError, BlockLimitError, blockBytes, checkFits, MAX_BLOCK_BYTES, overflow, type BlockParameters } from './limits.ts'
import { lzwDecode } from './lzw.ts'
import { packbitsDecode } from './packbits.ts'

type GeoTiffModule = Pick<typeof import('geotiff'), 'addDecoder' | 'BaseDecoder' | 'getDecoder' | 'GeoTIFFImage'>
type DecoderClass = new (parameters: never) => BaseDecoderType
type Parameters = BlockParameters & {
  predictor: number
  bitsPerSample: number[]
  planarConfiguration: number
  JPEGTables?: Uint8Array
  LercParameters?: number[]
}

const sizeText = (bytes: number) => `${+(bytes / 1024 ** 2).toFixed(1)} MiB`

/**
 * geotiff.js's own parameters (the same values its default parameter function loads, so predictors and
 * decoders behave as before) plus blockBytes. A block larger than MAX_BLOCK_BYTES is refused here, before
 * geotiff.js allocates anything for it.
 */
async function decoderParameters(fd: ImageFileDirectory): Promise<Parameters> {
  const tiled = !fd.hasTag('StripOffsets')
  const num = async (tag: string) => Number(await fd.loadValue(tag as never))
  const imageHeight = await num('ImageLength')
  const tileWidth = await num(tiled ? 'TileWidth' : 'ImageWidth')
  const tileHeight = tiled ? await num('TileLength') : (await num('RowsPerStrip')) || imageHeight
  const samples = (await num('SamplesPerPixel')) || 1
  const bitsTag = await fd.loadValue('BitsPerSample')
  // A missing BitsPerSample means 1 bit; 8 per sample is the generous reading for the bound.
  const bitsPerSample = bitsTag === undefined ? Array.from({ length: samples }, () => 8) : Array.from(bitsTag as ArrayLike<number>, Number)
  const planarConfiguration = (await num('PlanarConfiguration')) || 1
  // A tile width of 4.5e-44 (a FLOAT-typed tag after a bit flip) made geotiff.js loop over 10^45 tiles per row.
  if (![tileWidth, tileHeight].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new BlockError(`its ${tiled ? 'tile' : 'strip'} size tags are damaged (${tileWidth} × ${tileHeight} pixels)`)
  }
  const rows = tiled ? tileHeight : Math.min(tileHeight, imageHeight)
  const bytes = blockBytes(tileWidth, rows, bitsPerSample, planarConfiguration)
  if (!(bytes > 0 && bytes <= MAX_BLOCK_BYTES)) {
    throw new BlockLimitError(
      `its ${tiled ? 'tiles' : 'strips'} of ${tileWidth} × ${rows} pixels would each decode to ${Number.isFinite(bytes) && bytes > 0 ? sizeText(bytes) : 'an impossible size'}; the limit is ${sizeText(MAX_BLOCK_BYTES)} per block. To fix: gdal_translate -co TILED=YES -co COMPRESS=DEFLATE <file> <tiled file>`,
    )
  }
  return {
    tileWidth,
    tileHeight,
    planarConfiguration,
    bitsPerSample,
    predictor: (await num('Predictor')) || 1,
    samplesPerPixel: samples,
    blockBytes: bytes,
    JPEGTables: (await fd.loadValue('JPEGTables')) as Uint8Array | undefined,
    LercParameters: (await fd.loadValue('LercParameters')) as number[] | undefined,
  }
}

const bytesOf = (buffer: ArrayBufferLike) => new Uint8Array(buffer)
/** An exactly sized ArrayBuffer of a view (geotiff.js and LERC read `.buffer` whole). */
const own = (a: Uint8Array): ArrayBuffer => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a.buffer : a.slice().buffer) as ArrayBuffer

let zstdModule: Promise<import('zstddec').ZSTDDecoder> | null = null
function zstd(): Promise<import('zstddec').ZSTDDecoder> {
  zstdModule ??= import('zstddec').then(async ({ ZSTDDecoder }) => {
    const d = new ZSTDDecoder()
    await d.init()
    return d
  })
  return zstdModule
}

/** zstd into a buffer of at most `limit` bytes; frames declaring more are refused before decoding. */
async function zstdAtMost(input: Uint8Array, limit: number, p: Parameters): Promise<Uint8Array> {
  const { declared, atLeast } = zstdSizes(input)
  checkFits(declared ?? atLeast, { ...p, blockBytes: limit }, 'zstd data declares')
  const capacity = declared ?? limit
  const out = (await zstd()).decode(input, Math.max(1, capacity))
  // zstddec returns nothing when the data is damaged or does not fit the buffer.
  if (out.length === 0 && capacity > 0) throw new BlockError(`zstd data is damaged or decodes to more than the ${limit} bytes its block can hold`)
  return out
}

let bound = false

/** Replaces geotiff.js's decoders by the bounded ones. Idempotent (geotiff.js's registry is module-global). */
export function boundDecoders(geotiff: GeoTiffModule): void {
  if (bound) return
  bound = true
  const Base = geotiff.BaseDecoder as unknown as abstract new (p: Parameters) => BaseDecoderType & { parameters: Parameters }
  // geotiff.js's JPEG and WebP decoders are used as they are, behind a header check. Their classes are not
  // exported; getDecoder looks the registry up synchronously, so asking for one now (before addDecoder below)
  // yields the original class.
  const dummy = { tileWidth: 1, tileHeight: 1, predictor: 1, bitsPerSample: [8], planarConfiguration: 1, samplesPerPixel: 3 }
  const original = (code: number) => {
    const cls = geotiff.getDecoder(code, dummy).then((d) => d.constructor as DecoderClass)
    cls.catch(() => {})
    return cls
  }
  const jpegClass = original(7)
  const webpClass = original(50001)

  const define = (codes: number | (number | undefined)[], decode: (input: Uint8Array, p: Parameters) => Promise<Uint8Array | ArrayBufferLike> | Uint8Array | ArrayBufferLike) => {
    class Bounded extends Base {
      override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
        let out: Uint8Array | ArrayBufferLike
        try {
          out = await decode(bytesOf(buffer), this.parameters)
        } catch (e) {
          if (e instanceof BlockError) throw e
          // Libraries throw strings ("Checksum failed.") or their own errors: one damaged-block error.
          throw new BlockError(String((e as Error)?.message ?? e))
        }
        const result = out instanceof Uint8Array ? own(out) : out
        checkFits(result.byteLength, this.parameters, 'a block decodes to')
        return result
      }
    }
    geotiff.addDecoder(codes, () => Promise.resolve(Bounded as never), decoderParameters as never, false)
  }

  define([undefined, 1], (input, p) => {
    checkFits(input.length, p, 'an uncompressed block has')
    return input
  })
  define([8, 32946], (input, p) => inflateAtMost(input, p.blockBytes, () => overflow('DEFLATE', p)))
  define(5, (input, p) => lzwDecode(input, p.blockBytes, () => overflow('LZW', p)))
  define(32773, (input, p) => packbitsDecode(input, p.blockBytes, () => overflow('PackBits', p)))
  define(50000, (input, p) => zstdAtMost(input, p.blockBytes, p))
  define(34887, async (input, p) => {
    // LercParameters: [version, additional compression (0 none, 1 DEFLATE, 2 zstd)]. A LERC blob is at most a
    // little larger than its pixels (headers, mask, incompressible values), so twice the block is generous.
    const limit = p.blockBytes * 2 + 65536
    const add = p.LercParameters?.[1] ?? 0
    const blob = add === 0 ? input : add === 1 ? await inflateAtMost(input, limit, () => overflow('LERC (DEFLATE)', p)) : add === 2 ? await zstdAtMost(input, limit, p) : null
    if (!blob) throw new BlockError(`unsupported LERC additional compression ${add}`)
    checkFits(lercDeclaredSize(blob), p, 'LERC data declares')
    const { default: Lerc } = await import('lerc')
    const decoded = Lerc.decode(own(blob), { returnPixelInterleavedDims: p.planarConfiguration === 1 })
    return decoded.pixels[0].buffer
  })
  define(7, async (input, p) => {
    for (const part of [p.JPEGTables, input]) {
      const frame = part && jpegFrame(part)
      if (frame) checkFits(frame.width * frame.height * frame.components, p, `its JPEG frame of ${frame.width} × ${frame.height} pixels × ${frame.components} components needs`)
    }
    const Jpeg = await jpegClass
    return new Jpeg(p as never).decodeBlock(own(input))
  })
  define(50001, async (input, p) => {
    const size = webpSize(input)
    if (!size) throw new BlockError('damaged WebP data (no VP8, VP8L or VP8X header)')
    checkFits(size.width * size.height * (p.samplesPerPixel ?? 4), p, `its WebP image of ${size.width} × ${size.height} pixels needs`)
    const WebP = await webpClass
    return new WebP(p as never).decodeBlock(own(input))
  })

  // Which block failed: geotiff.js's decoders are not told, so the one public method that reads a block adds it.
  // It also refuses a block whose stored length no compression of its pixels could need, before geotiff.js asks
  // for it: a damaged byte count of 4 GiB made its blocked HTTP source plan 65 536 block reads and allocate the
  // whole range, freezing the page (found by test/fuzz/codecs.ts).
  const proto = geotiff.GeoTIFFImage.prototype
  const getTileOrStrip = proto.getTileOrStrip
  proto.getTileOrStrip = async function (this: GeoTIFFImage, x, y, sample, poolOrDecoder, signal) {
    const perRow = Math.ceil(this.getWidth() / this.getTileWidth())
    const perColumn = Math.ceil(this.getHeight() / this.getTileHeight())
    const planar = this.planarConfiguration === 2
    const index = (planar ? sample * perRow * perColumn : 0) + y * perRow + x
    const where = () => `${this.isTiled ? `tile ${index} (column ${x}, row ${y}` : `strip ${index} (rows from ${y * this.getTileHeight()}`}${planar ? `, sample ${sample}` : ''})`
    try {
      const stored = Number(await this.fileDirectory.loadValueIndexed(this.isTiled ? 'TileByteCounts' : 'StripByteCounts', index))
      const decoded = this.getTileWidth() * this.getBlockHeight(y) * (planar ? this.getSampleByteSize(sample) : this.getBytesPerPixel())
      // LZW may grow data by half, JPEG and WebP headers add some kilobytes to a tiny block: twice plus 64 KiB is ample.
      if (stored > 2 * decoded + 65536) {
        throw new BlockLimitError(`its data is stored as ${stored} bytes, more than any compression of its ${this.getTileWidth()} × ${this.getBlockHeight(y)} pixels (${decoded} bytes) needs (damaged byte counts)`)
      }
      return await getTileOrStrip.call(this, x, y, sample, poolOrDecoder, signal)
    } catch (e) {
      if (e instanceof BlockError && !e.located) {
        e.located = true
        e.message = `${where()}: ${e.message}`
      }
      throw e
    }
  }
}
