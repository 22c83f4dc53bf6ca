// The layout of issue #15 in a real browser: the phone layout (map filling the screen, the panel in a bottom sheet
// with peek / half / full by keyboard, mouse and touch), every page usable at 375×667, skip links, tooltips on icon
// buttons, the compact attribution, "my location" with granted and denied permission (Chromium's geolocation
// override), and axe-core on desktop and phone in each sheet state. SCREENSHOTS=<dir> saves the states.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { colourDistance, DemoPortal, PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED layout browser tests: ${unavailable}`)

const PHONE = { width: 375, height: 667 }
const DESKTOP = { width: 1280, height: 800 }
const SOEST = { lat: 51.5711, lon: 8.1059 }
const MAP = `#map=13/${SOEST.lat}/${SOEST.lon}&layers=demo-bezirke,demo-baeume`
const SHOTS = process.env.SCREENSHOTS

type Box = { x: number; y: number; width: number; height: number }
const intersection = (a: Box, b: Box): Box => {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) }
}
const area = (b: Box) => b.width * b.height
const overlap = (a: Box, b: Box) => area(intersection(a, b))
const box = async (page: Page, selector: string): Promise<Box> => {
  const b = await page.locator(selector).first().boundingBox()
  if (!b) throw new Error(`${selector} is not visible`)
  return b
}

/** The share of the viewport where the map is seen: its box inside the viewport, less what the sheet covers. */
async function visibleMapShare(page: Page): Promise<number> {
  const vp = page.viewportSize()!
  const onScreen = intersection(await box(page, '[data-testid="map"]'), { x: 0, y: 0, width: vp.width, height: vp.height })
  const sheet = await page.getByTestId('panel-sheet').boundingBox()
  return (area(onScreen) - (sheet ? overlap(onScreen, sheet) : 0)) / (vp.width * vp.height)
}

async function noHorizontalOverflow(page: Page) {
  return page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: innerWidth }))
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  await fs.mkdir(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

describe.skipIf(!!unavailable)('layout (issue #15)', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('on a phone the map covers at least 70 % of the screen with the sheet peeking; the sheet steps by keyboard', async () => {
    const d = await portal.open(MAP, PHONE)
    expect(await d.sheetStep()).toBe('peek')
    expect(await d.page.getByTestId('panel').count()).toBe(0)
    const share = await visibleMapShare(d.page)
    expect(share).toBeGreaterThanOrEqual(0.7)
    // The compact header is one line: title and menu button.
    expect((await box(d.page, '.app-header')).height).toBeLessThan(56)
    await shot(d.page, 'phone-peek-375x667')

    const handle = d.page.getByTestId('panel-sheet-handle')
    const status = d.sheet().getByRole('status').first()
    expect(await handle.getAttribute('aria-expanded')).toBe('false')
    expect(await status.innerText()).toBe('Suche und Ebenen: eingeklappt')
    // The handle is a button: Enter cycles peek → half → full → peek.
    await handle.focus()
    const layout = await box(d.page, 'main.layout')
    const heights: Record<string, number> = {}
    for (const step of ['half', 'full', 'peek']) {
      await d.page.keyboard.press('Enter')
      expect(await d.sheetStep()).toBe(step)
      await d.sheetSettled()
      heights[step] = (await box(d.page, '[data-testid="panel-sheet"]')).height
      expect(await handle.getAttribute('aria-expanded')).toBe(String(step !== 'peek'))
      expect(await status.innerText()).toBe(`Suche und Ebenen: ${{ peek: 'eingeklappt', half: 'halb geöffnet', full: 'ganz geöffnet' }[step]}`)
    }
    expect(heights.half).toBeCloseTo(layout.height / 2, 0)
    expect(heights.full).toBeCloseTo(layout.height, 0)
    expect(heights.peek).toBeLessThan(layout.height * 0.25)
    // Arrow keys step up and down and stop at the ends; the explicit buttons do the same.
    await d.page.keyboard.press('ArrowUp')
    expect(await d.sheetStep()).toBe('half')
    await d.page.keyboard.press('ArrowDown')
    await d.page.keyboard.press('ArrowDown')
    expect(await d.sheetStep()).toBe('peek')
    const bigger = d.page.getByTestId('panel-sheet-bigger')
    expect(await bigger.getAttribute('aria-label')).toBe('Bereich vergrößern')
    await bigger.focus()
    await d.page.keyboard.press('Enter')
    await d.page.keyboard.press('Enter')
    await d.page.keyboard.press('Enter')
    expect(await d.sheetStep()).toBe('full')
    // At the end the button says so and keeps the focus.
    expect(await bigger.getAttribute('aria-disabled')).toBe('true')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('panel-sheet-bigger')
    await d.page.getByTestId('panel-sheet-smaller').click()
    expect(await d.sheetStep()).toBe('half')
    expect(d.pageErrors).toEqual([])
  })

  it('the sheet follows a mouse drag and a touch drag on its handle and snaps to the nearest step', async () => {
    const d = await portal.open(MAP, PHONE)
    const handle = await box(d.page, '[data-testid="panel-sheet-handle"]')
    const layout = await box(d.page, 'main.layout')
    const x = handle.x + handle.width / 2
    const y = handle.y + handle.height / 2
    // Mouse: drag up by a little more than to the middle of the layout → half.
    const start = await box(d.page, '[data-testid="panel-sheet"]')
    await d.page.mouse.move(x, y)
    await d.page.mouse.down()
    const target = layout.y + layout.height / 2 + 20
    for (let i = 1; i <= 8; i++) await d.page.mouse.move(x, y + ((target - y) * i) / 8)
    // While dragging, the height follows the pointer.
    const during = await box(d.page, '[data-testid="panel-sheet"]')
    expect(Math.abs(during.y - (start.y + target - y))).toBeLessThan(2)
    await d.page.mouse.up()
    expect(await d.sheetStep()).toBe('half')
    await d.sheetSettled()

    // Touch (pointer events of type touch, from Chromium's touch emulation): from half up to the top → full.
    const touchPage = await portal.browser.newPage({ viewport: PHONE, hasTouch: true, isMobile: true })
    const t = PortalDriver.attach(touchPage)
    await touchPage.goto(`${portal.server.url}?bench${MAP}`)
    await t.waitForFirstView()
    await t.setSheetStep('half')
    const h = await box(touchPage, '[data-testid="panel-sheet-handle"]')
    const cdp = await touchPage.context().newCDPSession(touchPage)
    const tx = h.x + h.width / 2
    const ty = h.y + h.height / 2
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: tx, y: ty }] })
    for (let i = 1; i <= 8; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: tx, y: ty - ((ty - 40) * i) / 8 }] })
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await touchPage.waitForFunction(() => document.querySelector('[data-testid="panel-sheet"]')?.getAttribute('data-step') === 'full')
    // A tap on the handle (no drag) cycles: full → peek.
    await t.sheetSettled()
    await touchPage.getByTestId('panel-sheet-handle').tap()
    expect(await t.sheetStep()).toBe('peek')
    expect(t.pageErrors).toEqual([])
    await touchPage.close()
  })

  it('the sheet scrolls its own content, not the page; the map and its controls stay above the sheet', async () => {
    const d = await portal.open(MAP, PHONE)
    await d.setSheetStep('full')
    await shot(d.page, 'phone-full-375x667')
    const body = d.sheet().locator('.sheet-body')
    const sizes = await body.evaluate((b) => {
      b.scrollTop = 400
      return { scroll: b.scrollHeight, client: b.clientHeight, top: b.scrollTop, page: document.scrollingElement!.scrollHeight, pageTop: document.scrollingElement!.scrollTop }
    })
    expect(sizes.scroll).toBeGreaterThan(sizes.client)
    expect(sizes.top).toBeGreaterThan(0)
    expect(sizes.page).toBeLessThanOrEqual(PHONE.height)
    expect(sizes.pageTop).toBe(0)

    await d.setSheetStep('half')
    await d.waitIdle()
    await shot(d.page, 'phone-half-375x667')
    const sheetTop = (await box(d.page, '[data-testid="panel-sheet"]')).y
    // The map shrinks to the free part: zoom, my location, scale bar and ⓘ are all above the sheet.
    for (const sel of ['.maplibregl-ctrl-zoom-in', '[data-testid="my-location"]', '.maplibregl-ctrl-scale', '.geoportal-attrib-button']) {
      const b = await box(d.page, sel)
      expect(b.y + b.height, sel).toBeLessThanOrEqual(sheetTop)
    }
    expect((await box(d.page, '[data-testid="map"]')).y + (await box(d.page, '[data-testid="map"]')).height).toBeLessThanOrEqual(sheetTop + 1)
    // Choosing a place puts the sheet back to peek, so the map shows it.
    await d.afterMove(async () => {
      await d.typePlace('soest-nord')
      await d.placeSearch().press('ArrowDown')
      await d.placeSearch().press('Enter')
    })
    expect(await d.sheetStep()).toBe('peek')
    expect(d.pageErrors).toEqual([])
  })

  it('desktop keeps the side panel beside the map; the panel scrolls on its own', async () => {
    const d = await portal.open(MAP, DESKTOP)
    expect(await d.sheet().count()).toBe(0)
    const panel = await box(d.page, '[data-testid="panel"]')
    const map = await box(d.page, '[data-testid="map"]')
    const header = await box(d.page, '.app-header')
    expect(map.x).toBeGreaterThanOrEqual(panel.x + panel.width - 1)
    expect(map.x + map.width).toBeCloseTo(DESKTOP.width, 0)
    expect(map.y + map.height).toBeCloseTo(DESKTOP.height, 0)
    expect(map.y).toBeCloseTo(header.y + header.height, 0)
    const scroll = await d.page.getByTestId('panel').evaluate((p) => {
      p.scrollTop = 300
      return { top: p.scrollTop, page: document.scrollingElement!.scrollHeight, overflow: getComputedStyle(p).overflowY }
    })
    expect(scroll.overflow).toBe('auto')
    expect(scroll.top).toBeGreaterThan(0)
    expect(scroll.page).toBeLessThanOrEqual(DESKTOP.height)
    // Attribution as text, no ⓘ button.
    expect(await d.page.locator('.geoportal-attrib-button').isVisible()).toBe(false)
    expect(await d.page.locator('.maplibregl-ctrl-attrib').innerText()).toMatch(/Demodaten/)
    await shot(d.page, 'desktop-1280x800')
  })

  it('every page is usable on a phone: no sideways scrolling, the main heading in view, the menu reaches the pages', async () => {
    const d = await portal.open(MAP, PHONE)
    expect(await noHorizontalOverflow(d.page)).toEqual({ scroll: PHONE.width, inner: PHONE.width })
    expect(await d.page.locator('h1').isVisible()).toBe(true)
    // The navigation sits behind the menu button.
    const menu = d.page.getByTestId('menu-button')
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await d.page.getByRole('link', { name: 'Qualität', exact: true }).isVisible()).toBe(false)
    for (const [link, heading] of [
      ['Qualität', 'dashboard'],
      ['Barrierefreiheit', 'accessibility-statement'],
    ] as const) {
      await menu.click()
      expect(await menu.getAttribute('aria-expanded')).toBe('true')
      await d.navigate(link)
      await d.page.getByTestId(heading).waitFor()
      // The menu closed on the way.
      expect(await menu.getAttribute('aria-expanded')).toBe('false')
      const h2 = d.page.getByTestId(heading).locator('h2').first()
      const b = await h2.boundingBox()
      expect(b && b.y >= 0 && b.y + b.height <= PHONE.height && b.x >= 0 && b.x + b.width <= PHONE.width, `${heading} heading in view`).toBe(true)
      expect(await noHorizontalOverflow(d.page), heading).toEqual({ scroll: PHONE.width, inner: PHONE.width })
      await shot(d.page, `phone-${heading}-375x667`)
    }
    // A layer page (from the layer list in the sheet).
    await d.navigate('Karte')
    await d.waitIdle()
    await d.page.getByRole('button', { name: 'Details: Demo: Straßenbäume' }).click()
    const title = d.page.getByRole('heading', { level: 2, name: 'Demo: Straßenbäume' })
    await title.waitFor()
    const b = await title.boundingBox()
    expect(b && b.y >= 0 && b.y + b.height <= PHONE.height).toBe(true)
    expect(await noHorizontalOverflow(d.page)).toEqual({ scroll: PHONE.width, inner: PHONE.width })
    await shot(d.page, 'phone-layer-page-375x667')
    // Escape closes the menu and gives the focus back to its button.
    await menu.click()
    await d.page.keyboard.press('Escape')
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-button')
    expect(d.pageErrors).toEqual([])
  })

  for (const viewport of [DESKTOP, PHONE]) {
    it(`skip links are the first Tab stops, show when focused and move the focus to their targets (${viewport.width}×${viewport.height})`, async () => {
      const d = await portal.open(MAP, viewport)
      const targets: [string, string, string][] = [
        ['Zur Karte', 'skipToMap', 'canvas'],
        ['Zur Ebenenliste', 'skipToLayers', 'layer-search'],
        ['Zur Ortssuche', 'skipToSearch', 'place-search-input'],
      ]
      for (let i = 0; i < targets.length; i++) {
        const [name, testId, target] = targets[i]
        // Start sequential focus navigation from the top of the document.
        await d.page.evaluate(() => {
          document.body.tabIndex = -1
          document.body.focus()
          document.body.removeAttribute('tabindex')
        })
        for (let k = 0; k <= i; k++) await d.page.keyboard.press('Tab')
        const link = d.page.getByTestId(testId)
        expect(await d.page.evaluate(() => document.activeElement?.textContent)).toBe(name)
        const b = await link.boundingBox()
        expect(b && b.y >= 0 && b.x >= 0, `${name} visible when focused`).toBe(true)
        await d.page.keyboard.press('Enter')
        const focused = await d.page.evaluate(() => {
          const a = document.activeElement as HTMLElement
          return a.tagName === 'CANVAS' ? 'canvas' : a.id
        })
        expect(focused, name).toBe(target)
        if (viewport === PHONE && target !== 'canvas') {
          // Inside the sheet: it opened, and the target is on screen.
          expect(await d.sheetStep()).toBe('half')
          await d.sheetSettled()
          const tb = await d.page.locator(`#${target}`).boundingBox()
          expect(tb && tb.y >= 0 && tb.y + tb.height <= viewport.height, `${target} on screen`).toBe(true)
          await d.setSheetStep('peek')
        }
        if (target === 'canvas') {
          // Keyboard on the map: an arrow key pans it.
          await d.afterMove(() => d.page.keyboard.press('ArrowRight'))
        }
      }
      // Unfocused, the links are off screen.
      await d.page.getByTestId('map').click({ position: { x: 5, y: 5 } })
      const hidden = await d.page.getByTestId('skipToMap').boundingBox()
      expect(hidden!.y + hidden!.height).toBeLessThanOrEqual(0)
      expect(d.pageErrors).toEqual([])
    })
  }

  it('every icon-only button has a tooltip and an accessible name (map with layers on, feature info open)', async () => {
    const d = await portal.open(MAP, DESKTOP)
    // Two features answer at one place (district and the tree) → the pager with ‹ ›.
    await d.clickAt(8.1059, 51.5711)
    const missing = await d.page.evaluate(() =>
      [...document.querySelectorAll('button, summary, [role=button]')]
        .filter((b) => (b as HTMLElement).offsetParent !== null)
        .filter((b) => (b.textContent ?? '').trim().length <= 2)
        .filter((b) => !b.getAttribute('title') || !(b.getAttribute('aria-label') || b.getAttribute('aria-labelledby')))
        .map((b) => b.outerHTML.slice(0, 120)),
    )
    expect(missing).toEqual([])
    const icons = await d.page.evaluate(() => [...document.querySelectorAll('button')].filter((b) => (b.textContent ?? '').trim().length <= 2 && (b as HTMLElement).offsetParent !== null).length)
    // Zoom in/out, my location, per layer zoom-to + details, ↑/↓ for the two layers on, feature info ×: the check saw them.
    expect(icons).toBeGreaterThanOrEqual(3 + 2 * 2 + 4 + 1)
  })

  it('the attribution is an ⓘ button on a phone; open, it stays clear of the scale bar', async () => {
    const d = await portal.open(MAP, PHONE)
    const button = d.page.locator('.geoportal-attrib-button')
    expect(await button.getAttribute('aria-label')).toBe('Quellenangaben ein- oder ausblenden')
    expect(await button.getAttribute('title')).toBe('Quellenangaben ein- oder ausblenden')
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    expect(await d.page.locator('.maplibregl-ctrl-attrib').isVisible()).toBe(false)
    await button.click()
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    const text = d.page.locator('.maplibregl-ctrl-attrib')
    expect(await text.innerText()).toMatch(/Demodaten Geoportal Soest/)
    expect(overlap(await box(d.page, '.maplibregl-ctrl-attrib'), await box(d.page, '.maplibregl-ctrl-scale'))).toBe(0)
    await shot(d.page, 'phone-attribution-375x667')
    // Dragging the map closes it.
    const m = await box(d.page, '[data-testid="map"]')
    await d.afterMove(async () => {
      await d.page.mouse.move(m.x + m.width / 2, m.y + m.height / 2)
      await d.page.mouse.down()
      await d.page.mouse.move(m.x + m.width / 2 + 60, m.y + m.height / 2 + 30, { steps: 5 })
      await d.page.mouse.up()
    })
    expect(await button.getAttribute('aria-expanded')).toBe('false')
  })

  describe('my location', () => {
    /** A page whose geolocation calls are counted (the permission must be asked only when the button is pressed). */
    async function openWith(options: { permissions?: string[]; geolocation?: { latitude: number; longitude: number; accuracy: number } }, viewport = PHONE) {
      const context = await portal.browser.newContext({ viewport, ...options })
      await context.addInitScript(() => {
        const w = window as unknown as { __geoCalls: number }
        w.__geoCalls = 0
        const geo = navigator.geolocation
        const original = geo.getCurrentPosition.bind(geo)
        geo.getCurrentPosition = (...args: Parameters<Geolocation['getCurrentPosition']>) => {
          w.__geoCalls++
          return original(...args)
        }
      })
      const page = await context.newPage()
      const d = PortalDriver.attach(page)
      await page.goto(`${portal.server.url}?bench#map=12/51.58/8.05&layers=demo-bezirke`)
      await d.waitForFirstView()
      return { d, context }
    }
    const calls = (d: PortalDriver) => d.page.evaluate(() => (window as unknown as { __geoCalls: number }).__geoCalls)
    const message = (d: PortalDriver) => d.page.getByTestId('location-message')

    it('granted: asks only when pressed, marks the position with its accuracy and flies there', async () => {
      const pos = { latitude: 51.5705, longitude: 8.1085, accuracy: 80 }
      const { d, context } = await openWith({ permissions: ['geolocation'], geolocation: pos })
      await d.page.waitForTimeout(300)
      expect(await calls(d)).toBe(0)
      const button = d.page.getByTestId('my-location')
      expect(await button.getAttribute('title')).toBe('Mein Standort')
      expect(await button.getAttribute('aria-label')).toBe('Mein Standort')
      await d.afterMove(() => button.click())
      expect(await calls(d)).toBe(1)
      expect(await message(d).getAttribute('data-state')).toBe('shown')
      expect(await message(d).getByRole('status').innerText()).toBe('Ihr Standort ist markiert (Genauigkeit etwa 80 m).')
      const view = await d.hashState()
      // Zoomed to the accuracy circle, centred on the position.
      expect(view.zoom).toBeGreaterThan(14)
      expect(Math.abs(view.lat - pos.latitude)).toBeLessThan(0.001)
      expect(Math.abs(view.lon - pos.longitude)).toBeLessThan(0.001)
      // The dot is drawn at the position (accent blue), the translucent circle around it.
      const dx = (pos.accuracy * 0.6) / (111_320 * Math.cos((pos.latitude * Math.PI) / 180))
      const dot = await d.pixelAt(pos.longitude, pos.latitude)
      const inCircle = await d.pixelAt(pos.longitude + dx, pos.latitude)
      expect(colourDistance(dot, '#005a9c')).toBeLessThan(40)
      await shot(d.page, 'phone-my-location-375x667')
      // Outside the catalog's area (Berlin): marked there, but the map stays and says why.
      await context.setGeolocation({ latitude: 52.52, longitude: 13.405, accuracy: 30 })
      const before = await d.hashState()
      await button.click()
      await d.page.waitForSelector('[data-testid="location-message"][data-state="outside"]')
      expect(await message(d).getByRole('status').innerText()).toMatch(/außerhalb des Gebiets dieses Portals/)
      await d.page.waitForTimeout(500)
      expect(await d.hashState()).toEqual(before)
      // The same pixels without the dot and circle (they moved to Berlin): the circle had tinted them blue.
      const dotGone = await d.pixelAt(pos.longitude, pos.latitude)
      const circleGone = await d.pixelAt(pos.longitude + dx, pos.latitude)
      expect(colourDistance(dotGone, '#005a9c')).toBeGreaterThan(60)
      expect(inCircle[2] - inCircle[0]).toBeGreaterThan(circleGone[2] - circleGone[0] + 5)
      // The message can be dismissed.
      await message(d).getByRole('button', { name: 'Meldung schließen' }).click()
      expect(await message(d).getAttribute('data-state')).toBe('idle')
      expect(d.pageErrors).toEqual([])
      await context.close()
    })

    it('denied: a clear message, the map stays where it is', async () => {
      const { d, context } = await openWith({})
      const before = await d.hashState()
      await d.page.getByTestId('my-location').click()
      await d.page.waitForSelector('[data-testid="location-message"][data-state="denied"]', { timeout: 15_000 })
      expect(await message(d).getByRole('status').innerText()).toMatch(/nicht freigegeben/)
      expect(await d.hashState()).toEqual(before)
      expect(d.pageErrors).toEqual([])
      await context.close()
    })
  })

  it('on a phone the planners\' tools fold into one menu button: one row over the map, by keyboard, named when a tool is open', async () => {
    const d = await portal.open(MAP, PHONE, { bypassCSP: true })
    const button = d.page.getByTestId('tools-menu-button')
    const toolbarBox = await box(d.page, '.map-tools .map-toolbar')
    // One touch-sized row instead of six buttons in two rows.
    expect(toolbarBox.height).toBeLessThan(56)
    expect(toolbarBox.width).toBeLessThan(PHONE.width / 2)
    expect(await d.page.getByTestId('tool-measure').isVisible()).toBe(false)
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    // Keyboard: Enter opens the list, Tab reaches the second tool, Enter opens it and folds the list.
    await button.focus()
    await d.page.keyboard.press('Enter')
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    expect(await d.page.getByTestId('tool-measure').isVisible()).toBe(true)
    expect(await d.axeViolations(), 'tool menu open').toEqual([])
    await shot(d.page, 'phone-tool-menu-375x667')
    await d.page.keyboard.press('Tab')
    await d.page.keyboard.press('Tab')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tool-measure')
    await d.page.keyboard.press('Enter')
    await d.page.getByTestId('tool-panel-measure').waitFor()
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    expect(await button.innerText()).toBe('Werkzeuge: Messen')
    // The focus is not lost with the folded list: it is back on the menu button.
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tools-menu-button')
    // Escape folds an open list and gives the focus back to its button; a press on the map folds it too.
    await button.click()
    await d.page.keyboard.press('Escape')
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tools-menu-button')
    await button.click()
    await d.page.mouse.click(PHONE.width / 2, 200)
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    // The pressed tool in the list closes the tool.
    await d.toggleTool('measure')
    expect(await d.page.getByTestId('tool-panel-measure').count()).toBe(0)
    expect(await button.innerText()).toBe('Werkzeuge')
    // Desktop keeps the plain toolbar.
    const desk = await portal.open(MAP, DESKTOP)
    expect(await desk.page.getByTestId('tools-menu-button').count()).toBe(0)
    expect(await desk.page.getByTestId('tool-measure').isVisible()).toBe(true)
  })

  it('axe-core finds no WCAG 2.1 A/AA violation on desktop and on the phone in each sheet state, with menu, attribution and a location message', async () => {
    const desk = await portal.open(MAP, DESKTOP, { bypassCSP: true })
    expect(await desk.axeViolations(), 'desktop').toEqual([])
    const d = await portal.open(MAP, PHONE, { bypassCSP: true })
    for (const step of ['peek', 'half', 'full'] as const) {
      await d.setSheetStep(step)
      expect(await d.axeViolations(), step).toEqual([])
    }
    await d.setSheetStep('peek')
    await d.page.locator('.geoportal-attrib-button').click()
    await d.page.getByTestId('menu-button').click()
    expect(await d.axeViolations(), 'menu and attribution open').toEqual([])
    await d.page.keyboard.press('Escape')
    await d.page.getByTestId('my-location').click()
    await d.page.waitForSelector('[data-testid="location-message"]:not([data-state="locating"]):not([data-state="idle"])', { timeout: 15_000 })
    expect(await d.axeViolations(), 'location message').toEqual([])
  })
})
