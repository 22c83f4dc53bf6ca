// Seeds and mutations for the publisher's vector readers (GeoJSON, CSV, Shapefile, GeoPackage): valid small files
// made from the demo layers (Shapefile and GeoPackage by gdal3.js's ogr2ogr), damaged structure-aware — the
// fields and shapes each reader trusts (GeoJSON members and nesting, CSV quoting and columns, Shapefile record
// lengths, part and point counts, dBASE header and field sizes, .prj nesting, SQLite header and GeoPackage
// geometry blobs) — and byte-wise (bit flips, byte runs, truncation) as in mutate.ts.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { readFlatGeobuf } from '../../cli/readers/flatgeobuf.ts'
import { gdalRuntime, type GdalApi } from '../../cli/readers/gdal.ts'
import { transformGeometry, type Geometry } from '../../src/projection/geometry.ts'
import type { Projections } from '../../src/projection/registry.ts'
import { bitFlips, byteRun, int, pick, truncate, type Rand } from './mutate.ts'

export type VectorFormat = 'geojson' | 'csv' | 'shp' | 'gpkg'
export const VECTOR_FORMATS: readonly VectorFormat[] = ['geojson', 'csv', 'shp', 'gpkg']

/** A vector input: the main file's bytes and, for Shapefiles, its siblings by extension (dbf, shx, prj, cpg). */
export interface VectorSeed {
  name: string
  format: VectorFormat
  bytes: Uint8Array
  siblings: Record<string, Uint8Array>
}

export interface VectorMutated {
  bytes: Uint8Array
  siblings: Record<string, Uint8Array>
  mutations: string[]
}

const utf8 = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const EPSG25832 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }

// ---------------------------------------------------------------------------------------------------------
// Seeds

/** Converts a GeoJSON document with gdal3.js's ogr2ogr; returns the output files by extension. */
async function convert(geojson: object, driver: string, ext: string): Promise<Record<string, Uint8Array>> {
  const runtime = await gdalRuntime()
  return runtime.use(async (gdal: GdalApi) => {
    const { FS } = gdal.Module
    const work = `/input/fuzz-seed-${Math.random().toString(36).slice(2)}`
    FS.mkdir(work)
    try {
      FS.writeFile(`${work}/src.geojson`, utf8(JSON.stringify(geojson)))
      const ds = (await gdal.open(`${work}/src.geojson`)).datasets[0]
      const out = await gdal.ogr2ogr(ds, ['-f', driver, ...(ext === 'shp' ? ['-lco', 'ENCODING=UTF-8'] : [])], `seed.${ext}`)
      await gdal.close(ds)
      const files: Record<string, Uint8Array> = {}
      for (const f of out.all ?? [out]) {
        files[path.extname(f.local).slice(1).toLowerCase()] = new Uint8Array(FS.readFile(f.local))
        FS.unlink(f.local)
      }
      return files
    } finally {
      for (const f of FS.readdir(work)) if (f !== '.' && f !== '..') FS.unlink(`${work}/${f}`)
      FS.rmdir(work)
    }
  })
}

/** Small valid inputs of every vector format from the demo catalog's vector layers (points, lines, polygons). */
export async function vectorSeeds(root: string, projections: Projections): Promise<VectorSeed[]> {
  const seeds: VectorSeed[] = []
  const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
  const layers = path.join(root, 'data', 'layers')
  for (const id of readdirSync(layers).sort()) {
    for (const v of readdirSync(path.join(layers, id))) {
      const fgb = readdirSync(path.join(layers, id, v)).find((f) => f.endsWith('.fgb'))
      if (!fgb) continue
      const data = await readFlatGeobuf(new Uint8Array(readFileSync(path.join(layers, id, v, fgb))), fgb)
      const features = data.features.filter((f) => f.geometry).slice(0, 20)
      const utm = { type: 'FeatureCollection', crs: EPSG25832, features: features.map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry })) }
      const lonLat = structuredClone(utm) as { type: string; crs?: unknown; features: { geometry: Geometry }[] }
      delete lonLat.crs
      for (const f of lonLat.features) transformGeometry(f.geometry, toLonLat)
      seeds.push({ name: `${id}-4326.geojson`, format: 'geojson', bytes: utf8(JSON.stringify(lonLat, null, 1)), siblings: {} })
      seeds.push({ name: `${id}-25832.geojson`, format: 'geojson', bytes: utf8(JSON.stringify(utm)), siblings: {} })
      const shp = await convert(utm, 'ESRI Shapefile', 'shp')
      const { shp: main, ...siblings } = shp
      seeds.push({ name: `${id}.shp`, format: 'shp', bytes: main, siblings })
      seeds.push({ name: `${id}.gpkg`, format: 'gpkg', bytes: (await convert(utm, 'GPKG', 'gpkg')).gpkg, siblings: {} })
      if (features[0].geometry!.type === 'Point') {
        const names = Object.keys(features[0].properties)
        const cell = (v: unknown) => (v === null || v === undefined ? '' : `"${String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/"/g, '""')}"`)
        const rows = features.map((f) => {
          const [x, y] = (f.geometry as { coordinates: number[] }).coordinates
          return { x, y, values: names.map((n) => cell(f.properties[n])) }
        })
        const utmCsv = [`${names.join(';')};Rechtswert;Hochwert;EPSG`, ...rows.map((r) => `${r.values.join(';')};${r.x.toFixed(2).replace('.', ',')};${r.y.toFixed(2).replace('.', ',')};25832`)].join('\r\n')
        seeds.push({ name: `${id}-25832.csv`, format: 'csv', bytes: utf8(`sep=;\r\n${utmCsv}\r\n`), siblings: {} })
        const lonLatCsv = [`${names.join(',')},lon,lat`, ...rows.map((r) => {
          const [lon, lat] = toLonLat([r.x, r.y])
          return `${r.values.join(',')},${lon.toFixed(7)},${lat.toFixed(7)}`
        })].join('\n')
        seeds.push({ name: `${id}-4326.csv`, format: 'csv', bytes: utf8(`${lonLatCsv}\n`), siblings: {} })
      }
    }
  }
  return seeds
}

// ---------------------------------------------------------------------------------------------------------
// GeoJSON: members, types and nesting

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const nested = (depth: number, inner = '[8.1,51.5]') => '['.repeat(depth) + inner + ']'.repeat(depth)
const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection', 'Circle', '', 'point']
const ODD_VALUES: Json[] = [null, 0, -1, 1e308, -1e308, '', 'x', [], [[]], [[[]]], {}, true, [1], [1, 2, 3, 4, 5], ['8.1', '51.5'], [null, null]]

/** A structural change to the parsed document; raw text changes (nesting, huge numbers) are returned as a replacement. */
function mutateGeoJsonDoc(doc: { [k: string]: Json }, rand: Rand): { note: string; raw?: [string, string] } {
  const features = Array.isArray(doc.features) ? (doc.features as Json[]) : []
  const i = features.length ? int(rand, features.length) : 0
  const f = (features[i] ?? {}) as { [k: string]: Json }
  const g = (f.geometry && typeof f.geometry === 'object' && !Array.isArray(f.geometry) ? f.geometry : {}) as { [k: string]: Json }
  switch (int(rand, 16)) {
    case 0:
      delete f.geometry
      return { note: `feature ${i}: no geometry` }
    case 1:
      delete g.coordinates
      return { note: `feature ${i}: no coordinates` }
    case 2:
      f.properties = pick(rand, ODD_VALUES)
      return { note: `feature ${i}: properties = ${JSON.stringify(f.properties)}` }
    case 3:
      g.type = pick(rand, GEOMETRY_TYPES)
      return { note: `feature ${i}: geometry type = ${g.type}` }
    case 4:
      g.coordinates = pick(rand, ODD_VALUES)
      return { note: `feature ${i}: coordinates = ${JSON.stringify(g.coordinates)}` }
    case 5: {
      const depth = pick(rand, [20, 70, 1000, 100_000])
      g.coordinates = '@@NESTED@@'
      return { note: `feature ${i}: coordinates nested ${depth} deep`, raw: ['"@@NESTED@@"', nested(depth)] }
    }
    case 6: {
      const depth = pick(rand, [50, 5000, 200_000])
      f.properties = { deep: '@@NESTED@@' }
      return { note: `feature ${i}: a property nested ${depth} deep`, raw: ['"@@NESTED@@"', nested(depth, '1')] }
    }
    case 7:
      features[i] = pick(rand, ODD_VALUES)
      return { note: `feature ${i} = ${JSON.stringify(features[i])}` }
    case 8:
      doc.type = pick(rand, ['Feature', 'Topology', null, 'Point', 'featurecollection'])
      return { note: `root type = ${doc.type}` }
    case 9:
      doc.crs = pick(rand, [
        { type: 'name', properties: { name: 'EPSG:31467' } },
        { type: 'name', properties: { name: 'EPSG:4326' } },
        { type: 'name', properties: { name: 'EPSG:999999' } },
        { type: 'name', properties: { name: 'Lambert' } },
        { type: 'link', properties: { href: 'x' } },
        { type: 'name', properties: { name: 42 } },
        null,
        'EPSG:25832',
      ] as Json[])
      return { note: `crs = ${JSON.stringify(doc.crs)}` }
    case 10: {
      // Coordinates swapped or scaled: the plausibility checks.
      const scale = pick(rand, [-1, 0, 1e-6, 1e6, NaN])
      const walk = (c: Json): Json => (Array.isArray(c) ? (typeof c[0] === 'number' ? (Number.isNaN(scale) ? [c[1], c[0], ...c.slice(2)] : c.map((v) => (v as number) * scale)) : c.map(walk)) : c)
      for (const x of features) {
        const xg = (x as { geometry?: { coordinates?: Json } })?.geometry
        if (xg && typeof xg === 'object' && 'coordinates' in xg) xg.coordinates = walk(xg.coordinates as Json)
      }
      return { note: Number.isNaN(scale) ? 'x and y swapped' : `coordinates × ${scale}` }
    }
    case 11: {
      // Many copies, but bounded work: large polygons (the town boundary) get fewer.
      const positions = JSON.stringify(features[0] ?? null).split('[').length
      const n = Math.max(2, Math.min(pick(rand, [100, 1000]), Math.floor(200_000 / positions)))
      doc.features = Array.from({ length: n }, () => structuredClone(features[0] ?? null))
      return { note: `${n} copies of feature 0` }
    }
    case 12:
      doc.features = pick(rand, [null, {}, 'x', 5] as Json[])
      return { note: `features = ${JSON.stringify(doc.features)}` }
    case 13:
      f.properties = { ...(f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? f.properties : {}), ['x'.repeat(int(rand, 3) ? 300 : 100_000)]: 'y'.repeat(pick(rand, [0, 10, 1_000_000])), __proto__: { a: 1 } as Json, '': 1 }
      return { note: `feature ${i}: long/odd property names and values` }
    case 14:
      g.type = 'GeometryCollection'
      g.geometries = pick(rand, [[structuredClone(g)], null, [{ type: 'Point' }], [{ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection' }] }]] as Json[])
      return { note: `feature ${i}: GeometryCollection of ${JSON.stringify(g.geometries)?.slice(0, 60)}` }
    default: {
      // A polygon ring that is too short, unclosed or empty.
      g.type = pick(rand, ['Polygon', 'MultiPolygon', 'LineString'])
      const ring = pick(rand, [[], [[8.1, 51.5]], [[8.1, 51.5], [8.2, 51.5]], [[8.1, 51.5], [8.2, 51.5], [8.2, 51.6]]] as Json[])
      g.coordinates = g.type === 'Polygon' ? [ring] : g.type === 'MultiPolygon' ? [[ring]] : ring
      return { note: `feature ${i}: ${g.type} ${JSON.stringify(g.coordinates)}` }
    }
  }
}

function mutateGeoJson(seed: Uint8Array, rand: Rand): { bytes: Uint8Array; note: string } {
  const doc = JSON.parse(text(seed)) as { [k: string]: Json }
  const { note, raw } = mutateGeoJsonDoc(doc, rand)
  let s = JSON.stringify(doc, null, rand() < 0.5 ? 1 : undefined)
  if (raw) s = s.replace(raw[0], () => raw[1])
  return { bytes: utf8(s), note }
}

// ---------------------------------------------------------------------------------------------------------
// CSV: quoting, separators, columns, numbers, encodings

function mutateCsv(seed: Uint8Array, rand: Rand): { bytes: Uint8Array; note: string } {
  const lines = text(seed).split(/\r?\n/)
  const header = lines.findIndex((l) => !/^sep=/i.test(l))
  const sep = lines[header].includes(';') ? ';' : ','
  const row = header + 1 + int(rand, Math.max(1, lines.length - header - 2))
  const cells = (lines[row] ?? '').split(sep)
  const c = int(rand, Math.max(1, cells.length))
  let note: string
  switch (int(rand, 12)) {
    case 0:
      lines[row] = `${lines[row]}${sep}"never closed`
      note = `line ${row + 1}: unclosed quote`
      break
    case 1: {
      const names = lines[header].split(sep)
      const [a, b] = [names.length - 2, names.length - 3].map((k) => Math.max(0, k))
      ;[names[a], names[b]] = [names[b], names[a]]
      lines[header] = names.join(sep)
      note = 'header: two columns swapped'
      break
    }
    case 2:
      lines[header] = lines[header].replace(/(Rechtswert|Hochwert|lon|lat)/gi, 'Spalte')
      note = 'header: no coordinate columns'
      break
    case 3:
      cells[c] = pick(rand, ['1e999', 'NaN', '', '5.701.853', '-', '0x10', '٣٤', '9'.repeat(400), 'Infinity', '"1,5"'])
      lines[row] = cells.join(sep)
      note = `line ${row + 1}: field ${c} = ${cells[c].slice(0, 20)}`
      break
    case 4:
      lines[row] = `${lines[row]}${sep.repeat(pick(rand, [1, 5, 40_000]))}x`
      note = `line ${row + 1}: extra fields`
      break
    case 5: {
      const n = pick(rand, [3, 1000, 10_000])
      lines[header] = `${lines[header]}${Array.from({ length: n }, (_, k) => `${sep}c${k % 7}`).join('')}`
      note = `header: ${n} more (duplicate) columns`
      break
    }
    case 6:
      return { bytes: utf8(lines.join('\r')), note: 'CR line breaks' }
    case 7:
      return { bytes: Uint8Array.from([0xff, 0xfe, ...seed.subarray(0, seed.length - (seed.length % 2))]), note: 'UTF-16 BOM before UTF-8 text' }
    case 8:
      lines.splice(0, header, `sep=${pick(rand, ['', '"', '\t', 'xx', ';;'])}`)
      note = 'odd sep= line'
      break
    case 9:
      lines[row] = `"${'a'.repeat(pick(rand, [10, 100_000]))}\n${'"'.repeat(pick(rand, [1, 2, 3]))}${sep}${lines[row]}`
      note = `line ${row + 1}: quoted line break and quotes`
      break
    case 10:
      lines.splice(header + 1)
      note = 'header only'
      break
    default:
      lines[header] = lines[header].replace(/EPSG/i, 'crs')
      for (let k = header + 1; k < lines.length; k++) lines[k] = lines[k].replace(/25832$/, pick(rand, ['4326', 'EPSG:31467', 'Gauss', '']))
      note = 'CRS column changed'
  }
  return { bytes: utf8(lines.join('\n')), note }
}

// ---------------------------------------------------------------------------------------------------------
// Shapefile: .shp/.shx record structure, dBASE header and fields, .prj and .cpg, missing parts

const ODD_INT = [0, 1, -1, 3, 0x7fffffff, 0xffffffff, 0x10000000, 65535]
const ODD_DOUBLE = [NaN, Infinity, -Infinity, 1e308, -1e308, 0, 5e-324]

/** Offsets of the .shp records' headers (as the file's own lengths say). */
function shpRecords(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const out: number[] = []
  for (let o = 100; o + 8 <= b.length && out.length < 10_000; ) {
    const words = dv.getInt32(o + 4) // big-endian 16-bit words
    if (words <= 0) break
    out.push(o)
    o += 8 + words * 2
  }
  return out
}

function mutateShapefile(bytes: Uint8Array, siblings: Record<string, Uint8Array>, rand: Rand): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const set32 = (v: DataView, at: number, value: number, little: boolean) => at + 4 <= v.byteLength && v.setUint32(at, value >>> 0, little)
  switch (int(rand, 12)) {
    case 0: {
      const v = pick(rand, ODD_INT)
      set32(dv, 24, v, false)
      return `.shp file length = ${v}`
    }
    case 1: {
      const v = pick(rand, [0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31, 99, 0xffffffff])
      set32(dv, 32, v, true)
      return `.shp shape type = ${v}`
    }
    case 2: {
      const v = pick(rand, ODD_DOUBLE)
      const at = 36 + 8 * int(rand, 8)
      dv.setFloat64(at, v, true)
      return `.shp header double at ${at} = ${v}`
    }
    case 3:
    case 4:
    case 5: {
      const recs = shpRecords(bytes)
      if (!recs.length) return 'no records'
      const r = pick(rand, recs)
      const type = r + 12 <= bytes.length ? dv.getInt32(r + 8, true) : 0
      const field = pick(rand, ['length', 'type', 'parts', 'points', 'part index', 'coordinate'] as const)
      const v = pick(rand, ODD_INT)
      if (field === 'length') set32(dv, r + 4, v, false)
      else if (field === 'type') set32(dv, r + 8, pick(rand, [0, 1, 3, 5, 8, 31, 77]), true)
      else if (type === 1 || field === 'coordinate') {
        const at = r + 12 + 8 * int(rand, type === 1 ? 2 : 8)
        if (at + 8 <= bytes.length) dv.setFloat64(at, pick(rand, ODD_DOUBLE), true)
      } else if (field === 'parts') set32(dv, r + 44, v, true)
      else if (field === 'points') set32(dv, r + 48, v, true)
      else set32(dv, r + 52 + 4 * int(rand, 2), v, true)
      return `.shp record at ${r}: ${field} changed`
    }
    case 6: {
      const shx = siblings.shx
      if (!shx) return 'no .shx'
      const sv = new DataView(shx.buffer, shx.byteOffset, shx.byteLength)
      const at = 100 + 8 * int(rand, Math.max(1, (shx.length - 100) / 8)) + 4 * int(rand, 2)
      const v = pick(rand, ODD_INT)
      set32(sv, at, v, false)
      return `.shx entry at ${at} = ${v}`
    }
    case 7:
    case 8: {
      const dbf = siblings.dbf
      const bv = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength)
      const fields = Math.max(1, Math.floor((bv.getUint16(8, true) - 33) / 32))
      const field = 32 + 32 * int(rand, fields)
      const what = pick(rand, ['records', 'header length', 'record length', 'field length', 'field type', 'language', 'terminator', 'deleted flag'] as const)
      if (what === 'records') set32(bv, 4, pick(rand, ODD_INT), true)
      else if (what === 'header length') bv.setUint16(8, pick(rand, [0, 1, 32, 33, 65535]), true)
      else if (what === 'record length') bv.setUint16(10, pick(rand, [0, 1, 65535]), true)
      else if (what === 'field length' && field + 17 < dbf.length) dbf[field + 16] = pick(rand, [0, 1, 254, 255])
      else if (what === 'field type' && field + 11 < dbf.length) dbf[field + 11] = pick(rand, [...'CNFLDMBGI@O+TY0'].map((ch) => ch.charCodeAt(0)))
      else if (what === 'language') dbf[29] = int(rand, 256)
      else if (what === 'terminator') dbf[bv.getUint16(8, true) - 1] = 0x20
      else if (bv.getUint16(8, true) < dbf.length) dbf[bv.getUint16(8, true)] = pick(rand, [0x2a, 0x00, 0x1a])
      return `.dbf ${what} changed`
    }
    case 9: {
      const prj = pick(rand, [
        'PROJCS["x",GEOGCS["y",DATUM["z"]]]',
        `${'PROJCS["a",'.repeat(50_000)}${']'.repeat(50_000)}`,
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
        'PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz"]]',
        '\u0000\u0001garbage',
        '[[[[',
      ])
      siblings.prj = utf8(prj)
      return `.prj = ${prj.slice(0, 40)}`
    }
    case 10:
      siblings.cpg = utf8(pick(rand, ['UTF-8', '1252', 'LATIN1', 'EBCDIC', '\u0000', 'x'.repeat(1000)]))
      return `.cpg = ${text(siblings.cpg).slice(0, 20)}`
    default: {
      const part = pick(rand, ['dbf', 'shx', 'prj', 'cpg'])
      delete siblings[part]
      return `.${part} missing`
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// GeoPackage: the SQLite header and the GeoPackage geometry blobs ("GP", version, flags, srs id, envelope, WKB)

function mutateGeoPackage(b: Uint8Array, rand: Rand): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  if (rand() < 0.35) {
    const field = pick(rand, [
      [16, 2, 'page size'],
      [18, 1, 'write version'],
      [20, 1, 'reserved bytes'],
      [28, 4, 'database size'],
      [32, 4, 'first freelist page'],
      [40, 4, 'schema cookie'],
      [44, 4, 'schema format'],
      [56, 4, 'text encoding'],
      [68, 4, 'application id'],
    ] as const)
    const v = pick(rand, [0, 1, 2, 3, 9, 513, 65535, 0x7fffffff, 0xffffffff])
    if (field[1] === 1) b[field[0]] = v & 0xff
    else if (field[1] === 2) dv.setUint16(field[0], v & 0xffff)
    else dv.setUint32(field[0], v >>> 0)
    return `SQLite header ${field[2]} = ${v}`
  }
  // Geometry blobs: "GP" 0x00 flags srs_id(4) [envelope] WKB.
  const blobs: number[] = []
  for (let i = 0; i + 8 < b.length && blobs.length < 5000; i++) if (b[i] === 0x47 && b[i + 1] === 0x50 && b[i + 2] === 0 && (b[i + 3] & 0xf0) === 0) blobs.push(i)
  if (!blobs.length) {
    // Names in the schema (sqlite_master lives in page 1).
    for (const name of ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys', 'geom']) {
      const at = Buffer.from(b).indexOf(name)
      if (at >= 0 && rand() < 0.5) {
        b[at + int(rand, name.length)] ^= 0x20
        return `schema name ${name} changed`
      }
    }
    return 'no geometry blob'
  }
  const at = pick(rand, blobs)
  const little = (b[at + 3] & 1) === 1
  const envelope = [0, 32, 48, 48, 64][(b[at + 3] >> 1) & 7] ?? 0
  const wkb = at + 8 + envelope
  const what = pick(rand, ['flags', 'srs id', 'envelope', 'wkb type', 'wkb count', 'wkb order', 'wkb coordinate'] as const)
  if (what === 'flags') b[at + 3] = pick(rand, [0x0e, 0x0f, 0x10, 0x21, 0xff, 0x01])
  else if (what === 'srs id') dv.setInt32(at + 4, pick(rand, [0, -1, 4326, 31467, 999999]), little)
  else if (what === 'envelope' && envelope) dv.setFloat64(at + 8 + 8 * int(rand, envelope / 8), pick(rand, ODD_DOUBLE), little)
  else if (wkb + 9 < b.length) {
    const wl = b[wkb] === 1
    if (what === 'wkb order') b[wkb] = pick(rand, [2, 0xff])
    else if (what === 'wkb type') dv.setUint32(wkb + 1, pick(rand, [0, 7, 8, 17, 1003, 3006, 0x80000003, 0xffffffff]), wl)
    else if (what === 'wkb count') dv.setUint32(wkb + 5, pick(rand, ODD_INT) >>> 0, wl)
    else if (wkb + 17 < b.length) dv.setFloat64(wkb + 5 + 4 * int(rand, 4), pick(rand, ODD_DOUBLE), wl)
  }
  return `geometry blob at ${at}: ${what} changed`
}

// ---------------------------------------------------------------------------------------------------------

/**
 * One structure-aware mutation (most cases), then byte mutations on the main file (a third of the cases, or all
 * when the structure-aware step found nothing to change).
 */
export function mutateVector(seed: VectorSeed, rand: Rand): VectorMutated {
  let bytes: Uint8Array = new Uint8Array(seed.bytes)
  const siblings: Record<string, Uint8Array> = Object.fromEntries(Object.entries(seed.siblings).map(([k, v]) => [k, new Uint8Array(v)]))
  const mutations: string[] = []
  if (rand() < 0.75) {
    if (seed.format === 'geojson') {
      const m = mutateGeoJson(bytes, rand)
      bytes = m.bytes
      mutations.push(m.note)
    } else if (seed.format === 'csv') {
      const m = mutateCsv(bytes, rand)
      bytes = m.bytes
      mutations.push(m.note)
    } else if (seed.format === 'shp') mutations.push(mutateShapefile(bytes, siblings, rand))
    else mutations.push(mutateGeoPackage(bytes, rand))
  }
  if (!mutations.length || rand() < 0.33) {
    // In a Shapefile, the damaged part is the .shp or one of its siblings.
    const parts = Object.keys(siblings).filter((k) => k === 'dbf' || k === 'shx')
    const target = seed.format === 'shp' && parts.length && rand() < 0.4 ? pick(rand, parts) : null
    let b = target ? siblings[target] : bytes
    const kind = pick(rand, ['bitflip', 'byterun', 'truncate'] as const)
    let note: string
    if (kind === 'truncate') {
      const t = truncate(b, rand)
      b = new Uint8Array(t.bytes)
      note = t.note
    } else note = b.length ? (kind === 'bitflip' ? bitFlips(b, rand) : byteRun(b, rand)) : 'empty'
    if (target) siblings[target] = b
    else bytes = b
    mutations.push(target ? `.${target}: ${note}` : note)
  }
  return { bytes, siblings, mutations }
}
