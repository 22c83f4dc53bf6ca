// Issue #6 in a real browser: the quality dashboard (order, department filter), a finding's "show on map" with
// the highlight drawn, GeoJSON / CSV exports made in the browser, the accessibility statement reached by
// keyboard, and axe-core on the dashboard, a layer page and the statement at desktop and phone size.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { dashboardRows } from '../../src/quality/dashboard.ts'
import { makeDemo } from '../../scripts/make-demo.ts'
import { axeViolations, colourDistance, DemoPortal, type PortalDriver, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

const HIGHLIGHT = '#e6007e'

/** Presses Tab until the focused element's text is `text` (at most `max` times). */
async function tabTo(page: Page, text: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return
  }
  throw new Error(`"${text}" not reached with the Tab key`)
}

describe.skipIf(!!unavailable)('quality dashboard, findings on the map, exports, accessibility statement', () => {
  let portal: DemoPortal
  let catalogDir = repoPath('data')
  let tmp: string | undefined
  let catalog: Catalog
  const today = new Date()
  const MAP = '#map=13/51.5711/8.1059&layers=demo-bezirke'

  beforeAll(async () => {
    catalog = JSON.parse(await fs.readFile(path.join(catalogDir, 'catalog.json'), 'utf8'))
    // The layer with deliberate defects comes from scripts/make-demo.ts; build it fresh if data/ predates it.
    if (!catalog.layers.some((l) => l.id === 'demo-spielplaetze')) {
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-demo-'))
      catalogDir = path.join(tmp, 'data')
      const log = console.log
      console.log = () => {}
      try {
        await makeDemo(catalogDir)
      } finally {
        console.log = log
      }
      catalog = JSON.parse(await fs.readFile(path.join(catalogDir, 'catalog.json'), 'utf8'))
    }
    portal = await DemoPortal.start(inject('appDir'), catalogDir)
  })
  afterAll(async () => {
    await portal?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  const layer = (id: string) => catalog.layers.find((l) => l.id === id) as VectorLayerEntry
  const tableOrder = (d: PortalDriver) => d.page.$$eval('[data-testid="dashboard-table"] tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.layer))

  /** Features of a layer's FlatGeobuf in file order (position = feature id). */
  async function fileFeatures(id: string) {
    const bytes = new Uint8Array(await fs.readFile(path.join(catalogDir, layer(id).href)))
    const out: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[] = []
    for await (const f of deserialize(bytes)) out.push(f as never)
    return out
  }

  async function openDashboardByKeyboard(d: PortalDriver) {
    await d.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(d.page, 'Qualität')
    await d.page.keyboard.press('Enter')
    await d.page.getByTestId('dashboard').waitFor()
  }

  it('is reached by keyboard, ranks the layers worst first and filters by department', async () => {
    const d = await portal.open(MAP)
    await openDashboardByKeyboard(d)
    expect(await d.page.evaluate(() => document.activeElement?.id)).toBe('dashboard-title')
    expect(await d.page.evaluate(() => location.hash)).toMatch(/&page=dashboard$/)
    expect(await d.page.title()).toMatch(/^Qualität der Daten – /)
    expect(await d.page.getByRole('link', { name: 'Qualität', exact: true }).getAttribute('aria-current')).toBe('page')

    const order = await tableOrder(d)
    expect(order[0]).toBe('demo-spielplaetze')
    expect(order).toEqual(dashboardRows(catalog.layers, today).map((r) => r.layer.id))
    expect(order).toHaveLength(catalog.layers.length)
    const first = d.page.locator('[data-testid="dashboard-table"] tbody tr').first()
    // Stored C (one error, two warnings), overdue ⇒ D today; the licence is missing.
    expect(await first.getByTestId('grade').innerText()).toMatch(/^D\s*\(gespeichert C; überfällig\)$/)
    expect(await first.innerText()).toMatch(/1 Fehler, 2 Warnungen/)
    expect(await first.innerText()).toMatch(/überfällig seit \d+ Tagen \(fällig am 2\.5\.2025\)/)
    expect(await first.locator('td').last().innerText()).toBe('Lizenz')
    const summary = await d.page.getByTestId('dashboard-summary').innerText()
    expect(summary).toContain(`Ebenen\n${catalog.layers.length}`)
    expect(summary).toMatch(/Aktualisierung überfällig\n[2-9]/)
    expect(await d.page.getByRole('table').locator('caption').innerText()).toContain(`(${catalog.layers.length})`)

    // Department filter (a labelled select).
    const select = d.page.getByLabel('Zuständige Stelle')
    await select.selectOption({ label: 'Demo: Grünflächenamt' })
    const green = catalog.layers.filter((l) => l.department === 'Demo: Grünflächenamt')
    expect(green.length).toBeGreaterThan(1)
    expect(await tableOrder(d)).toEqual(dashboardRows(green, today).map((r) => r.layer.id))
    expect((await tableOrder(d))[0]).toBe('demo-spielplaetze')
    expect(await d.page.getByTestId('dashboard-summary').innerText()).toContain(`Ebenen\n${green.length}`)
    await select.selectOption({ label: 'Alle Stellen' })
    expect(await tableOrder(d)).toHaveLength(catalog.layers.length)

    // The title links to the layer page (its own URL); back returns to the map.
    await d.page.getByRole('link', { name: 'Demo: Spielplätze (mit Qualitätsmängeln)' }).click()
    await d.page.getByRole('heading', { level: 2, name: /Demo: Spielplätze/ }).waitFor()
    expect(await d.page.evaluate(() => location.hash)).toMatch(/&layer=demo-spielplaetze$/)
    await d.page.goBack()
    await d.page.getByTestId('dashboard').waitFor()
  })

  it('shows the features of a finding on the map, highlighted, and clears the highlight', async () => {
    const d = await portal.open(MAP)
    await openDashboardByKeyboard(d)
    await d.page.getByRole('link', { name: 'Demo: Spielplätze (mit Qualitätsmängeln)' }).click()
    const details = d.page.getByTestId('details-page')
    // License and attribution, last update and next due date.
    expect(await details.innerText()).toMatch(/Lizenz\s+nicht angegeben/)
    expect(await details.innerText()).toMatch(/Nächste Aktualisierung fällig\s+2\.5\.2025/)
    const button = details.getByRole('button', { name: 'Auf der Karte zeigen: 2 betroffene Objekte (redundanzfrei)' })
    await button.click()
    const status = d.page.getByTestId('highlight-status')
    await d.page.waitForSelector('[data-testid="highlight-status"][data-count="2"]', { timeout: 30_000 })
    expect(await status.innerText()).toContain('2 Objekte hervorgehoben – Demo: Spielplätze (mit Qualitätsmängeln): 2 doppelte Geometrien')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('highlight-status')
    await d.waitIdle()
    const hash = await d.page.evaluate(() => location.hash)
    expect(hash).not.toMatch(/layer=|page=/)
    expect((await d.hashState()).layers).toContain('demo-spielplaetze')
    expect(await d.page.getByTestId('map').getAttribute('data-highlighted')).toBe('2')

    // The map is at the features (ids 6 and 13 of the file), drawn in the highlight colour.
    const features = await fileFeatures('demo-spielplaetze')
    const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
    const box = (await d.page.getByTestId('map').boundingBox())!
    const points = [6, 13].map((id) => toLonLat(features[id].geometry.coordinates as [number, number]))
    for (const [lon, lat] of points) {
      const p = await d.screenPoint(lon, lat)
      expect(p.x).toBeGreaterThan(box.x)
      expect(p.x).toBeLessThan(box.x + box.width)
      expect(p.y).toBeGreaterThan(box.y)
      expect(p.y).toBeLessThan(box.y + box.height)
      expect(colourDistance(await d.pixelAt(lon, lat), HIGHLIGHT)).toBeLessThan(40)
    }
    // Fitted to them: the view is centred on their box.
    const { lon, lat } = await d.hashState()
    expect(Math.abs(lon - (points[0][0] + points[1][0]) / 2)).toBeLessThan(0.002)
    expect(Math.abs(lat - (points[0][1] + points[1][1]) / 2)).toBeLessThan(0.002)

    await status.getByRole('button', { name: 'Hervorhebung aufheben' }).click()
    await status.waitFor({ state: 'detached' })
    expect(await d.page.getByTestId('map').getAttribute('data-highlighted')).toBeNull()
  })

  it('exports a vector layer as GeoJSON (lon/lat) and CSV (UTM32, BOM, semicolons) made in the browser', async () => {
    const d = await portal.open(MAP)
    await openDashboardByKeyboard(d)
    await d.page.getByRole('link', { name: 'Demo: Spielplätze (mit Qualitätsmängeln)' }).click()
    const details = d.page.getByTestId('details-page')
    const features = await fileFeatures('demo-spielplaetze')
    const l = layer('demo-spielplaetze')

    const [geojson] = await Promise.all([d.page.waitForEvent('download'), details.getByRole('button', { name: /GeoJSON erstellen/ }).click()])
    expect(geojson.suggestedFilename()).toBe('demo-spielplaetze.geojson')
    const fc = JSON.parse(await fs.readFile((await geojson.path())!, 'utf8'))
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.crs).toBeUndefined()
    expect(fc.features).toHaveLength(l.featureCount)
    fc.features.forEach((f: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }, i: number) => {
      expect(f.properties).toEqual(features[i].properties)
      const [lon, lat] = f.geometry.coordinates
      expect(lon).toBeGreaterThanOrEqual(l.bbox4326[0] - 1e-6)
      expect(lon).toBeLessThanOrEqual(l.bbox4326[2] + 1e-6)
      expect(lat).toBeGreaterThanOrEqual(l.bbox4326[1] - 1e-6)
      expect(lat).toBeLessThanOrEqual(l.bbox4326[3] + 1e-6)
    })
    await details.getByTestId('export-status').getByText(/demo-spielplaetze\.geojson wurde erstellt \(14 Objekte\)/).waitFor()

    const [csv] = await Promise.all([d.page.waitForEvent('download'), details.getByRole('button', { name: /CSV für Tabellenkalkulation erstellen/ }).click()])
    expect(csv.suggestedFilename()).toBe('demo-spielplaetze.csv')
    const bytes = await fs.readFile((await csv.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines.pop()).toBe('')
    const header = lines.shift()!.split(';')
    expect(header).toEqual(['spielplatz_nr', 'name', 'geraete', 'wkt_epsg25832', 'ostwert', 'nordwert'])
    expect(lines).toHaveLength(l.featureCount)
    lines.forEach((line, i) => {
      const cells = line.split(';')
      const [x, y] = features[i].geometry.coordinates
      expect(cells[header.indexOf('spielplatz_nr')]).toBe(String(features[i].properties.spielplatz_nr))
      expect(cells[header.indexOf('wkt_epsg25832')]).toMatch(/^POINT \(\d+(\.\d+)? \d+(\.\d+)?\)$/)
      const [wx, wy] = /POINT \((\S+) (\S+)\)/.exec(cells[header.indexOf('wkt_epsg25832')])!.slice(1).map(Number)
      expect(wx).toBeCloseTo(x, 2)
      expect(wy).toBeCloseTo(y, 2)
      expect(Number(cells[header.indexOf('ostwert')].replace(',', '.'))).toBeCloseTo(x, 2)
      expect(Number(cells[header.indexOf('nordwert')].replace(',', '.'))).toBeCloseTo(y, 2)
    })
  })

  it('has an accessibility statement reached by keyboard, in German and English', async () => {
    const d = await portal.open(MAP)
    await d.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(d.page, 'Barrierefreiheit')
    await d.page.keyboard.press('Enter')
    const statement = d.page.getByTestId('accessibility-statement')
    await statement.waitFor()
    expect(await d.page.evaluate(() => document.activeElement?.id)).toBe('a11y-title')
    expect(await d.page.evaluate(() => location.hash)).toMatch(/&page=barrierefreiheit$/)
    expect(await d.page.title()).toMatch(/^Erklärung zur Barrierefreiheit – /)
    expect(await statement.locator('h3').allInnerTexts()).toEqual([
      'Stand der Vereinbarkeit mit den Anforderungen',
      'Nicht barrierefreie Inhalte',
      'Erstellung dieser Erklärung zur Barrierefreiheit',
      'Feedback und Kontakt',
      'Durchsetzungsverfahren',
    ])
    const text = await statement.innerText()
    expect(text).toContain('teilweise mit den Anforderungen vereinbar')
    expect(text).toContain('Ombudsperson für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen')
    expect(text).toMatch(/Tabelle der Objekte im Kartenausschnitt/)
    expect(await statement.getByTestId('a11y-contact-placeholder').innerText()).toMatch(/^Platzhalter/)
    await d.page.getByRole('button', { name: 'English' }).click()
    await statement.getByRole('heading', { level: 2, name: 'Accessibility statement' }).waitFor()
    expect(await statement.locator('h3').first().innerText()).toBe('Compliance status')
    await d.page.getByRole('button', { name: 'Deutsch' }).click()
    // Back to the map with the navigation.
    await d.page.getByRole('link', { name: 'Karte', exact: true }).click()
    await d.waitIdle()
    expect(await d.page.evaluate(() => location.hash)).not.toContain('page=')
  })

  for (const viewport of [
    { width: 1000, height: 700 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core WCAG 2.1 AA violations on the dashboard, a layer page and the statement (${viewport.width}×${viewport.height})`, async () => {
      const d = await portal.open(MAP, viewport, { bypassCSP: true })
      await d.navigate('Qualität')
      await d.page.getByTestId('dashboard').waitFor()
      expect(await axeViolations(d.page)).toEqual([])
      await d.page.getByRole('link', { name: 'Demo: Spielplätze (mit Qualitätsmängeln)' }).click()
      await d.page.getByRole('button', { name: /redundanzfrei/ }).waitFor()
      expect(await axeViolations(d.page)).toEqual([])
      // With the highlight status on the map view.
      await d.page.getByRole('button', { name: /redundanzfrei/ }).click()
      await d.page.waitForSelector('[data-testid="highlight-status"][data-count="2"]', { timeout: 30_000 })
      await d.waitIdle()
      expect(await axeViolations(d.page)).toEqual([])
      await d.navigate('Barrierefreiheit')
      await d.page.getByTestId('accessibility-statement').waitFor()
      expect(await axeViolations(d.page)).toEqual([])
    })
  }
})
