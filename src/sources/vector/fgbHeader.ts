// Cheap sanity checks before handing bytes to flatgeobuf, which can hang on zero-byte or truncated files.

const MAGIC = [0x66, 0x67, 0x62] // "fgb"
/** Headers larger than this are not plausible for a layer (columns + metadata). */
export const MAX_HEADER_BYTES = 1 << 20

/**
 * Checks the first bytes of a FlatGeobuf file (at least 12) and, when known, the file's total size.
 * Returns a human-readable problem, or null when the file looks sound.
 */
export function checkFlatGeobufBytes(prefix: Uint8Array, totalSize: number = prefix.length): string | null {
  if (totalSize === 0) return 'is empty (0 bytes)'
  if (prefix.length < 12 || totalSize < 12) return `is too short to be FlatGeobuf (${totalSize} bytes)`
  if (!MAGIC.every((b, i) => prefix[i] === b)) return 'is not a FlatGeobuf file (wrong magic bytes)'
  if (prefix[3] !== 3) return `uses FlatGeobuf format version ${prefix[3]}; only version 3 is supported (convert it with ogr2ogr)`
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(8, true)
  if (headerLength < 4 || headerLength > MAX_HEADER_BYTES) return `has an implausible header size (${headerLength} bytes)`
  if (12 + headerLength > totalSize) return `is truncated (header needs ${12 + headerLength} bytes, file has ${totalSize})`
  return null
}
