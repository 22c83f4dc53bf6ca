// Pure converters for the layer page's downloads: GeoJSON (RFC 7946, lon/lat) and CSV for German spreadsheets
// (semicolon-separated, UTF-8 with BOM, decimal comma, geometry as WKT in EPSG:25832, easting/northing for points).
// Values stay data: a text cell that a spreadsheet would run as a formula gets a leading apostrophe.
import type { Geometry } from '../../projection/geometry.ts'

export type ExportFormat = 'geojson' | 'csv'

// ---------------------------------------------------------------------------------------------------- WKT

const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : 'NaN')
const pos = (p: unknown) => (p as number[]).slice(0, 2).map(fmt).join(' ')
const list = (ps: unknown) => `(${(ps as unknown[]).map(pos).join(', ')})`
const rings = (rs: unknown) => `(${(rs as unknown[]).map(list).join(', ')})`

/** Well-known text of a GeoJSON-shaped geometry (x y only, millimetre precision). */
export function toWkt(g: Geometry | null | undefined): string {
  if (!g) return ''
  const c = g.coordinates as unknown[]
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(c)})`
    case 'LineString':
      return c.length ? `LINESTRING ${list(c)}` : 'LINESTRING EMPTY'
    case 'Polygon':
      return c.length ? `POLYGON ${rings(c)}` : 'POLYGON EMPTY'
    case 'MultiPoint':
      return c.length ? `MULTIPOINT (${c.map((p) => `(${pos(p)})`).join(', ')})` : 'MULTIPOINT EMPTY'
    case 'MultiLineString':
      return c.length ? `MULTILINESTRING ${rings(c)}` : 'MULTILINESTRING EMPTY'
    case 'MultiPolygon':
      return c.length ? `MULTIPOLYGON (${c.map(rings).join(', ')})` : 'MULTIPOLYGON EMPTY'
    case 'GeometryCollection': {
      const gs = g.geometries ?? []
      return gs.length ? `GEOMETRYCOLLECTION (${gs.map(toWkt).join(', ')})` : 'GEOMETRYCOLLECTION EMPTY'
    }
    default:
      return ''
  }
}

// ---------------------------------------------------------------------------------------------------- CSV

export const CSV_BOM = '\uFEFF'
export const CSV_EOL = '\r\n'

/** Text that spreadsheets would evaluate (formula or DDE) starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/

/** CSV flavour: `;` with decimal comma for German spreadsheets (the default), or `,` with decimal point. */
export interface CsvDialect {
  separator: ';' | ','
  decimal: ',' | '.'
}
export const GERMAN_CSV: CsvDialect = { separator: ';', decimal: ',' }
export const COMMA_CSV: CsvDialect = { separator: ',', decimal: '.' }

/** One CSV cell: numbers with the dialect's decimal mark, text guarded against formula injection, quoted when needed. */
export function csvCell(v: unknown, d: CsvDialect = GERMAN_CSV): string {
  let s: string
  if (v === null || v === undefined) s = ''
  else if (typeof v === 'number') s = Number.isFinite(v) ? String(v).replace('.', d.decimal) : ''
  else if (typeof v === 'boolean') s = v ? 'true' : 'false'
  else if (typeof v === 'object') s = JSON.stringify(v)
  else s = String(v)
  if (typeof v !== 'number' && FORMULA_START.test(s)) s = `'${s}`
  const special = d.separator === ';' ? /[;"\r\n]/ : /[,"\r\n]/
  return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(cells: unknown[], d: CsvDialect = GERMAN_CSV): string {
  return cells.map((c) => csvCell(c, d)).join(d.separator) + CSV_EOL
}

/** Geometry columns appended after the attributes (points also get easting/northing). */
export function csvGeometryColumns(geometryType: string): string[] {
  return geometryType === 'Point' ? ['wkt_epsg25832', 'ostwert', 'nordwert'] : ['wkt_epsg25832']
}

/** The header line (with the BOM, so Excel reads UTF-8). */
export function csvHeader(columns: string[], geometryType: string, d: CsvDialect = GERMAN_CSV): string {
  return CSV_BOM + csvLine([...columns, ...csvGeometryColumns(geometryType)], d)
}

/** One feature in EPSG:25832 as a CSV line, attributes in the given column order. */
export function csvFeatureLine(properties: Record<string, unknown>, geometry: Geometry | null, columns: string[], geometryType: string, d: CsvDialect = GERMAN_CSV): string {
  const cells: unknown[] = columns.map((c) => properties[c])
  cells.push(toWkt(geometry))
  if (geometryType === 'Point') {
    const p = geometry?.type === 'Point' ? (geometry.coordinates as number[]) : undefined
    cells.push(p ? Math.round(p[0] * 1000) / 1000 : null, p ? Math.round(p[1] * 1000) / 1000 : null)
  }
  return csvLine(cells, d)
}

// ---------------------------------------------------------------------------------------------------- GeoJSON

/** Twice the signed area of a ring (positive = counterclockwise in x/y). */
function signedArea(ring: number[][]): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return a
}

function orientPolygon(rs: number[][][]) {
  rs.forEach((r, i) => {
    const ccw = signedArea(r) > 0
    // RFC 7946 § 3.1.6: exterior rings counterclockwise, holes clockwise.
    if ((i === 0) !== ccw) r.reverse()
  })
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7

/**
 * A lon/lat geometry made RFC 7946-conformant in place: ring orientation (exterior counterclockwise) and
 * coordinates rounded to 7 decimals (about 1 cm).
 */
export function rfc7946(g: Geometry): Geometry {
  if (g.type === 'GeometryCollection') {
    for (const c of g.geometries ?? []) rfc7946(c)
    return g
  }
  const walk = (c: unknown): void => {
    const a = c as unknown[]
    if (typeof a[0] === 'number') {
      a[0] = round7(a[0] as number)
      a[1] = round7(a[1] as number)
      a.length = Math.min(a.length, 3)
    } else for (const x of a) walk(x)
  }
  walk(g.coordinates)
  if (g.type === 'Polygon') orientPolygon(g.coordinates as number[][][])
  if (g.type === 'MultiPolygon') for (const p of g.coordinates as number[][][][]) orientPolygon(p)
  return g
}

export const GEOJSON_START = '{"type":"FeatureCollection","features":[\n'
export const GEOJSON_END = '\n]}\n'

/** One feature (lon/lat geometry) as GeoJSON text, to be joined with ",\n" between GEOJSON_START and GEOJSON_END. */
export function geoJsonFeature(properties: Record<string, unknown>, geometry: Geometry | null): string {
  return JSON.stringify({ type: 'Feature', properties, geometry: geometry ? rfc7946(geometry) : null })
}

/** A file name for the export of a layer. */
export function exportFileName(layerId: string, format: ExportFormat): string {
  return `${layerId}.${format === 'csv' ? 'csv' : 'geojson'}`
}
