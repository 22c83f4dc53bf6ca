// GeoPackage vector layers read with the project's own SQLite reader (cli/io/sqlite): gpkg_contents lists the
// layers, gpkg_geometry_columns names each one's geometry column, gpkg_spatial_ref_sys its CRS, the CREATE TABLE
// statement its attribute types; the rows are walked in rowid order, as GDAL reads them. No WebAssembly to start
// and no copy of the file in memory: a layer is a stream of rows read again on each pass. What needs an SQL
// engine or geometry maths (views, generated columns, curved geometries to linearise) raises NeedsGdal, and the
// caller hands the file to GDAL (cli/readers/gdal.ts), which remains the better tool for those.
import { statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { normaliseCrs } from '../../../src/projection/registry.ts'
import { SqliteError, SqliteFile, type MasterRow, type Value } from '../../io/sqlite/sqlite.ts'
import { parseCreateTable, type TableColumn, type TableSchema } from '../../io/sqlite/schema.ts'
import { ColumnType, type Column, type Scalar, type VectorData, type VectorFeature, type VectorSource } from '../../vector/model.ts'
import { InputError } from '../errors.ts'
import { checkRegular } from '../files.ts'
import { decodeGpkgGeometry, GeometryError, UnsupportedGeometry } from './geometry.ts'
import { chooseLayer } from './layers.ts'

export interface GeoPackageReadOptions {
  /** The layer (required when the file has several). */
  layer?: string
  /** The CRS the user stated (--crs): used when the layer's CRS is not an EPSG code. */
  crs?: string
}

/** The layer needs what only GDAL has (an SQL engine, curve linearisation); `reason` says what. */
export class NeedsGdal extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`)
  }
}

/** From this file size on, a layer is streamed (read again on each pass) instead of held in memory. */
export const STREAM_GEOPACKAGE_BYTES = 16 * 1024 * 1024

/** The linear geometry types a layer can declare; curves in them would break the declaration (GeoPackage §2.1.4). */
const LINEAR_TYPES = new Set(['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'])
const CURVE_TYPES = new Set(['CIRCULARSTRING', 'COMPOUNDCURVE', 'CURVEPOLYGON', 'MULTICURVE', 'MULTISURFACE', 'CURVE', 'SURFACE', 'POLYHEDRALSURFACE', 'TIN', 'TRIANGLE'])

interface Layer {
  name: string
  table: MasterRow
  schema: TableSchema
  /** Index of the geometry column in the record, or -1 for an attribute table. */
  geometryIndex: number
  geometryType: string
  crs: string | null
  /** Record index and model column of each attribute. */
  attributes: { index: number; column: TableColumn; model: Column; json: boolean; kind: ValueKind }[]
}

type ValueKind = 'bool' | 'int' | 'int64' | 'double' | 'string' | 'date' | 'datetime' | 'binary' | 'json'

/**
 * Opens a GeoPackage layer as a source of features. Smaller files (below `streamFrom` bytes) are read at once,
 * and a curved geometry anywhere in them raises NeedsGdal; larger ones are streamed.
 */
export function openGeoPackage(file: string, opts: GeoPackageReadOptions = {}, streamFrom = STREAM_GEOPACKAGE_BYTES): VectorSource {
  let size: number
  try {
    const stat = statSync(file)
    checkRegular(file, 'the file', file, stat)
    size = stat.size
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(file, 'the file does not exist')
  }
  if (size === 0) throw new InputError(file, 'the file is empty (0 bytes); export the data again from your GIS')
  const db = openDb(file, size)
  let layer: Layer
  let count: number | undefined
  try {
    layer = guard(file, () => describeLayer(file, db, opts), 'in its layer list')
    // Only a stream needs the count ahead (progress, sizes); read at once, the array has it.
    if (size >= streamFrom) count = guard(file, () => db.countSync(layer.table.rootpage), `in layer "${layer.name}"`)
  } finally {
    db.closeSync()
  }
  const source: VectorSource = {
    crs: layer.crs,
    crsDeclared: layer.crs !== null,
    columns: layer.attributes.map((a) => a.model),
    features: { [Symbol.iterator]: () => features(file, size, layer) },
    ...(count !== undefined ? { count } : {}),
  }
  if (size < streamFrom) {
    // Read at once: a curved geometry turns up before the publisher starts, so GDAL can take the whole layer.
    const all = [...source.features]
    return { crs: source.crs, crsDeclared: source.crsDeclared, columns: source.columns, features: all } satisfies VectorData
  }
  if (!LINEAR_TYPES.has(layer.geometryType) && layer.geometryIndex >= 0) {
    // A layer that may hold curves (GEOMETRY, GEOMETRYCOLLECTION): one pass now, keeping nothing, for the same reason.
    for (const f of source.features) void f
  }
  return source
}

/** Reads a whole GeoPackage layer into memory. */
export function readGeoPackage(file: string, opts: GeoPackageReadOptions = {}): VectorData {
  return openGeoPackage(file, opts, Infinity) as VectorData
}

function openDb(file: string, size: number): SqliteFile {
  const wal = `${file}-wal`
  let walStat: Stats | undefined
  try {
    walStat = statSync(wal, { throwIfNoEntry: false })
  } catch {
    walStat = undefined
  }
  if (walStat) checkRegular(file, path.basename(wal), wal, walStat)
  try {
    return SqliteFile.openSync(file, { size, ...(walStat?.size ? { walPath: wal } : {}) })
  } catch (e) {
    if (e instanceof SqliteError && /wrong header/.test(e.message)) {
      throw new InputError(file, 'is not a GeoPackage (it is not an SQLite database); export the data again as GeoPackage')
    }
    if (e instanceof SqliteError) throw damaged(file, e, 'in its SQLite header')
    throw new InputError(file, `cannot be read (${(e as Error).message})`)
  }
}

function damaged(file: string, e: unknown, where = ''): InputError {
  const why = e instanceof Error ? e.message : String(e)
  return new InputError(file, `is damaged${where ? ` ${where}` : ''}: ${why}; export it again from your GIS`)
}

/** Runs fn, turning the reader's low-level failures (and a RangeError from a damaged offset) into one line. */
function guard<T>(file: string, fn: () => T, where: string): T {
  try {
    return fn()
  } catch (e) {
    throw guardError(file, e, where)
  }
}

function guardError(file: string, e: unknown, where?: string): unknown {
  if (e instanceof SqliteError || e instanceof GeometryError || e instanceof RangeError) return damaged(file, e, where)
  return e
}

/** The rows of a small system table as name → value records (names lower-cased). */
function systemRows(db: SqliteFile, master: MasterRow[], name: string): Record<string, Value>[] | null {
  const table = master.find((m) => m.type === 'table' && m.name.toLowerCase() === name)
  if (!table) return null
  const schema = parseCreateTable(table.sql)
  const out: Record<string, Value>[] = []
  for (const { record, rowid } of db.rows(table.rootpage, 100_000)) {
    const v = db.decodeRecord(record)
    const row: Record<string, Value> = {}
    schema.columns.forEach((c, i) => (row[c.name.toLowerCase()] = c.rowid ? rowid : i < v.length ? v[i] : c.default))
    out.push(row)
  }
  return out
}

const text = (v: Value | undefined) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))

function describeLayer(file: string, db: SqliteFile, opts: GeoPackageReadOptions): Layer {
  const master = db.masterSync()
  const contents = systemRows(db, master, 'gpkg_contents')
  if (!contents) throw new InputError(file, 'is not a GeoPackage (it has no gpkg_contents table); export the data again as GeoPackage')
  const geometryColumns = systemRows(db, master, 'gpkg_geometry_columns') ?? []
  const geomOf = new Map(geometryColumns.map((g) => [text(g.table_name).toLowerCase(), g]))
  // GDAL's order: feature tables (with a geometry column), then attribute tables.
  const features = contents.filter((c) => text(c.data_type) === 'features' && geomOf.has(text(c.table_name).toLowerCase()))
  const attributes = contents.filter((c) => ['attributes', 'aspatial'].includes(text(c.data_type)))
  const layers = [...features, ...attributes].map((c) => ({ name: text(c.table_name), contents: c }))
  if (layers.length === 0) throw new InputError(file, 'contains no vector layers')
  const chosen = chooseLayer(file, layers, opts.layer)
  const name = chosen.name
  const table = master.find((m) => m.name.toLowerCase() === name.toLowerCase() && (m.type === 'table' || m.type === 'view'))
  if (!table) throw new InputError(file, `lists layer "${name}" in gpkg_contents, but it has no such table; export it again from your GIS`)
  if (table.type === 'view') throw new NeedsGdal(file, `layer "${name}" is a view (an SQL query)`)
  const schema = parseCreateTable(table.sql)
  if (schema.virtual) throw new NeedsGdal(file, `layer "${name}" is a virtual table`)
  if (schema.withoutRowid) {
    throw new InputError(file, `layer "${name}" is a WITHOUT ROWID table, which a GeoPackage feature table must not be (it needs an INTEGER PRIMARY KEY); export it again from your GIS`)
  }
  const generated = schema.columns.find((c) => c.generated)
  if (generated) throw new NeedsGdal(file, `layer "${name}" has a generated column ("${generated.name}")`)

  const g = geomOf.get(name.toLowerCase())
  let geometryIndex = -1
  let geometryType = ''
  let crs: string | null = null
  if (g && text(chosen.contents.data_type) === 'features') {
    const column = text(g.column_name)
    geometryIndex = schema.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase())
    if (geometryIndex < 0) throw new InputError(file, `layer "${name}" names geometry column "${column}", which its table does not have; export it again from your GIS`)
    geometryType = text(g.geometry_type_name).toUpperCase()
    if (CURVE_TYPES.has(geometryType)) throw new NeedsGdal(file, `layer "${name}" has curved geometries (${geometryType})`)
    crs = layerCrs(file, db, master, Number(g.srs_id ?? chosen.contents.srs_id), opts.crs)
  }
  const json = new Set(
    (systemRows(db, master, 'gpkg_data_columns') ?? [])
      .filter((d) => text(d.table_name).toLowerCase() === name.toLowerCase() && text(d.mime_type).toLowerCase() === 'application/json')
      .map((d) => text(d.column_name).toLowerCase()),
  )
  const attributesOut: Layer['attributes'] = []
  schema.columns.forEach((column, index) => {
    if (column.rowid || index === geometryIndex) return
    const isJson = json.has(column.name.toLowerCase())
    const kind: ValueKind = isJson ? 'json' : kindOf(column.type)
    attributesOut.push({ index, column, json: isJson, kind, model: { name: column.name, type: MODEL_TYPE[kind] } })
  })
  return { name, table, schema, geometryIndex, geometryType, crs, attributes: attributesOut }
}

const MODEL_TYPE: Record<ValueKind, ColumnType> = {
  bool: ColumnType.Bool,
  int: ColumnType.Int,
  int64: ColumnType.Long,
  double: ColumnType.Double,
  string: ColumnType.String,
  date: ColumnType.DateTime,
  datetime: ColumnType.DateTime,
  binary: ColumnType.String,
  json: ColumnType.Json,
}

/**
 * What a declared type means, as GDAL's GeoPackage driver reads it (BOOLEAN, TINYINT … INT → Integer, INTEGER →
 * Integer64, FLOAT/DOUBLE/REAL → Real, TEXT, BLOB, DATE, DATETIME); other declarations by SQLite's affinity rules.
 */
function kindOf(declared: string): ValueKind {
  const t = declared.toUpperCase().replace(/\(.*$/, '').trim()
  if (t === 'BOOLEAN') return 'bool'
  if (['TINYINT', 'SMALLINT', 'MEDIUMINT', 'INT'].includes(t)) return 'int'
  if (t === 'INTEGER') return 'int64'
  if (t === 'DATE') return 'date'
  if (t === 'DATETIME') return 'datetime'
  if (t === 'BLOB' || t === '') return t === '' ? 'string' : 'binary'
  if (t.includes('INT')) return 'int64'
  if (/CHAR|CLOB|TEXT/.test(t)) return 'string'
  if (/REAL|FLOA|DOUB/.test(t)) return 'double'
  return 'string'
}

/** The layer's CRS from gpkg_spatial_ref_sys: the EPSG code, else an EPSG ID in its WKT, else the stated one. */
function layerCrs(file: string, db: SqliteFile, master: MasterRow[], srsId: number, stated: string | undefined): string | null {
  // -1 and 0 are the GeoPackage's undefined Cartesian and geographic systems: no CRS, as GDAL reads them.
  if (!Number.isFinite(srsId) || srsId === -1 || srsId === 0) return null
  const srs = (systemRows(db, master, 'gpkg_spatial_ref_sys') ?? []).find((r) => Number(r.srs_id) === srsId)
  if (!srs) throw new InputError(file, `refers to spatial reference system ${srsId}, which its gpkg_spatial_ref_sys table does not list; export it again from your GIS`)
  const code = Number(srs.organization_coordsys_id)
  if (text(srs.organization).toUpperCase() === 'EPSG' && Number.isInteger(code) && code > 0) return `EPSG:${code}`
  const wkt = text(srs.definition)
  // The CRS's own identifier closes the WKT: …,AUTHORITY["EPSG","25832"]] (WKT 1) or …,ID["EPSG",25832]] (WKT 2).
  const id = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt)
  if (id) return `EPSG:${id[1]}`
  if (stated) {
    const crs = normaliseCrs(stated)
    if (crs) return crs
  }
  const name = /^[A-Z_]+\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? (text(srs.srs_name) || 'unnamed')
  throw new InputError(
    file,
    `has a coordinate reference system ("${name}") that cannot be identified as an EPSG code; save the data again ` +
      `in EPSG:25832 (ETRS89 / UTM zone 32N) or state its CRS with --crs EPSG:<code>`,
  )
}

/** The layer's features, read from the file (opened for this pass, closed when it ends or stops). */
function* features(file: string, size: number, layer: Layer): Generator<VectorFeature> {
  const db = openDb(file, size)
  let index = 0
  let rowid = -1
  let decoding = false
  try {
    for (const row of db.rows(layer.table.rootpage)) {
      index++
      rowid = row.rowid
      decoding = true
      const f = feature(file, db, layer, row.record, rowid, index)
      decoding = false
      yield f
    }
  } catch (e) {
    // One try for the whole pass: no closures per row on this hot path.
    const where = `${decoding ? 'at' : index ? 'after' : 'in'}${index ? ` feature ${index} (fid ${rowid}) of` : ''} layer "${layer.name}"`
    throw guardError(file, e, where)
  } finally {
    db.closeSync()
  }
}

function valueAt(layer: Layer, v: Value[], i: number, rowid: number): Value {
  const c = layer.schema.columns[i]
  return c.rowid ? rowid : i < v.length ? v[i] : c.default
}

function feature(file: string, db: SqliteFile, layer: Layer, record: Buffer, rowid: number, index: number): VectorFeature {
  const v = db.decodeRecord(record)
  let geometry = null
  if (layer.geometryIndex >= 0) {
    const blob = valueAt(layer, v, layer.geometryIndex, rowid)
    if (blob !== null) {
      if (!(blob instanceof Uint8Array)) throw new GeometryError(`its geometry is a ${typeof blob}, not a GeoPackage geometry blob`)
      try {
        geometry = decodeGpkgGeometry(blob)
      } catch (e) {
        if (!(e instanceof UnsupportedGeometry)) throw e
        if (LINEAR_TYPES.has(layer.geometryType)) {
          throw new InputError(file, `feature ${index} (fid ${rowid}) of layer "${layer.name}" has a ${e.typeName} geometry, though the layer declares ${layer.geometryType}; export it again from your GIS`)
        }
        throw new NeedsGdal(file, `layer "${layer.name}" has curved or surface geometries (${e.typeName}, feature ${index})`)
      }
    }
  }
  const properties: Record<string, Scalar> = {}
  for (const a of layer.attributes) properties[a.column.name] = convert(valueAt(layer, v, a.index, rowid), a.kind)
  return { geometry, properties }
}

/** A stored value as GDAL presents it for the column's type (SQLite lets any column hold any value). */
function convert(v: Value, kind: ValueKind): Scalar {
  if (v === null) return null
  switch (kind) {
    case 'bool':
      return typeof v === 'number' ? v !== 0 : v instanceof Uint8Array ? null : v === '1' || v.toLowerCase() === 'true'
    case 'int':
    case 'int64':
      return typeof v === 'number' ? Math.trunc(v) : typeof v === 'string' ? leadingInteger(v) : null
    case 'double':
      return typeof v === 'number' ? v : typeof v === 'string' ? Number.parseFloat(v) || 0 : null
    case 'date':
      return typeof v === 'string' ? v.slice(0, 10) : String(v)
    case 'datetime':
      return typeof v === 'string' ? v.replace(/\.000(?=Z|[+-]\d\d:?\d\d$|$)/, '') : String(v)
    case 'binary':
      return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : String(v)
    case 'json':
      if (typeof v !== 'string') return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v
      try {
        return JSON.parse(v) as Scalar
      } catch {
        return v
      }
    default:
      return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : typeof v === 'string' ? v : String(v)
  }
}

function leadingInteger(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s)
  return m ? Number(m[0]) : 0
}
