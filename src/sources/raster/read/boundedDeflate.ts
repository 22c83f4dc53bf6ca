// DEFLATE with a limit, for geotiff.js. Shared by the portal (cog.ts) and the publisher (cli/publish/raster.ts).

/** No single tile or strip may inflate to more than this, whatever its header says (the publisher's whole-raster limit is MAX_RASTER_BYTES). */
export const MAX_BLOCK_BYTES = 512 * 1024 * 1024

let limited = false

/**
 * Replaces geotiff.js's DEFLATE decoder by one that stops when a block inflates beyond what its tile or strip
 * can hold (width × height × bytes per pixel). Without it a 1 MiB "decompression bomb" tile inflates to 1 GiB
 * and more (found by test/fuzz: 2.2 GB of memory for a 1 MB file). Uses the platform's DecompressionStream
 * (browsers, Node ≥ 18), so no extra code is shipped. Idempotent; geotiff's decoder registry is global.
 */
export function limitDecompression(geotiff: Pick<typeof import('geotiff'), 'addDecoder' | 'BaseDecoder'>): void {
  if (limited) return
  limited = true
  class BoundedDeflate extends geotiff.BaseDecoder {
    override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBuffer> {
      const p = this.parameters as { tileWidth: number; tileHeight: number; bitsPerSample: number | ArrayLike<number> }
      const bits = typeof p.bitsPerSample === 'number' ? p.bitsPerSample : Array.from(p.bitsPerSample ?? [8]).reduce((a, b) => a + b, 0)
      const expected = Math.ceil((p.tileWidth * p.tileHeight * bits) / 8)
      const limit = Number.isFinite(expected) && expected > 0 ? Math.min(expected, MAX_BLOCK_BYTES) : MAX_BLOCK_BYTES
      return inflateAtMost(new Uint8Array(buffer as ArrayBuffer), limit)
    }
  }
  geotiff.addDecoder([8, 32946], () => Promise.resolve(BoundedDeflate), undefined, false)
}

/** Inflates zlib data, failing as soon as the output would exceed `limit` bytes. */
export async function inflateAtMost(input: Uint8Array, limit: number): Promise<ArrayBuffer> {
  const stream = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'))
  const reader = stream.getReader()
  const parts: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw new Error(`a compressed block inflates to more than the ${limit} bytes its tile can hold`)
    }
    parts.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out.buffer
}
