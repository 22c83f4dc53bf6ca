// The inventory on a tree with known content made by GDAL's writers (test/helpers/inventoryTree.ts): exactly the
// expected finds, sets, duplicates, versions and problems; the same after a run killed mid-way and resumed.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'
import { makeInventoryTree, type Expected } from '../../test/helpers/inventoryTree.ts'
import { loadProjections } from '../publish/input.ts'
import { extendProjections, KREIS_SOEST } from './crs.ts'
import { runInventory, type InventoryOptions } from './run.ts'
import type { Find } from './types.ts'

const missing = gdalToolsMissing('ogr2ogr', 'gdal_create', 'gdal_translate')
if (missing) console.log(`inventory tree tests skipped: ${missing}`)

const BIN = path.resolve(import.meta.dirname, '../geoportal.mjs')

function read(out: string): Find[] {
  return readFileSync(path.join(out, 'inventory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Find)
}

async function options(roots: string[], out: string, extra: Partial<InventoryOptions> = {}): Promise<InventoryOptions> {
  return {
    roots, out, resume: false, concurrency: 4, followLinks: false, area: KREIS_SOEST, staleYears: 10, expectFiles: null, progress: null,
    checkpointSeconds: 5, projections: extendProjections(await loadProjections()), now: Date.now(), ...extra,
  }
}

describe.skipIf(missing)('geoportal inventory on a known tree', () => {
  let dir: string
  let root: string
  let expected: Expected
  let finds: Find[]
  const rel = (f: Find) => path.relative(root, f.path)
  const byPath = (p: string) => finds.find((f) => rel(f) === p)!

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-'))
    root = path.join(dir, 'tree')
    expected = makeInventoryTree(root)
    await runInventory(await options([root], path.join(dir, 'out')))
    finds = read(path.join(dir, 'out'))
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds exactly the geodata, by content, one line per set', () => {
    const got = Object.fromEntries(finds.map((f) => [rel(f), f.format]))
    expect(got).toEqual(expected.finds)
  })

  it('reports exactly the expected problems', () => {
    const got = Object.fromEntries(finds.filter((f) => f.problems.length).map((f) => [rel(f), [...new Set(f.problems.map((p) => p.code))].sort()]))
    expect(got).toEqual(Object.fromEntries(Object.entries(expected.problems).map(([k, v]) => [k, [...v].sort()])))
  })

  it('reads CRS, bbox and counts', () => {
    const shp = byPath('a/schulen.shp')
    expect(shp).toMatchObject({ crs: 'EPSG:25832', count: 3, bbox: [442900, 5716800, 444100, 5717900] })
    expect(shp.parts?.sort()).toEqual(['schulen.dbf', 'schulen.prj', 'schulen.shx', ...(shp.parts?.includes('schulen.cpg') ? ['schulen.cpg'] : [])].sort())
    expect(byPath('a/strassen.shp').problems.find((p) => p.code === 'incomplete-set')?.detail).toBe('missing .shx, .prj')
    const gpkg = byPath('b/daten.dat')
    expect(gpkg).toMatchObject({ crs: 'EPSG:25832', count: 4 })
    expect(gpkg.layers?.map((l) => [l.name, l.count])).toEqual([['punkte', 3], ['punkte2', 1]])
    expect(byPath('d/dom.tif')).toMatchObject({ crs: 'EPSG:25832', bbox: [440000, 5719900, 440200, 5720000], count: 200 })
    expect(byPath('d/scan.png')).toMatchObject({ crs: null, nativeBbox: [440000, 5719900, 440200, 5720000], count: 200 })
    expect(byPath('d/punkte.fgb')).toMatchObject({ crs: 'EPSG:25832', count: 3, bbox: [442900, 5716800, 444100, 5717900] })
    expect(byPath('e/alkis.xml')).toMatchObject({ crs: 'EPSG:25832', count: 2, bbox: [443000, 5717000, 444000, 5718000] })
    expect(byPath('e/punkte.gml')).toMatchObject({ crs: 'EPSG:25832', count: 3 })
    expect(byPath('f/adressen.csv')).toMatchObject({ crs: 'EPSG:25832', count: 2, bbox: [443500, 5717200, 443800, 5717900] })
    expect(byPath('f/tabelle.xlsx')).toMatchObject({ crs: 'EPSG:25832', count: 2 })
    expect(byPath('e/weg.gpx')).toMatchObject({ crs: 'EPSG:4326', count: 3 })
    expect(byPath('g/karte.kmz')).toMatchObject({ crs: 'EPSG:4326', count: 3 })
    expect(byPath('g/paket.shp.zip').sources?.sort()).toEqual(['adressen.shp'])
    expect(byPath('g/projekt.qgs').problems[0].detail).toBe('./fehlt.shp')
    expect(byPath('c/punkte.geojson')).toMatchObject({ crs: 'EPSG:4326', count: 2 })
    // the lon/lat extent in EPSG:25832 against GDAL: the box of the transformed corners of the lon/lat box
    const b = byPath('c/punkte.geojson').bbox!
    const proj = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:25832', '-output_xy'], {
      input: '8.106 51.57\n8.106 51.571\n8.11 51.57\n8.11 51.571\n',
      encoding: 'utf8',
    })
    const pts = proj.trim().split('\n').map((l) => l.split(/\s+/).map(Number))
    const want = [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))]
    b.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(0.05))
  })

  it('names duplicates and version groups', () => {
    expect(byPath('b/plan.gpkg').duplicateOf).toBe(path.join(root, 'b/daten.dat'))
    expect(byPath('c/Kopie von punkte.geojson').duplicateOf).toBe(path.join(root, 'c/punkte.geojson'))
    expect(byPath('c/Kopie von punkte.geojson').hash).toBe(byPath('c/punkte.geojson').hash)
    expect(byPath('c/punkte.geojson').hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(new Set(['c/punkte.geojson', 'c/Kopie von punkte.geojson', 'c/punkte_alt.geojson'].map((p) => byPath(p).versionGroup))).toEqual(new Set(['geojson|punkte']))
  })

  it('keeps the raw bytes of a name that is not UTF-8', () => {
    const f = byPath('i/Straßen.geojson')
    expect(Buffer.from(f.pathBase64!, 'base64').toString('latin1')).toBe(path.join(root, 'i/Stra\xdfen.geojson'))
  })

  it('writes the summary tables', () => {
    const out = path.join(dir, 'out')
    const format = readFileSync(path.join(out, 'summary-by-format.csv'), 'utf8')
    expect(format).toMatch(/^format,finds,bytes,with_problems\n/)
    expect(format).toMatch(/\ngeojson,6,\d+,5\n/)
    const problem = readFileSync(path.join(out, 'summary-by-problem.csv'), 'utf8')
    expect(problem).toMatch(/\nduplicate,4,/)
    expect(readFileSync(path.join(out, 'summary-by-age.csv'), 'utf8')).toMatch(/\n>= 20 years,1,|\n10-20 years,1,/)
    for (const t of ['folder', 'crs']) expect(existsSync(path.join(out, `summary-by-${t}.csv`))).toBe(true)
  })

  it('follows folder links on request and reports the loop', async () => {
    const out = path.join(dir, 'out-links')
    await runInventory(await options([path.join(root, 'j')], out, { followLinks: true }))
    const got = read(out).map((f) => [path.relative(root, f.path), f.problems.map((p) => p.code)])
    expect(got).toContainEqual(['j/schleife/j', ['link-loop']])
  })

  it('gives the same result after a run killed mid-way and resumed', async () => {
    const out = path.join(dir, 'out-killed')
    // A slow walk (test hook) with a checkpoint every directory or so, killed once a third of the tree is done.
    const child = spawn(process.execPath, [BIN, 'inventory', root, '--out', out, '--no-progress'], {
      env: { ...process.env, GEOPORTAL_INVENTORY_DELAY_MS: '30', GEOPORTAL_INVENTORY_CHECKPOINT_MS: '20' },
      stdio: 'ignore',
    })
    const cp = path.join(out, '.inventory/checkpoint.json')
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        try {
          const c = JSON.parse(readFileSync(cp, 'utf8'))
          if (c.counters.dirs >= 40) {
            clearInterval(poll)
            child.kill('SIGKILL')
            resolve()
          }
        } catch {
          /* not written yet */
        }
      }, 10)
      child.on('exit', () => {
        clearInterval(poll)
        reject(new Error('the walk ended before it could be killed'))
      })
    })
    await new Promise((r) => child.once('exit', r))
    expect(existsSync(path.join(out, 'inventory.jsonl'))).toBe(false)
    const c = JSON.parse(readFileSync(cp, 'utf8'))
    expect(c.done).toBe(false)
    const result = await runInventory(await options([root], out, { resume: true }))
    expect(result.resumed).toBe(true)
    const strip = (f: Find) => JSON.stringify({ ...f, modified: null })
    expect(read(out).map(strip).sort()).toEqual(finds.map(strip).sort())
  }, 60_000)
})

describe.skipIf(missing)('geoportal inventory --draft-catalog', () => {
  it('turns chosen finds into metadata drafts that geoportal publish accepts', async () => {
    const { main } = await import('../main.ts')
    const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-drafts-'))
    try {
      const root = path.join(dir, 'tree')
      makeInventoryTree(root)
      const drafts = path.join(dir, 'drafts')
      expect(await main(['inventory', root, '--out', path.join(dir, 'out'), '--no-progress', '--draft-catalog', drafts, '--select', '/a/schulen', '--select', '/h/'])).toBe(0)
      const lines = readFileSync(path.join(drafts, 'drafts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      // the damaged finds in h/ are not drafted
      expect(lines.map((l) => [l.id, l.crs, l.count])).toEqual([['schulen', 'EPSG:25832', 3]])
      const meta = JSON.parse(readFileSync(lines[0].meta, 'utf8'))
      expect(meta).toMatchObject({ title: 'Schulen', access: 'internal', keywords: ['shapefile'] })
      expect(await main(['publish', lines[0].path, '--catalog', path.join(dir, 'catalog'), '--id', lines[0].id, '--meta', lines[0].meta])).toBe(0)
      const catalog = JSON.parse(readFileSync(path.join(dir, 'catalog', 'catalog.json'), 'utf8'))
      expect(catalog.layers.map((l: { id: string; access: string }) => [l.id, l.access])).toEqual([['schulen', 'internal']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
