// What a compressed block says about its own decoded size, read from its header before any decoding. For codecs
// whose library cannot stop part-way (zstd's WebAssembly, LERC, the JPEG decoder, the browser's WebP decoder)
// this is how an oversize block is refused before memory is spent on it.

const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8)
const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0
const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1]

/**
 * The content size zstd frames declare, summed over all frames (skippable frames count 0), or null when a frame
 * does not declare it; and the least they decode to, from the block headers (raw and RLE blocks state their
 * size; a compressed block may give up to 128 KiB). Throws on data that is not zstd.
 */
export function zstdSizes(b: Uint8Array): { declared: number | null; atLeast: number } {
  let total = 0
  let atLeast = 0
  let known = true
  let p = 0
  while (p < b.length) {
    if (p + 8 > b.length) throw new Error('damaged zstd data (a frame header past the end of the block)')
    const magic = u32le(b, p)
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      p += 8 + u32le(b, p + 4)
      continue
    }
    if (magic !== 0xfd2fb528) throw new Error('damaged zstd data (no frame magic number)')
    const fhd = b[p + 4]
    const fcsFlag = fhd >> 6
    const single = (fhd >> 5) & 1
    const dictBytes = [0, 1, 2, 4][fhd & 3]
    let q = p + 5 + (single ? 0 : 1) + dictBytes
    const fcsBytes = fcsFlag === 0 ? single : [0, 2, 4, 8][fcsFlag]
    if (q + fcsBytes > b.length) throw new Error('damaged zstd data (a frame header past the end of the block)')
    if (fcsBytes === 0) known = false
    else if (fcsBytes === 1) total += b[q]
    else if (fcsBytes === 2) total += u16le(b, q) + 256
    else if (fcsBytes === 4) total += u32le(b, q)
    else total += u32le(b, q) + u32le(b, q + 4) * 2 ** 32
    q += fcsBytes
    // Blocks: 3-byte headers (last flag, type, size); an RLE block stores 1 byte for `size` bytes of output.
    for (;;) {
      if (q + 3 > b.length) throw new Error('damaged zstd data (a block header past the end of the block)')
      const h = b[q] | (b[q + 1] << 8) | (b[q + 2] << 16)
      const type = (h >> 1) & 3
      if (type === 3) throw new Error('damaged zstd data (reserved block type)')
      if (type < 2) atLeast += h >>> 3
      q += 3 + (type === 1 ? 1 : h >>> 3)
      if (h & 1) break
    }
    if ((fhd >> 2) & 1) q += 4 // content checksum
    p = q
  }
  return { declared: known ? total : null, atLeast }
}

const LERC2_TYPE_BYTES = [1, 1, 2, 2, 4, 4, 4, 8]

/**
 * The pixel bytes a LERC block decodes to (every band: rows × columns × values per pixel × type size; the
 * decoder adds a validity mask of one byte per pixel), read from the Lerc2 headers. LERC 1 ("CntZImage", which
 * GDAL does not write into TIFFs) is refused: its blobs do not state their length, so a block of thousands of
 * small bands could not be bounded before decoding.
 */
export function lercDeclaredSize(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const text = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))
  let total = 0
  let p = 0
  for (let blobs = 0; p < b.length - 10; blobs++) {
    if (blobs >= 256) throw new Error('damaged LERC data (more than 256 bands in one block)')
    if (text(p, 9) === 'CntZImage') throw new Error('uses LERC 1, which is not supported (convert it with gdal_translate -co COMPRESS=DEFLATE)')
    if (text(p, 5) !== 'Lerc2') throw new Error('damaged LERC data (no Lerc2 header)')
    const version = dv.getInt32(p + 6, true)
    let q = p + 10 + (version >= 3 ? 4 : 0)
    if (q + 12 + 40 > b.length) throw new Error('damaged LERC data (header past the end of the block)')
    const rows = dv.getUint32(q, true)
    const cols = dv.getUint32(q + 4, true)
    q += 8
    const dims = version >= 4 ? dv.getUint32(q, true) : 1
    if (version >= 4) q += 4
    const blobSize = dv.getInt32(q + 8, true)
    const type = dv.getInt32(q + 12, true)
    const bytes = LERC2_TYPE_BYTES[type]
    if (bytes === undefined) throw new Error(`damaged LERC data (data type ${type})`)
    if (!(blobSize > 0)) throw new Error(`damaged LERC data (blob size ${blobSize})`)
    total += rows * cols * dims * bytes
    p += blobSize
  }
  return total
}

/** A JPEG's frame (SOFn): width, height and components, or null when no frame header comes before the scan. */
export function jpegFrame(b: Uint8Array): { width: number; height: number; components: number } | null {
  let p = 2
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return null
    const marker = b[p + 1]
    if (marker === 0xff) {
      p++ // fill byte
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2
      continue
    }
    if (marker === 0xda || marker === 0xd9) return null
    const len = u16be(b, p + 2)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 10 > b.length) return null
      return { height: u16be(b, p + 5), width: u16be(b, p + 7), components: b[p + 9] }
    }
    p += 2 + len
  }
  return null
}

/** A WebP's canvas size (VP8X, VP8L or VP8 key frame), or null when the header is not one of those. */
export function webpSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 30 || String.fromCharCode(...b.subarray(0, 4)) !== 'RIFF' || String.fromCharCode(...b.subarray(8, 12)) !== 'WEBP') return null
  const chunk = String.fromCharCode(...b.subarray(12, 16))
  if (chunk === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) }
  if (chunk === 'VP8L') {
    const bits = u32le(b, 21)
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) }
  }
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
  return null
}
