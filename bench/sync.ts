// geoportal sync of a 50-layer plan: a first full run, then 3 changed sources (only those must be republished),
// then a run with nothing changed; baseline: the same 3 layers published one after the other with `geoportal
// publish`, same run. Usage: npm run bench -- sync [layers] [changed] [features per layer]; with
// GEOPORTAL_CLI=compiled (after npm run build:cli) every run uses the compiled CLI, as an installed package does.
import { spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mulberry32 } from '../scripts/random.ts'

const layers = Number(process.argv[2] ?? 50)
const changedCount = Number(process.argv[3] ?? 3)
const perLayer = Number(process.argv[4] ?? 2000)
const root = fileURLToPath(new URL('..', import.meta.url))
const cli = path.join(root, 'cli/geoportal.mjs')

/** Seeded parcels (squares, EPSG:25832) around Soest; `version` changes every attribute value. */
function source(i: number, version: number) {
  const rand = mulberry32(1000 + i)
  const side = Math.ceil(Math.sqrt(perLayer))
  const features = Array.from({ length: perLayer }, (_, k) => {
    const x = 425000 + (i % 10) * 4000 + (k % side) * 30 + rand() * 5
    const y = 5700000 + Math.floor(i / 10) * 4000 + Math.floor(k / side) * 30 + rand() * 5
    return {
      type: 'Feature',
      properties: { nr: k, name: `Fläche ${i}-${k}`, stand: version },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 20, y], [x + 20, y + 20], [x, y + 20], [x, y]]] },
    }
  })
  return JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features })
}

function run(args: string[]): { seconds: number; stdout: string; status: number | null } {
  const t = performance.now()
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0 && r.status !== 3) throw new Error(`geoportal ${args[0]} failed (${r.status}): ${r.stderr}`)
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout, status: r.status }
}

interface SyncJson {
  layers: { id: string; status: string }[]
  staging?: string
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-sync-'))
try {
  await fs.mkdir(path.join(dir, 'daten'))
  const plan = { catalog: 'catalog', layers: [] as { id: string; source: string; title: string; rhythm: string; department: string }[] }
  for (let i = 0; i < layers; i++) {
    await fs.writeFile(path.join(dir, 'daten', `ebene${i}.geojson`), source(i, 1))
    plan.layers.push({ id: `ebene${i}`, source: `daten/ebene${i}.geojson`, title: `Ebene ${i}`, rhythm: 'weekly', department: `Amt ${i % 5}` })
  }
  const planFile = path.join(dir, 'plan.json')
  await fs.writeFile(planFile, JSON.stringify(plan, null, 2))
  const cores = os.availableParallelism()
  const loadBefore = os.loadavg()[0]
  console.log(`${layers} layers × ${perLayer} polygons, ${changedCount} changed, ${cores} cores`)

  const full = run(['sync', planFile, '--json'])
  const fullResult = JSON.parse(full.stdout) as SyncJson
  console.log(`first sync (all ${layers} published): ${full.seconds.toFixed(1)} s`)

  // Change 3 sources spread over the plan.
  const changed = Array.from({ length: changedCount }, (_, k) => Math.floor(((k + 0.5) * layers) / changedCount))
  for (const i of changed) await fs.writeFile(path.join(dir, 'daten', `ebene${i}.geojson`), source(i, 2))
  const incremental = run(['sync', planFile, '--json'])
  const incResult = JSON.parse(incremental.stdout) as SyncJson
  const republished = incResult.layers.filter((l) => l.status === 'published').map((l) => l.id)
  console.log(`sync after ${changedCount} changes: ${incremental.seconds.toFixed(1)} s, republished ${republished.join(', ')}`)

  const idle = run(['sync', planFile, '--json'])
  const idleResult = JSON.parse(idle.stdout) as SyncJson
  console.log(`sync with nothing changed: ${idle.seconds.toFixed(1)} s`)

  // Baseline: the officer publishing the 3 changed layers by hand, one after the other.
  const direct = path.join(dir, 'direct')
  let sequential = 0
  for (const i of changed) sequential += run(['publish', path.join(dir, 'daten', `ebene${i}.geojson`), '--catalog', direct, '--id', `ebene${i}`, '--title', `Ebene ${i}`]).seconds
  console.log(`${changedCount} × geoportal publish, one after the other: ${sequential.toFixed(1)} s`)

  const result = {
    benchmark: 'sync',
    cli: process.env.GEOPORTAL_CLI === 'compiled' ? 'compiled' : 'sources',
    staging: incResult.staging,
    layers,
    featuresPerLayer: perLayer,
    cores,
    changed: changedCount,
    firstRunPublished: fullResult.layers.filter((l) => l.status === 'published').length,
    republished: republished.length,
    onlyChangedRepublished: republished.length === changedCount && changed.every((i) => republished.includes(`ebene${i}`)),
    idleRepublished: idleResult.layers.filter((l) => l.status === 'published').length,
    firstRunSeconds: Math.round(full.seconds * 10) / 10,
    incrementalSeconds: Math.round(incremental.seconds * 10) / 10,
    idleSeconds: Math.round(idle.seconds * 10) / 10,
    sequentialPublishSeconds: Math.round(sequential * 10) / 10,
    incrementalVsSequential: Math.round((incremental.seconds / sequential) * 100) / 100,
    load1: [Math.round(loadBefore * 10) / 10, Math.round(os.loadavg()[0] * 10) / 10],
  }
  console.log(JSON.stringify(result))
} finally {
  await fs.rm(dir, { recursive: true, force: true })
}
