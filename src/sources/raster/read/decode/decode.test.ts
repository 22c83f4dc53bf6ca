// The bounded decoders against GDAL: the same raster written by gdal_translate with every codec (tiled and in
// strips, with predictors, Float32 / Int16 / Byte) reads back through geotiff.js with our decoders exactly as
// the uncompressed file does. And the pieces on their own: PackBits' no-op header, LZW's damaged codes,
// the headers' declared sizes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import os from 'node:os'
import path from 'node:path'
import * as geotiff from 'geotiff'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../../../../../test/helpers/gdal.ts'
import { lzwBomb, lercBomb, withCompression, zstdBomb } from '../../../../../test/fuzz/bombs.ts'
import { tiffWithTile } from '../../../../../test/fuzz/crafted.ts'
import { jpegFrame, lercDeclaredSize, webpSize, zstdSizes } from './headers.ts'
import { BlockLimitError } from './limits.ts'
import { lzwDecode } from './lzw.ts'
import { packbitsDecode } from './packbits.ts'
import { boundDecoders } from './register.ts'

const tooBig = () => new BlockLimitError('too big')

describe('PackBits', () => {
  it('decodes literal and repeat runs, skips the no-op header −128 and stops at the limit', () => {
    const data = Uint8Array.from([2, 1, 2, 3, 0x80, 0xfe, 9])
    expect([...packbitsDecode(data, 100, tooBig)]).toEqual([1, 2, 3, 9, 9, 9])
    expect(() => packbitsDecode(data, 5, tooBig)).toThrow(BlockLimitError)
    expect(() => packbitsDecode(Uint8Array.from([5, 1, 2]), 100, tooBig)).toThrow(/past the end/)
  })
})

describe('LZW', () => {
  it('stops a bomb at the limit and refuses codes beyond the table', () => {
    expect(() => lzwDecode(lzwBomb(1), 1 << 20, tooBig)).toThrow(BlockLimitError)
    // 9-bit codes: CLEAR, 65, 300 (no such entry yet), EOI.
    const bits = [256, 65, 300, 257].map((c) => c.toString(2).padStart(9, '0')).join('')
    const bytes = Uint8Array.from(bits.padEnd(Math.ceil(bits.length / 8) * 8, '0').match(/.{8}/g)!, (b) => parseInt(b, 2))
    expect(() => lzwDecode(bytes, 100, tooBig)).toThrow(/damaged LZW data/)
  })
})

describe('declared sizes in headers', () => {
  it('reads zstd frame content sizes and RLE block sizes, LERC dimensions, JPEG frames and WebP canvases', () => {
    expect(zstdSizes(zstdBomb(1 << 20))).toEqual({ declared: 1 << 20, atLeast: 1 << 20 })
    expect(zstdSizes(zstdBomb(1 << 20, false))).toEqual({ declared: null, atLeast: 1 << 20 })
    expect(() => zstdSizes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/no frame magic/)
    expect(lercDeclaredSize(lercBomb(100, 200))).toBe(100 * 200 * 4)
    const sof = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x01, 0x00, 0x02, 0x00, 3])
    expect(jpegFrame(sof)).toEqual({ height: 256, width: 512, components: 3 })
    expect(webpSize(Uint8Array.from([...'RIFF\0\0\0\0WEBPVP8X'].map((c) => c.charCodeAt(0)).concat([10, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 49, 0, 0], new Array(10).fill(0))))).toEqual({ width: 100, height: 50 })
  })
})

const noZstd = gdalToolsMissing('zstd') && 'the zstd command is not installed (apt-get install zstd)'
if (noZstd) console.warn(`zstd test skipped: ${noZstd}`)

describe.skipIf(!!noZstd)('zstd without a declared content size', () => {
  it('decodes into a buffer of the block size and refuses data that would not fit', async () => {
    boundDecoders(geotiff)
    // 8 MiB of a repeating pattern (compressed blocks, not RLE) in a frame that does not state its size.
    const pattern = Buffer.alloc(8 * 1024 * 1024, 'Soest 25832 ')
    const frame = new Uint8Array(execFileSync('zstd', ['-q', '-c', '--no-content-size'], { input: pattern }))
    expect(zstdSizes(frame).declared).toBeNull()
    expect(zstdSizes(frame).atLeast).toBeLessThan(1024 * 1024)
    const tiff = withCompression(tiffWithTile(1024, 1024, frame, 1024), 50000)
    const image = await (await geotiff.fromArrayBuffer(tiff.slice().buffer)).getImage(0)
    await expect(image.readRasters()).rejects.toThrow(/^tile 0 \(column 0, row 0\): zstd data is damaged or decodes to more than the 4194304 bytes/)
    // The same kind of frame with exactly one tile's bytes reads.
    const fits = new Uint8Array(execFileSync('zstd', ['-q', '-c', '--no-content-size'], { input: pattern.subarray(0, 4 * 1024 * 1024) }))
    const ok = await (await geotiff.fromArrayBuffer(withCompression(tiffWithTile(1024, 1024, fits, 1024), 50000).slice().buffer)).getImage(0)
    const values = (await ok.readRasters({ interleave: true })) as unknown as Float32Array
    expect(Buffer.from(values.buffer, values.byteOffset, values.byteLength).equals(pattern.subarray(0, 4 * 1024 * 1024))).toBe(true)
  })
})

describe('damaged block tags (found by the codec fuzzer)', () => {
  /** tiffWithTile's file with one IFD entry's type and value replaced. */
  const patched = (tag: number, type: number, value: number) => {
    const b = tiffWithTile(256, 256, new Uint8Array(deflateSync(Buffer.alloc(256 * 256 * 4))))
    const dv = new DataView(b.buffer)
    for (let i = 0, n = dv.getUint16(8, true); i < n; i++) {
      if (dv.getUint16(10 + i * 12, true) !== tag) continue
      dv.setUint16(12 + i * 12, type, true)
      dv.setUint32(18 + i * 12, value, true)
    }
    return b
  }
  const read = async (b: Uint8Array) => (await (await geotiff.fromArrayBuffer(b.slice().buffer)).getImage(0)).readRasters()

  it('refuses a FLOAT tile width of 4.5e-44 (geotiff.js looped over 10^45 tiles per row) and a 4 GiB byte count', async () => {
    boundDecoders(geotiff)
    await expect(read(patched(322, 11, 32))).rejects.toThrow(/tile size tags are damaged \(4\.4\d*e-44 × 256 pixels\)/)
    await expect(read(patched(325, 4, 0xffffffff))).rejects.toThrow(/^tile 0 \(column 0, row 0\): its data is stored as 4294967295 bytes, more than any compression/)
  })
})

const missing = gdalToolsMissing('gdal_translate')
if (missing) console.warn(`GDAL codec comparison skipped: ${missing}`)

describe.skipIf(!!missing)('every codec GDAL writes reads back like the uncompressed file', () => {
  let dir: string
  beforeAll(() => {
    boundDecoders(geotiff)
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-codecs-'))
    let xyz = ''
    for (let y = 0; y < 150; y++) for (let x = 0; x < 170; x++) xyz += `${x + 0.5} ${-y - 0.5} ${(90 + 25 * Math.sin(x / 7) * Math.cos(y / 11) + ((x * 7919 + y * 104729) % 1000) / 997).toFixed(4)}\n`
    writeFileSync(path.join(dir, 'src.xyz'), xyz)
    execFileSync('gdal_translate', ['-q', '-ot', 'Float32', path.join(dir, 'src.xyz'), path.join(dir, 'f32.tif')])
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const read = async (file: string) => {
    const b = readFileSync(file)
    const image = await (await geotiff.fromArrayBuffer(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer)).getImage(0)
    return Array.from((await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>)
  }
  const translate = (name: string, args: string[]) => {
    const out = path.join(dir, `${name}.tif`)
    execFileSync('gdal_translate', ['-q', ...args, path.join(dir, 'f32.tif'), out])
    return out
  }

  for (const type of ['Float32', 'Int16', 'Byte'] as const) {
    const scale = type === 'Float32' ? [] : ['-scale', '60', '120', '0', type === 'Byte' ? '255' : '30000']
    const codecs = ['LZW', 'DEFLATE', 'PACKBITS', 'ZSTD', 'LERC', 'LERC_DEFLATE', 'LERC_ZSTD']
    it(`${type}: ${codecs.join(', ')} (tiled and striped, with a predictor for LZW, DEFLATE and ZSTD)`, async () => {
      const plain = await read(translate(`${type}-none`, ['-ot', type, ...scale]))
      for (const codec of codecs) {
        const predictor = /^(LZW|DEFLATE|ZSTD)$/.test(codec) ? ['-co', `PREDICTOR=${type === 'Float32' ? 3 : 2}`] : []
        for (const layout of [['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=64', '-co', 'BLOCKYSIZE=32'], ['-co', 'BLOCKYSIZE=7']]) {
          const file = translate(`${type}-${codec}-${layout.length}`, ['-ot', type, ...scale, '-co', `COMPRESS=${codec}`, ...predictor, ...layout])
          expect(await read(file), `${type} ${codec} ${layout.join(' ')}`).toEqual(plain)
        }
      }
    })
  }

  it('JPEG (8-bit, tiled and striped) decodes to the same size with values near the original', async () => {
    const plain = await read(translate('byte-none', ['-ot', 'Byte', '-scale', '60', '120', '0', '255']))
    for (const layout of [['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=64', '-co', 'BLOCKYSIZE=64'], ['-co', 'BLOCKYSIZE=16']]) {
      const jpeg = await read(translate(`byte-jpeg-${layout.length}`, ['-ot', 'Byte', '-scale', '60', '120', '0', '255', '-co', 'COMPRESS=JPEG', '-co', 'JPEG_QUALITY=95', ...layout]))
      expect(jpeg).toHaveLength(plain.length)
      const meanError = jpeg.reduce((s, v, i) => s + Math.abs(v - plain[i]), 0) / plain.length
      expect(meanError).toBeLessThan(2)
    }
  })
})
