// .shp and .shx: the records and their geometries (ESRI Shapefile Technical Description, 1998).
import type { Geometry } from '../../../src/projection/geometry.ts'
import { InputError } from '../errors.ts'
import { be32 } from '../files.ts'
import { organizeRings, type Ring } from './rings.ts'

// ---------------------------------------------------------------------------------------------------------------
// .shp / .shx: where the records are.


/** Offsets (of the record content, after the 8-byte record header) and content lengths of all records. */
interface ShapeRecords {
  count: number
  offsets: Float64Array
  lengths: Float64Array
}

/** .shp and .shx share a 100-byte header: file code 9994 and the file length in 16-bit words. */
export function shapeHeaderProblem(b: Uint8Array, size = b.length): 'header' | 'truncated' | null {
  if (size < 100 || b.length < 100 || be32(b, 0) !== 9994) return 'header'
  if (size < be32(b, 24) * 2) return 'truncated'
  return null
}

/** A .shp or .shx with a usable header and all the bytes it declares (one line naming the part otherwise); shared with the GDAL path. */
export function checkShapeHeader(file: string, name: string, b: Uint8Array, size = b.length): void {
  const problem = shapeHeaderProblem(b, size)
  if (problem === 'header') {
    throw new InputError(file, `${name} is not a valid Shapefile part (no Shapefile header); export the data again from your GIS`)
  }
  if (problem === 'truncated') {
    throw new InputError(file, `${name} is truncated (${size} of ${be32(b, 24) * 2} bytes); the copy is incomplete — copy or export the Shapefile again`)
  }
}

export function shapeRecords(file: string, shpName: string, shp: Buffer, shx: Buffer | null, shxName: string): ShapeRecords {
  checkShapeHeader(file, shpName, shp)
  const declared = be32(shp, 24) * 2
  // The .shx is optional: with it we read the records where it says (a .shp may hold unused bytes between records);
  // without it, or when it is unusable, we walk the .shp from record to record, as GDAL does when it rebuilds a .shx.
  if (shx && shapeHeaderProblem(shx) === null) return indexedRecords(file, shpName, shxName, shp, shx)
  return sequentialRecords(file, shpName, shp, declared)
}

export function recordPastEnd(file: string, shpName: string, n: number, at: number, length: number, size: number): InputError {
  return new InputError(
    file,
    `${shpName} is damaged: shape ${n} (at byte ${at}, ${length} bytes) reaches past the end of the file (${size} bytes); ` +
      `the copy is incomplete — copy or export the Shapefile again`,
  )
}

function indexedRecords(file: string, shpName: string, shxName: string, shp: Buffer, shx: Buffer): ShapeRecords {
  const count = Math.max(0, Math.floor((be32(shx, 24) * 2 - 100) / 8))
  const offsets = new Float64Array(count)
  const lengths = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const at = be32(shx, 100 + i * 8) * 2
    if (at < 100 || at + 8 > shp.length) {
      throw new InputError(
        file,
        `${shxName} points shape ${i + 1} to byte ${at}, outside ${shpName} (${shp.length} bytes); the .shx does not belong ` +
          `to the .shp or the .shp is truncated — copy or export the Shapefile again`,
      )
    }
    // The record header in the .shp is authoritative for the length (the spec wants it equal to the .shx's).
    const length = be32(shp, at + 4) * 2
    if (at + 8 + length > shp.length) throw recordPastEnd(file, shpName, i + 1, at, length + 8, shp.length)
    offsets[i] = at + 8
    lengths[i] = length
  }
  return { count, offsets, lengths }
}

function sequentialRecords(file: string, shpName: string, shp: Buffer, declared: number): ShapeRecords {
  const end = Math.min(declared, shp.length)
  let offsets = new Float64Array(1024)
  let lengths = new Float64Array(1024)
  let count = 0
  let at = 100
  while (at + 8 <= end) {
    const length = be32(shp, at + 4) * 2
    if (at + 8 + length > end) throw recordPastEnd(file, shpName, count + 1, at, length + 8, end)
    if (count === offsets.length) {
      const o = new Float64Array(count * 2)
      o.set(offsets)
      offsets = o
      const l = new Float64Array(count * 2)
      l.set(lengths)
      lengths = l
    }
    offsets[count] = at + 8
    lengths[count] = length
    count++
    at += 8 + length
  }
  return { count, offsets, lengths }
}

// ---------------------------------------------------------------------------------------------------------------
// .shp: geometries.

const enum Shape {
  Null = 0,
  Point = 1,
  PolyLine = 3,
  Polygon = 5,
  MultiPoint = 8,
  PointZ = 11,
  PolyLineZ = 13,
  PolygonZ = 15,
  MultiPointZ = 18,
  PointM = 21,
  PolyLineM = 23,
  PolygonM = 25,
  MultiPointM = 28,
  MultiPatch = 31,
}


export class GeometryReader {
  constructor(
    private readonly file: string,
    /** The .shp bytes, or (streaming) a window of them: offsets given to read() are into this view. */
    public view: DataView,
  ) {}

  private damaged(n: number, why: string): InputError {
    return new InputError(this.file, `is damaged: shape ${n} ${why}; export the data again from your GIS`)
  }

  /** The geometry of record i (0-based) whose content is `length` bytes at `at`. */
  read(i: number, at: number, length: number): Geometry | null {
    const n = i + 1
    if (length < 4) throw this.damaged(n, `is too short (${length} bytes)`)
    const v = this.view
    const type = v.getInt32(at, true)
    switch (type) {
      case Shape.Null:
        return null
      case Shape.Point:
      case Shape.PointZ:
      case Shape.PointM:
        if (length < 20) throw this.damaged(n, `is too short for a point (${length} bytes)`)
        return { type: 'Point', coordinates: [v.getFloat64(at + 4, true), v.getFloat64(at + 12, true)] }
      case Shape.MultiPoint:
      case Shape.MultiPointZ:
      case Shape.MultiPointM:
        return this.multiPoint(n, type, at, length)
      case Shape.PolyLine:
      case Shape.PolyLineZ:
      case Shape.PolyLineM:
      case Shape.Polygon:
      case Shape.PolygonZ:
      case Shape.PolygonM:
        return this.parts(n, type, at, length)
      case Shape.MultiPatch:
        // GDAL turns multipatches (3D building shells) into polygons; that is beyond this reader.
        throw new InputError(
          this.file,
          `holds MultiPatch (3D surface) shapes, which are not supported; export them as polygons from your GIS`,
        )
      default:
        throw this.damaged(n, `has an unknown shape type (${type})`)
    }
  }

  private multiPoint(n: number, type: number, at: number, length: number): Geometry | null {
    if (length < 40) throw this.damaged(n, `is too short for a multipoint (${length} bytes)`)
    const v = this.view
    const count = v.getUint32(at + 36, true)
    let required = 40 + 16 * count
    if (type === Shape.MultiPointZ) required += 16 + 8 * count
    if (required > length) throw this.damaged(n, `declares ${count} points but holds only ${length} bytes`)
    if (count === 0) return null
    const coordinates = new Array<number[]>(count)
    for (let k = 0, p = at + 40; k < count; k++, p += 16) coordinates[k] = [v.getFloat64(p, true), v.getFloat64(p + 8, true)]
    return { type: 'MultiPoint', coordinates }
  }

  /** PolyLine and Polygon (and their Z/M variants): parts index into one list of points. */
  private parts(n: number, type: number, at: number, length: number): Geometry | null {
    if (length < 44) throw this.damaged(n, `is too short (${length} bytes)`)
    const v = this.view
    const nParts = v.getUint32(at + 36, true)
    const nPoints = v.getUint32(at + 40, true)
    let required = 44 + 4 * nParts + 16 * nPoints
    if (type === Shape.PolyLineZ || type === Shape.PolygonZ) required += 16 + 8 * nPoints
    if (required > length) {
      throw this.damaged(n, `declares ${nParts} parts and ${nPoints} points but holds only ${length} bytes`)
    }
    const starts = new Array<number>(nParts + 1)
    for (let k = 0; k < nParts; k++) {
      const s = v.getInt32(at + 44 + 4 * k, true)
      if (s < 0 || (s >= nPoints && nPoints > 0) || (k > 0 && s < starts[k - 1])) {
        throw this.damaged(n, `has an invalid part start (part ${k + 1} starts at point ${s} of ${nPoints})`)
      }
      starts[k] = s
    }
    starts[nParts] = nPoints
    if (nParts === 0 || nPoints === 0) return null
    const points = at + 44 + 4 * nParts
    const isLine = type === Shape.PolyLine || type === Shape.PolyLineZ || type === Shape.PolyLineM
    if (isLine) {
      // Like GDAL: one part is a LineString of all points, several are a MultiLineString.
      if (nParts === 1) return { type: 'LineString', coordinates: this.points(points, 0, nPoints, false) }
      const lines = new Array<Ring>(nParts)
      for (let k = 0; k < nParts; k++) lines[k] = this.points(points, starts[k], starts[k + 1], false)
      return { type: 'MultiLineString', coordinates: lines }
    }
    const rings = new Array<Ring>(nParts)
    for (let k = 0; k < nParts; k++) rings[k] = this.points(points, starts[k], starts[k + 1], true)
    if (nParts === 1) return { type: 'Polygon', coordinates: rings }
    return organizeRings(rings, starts, type === Shape.Polygon)
  }

  /** Points [from, to) as [x, y] pairs; rings are closed if the file left them open (GDAL keeps them open). */
  private points(base: number, from: number, to: number, close: boolean): Ring {
    const v = this.view
    const count = to - from
    let p = base + from * 16
    const open = close && count > 1 && (v.getFloat64(p, true) !== v.getFloat64(p + (count - 1) * 16, true) ||
      v.getFloat64(p + 8, true) !== v.getFloat64(p + (count - 1) * 16 + 8, true))
    const out = new Array<number[]>(open ? count + 1 : count)
    for (let k = 0; k < count; k++, p += 16) out[k] = [v.getFloat64(p, true), v.getFloat64(p + 8, true)]
    if (open) out[count] = [out[0][0], out[0][1]]
    return out
  }
}
