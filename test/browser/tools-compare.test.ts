// The compare tool (issue #17) in a real browser, driven as a planner would: map A = the demo terrain raster,
// map B = the demo districts (blue fills), neither on a base map. Each side's pixels are checked against that
// side's own picture (the line at 100 % shows only A, at 0 % only B), at points where A and B differ clearly;
// the line is moved by keyboard (arrows, PageUp/PageDown, Home/End), mouse drag and touch drag; side by side, a
// drag of one map moves the other (and the main map, so the share link's view follows); the share link reopens
// the same comparison with the same pixels; closing leaves the main map as it was, its raster still drawing
// after the compare maps' raster service is gone; axe-core with the tool open at 1280×800 and 375×667.
// SCREENSHOTS=<dir> saves swipe and side by side at both sizes.
import path from 'node:path'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { colourDistance, DemoPortal, PortalDriver, watchCsp } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED compare tool browser tests: ${unavailable}`)

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
/** The demo aerial image on the main map (a raster: it must still draw after the compare maps are gone). */
const START = '#map=15/51.5736/8.1053&layers=demo-luftbild'
const BACKGROUND = '#f4f3ef'

/** Sample points: fractions of the overlay's width (the line's unit) and of its height, below the tool panel. */
const XS = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
const YS = [0.62, 0.7, 0.78]

type Rgba = [number, number, number, number]

async function frames(page: Page) {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
}

async function compareIdle(d: PortalDriver) {
  await d.page.waitForTimeout(50)
  for (const s of ['a', 'b']) await d.page.waitForSelector(`[data-testid="compare-map-${s}"][data-idle="true"]`, { timeout: 60_000 })
  await frames(d.page)
}

/** The page's pixels at the sample points (from one screenshot), keyed "fx,fy". */
async function samples(d: PortalDriver): Promise<Map<string, Rgba>> {
  const box = (await d.page.getByTestId('compare-overlay').boundingBox())!
  const png = PNG.sync.read(await d.page.screenshot())
  const out = new Map<string, Rgba>()
  for (const fx of XS)
    for (const fy of YS) {
      const x = Math.round(box.x + fx * box.width)
      const y = Math.round(box.y + fy * box.height)
      const i = (y * png.width + x) * 4
      out.set(`${fx},${fy}`, [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]])
    }
  return out
}

const dist = (a: Rgba, b: Rgba) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])

async function slider(d: PortalDriver): Promise<number> {
  return Number(await d.page.getByTestId('compare-slider').getAttribute('aria-valuenow'))
}

async function press(d: PortalDriver, key: string, times = 1) {
  for (let i = 0; i < times; i++) await d.page.keyboard.press(key)
  await frames(d.page)
}

/**
 * Each sample point where A and B differ clearly shows A when it is left of the line and B right of it. Returns
 * how many points were checked on each side.
 */
function checkSides(now: Map<string, Rgba>, refA: Map<string, Rgba>, refB: Map<string, Rgba>, position: number): { a: number; b: number } {
  const counted = { a: 0, b: 0 }
  for (const [key, px] of now) {
    const fx = Number(key.split(',')[0]) * 100
    const a = refA.get(key)!
    const b = refB.get(key)!
    if (dist(a, b) < 60 || Math.abs(fx - position) < 2) continue
    const side = fx < position ? 'a' : 'b'
    const want = side === 'a' ? a : b
    const other = side === 'a' ? b : a
    expect(dist(px, want), `${key} at line ${position}: ${px} should be ${side.toUpperCase()} ${want}, not ${other}`).toBeLessThan(12)
    counted[side]++
  }
  return counted
}

async function openCompare(d: PortalDriver) {
  await d.toggleTool('compare')
  await d.page.getByTestId('compare-overlay').waitFor()
  // A planner's choice: terrain left, districts right, no base map under either.
  await d.page.getByTestId('compare-layer-a').selectOption('demo-gelaende')
  await d.page.getByTestId('compare-basemap-a').selectOption('none')
  await d.page.getByTestId('compare-layer-b').selectOption('demo-bezirke')
  await d.page.getByTestId('compare-basemap-b').selectOption('none')
  await compareIdle(d)
}

/** The pictures of A alone (line at the right edge) and of B alone (line at the left edge), line back at 50. */
async function references(d: PortalDriver) {
  await d.page.getByTestId('compare-slider').focus()
  await press(d, 'End')
  expect(await slider(d)).toBe(100)
  const refA = await samples(d)
  await press(d, 'Home')
  expect(await slider(d)).toBe(0)
  const refB = await samples(d)
  await press(d, 'PageUp', 5)
  expect(await slider(d)).toBe(50)
  return { refA, refB }
}

describe.skipIf(!!unavailable)('compare tool', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('swipe: each side shows its layer; the line moves by keyboard and mouse; closing restores the main map', async () => {
    const d = await portal.open(START, DESKTOP)
    const mainBefore = PNG.sync.read(await d.page.screenshot())
    expect(colourDistance(await d.pixelAt(8.1053, 51.5736), BACKGROUND)).toBeGreaterThan(20)

    await openCompare(d)
    const { refA, refB } = await references(d)
    // A and B differ clearly at most sample points (terrain colours against blue district fills).
    const differing = [...refA.keys()].filter((k) => dist(refA.get(k)!, refB.get(k)!) >= 60)
    expect(differing.length).toBeGreaterThanOrEqual(16)

    // At 50 %: A left, B right.
    let counted = checkSides(await samples(d), refA, refB, 50)
    expect(counted.a).toBeGreaterThanOrEqual(6)
    expect(counted.b).toBeGreaterThanOrEqual(6)

    // Keyboard: arrows by 1, PageUp/PageDown by 10, Home/End to the edges.
    await press(d, 'ArrowRight', 3)
    expect(await slider(d)).toBe(53)
    await press(d, 'ArrowLeft')
    await press(d, 'ArrowDown')
    expect(await slider(d)).toBe(51)
    await press(d, 'PageUp', 2)
    expect(await slider(d)).toBe(71)
    expect(await d.page.getByTestId('compare-slider').getAttribute('aria-valuetext')).toBe('A 71 %, B 29 %')
    counted = checkSides(await samples(d), refA, refB, 71)
    // The column at 60 % has changed sides: it shows A now.
    expect(counted.a).toBeGreaterThanOrEqual(9)
    await press(d, 'PageDown', 4)
    expect(await slider(d)).toBe(31)
    counted = checkSides(await samples(d), refA, refB, 31)
    expect(counted.b).toBeGreaterThanOrEqual(9)

    // Mouse: drag the line from 31 % to 75 % of the map's width.
    const box = (await d.page.getByTestId('compare-overlay').boundingBox())!
    const y = box.y + box.height * 0.85
    await d.page.mouse.move(box.x + box.width * 0.31, y)
    await d.page.mouse.down()
    for (let i = 1; i <= 10; i++) await d.page.mouse.move(box.x + box.width * (0.31 + (0.44 * i) / 10), y)
    await d.page.mouse.up()
    await frames(d.page)
    expect(Math.abs((await slider(d)) - 75)).toBeLessThanOrEqual(0.2)
    counted = checkSides(await samples(d), refA, refB, await slider(d))
    expect(counted.a).toBeGreaterThanOrEqual(9)
    // The map did not move under the drag (the line took it).
    expect(await d.page.getByTestId('compare-map-a').getAttribute('data-view')).toBe(await d.page.getByTestId('compare-map-b').getAttribute('data-view'))
    expect(await d.hashState()).toMatchObject({ zoom: 15, lat: 51.5736, lon: 8.1053 })
    // The link holds the line's end position.
    expect(await d.page.evaluate(() => location.hash)).toMatch(/cmppos=75(&|$|\.)/)

    // Closing: no overlay, the main map interactive again and as it was, its raster still drawing new tiles.
    await d.toggleTool('compare')
    expect(await d.page.getByTestId('compare-overlay').count()).toBe(0)
    expect(await d.page.locator('[data-testid="map"] [inert]').count()).toBe(0)
    expect(await d.page.evaluate(() => location.hash)).not.toMatch(/cmp/)
    await d.waitIdle()
    const mainAfter = PNG.sync.read(await d.page.screenshot())
    const c = await d.screenPoint(8.1053, 51.5736)
    for (const [dx, dy] of [[0, 0], [-100, 50], [120, -40], [200, 150]]) {
      const i = (Math.round(c.y + dy) * mainAfter.width + Math.round(c.x + dx)) * 4
      expect(Math.hypot(mainAfter.data[i] - mainBefore.data[i], mainAfter.data[i + 1] - mainBefore.data[i + 1], mainAfter.data[i + 2] - mainBefore.data[i + 2])).toBeLessThan(6)
    }
    await d.afterMove(() => d.page.getByRole('button', { name: 'Karte vergrößern' }).first().click())
    expect((await d.hashState()).zoom).toBe(16)
    // The new zoom level's aerial tiles drew as on a page that never opened the tool.
    const fresh = await portal.open('#map=16/51.5736/8.1053&layers=demo-luftbild', DESKTOP)
    for (const [lon, lat] of [[8.1053, 51.5736], [8.1045, 51.5729], [8.1066, 51.5744]]) {
      const want = await fresh.pixelAt(lon, lat)
      expect(colourDistance(want, BACKGROUND)).toBeGreaterThan(20)
      expect(dist(await d.pixelAt(lon, lat), want)).toBeLessThan(12)
    }
    expect(await d.page.getByTestId('layer-demo-luftbild').innerText()).not.toMatch(/Fehler/)
    expect(d.pageErrors).toEqual([])
  })

  it('swipe by touch on a phone', async () => {
    const page = await portal.browser.newPage({ viewport: PHONE, hasTouch: true, isMobile: true })
    const d = PortalDriver.attach(page)
    const csp = await watchCsp(page.context())
    await page.goto(`${portal.server.url}?bench${START}&cmp=swipe&cmppos=20&cmpa=none~demo-gelaende&cmpb=none~demo-bezirke`)
    await d.waitForFirstView()
    await compareIdle(d)
    expect(await slider(d)).toBe(20)
    const line = (await page.getByTestId('compare-slider').boundingBox())!
    const box = (await page.getByTestId('compare-overlay').boundingBox())!
    const cdp = await page.context().newCDPSession(page)
    const x0 = line.x + line.width / 2
    const y0 = line.y + line.height / 2
    const x1 = box.x + box.width * 0.8
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y: y0 }] })
    for (let i = 1; i <= 8; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + ((x1 - x0) * i) / 8, y: y0 }] })
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await frames(page)
    expect(Math.abs((await slider(d)) - 80)).toBeLessThanOrEqual(0.5)
    // The finger moved the line, not the maps.
    expect(await page.getByTestId('compare-map-a').getAttribute('data-view')).toBe(await page.getByTestId('compare-map-b').getAttribute('data-view'))
    // Under the production CSP (clip-path and positions are set through the CSSOM, not style attributes), and
    // nothing from another origin.
    expect(await csp()).toEqual([])
    expect(d.requested.filter((u) => !u.startsWith(portal.server.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([])
    expect(d.pageErrors).toEqual([])
    await page.close()
  })

  it('side by side: a drag of one map moves the other and the main map; the share link restores the comparison', async () => {
    const d = await portal.open(START, DESKTOP)
    await openCompare(d)
    await d.page.getByTestId('compare-slider').focus()
    await press(d, 'PageDown', 2)
    await d.page.getByTestId('compare-mode-side').check()
    await compareIdle(d)
    const a = await d.page.getByTestId('compare-map-a').boundingBox()
    const b = (await d.page.getByTestId('compare-map-b').boundingBox())!
    expect(a!.x + a!.width).toBeLessThanOrEqual(b.x)
    const viewOf = (s: string) => d.page.getByTestId(`compare-map-${s}`).getAttribute('data-view')
    const before = await viewOf('a')
    // Drag map B 150 px to the left and 80 px up: map A follows.
    const x = b.x + b.width / 2
    const y = b.y + b.height * 0.7
    await d.afterMove(async () => {
      await d.page.mouse.move(x, y)
      await d.page.mouse.down()
      for (let i = 1; i <= 10; i++) await d.page.mouse.move(x - 15 * i, y - 8 * i)
      await d.page.mouse.up()
    })
    await compareIdle(d)
    const after = await viewOf('b')
    expect(after).not.toBe(before)
    expect(await viewOf('a')).toBe(after)
    // The main map (hidden under the tool) followed too: the link's view is the compared view.
    const [z, lat, lon] = after!.split('/').map(Number)
    const h = await d.hashState()
    expect(Math.abs(h.zoom - z)).toBeLessThan(0.01)
    expect(Math.abs(h.lat - lat)).toBeLessThan(2e-5)
    expect(Math.abs(h.lon - lon)).toBeLessThan(2e-5)
    // The content dragged left and up: the centre is further east and further south than before.
    const [, lat0, lon0] = before!.split('/').map(Number)
    expect(lon).toBeGreaterThan(lon0)
    expect(lat).toBeLessThan(lat0)

    const hash = await d.page.evaluate(() => location.hash)
    expect(hash).toMatch(/cmp=side/)
    expect(hash).toMatch(/cmppos=30/)
    expect(hash).toMatch(/cmpa=none~demo-gelaende/)
    expect(hash).toMatch(/cmpb=none~demo-bezirke/)
    const pictureHere = await samples(d)

    // The link in a fresh page: the tool open with the same choices, view and pixels.
    const e = await portal.open(hash, DESKTOP)
    await e.page.getByTestId('compare-overlay').waitFor()
    await compareIdle(e)
    expect(await e.page.getByTestId('compare-mode-side').isChecked()).toBe(true)
    expect(await e.page.getByTestId('compare-layer-a').inputValue()).toBe('demo-gelaende')
    expect(await e.page.getByTestId('compare-layer-b').inputValue()).toBe('demo-bezirke')
    expect(await e.page.getByTestId('compare-basemap-a').inputValue()).toBe('none')
    expect(await e.page.getByTestId('compare-map-a').getAttribute('data-view')).toBe(await e.page.getByTestId('compare-map-b').getAttribute('data-view'))
    const pictureThere = await samples(e)
    let same = 0
    for (const [k, px] of pictureHere) if (dist(px, pictureThere.get(k)!) < 12) same++
    expect(same).toBeGreaterThanOrEqual(pictureHere.size - 1)
    // Back to swipe: the line where the link put it.
    await e.page.getByTestId('compare-mode-swipe').check()
    expect(await slider(e)).toBe(30)
    expect(d.pageErrors).toEqual([])
    expect(e.pageErrors).toEqual([])
  })

  it('a side whose layer cannot be read says so in one line, the other side draws', async () => {
    const page = await portal.browser.newPage({ viewport: DESKTOP })
    // The districts' file answers with a server error: only map B shows that layer.
    await page.route(/\/layers\/demo-bezirke\/.*\.fgb/, (route) => route.fulfill({ status: 500, body: 'broken' }))
    const d = PortalDriver.attach(page)
    await page.goto(`${portal.server.url}?bench${START}&cmp=swipe&cmppos=50&cmpa=none~demo-gelaende&cmpb=none~demo-bezirke`)
    await d.waitForFirstView()
    const error = page.getByTestId('compare-error-b')
    await error.waitFor({ timeout: 30_000 })
    const text = await error.innerText()
    expect(text).toMatch(/^Fehler: /)
    expect(text).toMatch(/\.fgb|500/)
    expect(text.split('\n')).toHaveLength(1)
    expect(await page.getByTestId('compare-error-a').count()).toBe(0)
    console.log(`compare: side B's error line: ${text}`)
    // Map A draws its terrain left of the line.
    await page.waitForSelector('[data-testid="compare-map-a"][data-idle="true"]')
    const left = [...(await samples(d))].filter(([k]) => Number(k.split(',')[0]) < 0.5)
    expect(left.every(([, px]) => colourDistance(px, BACKGROUND) > 20)).toBe(true)
    // Choosing another layer for B clears the message.
    await page.getByTestId('compare-layer-b').selectOption('')
    await compareIdle(d)
    expect(await page.getByTestId('compare-error-b').count()).toBe(0)
    await page.close()
  })

  for (const viewport of [DESKTOP, PHONE]) {
    it(`axe-core finds no violations with the tool open, swipe and side by side, at ${viewport.width}×${viewport.height}`, async () => {
      const d = await portal.open(`${START}&cmp=swipe&cmppos=50&cmpa=none~demo-gelaende&cmpb=demo~demo-bezirke`, viewport, { bypassCSP: true })
      await compareIdle(d)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-compare-swipe-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      await d.page.getByTestId('compare-mode-side').check()
      await compareIdle(d)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-compare-side-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      if (viewport === DESKTOP) {
        await d.switchLanguage('English')
        await expect.poll(() => d.page.getByTestId('compare-side-a').locator('legend').innerText()).toBe('Map A (left)')
        await d.page.getByTestId('compare-mode-swipe').check()
        const handle = d.page.getByRole('slider', { name: 'Divider between map A and B' })
        expect(await handle.getAttribute('aria-valuetext')).toBe('A 50 %, B 50 %')
        expect(await d.page.getByTestId('compare-map-b').innerText()).toContain('B: Demo')
        expect(await d.axeViolations()).toEqual([])
        await d.page.getByTestId('compare-mode-side').check()
      }
      if (viewport === PHONE) {
        // Stacked on the phone: A above B, each as wide as the screen.
        const a = (await d.page.getByTestId('compare-map-a').boundingBox())!
        const b = (await d.page.getByTestId('compare-map-b').boundingBox())!
        expect(a.y + a.height).toBeLessThanOrEqual(b.y)
        expect(a.width).toBe(b.width)
        expect(a.width).toBeGreaterThan(viewport.width - 5)
      }
      expect(d.pageErrors).toEqual([])
    })
  }
})
