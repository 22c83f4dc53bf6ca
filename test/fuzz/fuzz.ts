// Fuzzing the readers with damaged files: valid FlatGeobuf and GeoTIFF seeds (the demo catalog, and
// ../shared/data when present) are mutated (bit flips, byte runs, truncation, huge declared sizes) and fed to
// the publisher's readers and to the portal's readers over HTTP, in child processes that are killed when a
// reader does not answer within the time limit or uses too much memory. With --formats geojson,csv,shp,gpkg the
// publisher's vector readers are fuzzed instead (seeds and structure-aware mutations: vectorMutate.ts), each
// case through the whole publishing step short of the commit.
//
//   npx tsx test/fuzz/fuzz.ts --cases 1000 --seed 1 [--formats fgb,tif] [--timeout 5] [--workers 2] [--memory 1536]
//                             [--no-shared] [--no-crafted] [--keep dir] [--only i] [--verbose]
//
// Every case must end within the limit, either OK or with an Error. The summary counts ok, clean errors (the
// publisher: an InputError naming the file; the portal: an Error with a message), unclear errors (internal
// TypeError/RangeError from a parser), hangs, crashes and memory blow-ups; the last line is one JSON object.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readFlatGeobuf } from '../../cli/readers/flatgeobuf.ts'
import type { BBox } from '../../src/model/catalog.ts'
import { geometryBBox, transformBBox, unionBBox } from '../../src/projection/geometry.ts'
import { Projections } from '../../src/projection/registry.ts'
import { geoRef } from '../../src/sources/raster/read/georef.ts'
import { serveSite, type StaticServer } from '../browser/helper.ts'
import { craftedCases } from './crafted.ts'
import { mulberry32 } from '../../scripts/random.ts'
import { mutate, type Format } from './mutate.ts'
import { mutateVector, VECTOR_FORMATS, vectorSeeds, type VectorFormat, type VectorSeed } from './vectorMutate.ts'
import type { CaseMessage, ReaderError, Target, WorkerMessage } from './worker.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SHARED = path.resolve(process.env.SHARED_DATA ?? path.join(ROOT, '..', 'shared', 'data'))

export interface FuzzOptions {
  cases: number
  seed: number
  /** Hard limit per reader (ms): the worker is killed and the case counted as a hang. */
  timeoutMs?: number
  workers?: number
  /** Resident memory limit per worker (MB): beyond it the worker is killed and the case counted. */
  memoryLimitMb?: number
  /** Use ../shared/data seeds when present (default true). */
  shared?: boolean
  /** Folder to copy failing inputs (hangs, crashes, memory) to. */
  keep?: string
  /** Run only this case number (to reproduce one; negative numbers are the crafted cases). */
  only?: number
  /** Run the crafted cases (crafted.ts) first (default true). */
  crafted?: boolean
  log?: (line: string) => void
  /** Formats whose seeds are used (default fgb and tif). */
  formats?: FuzzFormat[]
}

export type FuzzFormat = Format | VectorFormat
export const FUZZ_FORMATS: readonly FuzzFormat[] = ['fgb', 'tif', ...VECTOR_FORMATS]

type Outcome = 'ok' | 'clean' | 'unclear' | 'timeout' | 'hang' | 'crash' | 'memory'

interface CaseRecord {
  id: number
  seed: string
  mutations: string[]
  targets: Partial<Record<Target, { outcome: 'ok' | 'error'; error?: ReaderError }>>
  failure?: { kind: 'hang' | 'crash' | 'memory'; target: Target | null; detail: string }
  unhandled: string[]
  outcome?: Outcome
}

export interface FuzzSummary {
  seed: number
  cases: number
  seeds: number
  /** Hand-made hostile files among the cases (crafted.ts). */
  crafted: number
  ok: number
  cleanErrors: number
  unclearErrors: number
  /** A portal reader gave up by its own timeout: no hang of the page, but the read may go on in the background. */
  timeouts: number
  hangs: number
  crashes: number
  memory: number
  /** Background failures (unhandled rejections) seen while a reader ran; in the publisher they would end the CLI. */
  unhandled: number
  peakRssMb: number
  timeoutMs: number
  seconds: number
  byTarget: Record<Target, { ok: number; clean: number; unclear: number; timeout: number }>
  failures: { id: number; seed: string; mutations: string[]; kind: string; target: Target | null; detail: string }[]
  unclear: { id: number; target: Target; error: string }[]
  /** The clear errors by kind (file names and numbers left out), most frequent first: what the readers say. */
  cleanKinds: [string, number][]
  /** Cases where a portal reader gave up by its own timeout. */
  timedOut: { id: number; seed: string; mutations: string[]; error: string }[]
  /** What became of each crafted case. */
  craftedResults: { name: string; outcome: string; publisher?: string; portal?: string }[]
}

interface Seed {
  name: string
  format: Format
  bytes: Uint8Array
  views: BBox[]
  centre?: [number, number]
}

function seedFiles(shared: boolean): string[] {
  const files: string[] = []
  const data = path.join(ROOT, 'data', 'layers')
  for (const id of readdirSync(data)) {
    for (const v of readdirSync(path.join(data, id))) {
      for (const f of readdirSync(path.join(data, id, v))) if (/\.(fgb|tif)$/.test(f)) files.push(path.join(data, id, v, f))
    }
  }
  if (shared && existsSync(path.join(SHARED, 'vector'))) {
    for (const f of readdirSync(path.join(SHARED, 'vector'))) if (f.endsWith('.fgb')) files.push(path.join(SHARED, 'vector', f))
    for (const f of readdirSync(path.join(SHARED, 'raster'))) if (f.endsWith('_cog.tif')) files.push(path.join(SHARED, 'raster', f))
  }
  return files.sort()
}

async function loadSeed(file: string, projections: Projections): Promise<Seed> {
  const bytes = new Uint8Array(readFileSync(file))
  const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
  const name = path.basename(file)
  let bbox: BBox
  let format: Format
  if (file.endsWith('.fgb')) {
    format = 'fgb'
    const data = await readFlatGeobuf(bytes, file)
    let b: BBox | null = null
    for (const f of data.features) if (f.geometry) b = unionBBox(b, geometryBBox(f.geometry))
    bbox = b!
  } else {
    format = 'tif'
    const { fromArrayBuffer } = await import('geotiff')
    const image = await (await fromArrayBuffer(bytes.slice().buffer)).getImage(0)
    const { originX, originY, resX, resY } = geoRef(image)
    bbox = [originX, originY - image.getHeight() * resY, originX + image.getWidth() * resX, originY]
  }
  const ll = transformBBox(bbox, toLonLat)
  const cx = (ll[0] + ll[2]) / 2
  const cy = (ll[1] + ll[3]) / 2
  const w = Math.max(ll[2] - ll[0], 1e-4)
  const h = Math.max(ll[3] - ll[1], 1e-4)
  const views: BBox[] = [
    [ll[0] - w * 0.01, ll[1] - h * 0.01, ll[2] + w * 0.01, ll[3] + h * 0.01],
    [cx - w / 20, cy - h / 20, cx + w / 20, cy + h / 20],
  ]
  return { name, format, bytes, views, centre: [cx, cy] }
}

/** Resident set size of a process in MB (Linux /proc), or null where unknown. */
function rssMb(pid: number | undefined): number | null {
  if (!pid) return null
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const started = performance.now()
  const log = opts.log ?? ((s: string) => console.error(s))
  const timeoutMs = opts.timeoutMs ?? 5000
  const memoryLimitMb = opts.memoryLimitMb ?? 1536
  const workerCount = opts.workers ?? Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length))
  const projections = new Projections()
  const formats = opts.formats ?? ['fgb', 'tif']
  const seeds = (await Promise.all(seedFiles(opts.shared ?? true).map((f) => loadSeed(f, projections)))).filter((s) => formats.includes(s.format))
  const vector = formats.some((f) => (VECTOR_FORMATS as readonly string[]).includes(f))
    ? (await vectorSeeds(ROOT, projections)).filter((s) => formats.includes(s.format))
    : []
  const seedCount = seeds.length + vector.length
  if (!seedCount) throw new Error(`no seed files for the formats ${formats.join(', ')}`)
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-fuzz-'))
  const site = path.join(tmp, 'site')
  await fs.mkdir(site)
  const server: StaticServer = await serveSite(site)
  if (opts.keep) await fs.mkdir(opts.keep, { recursive: true })

  const crafted = opts.crafted === false || !formats.includes('fgb') || !formats.includes('tif') ? [] : await craftedCases(seeds)
  const craftedIds = crafted.map((_, i) => -1 - i)
  const ids = opts.only !== undefined ? [opts.only] : [...craftedIds, ...Array.from({ length: opts.cases }, (_, i) => i)]
  const records: CaseRecord[] = []
  let next = 0
  let peakRss = 0
  let finishedCount = 0

  const makeCase = async (id: number): Promise<{ record: CaseRecord; message: CaseMessage; files: string[] }> => {
    let seed: Seed
    let bytes: Uint8Array
    let mutations: string[]
    const rand = mulberry32((opts.seed * 0x9e3779b1 + id * 0x85ebca6b) >>> 0)
    const k = id >= 0 ? Math.floor(rand() * seedCount) : -1
    if (k >= seeds.length) {
      // A vector input: the main file and its siblings (a Shapefile's .dbf, .shx, .prj, .cpg) under one name.
      const v: VectorSeed = vector[k - seeds.length]
      const m = mutateVector(v, rand)
      const base = path.join(site, `case${id}`)
      const files = [`${base}.${v.format}`, ...Object.keys(m.siblings).map((ext) => `${base}.${ext}`)]
      await fs.writeFile(files[0], m.bytes)
      for (const [ext, b] of Object.entries(m.siblings)) await fs.writeFile(`${base}.${ext}`, b)
      const name = path.basename(files[0])
      return {
        record: { id, seed: v.name, mutations: m.mutations, targets: {}, unhandled: [] },
        message: { id, format: v.format, file: files[0], url: `${server.url}${name}`, name, views: [], readerTimeoutMs: Math.max(500, timeoutMs - 1000) },
        files,
      }
    }
    if (id < 0) {
      const c = crafted[-1 - id]
      seed = { name: `crafted`, format: c.format, bytes: c.bytes, views: seeds.find((s) => s.format === c.format)!.views, centre: seeds.find((s) => s.format === c.format)!.centre }
      bytes = c.bytes
      mutations = [c.name]
    } else {
      // Each case has its own generator: case i is the same whatever ran before it.
      seed = seeds[k]
      ;({ bytes, mutations } = mutate(seed.bytes, seed.format, rand))
    }
    const name = `case${id}.${seed.format}`
    const file = path.join(site, name)
    await fs.writeFile(file, bytes)
    return {
      record: { id, seed: seed.name, mutations, targets: {}, unhandled: [] },
      message: { id, format: seed.format, file, url: `${server.url}${name}`, name, views: seed.views, centre: seed.centre, readerTimeoutMs: Math.max(500, timeoutMs - 1000) },
      files: [file],
    }
  }

  const classify = (r: CaseRecord): Outcome => {
    if (r.failure) return r.failure.kind
    const results = Object.values(r.targets)
    if (results.every((t) => t.outcome === 'ok')) return 'ok'
    if (results.some((t) => t.error?.timeout)) return 'timeout'
    return results.some((t) => t.outcome === 'error' && !t.error!.clean) ? 'unclear' : 'clean'
  }

  await new Promise<void>((resolveAll, rejectAll) => {
    let active = 0
    const finish = async (r: CaseRecord, files: string[]) => {
      r.outcome = classify(r)
      records.push(r)
      for (const file of files) {
        if ((r.failure || r.outcome === 'timeout' || r.outcome === 'unclear') && opts.keep) await fs.copyFile(file, path.join(opts.keep, `${r.id}-${r.seed}${path.extname(file)}`)).catch(() => {})
        await fs.rm(file, { force: true })
      }
      finishedCount++
      if (finishedCount % 100 === 0) log(`fuzz: ${finishedCount}/${ids.length} cases`)
    }

    const spawn = () => {
      active++
      const child: ChildProcess = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      })
      let stderr = ''
      child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
      let job: { record: CaseRecord; message: CaseMessage; files: string[] } | null = null
      let target: Target | null = null
      let timer: NodeJS.Timeout | null = null
      let dead = false
      const poll = setInterval(() => {
        const mb = rssMb(child.pid)
        if (mb === null) return
        peakRss = Math.max(peakRss, mb)
        if (mb > memoryLimitMb && job && !dead) fail('memory', `${Math.round(mb)} MB resident`)
      }, 100)
      const stop = () => {
        if (timer) clearTimeout(timer)
        timer = null
      }
      const fail = (kind: 'hang' | 'crash' | 'memory', detail: string) => {
        if (dead) return
        dead = true
        stop()
        clearInterval(poll)
        child.kill('SIGKILL')
        if (job) {
          job.record.failure = { kind, target, detail }
          const j = job
          job = null
          void finish(j.record, j.files).then(() => {
            active--
            spawn()
          })
        } else {
          active--
          spawn()
        }
      }
      const dispatch = async () => {
        if (next >= ids.length) {
          dead = true
          clearInterval(poll)
          child.kill('SIGKILL')
          active--
          if (active === 0) resolveAll()
          return
        }
        const id = ids[next++]
        job = await makeCase(id)
        target = null
        child.send(job.message)
      }
      child.on('message', (m: WorkerMessage) => {
        if (dead) return
        if (m.type === 'ready') void dispatch().catch(rejectAll)
        else if (!job || m.id !== job.record.id) return
        else if (m.type === 'begin') {
          target = m.target
          stop()
          timer = setTimeout(() => fail('hang', `${m.target} gave no answer within ${timeoutMs / 1000} s`), timeoutMs)
        } else if (m.type === 'end') {
          stop()
          peakRss = Math.max(peakRss, m.rss / 1048576)
          job.record.targets[m.target] = { outcome: m.outcome, ...(m.error ? { error: m.error } : {}) }
        } else if (m.type === 'unhandled') job.record.unhandled.push(`${m.target ?? 'between readers'}: ${m.message}`)
        else if (m.type === 'done') {
          const j = job
          job = null
          void finish(j.record, j.files).then(dispatch).catch(rejectAll)
        }
      })
      child.on('exit', (code, signal) => {
        if (dead) return
        if (job) fail('crash', `worker exited (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)
        else {
          // Died between cases (e.g. at start-up): a crash of the harness, not of a reader.
          dead = true
          clearInterval(poll)
          rejectAll(new Error(`fuzz worker died before a case (${signal ?? code}): ${stderr.trim().slice(-500)}`))
        }
      })
    }
    for (let i = 0; i < Math.min(workerCount, ids.length); i++) spawn()
    if (!ids.length) resolveAll()
  }).finally(async () => {
    await server.close()
    await fs.rm(tmp, { recursive: true, force: true })
  })

  records.sort((a, b) => a.id - b.id)
  const count = (o: Outcome) => records.filter((r) => r.outcome === o).length
  const byTarget = { publisher: { ok: 0, clean: 0, unclear: 0, timeout: 0 }, portal: { ok: 0, clean: 0, unclear: 0, timeout: 0 } }
  for (const r of records) {
    for (const [t, res] of Object.entries(r.targets) as [Target, NonNullable<CaseRecord['targets'][Target]>][]) {
      byTarget[t][res.outcome === 'ok' ? 'ok' : res.error!.timeout ? 'timeout' : res.error!.clean ? 'clean' : 'unclear']++
    }
  }
  return {
    seed: opts.seed,
    cases: records.length,
    seeds: seedCount,
    crafted: records.filter((r) => r.id < 0).length,
    ok: count('ok'),
    cleanErrors: count('clean'),
    unclearErrors: count('unclear'),
    timeouts: count('timeout'),
    hangs: count('hang'),
    crashes: count('crash'),
    memory: count('memory'),
    unhandled: records.reduce((n, r) => n + r.unhandled.length, 0),
    peakRssMb: Math.round(peakRss),
    timeoutMs,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    byTarget,
    failures: records.filter((r) => r.failure).map((r) => ({ id: r.id, seed: r.seed, mutations: r.mutations, ...r.failure! })),
    timedOut: records
      .filter((r) => r.outcome === 'timeout')
      .map((r) => ({ id: r.id, seed: r.seed, mutations: r.mutations, error: Object.values(r.targets).find((t) => t.error?.timeout)!.error!.message })),
    craftedResults: records
      .filter((r) => r.id < 0)
      .map((r) => {
        const say = (t: Target) => {
          const x = r.targets[t]
          return x ? (x.outcome === 'ok' ? 'ok' : x.error!.message.slice(0, 160)) : r.failure?.target === t ? r.failure.kind : undefined
        }
        return { name: r.mutations[0], outcome: r.outcome!, publisher: say('publisher'), portal: say('portal') }
      }),
    cleanKinds: (() => {
      const kinds = new Map<string, number>()
      for (const r of records) {
        for (const t of Object.values(r.targets)) {
          if (t.outcome !== 'error' || !t.error!.clean) continue
          const key = t.error!.message.replace(/^.*?case-?\d+\.\w+: /, '').replace(/\d+(\.\d+)?/g, 'N').slice(0, 90)
          kinds.set(key, (kinds.get(key) ?? 0) + 1)
        }
      }
      return [...kinds].sort((a, b) => b[1] - a[1])
    })(),
    unclear: records.flatMap((r) =>
      (Object.entries(r.targets) as [Target, NonNullable<CaseRecord['targets'][Target]>][])
        .filter(([, t]) => t.outcome === 'error' && !t.error!.clean && !t.error!.timeout)
        .map(([target, t]) => ({ id: r.id, target, error: `${t.error!.name}: ${t.error!.message}` })),
    ),
  }
}

export function formatSummary(s: FuzzSummary, verbose = false): string {
  const lines = [
    `fuzz: ${s.cases} cases (${s.crafted} crafted) from ${s.seeds} seed files (seed ${s.seed}, ${s.timeoutMs / 1000} s per reader) in ${s.seconds} s`,
    `  ok ${s.ok}, clean errors ${s.cleanErrors}, unclear errors ${s.unclearErrors}, reader timeouts ${s.timeouts}, hangs ${s.hangs}, crashes ${s.crashes}, memory ${s.memory}`,
    ...(['publisher', 'portal'] as const).map((t) => {
      const b = s.byTarget[t]
      return `  ${`${t} readers:`.padEnd(18)} ${b.ok} ok, ${b.clean} clean errors, ${b.unclear} unclear, ${b.timeout} timeouts`
    }),
    `  background failures (unhandled rejections): ${s.unhandled}; peak worker memory ${s.peakRssMb} MB`,
  ]
  for (const c of s.craftedResults) lines.push(`  crafted "${c.name}": ${c.outcome} (publisher: ${c.publisher ?? '–'}; portal: ${c.portal ?? '–'})`)
  for (const t of s.timedOut.slice(0, 10)) lines.push(`  TIMEOUT case ${t.id} (${t.seed}; ${t.mutations.join('; ')}): ${t.error}`)
  for (const f of s.failures.slice(0, 20)) lines.push(`  ${f.kind.toUpperCase()} case ${f.id} (${f.seed}; ${f.mutations.join('; ')}): ${f.target ?? ''} ${f.detail}`)
  const unclearKinds = new Map<string, number>()
  for (const u of s.unclear) {
    const key = `${u.target}: ${u.error.replace(/\d+/g, 'N').slice(0, 120)}`
    unclearKinds.set(key, (unclearKinds.get(key) ?? 0) + 1)
  }
  for (const [k, n] of [...unclearKinds].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`  unclear ×${n}: ${k}`)
  if (verbose) for (const [k, n] of s.cleanKinds) lines.push(`  clear ×${n}: ${k}`)
  return lines.join('\n')
}

let verbose = false

function parseArgs(argv: string[]): FuzzOptions {
  const opts: FuzzOptions = { cases: 200, seed: 1 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--cases') opts.cases = Number(value())
    else if (a === '--seed') opts.seed = Number(value())
    else if (a === '--timeout') opts.timeoutMs = Number(value()) * 1000
    else if (a === '--workers') opts.workers = Number(value())
    else if (a === '--memory') opts.memoryLimitMb = Number(value())
    else if (a === '--keep') opts.keep = value()
    else if (a === '--only') opts.only = Number(value())
    else if (a === '--no-shared') opts.shared = false
    else if (a === '--no-crafted') opts.crafted = false
    else if (a === '--verbose') verbose = true
    else if (a === '--formats') {
      const list = value().split(',')
      const unknown = list.filter((f) => !(FUZZ_FORMATS as readonly string[]).includes(f))
      if (unknown.length) throw new Error(`unknown format(s) ${unknown.join(', ')}; known: ${FUZZ_FORMATS.join(', ')}`)
      opts.formats = list as FuzzFormat[]
    }
    else throw new Error(`unknown option ${a}`)
  }
  return opts
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const opts = parseArgs(process.argv.slice(2))
  const summary = await runFuzz(opts)
  console.log(formatSummary(summary, verbose))
  const { failures, unclear, craftedResults, timedOut, cleanKinds, ...figures } = summary
  console.log(JSON.stringify({ ...figures, failures: failures.length, unclear: unclear.length }))
  process.exitCode = summary.hangs + summary.crashes + summary.memory + summary.timeouts > 0 ? 1 : 0
}
