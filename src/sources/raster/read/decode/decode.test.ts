// The bounded decoders against GDAL: the same raster written by gdal_translate with every codec (tiled and in
// strips, with predictors, Float32 / Int16 / Byte) reads back through geotiff.js with our decoders exactly as
// the uncompressed file does. And the pieces on their own: PackBits' no-op header, LZW's damaged codes,
// the headers' declared sizes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as geotiff from 'geotiff'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../../../../../test/helpers/gdal.ts'
import { lzwBomb, lercBomb, zstdBomb } from '../../../../../test/fuzz/bombs.ts'
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
