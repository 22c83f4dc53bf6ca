// Decompression bombs for every GeoTIFF codec: small files whose one 1024 × 1024 Float32 tile (4 MiB decoded)
// claims or expands to far more. Used by codecBombs.test.ts (each must be refused fast with bounded memory) and
// as crafted cases of the codec fuzzer.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { tiffWithTile, zeroBomb } from './crafted.ts'

export interface Bomb {
  name: string
  /** TIFF compression code. */
  compression: number
  bytes: Uint8Array
}

/** tiffWithTile's file (DEFLATE) relabelled to another compression; extra tags are not needed by any bomb. */
export function withCompression(tiff: Uint8Array, code: number): Uint8Array {
  const out = new Uint8Array(tiff)
  const dv = new DataView(out.buffer)
  const ifd = dv.getUint32(4, true)
  for (let i = 0, n = dv.getUint16(ifd, true); i < n; i++) {
    const e = ifd + 2 + i * 12
    if (dv.getUint16(e, true) === 259) dv.setUint16(e + 8, code, true)
  }
  return out
}

/** MSB-first bit writer. */
class Bits {
  private bytes: number[] = []
  private acc = 0
  private n = 0
  write(code: number, width: number) {
    for (let k = width - 1; k >= 0; k--) {
      this.acc = (this.acc << 1) | ((code >> k) & 1)
      if (++this.n === 8) {
        this.bytes.push(this.acc)
        this.acc = 0
        this.n = 0
      }
    }
  }
  done(): Uint8Array {
    if (this.n) this.bytes.push(this.acc << (8 - this.n))
    return Uint8Array.from(this.bytes)
  }
}

/**
 * LZW codes that each name the entry being defined (K ω K ω K …): the strings grow by one byte per code, so one
 * table of 4 094 entries yields ~7.4 MB from ~5.5 kB. `tables` cycles of that (~145 ≈ 1 GiB from 800 kB).
 */
export function lzwBomb(tables: number): Uint8Array {
  const out = new Bits()
  for (let t = 0; t < tables; t++) {
    let width = 9
    let size = 258
    out.write(256, width)
    out.write(0, width)
    if (size + 1 >= 1 << width) width++
    while (size < 4094) {
      out.write(size, width) // the code being defined: previous string + its first byte
      size++
      if (size + 1 >= 1 << width) {
        if (width === 12) break
        width++
      }
    }
  }
  out.write(257, 12)
  return out.done()
}

/** PackBits runs of 128 equal bytes (2 bytes each): 64 × expansion. */
export function packbitsBomb(decoded: number): Uint8Array {
  const runs = Math.ceil(decoded / 128)
  const out = new Uint8Array(runs * 2)
  for (let i = 0; i < runs; i++) out[i * 2] = 0x81 // −127: the next byte 128 times
  return out
}

/**
 * A zstd frame of RLE blocks (4 bytes → 128 KiB each). `declare`: the frame header states the content size (then
 * the header check refuses it); without it only the bounded output buffer stops it.
 */
export function zstdBomb(decoded: number, declare = true): Uint8Array {
  const blocks = Math.ceil(decoded / 131072)
  const header = declare ? [0x28, 0xb5, 0x2f, 0xfd, 0xe0, ...u64(blocks * 131072)] : [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58] // window 2^(10+11) = 2 MiB
  const out = new Uint8Array(header.length + blocks * 4)
  out.set(header)
  for (let i = 0, p = header.length; i < blocks; i++, p += 4) {
    const h = ((131072 << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0)) >>> 0
    out[p] = h & 0xff
    out[p + 1] = (h >> 8) & 0xff
    out[p + 2] = (h >> 16) & 0xff
    out[p + 3] = 0
  }
  return out
}

const u64 = (v: number) => {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true)
  return [...b]
}

/** A constant Lerc2 (version 2) blob: zMin = zMax, so 64 bytes stand for rows × columns Float32 values. */
export function lercBomb(rows: number, cols: number): Uint8Array {
  const b = new Uint8Array(6 + 4 + 8 + 16 + 24 + 4)
  const dv = new DataView(b.buffer)
  b.set([...'Lerc2 '].map((c) => c.charCodeAt(0)))
  dv.setInt32(6, 2, true)
  dv.setUint32(10, rows, true)
  dv.setUint32(14, cols, true)
  dv.setUint32(18, rows * cols, true) // valid pixels
  dv.setInt32(22, 8, true) // micro block size
  dv.setInt32(26, b.length, true) // blob size
  dv.setInt32(30, 6, true) // Float32
  dv.setFloat64(34, 0, true) // max z error
  dv.setFloat64(42, 7, true) // z min
  dv.setFloat64(50, 7, true) // z max
  return b
}

/** A real 8 × 8 JPEG (made by GDAL from a text grid) whose frame header claims `side` × `side` pixels. */
export function jpegBomb(side: number): Uint8Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-jpegbomb-'))
  try {
    let text = ''
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) text += `${x} ${y} ${(x * 31 + y * 17) % 256}\n`
    writeFileSync(path.join(dir, 'p.xyz'), text)
    execFileSync('gdal_translate', ['-q', '-of', 'JPEG', '-ot', 'Byte', path.join(dir, 'p.xyz'), path.join(dir, 'p.jpg')], { stdio: 'ignore' })
    return patchSof(new Uint8Array(readFileSync(path.join(dir, 'p.jpg'))), side)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function patchSof(jpeg: Uint8Array, side: number): Uint8Array {
  const b = new Uint8Array(jpeg)
  for (let p = 2; p + 9 < b.length; ) {
    const marker = b[p + 1]
    if (marker >= 0xc0 && marker <= 0xc3) {
      b[p + 5] = side >> 8
      b[p + 6] = side & 0xff
      b[p + 7] = side >> 8
      b[p + 8] = side & 0xff
      return b
    }
    p += 2 + ((b[p + 2] << 8) | b[p + 3])
  }
  throw new Error('no SOF marker in the JPEG')
}

/** A WebP header (VP8X) for a 16 384 × 16 384 canvas. */
export function webpBomb(): Uint8Array {
  const b = new Uint8Array(64)
  const text = (at: number, s: string) => b.set([...s].map((c) => c.charCodeAt(0)), at)
  text(0, 'RIFF')
  new DataView(b.buffer).setUint32(4, b.length - 8, true)
  text(8, 'WEBP')
  text(12, 'VP8X')
  new DataView(b.buffer).setUint32(16, 10, true)
  for (const at of [24, 27]) b.set([0xff, 0x3f, 0x00], at)
  return b
}

/**
 * One bomb per codec, each a 1-tile 1024 × 1024 Float32 GeoTIFF (4 MiB decoded): a tile that large, so that its
 * compressed data (up to 4 MB) passes the stored-length check and the decoder itself must stop it.
 */
export async function codecBombs(): Promise<Bomb[]> {
  const tile = (payload: Uint8Array, code: number) => withCompression(tiffWithTile(1024, 1024, payload, 1024), code)
  return [
    { name: 'DEFLATE tile inflating to 1 GiB', compression: 8, bytes: tile(await zeroBomb(1024 ** 3), 8) },
    { name: 'LZW tile expanding to 1 GiB', compression: 5, bytes: tile(lzwBomb(145), 5) },
    { name: 'PackBits tile expanding to 256 MiB', compression: 32773, bytes: tile(packbitsBomb(256 * 1024 ** 2), 32773) },
    { name: 'ZSTD tile declaring 8 GiB', compression: 50000, bytes: tile(zstdBomb(8 * 1024 ** 3), 50000) },
    { name: 'ZSTD tile of 8 GiB without a declared size', compression: 50000, bytes: tile(zstdBomb(8 * 1024 ** 3, false), 50000) },
    { name: 'LERC tile declaring 30000 × 30000 Float32', compression: 34887, bytes: tile(lercBomb(30000, 30000), 34887) },
    { name: 'JPEG tile whose header claims 65500 × 65500 pixels', compression: 7, bytes: tile(jpegBomb(65500), 7) },
    { name: 'WebP tile whose header claims 16384 × 16384 pixels', compression: 50001, bytes: tile(webpBomb(), 50001) },
  ]
}
