// TIFF LZW (MSB-first codes, 9–12 bits, "early change") into a buffer of the block's size. geotiff.js's decoder
// collects the output in a growing JavaScript array without a limit: a 790 kB tile of repeated codes crashed
// Node with a fatal out-of-memory error (exit 133). This one writes into a preallocated Uint8Array and stops at
// the first byte beyond the block. It follows geotiff.js's decoder code for code (checked byte-identical on
// GDAL's LZW files), except that a code beyond the next free table entry is an error, as in libtiff, where
// geotiff.js went on with a stale table entry.

const CLEAR = 256
const EOI = 257
const FIRST = 258

/** Decodes `input`, refusing (via `tooBig`) output longer than `limit` bytes. */
export function lzwDecode(input: Uint8Array, limit: number, tooBig: () => Error): Uint8Array {
  const prefix = new Uint16Array(4096)
  const suffix = new Uint8Array(4096)
  const first = new Uint8Array(4096)
  const length = new Uint16Array(4096)
  for (let i = 0; i < 256; i++) {
    suffix[i] = i
    first[i] = i
    length[i] = 1
  }
  const out = new Uint8Array(limit)
  let n = 0
  let width = 9
  let size = FIRST
  let position = 0
  let old = -1
  const bitLength = input.length * 8

  const next = (): number => {
    // Past the end without an end code: stop, as geotiff.js does (libtiff warns the same way).
    if (position >= bitLength) return EOI
    let code = 0
    for (let k = 0; k < width; k++, position++) {
      const byte = position >> 3
      const bit = byte < input.length ? (input[byte] >> (7 - (position & 7))) & 1 : 0
      code = (code << 1) | bit
    }
    return code
  }
  const emit = (code: number) => {
    const len = length[code]
    if (n + len > limit) throw tooBig()
    for (let i = n + len - 1, c = code; i >= n; i--, c = prefix[c]) out[i] = suffix[c]
    n += len
  }
  const add = (base: number, c: number) => {
    if (size >= 4096) return
    prefix[size] = base
    suffix[size] = c
    first[size] = first[base]
    length[size] = length[base] + 1
    size++
  }

  let code = next()
  while (code !== EOI) {
    if (code === CLEAR) {
      size = FIRST
      width = 9
      do code = next()
      while (code === CLEAR)
      if (code === EOI) break
      if (code > CLEAR) throw new Error(`damaged LZW data (code ${code} right after a clear code)`)
      emit(code)
      old = code
    } else if (code < size) {
      emit(code)
      if (old >= 0) add(old, first[code])
      old = code
    } else {
      if (old < 0 || code > size) throw new Error(`damaged LZW data (code ${code} with ${size} table entries)`)
      // The code being defined right now: the previous string plus its own first byte.
      emit(old)
      if (n + 1 > limit) throw tooBig()
      out[n++] = first[old]
      add(old, first[old])
      old = code
    }
    if (size + 1 >= 1 << width) {
      if (width === 12) old = -1
      else width++
    }
    code = next()
  }
  return n === limit ? out : out.slice(0, n)
}
