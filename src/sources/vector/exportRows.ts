// Exports of the attribute table: exactly the rows the table shows or has selected (its queryRows result, in that
// order), in the chosen columns. GeoJSON in lon/lat (RFC 7946) or in EPSG:25832 with the CRS named, CSV for German
// spreadsheets (`;`, decimal comma) or with `,`, and FlatGeobuf in EPSG:25832 that QGIS/GDAL open with their CRS.
// The converters are the layer page's (exports.ts); the FlatGeobuf keeps the source file's column types.
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js'
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js'
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js'
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js'
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { Geometry } from '../../projection/geometry.ts'
import { COMMA_CSV, csvFeatureLine, csvHeader, GEOJSON_END, geoJsonFeature, GERMAN_CSV } from './exports.ts'

export type RowExportFormat = 'geojson' | 'geojson-25832' | 'csv' | 'csv-comma' | 'fgb'
export const ROW_EXPORT_FORMATS: readonly RowExportFormat[] = ['geojson', 'geojson-25832', 'csv', 'csv-comma', 'fgb']

export interface ExportRow {
  properties: Record<string, unknown>
  /** EPSG:25832, as stored; never changed here. */
  geometry: Geometry | null
}

export interface RowExportOptions {
  /** The columns to write, in order (the table's chosen columns). */
  columns: readonly string[]
  /** 'Point', 'Polygon' … (the catalog entry's geometryType; CSV adds easting/northing for points). */
  geometryType: string
  /** The source file's header: column types and geometry type for the FlatGeobuf. */
  header: HeaderMeta
  /** EPSG:25832 → lon/lat in place (for RFC 7946 GeoJSON). */
  toLonLat(g: Geometry): void
}

const clone = (g: Geometry | null): Geometry | null => (g ? (JSON.parse(JSON.stringify(g)) as Geometry) : null)
const pick = (p: Record<string, unknown>, columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, p[c] ?? null]))
const roundMm = (g: Geometry): Geometry => {
  const walk = (c: unknown): unknown => (typeof (c as unknown[])[0] === 'number' ? (c as number[]).slice(0, 2).map((v) => Math.round(v * 1000) / 1000) : (c as unknown[]).map(walk))
  return g.type === 'GeometryCollection' ? { type: g.type, geometries: (g.geometries ?? []).map(roundMm) } : { type: g.type, coordinates: walk(g.coordinates) }
}

/** The CRS member GDAL and QGIS read for a GeoJSON in EPSG:25832 (the 2008 GeoJSON convention; RFC 7946 has none). */
export const CRS_25832 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }

export function exportRows(rows: readonly ExportRow[], format: RowExportFormat, o: RowExportOptions): Blob {
  const cols = [...o.columns]
  if (format === 'csv' || format === 'csv-comma') {
    const d = format === 'csv' ? GERMAN_CSV : COMMA_CSV
    const lines = [csvHeader(cols, o.geometryType, d)]
    for (const r of rows) lines.push(csvFeatureLine(r.properties, r.geometry, cols, o.geometryType, d))
    return new Blob(lines, { type: 'text/csv;charset=utf-8' })
  }
  if (format === 'geojson' || format === 'geojson-25832') {
    const lonLat = format === 'geojson'
    const start = lonLat ? '{"type":"FeatureCollection","features":[\n' : `{"type":"FeatureCollection","crs":${JSON.stringify(CRS_25832)},"features":[\n`
    const parts = [start]
    rows.forEach((r, i) => {
      let g = clone(r.geometry)
      if (g && lonLat) o.toLonLat(g)
      const text = lonLat ? geoJsonFeature(pick(r.properties, cols), g) : JSON.stringify({ type: 'Feature', properties: pick(r.properties, cols), geometry: g ? (g = roundMm(g)) : null })
      parts.push((i ? ',\n' : '') + text)
    })
    parts.push(GEOJSON_END)
    return new Blob(parts, { type: 'application/geo+json' })
  }
  return new Blob([flatGeobuf(rows, o)], { type: 'application/octet-stream' })
}

/** A FlatGeobuf in EPSG:25832 without an index (QGIS and GDAL read it; the portal's publisher adds one on publish). */
function flatGeobuf(rows: readonly ExportRow[], o: RowExportOptions): Uint8Array<ArrayBuffer> {
  const wanted = new Set(o.columns)
  const columns = (o.header.columns ?? []).filter((c) => wanted.has(c.name))
  const meta = { ...o.header, columns, featuresCount: rows.length, indexNodeSize: 0, envelope: null } as HeaderMeta
  const header = buildHeader(meta, 25832)
  const features = rows
    .filter((r) => r.geometry)
    .map((r) => buildFeature(parseGeometry(r.geometry as never), pick(r.properties, o.columns) as never, meta))
  // The header's count must be the number written (rows without geometry cannot be features of the file).
  const fixed = features.length === rows.length ? header : buildHeader({ ...meta, featuresCount: features.length }, 25832)
  const total = magicbytes.length + fixed.length + features.reduce((a, f) => a + f.length, 0)
  const out = new Uint8Array(total)
  out.set(magicbytes)
  out.set(fixed, magicbytes.length)
  let at = magicbytes.length + fixed.length
  for (const f of features) {
    out.set(f, at)
    at += f.length
  }
  return out
}

const EXTENSIONS: Record<RowExportFormat, string> = { geojson: 'geojson', 'geojson-25832': 'geojson', csv: 'csv', 'csv-comma': 'csv', fgb: 'fgb' }

/** A file name that says layer, date and filter: demo-baeume_2026-12-07_art-eq-Linde_hoehe_m-gt-10.csv */
export function rowsExportFileName(layerId: string, format: RowExportFormat, date: Date, filter: string): string {
  const day = date.toISOString().slice(0, 10)
  const slug = filter
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
  const crs = format === 'geojson-25832' ? '_epsg25832' : ''
  return `${layerId}_${day}${slug ? `_${slug}` : ''}${crs}.${EXTENSIONS[format]}`
}
