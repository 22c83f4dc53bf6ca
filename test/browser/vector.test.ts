// Vector layers in the browser: styling and legend, zoom levels, panning, opacity and order.
import { readFileSync } from 'node:fs'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { colourDistance, DemoPortal, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED vector browser tests: ${unavailable}`)

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
const BACKGROUND = '#f4f3ef'

describe.skipIf(!!unavailable)('vector layers', () => {
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  const trees = catalog.layers.find((l) => l.id === 'demo-baeume') as VectorLayerEntry
  const open = (hash: string, viewport?: { width: number; height: number }, options?: { bypassCSP?: boolean }) => portal.open(hash, viewport, options)

  async function treesWhere(pred: (p: Record<string, unknown>, e: number) => boolean) {
    const out: { lon: number; lat: number; e: number; n: number; props: Record<string, unknown> }[] = []
    for await (const f of deserialize(new Uint8Array(readFileSync(repoPath('data', trees.href))))) {
      const [e, n] = (f.geometry as unknown as { coordinates: number[] }).coordinates
      if (pred(f.properties!, e)) {
        const [lon, lat] = toLonLat([e, n])
        out.push({ lon, lat, e, n, props: f.properties! })
      }
    }
    return out
  }

  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('draws categories in their colours at several zooms, and the legend shows the same colours', async () => {
    const [maple] = await treesWhere((p) => p.art === 'Bergahorn')
    const bergahorn = trees.style.categories!.values.find((v) => v.value === 'Bergahorn')!.color
    for (const z of [13, 15, 17]) {
      const d = await open(`#map=${z}/${maple.lat.toFixed(6)}/${maple.lon.toFixed(6)}&layers=demo-baeume`)
      expect(colourDistance(await d.pixelAt(maple.lon, maple.lat), bergahorn), `zoom ${z}`).toBeLessThan(40)
      if (z === 17) {
        const legend = await d.page.getByTestId('legend-demo-baeume').locator('[data-color]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.color))
        expect(legend).toEqual([...trees.style.categories!.values.map((v) => v.color), trees.style.color])
        const labels = await d.page.getByTestId('legend-demo-baeume').innerText()
        expect(labels).toMatch(/Linde[\s\S]*Stieleiche[\s\S]*Bergahorn[\s\S]*Rotbuche[\s\S]*andere/)
      }
    }
  })

  it('panning loads the new area with Range requests and draws what is there', async () => {
    const west = (await treesWhere((_, e) => e < 434500))[0]
    const east = (await treesWhere((_, e) => e > 441500))[0]
    const d = await open(`#map=16/${west.lat.toFixed(6)}/${west.lon.toFixed(6)}&layers=demo-baeume`)
    const before = portal.server.requests.filter((r) => r.path.endsWith('.fgb')).length
    // Jump as a shared link would (the hash is the public interface for views).
    await d.page.evaluate((h) => (location.hash = h), `#map=16/${east.lat.toFixed(6)}/${east.lon.toFixed(6)}&layers=demo-baeume`)
    await d.waitForFirstView()
    await d.waitIdle()
    const after = portal.server.requests.filter((r) => r.path.endsWith('.fgb'))
    expect(after.length).toBeGreaterThan(before)
    expect(after.slice(before).every((r) => r.range && r.status === 206)).toBe(true)
    expect(colourDistance(await d.pixelAt(east.lon, east.lat), BACKGROUND)).toBeGreaterThan(40)
  })

  it('opacity and order are under the user’s control', async () => {
    const [tree] = await treesWhere((p) => p.art === 'Linde')
    const d = await open(`#map=17/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-bezirke,demo-baeume`)
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), '#009E73')).toBeLessThan(40)
    // 20 m beside the tree: what the map shows there without the tree.
    const [e, n] = projections.forward('EPSG:4326', 'EPSG:25832')([tree.lon, tree.lat])
    const beside = toLonLat([e + 20, n])
    const ground = await d.pixelAt(beside[0], beside[1])
    await d.page.getByRole('slider', { name: 'Deckkraft: Demo: Straßenbäume' }).fill('0')
    await d.waitIdle()
    const hex = `#${[0, 1, 2].map((i) => ground[i].toString(16).padStart(2, '0')).join('')}`
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), hex)).toBeLessThan(12)
    await d.page.getByRole('button', { name: 'Nach unten: Demo: Straßenbäume' }).click()
    await d.waitIdle()
    expect((await d.hashState()).layers).toEqual(['demo-baeume', 'demo-bezirke'])
  })
})
