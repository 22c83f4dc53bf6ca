// geoportal start (issue #15): the start marks, set atomically under the catalog lock; and the default colours
// the publisher writes for layers without a style.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { cvdDistance, DEFAULT_PALETTE } from '../../src/catalog/palette.ts'
import { main } from '../main.ts'

let out: string[]
let work: string
let published: string
const read = (dir: string) => fs.readFile(path.join(dir, 'catalog.json'), 'utf8')

/** Four layers without style files: two polygon layers, a line layer and a point layer around Soest. */
async function publishFour(dir: string, tmp: string): Promise<void> {
  const sq = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] })
  const inputs: Record<string, unknown[]> = {
    bezirke: [sq(8.1, 51.57), sq(8.12, 51.57)],
    gemeinden: [sq(8.05, 51.55)],
    wege: [{ type: 'LineString', coordinates: [[8.1, 51.57], [8.11, 51.58]] }],
    schulen: [{ type: 'Point', coordinates: [8.1, 51.57] }, { type: 'Point', coordinates: [8.11, 51.575] }],
  }
  for (const [id, geometries] of Object.entries(inputs)) {
    const file = path.join(tmp, `${id}.geojson`)
    await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: geometries.map((geometry, i) => ({ type: 'Feature', geometry, properties: { nr: i } })) }))
    expect(await main(['publish', file, '--catalog', dir, '--id', id, '--title', id])).toBe(0)
  }
}

beforeAll(async () => {
  published = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-start-base-'))
  vi.spyOn(console, 'log').mockImplementation(() => {})
  await publishFour(path.join(published, 'catalog'), published)
  vi.restoreAllMocks()
})

beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-start-'))
  await fs.cp(path.join(published, 'catalog'), path.join(work, 'catalog'), { recursive: true })
  out = []
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m))
  vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await fs.rm(work, { recursive: true, force: true })
})

describe('geoportal start', () => {
  it('marks exactly the given layers, changing nothing else in catalog.json', async () => {
    const dir = path.join(work, 'catalog')
    const before = await read(dir)
    expect(await main(['start', 'schulen', 'bezirke', '--catalog', dir])).toBe(0)
    expect(out.join('\n')).toBe(`start layers set: bezirke, schulen in ${dir}`)
    const after = await read(dir)
    const c = JSON.parse(after) as Catalog
    expect(c.layers.filter((l) => l.visible).map((l) => l.id)).toEqual(['bezirke', 'schulen'])
    // Byte for byte the old text once the two marks are taken out again.
    const unmarked = JSON.parse(after) as { layers: Record<string, unknown>[] }
    for (const l of unmarked.layers) delete l.visible
    expect(`${JSON.stringify(unmarked, null, 2)}\n`).toBe(before)
    expect(after.match(/"visible": true/g)).toHaveLength(2)

    // A new set replaces the old one; the same set again writes nothing.
    expect(await main(['start', 'wege', '--catalog', dir, '--json'])).toBe(0)
    expect(JSON.parse(out.at(-1)!)).toEqual({ changed: true, start: ['wege'] })
    const stat = await fs.stat(path.join(dir, 'catalog.json'))
    expect(await main(['start', 'wege', '--catalog', dir, '--json'])).toBe(0)
    expect(JSON.parse(out.at(-1)!)).toEqual({ changed: false, start: ['wege'] })
    expect((await fs.stat(path.join(dir, 'catalog.json'))).ino).toBe(stat.ino)

    expect(await main(['start', '--catalog', dir])).toBe(0)
    expect(out.at(-1)).toBe('start layers: wege')
    expect(await main(['start', '--clear', '--catalog', dir])).toBe(0)
    expect(await read(dir)).toBe(before)
    expect(await main(['start', '--catalog', dir])).toBe(0)
    expect(out.at(-1)).toBe('no start layers marked')
  })

  it('keeps the mark when a layer is published again', async () => {
    const dir = path.join(work, 'catalog')
    expect(await main(['start', 'wege', '--catalog', dir])).toBe(0)
    const file = path.join(work, 'wege2.geojson')
    await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[8.1, 51.57], [8.12, 51.59]] }, properties: { nr: 7 } }] }))
    expect(await main(['publish', file, '--catalog', dir, '--id', 'wege', '--title', 'wege'])).toBe(0)
    const c = JSON.parse(await read(dir)) as Catalog
    expect(c.layers.filter((l) => l.visible).map((l) => l.id)).toEqual(['wege'])
  })

  it('refuses an unknown id, --clear with ids, too many ids and a missing catalog in one line, changing nothing', async () => {
    const dir = path.join(work, 'catalog')
    await main(['start', 'bezirke', '--catalog', dir])
    const before = await read(dir)
    const cases: [string[], number, RegExp][] = [
      [['start', 'bezirke', 'gibtsnicht', '--catalog', dir], 1, /^geoportal start: .*catalog\.json: no layer "gibtsnicht"$/],
      [['start', 'bezirke', '--clear', '--catalog', dir], 2, /^geoportal start: --clear takes no layer ids$/],
      [['start', 'wege', 'wege', '--catalog', dir], 2, /^geoportal start: layer "wege" is named twice$/],
      [['start', ...Array.from({ length: 21 }, (_, i) => `l${i}`), '--catalog', dir], 2, /^geoportal start: at most 20 start layers/],
      [['start', 'bezirke', '--catalog', path.join(work, 'nirgends')], 1, /^geoportal start: .*nirgends\/catalog\.json: no catalog there$/],
    ]
    for (const [args, code, line] of cases) {
      out = []
      expect(await main(args)).toBe(code)
      expect(out[0]).toMatch(line)
      expect(await read(dir)).toBe(before)
    }
    await expect(fs.access(path.join(work, 'nirgends'))).rejects.toThrow()
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp') || n === '.lock')).toEqual([])
  })

  it('waits for no one: a catalog locked by a live publisher is refused, unchanged', async () => {
    const dir = path.join(work, 'catalog')
    const before = await read(dir)
    await fs.writeFile(path.join(dir, '.lock'), String(process.pid))
    expect(await main(['start', 'bezirke', '--catalog', dir])).toBe(1)
    expect(out[0]).toMatch(/is being changed by another publish/)
    expect(await read(dir)).toBe(before)
    await fs.rm(path.join(dir, '.lock'))
  })
})

describe('default colours of layers published without a style', () => {
  it('are distinct palette colours, translucent fills with solid outlines, points on a white halo', async () => {
    const c = JSON.parse(await read(path.join(work, 'catalog'))) as Catalog
    const styles = Object.fromEntries((c.layers as VectorLayerEntry[]).map((l) => [l.id, l.style]))
    const colours = Object.values(styles).map((s) => s.color)
    expect(new Set(colours).size).toBe(4)
    for (const colour of colours) expect(DEFAULT_PALETTE).toContain(colour)
    for (const a of colours) for (const b of colours) if (a !== b) expect(cvdDistance(a, b)).toBeGreaterThan(15)
    // The first layer of an empty catalog takes the palette's first colour, the next the farthest from it.
    expect(styles.bezirke.color).toBe(DEFAULT_PALETTE[0])
    expect(styles.gemeinden.color).toBe(DEFAULT_PALETTE[1])
    expect(styles.bezirke).toEqual({ color: DEFAULT_PALETTE[0], strokeColor: DEFAULT_PALETTE[0], strokeWidth: 1.5, opacity: 0.25 })
    expect(styles.wege).toEqual({ color: styles.wege.color, strokeWidth: 2.5 })
    expect(styles.schulen).toEqual({ color: styles.schulen.color, strokeColor: '#ffffff', strokeWidth: 1.5, radius: 5, opacity: 1 })
  })

  it('are stable: a re-published layer keeps its colour, a withdrawn one frees its colour for the next', async () => {
    const dir = path.join(work, 'catalog')
    const before = JSON.parse(await read(dir)) as Catalog
    // Publishing the four again (new data, same ids) and a fifth layer leaves the four colours as they were.
    await publishFour(dir, work)
    const file = path.join(work, 'parks.geojson')
    await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1, 51.57] }, properties: {} }] }))
    expect(await main(['publish', file, '--catalog', dir, '--id', 'parks', '--title', 'Parks'])).toBe(0)
    const after = JSON.parse(await read(dir)) as Catalog
    const colour = (cat: Catalog, id: string) => ((cat.layers.find((l) => l.id === id) as VectorLayerEntry).style.color)
    for (const l of before.layers) expect(colour(after, l.id)).toBe(colour(before, l.id))
    expect(before.layers.map((l) => colour(before, l.id))).not.toContain(colour(after, 'parks'))
  })
})
