// GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3: "GP" header, flags, srs_id, optional envelope, then WKB) to
// GeoJSON-shaped geometries. 2D like the publisher's GDAL path (-dim XY): Z and M are read and dropped. WKB type
// codes in ISO form (1001, 2001, 3001 …) and extended form (0x80000000 Z, 0x40000000 M, 0x20000000 SRID).
// Curves and surfaces (CircularString … TIN) are not linearised here: they raise UnsupportedGeometry so that the
// caller can hand the layer to GDAL, which does that.
import type { Geometry } from '../../../src/projection/geometry.ts'

/** The blob is not a valid GeoPackage geometry. */
export class GeometryError extends Error {}

/** A valid geometry of a type this reader does not convert (curves, surfaces, extended GeoPackage geometries). */
export class UnsupportedGeometry extends Error {
  constructor(readonly typeName: string) {
    super(`geometry type ${typeName}`)
  }
}

const NAMES = ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection', 'CircularString', 'CompoundCurve', 'CurvePolygon', 'MultiCurve', 'MultiSurface', 'Curve', 'Surface', 'PolyhedralSurface', 'TIN', 'Triangle']
const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8]
/** Deeper nesting (collections of collections) than any real data has; stops a crafted blob from exhausting the stack. */
const MAX_DEPTH = 32

/** The geometry of a GeoPackage blob; null for an empty geometry (empty flag, POINT EMPTY, no parts). */
export function decodeGpkgGeometry(b: Uint8Array): Geometry | null {
  if (b.length < 8 || b[0] !== 0x47 || b[1] !== 0x50) throw new GeometryError('not a GeoPackage geometry (no "GP" header)')
  const flags = b[3]
  if (flags & 0x20) throw new UnsupportedGeometry('extended GeoPackage geometry')
  const envelope = (flags >> 1) & 7
  if (envelope > 4) throw new GeometryError(`invalid envelope indicator ${envelope}`)
  const start = 8 + ENVELOPE_DOUBLES[envelope] * 8
  if (start > b.length) throw new GeometryError('geometry header runs past the blob')
  if (flags & 0x10) return null
  const r = new WkbReader(b, start)
  const g = r.geometry(0)
  return isEmpty(g) ? null : g
}

function isEmpty(g: Geometry): boolean {
  if (g.type === 'GeometryCollection') return !g.geometries?.length
  if (g.type === 'Point') return (g.coordinates as number[]).some(Number.isNaN)
  return (g.coordinates as unknown[]).length === 0
}

class WkbReader {
  private readonly view: DataView
  private le = true
  private dims = 2
  constructor(
    private readonly b: Uint8Array,
    private at: number,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  }

  private need(n: number): void {
    if (this.at + n > this.b.length) throw new GeometryError('WKB runs past the blob')
  }
  private u32(): number {
    this.need(4)
    const v = this.view.getUint32(this.at, this.le)
    this.at += 4
    return v
  }
  /** A count of items of at least `min` bytes each; more than the rest of the blob can hold is damage. */
  private count(min: number): number {
    const n = this.u32()
    if (n * min > this.b.length - this.at) throw new GeometryError(`WKB claims ${n} parts, more than the blob holds`)
    return n
  }
  private position(): number[] {
    this.need(this.dims * 8)
    const p = [this.view.getFloat64(this.at, this.le), this.view.getFloat64(this.at + 8, this.le)]
    this.at += this.dims * 8
    return p
  }
  private positions(): number[][] {
    const n = this.count(this.dims * 8)
    const out = new Array<number[]>(n)
    for (let i = 0; i < n; i++) out[i] = this.position()
    return out
  }
  private rings(): number[][][] {
    const n = this.count(4)
    const out = new Array<number[][]>(n)
    for (let i = 0; i < n; i++) out[i] = this.positions()
    return out
  }

  /** One WKB geometry; `depth` bounds nesting. `expect` is the part type a Multi* requires. */
  geometry(depth: number, expect?: number): Geometry {
    if (depth > MAX_DEPTH) throw new GeometryError('geometry collections nested too deeply')
    this.need(5)
    const order = this.b[this.at]
    if (order > 1) throw new GeometryError(`invalid WKB byte order ${order}`)
    this.le = order === 1
    this.at++
    const code = this.u32()
    let z = (code & 0x80000000) !== 0
    let m = (code & 0x40000000) !== 0
    if (code & 0x20000000) this.u32() // an EWKB SRID (the layer's CRS counts)
    let base = code & 0x0fffffff
    if (base >= 1000 && base < 4000) {
      const iso = Math.floor(base / 1000)
      z ||= iso === 1 || iso === 3
      m ||= iso === 2 || iso === 3
      base %= 1000
    }
    if (base > 7 || base < 1) {
      if (base >= 8 && base < NAMES.length) throw new UnsupportedGeometry(NAMES[base])
      throw new GeometryError(`unknown WKB geometry type ${code}`)
    }
    if (expect !== undefined && base !== expect) throw new GeometryError(`a ${NAMES[expect === 1 ? 4 : expect === 2 ? 5 : 6]} contains a ${NAMES[base]}`)
    this.dims = 2 + (z ? 1 : 0) + (m ? 1 : 0)
    switch (base) {
      case 1:
        return { type: 'Point', coordinates: this.position() }
      case 2:
        return { type: 'LineString', coordinates: this.positions() }
      case 3:
        return { type: 'Polygon', coordinates: this.rings() }
      case 4:
      case 5:
      case 6: {
        const n = this.count(5)
        const parts: unknown[] = []
        for (let i = 0; i < n; i++) {
          const g = this.geometry(depth + 1, base - 3)
          // An empty point inside a MultiPoint has no place in GeoJSON; GDAL leaves it out too.
          if (!(g.type === 'Point' && (g.coordinates as number[]).some(Number.isNaN))) parts.push(g.coordinates)
        }
        return { type: NAMES[base], coordinates: parts }
      }
      default: {
        const n = this.count(5)
        const geometries: Geometry[] = []
        for (let i = 0; i < n; i++) geometries.push(this.geometry(depth + 1))
        return { type: 'GeometryCollection', geometries }
      }
    }
  }
}
