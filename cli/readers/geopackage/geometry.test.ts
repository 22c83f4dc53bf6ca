// GeoPackage geometry blobs built byte by byte for what GDAL's writer does not produce: every envelope kind, the
// empty flag, big-endian WKB, ISO and extended (EWKB) Z/M codes with an SRID, and damage. The files GDAL writes
// are compared with GDAL's reading in geopackage.test.ts.
import { describe, expect, it } from 'vitest'
import { decodeGpkgGeometry, GeometryError, UnsupportedGeometry } from './geometry.ts'

/** WKB writer for the tests: `dims` doubles per position. */
class Wkb {
  private bytes: number[] = []
  constructor(private readonly le = true) {}
  u8(v: number) {
    this.bytes.push(v)
    return this
  }
  u32(v: number) {
    const b = Buffer.alloc(4)
    if (this.le) b.writeUInt32LE(v >>> 0)
    else b.writeUInt32BE(v >>> 0)
    this.bytes.push(...b)
    return this
  }
  f64(...vs: number[]) {
    for (const v of vs) {
      const b = Buffer.alloc(8)
      if (this.le) b.writeDoubleLE(v)
      else b.writeDoubleBE(v)
      this.bytes.push(...b)
    }
    return this
  }
  head(type: number) {
    return this.u8(this.le ? 1 : 0).u32(type)
  }
  get buffer() {
    return Buffer.from(this.bytes)
  }
}

function gp(wkb: Buffer, { envelope = 0, empty = false, extended = false } = {}): Buffer {
  const doubles = [0, 4, 6, 6, 8][envelope] ?? 0
  const h = Buffer.alloc(8 + doubles * 8)
  h.write('GP', 0, 'latin1')
  h[3] = 1 | (envelope << 1) | (empty ? 0x10 : 0) | (extended ? 0x20 : 0)
  h.writeInt32LE(25832, 4)
  for (let i = 0; i < doubles; i++) h.writeDoubleLE(i, 8 + i * 8)
  return Buffer.concat([h, wkb])
}

const point = (le = true) => new Wkb(le).head(1).f64(440000.5, 5710000.25).buffer

describe('GeoPackage geometry blobs', () => {
  it('reads every envelope kind the same', () => {
    for (const envelope of [0, 1, 2, 3, 4]) expect(decodeGpkgGeometry(gp(point(), { envelope }))).toEqual({ type: 'Point', coordinates: [440000.5, 5710000.25] })
  })

  it('big-endian WKB inside a little-endian header', () => {
    expect(decodeGpkgGeometry(gp(point(false)))).toEqual({ type: 'Point', coordinates: [440000.5, 5710000.25] })
  })

  it('drops Z and M in ISO (1002, 2002, 3002) and extended (0x80000000 | 0x40000000, with SRID) codes', () => {
    const line = { type: 'LineString', coordinates: [[1, 2], [3, 4]] }
    expect(decodeGpkgGeometry(gp(new Wkb().head(1002).u32(2).f64(1, 2, 9, 3, 4, 9).buffer))).toEqual(line)
    expect(decodeGpkgGeometry(gp(new Wkb().head(2002).u32(2).f64(1, 2, 7, 3, 4, 7).buffer))).toEqual(line)
    expect(decodeGpkgGeometry(gp(new Wkb().head(3002).u32(2).f64(1, 2, 9, 7, 3, 4, 9, 7).buffer))).toEqual(line)
    expect(decodeGpkgGeometry(gp(new Wkb(false).head(0x80000002).u32(2).f64(1, 2, 9, 3, 4, 9).buffer))).toEqual(line)
    expect(decodeGpkgGeometry(gp(new Wkb().head(0xe0000002).u32(25832).u32(2).f64(1, 2, 9, 7, 3, 4, 9, 7).buffer))).toEqual(line)
  })

  it('all seven types, Multi* parts with their own byte order', () => {
    const ring = [0, 0, 1, 0, 1, 1, 0, 0]
    const poly = (le: boolean) => new Wkb(le).head(3).u32(1).u32(4).f64(...ring).buffer
    const parts = Buffer.concat([poly(true), poly(false)])
    expect(decodeGpkgGeometry(gp(Buffer.concat([new Wkb().head(6).u32(2).buffer, parts])))).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [1, 0], [1, 1], [0, 0]]]],
    })
    const mp = Buffer.concat([new Wkb().head(4).u32(2).buffer, point(), point(false)])
    expect(decodeGpkgGeometry(gp(mp))?.type).toBe('MultiPoint')
    const ml = Buffer.concat([new Wkb().head(5).u32(1).buffer, new Wkb().head(2).u32(2).f64(1, 2, 3, 4).buffer])
    expect(decodeGpkgGeometry(gp(ml))).toEqual({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]]] })
    const gc = Buffer.concat([new Wkb().head(7).u32(2).buffer, point(), ml])
    expect(decodeGpkgGeometry(gp(gc))).toEqual({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [440000.5, 5710000.25] }, { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]]] }] })
  })

  it('empty geometries are null: the empty flag, POINT EMPTY (NaN), no parts', () => {
    expect(decodeGpkgGeometry(gp(point(), { empty: true }))).toBeNull()
    expect(decodeGpkgGeometry(gp(new Wkb().head(1).f64(NaN, NaN).buffer))).toBeNull()
    expect(decodeGpkgGeometry(gp(new Wkb().head(6).u32(0).buffer))).toBeNull()
    expect(decodeGpkgGeometry(gp(new Wkb().head(7).u32(0).buffer))).toBeNull()
  })

  it('curves, surfaces and extended GeoPackage geometries are left to GDAL', () => {
    for (const [code, name] of [[8, 'CircularString'], [9, 'CompoundCurve'], [10, 'CurvePolygon'], [1012, 'MultiSurface'], [17, 'Triangle']] as const) {
      expect(() => decodeGpkgGeometry(gp(new Wkb().head(code).u32(0).buffer))).toThrow(new UnsupportedGeometry(name))
    }
    expect(() => decodeGpkgGeometry(gp(point(), { extended: true }))).toThrow(UnsupportedGeometry)
  })

  it('damage is a GeometryError, and counts beyond the blob allocate nothing', () => {
    const bad = (b: Buffer) => expect(() => decodeGpkgGeometry(b)).toThrow(GeometryError)
    bad(Buffer.from('XP\0\x01\0\0\0\0'))
    bad(gp(point()).subarray(0, 20))
    const h = gp(point())
    h[3] = 1 | (5 << 1)
    bad(h)
    bad(gp(new Wkb().head(2).u32(0xfffffff0).buffer))
    bad(gp(new Wkb().head(99).buffer))
    bad(gp(Buffer.concat([new Wkb().head(6).u32(1).buffer, point()])))
    // Collections nested deeper than any real data: refused, not a stack overflow.
    bad(gp(Buffer.concat([...Array.from({ length: 5000 }, () => new Wkb().head(7).u32(1).buffer), point()])))
  })
})
