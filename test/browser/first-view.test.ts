// Something useful early (issue #21): while the start layers' files are still on their way, the base map and the
// layer list are there, and each switched-on layer says that it is loading ("lädt …", aria-busy on its row, so
// screen readers know the row will change); once the layers are in, the rows say what they show.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { DemoPortal, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

describe.skipIf(!!unavailable)('the first view while its layers load', () => {
  let portal: DemoPortal
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  }, 180_000)
  afterAll(() => portal?.close())

  it('shows the base map and the layer list first, and says which layers are still loading', async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      // The layer files are held back (the vector worker's requests too: routes are per browser context).
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      const fgb: string[] = []
      await page.context().route(/\.fgb$/, async (route) => {
        fgb.push(route.request().url())
        await held
        await route.continue()
      })
      const basemapRead = page.waitForResponse((r) => /\.pmtiles$/.test(new URL(r.url()).pathname) && r.status() === 206, { timeout: 60_000 })
      await page.goto(`${portal.server.url}?bench`)
      const start = ['demo-stadtgebiet', 'demo-radwege', 'demo-spielplaetze']
      for (const id of start) {
        const row = page.getByTestId(`layer-${id}`)
        await expect.poll(() => row.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('true')
        expect(await page.locator(`#layer-status-${id}`).innerText()).toBe('lädt …')
      }
      // The list is all there, the base map is being read, and no layer is complete.
      expect(await page.locator('[data-testid^="layer-demo-"]').count()).toBe(catalog.layers.length)
      await basemapRead
      expect(fgb.length).toBeGreaterThan(0)
      expect(await page.evaluate(() => window.__bench)).toBeUndefined()
      // A layer that is switched off is not "loading".
      expect(await page.getByTestId('layer-demo-baeume').getAttribute('aria-busy')).toBeNull()

      release()
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
      expect(await page.evaluate(() => window.__bench)).toMatchObject({ ready: true })
      for (const id of start) {
        await expect.poll(() => page.getByTestId(`layer-${id}`).getAttribute('aria-busy')).toBeNull()
        expect(await page.locator(`#layer-status-${id}`).innerText()).toMatch(/\d+ Objekte?/)
      }
    } finally {
      await page.close()
    }
  }, 180_000)

  it("reads the base map's archive header while its style is still on its way, and each of them once", async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      const demo = catalog.basemaps!.find((b) => b.id === 'demo') as { url: string; style: string }
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      const styles: string[] = []
      await page.route((u) => u.pathname.endsWith(`/${demo.style}`), async (route) => {
        styles.push(route.request().url())
        await held
        await route.continue()
      })
      const reads: string[] = []
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.endsWith(`/${demo.url}`)) reads.push(r.headers()['range'] ?? 'whole')
      })
      // Before the prefetch (issue #21) the archive was opened only once the style was in and the map had its source.
      const header = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith(`/${demo.url}`), { timeout: 60_000 })
      await page.goto(`${portal.server.url}?bench`)
      await header
      await expect.poll(() => styles.length).toBe(1)
      release()
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
      expect(await page.evaluate(() => window.__bench)).toMatchObject({ ready: true })
      // Taken over by the map, not asked for again: the style once, and no byte of the archive twice — the start
      // view's tiles are read early through the same kept bytes (the demo's lie inside the first 16 KiB, read with
      // the header; before, the map read them from the network again).
      expect(styles).toHaveLength(1)
      const ranges = reads.map((r) => /^bytes=(\d+)-(\d+)$/.exec(r)!.slice(1).map(Number)).sort((a, b) => a[0] - b[0])
      expect(ranges.length).toBeGreaterThan(0)
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0], `${reads.join(', ')} overlap`).toBeGreaterThan(ranges[i - 1][1])
    } finally {
      await page.close()
    }
  }, 180_000)

  // The early entry (src/app/early.ts, issue #21): catalog.json and the first data requests do not wait for
  // MapLibre's chunk. Before it, they were started by main.tsx, which runs only once that chunk is in.
  it("starts the start layers' and the base map's requests while MapLibre's chunk is still on its way", async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      const demo = catalog.basemaps!.find((b) => b.id === 'demo') as { url: string; style: string }
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      let maplibreHeld = 0
      // Per browser context: the vector worker's requests too.
      await page.context().route(/\/assets\/maplibre-[\w-]+\.js$/, async (route) => {
        maplibreHeld++
        await held
        await route.continue()
      })
      const early: string[] = []
      await page.context().route(/\.(fgb|pmtiles|json)$/, async (route) => {
        early.push(`${new URL(route.request().url()).pathname.split('/').pop()} ${route.request().headers()['range'] ?? ''}`.trim())
        await route.continue()
      })
      // Not until "load": that waits for the held chunk.
      await page.goto(`${portal.server.url}?bench`, { waitUntil: 'commit' })
      const seen = () => early.join(', ')
      await expect.poll(() => early.some((r) => /\.fgb bytes=/.test(r)), { timeout: 60_000, message: seen() }).toBe(true)
      await expect.poll(() => early.some((r) => r === demo.style.split('/').pop()), { timeout: 60_000 }).toBe(true)
      await expect.poll(() => early.some((r) => r.startsWith(`${demo.url.split('/').pop()} bytes=`)), { timeout: 60_000 }).toBe(true)
      // All of that while MapLibre is held back: the map cannot exist yet.
      expect(maplibreHeld).toBeGreaterThan(0)
      expect(await page.locator('.maplibregl-map').count()).toBe(0)
      release()
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
      expect(await page.evaluate(() => window.__bench)).toMatchObject({ ready: true })
      // The map took the early reads over: catalog.json and the style once each.
      expect(early.filter((r) => r === 'catalog.json')).toHaveLength(1)
      expect(early.filter((r) => r === demo.style.split('/').pop())).toHaveLength(1)
    } finally {
      await page.context().unrouteAll({ behavior: 'ignoreErrors' })
      await page.close()
    }
  }, 180_000)

  it('shows the first view without the early entry (main.tsx fetches the catalog itself)', async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      let aborted = 0
      await page.route(/\/assets\/early-[\w-]+\.js$/, async (route) => {
        aborted++
        await route.abort()
      })
      await page.goto(`${portal.server.url}?bench`)
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
      expect(aborted).toBe(1)
      expect(await page.evaluate(() => window.__bench)).toMatchObject({ ready: true })
    } finally {
      await page.close()
    }
  }, 180_000)

  it('says so when catalog.json cannot be read (the early entry fetched it, the main script shows the error)', async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      let asked = 0
      await page.route(/\/catalog\.json$/, async (route) => {
        asked++
        await route.fulfill({ status: 404, body: 'not found' })
      })
      await page.goto(`${portal.server.url}?bench`)
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
      expect(await page.evaluate(() => window.__bench)).toEqual({ error: 'HTTP 404' })
      expect(await page.locator('p.fatal[role="alert"]').innerText()).toContain('HTTP 404')
      expect(asked).toBe(1)
    } finally {
      await page.close()
    }
  }, 180_000)
})
