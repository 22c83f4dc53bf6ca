// The coordinates tool (issue #16) in a real browser, as a planner uses it: move the mouse and read EPSG:25832
// (and Gauss-Krüger) against PROJ's cs2cs for the very lon/lat the page used; right-click for "coordinates
// here" and copy; the map centre by keyboard; axe-core with the tool and the dialog open at 1280×800 and 375×667.
// SCREENSHOTS=<dir> saves the tool at both sizes.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DemoPortal, type PortalDriver } from './driver.ts'
import { cs2cs, oracleUnavailable, parseNumber, type LonLat } from './geodesyOracle.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable() ?? oracleUnavailable()
if (unavailable) console.warn(`SKIPPED coordinates tool browser tests: ${unavailable}`)

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
const START = '#map=15/51.5711/8.1059&layers=demo-bezirke'

/** The numbers a readout shows (UTM or Gauss-Krüger row) and the lon/lat the page converted. */
async function readRow(d: PortalDriver, testId: string): Promise<{ shown: [number, number]; lonLat: LonLat }> {
  const row = d.page.getByTestId(testId)
  const nums = await row.locator('.num').allInnerTexts()
  const utm = d.page.getByTestId(testId.replace(/-gk$/, '-utm'))
  const lonLat: LonLat = [Number(await utm.getAttribute('data-lon')), Number(await utm.getAttribute('data-lat'))]
  return { shown: [parseNumber(nums[0]), parseNumber(nums[1])], lonLat }
}

async function openTool(d: PortalDriver) {
  await d.toggleTool('coordinates')
  await d.page.getByTestId('coords-readout').waitFor()
}

describe.skipIf(!!unavailable)('coordinates tool', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('shows EPSG:25832 under the mouse as cs2cs computes it, at several places, and Gauss-Krüger on demand', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d)
    expect(await d.page.getByTestId('coords-readout').innerText()).toMatch(/Zeigen Sie auf die Karte/)
    // Spread over the map, clear of the tool's panel at the top left.
    const places: LonLat[] = [
      [8.1059, 51.5711],
      [8.1, 51.568],
      [8.112, 51.574],
      [8.099, 51.5725],
      [8.113, 51.5672],
    ]
    const seen: { shown: [number, number]; lonLat: LonLat }[] = []
    for (const [lon, lat] of places) {
      const p = await d.screenPoint(lon, lat)
      await d.page.mouse.move(p.x, p.y)
      await d.page.waitForFunction((ll) => {
        const lon = document.querySelector('[data-testid="coords-utm"]')?.getAttribute('data-lon')
        return lon != null && lon !== ll
      }, seen.at(-1)?.lonLat[0].toString() ?? '')
      expect(await d.page.getByTestId('coords-readout').getAttribute('data-source')).toBe('pointer')
      const r = await readRow(d, 'coords-utm')
      // The page's lon/lat is the pointer's pixel: within a pixel (≈ 3 m at zoom 15) of the place aimed at.
      expect(Math.abs(r.lonLat[0] - lon)).toBeLessThan(5e-5)
      expect(Math.abs(r.lonLat[1] - lat)).toBeLessThan(5e-5)
      seen.push(r)
    }
    const reference = cs2cs('EPSG:25832', seen.map((s) => s.lonLat))
    seen.forEach((s, i) => {
      // Shown with centimetres: rounding (0.005 m) plus proj4 vs PROJ (far below a millimetre).
      expect(Math.abs(s.shown[0] - reference[i][0])).toBeLessThanOrEqual(0.006)
      expect(Math.abs(s.shown[1] - reference[i][1])).toBeLessThanOrEqual(0.006)
    })
    // Gauss-Krüger: the BeTA2007 grid is fetched only now.
    expect(d.requested.filter((u) => u.endsWith('BETA2007.gsb'))).toEqual([])
    await d.page.getByTestId('coords-show-gk').check()
    const last = await d.screenPoint(...places[0])
    await d.page.mouse.move(last.x, last.y)
    await d.page.getByTestId('coords-gk').locator('.num').first().waitFor()
    expect(d.requested.filter((u) => u.endsWith('BETA2007.gsb'))).toHaveLength(1)
    const gk = await readRow(d, 'coords-gk')
    const [gkRef] = cs2cs('EPSG:31467', [gk.lonLat])
    expect(Math.abs(gk.shown[0] - gkRef[0])).toBeLessThanOrEqual(0.006)
    expect(Math.abs(gk.shown[1] - gkRef[1])).toBeLessThanOrEqual(0.006)
    // Zone 3: Rechtswert starts with 3, and GK differs from UTM by millions of metres (a swapped row would show).
    expect(gk.shown[0]).toBeGreaterThan(3_400_000)
    expect(d.pageErrors).toEqual([])
  })

  it('right-click shows "coordinates here" in three systems with copy buttons; Escape closes it', async () => {
    const d = await portal.open(START, DESKTOP)
    await d.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.server.url })
    await openTool(d)
    const p = await d.screenPoint(8.108, 51.5725)
    await d.page.mouse.click(p.x, p.y, { button: 'right' })
    const dialog = d.page.getByRole('dialog', { name: 'Koordinaten hier' })
    await dialog.getByTestId('coords-here-gk').locator('.num').first().waitFor()
    const utm = await readRow(d, 'coords-here-utm')
    expect(Math.abs(utm.lonLat[0] - 8.108)).toBeLessThan(5e-5)
    const [ref] = cs2cs('EPSG:25832', [utm.lonLat])
    expect(Math.abs(utm.shown[0] - ref[0])).toBeLessThanOrEqual(0.006)
    expect(Math.abs(utm.shown[1] - ref[1])).toBeLessThanOrEqual(0.006)
    const gk = await readRow(d, 'coords-here-gk')
    const [gkRef] = cs2cs('EPSG:31467', [utm.lonLat])
    expect(Math.abs(gk.shown[0] - gkRef[0])).toBeLessThanOrEqual(0.006)
    const latlon = await dialog.getByTestId('coords-here-latlon').innerText()
    expect(latlon).toContain(`${utm.lonLat[1].toFixed(6).replace('.', ',')}°`)
    expect(latlon).toMatch(/51° 34′ \d\d,\d\d″ N, 8° 06′ \d\d,\d\d″ O/)
    // Copy everything: the clipboard holds the three systems with the German decimal comma.
    await dialog.getByTestId('coords-here-copy-all').click()
    await dialog.getByText('In die Zwischenablage kopiert.').waitFor()
    const text = await d.page.evaluate(() => navigator.clipboard.readText())
    expect(text.split('\n')).toEqual([
      `EPSG:25832 E ${ref[0].toFixed(2).replace('.', ',')} N ${ref[1].toFixed(2).replace('.', ',')}`,
      expect.stringMatching(/^EPSG:4326 51,\d{6}° 8,\d{6}°$/),
      expect.stringMatching(/^EPSG:31467 R 34\d{5},\d\d H 57\d{5},\d\d$/),
    ])
    // Copy one system.
    await dialog.getByTestId('coords-here-copy-utm').click()
    expect(await d.page.evaluate(() => navigator.clipboard.readText())).toBe(text.split('\n')[0])
    await d.page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('follows the map centre while the map has keyboard focus, and offers "coordinates here" by keyboard', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d)
    await d.page.locator('.maplibregl-canvas').focus()
    await d.page.waitForFunction(() => document.querySelector('[data-testid="coords-readout"]')?.getAttribute('data-source') === 'centre')
    const before = await readRow(d, 'coords-utm')
    const { lat, lon } = await d.hashState()
    expect(Math.abs(before.lonLat[0] - lon)).toBeLessThan(1e-4)
    expect(Math.abs(before.lonLat[1] - lat)).toBeLessThan(1e-4)
    await d.afterMove(() => d.page.keyboard.press('ArrowRight'))
    const after = await readRow(d, 'coords-utm')
    expect(after.shown[0]).toBeGreaterThan(before.shown[0] + 10)
    const [ref] = cs2cs('EPSG:25832', [after.lonLat])
    expect(Math.abs(after.shown[0] - ref[0])).toBeLessThanOrEqual(0.006)
    // Keyboard route to "coordinates here": Tab to the button, Enter; the dialog takes focus.
    await d.page.getByTestId('coords-here-centre').focus()
    await d.page.keyboard.press('Enter')
    const dialog = d.page.getByRole('dialog', { name: 'Koordinaten hier' })
    await dialog.waitFor()
    expect(await dialog.evaluate((e) => e === document.activeElement)).toBe(true)
    const here = await readRow(d, 'coords-here-utm')
    expect(here.lonLat).toEqual(after.lonLat)
  })

  for (const [name, viewport] of [
    ['1280×800', DESKTOP],
    ['375×667', PHONE],
  ] as const) {
    it(`has no axe-core violations with the tool and "coordinates here" open at ${name} (German and English)`, async () => {
      const d = await portal.open(START, viewport, { bypassCSP: true })
      await openTool(d)
      const box = (await d.page.getByTestId('map').boundingBox())!
      await d.page.mouse.move(box.x + box.width / 2, box.y + box.height / 3)
      await d.page.getByTestId('coords-show-gk').check()
      // The readout keeps the last position after the pointer left the map for the checkbox.
      await d.page.getByTestId('coords-gk').locator('.num').first().waitFor()
      // The panel fits the width: nothing sticks out of the window.
      const panel = (await d.page.getByTestId('tool-panel-coordinates').boundingBox())!
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width)
      await d.page.mouse.click(box.x + box.width / 2, box.y + box.height / 3, { button: 'right' })
      await d.page.getByTestId('coords-here-gk').locator('.num').first().waitFor()
      const dialog = (await d.page.getByTestId('coords-here').boundingBox())!
      expect(dialog.x).toBeGreaterThanOrEqual(0)
      expect(dialog.x + dialog.width).toBeLessThanOrEqual(viewport.width)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-coords-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      await d.switchLanguage('English')
      await d.page.getByRole('dialog', { name: 'Coordinates here' }).waitFor()
      expect(await d.axeViolations()).toEqual([])
    })
  }
})
