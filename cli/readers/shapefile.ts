// Shapefile input in plain TypeScript (.shp/.shx/.dbf/.prj/.cpg), without GDAL. It reads every file whole and walks
// the bytes with a DataView: no streams, no per-vertex callbacks. The result matches what GDAL's Shapefile driver
// (through gdal3.js, see ./gdal.ts) produces, feature by feature, including how polygon rings are assembled; the
// few deliberate differences are noted where they are made (search for "GDAL").
//
// Formats: ESRI Shapefile Technical Description (1998) for .shp/.shx; dBASE III for .dbf; ESRI or OGC WKT in .prj.
import { isAscii, isUtf8 } from 'node:buffer'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { normaliseCrs } from '../../src/projection/registry.ts'
import type { Geometry } from '../../src/projection/geometry.ts'
import { ColumnType, type Column, type Scalar, type VectorData, type VectorFeature } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { be32, le16, le32, readInputPart, readOptionalPart, sibling } from './files.ts'

export interface ShapefileReadOptions {
  /** .dbf encoding (e.g. "UTF-8", "CP1252", "ISO-8859-1", "850"); overrides the .cpg file and detection. */
  encoding?: string
  /** The CRS the user stated (--crs); used only when the .prj exists but cannot be identified. */
  crs?: string
}

/** Reads a Shapefile (.shp with its .dbf and optional .shx/.prj/.cpg siblings). Coordinates stay in the source CRS. */
export async function readShapefile(file: string, opts: ShapefileReadOptions = {}): Promise<VectorData> {
  if (path.extname(file).toLowerCase() !== '.shp') throw new InputError(file, 'is not a Shapefile (.shp)')
  const parts = await collectParts(file)
  return parseShapefile(file, parts, opts)
}

// ---------------------------------------------------------------------------------------------------------------
// Finding and reading the parts.

export interface ShapefileParts {
  base: string
  shp: Buffer
  dbf: Buffer
  shx: Buffer | null
  prj: Buffer | null
  cpg: Buffer | null
}



async function collectParts(file: string): Promise<ShapefileParts> {
  const shp = await readInputPart(file, 'the file', file)
  const dir = path.dirname(file)
  const base = path.basename(file, path.extname(file))
  const entries = await fs.readdir(dir).catch(() => [] as string[])
  const dbfName = sibling(entries, base, 'dbf')
  if (!dbfName) {
    throw new InputError(
      file,
      `the Shapefile is incomplete: ${base}.dbf is missing. A Shapefile is several files with the same name in one ` +
        `folder (.shp, .shx, .dbf and usually .prj and .cpg); copy all of them`,
    )
  }
  const dbf = await readInputPart(file, dbfName, path.join(dir, dbfName))
  // Optional parts; an empty one says nothing and counts as absent.
  const optional = async (ext: string): Promise<Buffer | null> => {
    const name = sibling(entries, base, ext)
    if (!name) return null
    return readOptionalPart(file, name, path.join(dir, name))
  }
  const [shx, prj, cpg] = await Promise.all([optional('shx'), optional('prj'), optional('cpg')])
  return { base, shp, dbf, shx, prj, cpg }
}

// ---------------------------------------------------------------------------------------------------------------
// Putting it together.

/** Parses the parts of a Shapefile already in memory; errors name `file`. */
export function parseShapefile(file: string, parts: ShapefileParts, opts: ShapefileReadOptions = {}): VectorData {
  const { base } = parts
  const shpName = path.basename(file)
  const records = shapeRecords(file, shpName, parts.shp, parts.shx, `${base}.shx`)
  const table = readDbfHeader(file, `${base}.dbf`, parts.dbf)
  if (records.count !== table.records) {
    throw new InputError(
      file,
      `${shpName} holds ${records.count} shapes but ${base}.dbf holds ${table.records} records; the files do not belong ` +
        `together or one of them is damaged — copy or export the Shapefile again`,
    )
  }
  const encoding = chooseEncoding(file, opts.encoding, parts.cpg, parts.dbf, table, base)
  const fields = decodeFields(table, encoding)
  const crs = parts.prj ? prjCrs(file, parts.prj, opts.crs) : null

  const shp = parts.shp
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength)
  const dbf = parts.dbf
  const geometryReader = new GeometryReader(file, view)
  const features: VectorFeature[] = []
  const nFields = fields.length
  const explicit = !!opts.encoding
  for (let i = 0; i < records.count; i++) {
    const row = table.headerLength + i * table.recordLength
    // A record flagged '*' is deleted: GDAL skips it together with its shape, and so do we.
    if (dbf[row] === 0x2a) continue
    const geometry = geometryReader.read(i, records.offsets[i], records.lengths[i])
    const properties: Record<string, Scalar> = {}
    for (let f = 0; f < nFields; f++) {
      const field = fields[f]
      properties[field.name] = readValue(dbf, row + field.offset, row + field.offset + field.width, field.kind, encoding, explicit, file, field.name)
    }
    features.push({ geometry, properties })
  }
  const columns: Column[] = fields.map((f) => ({ name: f.name, type: COLUMN_TYPE[f.kind] }))
  return { crs, crsDeclared: crs !== null, columns, features }
}

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

function shapeRecords(file: string, shpName: string, shp: Buffer, shx: Buffer | null, shxName: string): ShapeRecords {
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

type Ring = number[][]

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

// ---------------------------------------------------------------------------------------------------------------
// Polygon ring assembly, following GDAL (shape2ogr.cpp SHPReadOGRObject + OGRGeometryFactory::organizePolygons):
// the Shapefile spec has outer rings clockwise and holes counter-clockwise, but does not say which outer ring a
// hole belongs to. A hole goes to the smallest outer ring (by area) whose extent contains the hole's and that
// contains a vertex of the hole; holes that fit in no outer ring become outer rings themselves. When a shape has
// exactly one clockwise ring, all other rings are its holes. When all rings after the first are counter-clockwise
// and some lie outside the first ring (files written with wrong winding, e.g. by QGIS ≤ 3.28), orientation is
// ignored and rings are nested purely by containment.

interface RingInfo {
  index: number
  ring: Ring
  minX: number
  minY: number
  maxX: number
  maxY: number
  area: number
  /** Clockwise, as GDAL's isClockwise says (also for degenerate rings). */
  clockwise: boolean
  /** Clockwise and valid: a candidate outer ring. */
  cw: boolean
  valid: boolean
  top: boolean
  parent: number
}

/** `stored`: the number of points in the file (GDAL judges validity before any closing). */
function ringInfo(ring: Ring, index: number, stored: number): RingInfo {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < ring.length; i++) {
    const x = ring[i][0]
    const y = ring[i][1]
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const valid = stored >= 4
  const clockwise = isClockwise(ring)
  return {
    index,
    ring,
    minX,
    minY,
    maxX,
    maxY,
    area: valid ? Math.abs(greenSum(ring)) / 2 : 0,
    clockwise,
    cw: valid && clockwise,
    valid,
    top: false,
    parent: -1,
  }
}

/** Σ x_i (y_{i+1} − y_{i−1}) over a closed ring (twice the signed area, negative for clockwise). */
function greenSum(r: Ring): number {
  const n = r.length
  let sum = r[0][0] * (r[1][1] - r[n - 1][1])
  for (let i = 1; i < n - 1; i++) sum += r[i][0] * (r[i + 1][1] - r[i - 1][1])
  sum += r[n - 1][0] * (r[0][1] - r[n - 2][1])
  return sum
}

/** GDAL's OGRLinearRing::isClockwise: turn at the lowest-rightmost vertex, the signed area when that is degenerate. */
function isClockwise(r: Ring): boolean {
  const n = r.length
  if (n < 2) return true
  let fallback = false
  let v = 0
  for (let i = 1; i < n - 1; i++) {
    if (r[i][1] < r[v][1] || (r[i][1] === r[v][1] && r[i][0] > r[v][0])) {
      v = i
      fallback = false
    } else if (r[i][1] === r[v][1] && r[i][0] === r[v][0]) fallback = true
  }
  const EPS = 1e-5
  let prev = v - 1
  if (prev < 0) prev = n - 2
  if (Math.abs(r[prev][0] - r[v][0]) < EPS && Math.abs(r[prev][1] - r[v][1]) < EPS) fallback = true
  const dx0 = r[prev][0] - r[v][0]
  const dy0 = r[prev][1] - r[v][1]
  let next = v + 1
  if (next >= n - 1) next = 0
  if (Math.abs(r[next][0] - r[v][0]) < EPS && Math.abs(r[next][1] - r[v][1]) < EPS) fallback = true
  const dx1 = r[next][0] - r[v][0]
  const dy1 = r[next][1] - r[v][1]
  const cross = dx1 * dy0 - dx0 * dy1
  if (!fallback) {
    if (cross > 0) return false
    if (cross < 0) return true
  }
  return greenSum(r) < 0
}

/** Ray casting (strict inside; points on the boundary may go either way), as OGRLinearRing::isPointInRing. */
function pointInRing(r: Ring, px: number, py: number): boolean {
  const n = r.length
  let crossings = 0
  let x2 = r[n - 1][0] - px
  let y2 = r[n - 1][1] - py
  for (let i = 0; i < n; i++) {
    const x1 = r[i][0] - px
    const y1 = r[i][1] - py
    if ((y1 > 0 && y2 <= 0) || (y2 > 0 && y1 <= 0)) {
      if ((x1 * y2 - x2 * y1) / (y2 - y1) > 0) crossings++
    }
    x2 = x1
    y2 = y1
  }
  return (crossings & 1) === 1
}

function pointOnRingBoundary(r: Ring, px: number, py: number): boolean {
  for (let i = 1; i < r.length; i++) {
    const ax = r[i - 1][0]
    const ay = r[i - 1][1]
    const bx = r[i][0]
    const by = r[i][1]
    if (ax === bx && ay === by) continue
    if ((ax - px) * (by - py) - (bx - px) * (ay - py) !== 0) continue
    if (px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)) return true
  }
  return false
}

/** Whether ring a lies inside ring b, judged by its first vertex (or the next ones when that is on b's boundary). */
function ringInsideRing(a: Ring, b: Ring): boolean {
  const [sx, sy] = a[0]
  if (!pointOnRingBoundary(b, sx, sy)) return pointInRing(b, sx, sy)
  const n = a.length
  let px = sx
  let py = sy
  let k = 1
  for (; k < n; k++) {
    const x = a[k][0]
    const y = a[k][1]
    if (x === px && y === py) continue
    if (!pointOnRingBoundary(b, x, y)) return pointInRing(b, x, y)
    px = x
    py = y
  }
  if (n > 2) {
    // Every vertex is on b's boundary: try the middles of the edges.
    px = a[0][0]
    py = a[0][1]
    for (k = 1; k < n; k++) {
      const x = a[k][0]
      const y = a[k][1]
      if (x === px && y === py) continue
      const mx = (x + px) / 2
      const my = (y + py) / 2
      if (!pointOnRingBoundary(b, mx, my)) return pointInRing(b, mx, my)
      px = x
      py = y
    }
  }
  return false
}

/** GDAL's check for rings written with the wrong winding order: only the first ring clockwise-or-not, the others all
 *  counter-clockwise, yet some of them lie outside the first (so they are more outer rings than holes). */
function hasWrongWinding(infos: RingInfo[]): boolean {
  for (let i = 1; i < infos.length; i++) if (infos[i].clockwise) return false
  const first = infos[0]
  for (let i = 1; i < infos.length; i++) {
    const o = infos[i]
    if (!(first.minX <= o.maxX && first.maxX >= o.minX && first.minY <= o.maxY && first.maxY >= o.minY)) return true
    // The extreme points (leftmost, rightmost, lowest, highest) of the ring: if none lies inside the first ring,
    // the ring is an outer ring.
    const r = o.ring
    let left = [Infinity, 0]
    let right = [-Infinity, 0]
    let bottom = [0, Infinity]
    let topP = [0, -Infinity]
    for (let k = 0; k < r.length - 1; k++) {
      const p = r[k]
      if (p[0] < left[0] || (p[0] === left[0] && p[1] < left[1])) left = p
      if (p[0] > right[0] || (p[0] === right[0] && p[1] > right[1])) right = p
      if (p[1] < bottom[1] || (p[1] === bottom[1] && p[0] > bottom[0])) bottom = p
      if (p[1] > topP[1] || (p[1] === topP[1] && p[0] < topP[0])) topP = p
    }
    const inFirst = (p: number[]) =>
      p[0] >= first.minX && p[0] <= first.maxX && p[1] >= first.minY && p[1] <= first.maxY && pointInRing(first.ring, p[0], p[1])
    if (!inFirst(left) && !inFirst(right) && !inFirst(bottom) && !inFirst(topP)) return true
  }
  return false
}

/**
 * Rings (≥ 2) of one Polygon record → Polygon or MultiPolygon. `starts`: the part starts (and the point count at the
 * end); `plain`: type 5, the only one where GDAL checks the winding order.
 */
function organizeRings(rings: Ring[], starts: number[], plain: boolean): Geometry {
  const infos = rings.map((r, i) => ringInfo(r, i, starts[i + 1] - starts[i]))
  const onlyCcw = !(plain && hasWrongWinding(infos))
  let cwCount = 0
  let cwIndex = -1
  let mixedUp = false
  for (const info of infos) {
    if (!info.valid) mixedUp = true
    else if (info.cw) {
      cwCount++
      cwIndex = info.index
    }
  }
  if (onlyCcw && cwCount === 1) {
    // One outer ring: every other ring is a hole in it.
    const coordinates = [rings[cwIndex]]
    for (let i = 0; i < rings.length; i++) if (i !== cwIndex) coordinates.push(rings[i])
    return { type: 'Polygon', coordinates }
  }
  if (mixedUp) {
    // A ring with fewer than 4 points: GDAL gives up on nesting and makes each ring a polygon.
    return { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) }
  }
  const byArea = [...infos].sort((a, b) => b.area - a.area)
  byArea[0].top = true
  for (let i = 1; i < byArea.length; i++) {
    const me = byArea[i]
    if (onlyCcw && me.cw) {
      me.top = true
      continue
    }
    let j = i - 1
    for (; j >= 0; j--) {
      const other = byArea[j]
      if (onlyCcw && !other.cw) continue
      if (!(other.minX <= me.minX && other.minY <= me.minY && other.maxX >= me.maxX && other.maxY >= me.maxY)) continue
      // The largest clockwise ring is the last candidate: with correct winding a hole must be in it.
      const inside = (onlyCcw && j === 0) || ringInsideRing(me.ring, other.ring)
      if (!inside) continue
      if (other.top) me.parent = other.index
      else me.top = true // an island in a hole
      break
    }
    if (j < 0) me.top = true
  }
  const polygons: Ring[][] = []
  const polygonOf = new Array<Ring[]>(infos.length)
  for (const info of infos) {
    if (info.top) {
      polygonOf[info.index] = [info.ring]
      polygons.push(polygonOf[info.index])
    }
  }
  for (const info of infos) if (!info.top) polygonOf[info.parent].push(info.ring)
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
}

// ---------------------------------------------------------------------------------------------------------------
// .dbf: the table.


export const enum Kind {
  String,
  Int,
  Long,
  Double,
  Bool,
  Date,
}

export const COLUMN_TYPE: Record<Kind, ColumnType> = {
  [Kind.String]: ColumnType.String,
  [Kind.Int]: ColumnType.Int,
  [Kind.Long]: ColumnType.Long,
  [Kind.Double]: ColumnType.Double,
  [Kind.Bool]: ColumnType.Bool,
  [Kind.Date]: ColumnType.DateTime, // ISO date text ("2021-09-01"), as the gdal reader delivers it
}

interface RawField {
  /** Offset of the name bytes in the .dbf. */
  nameAt: number
  type: string
  offset: number
  width: number
  decimals: number
}

export interface DbfTable {
  records: number
  headerLength: number
  recordLength: number
  fields: RawField[]
}

/** The .dbf is long enough for its header's record count (one line naming the file otherwise); shared with the GDAL path. */
export function checkDbfLength(file: string, name: string, b: Uint8Array, size = b.length): { records: number; headerLength: number; recordLength: number } {
  if (b.length < 32) throw new InputError(file, `${name} is not a valid dBASE table; export the Shapefile again`)
  const records = le32(b, 4)
  const headerLength = le16(b, 8)
  const recordLength = le16(b, 10)
  const declared = headerLength + records * recordLength
  if (headerLength < 33 || size < declared) {
    throw new InputError(file, `${name} is truncated or damaged (${size} of ${declared} bytes); copy or export the Shapefile again`)
  }
  return { records, headerLength, recordLength }
}

export function readDbfHeader(file: string, name: string, b: Buffer, size = b.length): DbfTable {
  const damaged = (why: string) => new InputError(file, `${name} ${why}; copy or export the Shapefile again`)
  const { records, headerLength, recordLength } = checkDbfLength(file, name, b, size)
  const fields: RawField[] = []
  let offset = 1 // byte 0 of each record is the deletion flag
  for (let at = 32; at + 32 <= headerLength && b[at] !== 0x0d; at += 32) {
    const type = String.fromCharCode(b[at + 11])
    const width = b[at + 16]
    // Like shapelib: only numeric fields have decimals (elsewhere the byte is sometimes garbage).
    const decimals = type === 'N' || type === 'F' ? b[at + 17] : 0
    fields.push({ nameAt: at, type, offset, width, decimals })
    offset += width
  }
  if (offset > recordLength && fields.length > 0) {
    throw damaged(`is damaged: its fields need ${offset} bytes per record but records have ${recordLength}`)
  }
  return { records, headerLength, recordLength, fields }
}

export interface Field {
  name: string
  kind: Kind
  offset: number
  width: number
}

/** Column types as GDAL derives them from the dBASE types (shapelib DBFGetFieldInfo + shape2ogr.cpp). */
function fieldKind(f: RawField): Kind {
  switch (f.type) {
    case 'N':
    case 'F':
      if (f.decimals > 0 || f.width >= 19) return Kind.Double
      return f.width >= 10 ? Kind.Long : Kind.Int
    case 'L':
      // gdal3.js's GDAL 3.8 reports logical fields as text ("T", "F", "?"); current GDAL as booleans, like us.
      return Kind.Bool
    case 'D':
      return Kind.Date
    default:
      return Kind.String
  }
}

export function decodeFields(table: DbfTable, encoding: Encoding): Field[] {
  const seen = new Set<string>()
  return table.fields.map((f, i) => {
    const b = encoding.dbf
    let end = f.nameAt
    while (end < f.nameAt + 11 && b[end] !== 0) end++
    while (end > f.nameAt && b[end - 1] === 0x20) end--
    let name = encoding.decode(b, f.nameAt, end) || `field_${i + 1}`
    // Duplicate names would overwrite each other in the feature properties.
    if (seen.has(name)) {
      let k = 2
      while (seen.has(`${name}_${k}`)) k++
      name = `${name}_${k}`
    }
    seen.add(name)
    return { name, kind: fieldKind(f), offset: f.offset, width: f.width }
  })
}

/**
 * One value, as GDAL reads it: the field text ends at the first NUL byte and is trimmed of spaces on both sides;
 * empty text is null (also for strings), numeric fields of '*' are null, dates "00000000" are null.
 * Where GDAL would turn unreadable content into 0 or a date like "0000-00-12", we give null.
 */
export function readValue(
  b: Buffer,
  start: number,
  end: number,
  kind: Kind,
  encoding: Encoding,
  explicit: boolean,
  file: string,
  name: string,
): Scalar {
  // Padding first (usually most of the field), then the content up to a NUL byte.
  let e = end
  while (e > start && b[e - 1] === 0x20) e--
  let s = start
  while (s < e && b[s] === 0x20) s++
  let high = 0
  for (let i = s; i < e; i++) {
    const c = b[i]
    if (c === 0) {
      e = i
      while (e > s && b[e - 1] === 0x20) e--
      break
    }
    high |= c
  }
  if (s === e) return null
  switch (kind) {
    case Kind.String: {
      if (high < 0x80) return latin1(b, s, e) // ASCII: the same in every encoding we support
      const text = encoding.decode(b, s, e)
      if (!explicit && text.includes('\uFFFD')) {
        throw new InputError(
          file,
          `text in attribute "${name}" ("${text}") is not valid in the encoding chosen by ${encoding.source}; ` +
            `state the .dbf encoding (e.g. UTF-8, CP1252 or ISO-8859-1) with --encoding or write a matching .cpg file`,
        )
      }
      return text
    }
    case Kind.Int:
    case Kind.Long:
      return b[s] === 0x2a ? null : parseInteger(b, s, e)
    case Kind.Double: {
      if (b[s] === 0x2a) return null
      const x = parseFloat(latin1(b, s, e))
      return Number.isNaN(x) ? null : x
    }
    case Kind.Bool: {
      const c = b[s]
      if (c === 0x54 || c === 0x74 || c === 0x59 || c === 0x79) return true // T t Y y
      if (c === 0x46 || c === 0x66 || c === 0x4e || c === 0x6e) return false // F f N n
      return null // '?' and anything else
    }
    case Kind.Date:
      return parseDate(latin1(b, s, e))
  }
}

/** strtoll-like: optional sign, digits, stop at the first other character ("12.0" → 12); no digits → null. */
function parseInteger(b: Buffer, s: number, e: number): number | null {
  let i = s
  let negative = false
  if (b[i] === 0x2d || b[i] === 0x2b) {
    negative = b[i] === 0x2d
    i++
  }
  const first = i
  let value = 0
  while (i < e && b[i] >= 0x30 && b[i] <= 0x39) {
    value = value * 10 + (b[i] - 0x30)
    i++
  }
  if (i === first) return null
  // Beyond 15 digits the running sum may round differently from a correctly rounded conversion.
  if (i - first > 15) value = Number(latin1(b, first, i))
  return negative && value !== 0 ? -value : value
}

/** YYYYMMDD (or MM/DD/YYYY, which some writers use) → "YYYY-MM-DD"; "00000000", "0" and junk → null. */
function parseDate(t: string): string | null {
  if (t.startsWith('00000000') || t === '0') return null
  const us = /^(\d\d)\/(\d\d)\/(\d{4})/.exec(t)
  if (us) return `${us[3]}-${us[1]}-${us[2]}`
  const m = /^(\d{4})(\d\d)(\d\d)/.exec(t)
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}

// ---------------------------------------------------------------------------------------------------------------
// Text encodings.

export interface Encoding {
  dbf: Buffer
  /** Canonical name, e.g. "UTF-8", "CP1252". */
  name: string
  /** Where it came from, for messages. */
  source: string
  decode(b: Buffer, start: number, end: number): string
}

// 0x80–0xFF of the single-byte code pages Node's TextDecoder lacks or gets wrong. Node 20's 'windows-1252' decoder
// is plain Latin-1 (0x80 → U+0080 instead of €), so Windows-1252 is here too.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178' +
  Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('')
const CP437_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\xe0\xe5\xe7\xea\xeb\xe8\xef\xee\xec\xc4\xc5\xc9\xe6\xc6\xf4\xf6\xf2\xfb\xf9\xff\xd6\xdc\xa2\xa3\xa5\u20a7\u0192' +
  '\xe1\xed\xf3\xfa\xf1\xd1\xaa\xba\xbf\u2310\xac\xbd\xbc\xa1\xab\xbb\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580' +
  '\u03b1\xdf\u0393\u03c0\u03a3\u03c3\xb5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6\u03b5\u2229\u2261\xb1\u2265\u2264\u2320\u2321\xf7\u2248\xb0\u2219\xb7\u221a\u207f\xb2\u25a0\xa0'
const CP850_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\xe0\xe5\xe7\xea\xeb\xe8\xef\xee\xec\xc4\xc5\xc9\xe6\xc6\xf4\xf6\xf2\xfb\xf9\xff\xd6\xdc\xf8\xa3\xd8\xd7\u0192' +
  '\xe1\xed\xf3\xfa\xf1\xd1\xaa\xba\xbf\xae\xac\xbd\xbc\xa1\xab\xbb\u2591\u2592\u2593\u2502\u2524\xc1\xc2\xc0\xa9\u2563\u2551\u2557\u255d\xa2\xa5\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\xe3\xc3\u255a\u2554\u2569\u2566\u2560\u2550\u256c\xa4\xf0\xd0\xca\xcb\xc8\u0131\xcd\xce\xcf\u2518\u250c\u2588\u2584\xa6\xcc\u2580' +
  '\xd3\xdf\xd4\xd2\xf5\xd5\xb5\xfe\xde\xda\xdb\xd9\xfd\xdd\xaf\xb4\xad\xb1\u2017\xbe\xb6\xa7\xf7\xb8\xb0\xa8\xb7\xb9\xb3\xb2\u25a0\xa0'
const CP852_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\u016f\u0107\xe7\u0142\xeb\u0150\u0151\xee\u0179\xc4\u0106\xc9\u0139\u013a\xf4\xf6\u013d\u013e\u015a\u015b\xd6\xdc\u0164\u0165\u0141\xd7\u010d' +
  '\xe1\xed\xf3\xfa\u0104\u0105\u017d\u017e\u0118\u0119\xac\u017a\u010c\u015f\xab\xbb\u2591\u2592\u2593\u2502\u2524\xc1\xc2\u011a\u015e\u2563\u2551\u2557\u255d\u017b\u017c\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\u0102\u0103\u255a\u2554\u2569\u2566\u2560\u2550\u256c\xa4\u0111\u0110\u010e\xcb\u010f\u0147\xcd\xce\u011b\u2518\u250c\u2588\u2584\u0162\u016e\u2580' +
  '\xd3\xdf\xd4\u0143\u0144\u0148\u0160\u0161\u0154\xda\u0155\u0170\xfd\xdd\u0163\xb4\xad\u02dd\u02db\u02c7\u02d8\xa7\xf7\xb8\xb0\xa8\u02d9\u0171\u0158\u0159\u25a0\xa0'

const TABLES: Record<string, string> = {
  // ISO-8859-1 is read as its superset Windows-1252 (as browsers do): GDAL would turn 0x80–0x9F into invisible
  // control characters, but files labelled Latin-1 that use those bytes mean €, „, “ and the like.
  'CP1252': CP1252_HIGH,
  'ISO-8859-1': CP1252_HIGH,
  'CP437': CP437_HIGH,
  'CP850': CP850_HIGH,
  'CP852': CP852_HIGH,
}

/** Encoding names as found in .cpg files or given by users → canonical names (as ./gdal.ts normaliseEncoding). */
function canonicalEncoding(name: string): string {
  const n = name.trim().replace(/^["']|["']$/g, '')
  const k = n.toLowerCase().replace(/[\s_]/g, '')
  if (/^utf-?8$/.test(k)) return 'UTF-8'
  if (/^(cp|windows-?|ansi-?)?1252$/.test(k)) return 'CP1252'
  if (/^(iso-?8859-?1|8859-?1|88591|latin-?1|l1|ascii|us-?ascii)$/.test(k)) return 'ISO-8859-1'
  if (/^(latin-?9)$/.test(k)) return 'ISO-8859-15'
  const iso = /^(iso-?)?8859-?(\d{1,2})$/.exec(k)
  if (iso) return `ISO-8859-${iso[2]}`
  const cp = /^(cp|ibm|oem|ansi|windows-?|dos-?)?(\d{3,5})$/.exec(k)
  if (cp) return `CP${cp[2]}`
  return n.toUpperCase()
}

/** Canonical name → a WHATWG label for TextDecoder (multi-byte and the single-byte pages Node decodes correctly). */
function decoderLabel(name: string): string {
  const cp = /^CP(\d+)$/.exec(name)
  if (cp) {
    const n = Number(cp[1])
    if (n >= 1250 && n <= 1258) return `windows-${n}`
    const pages: Record<number, string> = {
      866: 'ibm866',
      874: 'windows-874',
      932: 'shift_jis',
      936: 'gbk',
      949: 'euc-kr',
      950: 'big5',
      10000: 'macintosh',
      10007: 'x-mac-cyrillic',
    }
    return pages[n] ?? name
  }
  return name.toLowerCase()
}

/** The code page of a dBASE language driver id (byte 29), as GDAL maps them; null when unknown. */
function ldidEncoding(ldid: number): string | null {
  // 0x57 (87) is "ANSI": GDAL says ISO-8859-1; Windows-1252 is what writers mean by it and decodes the same letters.
  if (ldid === 0x57) return 'CP1252'
  const pages: Record<number, number> = {
    1: 437, 2: 850, 3: 1252, 4: 10000, 8: 865, 10: 850, 11: 437, 13: 437, 14: 850, 15: 437, 16: 850, 17: 437, 18: 850,
    19: 932, 20: 850, 21: 437, 22: 850, 23: 865, 24: 437, 25: 437, 26: 850, 27: 437, 28: 863, 29: 850, 31: 852, 34: 852,
    35: 852, 36: 860, 37: 850, 38: 866, 55: 850, 64: 852, 77: 936, 78: 949, 79: 950, 80: 874, 88: 1252, 89: 1252,
    100: 852, 101: 866, 102: 865, 103: 861, 104: 895, 105: 620, 106: 737, 107: 857, 108: 863, 120: 950, 121: 949,
    122: 936, 123: 932, 124: 874, 134: 737, 135: 852, 136: 857, 150: 10007, 151: 10029, 200: 1250, 201: 1251,
    202: 1254, 203: 1253, 204: 1257,
  }
  return pages[ldid] ? `CP${pages[ldid]}` : null
}

/** True when the parts are valid UTF-8 and contain at least one non-ASCII byte (native checks, no copies). */
function isNonAsciiUtf8(...parts: Uint8Array[]): boolean {
  return parts.some((p) => !isAscii(p)) && parts.every((p) => isUtf8(p))
}

/** Explicit option > .cpg > the language driver byte > detection (valid UTF-8 → UTF-8, otherwise Windows-1252). */
export function chooseEncoding(
  file: string,
  option: string | undefined,
  cpg: Buffer | null,
  dbf: Buffer,
  table: DbfTable,
  base: string,
  /** Are the field names and records non-ASCII UTF-8? (A streaming reader scans the file for this.) */
  utf8 = () => isNonAsciiUtf8(dbf.subarray(32, table.headerLength), dbf.subarray(table.headerLength)),
): Encoding {
  const fromLdid = ldidEncoding(dbf[29])
  const declared = cpg ? cpg.toString('latin1').replace(/^\xef\xbb\xbf/, '').trim() : ''
  let name: string
  let source: string
  if (option) {
    name = canonicalEncoding(option)
    source = 'the encoding option'
  } else if (declared) {
    name = canonicalEncoding(declared)
    source = `${base}.cpg ("${declared}")`
  } else if (fromLdid) {
    name = fromLdid
    source = `the language driver byte of ${base}.dbf`
  } else {
    name = utf8() ? 'UTF-8' : 'CP1252'
    source = `detection (no ${base}.cpg)`
  }
  return { dbf, name, source, decode: makeDecoder(file, name, source) }
}

interface SliceableBuffer {
  latin1Slice?(start: number, end: number): string
  utf8Slice?(start: number, end: number): string
}
const fastSlices = typeof (Buffer.prototype as SliceableBuffer).latin1Slice === 'function' &&
  typeof (Buffer.prototype as SliceableBuffer).utf8Slice === 'function'
/** Buffer's own slice decoders (what toString calls after checking its arguments), a little faster per call. */
const latin1 = fastSlices
  ? (b: Buffer, s: number, e: number) => (b as SliceableBuffer).latin1Slice!(s, e)
  : (b: Buffer, s: number, e: number) => b.toString('latin1', s, e)
const utf8 = fastSlices
  ? (b: Buffer, s: number, e: number) => (b as SliceableBuffer).utf8Slice!(s, e)
  : (b: Buffer, s: number, e: number) => b.toString('utf8', s, e)

const C1 = /[\x80-\x9f]/g

function makeDecoder(file: string, name: string, source: string): Encoding['decode'] {
  if (name === 'UTF-8') return utf8
  const high = TABLES[name]
  if (high === CP1252_HIGH) {
    // Latin-1 except for 0x80–0x9F.
    return (b, s, e) => {
      const text = latin1(b, s, e)
      for (let i = s; i < e; i++) {
        if (b[i] >= 0x80 && b[i] < 0xa0) return text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80])
      }
      return text
    }
  }
  if (high) {
    return (b, s, e) => {
      let out = ''
      for (let i = s; i < e; i++) out += b[i] < 0x80 ? String.fromCharCode(b[i]) : high[b[i] - 0x80]
      return out
    }
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(decoderLabel(name))
  } catch {
    throw new InputError(
      file,
      `the .dbf encoding "${name}" (from ${source}) is not supported; state another with --encoding or save the ` +
        `Shapefile again as UTF-8`,
    )
  }
  return (b, s, e) => decoder.decode(b.subarray(s, e))
}

// ---------------------------------------------------------------------------------------------------------------
// .prj: which CRS.

type WktValue = WktNode | string | number
interface WktNode {
  key: string
  args: WktValue[]
}

/** A tolerant WKT (1 or 2) parser: KEYWORD[ "text" | number | IDENT | KEYWORD[...] , ... ]; null if unreadable. */
export function parseWkt(text: string): WktNode | null {
  let i = 0
  const n = text.length
  const ws = () => {
    while (i < n && /\s/.test(text[i])) i++
  }
  const node = (depth: number): WktNode | null => {
    if (depth > 32) return null
    ws()
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))
    if (!m) return null
    i += m[0].length
    ws()
    if (text[i] !== '[' && text[i] !== '(') return null
    const close = text[i] === '[' ? ']' : ')'
    i++
    const args: WktValue[] = []
    for (;;) {
      ws()
      if (i >= n) return null
      if (text[i] === close) {
        i++
        return { key: m[0].toUpperCase(), args }
      }
      if (args.length > 0) {
        if (text[i] !== ',') return null
        i++
        ws()
      }
      if (text[i] === '"') {
        let s = ''
        i++
        for (;;) {
          if (i >= n) return null
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              s += '"'
              i += 2
              continue
            }
            i++
            break
          }
          s += text[i++]
        }
        args.push(s)
      } else {
        const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64))
        if (num) {
          args.push(Number(num[0]))
          i += num[0].length
          continue
        }
        const save = i
        const child = node(depth + 1)
        if (child) {
          args.push(child)
          continue
        }
        i = save
        const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i, i + 64))
        if (!ident) return null
        args.push(ident[0])
        i += ident[0].length
      }
    }
  }
  return node(0)
}

const children = (node: WktNode, ...keys: string[]) =>
  node.args.filter((a): a is WktNode => typeof a === 'object' && keys.includes(a.key))
const child = (node: WktNode | undefined, ...keys: string[]) => (node ? children(node, ...keys)[0] : undefined)
const nameOf = (node: WktNode | undefined) => (node && typeof node.args[0] === 'string' ? node.args[0] : '')
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
const near = (a: number | undefined, b: number, tol = 1e-9) => a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b))

/** Names of the supported CRSs as ESRI and EPSG spell them (normalised), for a .prj that has only a name. */
const CRS_NAMES: Record<string, string> = {
  etrs_1989_utm_zone_32n: 'EPSG:25832',
  etrs89_utm_zone_32n: 'EPSG:25832',
  etrs_89_utm_zone_32n: 'EPSG:25832',
  etrs_1989_utm_zone_33n: 'EPSG:25833',
  etrs89_utm_zone_33n: 'EPSG:25833',
  etrs_89_utm_zone_33n: 'EPSG:25833',
  gcs_wgs_1984: 'EPSG:4326',
  wgs_84: 'EPSG:4326',
  wgs84: 'EPSG:4326',
  wgs_1984: 'EPSG:4326',
  gcs_etrs_1989: 'EPSG:4258',
  etrs89: 'EPSG:4258',
  etrs_89: 'EPSG:4258',
  wgs_1984_web_mercator_auxiliary_sphere: 'EPSG:3857',
  wgs_84_pseudo_mercator: 'EPSG:3857',
  dhdn_3_degree_gauss_zone_2: 'EPSG:31466',
  dhdn_3_degree_gauss_kruger_zone_2: 'EPSG:31466',
  dhdn_gauss_kruger_zone_2: 'EPSG:31466',
  dhdn_3_degree_gauss_zone_3: 'EPSG:31467',
  dhdn_3_degree_gauss_kruger_zone_3: 'EPSG:31467',
  dhdn_gauss_kruger_zone_3: 'EPSG:31467',
}

type Datum = 'etrs89' | 'wgs84' | 'dhdn'

/** The geodetic datum of a GEOGCS/BASEGEOGCRS node, checked against its ellipsoid when that is given. */
function datumOf(geog: WktNode | undefined): Datum | null | undefined {
  if (!geog) return undefined
  const datum = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE')
  const name = norm(nameOf(datum) || nameOf(geog))
  const ellipsoid = child(datum, 'SPHEROID', 'ELLIPSOID') ?? child(geog, 'SPHEROID', 'ELLIPSOID')
  const a = ellipsoid && typeof ellipsoid.args[1] === 'number' ? ellipsoid.args[1] : undefined
  let kind: Datum | null = null
  if (/etrs|european_terrestrial_reference/.test(name)) kind = 'etrs89'
  else if (/wgs_?(19)?84|world_geodetic_system_1984/.test(name)) kind = 'wgs84'
  else if (/dhdn|deutsches_hauptdreiecksnetz|potsdam/.test(name)) kind = 'dhdn'
  if (kind && a !== undefined && !near(a, kind === 'dhdn' ? 6377397.155 : 6378137, 1e-6)) return null
  // A prime meridian other than Greenwich or an angular unit other than degrees: not one of ours.
  const primem = child(geog, 'PRIMEM')
  if (primem && typeof primem.args[1] === 'number' && primem.args[1] !== 0) return null
  const unit = child(geog, 'UNIT', 'ANGLEUNIT')
  if (unit && typeof unit.args[1] === 'number' && !near(unit.args[1], Math.PI / 180, 1e-8)) return null
  return kind
}

const PARAMETER_KEYS: Record<string, string> = {
  central_meridian: 'lon0',
  longitude_of_natural_origin: 'lon0',
  longitude_of_origin: 'lon0',
  longitude_of_center: 'lon0',
  latitude_of_origin: 'lat0',
  latitude_of_natural_origin: 'lat0',
  scale_factor: 'k',
  scale_factor_at_natural_origin: 'k',
  false_easting: 'fe',
  false_northing: 'fn',
  standard_parallel_1: 'sp1',
  latitude_of_1st_standard_parallel: 'sp1',
  auxiliary_sphere_type: 'aux',
}

/** EPSG code of a projected CRS node from its datum, projection method, parameters and unit; null if none fits. */
function projectedCode(root: WktNode): string | null {
  const datum = datumOf(child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS', 'GEODCRS'))
  const conversion = child(root, 'CONVERSION') ?? root
  const method = norm(nameOf(child(conversion, 'PROJECTION', 'METHOD')))
  const p: Record<string, number> = {}
  for (const param of children(conversion, 'PARAMETER')) {
    const key = PARAMETER_KEYS[norm(nameOf(param))]
    if (key && typeof param.args[1] === 'number') p[key] = param.args[1]
  }
  const unit = child(root, 'UNIT', 'LENGTHUNIT')
  if (unit && typeof unit.args[1] === 'number' && unit.args[1] !== 1) return null
  const lat0 = p.lat0 ?? 0
  const fn = p.fn ?? 0
  if (/^(transverse_mercator|gauss_kruger|gauss_krueger)$/.test(method) && lat0 === 0 && fn === 0) {
    if (datum === 'etrs89' && near(p.k, 0.9996) && near(p.fe, 500000)) {
      if (near(p.lon0, 9)) return 'EPSG:25832'
      if (near(p.lon0, 15)) return 'EPSG:25833'
    }
    if (datum === 'dhdn' && near(p.k, 1)) {
      if (near(p.lon0, 6) && near(p.fe, 2500000)) return 'EPSG:31466'
      if (near(p.lon0, 9) && near(p.fe, 3500000)) return 'EPSG:31467'
    }
    return null
  }
  // Web Mercator: spherical Mercator on WGS84 coordinates. A plain "Mercator"/"Mercator_1SP" on the WGS84 ellipsoid
  // is World Mercator (EPSG:3395), not this, unless the name or a PROJ4 extension says it is spherical.
  const proj4 = child(root, 'EXTENSION')
  const spherical =
    /^(mercator_auxiliary_sphere|popular_visualisation_pseudo_mercator|pseudo_mercator)$/.test(method) ||
    (/^mercator(_1sp)?$/.test(method) &&
      (/pseudo_mercator|web_mercator/.test(norm(nameOf(root))) ||
        (proj4 !== undefined && /\+a=6378137\b.*\+b=6378137\b/.test(String(proj4.args[1] ?? '')))))
  if (spherical && datum === 'wgs84' && (p.lon0 ?? 0) === 0 && (p.fe ?? 0) === 0 && fn === 0 && (p.aux ?? 0) === 0 && (p.sp1 ?? 0) === 0) {
    return 'EPSG:3857'
  }
  return null
}

/** The CRS of a .prj as "EPSG:<code>", or null with the name to quote when it cannot be identified. */
export function identifyPrj(text: string): { crs: string | null; name: string } {
  let root = parseWkt(text.replace(/^\ufeff/, ''))
  if (!root) return { crs: null, name: /^\s*[A-Za-z_]+\[\s*"([^"]*)"/.exec(text)?.[1] ?? '' }
  // Compound (horizontal + vertical) and bound CRSs: the horizontal part decides.
  if (root.key === 'COMPD_CS' || root.key === 'COMPOUNDCRS') {
    root = children(root, 'PROJCS', 'GEOGCS', 'PROJCRS', 'PROJECTEDCRS', 'GEOGCRS', 'GEODCRS')[0] ?? root
  } else if (root.key === 'BOUNDCRS') {
    root = child(child(root, 'SOURCECRS'), 'PROJCS', 'GEOGCS', 'PROJCRS', 'PROJECTEDCRS', 'GEOGCRS', 'GEODCRS') ?? root
  }
  const name = nameOf(root)
  // An explicit EPSG authority on the CRS itself settles it (OGC WKT as written by QGIS and GDAL).
  for (const id of children(root, 'AUTHORITY', 'ID')) {
    if (String(id.args[0]).toUpperCase() === 'EPSG' && /^\d+$/.test(String(id.args[1]))) {
      return { crs: `EPSG:${Number(id.args[1])}`, name }
    }
  }
  const byName = CRS_NAMES[norm(name)] ?? null
  let structural: string | null = null
  let described = false // whether the WKT says more than a name
  if (['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.key)) {
    described = children(root.key === 'PROJCS' ? root : (child(root, 'CONVERSION') ?? root), 'PARAMETER').length > 0
    structural = projectedCode(root)
  } else if (['GEOGCS', 'GEOGCRS', 'GEODCRS'].includes(root.key)) {
    const datum = datumOf(root)
    described = child(root, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE') !== undefined
    structural = datum === 'etrs89' ? 'EPSG:4258' : datum === 'wgs84' ? 'EPSG:4326' : null
  }
  // The parameters decide; a name that contradicts them (e.g. "…UTM_Zone_32N" with a zone-prefixed false easting)
  // is not trusted. Only a WKT that gives nothing but a name is identified by the name.
  if (structural) return { crs: byName && byName !== structural ? null : structural, name }
  return { crs: described ? null : byName, name }
}

export function prjCrs(file: string, prj: Buffer, stated: string | undefined): string | null {
  const text = prj.toString('utf8')
  const { crs, name } = identifyPrj(text)
  if (crs) return crs
  if (stated) {
    const c = normaliseCrs(stated)
    if (c) return c
  }
  throw new InputError(
    file,
    `has a .prj whose coordinate reference system ("${name || 'unnamed'}") was not recognised; state its CRS with ` +
      `--crs EPSG:<code> or save the data again in EPSG:25832 (ETRS89 / UTM zone 32N)`,
  )
}
