import type { FileLayerEntry } from '../../src/model/catalog.ts'
// geoportal build end to end: the real Vite build plus a catalog with a public and an internal layer.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { buildApp } from './build.ts'

let dir: string
const catalog = () => path.join(dir, 'catalog')

async function allFiles(d: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(d, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name))
  return out
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-build-'))
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
  const pt = (lon: number) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [lon, 51.57] } }] })
  await fs.writeFile(path.join(dir, 'a.geojson'), pt(8.1))
  await fs.writeFile(path.join(dir, 'b.geojson'), pt(8.2))
  expect(await main(['publish', path.join(dir, 'a.geojson'), '--catalog', catalog(), '--id', 'oeffentlich', '--title', 'Öffentlich'])).toBe(0)
  expect(await main(['publish', path.join(dir, 'b.geojson'), '--catalog', catalog(), '--id', 'geheim-intern', '--title', 'Geheimer Titel', '--access', 'internal'])).toBe(0)
}, 60_000)
afterAll(async () => {
  vi.restoreAllMocks()
  await fs.rm(dir, { recursive: true, force: true })
})

describe('geoportal build', () => {
  it('builds a public site without any trace of internal layers, with dcat.jsonld', async () => {
    const out = path.join(dir, 'public')
    expect(await main(['build', '--catalog', catalog(), '--out', out, '--base-url', 'https://geo.example.org/portal/'])).toBe(0)
    const files = await allFiles(out)
    expect(files.map((f) => path.relative(out, f))).toEqual(expect.arrayContaining(['index.html', 'catalog.json', 'dcat.jsonld']))
    const c = JSON.parse(await fs.readFile(path.join(out, 'catalog.json'), 'utf8')) as Catalog
    expect(c.layers.map((l) => l.id)).toEqual(['oeffentlich'])
    let leaked = 0
    for (const f of files) {
      const text = (await fs.readFile(f)).toString('latin1')
      if (text.includes('geheim-intern') || text.includes('Geheimer Titel')) leaked++
    }
    expect(leaked).toBe(0)
    const dcat = JSON.parse(await fs.readFile(path.join(out, 'dcat.jsonld'), 'utf8'))
    expect(JSON.stringify(dcat)).toContain('https://geo.example.org/portal/layers/oeffentlich/')
  }, 120_000)

  it('includes internal layers in an internal build', async () => {
    const out = path.join(dir, 'internal')
    expect(await main(['build', '--catalog', catalog(), '--out', out, '--internal'])).toBe(0)
    const c = JSON.parse(await fs.readFile(path.join(out, 'catalog.json'), 'utf8')) as Catalog
    expect(c.layers.map((l) => l.id).sort()).toEqual(['geheim-intern', 'oeffentlich'])
  }, 120_000)
})

/** Every file and link below `d` (relative path → content or link target), for byte-identical comparisons. */
async function tree(d: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await fs.readdir(d, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name)
    const rel = path.relative(d, p)
    if (e.isSymbolicLink()) out[rel] = `-> ${await fs.readlink(p)}`
    else if (e.isFile()) out[rel] = (await fs.readFile(p)).toString('base64')
    else if (e.isDirectory()) out[rel] = '/'
  }
  return out
}

describe('geoportal build writes only what it owns (issue #20)', () => {
  let errors: string[]
  beforeEach(() => {
    errors = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    vi.spyOn(console, 'log').mockImplementation(() => {})
  })
  afterEach(() => vi.restoreAllMocks())

  /** Runs a build that must be refused before anything is written: one complete line, `dir` byte-identical. */
  async function refused(out: string, message: RegExp): Promise<void> {
    const before = await tree(dir)
    errors.length = 0
    expect(await main(['build', '--catalog', catalog(), '--out', out])).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(message)
    expect(errors[0]).not.toContain('\n')
    expect(await tree(dir)).toEqual(before)
  }

  it('refuses --out that is the catalog (also through a symlink), lies inside it or contains it', async () => {
    await fs.writeFile(path.join(dir, 'notizen.txt'), 'nicht löschen')
    await refused(catalog(), /--out .*catalog is the catalog folder; choose a folder outside the catalog/)
    await fs.symlink(catalog(), path.join(dir, 'katalog-link'))
    await refused(path.join(dir, 'katalog-link'), /katalog-link \(.*catalog\) is the catalog folder/)
    await refused(path.join(catalog(), 'layers', 'site'), /lies inside the catalog/)
    await refused(dir, /contains the catalog .*catalog; building there would replace it/)
    await fs.rm(path.join(dir, 'katalog-link'))
  })

  it('refuses a non-empty folder it did not make, and a file, with one complete line', async () => {
    const foreign = path.join(dir, 'fremd')
    await fs.mkdir(foreign)
    await fs.writeFile(path.join(foreign, 'index.html'), '<p>eine andere Seite</p>')
    await refused(foreign, /fremd is not empty and was not made by geoportal build \(no \.geoportal-site in it\), so it is left alone; name a new or empty folder, or delete this one yourself$/)
    const file = path.join(dir, 'eine-datei')
    await fs.writeFile(file, 'x')
    await refused(file, /eine-datei is a file, not a folder; name a new or empty folder \(or an earlier build\) for the site$/)
  })

  it('replaces an earlier build (it carries the marker) as a whole and leaves the catalog and its neighbours alone', async () => {
    const out = path.join(dir, 'site')
    const neighbour = path.join(dir, 'daneben.txt')
    await fs.writeFile(neighbour, 'bleibt')
    expect(await main(['build', '--catalog', catalog(), '--out', out])).toBe(0)
    expect((await fs.readdir(out)).sort()).toEqual(expect.arrayContaining(['.geoportal-site', 'index.html', 'catalog.json', 'layers']))
    await fs.writeFile(path.join(out, 'alt.txt'), 'from the earlier build')
    const catalogBefore = await tree(catalog())
    expect(await main(['build', '--catalog', catalog(), '--out', out])).toBe(0)
    expect(errors).toEqual([])
    await expect(fs.access(path.join(out, 'alt.txt'))).rejects.toThrow()
    await fs.access(path.join(out, '.geoportal-site'))
    expect(await tree(catalog())).toEqual(catalogBefore)
    expect(await fs.readFile(neighbour, 'utf8')).toBe('bleibt')
    // No temporary or old folder is left next to the site.
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([])
  }, 120_000)

  it('puts the cause of a failing app build on its one line (Vite starts with "Build failed with 1 error:")', async () => {
    const file = path.join(dir, 'datei')
    await fs.writeFile(file, 'x')
    await expect(buildApp(path.join(file, 'app'))).rejects.toThrow(/^building the app into .*datei\/app failed: Error: ENOTDIR: not a directory, mkdir '.*datei\/app'$/)
  }, 60_000)

  it('refuses a catalog with a symlink in a layer folder before writing anything', async () => {
    const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
    const link = path.join(catalog(), path.dirname((c.layers[0] as FileLayerEntry).href), 'passwd')
    await fs.symlink('/etc/passwd', link)
    try {
      await refused(path.join(dir, 'mit-link'), /layers\/oeffentlich\/[0-9a-f]+\/passwd is a symbolic link; a catalog may hold only regular files and folders/)
    } finally {
      await fs.rm(link)
    }
  })
})
