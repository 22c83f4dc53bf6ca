// Inventory of a seeded synthetic drive (bench/_inventory-tree.ts) against `find` over the same tree in the same
// run: files/s (goal ≥ 50 % of find's), peak RSS of the inventory process (goal ≤ 300 MB, flat as the tree grows),
// the time one kill + resume costs, and an extrapolation to 16 M files. The tree is made once in four parts of a
// quarter each; the smaller sizes walk the first parts. Out of CI: the 1 M tree takes minutes to write.
// Usage: npm run bench -- inventory [--files 1000000] [--sizes 250000,500000,1000000] [--seed 1] [--tree <dir>] [--keep]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { makePart } from './_inventory-tree.ts'

const args = process.argv.slice(2)
const opt = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : d)
const files = Number(opt('--files', '1000000'))
const sizes = opt('--sizes', `${files / 4},${files / 2},${files}`).split(',').map(Number)
const seed = Number(opt('--seed', '1'))
const PARTS = 4
const BIN = path.resolve(import.meta.dirname, '../cli/geoportal.mjs')

const work = mkdtempSync(path.join(os.tmpdir(), 'inventory-bench-'))
const tree = opt('--tree', path.join(work, 'tree'))
const parts = Array.from({ length: PARTS }, (_, i) => path.join(tree, `teil${i}`))
if (!parts.every(existsSync)) {
  const t0 = performance.now()
  for (let i = 0; i < PARTS; i++) {
    const s = makePart(parts[i], files / PARTS, seed * 100 + i)
    console.log(`part ${i}: ${JSON.stringify(s)}`)
  }
  console.log(`tree of ${files} files written in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
}

function findRate(roots: string[]): { files: number; seconds: number; statSeconds: number; cpuSeconds: number } {
  const t0 = performance.now()
  const timeFile = path.join(work, 'find-time')
  const r = spawnSync('sh', ['-c', `/usr/bin/time -o '${timeFile}' -f '%U %S' find ${roots.map((r) => `'${r}'`).join(' ')} -type f | wc -l`], { encoding: 'utf8' })
  const seconds = (performance.now() - t0) / 1000
  // CPU seconds of find (user + system): on a machine shared with other sessions they vary less than wall time.
  const cpuSeconds = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number).reduce((a, b) => a + b, 0) : NaN
  // find with size and time of every file (what a listing with metadata costs)
  const t1 = performance.now()
  spawnSync('sh', ['-c', `find ${roots.map((r) => `'${r}'`).join(' ')} -type f -printf '%s %T@ %p\\n' | wc -l`], { encoding: 'utf8' })
  return { files: Number(r.stdout.trim()), seconds, statSeconds: (performance.now() - t1) / 1000, cpuSeconds }
}

// The ceiling for any Node walker: readdir of every folder with file types, nothing else (no open, no
// recognition, no output), in its own process, CPU seconds from process.cpuUsage.
const BARE_WALK = `
const { readdirSync } = require('node:fs')
const c0 = process.cpuUsage(); const t0 = performance.now()
let n = 0
const stack = process.argv.slice(1).map((r) => Buffer.from(r))
while (stack.length) {
  const d = stack.pop()
  for (const e of readdirSync(d, { encoding: 'buffer', withFileTypes: true })) {
    if (e.isFile()) n++
    else if (e.isDirectory()) stack.push(Buffer.concat([d, Buffer.from('/'), e.name]))
  }
}
const c = process.cpuUsage(c0)
console.log(JSON.stringify({ files: n, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 }))
`
function bareWalk(roots: string[]): { files: number; seconds: number; cpuSeconds: number } {
  return JSON.parse(spawnSync(process.execPath, ['-e', BARE_WALK, ...roots], { encoding: 'utf8' }).stdout)
}

interface Run {
  seconds: number
  /** CPU seconds of the whole process (start-up included), from /proc/<pid>/stat; up to the kill for a killed run */
  cpuSeconds: number
  peakRssMb: number
  code: number | null
  run: { counters: { files: number; finds: number }; walkSeconds: number; finishSeconds: number; cpuSeconds: number; walkCpuSeconds: number; io: string; duplicates: number; versions: number } | null
}

/** Runs the CLI; `killAfter` seconds: SIGKILL then. Peak RSS from /proc/<pid>/status (VmHWM). */
function inventory(roots: string[], out: string, extra: string[] = [], killAfter?: number): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [BIN, 'inventory', ...roots, '--out', out, '--no-progress', '--area', 'none', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] })
    let peak = 0
    let cpu = 0
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peak = Math.max(peak, Number(m[1]) / 1024)
        // utime and stime (fields 14 and 15, clock ticks of 1/100 s) after the command name in parentheses
        const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
        cpu = (Number(f[11]) + Number(f[12])) / 100
      } catch {
        /* ended */
      }
    }, 50)
    const killer = killAfter !== undefined ? setTimeout(() => child.kill('SIGKILL'), killAfter * 1000) : null
    child.on('exit', (code) => {
      clearInterval(poll)
      if (killer) clearTimeout(killer)
      const runFile = path.join(out, 'run.json')
      const run = code === 0 && existsSync(runFile) ? JSON.parse(readFileSync(runFile, 'utf8')) : null
      resolve({ seconds: (performance.now() - t0) / 1000, cpuSeconds: Math.max(cpu, run ? run.cpuSeconds : 0), peakRssMb: Math.round(peak), code, run })
    })
  })
}

const results: Record<string, unknown>[] = []
// --io async: the reads of a network share (many in flight through libuv's thread pool), on the smallest size,
// to compare with the synchronous reads chosen on a local disk.
const modes = args.includes('--no-async') ? [] : [{ size: sizes[0], io: 'async' }]
for (const { size, io } of [...sizes.map((size) => ({ size, io: 'auto' })), ...modes]) {
  const roots = parts.slice(0, Math.max(1, Math.round((size / files) * PARTS)))
  const f = findRate(roots)
  const bare = io === 'auto' ? bareWalk(roots) : null
  const inv = await inventory(roots, path.join(work, `out-${size}-${io}`), ['--io', io])
  if (!inv.run) throw new Error(`inventory failed at ${size} files (exit ${inv.code})`)
  const invSeconds = inv.run.walkSeconds + inv.run.finishSeconds
  const row = {
    files: f.files,
    findSeconds: +f.seconds.toFixed(2),
    findPrintfSeconds: +f.statSeconds.toFixed(2),
    findRate: Math.round(f.files / f.seconds),
    inventorySeconds: +invSeconds.toFixed(2),
    processSeconds: +inv.seconds.toFixed(2),
    processCpuSeconds: +inv.cpuSeconds.toFixed(2),
    walkSeconds: +inv.run.walkSeconds.toFixed(2),
    finishSeconds: +inv.run.finishSeconds.toFixed(2),
    inventoryRate: Math.round(f.files / invSeconds),
    ratioToFind: +(f.seconds / invSeconds).toFixed(3),
    ratioToFindPrintf: +(f.statSeconds / invSeconds).toFixed(3),
    io: inv.run.io,
    findCpuSeconds: +f.cpuSeconds.toFixed(2),
    inventoryCpuSeconds: +inv.run.cpuSeconds.toFixed(2),
    walkCpuSeconds: +inv.run.walkCpuSeconds.toFixed(2),
    cpuRatioToFind: +(f.cpuSeconds / inv.run.cpuSeconds).toFixed(3),
    load: +os.loadavg()[0].toFixed(1),
    ...(bare ? { bareWalkRatioToFind: +(f.seconds / bare.seconds).toFixed(3), bareWalkCpuRatioToFind: +(f.cpuSeconds / bare.cpuSeconds).toFixed(3) } : {}),
    finds: inv.run.counters.finds,
    duplicates: inv.run.duplicates,
    versions: inv.run.versions,
    peakRssMb: inv.peakRssMb,
  }
  console.log(JSON.stringify(row))
  results.push(row)
}

const asyncRows = results.filter((r) => r.io === 'async')
results.splice(0, results.length, ...results.filter((r) => r.io !== 'async'))

// One kill at half the full run's time, then --resume.
const last = results[results.length - 1] as { processSeconds: number; processCpuSeconds: number; files: number; inventorySeconds: number; walkSeconds: number }
const out = path.join(work, 'out-kill')
// Half way through the walk (start-up of the process plus half the walk).
const killAt = last.processSeconds - last.inventorySeconds + last.walkSeconds / 2
const killed = await inventory(parts, out, [], killAt)
const resumed = await inventory(parts, out, ['--resume'])
if (!resumed.run) throw new Error(`resume failed (exit ${resumed.code})`)
const lostSeconds = killed.seconds + resumed.seconds - last.processSeconds
// The same in CPU seconds (the last /proc sample before the kill, ≤ 50 ms short): less at the mercy of the load.
const lostCpuSeconds = killed.cpuSeconds + resumed.cpuSeconds - last.processCpuSeconds
if (!existsSync(path.join(out, 'inventory.jsonl'))) throw new Error('the resumed run wrote no inventory.jsonl')
console.log(JSON.stringify({ killAfterSeconds: +killAt.toFixed(1), killedExit: killed.code, resumeSeconds: +resumed.seconds.toFixed(1), lostSeconds: +lostSeconds.toFixed(1), killedCpuSeconds: +killed.cpuSeconds.toFixed(1), resumedCpuSeconds: +resumed.cpuSeconds.toFixed(1), lostCpuSeconds: +lostCpuSeconds.toFixed(1), resumePeakRssMb: resumed.peakRssMb }))

const rss = results.map((r) => r.peakRssMb as number)
const rate = last.files / last.inventorySeconds
const slope = results.length > 1 ? (rss[rss.length - 1] - rss[0]) / (((results[results.length - 1].files as number) - (results[0].files as number)) / 1e6) : 0
const summary = {
  bench: 'inventory',
  seed,
  sizes: results.map((r) => r.files),
  ratioToFind: results.map((r) => r.ratioToFind),
  ratioToFindPrintf: results.map((r) => r.ratioToFindPrintf),
  cpuRatioToFind: results.map((r) => r.cpuRatioToFind),
  bareWalkRatioToFind: results.map((r) => r.bareWalkRatioToFind),
  bareWalkCpuRatioToFind: results.map((r) => r.bareWalkCpuRatioToFind),
  asyncIo: asyncRows.map((r) => ({ files: r.files, ratioToFind: r.ratioToFind, cpuRatioToFind: r.cpuRatioToFind })),
  inventoryRate: results.map((r) => r.inventoryRate),
  findRate: results.map((r) => r.findRate),
  peakRssMb: rss,
  rssMbPerMillionFiles: +slope.toFixed(1),
  lostSecondsKillResume: +lostSeconds.toFixed(1),
  lostCpuSecondsKillResume: +lostCpuSeconds.toFixed(1),
  extrapolated16M: { hours: +(16e6 / rate / 3600).toFixed(2), peakRssMb: Math.round(rss[rss.length - 1] + slope * 15) },
  goalRatio: 0.5,
  goalRatioMet: results.every((r) => (r.ratioToFind as number) >= 0.5),
  goalRssMb: 300,
  goalRssMet: rss.every((m) => m <= 300),
  load: os.loadavg()[0],
}
if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true })
else console.log(`kept ${work}`)
console.log(JSON.stringify(summary))
