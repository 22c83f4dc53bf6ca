// Kill + resume with synchronous reads at full speed (no test delay, unlike inventory.test.ts): the walk chains
// folders in microtasks and lets the event loop turn every 50 ms, so the checkpoint timer fires mid-walk and a
// killed run resumes where it was. The tree: one part of the benchmark's seeded drive (bench/_inventory-tree.ts),
// 20,000 files.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePart } from '../../bench/_inventory-tree.ts'
import { loadProjections } from '../publish/input.ts'
import { extendProjections } from './crs.ts'
import { runInventory } from './run.ts'
import type { Find } from './types.ts'

const BIN = path.resolve(import.meta.dirname, '../geoportal.mjs')
const read = (out: string) => readFileSync(path.join(out, 'inventory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Find)

describe('kill + resume with synchronous reads', () => {
  let dir: string
  let root: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-resume-'))
    root = path.join(dir, 'laufwerk')
    makePart(root, 20_000, 7)
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes checkpoints during the walk and resumes to the same lines', async () => {
    const opts = async (out: string, resume: boolean) => ({
      roots: [root], out, resume, concurrency: 8, followLinks: false, area: null, staleYears: null, expectFiles: null, progress: null,
      checkpointSeconds: 5, projections: extendProjections(await loadProjections()), now: Date.now(), io: 'sync' as const,
    })
    const whole = path.join(dir, 'out-whole')
    await runInventory(await opts(whole, false))
    const out = path.join(dir, 'out-killed')
    const child = spawn(process.execPath, [BIN, 'inventory', root, '--out', out, '--no-progress', '--area', 'none', '--stale-years', '0', '--io', 'sync'], {
      env: { ...process.env, GEOPORTAL_INVENTORY_CHECKPOINT_MS: '1' },
      stdio: 'ignore',
    })
    const cp = path.join(out, '.inventory/checkpoint.json')
    // Killed at the first checkpoint that shows the walk under way; without one the run ends unkilled.
    const seen = await new Promise<{ dirs: number } | null>((resolve) => {
      const poll = setInterval(() => {
        try {
          const c = JSON.parse(readFileSync(cp, 'utf8'))
          if (!c.done && c.counters.dirs > 0) {
            clearInterval(poll)
            child.kill('SIGKILL')
            resolve(c.counters)
          }
        } catch {
          /* not written yet */
        }
      }, 2)
      child.on('exit', () => {
        clearInterval(poll)
        resolve(null)
      })
    })
    expect(seen, 'no checkpoint written during the walk').not.toBeNull()
    const result = await runInventory(await opts(out, true))
    expect(result.resumed).toBe(true)
    const strip = (f: Find) => JSON.stringify({ ...f, modified: null })
    expect(read(out).map(strip).sort()).toEqual(read(whole).map(strip).sort())
  }, 120_000)
})
