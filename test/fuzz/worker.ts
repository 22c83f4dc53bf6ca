// A fuzz worker (child process, started by fuzz.ts): feeds one damaged file at a time to the publisher's readers
// (from memory) and to the portal's readers (over HTTP), and reports each reader's outcome. The parent kills it
// when a reader does not answer in time or memory grows too large, so nothing here needs to guard against hangs.
import { readFileSync } from 'node:fs'
import type { RasterLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { prepareRasterLayer } from '../../cli/publish/raster.ts'
import { readFlatGeobuf } from '../../cli/readers/flatgeobuf.ts'
import { InputError } from '../../cli/readers/errors.ts'
import { CogReader } from '../../src/sources/raster/read/cog.ts'
import { RasterTileService } from '../../src/sources/raster/tiles.ts'
import { FgbVectorSource } from '../../src/sources/vector/fgbSource.ts'
import type { BBox } from '../../src/model/catalog.ts'
import { loadProjections, readVectorInput } from '../../cli/publish/input.ts'
import { prepareVectorLayer } from '../../cli/publish/vector.ts'
import { startGdalThread } from '../../cli/readers/gdal.ts'
import { defaultVectorStyle } from '../../cli/publish/style.ts'
import type { Projections as ProjectionsType } from '../../src/projection/registry.ts'
import type { VectorFormat } from './vectorMutate.ts'

export interface CaseMessage {
  id: number
  format: 'fgb' | 'tif' | VectorFormat
  file: string
  url: string
  name: string
  /** Views to load (lon/lat): the seed's whole extent and a small box inside it. */
  views: BBox[]
  /** Raster: the lon/lat of the seed's centre. */
  centre?: [number, number]
  /** Timeout given to the portal's readers (they have their own, shorter than the parent's hard limit). */
  readerTimeoutMs: number
}

export type Target = 'publisher' | 'portal'

export interface ReaderError {
  name: string
  message: string
  /** A clear message: the publisher's InputError naming the file, or an Error naming the file in the portal. */
  clean: boolean
  /** The portal reader's own timeout gave up (the read itself may still be running: a slow hang). */
  timeout: boolean
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'begin'; id: number; target: Target }
  | { type: 'end'; id: number; target: Target; outcome: 'ok' | 'error'; error?: ReaderError; rss: number }
  | { type: 'unhandled'; id: number; target: Target | null; message: string }
  | { type: 'done'; id: number }

const send = (m: WorkerMessage) => process.send!(m)
const projections = new Projections()
let current: { id: number; target: Target | null } = { id: -1, target: null }

// Background failures of abandoned reads: reported (the parent decides), never fatal for the worker.
process.on('unhandledRejection', (e) => send({ type: 'unhandled', id: current.id, target: current.target, message: String((e as Error)?.message ?? e) }))
process.on('uncaughtException', (e) => send({ type: 'unhandled', id: current.id, target: current.target, message: `uncaught: ${e?.message ?? e}` }))

/** Internal failures of a parser ("Cannot read properties of undefined") are errors, but not clear ones. */
function describe(e: unknown, file: string, target: Target): ReaderError {
  const err = e instanceof Error ? e : new Error(String(e))
  const internal = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'].includes(err.constructor.name) || !(e instanceof Error)
  const timeout = /no answer within/.test(err.message)
  const oneLine = !err.message.includes('\n')
  const clean = oneLine && (target === 'publisher' ? e instanceof InputError && err.message.includes(file) : !internal && !timeout && err.message.includes(file))
  return { name: err.constructor.name, message: err.message.slice(0, 300), clean, timeout }
}

let withGrid: Promise<ProjectionsType> | null = null

/**
 * Vector inputs go through the whole publishing step short of the commit (read, personal-data scan, placement,
 * reprojection, quality, FlatGeobuf): a reader's odd output must not crash a later stage either. Every other
 * case skips the placement check so that implausible coordinates reach the later stages too.
 */
async function publishVector(m: CaseMessage) {
  withGrid ??= loadProjections()
  const data = await readVectorInput(m.file)
  await prepareVectorLayer(data, {
    id: 'fuzz',
    file: m.file,
    metadata: { title: 'Fuzz', access: 'internal' },
    style: defaultVectorStyle('Unknown', '#D55E00'),
    projections: await withGrid,
    placement: { allowOutsideArea: m.id % 2 !== 0 },
  })
}

async function publisher(m: CaseMessage, bytes: Uint8Array) {
  if (m.format !== 'fgb' && m.format !== 'tif') await publishVector(m)
  else if (m.format === 'fgb') await readFlatGeobuf(bytes, m.name)
  else await prepareRasterLayer(bytes, { id: 'fuzz', file: m.name, metadata: { title: 'Fuzz', access: 'public' }, projections })
}

/** Tile containing a lon/lat at zoom z (XYZ). */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { z, x, y }
}

async function portal(m: CaseMessage) {
  if (m.format === 'fgb') {
    const source = new FgbVectorSource(m.url, projections, { timeoutMs: m.readerTimeoutMs })
    for (const v of m.views) await source.load(v, 0)
    return
  }
  // The CogReader alone (as the tile service opens it), then tiles and a value through the tile service.
  const reader = await CogReader.open(m.url, m.readerTimeoutMs)
  const errors: Error[] = []
  const service = new RasterTileService(projections, (_id, e) => errors.push(e))
  // Multi-band files (the demo's RGB photo) go through the RGB sampler, as the portal draws them.
  const rgb = reader.samples >= 3
  const entry = { id: 'fuzz', kind: 'raster', style: { ...(rgb ? { kind: 'rgb' } : {}), ramp: [[0, '#000000'], [1, '#ffffff']] } } as unknown as RasterLayerEntry
  service.add(entry, m.url)
  const [lon, lat] = m.centre!
  for (const z of [14, 10]) await (rgb ? service.tilePixels('fuzz', tileAt(lon, lat, z)) : service.tileValues('fuzz', tileAt(lon, lat, z)))
  await service.valueAt('fuzz', lon, lat)
}

async function run(m: CaseMessage) {
  const bytes = new Uint8Array(readFileSync(m.file))
  // Starting gdal3.js takes a second or more on a busy machine: done before the clock of the first GeoPackage runs.
  if (m.format === 'gpkg') await startGdalThread()
  // The portal reads only what the publisher wrote (FlatGeobuf, COG): vector inputs have no portal reader.
  const targets = [['publisher', () => publisher(m, bytes)], ['portal', () => portal(m)]] as const
  for (const [target, fn] of m.format === 'fgb' || m.format === 'tif' ? targets : targets.slice(0, 1)) {
    current = { id: m.id, target }
    send({ type: 'begin', id: m.id, target })
    try {
      await fn()
      send({ type: 'end', id: m.id, target, outcome: 'ok', rss: process.memoryUsage().rss })
    } catch (e) {
      send({ type: 'end', id: m.id, target, outcome: 'error', error: describe(e, m.name, target), rss: process.memoryUsage().rss })
    }
  }
  current = { id: m.id, target: null }
  send({ type: 'done', id: m.id })
}

process.on('message', (m: CaseMessage) => void run(m))
send({ type: 'ready' })
