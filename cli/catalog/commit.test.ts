import type { FileLayerEntry } from '../../src/model/catalog.ts'
// Issue #20, items 7 and 11: publish checks its own output with the code of `geoportal check` before the commit
// (so it never commits what check rejects, e.g. a CSV with 40 000 columns), and after the commit a cleanup that
// fails is a warning: catalog.json already points to the new version.
import fsModule, { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'
import { checkCatalog } from './check.ts'

const box = useCliSandbox('commit')

async function snapshot(d: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await fs.readdir(d, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (e.isFile()) out[path.relative(d, path.join(e.parentPath, e.name))] = (await fs.readFile(path.join(e.parentPath, e.name))).toString('base64')
  }
  return out
}
const readCatalog = async () => JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
const points = (name: string) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: [8.1, 51.57] } }] })

/** A CSV with UTM coordinates and `columns` attribute columns named by `name`. */
function wideCsv(columns: number, name: (i: number) => string): string {
  const header = ['x', 'y', ...Array.from({ length: columns }, (_, i) => name(i))]
  const row = ['437954', '5714530', ...Array.from({ length: columns }, (_, i) => String(i % 7))]
  return `${header.join(';')}\n${row.join(';')}\n`
}

async function publishExisting(): Promise<void> {
  const ok = path.join(box.dir, 'ok.geojson')
  await fs.writeFile(ok, points('ok'))
  expect(await main(['publish', ok, '--catalog', box.catalog, '--id', 'ok', '--title', 'OK'])).toBe(0)
}

describe('publish commits only what check accepts', () => {
  it('refuses a CSV with 40 000 columns at read time with one line; the catalog stays byte-identical', async () => {
    await publishExisting()
    const before = await snapshot(box.catalog)
    const csv = path.join(box.dir, 'breit.csv')
    await fs.writeFile(csv, wideCsv(40_000, (i) => `c${i}`))
    box.errors = []
    expect(await main(['publish', csv, '--catalog', box.catalog, '--id', 'breit', '--title', 'Breit', '--crs', 'EPSG:25832'])).toBe(1)
    expect(box.errors).toEqual([`geoportal publish: ${csv}: has 40002 columns; at most 2000 are supported — drop columns you do not publish or split the table`])
    expect(await snapshot(box.catalog)).toEqual(before)
    expect((await checkCatalog(box.catalog)).ok).toBe(true)
  })

  it('publishes a CSV at the limit (2000 columns, 255-byte names) that check then accepts', async () => {
    const csv = path.join(box.dir, 'grenze.csv')
    await fs.writeFile(csv, wideCsv(1998, (i) => `${String(i).padStart(4, '0')}${'ä'.repeat(125)}x`))
    expect(await main(['publish', csv, '--catalog', box.catalog, '--id', 'grenze', '--title', 'Grenze', '--crs', 'EPSG:25832'])).toBe(0)
    const check = await checkCatalog(box.catalog)
    expect(check.layers[0].problems).toEqual([])
    expect(check.ok).toBe(true)
  })

  it('refuses a column name longer than 255 bytes with one line', async () => {
    const csv = path.join(box.dir, 'lang.csv')
    await fs.writeFile(csv, wideCsv(2, (i) => (i === 1 ? 'n'.repeat(256) : 'kurz')))
    expect(await main(['publish', csv, '--catalog', box.catalog, '--id', 'lang', '--title', 'Lang', '--crs', 'EPSG:25832'])).toBe(1)
    expect(box.errors).toEqual([expect.stringMatching(/lang\.csv: column 4 has a name of 256 bytes \("n{40}…"\); at most 255 are supported$/)])
  })

  it('never commits a layer whose written file check would reject (a description that overflows the FlatGeobuf header)', async () => {
    await publishExisting()
    const before = await snapshot(box.catalog)
    const src = path.join(box.dir, 'punkte.geojson')
    await fs.writeFile(src, points('p'))
    const meta = path.join(box.dir, 'meta.json')
    await fs.writeFile(meta, JSON.stringify({ title: 'Punkte', description: 'Beschreibung '.repeat(90_000) }))
    box.errors = []
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--meta', meta])).toBe(1)
    expect(box.errors).toHaveLength(1)
    expect(box.errors[0]).toMatch(/punkte\.geojson: layer "punkte" was not published: its output would fail geoportal check: layers\/punkte\/[0-9a-f]+\/punkte\.fgb has an implausible header size/)
    // Nothing of the refused layer stays behind (its version folder is removed again); check still passes.
    expect(await snapshot(box.catalog)).toEqual(before)
    expect((await checkCatalog(box.catalog)).ok).toBe(true)
  })
})

describe('after the commit', () => {
  /** Makes fs.promises.rm fail (EACCES) for paths below `prefix`, as an undeletable folder would. */
  const failRmBelow = (prefix: string) => {
    const rm = fsModule.promises.rm
    return vi.spyOn(fsModule.promises, 'rm').mockImplementation(async (p, o) => {
      if (String(p).startsWith(prefix)) throw Object.assign(new Error(`EACCES: permission denied, rm '${String(p)}'`), { code: 'EACCES' })
      return rm(p, o)
    })
  }

  it('a failed removal of the old version is a warning; exit 0 and the new version is live', async () => {
    const src = path.join(box.dir, 'punkte.geojson')
    await fs.writeFile(src, points('alt'))
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
    const oldHref = ((await readCatalog()).layers[0] as FileLayerEntry).href
    const oldDir = path.join(box.catalog, path.dirname(oldHref))
    failRmBelow(oldDir)
    await fs.writeFile(src, points('neu'))
    box.errors = []
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte'])).toBe(0)
    vi.mocked(fsModule.promises.rm).mockRestore()
    const entry = (await readCatalog()).layers[0]
    expect((entry as FileLayerEntry).href).not.toBe(oldHref)
    expect(box.errors).toEqual([
      expect.stringMatching(/^warning: could not remove the old version layers\/punkte\/[0-9a-f]{12} \(EACCES\); the catalog is committed — delete it by hand/),
    ])
    const check = await checkCatalog(box.catalog)
    expect(check.ok).toBe(true)
    expect(check.problems).toEqual([`${path.dirname(oldHref)}: not referenced by catalog.json (left over; safe to delete)`])
  })

  it('a failed removal of a withdrawn layer’s files is a warning; exit 0 and the layer is gone from the catalog', async () => {
    await publishExisting()
    failRmBelow(path.join(box.catalog, 'layers', 'ok'))
    box.errors = []
    expect(await main(['withdraw', 'ok', '--catalog', box.catalog])).toBe(0)
    vi.mocked(fsModule.promises.rm).mockRestore()
    expect((await readCatalog()).layers).toEqual([])
    expect(box.errors).toEqual([expect.stringMatching(/^warning: could not remove the files of the withdrawn layer \(layers\/ok\) \(EACCES\)/)])
  })
})
