// How many bytes one tile or strip may decode to, and the error when a compressed block claims or produces more.

/** No single tile or strip may decode to more than this, whatever its tags say (the publisher's whole-raster limit is MAX_RASTER_BYTES). */
export const MAX_BLOCK_BYTES = 512 * 1024 * 1024

/** What geotiff.js hands a decoder (BaseDecoderParameters), plus the block size we add (decoderParameters in register.ts). */
export interface BlockParameters {
  tileWidth: number
  tileHeight: number
  bitsPerSample?: number | ArrayLike<number>
  planarConfiguration?: number
  samplesPerPixel?: number
  /** Bytes one decoded block holds: width × height × bytes per pixel (one sample's bytes for planar data). */
  blockBytes: number
}

/** A tile or strip that cannot be decoded; register.ts adds which one it was (`located`). */
export class BlockError extends Error {
  override name = 'BlockError'
  located = false
}

/**
 * A compressed block that decodes (or declares it decodes) to more than its tile or strip can hold: a
 * decompression bomb or damage. register.ts adds which block it was; callers add the file name.
 */
export class BlockLimitError extends BlockError {
  override name = 'BlockLimitError'
}

/**
 * The decoded size of one block: rows × bytes per row (rows are byte-aligned, so 1-bit data rounds up per row).
 * A strip's height is RowsPerStrip, at most the image height (TIFF's default RowsPerStrip is 2^32 − 1).
 */
export function blockBytes(width: number, height: number, bitsPerSample: number[], planar: number): number {
  const bits = planar === 2 ? Math.max(...bitsPerSample) : bitsPerSample.reduce((a, b) => a + b, 0)
  return height * Math.ceil((width * bits) / 8)
}

/** Throws a BlockLimitError unless `bytes` fits in the block. `what` says which codec and how it was found. */
export function checkFits(bytes: number, p: Pick<BlockParameters, 'blockBytes' | 'tileWidth' | 'tileHeight'>, what: string): void {
  if (!(bytes <= p.blockBytes)) throw new BlockLimitError(`${what} ${Number.isFinite(bytes) ? bytes : 'unbounded'} bytes, more than the ${p.blockBytes} bytes its block of ${p.tileWidth} × ${p.tileHeight} pixels can hold (damaged, or a decompression bomb)`)
}

/** The error for output that grows past the block while decoding. */
export function overflow(codec: string, p: Pick<BlockParameters, 'blockBytes' | 'tileWidth' | 'tileHeight'>): BlockLimitError {
  return new BlockLimitError(`${codec} data decodes to more than the ${p.blockBytes} bytes its block of ${p.tileWidth} × ${p.tileHeight} pixels can hold (damaged, or a decompression bomb)`)
}
