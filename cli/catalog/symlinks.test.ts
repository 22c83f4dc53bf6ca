import type { FileLayerEntry } from '../../src/model/catalog.ts'
// Issue #20, item 5: links and other non-regular entries inside a catalog are errors for publish, withdraw and
// check, and are never followed (build: cli/commands/build.test.ts).
import { execFileSync, spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const box = useCliSandbox('symlinks')

const points = (name: string) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: [8.1, 51.57] } }] })

/** Every entry below `d` (links as their target, never followed). */
async function tree(d: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await fs.readdir(d, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name)
    if (e.isSymbolicLink()) out[path.relative(d, p)] = `-> ${await fs.readlink(p)}`
    else if (e.isFile()) out[path.relative(d, p)] = (await fs.readFile(p)).toString('base64')
    else out[path.relative(d, p)] = e.isDirectory() ? '/' : 'special'
  }
  return out
}

let src: string
let outside: string
beforeEach(async () => {
  src = path.join(box.dir, 'punkte.geojson')
  await fs.writeFile(src, points('a'))
  expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
  outside = path.join(box.dir, 'fremd')
  await fs.mkdir(outside)
  await fs.writeFile(path.join(outside, 'wichtig.txt'), 'nicht löschen')
})

/** Moves the layer's folder out of the catalog and leaves a symlink to it in its place. */
async function symlinkLayerFolder(): Promise<void> {
  await fs.rename(path.join(box.catalog, 'layers', 'punkte'), path.join(outside, 'punkte'))
  await fs.symlink(path.join(outside, 'punkte'), path.join(box.catalog, 'layers', 'punkte'))
}

describe('a symlinked layer folder', () => {
  it('stops publish before it deletes anything outside the catalog', async () => {
    await symlinkLayerFolder()
    const before = { catalog: await tree(box.catalog), outside: await tree(outside) }
    await fs.writeFile(src, points('b'))
    box.errors = []
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(1)
    expect(box.errors).toEqual([expect.stringMatching(/layers\/punkte is a symbolic link; a catalog may hold only regular files and folders/)])
    expect({ catalog: await tree(box.catalog), outside: await tree(outside) }).toEqual(before)
  })

  it('stops withdraw, and check reports it', async () => {
    await symlinkLayerFolder()
    const before = { catalog: await tree(box.catalog), outside: await tree(outside) }
    box.errors = []
    expect(await main(['withdraw', 'punkte', '--catalog', box.catalog])).toBe(1)
    expect(box.errors).toEqual([expect.stringMatching(/layers\/punkte is a symbolic link/)])
    expect({ catalog: await tree(box.catalog), outside: await tree(outside) }).toEqual(before)
    const r = await checkJson()
    expect(r.ok).toBe(false)
    expect(r.layers[0].problems).toContain('layers/punkte is a symbolic link; a catalog may hold only regular files and folders (it is never followed) — remove it')
  })
})

describe('the lock file', () => {
  it('is never read through a link (publish read a .lock pointing to /dev/zero up to Node’s 2 GiB limit, then replaced it)', async () => {
    await fs.symlink('/dev/zero', path.join(box.catalog, '.lock'))
    const before = await tree(box.catalog)
    const r = spawnSync(process.execPath, ['cli/geoportal.mjs', 'publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.signal, 'still running after 60 s').toBeNull()
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/\.lock is a symbolic link; a catalog may hold only regular files and folders/)])
    expect(await tree(box.catalog)).toEqual(before)
  }, 90_000)
})

async function checkJson(): Promise<{ ok: boolean; problems: string[]; layers: { id: string; problems: string[] }[] }> {
  // The real CLI in a child process (a FIFO read by mistake would block it; the timeout turns that into a failure).
  try {
    return JSON.parse(execFileSync(process.execPath, ['cli/geoportal.mjs', 'check', '--catalog', box.catalog, '--json'], { encoding: 'utf8', timeout: 30_000 }))
  } catch (e) {
    const err = e as { status: number | null; signal: string | null; stdout: string }
    if (err.status !== 1) throw new Error(`check ended with status ${err.status}, signal ${err.signal}`)
    return JSON.parse(err.stdout)
  }
}

describe('geoportal check', () => {
  it('fails on a symlink in a layer folder (it would serve /etc/passwd) and on a FIFO, without reading them', async () => {
    const c = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    const version = path.dirname((c.layers[0] as FileLayerEntry).href)
    await fs.symlink('/etc/passwd', path.join(box.catalog, version, 'passwd'))
    execFileSync('mkfifo', [path.join(box.catalog, version, 'pipe')])
    const r = await checkJson()
    expect(r.ok).toBe(false)
    expect(r.layers[0].problems).toEqual([
      `${version}/passwd is a symbolic link; a catalog may hold only regular files and folders (it is never followed) — remove it`,
      `${version}/pipe is a FIFO (named pipe); a catalog may hold only regular files and folders (it is never followed) — remove it`,
    ])
  })

  it('fails when catalog.json or the data file itself is a symlink, and never reads through it', async () => {
    const c = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    const data = path.join(box.catalog, (c.layers[0] as FileLayerEntry).href)
    await fs.rename(data, path.join(outside, 'data.fgb'))
    await fs.symlink(path.join(outside, 'data.fgb'), data)
    let r = await checkJson()
    expect(r.ok).toBe(false)
    expect(r.layers[0].problems).toEqual([`${(c.layers[0] as FileLayerEntry).href} is a symbolic link; a catalog may hold only regular files and folders (it is never followed) — remove it`])
    await fs.rename(path.join(box.catalog, 'catalog.json'), path.join(outside, 'catalog.json'))
    await fs.symlink(path.join(outside, 'catalog.json'), path.join(box.catalog, 'catalog.json'))
    r = await checkJson()
    expect(r).toMatchObject({ ok: false, problems: ['catalog.json is a symbolic link; a catalog may hold only regular files and folders (it is never followed) — remove it'] })
  })

  it('passes a catalog reached through a symlink to its folder (the root is the officer’s choice)', async () => {
    const link = path.join(box.dir, 'katalog-link')
    await fs.symlink(box.catalog, link)
    expect(await main(['check', '--catalog', link])).toBe(0)
  })
})
