// Feature information at the click (issue #15): the popup at the clicked point on desktop, paged over all hits and
// kept inside the viewport; the info sheet on phones; Enter on the focused map identifies at the centre (crosshair);
// Esc and the close button give the focus back to the map; axe-core in each state.
// SCREENSHOTS=<dir> saves the popup (1280×800) and the sheet (375×667).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, FileLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { DemoPortal, repoPath, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable() ?? (gdalMissing() ? 'GDAL (gdallocationinfo) is not installed' : null)
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)
const SCREENS = process.env.SCREENSHOTS

function gdalMissing() {
  try {
    execFileSync('gdallocationinfo', ['--version'])
    return false
  } catch {
    return true
  }
}

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
// Bottom to top: the trees over the districts over the city area over the terrain raster.
const STACK = 'demo-gelaende,demo-stadtgebiet,demo-bezirke,demo-baeume'

describe.skipIf(!!unavailable)('feature information at the click', () => {
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  const href = (id: string) => repoPath('data', (catalog.layers.find((l) => l.id === id) as FileLayerEntry).href)
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  /** A demo tree in lon/lat with its attributes, read from the published file. */
  async function someTree(index: number) {
    let i = 0
    for await (const f of deserialize(new Uint8Array(readFileSync(href('demo-baeume'))))) {
      if (i++ === index) {
        const [lon, lat] = toLonLat((f.geometry as unknown as { coordinates: [number, number] }).coordinates)
        return { lon, lat, nr: String(f.properties!.baum_nr), art: String(f.properties!.art) }
      }
    }
    throw new Error('no tree')
  }
  /** GDAL's terrain values at a lon/lat and its eight neighbouring pixels (25 m). */
  function terrainAround(p: { lon: number; lat: number }): number[] {
    const [e, n] = new Projections().forward('EPSG:4326', 'EPSG:25832')([p.lon, p.lat])
    const values: number[] = []
    for (const de of [-25, 0, 25]) for (const dn of [-25, 0, 25]) {
      values.push(Number(execFileSync('gdallocationinfo', ['-valonly', '-geoloc', href('demo-gelaende'), String(e + de), String(n + dn)], { encoding: 'utf8' }).trim()))
    }
    return values
  }
  const at = (p: { lat: number; lon: number }, zoom = 17) => `#map=${zoom}/${p.lat.toFixed(6)}/${p.lon.toFixed(6)}`

  /** The popup's tip ends at the point, and the card is inside the viewport. */
  async function expectAnchoredAt(d: PortalDriver, p: { x: number; y: number }) {
    const tip = (await d.page.getByTestId('feature-info-tip').boundingBox())!
    const card = (await d.page.locator('.identify-card').boundingBox())!
    const side = await d.page.getByTestId('feature-info').getAttribute('data-side')
    expect(p.x, 'tip spans the point horizontally').toBeGreaterThanOrEqual(tip.x - 1)
    expect(p.x).toBeLessThanOrEqual(tip.x + tip.width + 1)
    // The tip's point touches the clicked point; its base touches the card.
    const [point, base] = side === 'above' ? [tip.y + tip.height, tip.y] : [tip.y, tip.y + tip.height]
    expect(Math.abs(point - p.y), `tip ${side} the point`).toBeLessThanOrEqual(2)
    expect(Math.abs(base - (side === 'above' ? card.y + card.height : card.y))).toBeLessThanOrEqual(2)
    const vp = d.page.viewportSize()!
    expect(card.x).toBeGreaterThanOrEqual(0)
    expect(card.y).toBeGreaterThanOrEqual(0)
    expect(card.x + card.width).toBeLessThanOrEqual(vp.width)
    expect(card.y + card.height).toBeLessThanOrEqual(vp.height)
    return { card, side }
  }

  /** The lon/lat at a page position, from the view in the URL (the inverse of PortalDriver.screenPoint). */
  async function lonLatAt(d: PortalDriver, x: number, y: number): Promise<[number, number]> {
    const { zoom, lat, lon } = await d.hashState()
    const box = (await d.page.getByTestId('map').boundingBox())!
    const world = 512 * 2 ** zoom
    const r = (lat * Math.PI) / 180
    const mx = ((lon + 180) / 360) * world + x - (box.x + box.width / 2)
    const my = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * world + y - (box.y + box.height / 2)
    return [(mx / world) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * my) / world))) * 180) / Math.PI]
  }

  const focused = (d: PortalDriver) =>
    d.page.evaluate(() => {
      const a = document.activeElement
      return a?.closest('[data-testid="feature-info"]') ? 'feature-info' : a?.tagName === 'CANVAS' ? 'map' : (a?.tagName ?? '')
    })

  it('a click opens a popup at the clicked point with the attributes (titles from layer.json), paged over all hits; Esc closes it', async () => {
    const tree = await someTree(42)
    const d = await portal.open(`${at(tree)}&layers=${STACK}`, DESKTOP, { bypassCSP: true })
    const p = await d.screenPoint(tree.lon, tree.lat)
    await d.clickAt(tree.lon, tree.lat)
    await expectAnchoredAt(d, p)
    // The side panel no longer holds the answer.
    expect(await d.page.locator('.panel [data-testid="feature-info"]').count()).toBe(0)
    // Top layer first; the titles come from the layer's metadata once layer.json has arrived.
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Straßenbäume')
    await d.page.getByTestId('feature-info').locator('th', { hasText: 'Baumnummer' }).waitFor()
    expect(await d.attribute('Baumnummer')).toBe(tree.nr)
    expect(await d.attribute('Baumart')).toBe(tree.art)
    expect(await d.page.getByTestId('identify-status').innerText()).toBe('4 Treffer an dieser Stelle')
    // One page per hit: the tree, its district, the city area and the terrain's value.
    const pages: string[] = []
    for (let i = 1; i <= 4; i++) {
      expect(await d.page.getByTestId('feature-page').innerText()).toBe(`${i} / 4`)
      pages.push(await d.page.getByTestId('feature-layer').innerText())
      if (i < 4) await d.page.getByRole('button', { name: 'Nächstes Objekt' }).click()
    }
    expect(pages).toEqual(['Demo: Straßenbäume', 'Demo: Stadtbezirke', 'Demo: Stadtgebiet', 'Demo: Geländehöhe'])
    // The terrain value is the file's (GDAL's reading at the tree's pixel or, at a pixel border, a neighbour's).
    const shown = /^(\d+(?:[.,]\d+)?) m$/.exec(await d.page.getByTestId('raster-value').innerText())
    expect(shown).not.toBeNull()
    expect(terrainAround(tree).some((v) => Math.abs(v - Number(shown![1].replace(',', '.'))) < 0.01)).toBe(true)
    expect(await d.page.getByRole('button', { name: 'Nächstes Objekt' }).isDisabled()).toBe(true)
    await d.page.getByRole('button', { name: 'Vorheriges Objekt' }).click()
    expect(await d.page.getByTestId('feature-page').innerText()).toBe('3 / 4')
    // Whatever the page, the tip stays at the point.
    await expectAnchoredAt(d, p)
    expect(await d.axeViolations()).toEqual([])
    if (SCREENS) await d.page.screenshot({ path: path.join(SCREENS, 'identify-popup-1280.png') })

    // The popup follows the map: after a pan its tip is where the tree now is.
    await d.page.locator('canvas').focus()
    await d.afterMove(() => d.page.keyboard.press('ArrowLeft'))
    await expectAnchoredAt(d, await d.screenPoint(tree.lon, tree.lat))

    await d.page.getByRole('button', { name: 'Vorheriges Objekt' }).focus()
    await d.page.keyboard.press('Escape')
    await d.page.getByTestId('feature-info').waitFor({ state: 'detached' })
    expect(await focused(d)).toBe('map')
  })

  it('"Details zur Ebene" opens the layer page of the shown hit', async () => {
    const tree = await someTree(42)
    const d = await portal.open(`${at(tree)}&layers=demo-bezirke,demo-baeume`, DESKTOP)
    await d.clickAt(tree.lon, tree.lat)
    await d.page.getByRole('button', { name: 'Nächstes Objekt' }).click()
    await d.page.getByTestId('feature-info-details').click()
    await d.page.getByTestId('details-page').waitFor()
    expect(await d.page.evaluate(() => location.hash)).toMatch(/layer=demo-bezirke/)
  })

  it('speaks English when English is chosen', async () => {
    const tree = await someTree(42)
    const d = await portal.open(`${at(tree)}&layers=demo-bezirke,demo-baeume`, DESKTOP)
    await d.page.getByRole('button', { name: 'English' }).click()
    await d.page.getByRole('button', { name: 'Deutsch' }).waitFor()
    await d.clickAt(tree.lon, tree.lat)
    const info = d.page.getByTestId('feature-info')
    expect(await info.getByRole('button', { name: 'Next feature' }).count()).toBe(1)
    expect(await info.getByRole('button', { name: 'Close feature information' }).count()).toBe(1)
    expect(await info.getByTestId('feature-info-details').innerText()).toBe('Layer details')
    expect(await d.page.getByTestId('identify-status').innerText()).toBe('2 results at this place')
  })

  it('Enter on the focused map identifies at the centre, marked by a crosshair; the focus goes into the answer and back', async () => {
    const tree = await someTree(17)
    const d = await portal.open(`${at(tree)}&layers=demo-bezirke,demo-baeume`, DESKTOP, { bypassCSP: true })
    const canvas = d.page.locator('canvas')
    await canvas.focus()
    expect(await canvas.evaluate((c) => c.matches(':focus-visible'))).toBe(true)
    // The crosshair: dark pixels at the map's centre, drawn while the map has the keyboard focus only.
    const box = (await d.page.getByTestId('map').boundingBox())!
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    const darkest = async () => {
      const png = PNG.sync.read(await d.page.screenshot({ clip: { x: centre.x - 3, y: centre.y - 3, width: 6, height: 6 } }))
      let min = 255
      for (let i = 0; i < png.data.length; i += 4) min = Math.min(min, (png.data[i] + png.data[i + 1] + png.data[i + 2]) / 3)
      return min
    }
    expect(await darkest()).toBeLessThan(60)
    expect(await d.axeViolations()).toEqual([])
    if (SCREENS) await d.page.screenshot({ path: path.join(SCREENS, 'identify-crosshair-1280.png') })

    const before = await d.page.evaluate(() => document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0')
    await d.page.keyboard.press('Enter')
    await d.page.waitForFunction((b) => (document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0') !== b, before)
    await expectAnchoredAt(d, centre)
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Straßenbäume')
    expect(await d.featureInfoText()).toContain(tree.nr)
    expect(await focused(d)).toBe('feature-info')
    expect(await d.page.getByTestId('feature-page').innerText()).toBe('1 / 2')
    expect(await d.axeViolations()).toEqual([])
    // Tab stays in reach of the answer's controls; Esc returns to the map, where the arrow keys still pan.
    await d.page.keyboard.press('Tab')
    expect(await focused(d)).toBe('feature-info')
    await d.page.keyboard.press('Escape')
    await d.page.getByTestId('feature-info').waitFor({ state: 'detached' })
    expect(await focused(d)).toBe('map')
    const lon = (await d.hashState()).lon
    await d.afterMove(() => d.page.keyboard.press('ArrowRight'))
    expect((await d.hashState()).lon).toBeGreaterThan(lon)

    // The close button also gives the focus back to the map.
    await d.page.keyboard.press('Enter')
    await d.page.getByTestId('feature-info').waitFor()
    await d.page.keyboard.press('Tab')
    await d.page.getByTestId('feature-info-close').focus()
    await d.page.keyboard.press('Enter')
    await d.page.getByTestId('feature-info').waitFor({ state: 'detached' })
    expect(await focused(d)).toBe('map')
  })

  it('stays inside the viewport near the right, bottom and top edges (shifted, flipped, scrolling)', async () => {
    const raster = catalog.layers.find((l) => l.id === 'demo-gelaende')!
    const [lon, lat] = toLonLat([(raster.bbox[0] + raster.bbox[2]) / 2, (raster.bbox[1] + raster.bbox[3]) / 2])
    const d = await portal.open(`${at({ lon, lat }, 14)}&layers=demo-gelaende,demo-bezirke`, DESKTOP, { bypassCSP: true })
    const box = (await d.page.getByTestId('map').boundingBox())!
    const clickAt = async (x: number, y: number) => {
      const before = await d.page.evaluate(() => document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0')
      await d.page.mouse.click(x, y)
      await d.page.waitForFunction((b) => (document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0') !== b, before)
      return expectAnchoredAt(d, { x, y })
    }
    const corner = await clickAt(box.x + box.width - 20, box.y + box.height - 30)
    expect(corner.side).toBe('above')
    expect(corner.card.x + corner.card.width).toBeLessThanOrEqual(box.x + box.width)
    await d.closeFeatureInfo()
    const right = await clickAt(box.x + box.width - 25, box.y + box.height / 2)
    expect(right.card.x + right.card.width).toBeLessThanOrEqual(box.x + box.width)
    await d.closeFeatureInfo()
    // Right of the planners' toolbar, left of the zoom buttons.
    const top = await clickAt(box.x + box.width * 0.8, box.y + 30)
    expect(top.side).toBe('below')
    await d.closeFeatureInfo()
    // In a short window the card is limited to the larger free side and its content scrolls (reachable by keyboard).
    await d.page.setViewportSize({ width: 1280, height: 420 })
    // MapLibre takes the new size at its next resize (a ResizeObserver): until then its pixels are the old map's.
    await d.page.waitForFunction(() => {
      const map = document.querySelector('[data-testid="map"]') as HTMLElement
      return map.querySelector('canvas')!.clientHeight === map.clientHeight
    })
    await d.waitIdle()
    const short = (await d.page.getByTestId('map').boundingBox())!
    const small = await clickAt(short.x + short.width / 2, short.y + short.height / 2)
    expect(small.card.height).toBeLessThanOrEqual(short.height / 2)
    const body = d.page.locator('.info-body')
    if (await body.evaluate((e) => e.scrollHeight > e.clientHeight)) expect(await body.getAttribute('tabindex')).toBe('0')
  })

  it('"nothing here" is shown briefly at the click, then goes', async () => {
    const tree = await someTree(42)
    const d = await portal.open(`${at(tree)}&layers=demo-baeume`, DESKTOP, { bypassCSP: true })
    // 40 m north of the tree: no tree there (checked by the answer itself: nothing at all is found).
    const [e, n] = new Projections().forward('EPSG:4326', 'EPSG:25832')([tree.lon, tree.lat])
    const [lon, lat] = toLonLat([e, n + 40])
    await d.clickAt(lon, lat)
    expect(await d.page.getByTestId('no-hits').innerText()).toBe('An dieser Stelle ist kein Objekt.')
    expect(await d.page.getByTestId('identify-status').innerText()).toBe('An dieser Stelle ist kein Objekt.')
    await expectAnchoredAt(d, await d.screenPoint(lon, lat))
    expect(await d.axeViolations()).toEqual([])
    await d.page.getByTestId('feature-info').waitFor({ state: 'detached', timeout: 15_000 })
  })

  it('on a phone (375×667) the answer is a bottom sheet over the map; Esc closes it', async () => {
    const tree = await someTree(42)
    const d = await portal.open(`${at(tree)}&layers=${STACK}`, PHONE, { bypassCSP: true })
    await d.clickAt(tree.lon, tree.lat)
    const sheet = d.page.getByTestId('feature-info')
    expect(await sheet.evaluate((e) => e.classList.contains('info-sheet'))).toBe(true)
    expect(await d.page.getByTestId('feature-info-tip').count()).toBe(0)
    const b = (await sheet.boundingBox())!
    expect([b.x, b.width, Math.round(b.y + b.height)]).toEqual([0, PHONE.width, PHONE.height])
    expect(b.height).toBeLessThanOrEqual(PHONE.height * 0.6 + 1)
    expect(await d.page.getByTestId('feature-page').innerText()).toBe('1 / 4')
    await sheet.locator('th', { hasText: 'Baumnummer' }).waitFor()
    expect(await d.attribute('Baumnummer')).toBe(tree.nr)
    expect(await d.axeViolations()).toEqual([])
    if (SCREENS) await d.page.screenshot({ path: path.join(SCREENS, 'identify-sheet-375.png') })
    // Without a tip, a marker shows the place.
    const centreOf = async (testId: string) => {
      const m = (await d.page.getByTestId(testId).boundingBox())!
      return { x: m.x + m.width / 2, y: m.y + m.height / 2 }
    }
    const marker = await centreOf('identify-marker')
    const tp = await d.screenPoint(tree.lon, tree.lat)
    expect(Math.hypot(marker.x - tp.x, marker.y - tp.y)).toBeLessThanOrEqual(2)
    await d.page.getByRole('button', { name: 'Nächstes Objekt' }).click()
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Stadtbezirke')
    await d.page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })

    // A place that the sheet would cover (the tree again, in a view that shows it 50 px above the map's bottom
    // edge, clear of the attribution): the map moves it up above the sheet, the marker with it.
    const box = (await d.page.getByTestId('map').boundingBox())!
    const down = box.y + box.height - 50 - tp.y
    const centre = await lonLatAt(d, box.x + box.width / 2, box.y + box.height / 2 - down)
    const d2 = await portal.open(`${at({ lon: centre[0], lat: centre[1] })}&layers=${STACK}`, PHONE)
    const before = await d2.screenPoint(tree.lon, tree.lat)
    await d2.afterMove(() => d2.clickAt(tree.lon, tree.lat))
    const sheet2 = (await d2.page.getByTestId('feature-info').boundingBox())!
    expect(before.y, 'the tree was under the sheet').toBeGreaterThan(sheet2.y - 32)
    const m2 = (await d2.page.getByTestId('identify-marker').boundingBox())!
    const after = await d2.screenPoint(tree.lon, tree.lat)
    expect(m2.y + m2.height / 2).toBeLessThan(sheet2.y)
    expect(Math.hypot(m2.x + m2.width / 2 - after.x, m2.y + m2.height / 2 - after.y)).toBeLessThanOrEqual(2)
    // Enter on the map opens the sheet with the focus in it.
    await d.page.locator('canvas').focus()
    await d.page.keyboard.press('Enter')
    await sheet.waitFor()
    expect(await focused(d)).toBe('feature-info')
    expect(await d.axeViolations()).toEqual([])
  })
})
