// Cheap sanity checks before handing bytes to flatgeobuf, which can hang on zero-byte or truncated files.
import * as flatbuffers from 'flatbuffers'
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js'
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js'

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

/**
 * The file's size against its catalog entry's `bytes`: a file cut short by an interrupted upload can still pass
 * every check of its own (cut inside its last feature, or a file without an index) and would be drawn in part
 * without a word. Only the size can be checked without downloading the file (see SECURITY.md).
 */
export function checkCatalogSize(size: number, catalogBytes: number | undefined): string | null {
  // Older or hand-made catalogs may lack the size (the catalog parser does not require it): nothing to compare.
  if (typeof catalogBytes !== 'number' || !Number.isSafeInteger(catalogBytes) || size === catalogBytes) return null
  return `does not match the catalog: ${size} bytes, the catalog says ${catalogBytes}`
}

const MAX_COLUMNS = 65535
const MAX_GEOMETRY_TYPE = 17
const MAX_COLUMN_TYPE = 14

/**
 * Decodes and sanity-checks the header (bytes from offset 0 through the end of the header). A fuzzed header can
 * announce billions of columns or features, which makes readers loop "forever"; this refuses such files.
 */
export function checkFlatGeobufHeader(bytes: Uint8Array, totalSize: number): string | null {
  const basic = checkFlatGeobufBytes(bytes, totalSize)
  if (basic) return basic
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
  if (bytes.length < 12 + headerLength) return `is truncated (header needs ${12 + headerLength} bytes)`
  try {
    const bb = new flatbuffers.ByteBuffer(bytes.subarray(0, 12 + headerLength))
    bb.setPosition(8)
    const h = Header.getSizePrefixedRootAsHeader(bb)
    const columns = h.columnsLength()
    if (columns > MAX_COLUMNS || columns * 4 > headerLength) return `has a damaged header (${columns} columns announced)`
    for (let i = 0; i < columns; i++) {
      const c = h.columns(i)
      if (!c?.name()) return `has a damaged header (column ${i} without a name)`
      if (c.type() > MAX_COLUMN_TYPE) return `has a damaged header (column "${c.name()}" of unknown type ${c.type()})`
    }
    if (h.geometryType() > MAX_GEOMETRY_TYPE) return `has a damaged header (unknown geometry type ${h.geometryType()})`
    const count = Number(h.featuresCount())
    const nodeSize = h.indexNodeSize()
    const body = totalSize - 12 - headerLength
    if (nodeSize === 1) return 'has a damaged header (index node size 1)'
    // flatgeobuf sizes the index of every file with a node size > 0 and loops forever for 0 features (found by
    // test/fuzz): such a file has nothing to show anyway.
    if (count === 0 && nodeSize > 0) return 'contains no features (its header announces 0 features with a spatial index)'
    const tree = count > 0 && nodeSize > 1 ? calcTreeSize(count, nodeSize) : 0
    if (tree > body) return `is truncated or damaged (index of ${tree} bytes announced, ${body} bytes after the header)`
    // Every feature takes at least a 4-byte size prefix and a small table.
    if (count * 12 > body - tree) return `is truncated or damaged (${count} features announced in ${body - tree} bytes)`
  } catch (e) {
    return `has a damaged header (${(e as Error).message})`
  }
  return null
}

export interface FlatGeobufLayout {
  headerLength: number
  featuresCount: number
  indexNodeSize: number
  /** EPSG code from the header, when declared. */
  crsCode: number | null
  /** Bytes of the packed R-tree (0 without index). */
  treeSize: number
  /** Offset of the first feature from the start of the file. */
  featuresOffset: number
}

/** Layout facts from a header that passed checkFlatGeobufHeader. */
export function flatGeobufLayout(bytes: Uint8Array): FlatGeobufLayout {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
  const bb = new flatbuffers.ByteBuffer(bytes.subarray(0, 12 + headerLength))
  bb.setPosition(8)
  const h = Header.getSizePrefixedRootAsHeader(bb)
  const featuresCount = Number(h.featuresCount())
  const indexNodeSize = h.indexNodeSize()
  const treeSize = featuresCount > 0 && indexNodeSize > 1 ? calcTreeSize(featuresCount, indexNodeSize) : 0
  return { headerLength, featuresCount, indexNodeSize, crsCode: h.crs()?.code() || null, treeSize, featuresOffset: 12 + headerLength + treeSize }
}
