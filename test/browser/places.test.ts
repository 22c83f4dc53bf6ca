// Place search and the feature table (issue #6) in a real browser, on the demo catalog made fresh by
// scripts/make-demo.ts (the same bytes as data/, see the golden check): districts and cycle paths are searchable.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { makeDemo } from '../../scripts/make-demo.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import type { PlacesFile } from '../../src/model/places.ts'
import { DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED place search browser tests: ${unavailable}`)

describe.skipIf(!!unavailable)('place search and the feature table', () => {
  let portal: DemoPortal
  let tmp: string
  let districts: PlacesFile
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-places-demo-'))
    const catalog: Catalog = await makeDemo(path.join(tmp, 'data'))
    const entry = catalog.layers.find((l) => l.id === 'demo-bezirke') as VectorLayerEntry
    districts = JSON.parse(await fs.readFile(path.join(tmp, 'data', entry.placesHref!), 'utf8')) as PlacesFile
    portal = await DemoPortal.start(inject('appDir'), path.join(tmp, 'data'))
  })
  afterAll(async () => {
    await portal?.close()
    await fs.rm(tmp, { recursive: true, force: true })
  })

  const district = (name: string) => districts.places.find((p) => p.name === name)!
  /** Whether the map's centre (from the URL) lies inside a place's extent. */
  const centredIn = async (d: PortalDriver, name: string) => {
    const { lat, lon } = await d.hashState()
    const b = district(name).bbox!
    return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]
  }

  it('finds districts and cycle paths from the static index, folding case and umlauts, and flies there', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059')
    // Lazy: no place index is loaded for the first view.
    expect(d.requested.filter((u) => u.endsWith('places.json'))).toEqual([])
    const input = d.placeSearch()
    expect(await input.getAttribute('aria-expanded')).toBe('false')

    expect(await d.typePlace('soest-nord')).toEqual([
      'Soest-Nord (Demo) | Demo: Stadtbezirke',
      'Soest-Nordost (Demo) | Demo: Stadtbezirke',
      'Soest-Nordwest (Demo) | Demo: Stadtbezirke',
    ])
    expect(d.requested.filter((u) => u.endsWith('places.json'))).toHaveLength(2)
    expect(await input.getAttribute('aria-expanded')).toBe('true')
    expect(await d.page.getByTestId('place-search-status').innerText()).toBe('3 Orte gefunden')
    // Enter takes the first place: the map fits the district.
    await d.afterMove(() => input.press('Enter'))
    expect(await centredIn(d, 'Soest-Nord (Demo)')).toBe(true)
    expect((await d.hashState()).zoom).toBeGreaterThan(12)
    expect(await input.inputValue()).toBe('Soest-Nord (Demo)')
    expect(await input.getAttribute('aria-expanded')).toBe('false')

    for (const q of ['sudost', 'SÜDOST', 'suedost', 'Soest Südost']) expect((await d.typePlace(q))[0]).toBe('Soest-Südost (Demo) | Demo: Stadtbezirke')
    // Arrow keys move the active option (aria-activedescendant); Enter takes it.
    await d.typePlace('sud')
    await input.press('ArrowDown')
    await input.press('ArrowDown')
    const active = await input.getAttribute('aria-activedescendant')
    const activeName = await d.page.locator(`#${active}`).locator('.place-name').innerText()
    expect(await d.page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true')
    await d.afterMove(() => input.press('Enter'))
    expect(await centredIn(d, activeName)).toBe(true)

    // Escape closes the list, a second Escape clears the field.
    await d.typePlace('west')
    expect(await input.getAttribute('aria-expanded')).toBe('true')
    await input.press('Escape')
    expect(await input.getAttribute('aria-expanded')).toBe('false')
    await input.press('Escape')
    expect(await input.inputValue()).toBe('')

    // A cycle path (a line): chosen with the mouse.
    expect((await d.typePlace('radweg 1'))[0]).toBe('Demo-Radweg 1 | Demo: Radwege')
    expect(await d.typePlace('gibtesnicht')).toEqual([])
    expect(await d.page.getByTestId('place-search-status').innerText()).toContain('Kein Ort passt')
    await d.typePlace('Demo-Radweg 1')
    await d.afterMove(() => d.page.locator('#place-search-list [role=option]').first().click())
    expect((await d.hashState()).zoom).toBeGreaterThan(12)
    expect(d.pageErrors).toEqual([])
  })

  for (const viewport of [
    { width: 1000, height: 700 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core WCAG 2.1 AA violations with the place list open and the feature table shown (${viewport.width}×${viewport.height})`, async () => {
      const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke,demo-radwege', viewport, { bypassCSP: true })
      await d.openFeatureTable()
      await d.featureTable('demo-bezirke')
      expect((await d.typePlace('soest')).length).toBeGreaterThan(1)
      await d.placeSearch().press('ArrowDown')
      // Only the parts of this feature (the rest of the page is covered by catalog.test.ts).
      expect(await d.axeViolations(['[data-testid="place-search"]', '[data-testid="feature-tables"]'])).toEqual([])
    })
  }

  it('is labelled in English too', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059')
    await d.page.getByRole('button', { name: 'English' }).click()
    await d.page.getByRole('combobox', { name: 'Search places' }).waitFor()
    await d.page.getByRole('button', { name: 'Deutsch' }).click()
  })

  it('lists the districts in view as a table, shrinking to one when zoomed into a district', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke')
    await d.openFeatureTable()
    // Attribute titles from layer.json (loaded after the first view).
    await d.page.waitForFunction(() => document.querySelector('[data-testid="feature-table-demo-bezirke"] thead th')?.textContent === 'Bezirk', null, { timeout: 15_000 })
    const wide = await d.featureTable('demo-bezirke')
    expect(wide.headers).toEqual(['Bezirk', 'Einwohner', 'Kennung'])
    expect(wide.caption).toBe('Demo: Stadtbezirke (9 im Kartenausschnitt)')
    expect(wide.rows.map((r) => r[0]).sort()).toEqual(districts.places.map((p) => p.name).sort())
    const row = wide.rows.find((r) => r[0] === 'Soest-Nord (Demo)')!
    expect(row[1]).toMatch(/^\d+$/)
    expect(row[2]).toMatch(/^D\d$/)
    // "Auf der Karte zeigen" centres the district …
    await d.afterMove(() => d.page.getByRole('button', { name: 'Auf der Karte zeigen: Soest-Nord (Demo)' }).click())
    expect(await centredIn(d, 'Soest-Nord (Demo)')).toBe(true)
    // … and zooming in there by keyboard (centre kept) leaves only that district in the table.
    await d.page.locator('.maplibregl-canvas').focus()
    for (let i = 0; i < 4; i++) await d.afterMove(() => d.page.keyboard.press('Equal'))
    expect((await d.hashState()).zoom).toBeGreaterThanOrEqual(15.9)
    await d.page.waitForFunction(() => document.querySelectorAll('[data-testid="feature-table-demo-bezirke"] tbody tr').length === 1, null, { timeout: 15_000 })
    const narrow = await d.featureTable('demo-bezirke')
    expect(narrow.rows).toEqual([row])
    expect(narrow.caption).toBe('Demo: Stadtbezirke (1 im Kartenausschnitt)')
    expect(d.pageErrors).toEqual([])
  })

  it('"Auf der Karte zeigen" centres the feature; the table scrolls sideways on a phone', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke,demo-radwege', { width: 375, height: 667 })
    await d.openFeatureTable()
    const paths = await d.featureTable('demo-radwege')
    expect(paths.rows.length).toBeGreaterThan(0)
    expect((await d.featureTable('demo-bezirke')).rows.length).toBeGreaterThan(0)
    // The button of the district row, by keyboard.
    const button = d.page.getByTestId('feature-table-demo-bezirke').getByRole('button', { name: 'Auf der Karte zeigen: Soest-Süd (Demo)' })
    await button.focus()
    await d.afterMove(() => d.page.keyboard.press('Enter'))
    expect(await centredIn(d, 'Soest-Süd (Demo)')).toBe(true)
    // Narrow screen: the table scrolls inside its own container; the page does not get wider.
    const widths = await d.page.evaluate(() => {
      const box = document.querySelector('[data-testid="feature-table-demo-radwege"]')!.parentElement!
      return { scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth, overflow: getComputedStyle(box).overflowX }
    })
    expect(widths.overflow).toBe('auto')
    expect(widths.page).toBeLessThanOrEqual(375)
    expect(d.pageErrors).toEqual([])
  })
})
