// geoportal sync: every plan layer whose sources changed (by content) is published again — prepared in this
// process, or by the compiled CLI in parallel child processes (stage.ts), committed one by one under the catalog
// lock — and the rest is left as it is. What was published from which content is kept in the catalog folder
// (SYNC_STATE, never copied into a build).
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LayerEntry } from '../../src/model/catalog.ts'
import type { UpdateFrequency } from '../../src/model/metadata.ts'
import { timeliness } from '../../src/quality/timeliness.ts'
import { CATALOG_FILE, commitLayer, readCatalog, withCatalogLock, writeAtomic, type PublishOutcome } from '../catalog/store.ts'
import { readPlainFile } from '../catalog/plain.ts'
import { withDefaultStyle } from '../commands/publish.ts'
import type { Plan, PlanLayer } from './plan.ts'
import { layerSources, type LayerSources } from './sources.ts'
import { COMPILED, prepareInProcess, stageLayer } from './stage.ts'

export const SYNC_STATE = '.sync-state.json'

export interface SyncState {
  version: 1
  layers: Record<string, { hash: string; published: string }>
}

export type LayerStatus = 'published' | 'unchanged' | 'failed' | 'planned'

export interface LayerResult {
  id: string
  status: LayerStatus
  /** For published layers: what the commit did (an unchanged output of a changed source is 'unchanged'). */
  outcome?: PublishOutcome
  features?: number
  grade?: string
  errors?: number
  warnings?: number
  /** Seconds from the start of staging to the commit. */
  seconds?: number
  /** For failed layers: the one line naming the file and the problem. */
  message?: string
  department?: string
  rhythm?: UpdateFrequency
  /** When sync last published this layer's sources (ISO). */
  lastPublished?: string
  overdueDays?: number
}

export interface SyncResult {
  layers: LayerResult[]
  seconds: number
  /** Where changed layers were prepared (SyncOptions.staging); absent when none was. */
  staging?: 'child' | 'process'
}

export interface SyncOptions {
  catalog: string
  dryRun?: boolean
  /** Layers staged at once (default: the machine's cores). */
  jobs?: number
  /** Where changed layers are prepared (default: defaultStaging; GEOPORTAL_SYNC_STAGING=child|process overrides it). */
  staging?: 'child' | 'process'
  now?: Date
  /** Called when a layer is done (for progress). */
  onLayer?: (r: LayerResult) => void
}

async function readState(catalog: string): Promise<SyncState> {
  try {
    const raw = JSON.parse((await readPlainFile(catalog, SYNC_STATE)).toString('utf8')) as SyncState
    if (raw?.version === 1 && typeof raw.layers === 'object' && raw.layers) return raw
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e
  }
  // No state (or an unreadable one): every layer counts as changed, which is safe — unchanged output commits nothing.
  return { version: 1, layers: {} }
}

async function readCatalogText(catalog: string): Promise<string | null> {
  try {
    return (await readPlainFile(catalog, CATALOG_FILE)).toString('utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** Runs fn over items with at most `jobs` at once. */
async function pool<T>(items: T[], jobs: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++])
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker))
}

/** Department and rhythm from the plan, else from the published entry's metadata; how overdue the source is. */
function schedule(l: PlanLayer, entry: LayerEntry | undefined, published: string | undefined, now: Date): Pick<LayerResult, 'department' | 'rhythm' | 'lastPublished' | 'overdueDays'> {
  const rhythm = l.rhythm ?? entry?.updateFrequency
  const department = l.department ?? entry?.department
  const t = published ? timeliness(published.slice(0, 10), rhythm, now) : undefined
  return {
    ...(department ? { department } : {}),
    ...(rhythm ? { rhythm } : {}),
    ...(published ? { lastPublished: published } : {}),
    ...(t?.status === 'overdue' ? { overdueDays: t.overdueDays } : {}),
  }
}

/**
 * Sources from which a layer is worth a child process of its own: its publish then takes several seconds, more than
 * a child's start, staging copy and read-back (about 1 s on the city's busy 2-core machine, docs/BENCHMARKS.md).
 */
export const CHILD_MIN_BYTES = 16 << 20

/**
 * Child processes (`jobs` at once) for the compiled CLI when at least two changed layers are large enough to gain
 * from running side by side; otherwise this process, one layer after the other. Measured on 2 cores: for ordinary
 * layers a child's start cost more than running in parallel gained, and a child of the TypeScript sources also
 * starts a TypeScript loader.
 */
export function defaultStaging(layers: LayerSources[], jobs: number, compiled = COMPILED): 'child' | 'process' {
  const env = process.env.GEOPORTAL_SYNC_STAGING
  if (env === 'child' || env === 'process') return env
  return compiled && jobs > 1 && layers.filter((s) => s.bytes >= CHILD_MIN_BYTES).length >= 2 ? 'child' : 'process'
}

export async function runSync(plan: Plan, opts: SyncOptions): Promise<SyncResult> {
  const start = performance.now()
  const now = opts.now ?? new Date()
  const catalog = opts.catalog
  const jobs = opts.jobs ?? os.availableParallelism()
  const state = await readState(catalog)
  const before = await readCatalog(catalog)
  const results = new Map<string, LayerResult>()
  let staging: SyncResult['staging']
  const done = (r: LayerResult) => {
    results.set(r.id, r)
    opts.onLayer?.(r)
  }

  // Hash every layer's sources; a source that cannot be read fails that layer only.
  const sources = new Map<string, LayerSources>()
  const changed: PlanLayer[] = []
  await pool(plan.layers, Math.max(4, jobs), async (l) => {
    const entry = before.layers.find((e) => e.id === l.id)
    try {
      const src = await layerSources(l, plan.dir)
      sources.set(l.id, src)
      if (state.layers[l.id]?.hash === src.hash && entry) {
        done({ id: l.id, status: 'unchanged', ...(entry.kind === 'vector' ? { features: entry.featureCount } : {}), ...(entry.quality ? { grade: entry.quality.grade } : {}), ...schedule(l, entry, state.layers[l.id]?.published, now) })
      } else changed.push(l)
    } catch (e) {
      done({ id: l.id, status: 'failed', message: (e as Error).message, ...schedule(l, entry, state.layers[l.id]?.published, now) })
    }
  })

  if (opts.dryRun) {
    for (const l of changed) done({ id: l.id, status: 'planned', ...schedule(l, before.layers.find((e) => e.id === l.id), state.layers[l.id]?.published, now) })
  } else if (changed.length) {
    await withCatalogLock(catalog, async () => {
      const catalogText = await readCatalogText(catalog)
      const stagingDir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-sync-staging-'))
      // Commits go in plan order (a new layer takes its place in the catalog's list as in the plan), each after
      // the previous layer's commit or failure; staging runs ahead in parallel.
      const order = plan.layers.filter((l) => changed.includes(l))
      const mode = opts.staging ?? defaultStaging(order.map((l) => sources.get(l.id)!), jobs)
      staging = mode
      const settled = new Map(order.map((l) => [l.id, deferred()]))
      const previousSettled = (l: PlanLayer) => (order.indexOf(l) > 0 ? settled.get(order[order.indexOf(l) - 1].id)!.promise : Promise.resolve())
      let stateChanged = false
      try {
        await pool(order, mode === 'child' ? jobs : 1, async (l) => {
          try {
            await stageAndCommit(l)
          } finally {
            // A layer that failed early still keeps its turn: the next one commits after all before it.
            await previousSettled(l)
            settled.get(l.id)!.resolve()
          }
        })
      } finally {
        await fs.rm(stagingDir, { recursive: true, force: true })
        if (stateChanged) {
          const ids = new Set((await readCatalog(catalog)).layers.map((l) => l.id))
          const kept = Object.fromEntries(Object.entries(state.layers).filter(([id]) => ids.has(id)).sort(([a], [b]) => a.localeCompare(b)))
          await writeAtomic(path.join(catalog, SYNC_STATE), `${JSON.stringify({ version: 1, layers: kept }, null, 2)}\n`)
        }
      }

      async function stageAndCommit(l: PlanLayer): Promise<void> {
        const t0 = performance.now()
        const src = sources.get(l.id)!
        const failed = (message: string) => done({ id: l.id, status: 'failed', message, ...schedule(l, before.layers.find((x) => x.id === l.id), state.layers[l.id]?.published, now) })
        let staged
        try {
          staged = mode === 'child' ? await stageLayer(l, src, catalogText, path.join(stagingDir, l.id)) : await prepareInProcess(l, src, catalog, path.join(stagingDir, l.id))
        } catch (e) {
          await fs.rm(path.join(stagingDir, l.id), { recursive: true, force: true })
          return failed((e as Error).message)
        }
        await previousSettled(l)
        try {
          const layer = staged.styled ? staged.layer : await withDefaultStyle(catalog, staged.layer)
          const { outcome, entry } = await commitLayer(catalog, layer)
          // The same output from a changed source (a re-export) is no new publication for the overdue list.
          const published = outcome === 'unchanged' ? (state.layers[l.id]?.published ?? now.toISOString()) : now.toISOString()
          state.layers[l.id] = { hash: src.hash, published }
          stateChanged = true
          done({
            id: l.id,
            status: 'published',
            outcome,
            ...(entry.kind === 'vector' ? { features: entry.featureCount } : {}),
            ...(entry.kind !== 'service' && entry.quality ? { grade: entry.quality.grade, errors: entry.quality.errors, warnings: entry.quality.warnings } : {}),
            seconds: Math.round(performance.now() - t0) / 1000,
            ...schedule(l, entry, published, now),
          })
        } catch (e) {
          failed(`${src.file}: ${(e as Error).message}`)
        } finally {
          await fs.rm(path.join(stagingDir, l.id), { recursive: true, force: true })
        }
      }
    })
  }
  return { layers: plan.layers.map((l) => results.get(l.id)!), seconds: Math.round(performance.now() - start) / 1000, ...(staging ? { staging } : {}) }
}
