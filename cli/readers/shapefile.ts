// Shapefile input in plain TypeScript (.shp/.shx/.dbf/.prj/.cpg), without GDAL: records and geometries in
// ./shapefile/shp.ts, ring assembly in ./shapefile/rings.ts, the table in ./shapefile/dbf.ts, the CRS in
// ./shapefile/prj.ts, text encodings in ./encoding.ts. This module reads every file whole and walks the bytes with a
// DataView; large files are read record by record by ./shapefileStream.ts. The result matches what GDAL's Shapefile driver
// (through gdal3.js, see ./gdal.ts) produces, feature by feature, including how polygon rings are assembled; the
// few deliberate differences are noted where they are made (search for "GDAL").
//
// Formats: ESRI Shapefile Technical Description (1998) for .shp/.shx; dBASE III for .dbf; ESRI or OGC WKT in .prj.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Column, Scalar, VectorData, VectorFeature } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { readInputPart, readOptionalPart, sibling } from './files.ts'
import { chooseEncoding, COLUMN_TYPE, decodeFields, readDbfHeader, readValue } from './shapefile/dbf.ts'
import { prjCrs } from './shapefile/prj.ts'
import { GeometryReader, shapeRecords } from './shapefile/shp.ts'

export { checkDbfLength } from './shapefile/dbf.ts'
export { identifyPrj, parseWkt } from './shapefile/prj.ts'
export { checkShapeHeader } from './shapefile/shp.ts'

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
