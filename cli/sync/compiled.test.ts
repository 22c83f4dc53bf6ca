// geoportal sync as the officer's install runs it: the compiled CLI (scripts/build-cli.mjs) next to a copy of
// cli/geoportal.mjs, as in the package, preparing changed layers in parallel child processes — which must give the
// catalog that preparing them in one process gives, byte for byte, and fail a broken layer alone in one line.
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotFiles } from '../../test/helpers/cliSandbox.ts'
import { loadPlan } from './plan.ts'
import { defaultStaging, runSync } from './run.ts'
import { cliEntry } from './stage.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))

/** Points around Soest's market square (WGS84). */
const points = (n: number, name: string) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1046 + i * 0.001, 51.5784] }, properties: { name: `${name} ${i}` } })),
  })

describe('geoportal sync, compiled CLI', { timeout: 600_000 }, () => {
  let pkg: string
  let data: string
  beforeAll(async () => {
    // Inside the checkout, so the compiled code finds node_modules as an installed package does.
    await fs.mkdir(path.join(root, '.tmp'), { recursive: true })
    pkg = await fs.mkdtemp(path.join(root, '.tmp', 'sync-compiled-'))
    await fs.mkdir(path.join(pkg, 'cli'))
    await fs.copyFile(path.join(root, 'cli/geoportal.mjs'), path.join(pkg, 'cli/geoportal.mjs'))
    await run(process.execPath, [path.join(root, 'scripts/build-cli.mjs'), path.join(pkg, 'dist-cli')])
    data = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-sync-compiled-'))
  })
  afterAll(async () => {
    await fs.rm(pkg, { recursive: true, force: true })
    await fs.rm(data, { recursive: true, force: true })
  })

  it('finds cli/geoportal.mjs from the sources and from the compiled chunks', async () => {
    expect(cliEntry()).toBe(path.join(root, 'cli/geoportal.mjs'))
    const chunk = (await fs.readdir(path.join(pkg, 'dist-cli/chunks'))).find((n) => n.startsWith('sync-'))!
    expect(cliEntry(path.join(pkg, 'dist-cli/chunks', chunk))).toBe(path.join(pkg, 'cli/geoportal.mjs'))
  })

  it('stages changed layers in child processes of the compiled CLI: the same catalog as in one process; a broken layer fails alone', async () => {
    await fs.mkdir(path.join(data, 'daten'))
    await fs.writeFile(path.join(data, 'daten/schulen.geojson'), points(3, 'Schule'))
    await fs.writeFile(path.join(data, 'daten/kitas.geojson'), points(4, 'Kita'))
    await fs.writeFile(path.join(data, 'daten/kaputt.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[8.1,')
    await fs.writeFile(path.join(data, 'style.json'), JSON.stringify({ color: '#336699' }))
    const layer = (id: string, extra = '') => `  - id: ${id}\n    source: daten/${id}.geojson\n    title: ${id}\n${extra}`
    const plan = path.join(data, 'plan.yaml')
    await fs.writeFile(plan, `layers:\n${layer('schulen', '    searchable: name\n')}${layer('kaputt')}${layer('kitas', '    style: style.json\n')}`)

    const children = path.join(data, 'kinder')
    const r = await run(process.execPath, [path.join(pkg, 'cli/geoportal.mjs'), 'sync', plan, '--catalog', children, '--jobs', '2', '--json'], { env: { ...process.env, GEOPORTAL_CLI: '', GEOPORTAL_SYNC_STAGING: 'child' } }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect('code' in r ? r.code : 0).toBe(3)
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { staging: string; layers: { id: string; status: string; grade?: string; message?: string }[] }
    expect(out.staging).toBe('child')
    expect(out.layers.map((l) => [l.id, l.status])).toEqual([['schulen', 'published'], ['kaputt', 'failed'], ['kitas', 'published']])
    expect(out.layers[0].grade).toMatch(/^[A-F]$/)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^geoportal sync: kaputt: .*kaputt\.geojson: /)])

    const here = path.join(data, 'hier')
    const inProcess = await runSync(await loadPlan(plan), { catalog: here, staging: 'process' })
    expect(inProcess.staging).toBe('process')
    expect(inProcess.layers.map((l) => l.status)).toEqual(['published', 'failed', 'published'])
    expect(inProcess.layers[1].message).toBe(out.layers[1].message)
    const strip = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('.sync-state')))
    expect(strip(await snapshotFiles(here))).toEqual(strip(await snapshotFiles(children)))
  })
})

describe('defaultStaging', () => {
  const big = { file: 'a', hash: '', bytes: 64 << 20 }
  const small = { ...big, bytes: 1 << 20 }
  it('uses child processes only for the compiled CLI, several jobs and at least two large layers', () => {
    const env = process.env.GEOPORTAL_SYNC_STAGING
    delete process.env.GEOPORTAL_SYNC_STAGING
    try {
      expect(defaultStaging([big, big], 2, true)).toBe('child')
      expect(defaultStaging([big, small, small], 2, true)).toBe('process')
      expect(defaultStaging([big, big], 1, true)).toBe('process')
      expect(defaultStaging([big, big], 2, false)).toBe('process')
      process.env.GEOPORTAL_SYNC_STAGING = 'child'
      expect(defaultStaging([small], 1, false)).toBe('child')
    } finally {
      if (env === undefined) delete process.env.GEOPORTAL_SYNC_STAGING
      else process.env.GEOPORTAL_SYNC_STAGING = env
    }
  })
})
