// Encodes features as FlatGeobuf Feature tables. flatgeobuf's own encoder allocates a new builder and buffers
// per feature; publishing hundreds of thousands of features is dominated by that, so this one reuses them.
import * as flatbuffers from 'flatbuffers'
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js'
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js'
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js'
import { Geometry as FgbGeometry } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry.js'
import type { Geometry } from '../../src/projection/geometry.ts'
import type { Column, Scalar } from '../vector/model.ts'

type Coords = number[][]

const TYPE: Record<string, GeometryType> = {
  Point: GeometryType.Point,
  MultiPoint: GeometryType.MultiPoint,
  LineString: GeometryType.LineString,
  MultiLineString: GeometryType.MultiLineString,
  Polygon: GeometryType.Polygon,
  MultiPolygon: GeometryType.MultiPolygon,
}

type Space = { space: number }
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * A vector of the first `n` numbers of `data` (bytes or float64s), copied at once: the bytes the generated
 * create…Vector functions make by pushing element by element from the last (little-endian, as FlatBuffers is).
 */
function vectorOf(b: flatbuffers.Builder, data: Uint8Array | Float64Array, n: number, size: 1 | 8): number {
  b.startVector(size, n, size)
  if (!LITTLE_ENDIAN && size === 8) {
    for (let i = n - 1; i >= 0; i--) b.addFloat64(data[i])
    return b.endVector()
  }
  // startVector has made room for all n elements, aligned: what the pushes would fill, from `space` down.
  const at = ((b as unknown as Space).space -= n * size)
  b.dataBuffer().setPosition(at) // as the library's own createByteVector
  b.dataBuffer().bytes().set(new Uint8Array(data.buffer, data.byteOffset, n * size), at)
  return b.endVector()
}

export class FeatureEncoder {
  private readonly builder = new flatbuffers.Builder(4096)
  private props = new Uint8Array(4096)
  private view = new DataView(this.props.buffer)
  private readonly text = new TextEncoder()
  /** Scratch for one part's coordinates and ring ends (reused: no allocation per feature). */
  private xy = new Float64Array(1024)
  private readonly ends: number[] = []

  constructor(private readonly columns: Column[]) {}

  private ensure(extra: number, used: number) {
    if (used + extra <= this.props.length) return
    const next = new Uint8Array(Math.max(this.props.length * 2, used + extra))
    next.set(this.props)
    this.props = next
    this.view = new DataView(next.buffer)
  }

  private encodeProperties(values: Record<string, Scalar>): number {
    let o = 0
    const v = () => this.view
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]
      const value = values[c.name]
      if (value === null || value === undefined) continue
      this.ensure(10, o)
      v().setUint16(o, i, true)
      o += 2
      switch (c.type) {
        case ColumnType.Bool:
        case ColumnType.UByte:
          v().setUint8(o, Number(value))
          o += 1
          break
        case ColumnType.Byte:
          v().setInt8(o, value as number)
          o += 1
          break
        case ColumnType.Short:
          v().setInt16(o, value as number, true)
          o += 2
          break
        case ColumnType.UShort:
          v().setUint16(o, value as number, true)
          o += 2
          break
        case ColumnType.Int:
          v().setInt32(o, value as number, true)
          o += 4
          break
        case ColumnType.UInt:
          v().setUint32(o, value as number, true)
          o += 4
          break
        case ColumnType.Long:
          v().setBigInt64(o, BigInt(value as number), true)
          o += 8
          break
        case ColumnType.ULong:
          v().setBigUint64(o, BigInt(value as number), true)
          o += 8
          break
        case ColumnType.Float:
          v().setFloat32(o, value as number, true)
          o += 4
          break
        case ColumnType.Double:
          v().setFloat64(o, value as number, true)
          o += 8
          break
        case ColumnType.Binary: {
          const b = value as unknown as Uint8Array
          this.ensure(4 + b.length, o)
          v().setUint32(o, b.length, true)
          this.props.set(b, o + 4)
          o += 4 + b.length
          break
        }
        default: {
          // String, DateTime, Json: length-prefixed UTF-8 (≤ 3 bytes per UTF-16 unit).
          const s = c.type === ColumnType.Json ? JSON.stringify(value) : String(value)
          this.ensure(4 + s.length * 3, o)
          const { written } = this.text.encodeInto(s, this.props.subarray(o + 4))
          v().setUint32(o, written, true)
          o += 4 + written
        }
      }
    }
    return o
  }

  private polygon(b: flatbuffers.Builder, rings: Coords[], type: GeometryType): number {
    let n = 0
    for (const r of rings) n += r.length
    if (this.xy.length < n * 2) this.xy = new Float64Array(Math.max(n * 2, this.xy.length * 2))
    const xy = this.xy
    const ends = this.ends
    ends.length = 0
    let k = 0
    for (const r of rings) {
      for (const p of r) {
        xy[k++] = p[0]
        xy[k++] = p[1]
      }
      ends.push(k / 2)
    }
    const xyOff = vectorOf(b, xy, k, 8)
    // Ring/part ends are only stored when there is more than one.
    const endsOff = ends.length > 1 ? FgbGeometry.createEndsVector(b, ends) : 0
    FgbGeometry.startGeometry(b)
    if (endsOff) FgbGeometry.addEnds(b, endsOff)
    FgbGeometry.addXy(b, xyOff)
    FgbGeometry.addType(b, type)
    return FgbGeometry.endGeometry(b)
  }

  private geometry(b: flatbuffers.Builder, g: Geometry): number {
    const type = TYPE[g.type]
    if (type === undefined) throw new Error(`its geometry type ${g.type} cannot be published (a layer holds points, lines or polygons and their Multi types); split it into its parts in your GIS`)
    const c = g.coordinates as unknown
    switch (g.type) {
      case 'Point':
        return this.polygon(b, [[c as number[]]], type)
      case 'MultiPoint':
      case 'LineString':
        return this.polygon(b, [c as Coords], type)
      case 'MultiLineString':
      case 'Polygon':
        return this.polygon(b, c as Coords[], type)
      default: {
        const parts = (c as Coords[][]).map((p) => this.polygon(b, p, GeometryType.Polygon))
        const partsOff = FgbGeometry.createPartsVector(b, parts)
        FgbGeometry.startGeometry(b)
        FgbGeometry.addParts(b, partsOff)
        FgbGeometry.addType(b, type)
        return FgbGeometry.endGeometry(b)
      }
    }
  }

  /** One size-prefixed Feature table, a view valid until the next call (the builder is reused). */
  encode(geometry: Geometry, properties: Record<string, Scalar>): Uint8Array {
    const b = this.builder
    b.clear()
    const n = this.encodeProperties(properties)
    const propsOff = n ? vectorOf(b, this.props, n, 1) : 0
    const geomOff = this.geometry(b, geometry)
    Feature.startFeature(b)
    Feature.addGeometry(b, geomOff)
    if (propsOff) Feature.addProperties(b, propsOff)
    b.finishSizePrefixed(Feature.endFeature(b))
    return b.asUint8Array()
  }
}
