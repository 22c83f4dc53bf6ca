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

/** Chooses a FlatGeobuf column type that holds every non-null value of an attribute. */
export function inferColumnType(values: Iterable<Scalar>): ColumnType {
  type Kind = 'none' | 'bool' | 'int' | 'long' | 'double' | 'string' | 'json'
  let kind = 'none' as Kind
  const widen = (k: Kind) => {
    const order = ['none', 'bool', 'int', 'long', 'double', 'string', 'json']
    if (kind === 'none') kind = k
    else if (kind === k) return
    else if (['int', 'long', 'double'].includes(kind) && ['int', 'long', 'double'].includes(k)) {
      kind = order.indexOf(k) > order.indexOf(kind) ? k : kind
    } else kind = 'string'
  }
  for (const v of values) {
    if (v === null || v === undefined) continue
    if (typeof v === 'boolean') widen('bool')
    else if (typeof v === 'number') {
      if (Number.isInteger(v)) widen(Math.abs(v) < 2 ** 31 ? 'int' : 'long')
      else widen('double')
    } else if (typeof v === 'string') widen('string')
    else widen('json')
  }
  switch (kind) {
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

/** Coerces a value to what its column can store (mixed columns become strings). */
export function coerce(v: Scalar | undefined, type: ColumnType): Scalar {
  if (v === null || v === undefined) return null
  if (type === ColumnType.String && typeof v !== 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (type === ColumnType.Json && typeof v !== 'object') return v
  return v
}

export function columnsFromFeatures(features: VectorFeature[]): Column[] {
  const names: string[] = []
  const seen = new Set<string>()
  for (const f of features) {
    for (const k of Object.keys(f.properties)) {
      if (!seen.has(k)) {
        seen.add(k)
        names.push(k)
      }
    }
  }
  return names.map((name) => ({ name, type: inferColumnType(features.map((f) => f.properties[name] ?? null)) }))
}
