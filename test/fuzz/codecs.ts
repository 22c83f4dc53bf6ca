// Fuzzing every GeoTIFF codec geotiff.js reads (NONE, LZW, PackBits, DEFLATE, ZSTD, LERC with and without its
// extra DEFLATE/ZSTD layer, JPEG, WebP): valid seeds made by gdal_translate and by our COG writer are mutated —
// half of the cases inside the compressed tile and strip data, where the decoders read, half anywhere with the
// TIFF-aware mutations of mutate.ts — and decoded through the publisher and the portal's reader in child
// processes (codecWorker.ts) that are killed on a hang or beyond a memory limit. The bombs of bombs.ts run
// first. The last line is one JSON object.
//
//   npx tsx test/fuzz/codecs.ts --cases 5000 --seed 1 [--timeout 10] [--workers 2] [--memory 1024]
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mulberry32 } from '../../scripts/random.ts'
import { serveSite } from '../browser/helper.ts'
import { codecBombs } from './bombs.ts'
import type { CodecCase, CodecOutcome, CodecWorkerMessage } from './codecWorker.ts'
import { mutate, type Rand } from './mutate.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface CodecFile {
  name: string
  bytes: Uint8Array
  /** What it is (seed and mutations, or the bomb's name). */
  what: string
}

export type CodecFailure = 'hang' | 'crash' | 'memory'

export interface CodecResult {
  file: CodecFile
  publisher?: CodecOutcome
  portal?: CodecOutcome
  failure?: { kind: CodecFailure; target: string | null; detail: string }
  maxRssMb: number
  unhandled: string[]
}

export interface RunOptions {
  /** Hard limit per file (ms): the child is killed and the case counted as a hang. */
  timeoutMs: number
  /** Resident memory per child (MB): beyond it the child is killed and the case counted. */
  memoryLimitMb: number
  workers: number
  /** A new child process per file, so maxRssMb is that file's own peak (the bomb test). */
  fresh?: boolean
  onResult?: (r: CodecResult) => void
}

function rssMb(pid: number | undefined): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

/** Decodes every file through both readers in killable child processes. */
export async function decodeInChildren(files: Iterable<CodecFile> | Iterator<CodecFile>, opts: RunOptions): Promise<CodecResult[]> {
  const source = Symbol.iterator in files ? (files as Iterable<CodecFile>)[Symbol.iterator]() : (files as Iterator<CodecFile>)
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-codecs-'))
  const server = await serveSite(tmp)
  const results: CodecResult[] = []
  const written: string[] = []
  let id = 0
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let active = 0
      const spawn = () => {
        active++
        const child: ChildProcess = fork(fileURLToPath(new URL('./codecWorker.ts', import.meta.url)), [], {
          cwd: ROOT,
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        })
        let stderr = ''
        child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
        let job: { id: number; file: CodecFile; path: string; target: string | null; peak: number } | null = null
        let timer: NodeJS.Timeout | null = null
        let dead = false
        const poll = setInterval(() => {
          const mb = rssMb(child.pid)
          if (mb === null || !job) return
          job.peak = Math.max(job.peak, mb)
          if (mb > opts.memoryLimitMb) end({ kind: 'memory', target: job.target, detail: `${Math.round(mb)} MB resident` })
        }, 50)
        const retire = () => {
          dead = true
          clearInterval(poll)
          if (timer) clearTimeout(timer)
          child.kill('SIGKILL')
          active--
        }
        const end = (failure: CodecResult['failure'], m?: Extract<CodecWorkerMessage, { type: 'result' }>) => {
          if (!job || dead) return
          const j = job
          job = null
          if (timer) clearTimeout(timer)
          const r: CodecResult = { file: j.file, maxRssMb: Math.round(Math.max(j.peak, m?.maxRssMb ?? 0)), unhandled: m?.unhandled ?? [] }
          if (m) Object.assign(r, { publisher: m.publisher, portal: m.portal })
          if (failure) r.failure = failure
          results.push(r)
          opts.onResult?.(r)
          // Removed a while later: an abandoned portal read may still be fetching it (the Node test server
          // does not survive a file vanishing under a running request).
          written.push(j.path)
          if (written.length > 64) void fs.rm(written.shift()!, { force: true })
          if (failure || opts.fresh) {
            retire()
            next()
          } else dispatch()
        }
        const dispatch = () => {
          const n = source.next()
          if (n.done) {
            retire()
            if (active === 0) resolveAll()
            return
          }
          const caseId = id++
          const name = `case${caseId}.tif`
          const file = path.join(tmp, name)
          job = { id: caseId, file: n.value, path: file, target: null, peak: 0 }
          void fs.writeFile(file, n.value.bytes).then(() => {
            timer = setTimeout(() => end({ kind: 'hang', target: job?.target ?? null, detail: `no answer within ${opts.timeoutMs / 1000} s` }), opts.timeoutMs)
            const c: CodecCase = { id: caseId, file, url: `${server.url}${name}`, name, readerTimeoutMs: Math.max(500, opts.timeoutMs - 2000) }
            child.send(c)
          }, rejectAll)
        }
        child.on('message', (m: CodecWorkerMessage) => {
          if (dead) return
          if (m.type === 'ready') dispatch()
          else if (m.type === 'begin' && job) job.target = m.target
          else if (m.type === 'result' && job && m.id === job.id) end(undefined, m)
        })
        child.on('exit', (code, signal) => {
          if (dead) return
          if (job) end({ kind: 'crash', target: job.target, detail: `exit ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` })
          else {
            retire()
            rejectAll(new Error(`codec worker died before a case (${signal ?? code}): ${stderr.trim().slice(-500)}`))
          }
        })
      }
      const next = () => spawn()
      for (let i = 0; i < opts.workers; i++) spawn()
    })
  } finally {
    await server.close()
    await fs.rm(tmp, { recursive: true, force: true })
  }
  return results
}

// ---------------------------------------------------------------------------------------------------------------
// Seeds.

/** Why the seeds cannot be made here, or null. */
export function seedsUnavailable(): string | null {
  try {
    execFileSync('gdal_translate', ['--version'], { stdio: 'ignore' })
    return null
  } catch {
    return 'gdal_translate not installed (apt-get install gdal-bin): the codec seeds are made with it'
  }
}

interface Seed {
  name: string
  bytes: Uint8Array
  /** Where the compressed blocks start (mutations there reach the decoders). */
  dataStart: number
}

/** One small file per codec and layout (tiled and striped; predictors; Float32, Int16, Byte, RGB), made by GDAL. */
export async function codecSeeds(): Promise<Seed[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-codec-seeds-'))
  try {
    // A smooth surface with noise (compresses like elevation), written as text and converted by GDAL.
    const size = 96
    const rand = mulberry32(7)
    let xyz = ''
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) xyz += `${438000 + x + 0.5} ${5714000 - y - 0.5} ${(80 + 20 * Math.sin(x / 9) * Math.cos(y / 13) + rand()).toFixed(3)}\n`
    const src = path.join(dir, 'src.xyz')
    await fs.writeFile(src, xyz)
    const gray = path.join(dir, 'gray.tif')
    execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:25832', '-ot', 'Float32', src, gray])
    const rgb = path.join(dir, 'rgb.tif')
    execFileSync('gdal_translate', ['-q', '-ot', 'Byte', '-scale', '60', '100', '0', '255', '-b', '1', '-b', '1', '-b', '1', '-co', 'PHOTOMETRIC=RGB', gray, rgb])
    const variants: [string, string, string[]][] = [
      ['none-tiled', gray, ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['none-strips', gray, ['-co', 'BLOCKYSIZE=10']],
      ['lzw-tiled', gray, ['-co', 'COMPRESS=LZW', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['lzw-pred3-strips', gray, ['-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3', '-co', 'BLOCKYSIZE=16']],
      ['lzw-int16-pred2', gray, ['-ot', 'Int16', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['packbits-byte', rgb, ['-b', '1', '-co', 'COMPRESS=PACKBITS', '-co', 'BLOCKYSIZE=8']],
      ['packbits-tiled', gray, ['-co', 'COMPRESS=PACKBITS', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['deflate-strips', gray, ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', '-co', 'BLOCKYSIZE=12']],
      ['zstd-tiled', gray, ['-co', 'COMPRESS=ZSTD', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['zstd-strips-pred3', gray, ['-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3', '-co', 'BLOCKYSIZE=16']],
      ['lerc-tiled', gray, ['-co', 'COMPRESS=LERC', '-co', 'MAX_Z_ERROR=0.01', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['lerc-deflate', gray, ['-co', 'COMPRESS=LERC_DEFLATE', '-co', 'BLOCKYSIZE=16']],
      ['lerc-zstd', gray, ['-co', 'COMPRESS=LERC_ZSTD', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['jpeg-ycbcr', rgb, ['-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=YCBCR', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['jpeg-gray', rgb, ['-b', '1', '-co', 'COMPRESS=JPEG', '-co', 'BLOCKYSIZE=16']],
      ['webp-rgb', rgb, ['-co', 'COMPRESS=WEBP', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32']],
      ['cog-deflate-rgb', rgb, ['-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKSIZE=32']],
    ]
    const seeds: Seed[] = []
    for (const [name, from, args] of variants) {
      const out = path.join(dir, `${name}.tif`)
      execFileSync('gdal_translate', ['-q', ...args, from, out])
      const bytes = new Uint8Array(await fs.readFile(out))
      seeds.push({ name, bytes, dataStart: await dataStart(bytes) })
    }
    // Our own writer's output (DEFLATE + predictor, overviews), as the portal reads it.
    const { CogWriter } = await import('../../cli/writers/cog.ts')
    const values = new Float32Array(size * size).map((_, i) => 80 + 20 * Math.sin((i % size) / 9) * Math.cos(Math.floor(i / size) / 13))
    const writer = new CogWriter({ width: size, height: size, bandCount: 1, type: Float32Array, colour: { kind: 'gray' }, originX: 438000, originY: 5714000, pixelSize: 1, epsg: 25832, noData: null })
    writer.addRows([values], size)
    const ours = writer.finish().bytes
    seeds.push({ name: 'our-cog-writer', bytes: ours, dataStart: await dataStart(ours) })
    return seeds
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** The smallest tile or strip offset. */
async function dataStart(bytes: Uint8Array): Promise<number> {
  const { fromArrayBuffer } = await import('geotiff')
  const image = await (await fromArrayBuffer(bytes.slice().buffer)).getImage(0)
  const offsets = (await image.fileDirectory.loadValue(image.isTiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number>
  return Math.min(...Array.from(offsets, Number))
}

/** Damage inside the compressed blocks: bit flips, byte runs, or a copy of another part of the data. */
function mutateData(seed: Seed, rand: Rand): { bytes: Uint8Array; mutations: string[] } {
  const b = new Uint8Array(seed.bytes)
  const span = b.length - seed.dataStart
  const at = () => seed.dataStart + Math.floor(rand() * span)
  const mutations: string[] = []
  for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) {
    const kind = Math.floor(rand() * 3)
    const p = at()
    if (kind === 0) {
      const flips = 1 + Math.floor(rand() * 8)
      for (let i = 0; i < flips; i++) b[at()] ^= 1 << Math.floor(rand() * 8)
      mutations.push(`${flips} bit flip(s) in the data`)
    } else if (kind === 1) {
      const len = Math.min(b.length - p, 1 + Math.floor(rand() * 64))
      const v = rand() < 0.5 ? 0xff : Math.floor(rand() * 256)
      b.fill(v, p, p + len)
      mutations.push(`run of ${len} × 0x${v.toString(16)} at ${p}`)
    } else {
      const from = at()
      const len = Math.min(b.length - p, b.length - from, 1 + Math.floor(rand() * 256))
      b.copyWithin(p, from, from + len)
      mutations.push(`${len} bytes copied from ${from} to ${p}`)
    }
  }
  return { bytes: b, mutations }
}

/** The mutated cases, case i the same whatever ran before it. */
export function* fuzzCases(seeds: Seed[], count: number, seed: number): Generator<CodecFile> {
  for (let i = 0; i < count; i++) {
    const rand = mulberry32((seed * 0x9e3779b1 + i * 0x85ebca6b) >>> 0)
    const s = seeds[i % seeds.length]
    const { bytes, mutations } = rand() < 0.5 ? mutateData(s, rand) : mutate(s.bytes, 'tif', rand)
    yield { name: `${s.name}#${i}`, bytes, what: `${s.name}: ${mutations.join('; ')}` }
  }
}

export interface CodecFuzzSummary {
  cases: number
  bombs: number
  seeds: string[]
  ok: { publisher: number; portal: number }
  clean: { publisher: number; portal: number }
  unclear: { file: string; target: string; message: string }[]
  failures: { file: string; kind: CodecFailure; target: string | null; detail: string }[]
  unhandled: { file: string; message: string }[]
  peakRssMb: number
  seconds: number
}

export async function runCodecFuzz(opts: { cases: number; seed: number; timeoutMs?: number; workers?: number; memoryLimitMb?: number; log?: (s: string) => void }): Promise<CodecFuzzSummary> {
  const started = performance.now()
  const seeds = await codecSeeds()
  const bombs = (await codecBombs()).map((b) => ({ name: `bomb`, bytes: b.bytes, what: b.name }))
  let done = 0
  const results = await decodeInChildren(
    (function* () {
      yield* bombs
      yield* fuzzCases(seeds, opts.cases, opts.seed)
    })(),
    {
      timeoutMs: opts.timeoutMs ?? 10_000,
      memoryLimitMb: opts.memoryLimitMb ?? 1024,
      workers: opts.workers ?? 2,
      onResult: () => {
        if (++done % 500 === 0) opts.log?.(`codec fuzz: ${done} cases`)
      },
    },
  )
  const summary: CodecFuzzSummary = {
    cases: results.length,
    bombs: bombs.length,
    seeds: seeds.map((s) => s.name),
    ok: { publisher: 0, portal: 0 },
    clean: { publisher: 0, portal: 0 },
    unclear: [],
    failures: [],
    unhandled: [],
    peakRssMb: Math.max(...results.map((r) => r.maxRssMb)),
    seconds: Math.round((performance.now() - started) / 1000),
  }
  for (const r of results) {
    if (r.failure) summary.failures.push({ file: r.file.what, ...r.failure })
    for (const u of r.unhandled) summary.unhandled.push({ file: r.file.what, message: u })
    for (const t of ['publisher', 'portal'] as const) {
      const o = r[t]
      if (!o) continue
      if (o.ok) summary.ok[t]++
      else if (o.clean) summary.clean[t]++
      else summary.unclear.push({ file: r.file.what, target: t, message: o.message ?? '' })
    }
  }
  return summary
}

export function formatCodecSummary(s: CodecFuzzSummary): string {
  return [
    `codec fuzz: ${s.cases} cases (${s.bombs} bombs) from ${s.seeds.length} seeds in ${s.seconds} s; peak child memory ${s.peakRssMb} MB`,
    `  publisher: ${s.ok.publisher} ok, ${s.clean.publisher} clean errors; portal: ${s.ok.portal} ok, ${s.clean.portal} clean errors`,
    `  unclear ${s.unclear.length}, hangs ${s.failures.filter((f) => f.kind === 'hang').length}, crashes ${s.failures.filter((f) => f.kind === 'crash').length}, memory ${s.failures.filter((f) => f.kind === 'memory').length}, background failures ${s.unhandled.length}`,
    ...s.failures.slice(0, 10).map((f) => `  ${f.kind.toUpperCase()} ${f.file}: ${f.target ?? ''} ${f.detail}`),
    ...s.unclear.slice(0, 10).map((u) => `  UNCLEAR ${u.file}: ${u.target}: ${u.message}`),
    ...s.unhandled.slice(0, 5).map((u) => `  BACKGROUND ${u.file}: ${u.message}`),
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? Number(process.argv[i + 1]) : fallback
  }
  const summary = await runCodecFuzz({ cases: arg('cases', 300), seed: arg('seed', 1), timeoutMs: arg('timeout', 10) * 1000, workers: arg('workers', 2), memoryLimitMb: arg('memory', 1024), log: (s) => console.error(s) })
  console.log(formatCodecSummary(summary))
  console.log(JSON.stringify({ ...summary, unclear: summary.unclear.length, failures: summary.failures.length, unhandled: summary.unhandled.length }))
  process.exitCode = summary.failures.length || summary.unclear.length ? 1 : 0
}
