// Catalog search in a real browser (issue #6): umlaut and ß variants, the facets (category, department, licence,
// access, update status, quality grade) with their counts, "only layers in the map view" after panning the map,
// resetting, and axe-core with the facets open on desktop and on a phone. Runs on a fresh demo catalog
// (scripts/make-demo.ts), whose layers differ in department, licence, update state and grade; and a catalog of 300
// synthetic layers (bench/_synthetic-catalog.ts) for the "Mehr anzeigen" paging and search without layer.json.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { syntheticCatalog } from '../../bench/_synthetic-catalog.ts'
import { makeDemo } from '../../scripts/make-demo.ts'
import { axeViolations, DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

const TREES = 'Demo: Straßenbäume'
const PLAYGROUNDS = 'Demo: Spielplätze (mit Qualitätsmängeln)'
const DISTRICTS = 'Demo: Stadtbezirke'
const CITY = 'Demo: Stadtgebiet'

const rows = (page: Page) => page.$$eval('.layer-list > li .layer-title', (els) => els.map((e) => e.textContent ?? ''))
const countText = (page: Page) => page.getByTestId('search-count').innerText()
/** The checkbox of a facet value, by the start of its label ("Demo: Grünflächenamt (2)"). */
const facetBox = (page: Page, facet: string, label: string) =>
  page.getByTestId(`facet-${facet}`).getByRole('checkbox', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\)$`) })
/** The count shown next to a facet value. */
async function shownCount(box: Locator): Promise<number> {
  const name = await box.evaluate((el) => (el.closest('label') as HTMLElement).innerText)
  return Number(/\((\d+)\)\s*$/.exec(name)![1])
}
async function openFacets(page: Page) {
  for (const summary of await page.locator('.facet summary').all()) {
    const open = await summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open)
    if (!open) await summary.click()
  }
}

describe.skipIf(!!unavailable)('catalog search, facets and map-area filter', () => {
  let portal: DemoPortal
  let catalogDir: string
  let total: number
  beforeAll(async () => {
    catalogDir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-catalog-search-'))
    const log = console.log
    console.log = () => {}
    try {
      total = (await makeDemo(path.join(catalogDir, 'data'))).layers.length
    } finally {
      console.log = log
    }
    portal = await DemoPortal.start(inject('appDir'), path.join(catalogDir, 'data'))
  })
  afterAll(async () => {
    await portal?.close()
    if (catalogDir) await fs.rm(catalogDir, { recursive: true, force: true })
  })
  const open = (hash: string, viewport?: { width: number; height: number }, options?: { bypassCSP?: boolean }): Promise<PortalDriver> => portal.open(hash, viewport, options)

  it('finds layers with umlaut and ß variants, in compound words, by summary fields from catalog.json', async () => {
    const d = await open('#map=13/51.5711/8.1059&layers=')
    const search = d.page.getByRole('searchbox', { name: 'Ebenen suchen' })
    for (const q of ['straßenbäume', 'strassenbaeume', 'STRASSENBAUME', 'straßenbaume', 'bäume', 'baeume', 'baume']) {
      await search.fill(q)
      expect(await rows(d.page), q).toEqual([TREES])
    }
    expect(await countText(d.page)).toBe(`1 von ${total} Ebenen`)
    // "strasse" also finds "Straßen" in a description; the title hit comes first.
    for (const q of ['strasse', 'Straße', 'STRASSE']) {
      await search.fill(q)
      expect((await rows(d.page))[0], q).toBe(TREES)
    }
    // "spielplatz" is a prefix of "Spielplätze" only with ä → a; "spielplaetze" with ä → ae.
    for (const q of ['spielplatz', 'Spielplätze', 'spielplaetze']) {
      await search.fill(q)
      expect(await rows(d.page), q).toEqual([PLAYGROUNDS])
    }
    // Department (catalog summary, no layer.json needed), two words (AND).
    await search.fill('Grünflächenamt')
    expect((await rows(d.page)).sort()).toEqual([PLAYGROUNDS, TREES].sort())
    await search.fill('gruenflaechenamt baum')
    expect(await rows(d.page)).toEqual([TREES])
    // Attribute name.
    await search.fill('einwohner')
    expect(await rows(d.page)).toEqual([DISTRICTS])
    await search.fill('gibtesnicht')
    expect(await rows(d.page)).toEqual([])
    expect(await countText(d.page)).toContain('Keine Ebene passt zu „gibtesnicht“')
    await search.fill('')
    expect((await rows(d.page)).length).toBe(total)
    expect(await countText(d.page)).toBe('')
  })

  it('narrows the list by each facet, with counts that match the list; OR within, AND across facets; reset', async () => {
    const d = await open('#map=13/51.5711/8.1059&layers=')
    const page = d.page
    await openFacets(page)
    // One value of each facet: the list shows exactly the layers its count promised.
    const single: [facet: string, label: string, expected?: string[]][] = [
      ['category', 'Umweltdaten', [TREES]],
      ['department', 'Demo: Grünflächenamt', [PLAYGROUNDS, TREES]],
      ['license', 'nicht angegeben', [PLAYGROUNDS]],
      ['access', 'öffentlich'],
      // Annual, last update 2024-05-02: overdue for good, and so one grade worse (C → D).
      ['update', 'Aktualisierung überfällig'],
      ['grade', 'Note D', [PLAYGROUNDS]],
    ]
    for (const [facet, label, expected] of single) {
      const box = facetBox(page, facet, label)
      const n = await shownCount(box)
      await box.check()
      const list = await rows(page)
      expect(list.length, `${facet}=${label}`).toBe(n)
      if (expected) expect(list.sort()).toEqual(expected.sort())
      expect(await countText(page)).toBe(`${n} von ${total} Ebenen`)
      if (facet === 'update') expect(list).toEqual(expect.arrayContaining([PLAYGROUNDS, DISTRICTS]))
      if (facet === 'update') expect(list).not.toContain(CITY)
      await box.uncheck()
      expect((await rows(page)).length).toBe(total)
    }

    // OR within a facet: two departments; AND across facets: plus "licence not stated".
    const green = facetBox(page, 'department', 'Demo: Grünflächenamt')
    const roads = facetBox(page, 'department', 'Demo: Tiefbauamt')
    await green.check()
    await roads.check()
    expect((await rows(page)).sort()).toEqual([PLAYGROUNDS, TREES, 'Demo: Radwege'].sort())
    // The licence counts apply the department selection (3 layers), not the licence facet itself.
    const licenceCounts = await page.getByTestId('facet-license').locator('label').allInnerTexts()
    expect(licenceCounts.reduce((s, t) => s + Number(/\((\d+)\)$/.exec(t.trim())![1]), 0)).toBe(3)
    // Department counts stay those of the whole catalog (no other facet selected).
    expect(await shownCount(green)).toBe(2)
    await facetBox(page, 'license', 'nicht angegeben').check()
    expect(await rows(page)).toEqual([PLAYGROUNDS])
    // Now the department counts apply the licence: Tiefbauamt has no layer without a licence, but stays (selected).
    expect(await shownCount(green)).toBe(1)
    expect(await shownCount(roads)).toBe(0)
    expect(await page.getByTestId('facet-department').locator('summary').innerText()).toContain('2 gewählt')

    // With text as well: no match for "baum" among them.
    await page.getByRole('searchbox', { name: 'Ebenen suchen' }).fill('baum')
    expect(await rows(page)).toEqual([])
    expect(await countText(page)).toBe('Keine Ebene passt zu „baum“.')

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click()
    expect((await rows(page)).length).toBe(total)
    expect(await page.getByRole('searchbox', { name: 'Ebenen suchen' }).inputValue()).toBe('')
    expect(await green.isChecked()).toBe(false)
    expect(await countText(page)).toBe('')
    expect(await page.getByRole('button', { name: 'Filter zurücksetzen' }).count()).toBe(0)
    expect(d.pageErrors).toEqual([])
  })

  it('keeps the search text and the filters across a visit to a layer page', async () => {
    const d = await open('#map=13/51.5711/8.1059&layers=')
    const page = d.page
    await page.getByRole('searchbox', { name: 'Ebenen suchen' }).fill('demo')
    await openFacets(page)
    await facetBox(page, 'department', 'Demo: Grünflächenamt').check()
    expect((await rows(page)).sort()).toEqual([PLAYGROUNDS, TREES].sort())
    await page.getByRole('button', { name: `Details: ${TREES}` }).click()
    await page.getByRole('button', { name: /Zurück zur Karte/ }).click()
    await page.getByRole('searchbox', { name: 'Ebenen suchen' }).waitFor()
    expect(await page.getByRole('searchbox', { name: 'Ebenen suchen' }).inputValue()).toBe('demo')
    expect((await rows(page)).sort()).toEqual([PLAYGROUNDS, TREES].sort())
    expect(await page.getByTestId('facet-department').locator('summary').innerText()).toContain('1 gewählt')
  })

  it('"Nur Ebenen im Kartenausschnitt": a layer disappears from the list when the map is panned away from it', async () => {
    // Inside the playground layer's extent (8.064–8.143 E, 51.554–51.595 N).
    const d = await open('#map=14/51.575/8.10&layers=')
    const page = d.page
    const areaOnly = page.getByRole('checkbox', { name: 'Nur Ebenen im Kartenausschnitt' })
    await areaOnly.check()
    expect(await rows(page)).toContain(PLAYGROUNDS)
    // Drag the map east until the view is past the playgrounds (but still inside the city's extent).
    const box = (await page.getByTestId('map').boundingBox())!
    const y = box.y + box.height / 2
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(box.x + box.width - 40, y)
      await page.mouse.down()
      await page.mouse.move(box.x + box.width - 490, y, { steps: 8 })
      await page.mouse.up()
      await d.waitIdle()
    }
    const { lon, zoom } = await d.hashState()
    expect(zoom).toBe(14)
    expect(lon).toBeGreaterThan(8.17)
    await page.waitForFunction((t) => ![...document.querySelectorAll('.layer-list .layer-title')].some((e) => e.textContent === t), PLAYGROUNDS)
    const list = await rows(page)
    expect(list).not.toContain(PLAYGROUNDS)
    expect(list).toContain(CITY)
    expect(await countText(page)).toBe(`${list.length} von ${total} Ebenen`)
    // The facet counts follow the map view too.
    await openFacets(page)
    expect(await page.getByTestId('facet-grade').getByRole('checkbox', { name: /^Note D/ }).count()).toBe(0)
    await areaOnly.uncheck()
    expect(await rows(page)).toContain(PLAYGROUNDS)
  })

  for (const viewport of [
    { width: 1000, height: 700 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core WCAG 2.1 AA violations with the facets open and filters set (${viewport.width}×${viewport.height})`, async () => {
      const d = await open('#map=13/51.5711/8.1059&layers=demo-bezirke', viewport, { bypassCSP: true })
      await d.page.getByRole('searchbox', { name: 'Ebenen suchen' }).fill('demo')
      await d.page.getByRole('checkbox', { name: 'Nur Ebenen im Kartenausschnitt' }).check()
      await openFacets(d.page)
      await facetBox(d.page, 'department', 'Demo: Grünflächenamt').check()
      await d.page.getByRole('button', { name: 'Filter zurücksetzen' }).waitFor()
      expect(await axeViolations(d.page)).toEqual([])
    })
  }
})

describe.skipIf(!!unavailable)('catalog search in a large catalog (300 synthetic layers, no layer.json)', () => {
  let portal: DemoPortal
  let catalogDir: string
  let publicLayers: number
  beforeAll(async () => {
    catalogDir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-catalog-large-'))
    const catalog = syntheticCatalog(300, 7)
    // Layer folders exist (a build copies them) but hold nothing: the portal must not need layer.json to search.
    for (const l of catalog.layers) await fs.mkdir(path.join(catalogDir, path.dirname(l.metaHref)), { recursive: true })
    await fs.writeFile(path.join(catalogDir, 'catalog.json'), JSON.stringify(catalog))
    publicLayers = catalog.layers.filter((l) => l.access === 'public').length
    portal = await DemoPortal.start(inject('appDir'), catalogDir)
  })
  afterAll(async () => {
    await portal?.close()
    if (catalogDir) await fs.rm(catalogDir, { recursive: true, force: true })
  })

  it('renders the first 50 rows with "Mehr anzeigen", searches the summaries, and fetches no layer.json', async () => {
    const d = await portal.open('#map=10/51.57/8.1&layers=')
    const page = d.page
    expect((await rows(page)).length).toBe(50)
    await page.getByRole('button', { name: `Mehr anzeigen (50 von ${publicLayers - 50} weiteren)` }).click()
    expect((await rows(page)).length).toBe(100)
    const search = page.getByRole('searchbox', { name: 'Ebenen suchen' })
    // A keyword and a department from catalog.json; umlauts folded.
    await search.fill('Baumkataster')
    const trees = await rows(page)
    expect(trees.length).toBeGreaterThan(0)
    expect(trees.every((t) => t.startsWith('Straßenbäume '))).toBe(true)
    await search.fill('gruenflaechenamt')
    const n = Number(/^(\d+) von/.exec(await countText(page))![1])
    expect(n).toBeGreaterThan(0)
    expect((await rows(page)).length).toBe(Math.min(n, 50))
    await page.waitForTimeout(300)
    expect(portal.server.requests.filter((r) => r.path.endsWith('layer.json'))).toEqual([])
    expect(d.pageErrors).toEqual([])
  })
})
