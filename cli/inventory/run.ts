// geoportal inventory: walk (resumable, streaming to .inventory/walk.jsonl), then duplicates, versions and the
// summaries in a second streaming pass that writes inventory.jsonl. Memory: the pending-directory stack, one
// listing per directory in flight, and per-find size and name keys in the second pass (not the finds themselves).
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Projections } from '../../src/projection/registry.ts'
import { useSyncReads } from './bytes.ts'
import { chooseSync, type IoMode } from './io.ts'
import { readCheckpoint, writeCheckpoint, type Checkpoint, type Counters } from './checkpoint.ts'
import { availableParallelism } from 'node:os'
import { fullHash, HashPool, mapLimit, partialHash, SMALL } from './duplicates.ts'
import { Summaries } from './output.ts'
import { progressLine } from './progress.ts'
import { recogniseDirectory } from './recognise/index.ts'
import type { BBox, Find } from './types.ts'
import { versionKey } from './versions.ts'
import { markRoots, walk, type WalkState } from './walk.ts'

export interface InventoryOptions {
  roots: string[]
  out: string
  resume: boolean
  concurrency: number
  followLinks: boolean
  area: BBox | null
  staleYears: number | null
  expectFiles: number | null
  /** a progress line on this stream (null: none) */
  progress: NodeJS.WritableStream | null
  checkpointSeconds: number
  projections: Projections
  now: number
  /** synchronous reads (local disks) or asynchronous (shares); default auto: by the roots' file systems */
  io?: IoMode
}

export interface InventoryResult {
  counters: Counters
  duplicates: number
  versions: number
  resumed: boolean
  seconds: number
  walkSeconds: number
  finishSeconds: number
}

export async function runInventory(opts: InventoryOptions): Promise<InventoryResult> {
  const work = join(opts.out, '.inventory')
  mkdirSync(work, { recursive: true })
  const walkFile = join(work, 'walk.jsonl')
  const cpFile = join(work, 'checkpoint.json')
  const roots = opts.roots.map((r) => resolve(r))
  const start = performance.now()
  const cpu0 = process.cpuUsage()
  const sync = chooseSync(opts.io ?? 'auto', roots)
  useSyncReads(sync)

  let cp = opts.resume ? readCheckpoint(cpFile) : null
  if (opts.resume && cp && JSON.stringify(cp.roots) !== JSON.stringify(roots)) {
    throw new Error(`the checkpoint in ${work} is for ${cp.roots.join(', ')}, not for ${roots.join(', ')}; run without --resume`)
  }
  const resumed = cp !== null
  if (!cp) {
    cp = {
      version: 1, roots, offset: 0, pending: [...roots].reverse().map((r) => Buffer.from(r).toString('base64')), visited: [],
      counters: { dirs: 0, files: 0, finds: 0, bytes: 0, problems: 0 }, done: false, started: new Date(opts.now).toISOString(), elapsed: 0,
    }
    if (existsSync(walkFile)) rmSync(walkFile)
  }
  const counters = cp.counters
  if (!cp.done) {
    const fd = openSync(walkFile, existsSync(walkFile) ? 'r+' : 'w')
    // Lines written after the last checkpoint belong to directories that are read again.
    ftruncateSync(fd, cp.offset)
    let offset = cp.offset
    const state: WalkState = { pending: cp.pending.map((p) => Buffer.from(p, 'base64')), visited: new Set(cp.visited) }
    if (!resumed && opts.followLinks) await markRoots(state.pending, state)
    const inflight = new Set<Buffer>()
    const base = cp.elapsed
    const t0 = performance.now()
    const elapsed = () => base + (performance.now() - t0) / 1000
    const snapshot = (done: boolean): Checkpoint => ({
      ...cp!, offset, done, counters, elapsed: elapsed(),
      pending: [...state.pending, ...inflight].map((b) => b.toString('base64')), visited: [...state.visited],
    })
    const checkpoint = () => writeCheckpoint(cpFile, snapshot(false))
    // GEOPORTAL_INVENTORY_CHECKPOINT_MS: test hook for a kill test on a small tree.
    const timer = setInterval(checkpoint, Number(process.env.GEOPORTAL_INVENTORY_CHECKPOINT_MS ?? 0) || opts.checkpointSeconds * 1000)
    let lastLine = 0
    const delay = Number(process.env.GEOPORTAL_INVENTORY_DELAY_MS ?? 0) // test hook: a slow walk that a test can kill
    const staleBefore = opts.staleYears === null ? null : opts.now - opts.staleYears * 365.25 * 86400_000
    try {
      await walk(
        state,
        { concurrency: opts.concurrency, followLinks: opts.followLinks },
        async (r) => {
          if (delay) await sleep(delay)
          const finds = r.files.length ? await recogniseDirectory(r.dir, r.files, { projections: opts.projections, area: opts.area, staleBefore }) : []
          return [...r.problems, ...finds]
        },
        (r, finds, subdirs) => {
          if (finds.length) {
            const buf = Buffer.from(finds.map((f) => JSON.stringify(f)).join('\n') + '\n')
            writeSync(fd, buf, 0, buf.length, offset)
            offset += buf.length
          }
          for (let i = subdirs.length - 1; i >= 0; i--) state.pending.push(subdirs[i])
          counters.dirs++
          counters.files += r.fileCount
          for (const f of finds) {
            counters.finds++
            counters.bytes += f.size
            if (f.problems.length) counters.problems++
          }
          if (opts.progress && performance.now() - lastLine > 1000) {
            lastLine = performance.now()
            opts.progress.write(`\r${progressLine(counters, elapsed(), state.pending.length, opts.expectFiles)}\x1b[K`)
          }
        },
        inflight,
      )
    } finally {
      clearInterval(timer)
    }
    closeSync(fd)
    cp = snapshot(true)
    writeCheckpoint(cpFile, cp)
    if (opts.progress) opts.progress.write(`\r${progressLine(counters, elapsed(), 0, opts.expectFiles)}\x1b[K\n`)
  }
  const walked = performance.now()
  const walkCpu = process.cpuUsage(cpu0)
  const { duplicates, versions } = await finish(walkFile, opts)
  const cpu = process.cpuUsage(cpu0)
  // CPU seconds (all threads) beside the wall-clock ones: on a shared, loaded machine they vary less.
  const timing = { walkSeconds: (walked - start) / 1000, finishSeconds: (performance.now() - walked) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, walkCpuSeconds: (walkCpu.user + walkCpu.system) / 1e6 }
  writeFileSync(join(opts.out, 'run.json'), JSON.stringify({ roots, area: opts.area, started: cp.started, finished: new Date().toISOString(), io: sync ? 'sync' : 'async', counters, duplicates, versions, ...timing }, null, 2) + '\n')
  return { counters, duplicates, versions, resumed, seconds: (performance.now() - start) / 1000, ...timing }
}

/** The walk's lines, 1 MiB at a time (readline's stream and events cost more than the parsing). */
export function* lines(file: string): Generator<Find> {
  if (!existsSync(file) || statSync(file).size === 0) return
  const fd = openSync(file, 'r')
  try {
    const chunk = Buffer.allocUnsafe(1 << 20)
    // Split on the bytes, decode whole lines only: a chunk may end inside a multi-byte character.
    let rest = Buffer.alloc(0)
    let n: number
    while ((n = readSync(fd, chunk, 0, chunk.length, null)) > 0) {
      const last = chunk.lastIndexOf(0x0a, n - 1)
      if (last < 0) {
        rest = Buffer.concat([rest, chunk.subarray(0, n)])
        continue
      }
      const text = Buffer.concat([rest, chunk.subarray(0, last)]).toString('utf8')
      rest = Buffer.from(chunk.subarray(last + 1, n))
      for (const line of text.split('\n')) if (line) yield JSON.parse(line) as Find
    }
    if (rest.length) yield JSON.parse(rest.toString('utf8')) as Find
  } finally {
    closeSync(fd)
  }
}

const keyOf = (f: Find) => f.pathBase64 ?? f.path
const pathBytes = (f: Find) => (f.pathBase64 ? Buffer.from(f.pathBase64, 'base64') : Buffer.from(f.path))
const isData = (f: Find) => f.format !== 'directory' && f.format !== 'link' && f.modified !== null

/** Second pass: duplicates, versions, summaries; writes inventory.jsonl and the summary CSVs. */
async function finish(walkFile: string, opts: InventoryOptions): Promise<{ duplicates: number; versions: number }> {
  // Pass 1: which sizes collide, which version keys have several names.
  const sizes = new Map<number, number>()
  const keys = new Map<string, { name: string; several: boolean }>()
  for (const f of lines(walkFile)) {
    if (!isData(f) || f.size === 0) continue
    sizes.set(f.size, (sizes.get(f.size) ?? 0) + 1)
    const { key, name } = versionKey(f.format, f.path)
    const k = keys.get(key)
    if (!k) keys.set(key, { name, several: false })
    else if (k.name !== name) k.several = true
  }
  for (const [s, n] of sizes) if (n < 2) sizes.delete(s)
  for (const [k, v] of keys) if (!v.several) keys.delete(k)

  // Pass 2: partial hashes of the colliding ones, then full hashes where those collide.
  const candidates: { key: string; paths: Buffer[]; size: number }[] = []
  for (const f of lines(walkFile)) {
    if (!isData(f) || !sizes.has(f.size)) continue
    const main = pathBytes(f)
    const parts = (f.parts ?? []).map((p) => Buffer.concat([Buffer.from(dirname(main.toString('latin1')), 'latin1'), Buffer.from('/' + p)]))
    candidates.push({ key: keyOf(f), paths: [main, ...parts.sort(Buffer.compare)], size: f.size })
  }
  // Small finds (up to head + tail) are hashed whole at once: the partial hash would read every byte anyway.
  const small = (i: number) => candidates[i].size <= SMALL
  const partial = await mapLimit(candidates, 16, (c) => (c.size <= SMALL ? Promise.resolve(null) : partialHash(c.paths, c.size).catch(() => null)))
  const byPartial = new Map<string, number[]>()
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k)
    if (list) list.push(v)
    else m.set(k, [v])
  }
  partial.forEach((h, i) => h && push(byPartial, h, i))
  const needFull = [...candidates.keys()].filter(small).concat([...byPartial.values()].filter((g) => g.length > 1).flat())
  const pool = new HashPool(Math.max(1, Math.min(4, availableParallelism() - 1)))
  const full = await mapLimit(needFull, 8, (i) => fullHash(candidates[i].paths, candidates[i].size, pool).catch(() => null)).finally(() => pool.close())
  const hashes = new Map<string, string>()
  const groups = new Map<string, string[]>()
  needFull.forEach((i, k) => {
    const h = full[k]
    if (!h) return
    hashes.set(candidates[i].key, h)
    push(groups, h, candidates[i].key)
  })
  // The original of a duplicate group: the shortest file name ("x" before "Kopie von x"), then path order, so
  // that reruns agree.
  const base = (k: string) => k.slice(k.lastIndexOf('/') + 1).length
  const original = new Map<string, string>()
  for (const [h, members] of groups) if (members.length > 1) original.set(h, members.sort((a, b) => base(a) - base(b) || (a < b ? -1 : 1))[0])

  // Pass 3: write.
  const out = openSync(join(opts.out, 'inventory.jsonl.tmp'), 'w')
  const summaries = new Summaries(opts.now)
  let duplicates = 0
  let versions = 0
  let batch: string[] = []
  const flush = () => {
    if (batch.length) writeSync(out, batch.join(''))
    batch = []
  }
  for (const f of lines(walkFile)) {
    if (isData(f)) {
      const h = hashes.get(keyOf(f))
      if (h) {
        f.hash = h
        const first = original.get(h)
        if (first && first !== keyOf(f)) {
          f.duplicateOf = first
          f.problems.push({ code: 'duplicate', detail: `same content as ${first}` })
          duplicates++
        }
      }
      const { key } = versionKey(f.format, f.path)
      if (keys.has(key)) {
        f.versionGroup = key
        f.problems.push({ code: 'version', detail: `one of several versions of "${key.split('|')[1]}"` })
        versions++
      }
    }
    summaries.add(f)
    batch.push(JSON.stringify(f) + '\n')
    if (batch.length >= 1000) flush()
  }
  flush()
  closeSync(out)
  renameSync(join(opts.out, 'inventory.jsonl.tmp'), join(opts.out, 'inventory.jsonl'))
  summaries.write(opts.out)
  return { duplicates, versions }
}
