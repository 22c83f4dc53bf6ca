// PackBits (TIFF compression 32773) into a buffer of the block's size. geotiff.js's decoder pushes every byte
// into a growing JavaScript array (130 bytes of output per 2 input bytes, no limit) and treats the no-op
// header −128 as a run of 129; this one stops at the block's size and skips −128 as the TIFF specification
// (and libtiff, hence GDAL) does.

export function packbitsDecode(input: Uint8Array, limit: number, tooBig: () => Error): Uint8Array {
  const out = new Uint8Array(limit)
  let n = 0
  for (let i = 0; i < input.length; ) {
    const header = (input[i++] << 24) >> 24
    if (header === -128) continue
    if (header < 0) {
      if (i >= input.length) throw new Error('damaged PackBits data (a run without its byte)')
      const count = 1 - header
      if (n + count > limit) throw tooBig()
      out.fill(input[i++], n, n + count)
      n += count
    } else {
      const count = header + 1
      if (i + count > input.length) throw new Error('damaged PackBits data (a literal run past the end of the block)')
      if (n + count > limit) throw tooBig()
      out.set(input.subarray(i, i + count), n)
      i += count
      n += count
    }
  }
  return n === limit ? out : out.slice(0, n)
}
