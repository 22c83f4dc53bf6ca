// GeoPackage input through gdal3.js (GDAL compiled to WebAssembly; the .wasm and its data file ship
// inside the npm package, nothing is downloaded at run time). The publisher reads GeoPackages with its own reader
// (./geopackage/) and comes here only for what needs GDAL (views, curved geometries); gdal3.js is an optional
// dependency (gdalAvailable()). The input files are copied into GDAL's in-memory file
// system, converted there with ogr2ogr to FlatGeobuf (source CRS kept, Z/M dropped, curves linearised) and decoded
// here. FlatGeobuf rather than GeoJSON as the intermediate: GDAL-in-wasm writes it about 4× faster and it needs far
// less memory. The source files are only read, never opened by GDAL in place, so read-only folders are fine.
// Reading runs in a worker thread (gdalThread.ts, gdalWorker.mjs) that is terminated at a deadline; GdalRuntime,
// gdal3.js on the calling thread, remains for trusted work such as making test fixtures. Shapefiles are read by
// the publisher's own reader (shapefile/, shapefileStream.ts); GDAL reads them only as the tests' oracle
// (test/helpers/gdalShapefile.ts, through readGdalInput).
import * as flatbuffers from 'flatbuffers'
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js'
import { parseProperties } from 'flatgeobuf/lib/mjs/generic/feature.js'
import { fromGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js'
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js'
import { createRequire } from 'node:module'
import path from 'node:path'
import { normaliseCrs } from '../../src/projection/registry.ts'
import type { Geometry } from '../../src/projection/geometry.ts'
import { ColumnType, type Column, type Scalar, type VectorData, type VectorFeature } from '../vector/model.ts'
import { canonicalEncoding } from './encoding.ts'
import { InputError } from './errors.ts'
import { readInputPart, readOptionalPart } from './files.ts'
import { GdalCallError, GdalTerminated, GdalThread } from './gdalThread.ts'
import { chooseLayer as chooseNamed } from './geopackage/layers.ts'

export interface GdalReadOptions {
  /** GeoPackage layer (required when the file has several). */
  layer?: string
  /** Text encoding (the Shapefile oracle's .dbf encoding); a GeoPackage is UTF-8. */
  encoding?: string
  /**
   * The CRS the user stated (--crs). Only used when the file has a CRS that GDAL cannot identify as an EPSG code:
   * then that is not an error and this CRS is reported. An identified CRS is always reported as found.
   */
  crs?: string
  /**
   * Limit for reading one file (ms; default gdalTimeoutMs()). GDAL runs in a worker thread that is terminated
   * when it is reached.
   */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 120_000

/** Reads a GeoPackage layer. Coordinates stay in the source CRS. */
export async function readWithGdal(file: string, opts: GdalReadOptions = {}): Promise<VectorData> {
  if (path.extname(file).toLowerCase() !== '.gpkg') throw new InputError(file, `is not a GeoPackage (.gpkg)`)
  return readGdalInput(file, await collectGeoPackage(file), opts)
}

// ---------------------------------------------------------------------------------------------------------------
// Collecting and checking the input files (plain Node, before GDAL sees them: clearer messages than GDAL's).

/** Files for GDAL to read, checked beforehand (plain Node: clearer messages than GDAL's). */
export interface GdalInput {
  /** The format's name in messages ("GeoPackage"). */
  label: string
  /** Files to place side by side in GDAL's file system; the first is the one to open. */
  files: { name: string; bytes: Uint8Array }[]
  /** GDAL open option ENCODING=…, or null. */
  encoding: string | null
  /** The format holds one layer (no --layer choice, no layer name for ogr2ogr). */
  singleLayer?: boolean
  /** A check of the decoded data (e.g. text that could not be decoded), throwing an InputError. */
  check?: (data: VectorData) => void
}

/** Encoding names as found in .cpg files or given by users → names GDAL's iconv knows (the readers' shared table). */
export const normaliseEncoding = canonicalEncoding

async function collectGeoPackage(file: string): Promise<GdalInput> {
  const bytes = new Uint8Array(await readInputPart(file, 'the file'))
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 16))
  if (magic !== 'SQLite format 3\u0000') {
    throw new InputError(file, 'is not a GeoPackage (it is not an SQLite database); export the data again as GeoPackage')
  }
  const files = [{ name: 'data.gpkg', bytes }]
  // An unmerged write-ahead log holds recent edits; SQLite applies it when it sits next to the database.
  const wal = await readOptionalPart(file, `${path.basename(file)}-wal`, `${file}-wal`)
  if (wal) files.push({ name: 'data.gpkg-wal', bytes: new Uint8Array(wal) })
  return { label: 'GeoPackage', files, encoding: null }
}

// ---------------------------------------------------------------------------------------------------------------
// The gdal3.js runtime.

/** The part of gdal3.js we use (it ships only loose typings for its browser entry point). */
interface GdalError {
  no: number
  message: string
}
export interface GdalDataset {
  pointer: number
  path: string
  type: string
  info?: { layers?: OgrLayerInfo[] }
}
export interface GdalApi {
  open(file: string, openOptions?: string[]): Promise<{ datasets: GdalDataset[]; errors: GdalError[] }>
  close(ds: GdalDataset): Promise<void>
  ogrinfo(ds: GdalDataset, options?: string[]): Promise<{ layers?: OgrLayerInfo[] }>
  ogr2ogr(ds: GdalDataset, options: string[], outputName?: string): Promise<{ local: string; all?: { local: string }[] }>
  Module: { FS: EmscriptenFs }
}
export interface EmscriptenFs {
  mkdir(p: string): void
  rmdir(p: string): void
  readdir(p: string): string[]
  writeFile(p: string, data: Uint8Array): void
  readFile(p: string, opts?: { encoding: 'binary' }): Uint8Array
  unlink(p: string): void
}
interface OgrField {
  name: string
  type: string
  subType?: string
}
interface OgrLayerInfo {
  name: string
  featureCount?: number
  fields?: OgrField[]
  geometryFields?: { name?: string; type?: string; coordinateSystem?: { wkt?: string; projjson?: ProjJson } | null }[]
  metadata?: Record<string, Record<string, string>>
}
interface ProjJson {
  type?: string
  name?: string
  id?: { authority?: string; code?: number | string }
  ids?: { authority?: string; code?: number | string }[]
  source_crs?: ProjJson
  components?: ProjJson[]
}

/** True when gdal3.js is installed (it is an optional dependency: only GeoPackage views and curves need it). */
export async function gdalAvailable(): Promise<boolean> {
  try {
    createRequire(import.meta.url).resolve('gdal3.js/package.json')
    return true
  } catch {
    return false
  }
}

/** Initialises gdal3.js (≈0.4–0.7 s: compiling 28 MB of WebAssembly and unpacking GDAL's data files). */
async function initGdal(onMessage: (text: string) => void): Promise<GdalApi> {
  const require = createRequire(import.meta.url)
  const initGdalJs = require('gdal3.js/node.js') as (config: object) => Promise<GdalApi>
  const dist = path.join(path.dirname(require.resolve('gdal3.js/package.json')), 'dist', 'package')
  // gdal3.js reads its files from "./" + path, i.e. relative to the working directory.
  const rel = path.relative(process.cwd(), dist) || '.'
  return initGdalJs({ path: rel, logHandler: onMessage, errorHandler: onMessage })
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/**
 * One initialised gdal3.js with its message capture and an operation queue. gdal3.js itself is a process-wide
 * singleton (one WebAssembly instance, one virtual file system, configured by the first init call), so operations
 * are serialised and GDAL's stderr is attributed to the operation that is running.
 */
export class GdalRuntime {
  private tail: Promise<unknown> = Promise.resolve()
  private messages: string[] | null = null

  private constructor(private gdal: GdalApi | null) {}

  static async create(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<GdalRuntime> {
    const runtime = new GdalRuntime(null)
    runtime.gdal = await withTimeout(initGdal((t) => runtime.messages?.push(t)), timeoutMs, 'initialising gdal3.js')
    return runtime
  }

  private get api(): GdalApi {
    return this.gdal!
  }

  /** Runs one operation at a time; GDAL messages printed meanwhile are passed to it. */
  private exclusive<T>(fn: (messages: string[]) => Promise<T>, timeoutMs: number, what: string): Promise<T> {
    const run = async () => {
      const messages: string[] = []
      this.messages = messages
      try {
        return await withTimeout(fn(messages), timeoutMs, what)
      } finally {
        this.messages = null
      }
    }
    const result = this.tail.then(run, run)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Runs fn with exclusive use of gdal3.js (e.g. to create test fixtures); messages collects GDAL's output. */
  use<T>(fn: (gdal: GdalApi, messages: string[]) => Promise<T>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return this.exclusive((messages) => fn(this.api, messages), timeoutMs, 'a gdal3.js operation')
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading in the worker thread, with a deadline.

/**
 * How long one file may take in GDAL (seconds; GEOPORTAL_GDAL_TIMEOUT overrides, the timeoutMs option wins).
 * 120 s: a 200 000-polygon layer converts in about 2.3 s on the city's two-core machine, so this leaves room for
 * layers some 50 times that size (about ten million features, far beyond what the portal can show) on a slow
 * or busy machine, and still stops a file that never finishes within two minutes.
 */
export function gdalTimeoutMs(opts: GdalReadOptions = {}): number {
  if (opts.timeoutMs !== undefined) return opts.timeoutMs
  const env = Number(process.env.GEOPORTAL_GDAL_TIMEOUT)
  return Number.isFinite(env) && env > 0 ? env * 1000 : DEFAULT_TIMEOUT_MS
}

// The process's GDAL thread: started on first use, replaced after it was terminated at a deadline. Reads are
// serialised (one WebAssembly instance, one virtual file system).
let thread: GdalThread | null = null
let threadTail: Promise<unknown> = Promise.resolve()
let threadSeq = 0

function gdalThread(): GdalThread {
  if (!thread?.alive) thread = new GdalThread()
  return thread
}

/** Starts the GDAL thread ahead of the first read (its start-up, ≈0.5–1 s, does not count towards a read's deadline). */
export async function startGdalThread(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await withTimeout(gdalThread().ready, timeoutMs, 'starting gdal3.js')
}

/** Reads checked input files in the GDAL thread, with the deadline of gdalTimeoutMs. */
export function readGdalInput(file: string, input: GdalInput, opts: GdalReadOptions): Promise<VectorData> {
  const run = async () => {
    const limit = gdalTimeoutMs(opts)
    await startGdalThread(Math.max(limit, DEFAULT_TIMEOUT_MS))
    const t = gdalThread()
    const stage: { layer?: string; opened?: boolean } = { layer: opts.layer }
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void t.terminate()
        // Opening lists every layer with its feature count, so a never-ending view stops even another layer's read.
        const what = stage.opened
          ? `reading layer "${stage.layer}"`
          : `opening it${stage.layer ? ` for layer "${stage.layer}"` : ''} (GDAL counts the features of every layer)`
        reject(
          new InputError(
            file,
            `GDAL did not finish ${what} within ${+(limit / 1000).toFixed(1)} s and was stopped (the limit; ` +
              `GEOPORTAL_GDAL_TIMEOUT=<seconds> changes it). A layer that is a view with a query that never ends ` +
              `(e.g. a recursive WITH without a stop) does this; check the file's layers in your GIS`,
          ),
        )
      }, limit)
    })
    try {
      return await Promise.race([readNow(t, file, input, opts, stage), deadline])
    } finally {
      clearTimeout(timer)
    }
  }
  const result = threadTail.then(run, run)
  threadTail = result.catch(() => undefined)
  return result
}

interface Opened {
  handle: number | null
  layers?: OgrLayerInfo[] | null
  errors: GdalError[]
}

async function readNow(t: GdalThread, file: string, input: GdalInput, opts: GdalReadOptions, stage: { layer?: string; opened?: boolean }): Promise<VectorData> {
  const id = `geoportal-${process.pid}-${++threadSeq}`
  const dir = `/input/${id}`
  const label = input.label
  let handle: number | null = null
  try {
    await t.call('writeFiles', dir, input.files)
    const openOptions = input.encoding ? [`ENCODING=${input.encoding}`] : []
    const { result: opened, messages } = await t.call<Opened>('open', `${dir}/${input.files[0].name}`, openOptions)
    handle = opened.handle
    if (handle === null) {
      const why = gdalProblem(messages, opened.errors)
      throw new InputError(file, `cannot be opened as a ${label}${why ? ` (GDAL: ${why})` : ''}; the file is damaged or not a ${label} — export it again from your GIS`)
    }
    let layers = opened.layers ?? undefined
    if (!layers) layers = (await t.call<{ layers?: OgrLayerInfo[] }>('ogrinfo', handle).catch(() => ({ result: { layers: undefined } }))).result.layers
    if (!layers || layers.length === 0) throw new InputError(file, `contains no vector layers`)
    const layer = chooseLayer(file, input.singleLayer === true, layers, opts.layer)
    stage.layer = layer.name
    stage.opened = true
    const crs = layerCrs(file, layer, opts.crs)
    // GEOMETRY: features keep their own type (a Shapefile "Polygon" layer also holds MultiPolygons).
    const args = ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO', '-dim', 'XY', '-nlt', 'GEOMETRY', '-nlt', 'CONVERT_TO_LINEAR']
    if (!input.singleLayer) args.push(layer.name)
    let converted: { result: Uint8Array; messages: string[] }
    try {
      converted = await t.call<Uint8Array>('ogr2ogr', handle, args, id)
    } catch (e) {
      if (e instanceof GdalTerminated) throw e
      const err = e as GdalCallError
      const why = gdalProblem(err.messages ?? [], [{ no: err.no ?? 0, message: err.message }])
      throw new InputError(file, `is damaged: GDAL could not read it (${why || 'unknown error'}); export it again from your GIS`)
    }
    const errors = gdalErrors(converted.messages)
    if (errors.length) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : ''
      throw new InputError(file, `is damaged: GDAL reported "${errors[0]}"${more}; export it again from your GIS`)
    }
    const data = toVectorData(decodeFlatGeobuf(converted.result, file), layer, crs)
    input.check?.(data)
    return data
  } catch (e) {
    if (e instanceof InputError || e instanceof GdalTerminated) throw e
    const msg = (e as GdalError)?.message ?? String(e)
    throw new InputError(file, `could not be read by GDAL (${msg.trim()}); export it again from your GIS`)
  } finally {
    if (t.alive) {
      if (handle !== null) await t.call('close', handle).catch(() => undefined)
      await t.call('remove', dir, id).catch(() => undefined)
    }
  }
}

/** GDAL's "ERROR n: …" lines (continuation lines joined); warnings are ignored. */
function gdalErrors(messages: string[]): string[] {
  const errors: string[] = []
  let inError = false
  for (const m of messages) {
    const line = m.trim()
    if (!line) continue
    const match = /^ERROR \d+: (.*)$/.exec(line)
    if (match) {
      errors.push(match[1])
      inError = true
    } else if (/^Warning \d+:/.test(line)) inError = false
    else if (inError) errors[errors.length - 1] += ` ${line}`
  }
  return errors
}

function gdalProblem(messages: string[], errors: GdalError[]): string {
  const texts = [...gdalErrors(messages), ...errors.map((e) => e?.message?.trim()).filter((m): m is string => !!m)]
  return [...new Set(texts)].slice(0, 2).join('; ')
}

function chooseLayer(file: string, singleLayer: boolean, layers: OgrLayerInfo[], wanted: string | undefined): OgrLayerInfo {
  return singleLayer ? layers[0] : chooseNamed(file, layers, wanted)
}

function epsgOf(pj: ProjJson | undefined): number | null {
  if (!pj) return null
  for (const id of [pj.id, ...(pj.ids ?? [])]) {
    if (id && String(id.authority).toUpperCase() === 'EPSG' && /^\d+$/.test(String(id.code))) return Number(id.code)
  }
  if (pj.type === 'BoundCRS') return epsgOf(pj.source_crs)
  if (pj.type === 'CompoundCRS') return epsgOf(pj.components?.[0])
  return null
}

/** The layer's CRS as "EPSG:<code>", null when the file has none (a Shapefile without .prj). */
function layerCrs(file: string, layer: OgrLayerInfo, stated: string | undefined): string | null {
  const cs = layer.geometryFields?.[0]?.coordinateSystem
  if (!cs || (!cs.wkt && !cs.projjson)) return null
  const code = epsgOf(cs.projjson)
  if (code) return `EPSG:${code}`
  const wktId = cs.wkt ? /ID\["EPSG",\s*(\d+)\]\]\s*$/.exec(cs.wkt) : null
  if (wktId) return `EPSG:${wktId[1]}`
  if (stated) {
    const crs = normaliseCrs(stated)
    if (crs) return crs
  }
  const name = cs.projjson?.name ?? /^[A-Z]+\["([^"]*)"/.exec(cs.wkt ?? '')?.[1] ?? 'unnamed'
  throw new InputError(
    file,
    `has a coordinate reference system ("${name}") that cannot be identified as an EPSG code; save the data again ` +
      `in EPSG:25832 (ETRS89 / UTM zone 32N) or state its CRS with --crs EPSG:<code>`,
  )
}

interface RawFeature {
  geometry: Geometry | null
  properties: Record<string, unknown>
}

/** Decodes the FlatGeobuf ogr2ogr wrote (no index; features may lack a geometry, which flatgeobuf's reader rejects). */
export function decodeFlatGeobuf(bytes: Uint8Array, file: string): RawFeature[] {
  const broken = (why: string) =>
    new InputError(file, `could not be converted by GDAL (${why}); export it again from your GIS`)
  if (bytes.length === 0) return [] // GDAL writes nothing for a layer without features
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 12 || view.getUint32(0, true) !== 0x03626766) throw broken('no FlatGeobuf output')
  const bb = new flatbuffers.ByteBuffer(bytes)
  bb.setPosition(8)
  const header = fromByteBuffer(bb)
  if (header.indexNodeSize > 0 && header.featuresCount > 0) throw broken('unexpected spatial index')
  const features: RawFeature[] = []
  let offset = 12 + view.getUint32(8, true)
  while (offset + 4 <= bytes.length) {
    const size = view.getUint32(offset, true)
    if (offset + 4 + size > bytes.length) throw broken('truncated output')
    const feature = FgbFeature.getRootAsFeature(new flatbuffers.ByteBuffer(bytes.subarray(offset + 4, offset + 4 + size)))
    const g = feature.geometry()
    features.push({
      geometry: g ? (fromGeometry(g, header.geometryType) as Geometry) : null,
      properties: parseProperties(feature, header.columns) as Record<string, unknown>,
    })
    offset += 4 + size
  }
  if (features.length !== header.featuresCount) throw broken(`${features.length} of ${header.featuresCount} features`)
  return features
}

function columnType(f: OgrField): ColumnType {
  switch (f.type) {
    case 'Integer':
      return f.subType === 'Boolean' ? ColumnType.Bool : ColumnType.Int
    case 'Integer64':
      return ColumnType.Long
    case 'Real':
      return ColumnType.Double
    case 'Date':
    case 'DateTime':
      return ColumnType.DateTime
    case 'String':
      return f.subType === 'JSON' ? ColumnType.Json : ColumnType.String
    case 'IntegerList':
    case 'Integer64List':
    case 'RealList':
    case 'StringList':
      return ColumnType.Json
    default: // Time, Binary
      return ColumnType.String
  }
}

function isEmptyGeometry(g: Geometry): boolean {
  if (g.type === 'GeometryCollection') return !g.geometries?.length
  return !Array.isArray(g.coordinates) || g.coordinates.length === 0
}

function toVectorData(raw: RawFeature[], layer: OgrLayerInfo, crs: string | null): VectorData {
  const fields = layer.fields ?? []
  const columns: Column[] = fields.map((f) => ({ name: f.name, type: columnType(f) }))
  const dates = new Set(fields.filter((f) => f.type === 'Date').map((f) => f.name))
  const features: VectorFeature[] = raw.map((f) => {
    const src = f.properties ?? {}
    const properties: Record<string, Scalar> = {}
    for (const c of columns) {
      let v = (src[c.name] ?? null) as Scalar
      // FlatGeobuf has only DateTime: a date comes back as "2021-09-01T00:00:00".
      if (dates.has(c.name) && typeof v === 'string') v = v.replace(/T00:00:00(\.0+)?Z?$/, '')
      if (c.type === ColumnType.Bool && typeof v === 'number') v = v !== 0
      else if (c.type === ColumnType.Json && typeof v === 'string') {
        try {
          v = JSON.parse(v) as Scalar
        } catch {
          // keep the text
        }
      }
      else if (c.type === ColumnType.String && v !== null && typeof v !== 'string') v = String(v)
      properties[c.name] = v
    }
    const g = f.geometry
    return { geometry: g && !isEmptyGeometry(g) ? g : null, properties }
  })
  return { crs, crsDeclared: crs !== null, columns, features }
}

// One lazily created runtime per process. This is deliberate module state: gdal3.js is itself a process-wide
// singleton (one WebAssembly instance), and initialising it costs about half a second, so it happens on first use.
let runtimePromise: Promise<GdalRuntime> | null = null

/** The process's gdal3.js runtime, initialised on first call. */
export function gdalRuntime(timeoutMs?: number): Promise<GdalRuntime> {
  if (!runtimePromise) {
    runtimePromise = GdalRuntime.create(timeoutMs)
    runtimePromise.catch(() => (runtimePromise = null))
  }
  return runtimePromise
}
