// The inventory reaches only internal builds: `geoportal build --inventory` without --internal is refused in one
// line before anything is written; with --internal the page's files land in <site>/inventory/.
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../main.ts'

let dir: string
const errors: string[] = []

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-inventory-build-'))
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
  await fs.writeFile(path.join(dir, 'a.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [8.1, 51.57] } }] }))
  expect(await main(['publish', path.join(dir, 'a.geojson'), '--catalog', path.join(dir, 'catalog'), '--id', 'a', '--title', 'A'])).toBe(0)
  await fs.mkdir(path.join(dir, 'drives', 'x'), { recursive: true })
  await fs.copyFile(path.join(dir, 'a.geojson'), path.join(dir, 'drives', 'x', 'punkte.geojson'))
  expect(await main(['inventory', path.join(dir, 'drives'), '--out', path.join(dir, 'inv'), '--no-progress'])).toBe(0)
}, 120_000)
afterAll(async () => {
  vi.restoreAllMocks()
  await fs.rm(dir, { recursive: true, force: true })
})

describe('geoportal build --inventory', () => {
  it('is refused for a public build, in one line, with nothing written', async () => {
    errors.length = 0
    const out = path.join(dir, 'site-public')
    expect(await main(['build', '--catalog', path.join(dir, 'catalog'), '--out', out, '--inventory', path.join(dir, 'inv')])).toBe(2)
    expect(errors).toEqual(['geoportal build: --inventory lists internal drives and is only allowed with --internal'])
    expect(existsSync(out)).toBe(false)
  })

  it('is refused without an inventory.jsonl', async () => {
    errors.length = 0
    expect(await main(['build', '--catalog', path.join(dir, 'catalog'), '--out', path.join(dir, 'site-x'), '--internal', '--inventory', path.join(dir, 'drives')])).toBe(1)
    expect(errors[0]).toMatch(/drives holds no inventory\.jsonl; run geoportal inventory <dir>… --out .*drives first$/)
  })

  it('copies the inventory into an internal build', async () => {
    const out = path.join(dir, 'site-internal')
    expect(await main(['build', '--catalog', path.join(dir, 'catalog'), '--out', out, '--internal', '--inventory', path.join(dir, 'inv')])).toBe(0)
    const names = (await fs.readdir(path.join(out, 'inventory'))).sort()
    expect(names).toContain('inventory.jsonl')
    expect(names).toContain('summary-by-format.csv')
    expect(names).not.toContain('.inventory')
    const line = JSON.parse((await fs.readFile(path.join(out, 'inventory', 'inventory.jsonl'), 'utf8')).trim())
    expect(line).toMatchObject({ format: 'geojson', crs: 'EPSG:4326', count: 1 })
  }, 300_000)
})
