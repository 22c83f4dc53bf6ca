// Publishing under faults: `geoportal publish` is started again and again on a catalog that already has layers
// (a copy of the demo catalog) and killed with SIGKILL at a seeded random moment — half of the kills anywhere in
// the run, half in the commit window (right after it reports "updating the catalog"). After each kill:
//   - catalog.json is valid JSON and equals the old state or the new one, nothing in between;
//   - every layer it references has its files with the checksums in layer.json (checkCatalog);
//   - the next publish works (a lock file left by the killed process does not block it) and gives the new state.
//
//   npx tsx test/fuzz/kill-publish.ts --runs 50 [--seed 1] [--features 20000]
//
// Prints a summary; the last line is one JSON object.
import { spawn } from 'node:child_process'
import { isDeepStrictEqual } from 'node:util'
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { checkCatalog } from '../../cli/catalog/check.ts'
import type { Catalog, LayerEntry } from '../../src/model/catalog.ts'
import { mulberry32 } from '../../scripts/random.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = path.join(ROOT, 'cli', 'geoportal.mjs')
const ID = 'flurstuecke'

export interface KillOptions {
  runs: number
  seed: number
  /** Polygons in the generated input (20 000 ≈ 1 s of publishing). */
  features?: number
  log?: (line: string) => void
}

export interface KillSummary {
  runs: number
  seed: number
  features: number
  /** Runs where the process was killed before it finished. */
  killed: number
  /** Runs that finished before the kill came. */
  finishedFirst: number
  /** After the kill: catalog.json still the old state / already the new one. */
  oldState: number
  newState: number
  /** Kills that left the lock file behind (the next publish must clear it). */
  staleLocks: number
  /** Kills that left version or staging folders no entry points to (cleaned by the next publish of the layer). */
  leftoverFolders: number
  /** catalog.json.<random>.tmp files left by kills during the atomic write (harmless; not cleaned up). */
  leftoverTempFiles: number
  /** Phase reported last before the kill, counted. */
  phases: Record<string, number>
  /** Broken guarantees: must be empty. */
  violations: string[]
  publishSeconds: number
  seconds: number
}

/** Parcel-like polygons on a grid (EPSG:25832), varied by seed so that two inputs give two different layers. */
function parcels(n: number, seed: number): string {
  const rand = mulberry32(seed)
  const side = Math.ceil(Math.sqrt(n))
  const features = []
  for (let i = 0; i < n; i++) {
    const x = 430000 + (i % side) * 25
    const y = 5708000 + Math.floor(i / side) * 25
    const j = () => Math.round((rand() - 0.5) * 400) / 100
    const ring = [[x + j(), y + j()], [x + 25 + j(), y + j()], [x + 25 + j(), y + 25 + j()], [x + j(), y + 25 + j()]]
    ring.push([...ring[0]])
    features.push({ type: 'Feature', properties: { flurstueck: `05974${String(i).padStart(9, '0')}`, flaeche: Math.round(600 + rand() * 50) }, geometry: { type: 'Polygon', coordinates: [ring] } })
  }
  return JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features })
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  ms: number
}

/** Runs the real CLI as a child process; kill(child, stderrSoFar) decides when to SIGKILL it. */
function publish(catalog: string, input: string, when?: (kill: () => void, stderr: () => string, started: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [CLI, 'publish', input, '--catalog', catalog, '--id', ID, '--title', 'Flurstücke (Test)', '--progress'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, ms: performance.now() - started }))
    when?.(() => child.kill('SIGKILL'), () => stderr, started)
  })
}

const readState = async (catalog: string): Promise<{ text: string; json: unknown | null }> => {
  const text = await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8').catch(() => '')
  try {
    return { text, json: JSON.parse(text) }
  } catch {
    return { text, json: null }
  }
}

/** The phase a run was in when it died: the last progress line without its " done" ("reading", "writing FlatGeobuf"). */
function lastPhase(stderr: string): string {
  if (!stderr) return 'starting'
  if (/\] finished\n/.test(stderr)) return 'after "finished"'
  const last = stderr.split('\n').pop()!
  const m = /\] (.+) …$/.exec(last)
  return m ? m[1].replace(/ \/.*| \d+ features.*/, '') : 'between phases'
}

/** The catalog a completed publish of `entry` turns `old` into: the entry replaced in place, or appended. */
function withEntry(old: Catalog, entry: LayerEntry): Catalog {
  const layers = [...old.layers]
  const i = layers.findIndex((l) => l.id === entry.id)
  if (i >= 0) layers[i] = entry
  else layers.push(entry)
  return { ...old, layers }
}

export async function runKillPublish(opts: KillOptions): Promise<KillSummary> {
  const started = performance.now()
  const log = opts.log ?? ((s: string) => console.error(s))
  const features = opts.features ?? 20_000
  const rand = mulberry32(opts.seed)
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-kill-'))
  const catalog = path.join(tmp, 'catalog')
  const summary: KillSummary = {
    runs: 0, seed: opts.seed, features, killed: 0, finishedFirst: 0, oldState: 0, newState: 0, staleLocks: 0,
    leftoverFolders: 0, leftoverTempFiles: 0, phases: {}, violations: [], publishSeconds: 0, seconds: 0,
  }
  try {
    // A catalog that already has layers: the demo catalog.
    await fs.cp(path.join(ROOT, 'data'), catalog, { recursive: true })
    const inputs = [path.join(tmp, 'a.geojson'), path.join(tmp, 'b.geojson')]
    await fs.writeFile(inputs[0], parcels(features, opts.seed * 2 + 1))
    await fs.writeFile(inputs[1], parcels(features, opts.seed * 2 + 2))

    // Calibration: both inputs published to completion give the two entries the layer alternates between.
    const entries: LayerEntry[] = []
    let duration = 0
    for (const input of inputs) {
      const r = await publish(catalog, input)
      if (r.code !== 0) throw new Error(`calibration publish failed: ${r.stderr}`)
      duration = Math.max(duration, r.ms)
      entries.push(((await readState(catalog)).json as Catalog).layers.find((l) => l.id === ID)!)
    }
    summary.publishSeconds = Math.round(duration) / 1000
    log(`kill-publish: ${features} polygons publish in ${summary.publishSeconds} s; ${opts.runs} kills follow`)
    let current = 1

    for (let run = 0; run < opts.runs; run++) {
      const target = 1 - current
      const old = await readState(catalog)
      const oldCatalog = old.json as Catalog
      const expected = withEntry(oldCatalog, entries[target])
      const commitWindow = rand() < 0.5
      // Anywhere: up to 90 % of a calibrated run (a kill after the end would test nothing). Commit window: the
      // file writes, fsyncs and renames after "updating the catalog" take some 10–50 ms.
      const delay = commitWindow ? rand() * 25 : rand() * duration * 0.9
      const r = await publish(catalog, inputs[target], (kill, stderr, t0) => {
        if (!commitWindow) {
          setTimeout(kill, delay)
          return
        }
        const poll = setInterval(() => {
          if (stderr().includes('updating the catalog')) {
            clearInterval(poll)
            setTimeout(kill, delay)
          } else if (performance.now() - t0 > duration * 3) clearInterval(poll)
        }, 2)
      })
      summary.runs++
      const killed = r.signal === 'SIGKILL'
      if (killed) summary.killed++
      else summary.finishedFirst++
      const phase = killed ? lastPhase(r.stderr) : 'finished'
      summary.phases[phase] = (summary.phases[phase] ?? 0) + 1
      const what = `run ${run} (${commitWindow ? 'commit window' : 'anywhere'}, +${Math.round(delay)} ms, ${phase})`

      // 1. catalog.json: valid JSON, the old state or the new one.
      const after = await readState(catalog)
      if (after.json === null) summary.violations.push(`${what}: catalog.json is not valid JSON`)
      else if (isDeepStrictEqual(after.json, oldCatalog)) summary.oldState++
      else if (isDeepStrictEqual(after.json, expected)) summary.newState++
      else summary.violations.push(`${what}: catalog.json is neither the old nor the new state`)
      // 2. Everything it references is there, with the recorded checksums.
      const check = await checkCatalog(catalog)
      if (!check.ok) summary.violations.push(`${what}: check failed: ${check.layers.flatMap((l) => l.problems).concat(check.problems).join('; ')}`)
      if (check.problems.some((p) => p.includes('not referenced'))) summary.leftoverFolders++
      if (existsSync(path.join(catalog, '.lock'))) summary.staleLocks++
      summary.leftoverTempFiles += (await fs.readdir(catalog)).filter((f) => f.endsWith('.tmp')).length
      for (const f of (await fs.readdir(catalog)).filter((f) => f.endsWith('.tmp'))) await fs.rm(path.join(catalog, f))

      // 3. The next publish is not blocked and completes the change.
      const next = await publish(catalog, inputs[target])
      if (next.code !== 0) {
        const error = next.stderr.split('\n').filter((l) => l.trim() && !/^\[\s*[\d.]+ s\]/.test(l) && !/^\s+at /.test(l))
        summary.violations.push(`${what}: the following publish failed (exit ${next.code}): ${error.slice(0, 6).join(' | ')}`)
      }
      const final = await readState(catalog)
      if (!isDeepStrictEqual(final.json, expected)) summary.violations.push(`${what}: after the following publish, catalog.json is not the new state`)
      const recheck = await checkCatalog(catalog)
      if (!recheck.ok || recheck.problems.length) summary.violations.push(`${what}: after the following publish: ${recheck.problems.join('; ') || 'check failed'}`)
      current = target
      if ((run + 1) % 10 === 0) log(`kill-publish: ${run + 1}/${opts.runs}`)
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true })
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10
  return summary
}

export function formatKillSummary(s: KillSummary): string {
  const phases = Object.entries(s.phases)
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ${n}`)
    .join(', ')
  return [
    `kill-publish: ${s.runs} runs (seed ${s.seed}, ${s.features} polygons, ${s.publishSeconds} s per publish) in ${s.seconds} s`,
    `  killed ${s.killed}, finished before the kill ${s.finishedFirst}; catalog afterwards: old state ${s.oldState}, new state ${s.newState}`,
    `  killed in: ${phases}`,
    `  stale locks cleared by the next publish: ${s.staleLocks}; leftover folders ${s.leftoverFolders}; leftover catalog.json temp files ${s.leftoverTempFiles}`,
    `  violations: ${s.violations.length}`,
    ...s.violations.slice(0, 20).map((v) => `  VIOLATION ${v}`),
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2)
  const arg = (name: string, fallback: number) => {
    const i = args.indexOf(name)
    return i >= 0 ? Number(args[i + 1]) : fallback
  }
  const s = await runKillPublish({ runs: arg('--runs', 50), seed: arg('--seed', 1), features: arg('--features', 20_000) })
  console.log(formatKillSummary(s))
  const { violations, ...figures } = s
  console.log(JSON.stringify({ ...figures, violations: violations.length }))
  process.exitCode = violations.length ? 1 : 0
}
