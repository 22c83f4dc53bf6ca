// The walking skeleton in a real browser: the production build of the portal with the demo catalog, served
// with HTTP Range support, in Debian's Chromium.
import { promises as fs, readFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, FileLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { colourDistance, DemoPortal, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

const BACKGROUND = '#f4f3ef'
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')

describe.skipIf(!!unavailable)('portal with the demo catalog', () => {
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  const href = (id: string) => repoPath('data', (catalog.layers.find((l) => l.id === id) as FileLayerEntry).href)
  const open = (hash: string, viewport?: { width: number; height: number }, options?: { bypassCSP?: boolean }) => portal.open(hash, viewport, options)

  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  /** A demo tree in lon/lat with its number, read from the published file. */
  async function someTree(index = 17) {
    const bytes = new Uint8Array(readFileSync(href('demo-baeume')))
    let i = 0
    for await (const f of deserialize(bytes)) {
      if (i++ === index) {
        const [e, n] = (f.geometry as unknown as { coordinates: number[] }).coordinates
        const [lon, lat] = toLonLat([e, n])
        return { lon, lat, nr: f.properties!.baum_nr as string, art: f.properties!.art as string }
      }
    }
    throw new Error('no tree')
  }

  it('draws a point layer where its features are', async () => {
    const tree = await someTree()
    // No base map: the plain background, so that "empty" can be told from drawn (the demo opens on its base map).
    const d = await open(`#map=16/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-baeume&basemap=none`)
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), '#009E73')).toBeLessThan(40)
    // 40 m east of the tree (≈ 16 px at this zoom) is empty background, unless another tree happens to be there.
    const [e, n] = new Projections().forward('EPSG:4326', 'EPSG:25832')([tree.lon, tree.lat])
    const [lon2, lat2] = toLonLat([e, n + 60])
    expect(colourDistance(await d.pixelAt(lon2, lat2), BACKGROUND)).toBeLessThan(6)
  })

  it('draws polygons and the raster in their place (raster edge within 3 pixels)', async () => {
    const raster = catalog.layers.find((l) => l.id === 'demo-gelaende')!
    // West edge of the raster, at the row through its centre.
    const west = raster.bbox[0]
    const north = (raster.bbox[1] + raster.bbox[3]) / 2
    const [lonEdge, lat] = toLonLat([west, north])
    const d = await open(`#map=16/${lat.toFixed(6)}/${lonEdge.toFixed(6)}&layers=demo-gelaende&basemap=none`)
    // At zoom 16 a pixel is 0.74 m here: 2 m (under 3 pixels) inside shows data, 2 m outside background.
    const inside = toLonLat([west + 2, north])
    const outside = toLonLat([west - 2, north])
    expect(colourDistance(await d.pixelAt(inside[0], inside[1]), BACKGROUND)).toBeGreaterThan(30)
    expect(colourDistance(await d.pixelAt(outside[0], outside[1]), BACKGROUND)).toBeLessThan(6)

    // A district centre is tinted blue; far outside the town is plain background.
    const d2 = await open('#map=11/51.5711/8.1059&layers=demo-bezirke&basemap=none')
    const [clon, clat] = toLonLat([438000, 5714000])
    const centre = await d2.pixelAt(clon, clat)
    expect(centre[2]).toBeGreaterThan(centre[0] + 10)
    const far = toLonLat([438000, 5721500])
    expect(colourDistance(await d2.pixelAt(far[0], far[1]), BACKGROUND)).toBeLessThan(6)
  })

  it('shows the attributes of a clicked feature as text', async () => {
    const tree = await someTree(42)
    // layers= lists the draw order bottom to top: the trees above the districts.
    const d = await open(`#map=17/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-bezirke,demo-baeume`)
    await d.clickAt(tree.lon, tree.lat)
    const text = await d.featureInfoText()
    expect(text).toContain(tree.nr)
    expect(text).toContain(tree.art)
    // The tree lies inside a district too: two hits, paged, the tree (top layer) first.
    expect(await d.page.getByTestId('feature-page').innerText()).toBe('1 / 2')
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Straßenbäume')
    await d.page.getByRole('button', { name: 'Nächstes Objekt' }).click()
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Stadtbezirke')
  })

  it('restores the view and layers from the URL and keeps the URL current', async () => {
    const d = await open('#map=13.5/51.56/8.09&layers=demo-bezirke,demo-radwege')
    // The list shows the top layer first.
    expect(await d.checkedLayers()).toEqual(['demo-radwege', 'demo-bezirke'])
    const s = await d.hashState()
    expect(s).toMatchObject({ zoom: 13.5, layers: ['demo-bezirke', 'demo-radwege'] })
    expect(Math.abs(s.lat - 51.56)).toBeLessThan(1e-4)
    expect(Math.abs(s.lon - 8.09)).toBeLessThan(1e-4)
    await d.setLayerVisible('demo-baeume', true)
    expect((await d.hashState()).layers).toEqual(['demo-bezirke', 'demo-radwege', 'demo-baeume'])
    await d.page.keyboard.press('Escape')
    // Pan by keyboard, as a keyboard user would: the URL follows the map.
    await d.page.locator('canvas').focus()
    await d.page.keyboard.press('ArrowRight')
    await d.waitIdle()
    const moved = await d.hashState()
    expect(moved.lon).toBeGreaterThan(8.09)
    // Opening the new URL in a fresh tab shows the same state.
    const url = await d.page.evaluate(() => location.hash)
    const d2 = await open(url)
    expect((await d2.checkedLayers()).sort()).toEqual(['demo-baeume', 'demo-bezirke', 'demo-radwege'])
    expect(await d2.hashState()).toEqual(await d.hashState())
  })

  it('streams vector layers with Range requests and requests nothing from other origins', async () => {
    const d = await open('#map=14/51.5711/8.1059')
    expect(d.pageErrors).toEqual([])
    for (const x of portal.opened) expect(x.foreignRequests(portal.server.url)).toEqual([])
    const fgbRequests = portal.server.requests.filter((r) => r.path.endsWith('.fgb'))
    expect(fgbRequests.length).toBeGreaterThan(0)
    // Every read is a Range read. 304: the browser revalidated a range it had cached (If-None-Match) — still
    // only that range, never the whole file.
    expect(fgbRequests.filter((r) => !(r.range && (r.status === 206 || r.status === 304)))).toEqual([])
  })

  it('keeps working when one layer file is broken, and says which', async () => {
    const broken = path.join(portal.siteDir, (catalog.layers.find((l) => l.id === 'demo-radwege') as FileLayerEntry).href)
    const original = await fs.readFile(broken)
    await fs.writeFile(broken, original.subarray(0, 6))
    try {
      const page = await portal.browser.newPage()
      await page.goto(`${portal.server.url}#map=13/51.5711/8.1059&layers=demo-radwege,demo-baeume`)
      await page.getByTestId('layer-demo-radwege').getByRole('alert').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('layer-demo-radwege').innerText()).toMatch(/demo-radwege\.fgb is too short/)
      await page.waitForSelector('[data-testid="layer-demo-baeume"] .layer-status.ready')
      expect(await page.getByTestId('layer-demo-baeume').innerText()).toMatch(/400 Objekte|\d+ Objekte/)
      await page.close()
    } finally {
      await fs.writeFile(broken, original)
    }
  })

})
