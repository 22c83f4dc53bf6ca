// Hand-made hostile files that random mutation rarely produces: run first in every fuzz run, so the bugs the
// fuzzer found once stay fixed.
import { createDeflate, deflateSync } from 'node:zlib'
import type { Format } from './mutate.ts'

export interface CraftedCase {
  name: string
  format: Format
  bytes: Uint8Array
}

/** A GeoTIFF (EPSG:25832, 1 m pixels, one Float32 band) whose only tile is given as DEFLATE data. */
export function tiffWithTile(width: number, height: number, tile: Uint8Array, tileSize = 256): Uint8Array {
  const entries: [number, number, number[] | Float64Array][] = [
    [256, 4, [width]],
    [257, 4, [height]],
    [258, 3, [32]],
    [259, 3, [8]],
    [262, 3, [1]],
    [277, 3, [1]],
    [284, 3, [1]],
    [322, 3, [tileSize]],
    [323, 3, [tileSize]],
    [324, 4, [0]], // patched below
    [325, 4, [tile.length]],
    [339, 3, [3]],
    [33550, 12, new Float64Array([1, 1, 0])],
    [33922, 12, new Float64Array([0, 0, 0, 438000, 5714000, 0])],
    [34735, 3, [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 25832]],
  ]
  const size = (type: number) => ({ 3: 2, 4: 4, 12: 8 })[type]!
  const ifdSize = 2 + entries.length * 12 + 4
  let extra = 8 + ifdSize
  const layout = entries.map(([tag, type, values]) => {
    const bytes = values.length * size(type)
    const at = bytes > 4 ? extra : -1
    if (bytes > 4) extra += bytes + (bytes % 2)
    return { tag, type, values, at }
  })
  const tileAt = extra
  const out = new Uint8Array(tileAt + tile.length)
  const dv = new DataView(out.buffer)
  out.set([0x49, 0x49])
  dv.setUint16(2, 42, true)
  dv.setUint32(4, 8, true)
  dv.setUint16(8, entries.length, true)
  layout.forEach(({ tag, type, values, at }, i) => {
    const e = 10 + i * 12
    dv.setUint16(e, tag, true)
    dv.setUint16(e + 2, type, true)
    dv.setUint32(e + 4, values.length, true)
    const vals = tag === 324 ? [tileAt] : Array.from(values)
    const write = (p: number, v: number) => (type === 3 ? dv.setUint16(p, v, true) : type === 4 ? dv.setUint32(p, v, true) : dv.setFloat64(p, v, true))
    if (at < 0) vals.forEach((v, k) => write(e + 8 + k * size(type), v))
    else {
      dv.setUint32(e + 8, at, true)
      vals.forEach((v, k) => write(at + k * size(type), v))
    }
  })
  out.set(tile, tileAt)
  return out
}

/** DEFLATE (zlib) data that inflates to `bytes` zero bytes (about 1 KiB per MiB), made as a stream. */
export async function zeroBomb(bytes: number): Promise<Uint8Array> {
  const chunk = Buffer.alloc(1024 * 1024)
  const parts: Buffer[] = []
  const z = createDeflate({ level: 9 })
  z.on('data', (d: Buffer) => parts.push(d))
  const done = new Promise((resolve, reject) => z.on('end', resolve).on('error', reject))
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!z.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((r) => z.once('drain', r))
  }
  z.end()
  await done
  return new Uint8Array(Buffer.concat(parts))
}

function fgbField(b: Uint8Array, slot: number): number | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const table = 12 + dv.getUint32(12, true)
  const vtable = table - dv.getInt32(table, true)
  if (slot >= dv.getUint16(vtable, true)) return null
  const off = dv.getUint16(vtable + slot, true)
  return off ? table + off : null
}

export async function craftedCases(seeds: { name: string; format: Format; bytes: Uint8Array }[]): Promise<CraftedCase[]> {
  const out: CraftedCase[] = []
  const fgb = seeds.find((s) => s.format === 'fgb' && s.name.startsWith('demo-baeume')) ?? seeds.find((s) => s.format === 'fgb')
  const tif = seeds.find((s) => s.format === 'tif')
  if (fgb) {
    const zero = new Uint8Array(fgb.bytes)
    const p = fgbField(zero, 20)
    if (p !== null) {
      new DataView(zero.buffer).setBigUint64(p, 0n, true)
      // flatgeobuf's calcTreeSize(0, 16) never returns (fixed in src/sources/vector/fgbHeader.ts).
      out.push({ name: 'FlatGeobuf announcing 0 features with an index', format: 'fgb', bytes: zero })
    }
    const many = new Uint8Array(fgb.bytes)
    if (p !== null) {
      new DataView(many.buffer).setBigUint64(p, 2n ** 53n, true)
      out.push({ name: 'FlatGeobuf announcing 2^53 features', format: 'fgb', bytes: many })
    }
    const header = new Uint8Array(fgb.bytes)
    new DataView(header.buffer).setUint32(8, 10 * 1024 * 1024, true)
    out.push({ name: 'FlatGeobuf with a 10 MiB header length', format: 'fgb', bytes: header })
  }
  if (tif) {
    const loop = new Uint8Array(tif.bytes)
    const dv = new DataView(loop.buffer)
    const ifd = dv.getUint32(4, true)
    const n = dv.getUint16(ifd, true)
    dv.setUint32(ifd + 2 + n * 12, ifd, true)
    out.push({ name: 'GeoTIFF whose first IFD links to itself', format: 'tif', bytes: loop })
  }
  out.push({ name: 'GeoTIFF 2147483647 × 2147483647 pixels', format: 'tif', bytes: tiffWithTile(0x7fffffff, 0x7fffffff, deflateSync(Buffer.alloc(256 * 256 * 4))) })
  // One 256 × 256 Float32 tile (256 KiB) whose DEFLATE data inflates to 1 GiB: a decompression bomb.
  out.push({ name: 'GeoTIFF with a DEFLATE bomb tile (1 GiB from 1 MiB)', format: 'tif', bytes: tiffWithTile(256, 256, await zeroBomb(1024 * 1024 * 1024)) })
  return out
}
