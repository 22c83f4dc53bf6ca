// Reading any supported input file into the publisher's models, chosen by file extension.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { normaliseCrs, Projections } from '../../src/projection/registry.ts'
import { UsageError } from '../args.ts'
import { InputError } from '../readers/errors.ts'
import { readFlatGeobuf } from '../readers/flatgeobuf.ts'
import { readGeoJson } from '../readers/geojson.ts'
import type { VectorData } from '../vector/model.ts'

export const VECTOR_EXTENSIONS = ['.geojson', '.json', '.fgb']
export const RASTER_EXTENSIONS = ['.tif', '.tiff']

export interface VectorInputOptions {
  /** CRS for files that do not declare one (or to confirm the declared one). */
  crs?: string
}

export function inputKind(file: string): 'vector' | 'raster' {
  return RASTER_EXTENSIONS.includes(path.extname(file).toLowerCase()) ? 'raster' : 'vector'
}

export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file))
  } catch {
    throw new InputError(file, 'cannot be read (does it exist?)')
  }
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
  const ext = path.extname(file).toLowerCase()
  let data: VectorData
  if (ext === '.geojson' || ext === '.json') data = readGeoJson(new TextDecoder().decode(await readBytes(file)), file)
  else if (ext === '.fgb') data = await readFlatGeobuf(await readBytes(file), file)
  else {
    const known = [...VECTOR_EXTENSIONS, ...RASTER_EXTENSIONS].join(', ')
    throw new InputError(file, `has an unsupported format "${ext || '(no extension)'}"; supported: ${known}`)
  }
  if (opts.crs) {
    const crs = normaliseCrs(opts.crs)
    if (!crs) throw new UsageError(`--crs "${opts.crs}" is not an EPSG code`)
    // GeoJSON without a crs member is WGS84 by definition, so only an explicit declaration can conflict.
    const declared = ext === '.geojson' || ext === '.json' ? (data.crsDeclared ? data.crs : null) : data.crs
    if (declared && declared !== crs) throw new InputError(file, `declares ${declared} but --crs says ${crs}`)
    data.crs = crs
  }
  return data
}

/** Projections with the BeTA2007 grid when available (Debian's proj-data ships it), for Gauss-Krüger input. */
export async function loadProjections(): Promise<Projections> {
  const projections = new Projections()
  const grid = process.env.GEOPORTAL_BETA2007 ?? '/usr/share/proj/BETA2007.gsb'
  const b = await fs.readFile(grid).catch(() => null)
  if (b) projections.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  return projections
}
