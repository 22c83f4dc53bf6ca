// Issue #18 in a real browser: the data manager's inventory page (#page=inventory) reads the inventory/ folder an
// internal build carries — here the output of `geoportal inventory` over the known tree of the unit tests —, lists
// and maps the finds, filters them, and passes axe-core at desktop and phone size. SCREENSHOT_DIR=<dir> saves
// screenshots. Without the inventory folder (a public build) the page says so.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { extendProjections, KREIS_SOEST } from '../../cli/inventory/crs.ts'
import { runInventory } from '../../cli/inventory/run.ts'
import { loadProjections } from '../../cli/publish/input.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'
import { makeInventoryTree, type Expected } from '../helpers/inventoryTree.ts'
import { axeViolations, DemoPortal } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable() ?? gdalToolsMissing('ogr2ogr', 'gdal_create', 'gdal_translate')
if (unavailable) console.warn(`SKIPPED inventory page tests: ${unavailable}`)

describe.skipIf(!!unavailable)('inventory page (internal builds)', () => {
  let portal: DemoPortal
  let tmp: string
  let expected: Expected

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-page-'))
    expected = makeInventoryTree(path.join(tmp, 'tree'))
    portal = await DemoPortal.start(inject('appDir'))
    // What `geoportal build --internal --inventory <out>` puts into the site.
    const out = path.join(portal.siteDir, 'inventory')
    mkdirSync(out)
    await runInventory({
      roots: [path.join(tmp, 'tree')], out, resume: false, concurrency: 4, followLinks: false, area: KREIS_SOEST, staleYears: 10,
      expectFiles: null, progress: null, checkpointSeconds: 5, projections: extendProjections(await loadProjections()), now: Date.now(),
    })
    rmSync(path.join(out, '.inventory'), { recursive: true })
  })
  afterAll(async () => {
    await portal?.close()
    rmSync(tmp, { recursive: true, force: true })
  })

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    // bypassCSP: axe-core is injected as a script tag, which the build's CSP (rightly) forbids.
    const page = await portal.browser.newPage({ viewport, bypassCSP: true })
    await page.goto(`${portal.server.url}#page=inventory`)
    await page.getByTestId('inventory-list').waitFor({ timeout: 60_000 })
    return page
  }
  const total = () => Object.keys(expected.finds).length

  it('lists, maps and filters the finds', async () => {
    const page = await open({ width: 1280, height: 800 })
    expect(await page.getByTestId('inventory-count').textContent()).toBe(`${total()} von ${total()} Funden`)
    expect(await page.locator('[data-testid="inventory-list"] tbody tr').count()).toBe(total())
    // every find with a bbox near the area is drawn
    expect(Number(await page.getByTestId('inventory-map').getAttribute('data-drawn'))).toBeGreaterThan(10)
    await page.getByTestId('inv-filter-format').selectOption('geojson')
    const geojson = Object.values(expected.finds).filter((f) => f === 'geojson').length
    expect(await page.getByTestId('inventory-count').textContent()).toBe(`${geojson} von ${total()} Funden`)
    await page.getByTestId('inv-filter-problem').selectOption('duplicate')
    const dupGeojson = Object.entries(expected.problems).filter(([p, codes]) => expected.finds[p] === 'geojson' && codes.includes('duplicate')).length
    expect(await page.locator('[data-testid="inventory-list"] tbody tr').count()).toBe(dupGeojson)
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click()
    await page.getByTestId('inv-filter-folder').fill('/d')
    expect(await page.locator('[data-testid="inv-by-format"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key).sort())).toEqual(['flatgeobuf', 'geotiff', 'image+wld', 'worldfile'])
    // the problem table counts what the unit tests expect
    await page.getByTestId('inv-filter-folder').fill('')
    const stale = await page.locator('[data-testid="inv-by-problem"] tr[data-key="stale"] td').first().textContent()
    expect(stale).toBe('1')
    await page.close()
  })

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
    it(`has no axe-core violations at ${viewport.width}×${viewport.height}`, async () => {
      const page = await open(viewport)
      expect(await axeViolations(page)).toEqual([])
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `inventory-${viewport.width}x${viewport.height}.png`), fullPage: false })
      await page.close()
    })
  }

  it('says so when the build has no inventory', async () => {
    const page = await portal.browser.newPage()
    rmSync(path.join(portal.siteDir, 'inventory'), { recursive: true })
    await page.goto(`${portal.server.url}#page=inventory`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('keine Bestandsaufnahme')
    await page.close()
  })
})
