// The portal's limits (issue #20): a share link naming a layer twice, a catalog of 10,000 layers opened without a
// hash, and a FlatGeobuf cut short by an interrupted upload. Real build, real server, Debian Chromium.
import { promises as fs, readFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { syntheticCatalog } from '../../bench/_synthetic-catalog.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { flatGeobufLayout } from '../../src/sources/vector/fgbHeader.ts'
import { colourDistance, DemoPortal, PortalDriver, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED portal-limits browser tests: ${unavailable}`)

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
const toWork = projections.forward('EPSG:4326', 'EPSG:25832')
const TREE_GREEN = '#009E73'
/** Screenshots of the layer error state go here when set (SCREENSHOTS=/tmp/shots). */
const SHOTS = process.env.SCREENSHOTS

const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
const treesEntry = catalog.layers.find((l) => l.id === 'demo-baeume') as VectorLayerEntry

/** A demo tree in lon/lat, read from the published file. */
async function someTree(index = 17) {
  let i = 0
  for await (const f of deserialize(new Uint8Array(readFileSync(repoPath('data', treesEntry.href))))) {
    if (i++ === index) {
      const [e, n] = (f.geometry as unknown as { coordinates: number[] }).coordinates
      const [lon, lat] = toLonLat([e, n])
      return { lon, lat }
    }
  }
  throw new Error('no tree')
}

/** 60 m north of a place: inside a district, away from the tree (the district fill tints the map blue). */
function beside(p: { lon: number; lat: number }) {
  const [e, n] = toWork([p.lon, p.lat])
  const [lon, lat] = toLonLat([e, n + 60])
  return { lon, lat }
}

const statusOf = (page: Page, id: string) => page.getByTestId(`layer-${id}`).locator('.layer-status')

describe.skipIf(!!unavailable)('portal limits with the demo catalog', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('draws both layers of a share link that names one twice (layers=a,b,b)', async () => {
    const tree = await someTree()
    const d = await portal.open(`#map=16/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-bezirke,demo-baeume,demo-baeume`)
    expect(d.pageErrors).toEqual([])
    expect(await d.checkedLayers()).toEqual(['demo-baeume', 'demo-bezirke'])
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), TREE_GREEN)).toBeLessThan(40)
    const b = beside(tree)
    const district = await d.pixelAt(b.lon, b.lat)
    expect(district[2]).toBeGreaterThan(district[0] + 10)
  })

  it('shows a FlatGeobuf cut short (an interrupted upload) as a layer error, and draws the other layers', async () => {
    const file = path.join(portal.siteDir, treesEntry.href)
    const whole = await fs.readFile(file)
    const l = flatGeobufLayout(whole)
    // Cut inside the last feature: the index still fits the file, so only the catalog's size can tell.
    const lastStart = l.featuresOffset + Number(whole.readBigUInt64LE(l.featuresOffset - 8))
    const cut = Math.floor((lastStart + whole.length) / 2)
    await fs.writeFile(file, whole.subarray(0, cut))
    try {
      const tree = await someTree()
      for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
        const page = await portal.browser.newPage({ viewport })
        await page.goto(`${portal.server.url}?bench#map=16/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-bezirke,demo-baeume`)
        const alert = page.getByTestId('layer-demo-baeume').getByRole('alert')
        await alert.waitFor({ timeout: 30_000 })
        expect(await alert.innerText()).toContain(`demo-baeume.fgb does not match the catalog: ${cut} bytes, the catalog says ${treesEntry.bytes}`)
        // The first-view hook reports the error; the other layer is drawn.
        const bench = await page.waitForFunction(() => window.__bench, null, { timeout: 30_000 })
        expect(((await bench.jsonValue()) as { error?: string }).error).toMatch(/does not match the catalog/)
        await page.waitForSelector('[data-testid="layer-demo-bezirke"] .layer-status.ready')
        await page.waitForSelector('[data-testid="map"][data-idle="true"]')
        expect(await statusOf(page, 'demo-bezirke').getAttribute('class')).toContain('ready')
        if (viewport.width === 1280) {
          const d = PortalDriver.attach(page)
          const b = beside(tree)
          const district = await d.pixelAt(b.lon, b.lat)
          expect(district[2]).toBeGreaterThan(district[0] + 10)
          // No tree is drawn from the damaged file.
          expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), TREE_GREEN)).toBeGreaterThan(40)
        }
        if (SHOTS) {
          await fs.mkdir(SHOTS, { recursive: true })
          await alert.scrollIntoViewIfNeeded()
          await page.screenshot({ path: path.join(SHOTS, `layer-error-${viewport.width}x${viewport.height}.png`) })
        }
        await page.close()
      }
    } finally {
      await fs.writeFile(file, whole)
    }
  })
})

describe.skipIf(!!unavailable)('a catalog of 10,000 layers opened without a hash', () => {
  const START = ['demo-bezirke', 'demo-baeume']
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
    // The demo's layers (two marked as start layers) and 9,993 synthetic ones without files.
    const synthetic = syntheticCatalog(10_000 - catalog.layers.length, 11)
    const big: Catalog = {
      ...catalog,
      // The demo's own start marks are replaced by START.
      layers: [...catalog.layers.map(({ visible: _, ...l }) => (START.includes(l.id) ? { ...l, visible: true } : l)), ...synthetic.layers.map((l) => ({ ...l, access: 'public' as const }))],
    }
    expect(big.layers).toHaveLength(10_000)
    await fs.writeFile(path.join(portal.siteDir, 'catalog.json'), JSON.stringify(big))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('opens with only its start layers and stays responsive', async () => {
    const tree = await someTree()
    // No hash at all: the catalog's home view and start layers. (?bench makes the page report its first view.)
    const d = await portal.open('')
    expect(d.pageErrors).toEqual([])
    expect((await d.checkedLayers()).sort()).toEqual([...START].sort())
    const fgb = portal.server.requests.filter((r) => r.path.endsWith('.fgb') || r.path.endsWith('.tif'))
    expect(new Set(fgb.map((r) => r.path.split('/')[2]))).toEqual(new Set(START))
    // Responsive: the layer search answers, a found layer switches on and is drawn.
    await d.page.getByRole('searchbox', { name: 'Ebenen suchen' }).fill('Demo: Radwege')
    await d.page.getByTestId('layer-demo-radwege').waitFor()
    await d.setLayerVisible('demo-radwege', true)
    await d.page.waitForSelector('[data-testid="layer-demo-radwege"] .layer-status.ready', { timeout: 30_000 })
    expect((await d.hashState()).layers).toEqual(['demo-bezirke', 'demo-baeume', 'demo-radwege'])
    // …and the map follows a share link to a tree.
    await d.page.evaluate((h) => (location.hash = h), `#map=16/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-baeume`)
    await d.waitIdle()
    await d.page.waitForSelector('[data-testid="layer-demo-baeume"] .layer-status.ready', { timeout: 30_000 })
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), TREE_GREEN)).toBeLessThan(40)
    expect(d.pageErrors).toEqual([])
  })
})
