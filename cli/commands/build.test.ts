// geoportal build end to end: the real Vite build plus a catalog with a public and an internal layer.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { main } from '../main.ts'

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
