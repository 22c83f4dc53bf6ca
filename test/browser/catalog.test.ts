// The catalog in a real browser: search as you type (umlauts, ß, keywords from layer.json), the layer details
// page with its own URL, and an axe-core accessibility check of the map view and the details page.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { axeViolations, DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

interface AxeViolation {
  id: string
  impact: string
  help: string
  nodes: { target: string[]; failureSummary: string }[]
}

describe.skipIf(!!unavailable)('catalog search and layer pages', () => {
  const open = (hash: string, viewport?: { width: number; height: number }, options?: { bypassCSP?: boolean }) => portal.open(hash, viewport, options)
  const visibleLayers = (page: Page) => page.$$eval('.layer-list > li .layer-title', (els) => els.map((e) => e.textContent))

  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('filters the layer list as you type, tolerant of case, umlauts and ß', async () => {
    const d = await open('#map=13/51.5711/8.1059')
    const search = d.page.getByRole('searchbox', { name: 'Ebenen suchen' })
    for (const q of ['strassenbaeume', 'Straßenbäume', 'STRASSENBÄUME', 'BAUME']) {
      await search.fill(q)
      expect(await visibleLayers(d.page)).toEqual(['Demo: Straßenbäume'])
    }
    // "Straße" is also an attribute of the address layer (issue #15): both are found.
    await search.fill('strasse')
    expect(await visibleLayers(d.page)).toEqual(['Demo: Straßenbäume', 'Demo: Adressen (Hauskoordinaten)'])
    await search.fill('radweg')
    expect(await visibleLayers(d.page)).toEqual(['Demo: Radwege'])
    expect(await d.page.getByTestId('search-count').innerText()).toMatch(/^1 von \d+ Ebenen$/)
    // A keyword only in layer.json: found once the layer.json files have arrived.
    await search.fill('Baumkataster')
    await d.page.waitForFunction(() => document.querySelectorAll('.layer-list > li').length === 1)
    expect(await visibleLayers(d.page)).toEqual(['Demo: Straßenbäume'])
    // An attribute name, also from layer.json.
    await search.fill('einwohner')
    expect(await visibleLayers(d.page)).toEqual(['Demo: Stadtbezirke'])
    await search.fill('gibtesnicht')
    expect(await visibleLayers(d.page)).toEqual([])
    expect(await d.page.getByTestId('search-count').innerText()).toContain('Keine Ebene')
    await search.fill('')
    expect((await visibleLayers(d.page)).length).toBe(await d.page.evaluate(async () => ((await (await fetch('catalog.json')).json()) as { layers: unknown[] }).layers.length))
  })

  it('shows a layer page from the list, with metadata, timeliness and the quality report', async () => {
    const d = await open('#map=13/51.5711/8.1059&layers=demo-radwege')
    // By keyboard: the Details button opens the page and the page heading takes the focus.
    await d.page.getByRole('button', { name: 'Details: Demo: Stadtbezirke' }).focus()
    await d.page.keyboard.press('Enter')
    const page = d.page.getByTestId('details-page')
    await page.getByRole('heading', { level: 2, name: /Demo: Stadtbezirke/ }).waitFor()
    expect(await d.page.evaluate(() => location.hash)).toMatch(/^#map=13\/51\.5711\/8\.1059&layers=demo-radwege&layer=demo-bezirke$/)
    expect(await d.page.evaluate(() => document.activeElement?.id)).toBe('layer-page-title')
    expect(await d.page.title()).toMatch(/^Demo: Stadtbezirke – /)
    await page.getByText('Neun erfundene Stadtbezirke').waitFor()
    expect(await page.getByTestId('meta-category').innerText()).toContain('Demografische Daten und Strukturdaten')
    // Annual, last updated 2025-06-30: overdue since 2026-06-30 (the test date is after that).
    expect(await page.getByTestId('meta-timeliness').innerText()).toMatch(/überfällig seit \d+ Tagen/)
    expect(await page.getByText('Demodaten', { exact: true }).count()).toBeGreaterThan(0)
    const criteria = await page.getByTestId('details-quality').locator('h4').allInnerTexts()
    expect(criteria).toEqual(['aktuell', 'vollständig', 'konsistent', 'korrekt', 'genau', 'redundanzfrei', 'eindeutig', 'verständlich'])
    expect(await page.getByRole('link', { name: 'geoportal@example.org' }).getAttribute('href')).toBe('mailto:geoportal@example.org')
    expect(await page.getByRole('link', { name: /demo-bezirke\.fgb/ }).getAttribute('href')).toMatch(/layers\/demo-bezirke\/[0-9a-f]+\/demo-bezirke\.fgb$/)
    expect(await page.getByRole('link', { name: /layer\.json/ }).getAttribute('href')).toMatch(/layers\/demo-bezirke\/[0-9a-f]+\/layer\.json$/)
    expect(await page.innerText()).toContain('Einwohnerzahl (erfunden)')
    // Back to the map: the view and layers are as before.
    await d.page.getByRole('button', { name: /Zurück zur Karte/ }).click()
    await d.waitIdle()
    expect(await d.hashState()).toMatchObject({ zoom: 13, layers: ['demo-radwege'] })
    expect(await d.page.evaluate(() => location.hash)).not.toContain('layer=')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Details: Demo: Stadtbezirke')
  })

  it('opens #layer=demo-bezirke directly, and "Auf der Karte zeigen" turns the layer on and fits the map to it', async () => {
    const page = await portal.browser.newPage({ viewport: { width: 1000, height: 700 } })
    try {
      await page.goto(`${portal.server.url}?bench#map=16/51.60/8.20&layers=demo-radwege&layer=demo-bezirke`)
      await page.getByRole('heading', { level: 2, name: /Demo: Stadtbezirke/ }).waitFor()
      await page.getByText('Neun erfundene Stadtbezirke').waitFor()
      await page.getByRole('button', { name: 'Auf der Karte zeigen' }).click()
      await page.waitForSelector('[data-testid="map"][data-idle="true"]', { timeout: 60_000 })
      const hash = await page.evaluate(() => location.hash)
      expect(hash).not.toContain('layer=')
      expect(/layers=([^&]*)/.exec(hash)![1].split(',')).toEqual(['demo-radwege', 'demo-bezirke'])
      // Fitted to the districts: zoomed out from 16 and centred on Soest.
      const [z, lat, lon] = /map=([^&]*)/.exec(hash)![1].split('/').map(Number)
      expect(z).toBeLessThan(14)
      expect(Math.abs(lat - 51.57)).toBeLessThan(0.05)
      expect(Math.abs(lon - 8.1)).toBeLessThan(0.08)
      expect(await page.getByTestId('layer-demo-bezirke').getByRole('checkbox').isChecked()).toBe(true)
    } finally {
      await page.close()
    }
  })

  for (const viewport of [
    { width: 1000, height: 700 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core WCAG 2.1 AA violations on the map view and the layer page (${viewport.width}×${viewport.height})`, async () => {
      // The production CSP forbids injected scripts; axe-core needs one.
      const d = await open('#map=13/51.5711/8.1059&layers=demo-bezirke,demo-baeume', viewport, { bypassCSP: true })
      expect(await axeViolations(d.page)).toEqual([])
      await d.page.getByRole('button', { name: 'Details: Demo: Straßenbäume' }).click()
      await d.page.getByText('Erfundenes Baumkataster').waitFor()
      expect(await axeViolations(d.page)).toEqual([])
    })
  }
})
