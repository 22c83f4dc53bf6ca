// Reading any supported input file into the publisher's models, chosen by file extension.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { normaliseCrs, Projections } from '../../src/projection/registry.ts'
import { UsageError } from '../args.ts'
import { InputError } from '../readers/errors.ts'
import { readInputPart } from '../readers/files.ts'
import type { GeoPackageReadOptions } from '../readers/geopackage/geopackage.ts'
import { openGeoJsonFile, readGeoJsonFile } from '../readers/geojson.ts'
import { readShapefile } from '../readers/shapefile.ts'
import { openShapefile } from '../readers/shapefileStream.ts'
import { checkColumnLimits, type VectorData, type VectorSource } from '../vector/model.ts'

export const VECTOR_EXTENSIONS = ['.geojson', '.json', '.fgb', '.shp', '.gpkg', '.csv']
export const RASTER_EXTENSIONS = ['.tif', '.tiff', '.cog']

export interface VectorInputOptions {
  /** CRS for files that do not declare one (or to confirm the declared one). */
  crs?: string
  /** GeoPackage layer. */
  layer?: string
  /** CSV coordinate columns. */
  x?: string
  y?: string
  /** Shapefile DBF encoding, overriding .cpg and detection. */
  encoding?: string
  /** CSV separator. */
  separator?: string
}

export function inputKind(file: string): 'vector' | 'raster' {
  return RASTER_EXTENSIONS.includes(path.extname(file).toLowerCase()) ? 'raster' : 'vector'
}

export async function readBytes(file: string): Promise<Uint8Array> {
  const b = await readInputPart(file, 'the file', file, { allowEmpty: true, missing: 'cannot be read (does it exist?)' })
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}

export async function readJsonFile(file: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(file))
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new InputError(file, `is not valid JSON (${(e as Error).message})`)
  }
}

export async function readVectorInput(file: string, opts: VectorInputOptions = {}): Promise<VectorData> {
  return (await openVectorInput(file, { ...opts, stream: false })) as VectorData
}

/**
 * Opens any supported input as a source of features; large GeoJSON files and Shapefiles are streamed (their
 * features are read again on each iteration, never all held in memory) unless `stream` is false.
 */
export async function openVectorInput(file: string, opts: VectorInputOptions & { stream?: boolean } = {}): Promise<VectorSource> {
  const ext = path.extname(file).toLowerCase()
  const crs = opts.crs ? normaliseCrs(opts.crs) : null
  if (opts.crs && !crs) throw new UsageError(`--crs "${opts.crs}" is not an EPSG code`)
  if ((opts.x === undefined) !== (opts.y === undefined)) throw new UsageError('--x and --y go together')
  const stream = opts.stream !== false
  let data: VectorSource
  if (ext === '.geojson' || ext === '.json') data = stream ? await openGeoJsonFile(file) : await readGeoJsonFile(file)
  // The readers of the formats read whole are loaded when used: the checks thread, which reads only streamed
  // formats again (checks/thread.ts), starts faster without them.
  else if (ext === '.fgb') data = await (await import('../readers/flatgeobuf.ts')).readFlatGeobuf(await readBytes(file), file)
  else if (ext === '.shp') {
    const o = { encoding: opts.encoding, ...(crs ? { crs } : {}) }
    data = stream ? await openShapefile(file, o) : await readShapefile(file, o)
  }
  else if (ext === '.gpkg') {
    data = await openGeoPackageInput(file, { layer: opts.layer, ...(crs ? { crs } : {}) }, stream)
  } else if (ext === '.csv') {
    data = (await import('../readers/csv.ts')).readCsv(await readBytes(file), file, { x: opts.x, y: opts.y, separator: opts.separator, ...(crs ? { crs } : {}) })
  } else {
    const known = [...VECTOR_EXTENSIONS, ...RASTER_EXTENSIONS].join(', ')
    throw new InputError(file, `has an unsupported format "${ext || '(no extension)'}"; supported: ${known}`)
  }
  checkColumnLimits(file, data.columns.map((c) => c.name))
  if (crs) {
    // A format's default (GeoJSON without "crs" is WGS84) or a guess (lon/lat columns) yields to --crs.
    const declared = data.crsDeclared === false ? null : data.crs
    if (declared && declared !== crs) throw new InputError(file, `declares ${declared} but --crs says ${crs}`)
    data.crs = crs
  }
  return data
}

/**
 * A GeoPackage layer through the own SQLite reader; what it leaves to GDAL (views, curved geometries) goes to
 * gdal3.js, loaded only then (a 41 MB WebAssembly that takes a second to start; an optional dependency).
 */
async function openGeoPackageInput(file: string, opts: GeoPackageReadOptions, stream: boolean): Promise<VectorSource> {
  const { NeedsGdal, openGeoPackage, STREAM_GEOPACKAGE_BYTES } = await import('../readers/geopackage/geopackage.ts')
  try {
    return openGeoPackage(file, opts, stream ? STREAM_GEOPACKAGE_BYTES : Infinity)
  } catch (e) {
    if (!(e instanceof NeedsGdal)) throw e
    const gdal = await import('../readers/gdal.ts')
    if (!(await gdal.gdalAvailable())) {
      throw new InputError(file, `${e.reason}: reading it needs GDAL (the npm package gdal3.js), which is not installed — install it with "npm install gdal3.js" next to the geoportal, or export the layer as a plain table with linear geometries`)
    }
    return gdal.readWithGdal(file, opts)
  }
}

/** Projections with the BeTA2007 grid when available (Debian's proj-data ships it), for Gauss-Krüger input. */
export async function loadProjections(): Promise<Projections> {
  const projections = new Projections()
  const grid = process.env.GEOPORTAL_BETA2007 ?? '/usr/share/proj/BETA2007.gsb'
  const b = await fs.readFile(grid).catch(() => null)
  if (b) projections.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  return projections
}
