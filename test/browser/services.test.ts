// External map services in the portal (issue #14): layers added with "geoportal service add" from a real MapServer
// (WMS: GetMap, GetLegendGraphic, GetFeatureInfo) and a local WMTS, drawn, explained by their legend, queried by a
// click; a service that does not answer shows a layer error while the rest of the map works. The pages are opened
// with bypassCSP: the production CSP of a build lists the service origins (cli/build/csp.ts), this static test
// site's nginx config does not.
import { promises as fs } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, ServiceLayerEntry } from '../../src/model/catalog.ts'
import { mapserverUnavailable, startMapServer, type MapServer } from '../services/mapserver.ts'
import { startWmtsServer, WMTS_TILE_RGBA, type WmtsServer } from '../services/wmts.ts'
import { axeViolations, colourDistance, DemoPortal, repoPath, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable() ?? mapserverUnavailable()
if (unavailable) console.warn(`SKIPPED service-layer browser tests: ${unavailable}`)

/** Inside the district "Soest-Nord (Demo)" (MapServer's answer there: bezirk = 'Soest-Nord (Demo)'). */
const NORD: [number, number] = [8.08, 51.6]
const SCREENS = process.env.SCREENSHOT_DIR

describe.skipIf(!!unavailable)('service layers (WMS from MapServer, WMTS)', () => {
  let ms: MapServer
  let wmts: WmtsServer
  let portal: DemoPortal
  let catalogDir: string
  let noCors: http.Server
  // Without the demo's base map: the pixel checks compare service images with the plain background.
  const open = (hash: string, viewport?: { width: number; height: number }) => portal.open(`${hash}&basemap=none`, viewport, { bypassCSP: true })

  beforeAll(async () => {
    ;[ms, wmts] = await Promise.all([startMapServer(), startWmtsServer()])
    catalogDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-services-')), 'catalog')
    await fs.cp(repoPath('data'), catalogDir, { recursive: true })
    // The officer's way: the CLI reads the capabilities and writes the entries.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      const caps = `${ms.url}?SERVICE=WMS&REQUEST=GetCapabilities`
      for (const args of [
        ['--url', caps, '--layer', 'bezirke', '--id', 'ms-bezirke'],
        ['--url', caps, '--layer', 'gelaende', '--id', 'ms-gelaende'],
        ['--url', wmts.url, '--layer', 'demo_dop', '--id', 'wmts-dop'],
      ]) {
        const code = await main(['service', 'add', '--catalog', catalogDir, ...args])
        if (code !== 0) throw new Error(`service add ${args.join(' ')} failed`)
      }
      // The same MapServer as a base map (issue #14: a WMS base map in EPSG:3857).
      const bm = ['basemap', 'add', '--catalog', catalogDir, '--id', 'ms-gelaende-karte', '--title', 'Gelände (MapServer)', '--attribution', 'Test-WMS', '--wms', ms.url, '--layers', 'gelaende']
      if ((await main(bm)) !== 0) throw new Error('basemap add --wms failed')
    } finally {
      log.mockRestore()
    }
    // Two more entries by hand: the districts answering GetFeatureInfo as HTML (MapServer's template holds a <script>
    // and an <img onerror>), and a WMS on a port where nothing answers.
    const file = path.join(catalogDir, 'catalog.json')
    const c = JSON.parse(await fs.readFile(file, 'utf8')) as Catalog
    const bezirke = c.layers.find((l) => l.id === 'ms-bezirke') as ServiceLayerEntry
    const gone = http.createServer()
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r))
    const port = (gone.address() as AddressInfo).port
    await new Promise<void>((r) => gone.close(() => r()))
    // And one that answers, but without CORS headers (a browser must not use its images).
    noCors = http.createServer((req, res) => void fetch(`${ms.url}${req.url?.slice(req.url.indexOf('?')) ?? ''}`).then(async (r) => res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? '' }).end(Buffer.from(await r.arrayBuffer()))))
    await new Promise<void>((r) => noCors.listen(0, '127.0.0.1', r))
    c.layers.push(
      { ...bezirke, id: 'ms-bezirke-html', title: 'Bezirke (HTML-Antwort)', infoFormat: 'text/html' },
      { ...bezirke, id: 'kaputt-wms', title: 'Dienst ohne Antwort', url: `http://127.0.0.1:${port}/wms?`, legendUrl: undefined, minZoom: undefined },
      { ...bezirke, id: 'ohne-cors', title: 'Dienst ohne CORS', url: `http://127.0.0.1:${(noCors.address() as AddressInfo).port}/wms?`, legendUrl: undefined, minZoom: undefined },
    )
    await fs.writeFile(file, JSON.stringify(c))
    portal = await DemoPortal.start(inject('appDir'), catalogDir)
  })
  afterAll(async () => {
    await portal?.close()
    await Promise.all([ms?.close(), wmts?.close(), new Promise((r) => (noCors ? noCors.close(r) : r(null)))])
    if (catalogDir) await fs.rm(path.dirname(catalogDir), { recursive: true, force: true })
  })

  const serviceImage = async (d: PortalDriver, id: string) => d.page.getByTestId(`legend-${id}`).locator('img')

  it('draws the MapServer WMS (GetMap in EPSG:3857), shows its legend image and answers a click with GetFeatureInfo as text', async () => {
    const d = await open(`#map=13/${NORD[1]}/${NORD[0]}&layers=ms-bezirke`)
    // MapServer's fill (213, 94, 0 at 60 %) over the map's background: orange, not the beige background.
    const px = await d.pixelAt(...NORD)
    expect(colourDistance(px, '#f4f3ef'), `pixel ${px}`).toBeGreaterThan(50)
    expect(px[0] - px[2], `pixel ${px}`).toBeGreaterThan(80)
    const getMaps = ms.requests.filter((r) => /REQUEST=GetMap/i.test(r.query))
    expect(getMaps.length).toBeGreaterThan(0)
    expect(getMaps.every((r) => r.status === 200 && /CRS=EPSG%3A3857/.test(r.query) && /LAYERS=bezirke/.test(r.query))).toBe(true)

    const img = await serviceImage(d, 'ms-bezirke')
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    expect(await img.getAttribute('alt')).toBe('Legende des Dienstes: Demo: Bezirke (MapServer)')
    expect(ms.requests.some((r) => /request=GetLegendGraphic/i.test(r.query) && r.status === 200)).toBe(true)

    await d.clickAt(...NORD)
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Bezirke (MapServer)')
    expect(await d.attribute('bezirk')).toBe('Soest-Nord (Demo)')
    expect(await d.attribute('einwohner')).toBe('5625')
    expect(ms.requests.some((r) => /REQUEST=GetFeatureInfo/.test(r.query) && /INFO_FORMAT=text%2Fplain/.test(r.query))).toBe(true)
    if (SCREENS) {
      for (const vp of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
        await d.page.setViewportSize(vp)
        await d.waitIdle()
        await d.page.getByTestId('legend-ms-bezirke').scrollIntoViewIfNeeded()
        await d.page.screenshot({ path: path.join(SCREENS, `service-legend-${vp.width}.png`) })
        await d.page.getByTestId('feature-info').scrollIntoViewIfNeeded()
        await d.page.screenshot({ path: path.join(SCREENS, `service-info-${vp.width}.png`) })
      }
    }
  })

  it('draws the MapServer WMS as a base map, chosen in the switcher, under the catalog layers', async () => {
    const d = await portal.open(`#map=13/${NORD[1]}/${NORD[0]}&layers=demo-radwege&basemap=ms-gelaende-karte`, undefined, { bypassCSP: true })
    await expect.poll(() => ms.requests.filter((r) => /REQUEST=GetMap/i.test(r.query) && /LAYERS=gelaende/i.test(r.query)).length).toBeGreaterThan(0)
    const getMaps = ms.requests.filter((r) => /REQUEST=GetMap/i.test(r.query) && /LAYERS=gelaende/i.test(r.query))
    expect(getMaps.every((r) => r.status === 200 && /EPSG%3A3857/i.test(r.query))).toBe(true)
    await d.waitIdle()
    // MapServer's elevation colours instead of the plain background, and the switcher says which base map is on.
    expect(colourDistance(await d.pixelAt(...NORD), '#f4f3ef')).toBeGreaterThan(30)
    expect(await d.page.getByRole('radio', { name: /Gelände \(MapServer\)/ }).isChecked()).toBe(true)
    expect(await d.page.locator('.maplibregl-ctrl-attrib').innerText()).toMatch(/Test-WMS/)
  })

  it('an HTML GetFeatureInfo answer with <script> and <img onerror> is shown as text and never runs', async () => {
    const d = await open(`#map=13/${NORD[1]}/${NORD[0]}&layers=ms-bezirke-html`)
    await d.clickAt(...NORD)
    expect(await d.page.getByTestId('service-answer').innerText()).toBe('Bezirk: Soest-Nord (Demo) Einwohner: 5625')
    expect(await d.page.getByTestId('feature-info').locator('script, img, b, i').count()).toBe(0)
    await d.page.waitForTimeout(300)
    expect(await d.page.evaluate(() => (window as unknown as { __wmsPwned?: number }).__wmsPwned)).toBeUndefined()
    // The template's <img src="x"> was never requested.
    expect(d.requested.filter((u) => /\/x$/.test(u))).toEqual([])
    expect(d.pageErrors).toEqual([])
  })

  it('a service that does not answer (or refuses CORS) shows a layer error; the other layers draw', async () => {
    const d = await open(`#map=13/${NORD[1]}/${NORD[0]}&layers=demo-bezirke`)
    const before = await d.pixelAt(...NORD)
    for (const id of ['ohne-cors', 'kaputt-wms']) {
      await d.page.getByTestId(`layer-${id}`).getByRole('checkbox').check()
      const status = d.page.locator(`#layer-status-${id}`)
      await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^Fehler: /)
      expect(await status.getAttribute('role')).toBe('alert')
    }
    await d.waitIdle()
    expect(await d.page.locator('#layer-status-demo-bezirke').innerText()).not.toMatch(/Fehler/)
    // The vector layer still draws where it drew before.
    expect(colourDistance(await d.pixelAt(...NORD), `#${before.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`)).toBeLessThan(12)
    expect(colourDistance(before, '#f4f3ef')).toBeGreaterThan(20)
    // A click still answers: each failing service (top layers) as an error line instead of a hang, then the vector hit.
    await d.clickAt(...NORD)
    for (const title of ['Dienst ohne CORS', 'Dienst ohne Antwort']) {
      expect(await d.page.getByTestId('feature-layer').innerText()).toBe(title)
      expect(await d.page.getByTestId('service-answer-error').innerText()).toMatch(/^Der Dienst hat nicht geantwortet: /)
      await d.page.getByRole('button', { name: 'Nächstes Objekt' }).click()
    }
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Stadtbezirke')
    expect(await d.featureInfoText()).toMatch(/Soest-Nord \(Demo\)/)
  })

  it('draws WMTS tiles from the template written by service add, with the legend from the capabilities', async () => {
    const d = await open(`#map=14/${NORD[1]}/${NORD[0]}&layers=wmts-dop`)
    expect(colourDistance(await d.pixelAt(...NORD), `#${WMTS_TILE_RGBA.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`)).toBeLessThan(6)
    expect(wmts.tiles.length).toBeGreaterThan(0)
    // Map zoom 14 shows 256 px tiles of level 15.
    expect(wmts.tiles.every((t) => !t.kvp && t.z === 15)).toBe(true)
    const img = await serviceImage(d, 'wmts-dop')
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(16)
    // Opacity like any layer: at 50 % the tile colour is halfway to the background, at 0 % gone.
    const slider = d.page.getByRole('slider', { name: 'Deckkraft: Demo: Luftbild (WMTS)' })
    await slider.fill('50')
    await d.waitIdle()
    const half = await d.pixelAt(...NORD)
    const bg = [0xf4, 0xf3, 0xef]
    for (let k = 0; k < 3; k++) expect(Math.abs(half[k] - (WMTS_TILE_RGBA[k] + bg[k]) / 2), `channel ${k} of ${half}`).toBeLessThan(6)
    await slider.fill('0')
    await d.waitIdle()
    expect(colourDistance(await d.pixelAt(...NORD), '#f4f3ef')).toBeLessThan(4)
  })

  it('the layer page describes the service instead of a measured quality report, offers no data download, and is accessible', async () => {
    // A details page has no map, so no first-view signal: wait for the page itself.
    const page = await portal.browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 800 } })
    await page.goto(`${portal.server.url}#layer=ms-bezirke`)
    const d = { page, axeViolations: (within: string[]) => axeViolations(page, within) }
    await d.page.getByTestId('details-service').waitFor()
    const service = await d.page.getByTestId('details-service').innerText()
    expect(service).toMatch(/WMS 1\.3\.0/)
    expect(service).toMatch(/bezirke/)
    expect(service).toContain(`${ms.url}?SERVICE=WMS&REQUEST=GetCapabilities`)
    expect(service).toMatch(/ja \(Klick in die Karte, GetFeatureInfo\)/)
    expect(await d.page.getByTestId('service-quality').innerText()).toMatch(/externen Dienst geliefert/)
    expect(await d.page.getByTestId('details-quality').locator('.criterion').count()).toBe(0)
    expect(await d.page.getByRole('link', { name: /^Daten: / }).count()).toBe(0)
    expect(await d.page.getByText('Keine Datei zum Herunterladen').count()).toBe(1)
    expect(await d.axeViolations(['[data-testid="details-page"]'])).toEqual([])
    if (SCREENS) await d.page.screenshot({ path: path.join(SCREENS, 'service-page-1280.png'), fullPage: true })
    await page.close()
  })

  it('axe-core finds no WCAG 2.1 A/AA violation in the layer list with service layers and legends (1000×700, 375×667)', async () => {
    for (const vp of [{ width: 1000, height: 700 }, { width: 375, height: 667 }]) {
      const d = await open(`#map=13/${NORD[1]}/${NORD[0]}&layers=ms-gelaende,ms-bezirke,wmts-dop`, vp)
      await d.clickAt(...NORD)
      expect(await d.axeViolations(['.layer-list', '[data-testid="feature-info"]']), `${vp.width}×${vp.height}`).toEqual([])
    }
  })
})
