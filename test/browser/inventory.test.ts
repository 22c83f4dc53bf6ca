// Issue #18 in a real browser: the data manager's inventory page (#page=inventory) reads the inventory/ folder an
// internal build carries — here the output of `geoportal inventory` over the known tree of the unit tests —, lists
// and maps the finds, filters them, and passes axe-core at desktop and phone size. SCREENSHOT_DIR=<dir> saves
// screenshots. Without the inventory folder (a public build) the page says so.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
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

  it('maps the finds over the base map; a click on an extent names the finds there', async () => {
    const page = await open({ width: 1280, height: 800 })
    const map = page.getByTestId('inventory-map')
    await page.locator('[data-testid="inventory-map"][data-idle="true"]').waitFor({ timeout: 60_000 })
    // The largest extent among the finds; its centre in lon/lat (PROJ via the publisher's projections).
    const lines = readFileSync(path.join(portal.siteDir, 'inventory', 'inventory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string; bbox: number[] | null })
    const near = lines.filter((f) => f.bbox && f.bbox[0] > KREIS_SOEST[0] - 50_000 && f.bbox[2] < KREIS_SOEST[2] + 50_000 && f.bbox[1] > KREIS_SOEST[1] - 50_000 && f.bbox[3] < KREIS_SOEST[3] + 50_000)
    const target = near.sort((a, b) => (b.bbox![2] - b.bbox![0]) * (b.bbox![3] - b.bbox![1]) - (a.bbox![2] - a.bbox![0]) * (a.bbox![3] - a.bbox![1]))[0]
    const projections = await loadProjections()
    const [lon, lat] = projections.forward('EPSG:25832', 'EPSG:4326')([(target.bbox![0] + target.bbox![2]) / 2, (target.bbox![1] + target.bbox![3]) / 2])
    // Web Mercator: the pixel of that lon/lat in the map's view (512 px tiles, as MapLibre).
    const [zoom, clat, clon] = (await map.getAttribute('data-view'))!.split('/').map(Number)
    const world = 512 * 2 ** zoom
    const mx = (l: number) => ((l + 180) / 360) * world
    const my = (p: number) => ((1 - Math.log(Math.tan(Math.PI / 4 + (p * Math.PI) / 360)) / Math.PI) / 2) * world
    const box = (await map.boundingBox())!
    await page.mouse.click(box.x + box.width / 2 + mx(lon) - mx(clon), box.y + box.height / 2 + my(lat) - my(clat))
    await expect.poll(() => page.getByTestId('inventory-picked').textContent()).toContain(target.path)
    // Outside every extent: the map fits them with 24 px of padding.
    await page.mouse.click(box.x + 4, box.y + box.height / 2)
    await expect.poll(() => page.getByTestId('inventory-picked').textContent()).toBe('An dieser Stelle ist kein Fund.')
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
