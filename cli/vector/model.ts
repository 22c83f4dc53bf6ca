// The publisher's format-neutral vector model: readers produce it, quality checks and writers consume it.
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js'
import type { Geometry } from '../../src/projection/geometry.ts'
import { InputError } from '../readers/errors.ts'

export { ColumnType }
export type Scalar = string | number | boolean | null | Record<string, unknown> | unknown[]

export interface VectorFeature {
  geometry: Geometry | null
  properties: Record<string, Scalar>
}

export interface Column {
  name: string
  type: ColumnType
  title?: string
  description?: string
}

export interface VectorData {
  /** CRS as "EPSG:<code>", or null when the source does not declare one. */
  crs: string | null
  /** False when crs is a format's default rather than declared by the file (GeoJSON without "crs"). */
  crsDeclared?: boolean
  /** True when crs was guessed from the coordinates (publish --guess-crs); recorded in the layer's lineage. */
  crsGuessed?: boolean
  columns: Column[]
  features: VectorFeature[]
}

/**
 * Vector data whose features may be read again from the file on each iteration (inputs of any size): iterate
 * `features` as often as needed, never keep them. `count` is the number of features when the reader knows it.
 */
export interface VectorSource extends Omit<VectorData, 'features'> {
  features: Iterable<VectorFeature>
  count?: number
}

/**
 * The most attribute columns a layer may have. FlatGeobuf keeps every column's name and type in the file header,
 * which the portal and `geoportal check` accept up to 1 MiB (MAX_HEADER_BYTES in src/sources/vector/fgbHeader.ts):
 * a CSV with 40 000 short-named columns needed 1.1 MiB, was published and then failed the check. 2 000 is
 * SQLite's default column limit (no GeoPackage has more), eight times dBASE's 255 (Shapefile) and far above
 * municipal data models (ALKIS or XPlanung exports have a few hundred at most); a feature info panel with more
 * rows is unusable anyway. With names of at most MAX_COLUMN_NAME_BYTES the columns take < 0.6 MiB of the header.
 */
export const MAX_COLUMNS = 2000
/** Longest column name (UTF-8 bytes); 255 like most databases and GIS formats allow at most. */
export const MAX_COLUMN_NAME_BYTES = 255

/** Refuses more columns, or longer column names, than a layer file can hold (see MAX_COLUMNS). */
export function checkColumnLimits(file: string, names: readonly string[]): void {
  if (names.length > MAX_COLUMNS) {
    throw new InputError(file, `has ${names.length} columns; at most ${MAX_COLUMNS} are supported — drop columns you do not publish or split the table`)
  }
  const encoder = new TextEncoder()
  const index = names.findIndex((n) => encoder.encode(n).length > MAX_COLUMN_NAME_BYTES)
  if (index >= 0) {
    throw new InputError(file, `column ${index + 1} has a name of ${encoder.encode(names[index]).length} bytes ("${names[index].slice(0, 40)}…"); at most ${MAX_COLUMN_NAME_BYTES} are supported`)
  }
}

type Kind = 'none' | 'bool' | 'int' | 'long' | 'double' | 'string' | 'json'
const KIND_ORDER: Kind[] = ['none', 'bool', 'int', 'long', 'double', 'string', 'json']
const NUMERIC: Kind[] = ['int', 'long', 'double']

/** The narrowest FlatGeobuf column type for the values seen so far, value by value. */
class ColumnTypeFold {
  private kind: Kind = 'none'
  private widen(k: Kind): void {
    if (this.kind === 'none') this.kind = k
    else if (this.kind === k) return
    else if (NUMERIC.includes(this.kind) && NUMERIC.includes(k)) {
      this.kind = KIND_ORDER.indexOf(k) > KIND_ORDER.indexOf(this.kind) ? k : this.kind
    } else this.kind = 'string'
  }
  add(v: Scalar | undefined): void {
    if (v === null || v === undefined) return
    if (typeof v === 'boolean') this.widen('bool')
    else if (typeof v === 'number') {
      if (Number.isInteger(v)) this.widen(Math.abs(v) < 2 ** 31 ? 'int' : 'long')
      else this.widen('double')
    } else if (typeof v === 'string') this.widen('string')
    else this.widen('json')
  }
  get type(): ColumnType {
    switch (this.kind) {
      case 'bool':
        return ColumnType.Bool
      case 'int':
        return ColumnType.Int
      case 'long':
        return ColumnType.Long
      case 'double':
        return ColumnType.Double
      case 'json':
        return ColumnType.Json
      default:
        return ColumnType.String
    }
  }
}

/** Chooses a FlatGeobuf column type that holds every non-null value of an attribute. */
export function inferColumnType(values: Iterable<Scalar>): ColumnType {
  const fold = new ColumnTypeFold()
  for (const v of values) fold.add(v)
  return fold.type
}

/** Columns (in order of first appearance) and their types, feature by feature: for files read as a stream. */
export class ColumnInference {
  private readonly folds = new Map<string, ColumnTypeFold>()
  add(properties: Record<string, Scalar>): void {
    for (const k in properties) {
      let f = this.folds.get(k)
      if (!f) this.folds.set(k, (f = new ColumnTypeFold()))
      f.add(properties[k])
    }
  }
  columns(): Column[] {
    return [...this.folds].map(([name, f]) => ({ name, type: f.type }))
  }
}

/** Coerces a value to what its column can store (mixed columns become strings). */
export function coerce(v: Scalar | undefined, type: ColumnType): Scalar {
  if (v === null || v === undefined) return null
  if (type === ColumnType.String && typeof v !== 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (type === ColumnType.Json && typeof v !== 'object') return v
  return v
}

export function columnsFromFeatures(features: VectorFeature[]): Column[] {
  const inference = new ColumnInference()
  for (const f of features) inference.add(f.properties)
  return inference.columns()
}
