// Base maps in the portal (issue #14): the switcher, remote base maps from a second loopback origin (an HTTPS tile,
// WMS and style server in this file — "remote" to the portal), consent, the share link, a failing base map, the
// Content-Security-Policy of the build (meta + nginx header) and accessibility of the switcher.
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { contentSecurityPolicy, writeCsp } from '../../cli/build/csp.ts'
import type { BasemapDefinition } from '../../src/model/basemap.ts'
import type { Catalog } from '../../src/model/catalog.ts'
import { PMTiles } from 'pmtiles'
import { decodeTile } from '../../cli/basemap/decode.ts'
import { BufferSource } from '../../cli/basemap/inspect.ts'
import type { PmtilesBasemap } from '../../src/model/basemap.ts'
import { colourDistance, DemoPortal, makeSite, PortalDriver, repoPath, watchCsp } from './driver.ts'
import { browserUnavailable, launchBrowser, serveSite, type StaticServer } from './helper.ts'

function opensslUnavailable(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return null
  } catch {
    return 'no openssl for the test tile server\'s certificate (apt-get install -y openssl)'
  }
}
const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED base-map browser tests: ${unavailable}`)
const noOpenssl = unavailable ?? opensslUnavailable()
if (noOpenssl && !unavailable) console.warn(`SKIPPED remote base-map browser tests: ${noOpenssl}`)

const BACKGROUND = '#f4f3ef'
const MAGENTA = '#c81ea0' // XYZ tiles
const GREEN = '#28aa3c' // WMS GetMap
const BLUE = '#1e50c8' // the remote MapLibre style's raster
const CENTER = { lon: 8.1059, lat: 51.5711 }
/** Inside the demo's "Altstadt" district, away from its label. */
const PROBE = { lon: 8.1059, lat: 51.5675 }

const pixelDistance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...[0, 1, 2].map((i) => Math.abs(a[i] - b[i])))

function solidPng(hex: string): Buffer {
  const png = new PNG({ width: 256, height: 256 })
  const v = parseInt(hex.slice(1), 16)
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(v >> 16) & 255, (v >> 8) & 255, v & 255, 255], i)
  return PNG.sync.write(png)
}

interface TileServer {
  origin: string
  requests: string[]
  close(): Promise<void>
}

/** A remote map server on a second loopback port, over HTTPS (base-map URLs must be https): XYZ tiles, a WMS
 * GetMap, a MapLibre style and a tile path that always fails. It answers CORS like public tile servers do. */
async function startTileServer(dir: string): Promise<TileServer> {
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
  const requests: string[] = []
  const tiles = { xyz: solidPng(MAGENTA), wms: solidPng(GREEN), style: solidPng(BLUE) }
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const url = req.url ?? '/'
    requests.push(url)
    res.setHeader('Access-Control-Allow-Origin', '*')
    const png = (b: Buffer) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(b)
    if (/^\/xyz\/\d+\/\d+\/\d+\.png$/.test(url)) return png(tiles.xyz)
    if (/^\/blue\/\d+\/\d+\/\d+\.png$/.test(url)) return png(tiles.style)
    if (url.startsWith('/wms?')) return png(tiles.wms)
    if (url === '/style.json') {
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({ version: 8, sources: { r: { type: 'raster', tiles: ['blue/{z}/{x}/{y}.png'], tileSize: 256 } }, layers: [{ id: 'r', type: 'raster', source: 'r' }] }),
      )
    }
    res.writeHead(500).end('broken')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** Writes a catalog folder: the demo catalog plus these base-map settings and a self-hosted base map whose
 * archive is not a PMTiles file (the failing base map). */
async function catalogWith(dir: string, settings: Pick<Catalog, 'basemaps' | 'defaultBasemap' | 'remoteConsent'>): Promise<Catalog> {
  await fs.cp(repoPath('data'), dir, { recursive: true })
  const catalog = { ...(JSON.parse(await fs.readFile(path.join(dir, 'catalog.json'), 'utf8')) as Catalog), ...settings }
  await fs.writeFile(path.join(dir, 'catalog.json'), JSON.stringify(catalog, null, 2))
  await fs.mkdir(path.join(dir, 'basemaps/kaputt'), { recursive: true })
  await fs.writeFile(path.join(dir, 'basemaps/kaputt/kaputt.pmtiles'), Buffer.from('Dies ist kein PMTiles-Archiv, sondern Text.'.repeat(10)))
  await fs.writeFile(
    path.join(dir, 'basemaps/kaputt/style.json'),
    JSON.stringify({ version: 8, sources: { basemap: { type: 'vector' } }, layers: [{ id: 'streets', type: 'line', source: 'basemap', 'source-layer': 'streets' }] }),
  )
  return catalog
}

/** The site as "geoportal build" makes it: app, catalog with its self-hosted base maps, the CSP (meta tag and
 * csp.conf). */
async function buildSite(catalogDir: string, siteDir: string, catalog: Catalog) {
  await makeSite(inject('appDir'), catalogDir, siteDir)
  await writeCsp(siteDir, catalog)
}

const radio = (d: PortalDriver, name: RegExp) => d.page.getByRole('group', { name: /^(Hintergrundkarte|Base map)$/ }).getByRole('radio', { name })
async function choose(d: PortalDriver, name: RegExp) {
  await radio(d, name).check()
  await d.waitIdle()
}

describe.skipIf(!!noOpenssl)('base maps in the portal', () => {
  let tmp: string
  let tiles: TileServer
  let site: StaticServer
  let consentSite: StaticServer
  let plainSiteDir: string
  let siteDir: string
  let browser: Browser
  const contexts: BrowserContext[] = []
  let basemaps: BasemapDefinition[]

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-basemap-'))
    tiles = await startTileServer(tmp)
    basemaps = [
      { id: 'kacheln', title: 'Kacheln (XYZ)', titleEn: 'Tiles (XYZ)', kind: 'xyz', tiles: [`${tiles.origin}/xyz/{z}/{x}/{y}.png`], attribution: 'Kachel-Anbieter <img src=x onerror=alert(1)>' },
      { id: 'wms', title: 'WMS-Karte', kind: 'wms', url: `${tiles.origin}/wms?map=/srv/test.map`, layers: 'grund', version: '1.1.1', attribution: 'WMS-Anbieter' },
      { id: 'vektor', title: 'Entfernter Stil', kind: 'style', url: `${tiles.origin}/style.json`, attribution: 'Stil-Anbieter' },
      { id: 'kaputt', title: 'Kaputte Karte', kind: 'pmtiles', url: 'basemaps/kaputt/kaputt.pmtiles', style: 'basemaps/kaputt/style.json', attribution: 'Stadt Soest' },
    ]
    const catalog = await catalogWith(path.join(tmp, 'catalog'), { basemaps, defaultBasemap: 'none' })
    siteDir = path.join(tmp, 'site')
    await buildSite(path.join(tmp, 'catalog'), siteDir, catalog)
    site = await serveSite(siteDir)
    const consentCatalog = await catalogWith(path.join(tmp, 'catalog-consent'), { basemaps, defaultBasemap: 'none', remoteConsent: true })
    await buildSite(path.join(tmp, 'catalog-consent'), path.join(tmp, 'site-consent'), consentCatalog)
    consentSite = await serveSite(path.join(tmp, 'site-consent'))
    // The demo catalog as it is (no remote base map), built the same way.
    plainSiteDir = path.join(tmp, 'site-plain')
    await makeSite(inject('appDir'), repoPath('data'), plainSiteDir)
    await writeCsp(plainSiteDir, JSON.parse(await fs.readFile(repoPath('data/catalog.json'), 'utf8')) as Catalog)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close()
    await site?.close()
    await consentSite?.close()
    await tiles?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  /** A browser context that accepts the test server's certificate and records CSP violations from the first byte. */
  async function newContext(opts: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, ...opts })
    contexts.push(context)
    const violations = await watchCsp(context)
    const open = async (url: string, hash: string, viewport = { width: 1000, height: 700 }) => {
      const newPage = async () => {
        const page = await context.newPage()
        await page.setViewportSize(viewport)
        return page
      }
      return PortalDriver.open({ newPage } as unknown as Browser, url, hash, viewport)
    }
    return { context, open, violations }
  }

  const centrePixel = (d: PortalDriver) => d.pixelAt(CENTER.lon, CENTER.lat)
  const probePixel = (d: PortalDriver) => d.pixelAt(PROBE.lon, PROBE.lat)

  it('lists the base maps and "no base map"; a remote one makes no request before it is chosen, then draws', async () => {
    const { open, violations } = await newContext()
    const before = tiles.requests.length
    const d = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=`)
    const labels = await d.page.getByRole('group', { name: 'Hintergrundkarte' }).getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels![0].innerText.replace(/\s+/g, ' ').trim()))
    expect(labels).toEqual([
      `Kacheln (XYZ) externer Anbieter: ${new URL(tiles.origin).host}`,
      `WMS-Karte externer Anbieter: ${new URL(tiles.origin).host}`,
      `Entfernter Stil externer Anbieter: ${new URL(tiles.origin).host}`,
      'Kaputte Karte',
      'Keine Hintergrundkarte',
    ])
    expect(await radio(d, /^Keine Hintergrundkarte/).isChecked()).toBe(true)
    expect(colourDistance(await centrePixel(d), BACKGROUND)).toBeLessThan(8)
    // Nothing has gone to the tile server, and the page asked for nothing outside its own origin.
    expect(tiles.requests.length).toBe(before)
    expect(d.foreignRequests(site.url)).toEqual([])

    await choose(d, /^Kacheln/)
    expect(colourDistance(await centrePixel(d), MAGENTA)).toBeLessThan(8)
    expect(tiles.requests.slice(before).some((u) => /^\/xyz\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true)
    // The attribution is shown, as text.
    const attribution = await d.page.locator('.maplibregl-ctrl-attrib-inner').innerText()
    expect(attribution).toContain('Kachel-Anbieter <img src=x onerror=alert(1)>')
    expect(await d.page.locator('.maplibregl-ctrl-attrib-inner img').count()).toBe(0)
    expect(await d.page.evaluate(() => location.hash)).toMatch(/[#&]basemap=kacheln(&|$)/)

    await choose(d, /^WMS-Karte/)
    expect(colourDistance(await centrePixel(d), GREEN)).toBeLessThan(8)
    const getMap = new URL(tiles.origin + tiles.requests.filter((u) => u.startsWith('/wms?')).at(-1)!)
    expect(Object.fromEntries(getMap.searchParams)).toMatchObject({ map: '/srv/test.map', SERVICE: 'WMS', REQUEST: 'GetMap', VERSION: '1.1.1', SRS: 'EPSG:3857', LAYERS: 'grund', WIDTH: '256', HEIGHT: '256' })
    const bbox = getMap.searchParams.get('BBOX')!.split(',').map(Number)
    // Web Mercator metres around Soest (x ≈ 902 km, y ≈ 6.72 Mm).
    expect(bbox[0]).toBeGreaterThan(850_000)
    expect(bbox[2]).toBeLessThan(950_000)
    expect(bbox[1]).toBeGreaterThan(6_650_000)

    await choose(d, /^Entfernter Stil/)
    expect(colourDistance(await centrePixel(d), BLUE)).toBeLessThan(8)
    expect(await d.page.locator('.maplibregl-ctrl-attrib-inner').innerText()).toContain('Stil-Anbieter')

    await choose(d, /^Keine Hintergrundkarte/)
    expect(colourDistance(await centrePixel(d), BACKGROUND)).toBeLessThan(8)
    // "none" is this catalog's default: a link without basemap= means it.
    expect(await d.page.evaluate(() => location.hash)).not.toMatch(/basemap=/)
    expect(await violations()).toEqual([])
    expect(d.pageErrors).toEqual([])
  })

  it('keeps the catalog layers drawn above the base map while it is switched', async () => {
    const { open } = await newContext()
    const d = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=demo-bezirke&basemap=kacheln`)
    const withLayer = await probePixel(d)
    // The district fill (35 % opaque) over magenta is neither magenta nor the background.
    expect(colourDistance(withLayer, MAGENTA)).toBeGreaterThan(15)
    await choose(d, /^WMS-Karte/)
    await choose(d, /^Kacheln/)
    expect(pixelDistance(await probePixel(d), withLayer)).toBeLessThan(8)
    await d.setLayerVisible('demo-bezirke', false)
    expect(colourDistance(await probePixel(d), MAGENTA)).toBeLessThan(8)
  })

  it('opens on the base map of a share link and remembers the last choice on the device', async () => {
    const { open } = await newContext()
    const d = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=&basemap=kacheln`)
    expect(await radio(d, /^Kacheln/).isChecked()).toBe(true)
    expect(colourDistance(await centrePixel(d), MAGENTA)).toBeLessThan(8)
    await choose(d, /^WMS-Karte/)
    // A new page on this device without a base map in its link: the last choice.
    const again = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=`)
    expect(await radio(again, /^WMS-Karte/).isChecked()).toBe(true)
    expect(colourDistance(await centrePixel(again), GREEN)).toBeLessThan(8)
    // An unknown id in a link falls back (here to the remembered choice), a link's "none" wins.
    const none = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=&basemap=none`)
    expect(await radio(none, /^Keine Hintergrundkarte/).isChecked()).toBe(true)
  })

  it('asks before loading a remote base map when the catalog says so, and remembers the agreement', async () => {
    const { open } = await newContext()
    const d = await open(consentSite.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=`)
    const before = tiles.requests.length
    await choose(d, /^Kacheln/)
    const notice = d.page.getByTestId('basemap-consent')
    await notice.waitFor()
    expect(await notice.innerText()).toContain(new URL(tiles.origin).host)
    expect(await notice.innerText()).toContain('Kachel-Anbieter')
    expect(tiles.requests.length).toBe(before)
    expect(colourDistance(await centrePixel(d), BACKGROUND)).toBeLessThan(8)
    // Cancel: back to the previous choice, still nothing requested.
    await notice.getByRole('button', { name: 'Abbrechen' }).click()
    await d.waitIdle()
    expect(await radio(d, /^Keine Hintergrundkarte/).isChecked()).toBe(true)
    expect(await notice.count()).toBe(0)
    expect(tiles.requests.length).toBe(before)
    // Agree: it loads.
    await choose(d, /^Kacheln/)
    await notice.getByRole('button', { name: 'Zustimmen und laden' }).click()
    await d.waitIdle()
    expect(colourDistance(await centrePixel(d), MAGENTA)).toBeLessThan(8)
    expect(tiles.requests.length).toBeGreaterThan(before)
    // A shared link to it on this device: no question again. Another remote base map still asks.
    const again = await open(consentSite.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=&basemap=kacheln`)
    expect(await again.page.getByTestId('basemap-consent').count()).toBe(0)
    expect(colourDistance(await centrePixel(again), MAGENTA)).toBeLessThan(8)
    await choose(again, /^WMS-Karte/)
    await again.page.getByTestId('basemap-consent').waitFor()
    // A fresh device opening a shared link to a remote base map: asked first, nothing loaded.
    const fresh = await newContext()
    const count = tiles.requests.length
    const other = await fresh.open(consentSite.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=&basemap=kacheln`)
    await other.page.getByTestId('basemap-consent').waitFor()
    expect(tiles.requests.length).toBe(count)
  })

  it('shows an error for a base map that cannot be read while the layers keep drawing', async () => {
    const { open } = await newContext()
    const d = await open(site.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=demo-bezirke`)
    const drawn = await probePixel(d)
    expect(colourDistance(drawn, BACKGROUND)).toBeGreaterThan(10)
    await radio(d, /^Kaputte Karte/).check()
    const error = d.page.getByTestId('basemap-error')
    await error.waitFor({ timeout: 30_000 })
    expect(await error.innerText()).toMatch(/Kaputte Karte.*kann nicht angezeigt werden \(kaputt\.pmtiles: .*magic number.*\)/s)
    expect(await error.getAttribute('role')).toBe('alert')
    await d.waitIdle()
    expect(pixelDistance(await probePixel(d), drawn)).toBeLessThan(8)
    expect(await d.page.getByTestId('layer-demo-bezirke').innerText()).not.toMatch(/Fehler/)
    // Switching on works again.
    await choose(d, /^Kacheln/)
    expect(await error.count()).toBe(0)
  })

  it('builds a Content-Security-Policy with exactly the configured remote origins, sent as header and meta', async () => {
    const html = await fs.readFile(path.join(siteDir, 'index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]
    expect(meta).toContain(`connect-src 'self' ${tiles.origin}`)
    expect(meta).toContain(`img-src 'self' data: blob: ${tiles.origin}`)
    const res = await fetch(site.url)
    const header = res.headers.get('content-security-policy')
    // With nginx (the deployment), the header comes from the build's csp.conf; the Node stand-in sends none.
    if (header !== null) expect(header).toBe(contentSecurityPolicy(JSON.parse(await fs.readFile(path.join(siteDir, 'catalog.json'), 'utf8')) as Catalog))
    const plain = await fs.readFile(path.join(plainSiteDir, 'index.html'), 'utf8')
    expect(plain).not.toContain('127.0.0.1')
    expect(/content="([^"]+)"/.exec(plain.slice(plain.indexOf('http-equiv="Content-Security-Policy"')))![1]).toMatch(/connect-src 'self'; /)
    // csp.conf is for nginx, not for visitors.
    if (header !== null) expect((await fetch(`${site.url}csp.conf`)).status).toBe(404)
  })

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core violations in the switcher at ${viewport.width}×${viewport.height} (with the consent notice and an error)`, async () => {
      const { open } = await newContext({ bypassCSP: true })
      const d = await open(consentSite.url, `#map=13/${CENTER.lat}/${CENTER.lon}&layers=demo-bezirke`, viewport)
      await radio(d, /^Kacheln/).check()
      await d.page.getByTestId('basemap-consent').waitFor()
      await d.page.screenshot({ path: path.join(os.tmpdir(), `geoportal-basemap-consent-${viewport.width}.png`) })
      expect(await d.axeViolations(['[data-testid="basemap-switcher"]'])).toEqual([])
      await radio(d, /^Kaputte Karte/).check()
      await d.page.getByTestId('basemap-error').waitFor({ timeout: 30_000 })
      expect(await d.axeViolations(['[data-testid="basemap-switcher"]'])).toEqual([])
      // Keyboard: arrow keys move the choice within the group.
      await radio(d, /^Kaputte Karte/).focus()
      await d.page.keyboard.press('ArrowDown')
      expect(await radio(d, /^Keine Hintergrundkarte/).isChecked()).toBe(true)
    })
  }
})

describe.skipIf(!!unavailable)('the demo base map', () => {
  let portal: DemoPortal
  let archive: PMTiles
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
    const demo = (JSON.parse(await fs.readFile(repoPath('data/catalog.json'), 'utf8')) as Catalog).basemaps!.find((b) => b.id === 'demo') as PmtilesBasemap
    archive = new PMTiles(new BufferSource(new Uint8Array(await fs.readFile(repoPath('data', demo.url)))))
  })
  afterAll(async () => {
    await portal?.close()
  })

  /** Features of the archive's tile at zoom z that contains lon/lat (read as the portal reads them: pmtiles). */
  async function featuresAt(z: number, lon: number, lat: number) {
    const n = 2 ** z
    const x = Math.floor(((lon + 180) / 360) * n)
    const r = (lat * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
    return decodeTile(archive, z, x, y)
  }

  it('opens on its base map: pixels of streets and a place label where the archive has them', async () => {
    // A village of the demo town and the roads around it, from the archive itself.
    const places = (await featuresAt(12, CENTER.lon, CENTER.lat)).filter((f) => f.layer === 'places' && f.type === 'Point' && String(f.properties.name).startsWith('Demo-'))
    expect(places.length).toBeGreaterThan(0)
    const village = places[0]
    const [vlon, vlat] = village.geometry.coordinates as [number, number]
    const d = await portal.open(`#map=14/${vlat.toFixed(5)}/${vlon.toFixed(5)}&layers=`, { width: 1280, height: 800 })
    expect(await d.page.getByRole('radio', { name: /^Demo: Stadtplan/ }).isChecked()).toBe(true)
    await d.page.screenshot({ path: path.join(os.tmpdir(), 'geoportal-basemap-demo-1280.png') })
    const png = PNG.sync.read(await d.page.screenshot())
    const at = async (lon: number, lat: number) => {
      const p = await d.screenPoint(lon, lat)
      return { x: Math.round(p.x), y: Math.round(p.y) }
    }
    const pixel = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3))
    // The label: dark text (places_locality #5c5c5c; nothing else in the style is that dark) around the village point.
    const roadColoured = (x: number, y: number) => {
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) if (Math.min(...pixel(x + dx, y + dy)) >= 234) return true
      return false
    }
    const c = await at(vlon, vlat)
    let dark = 0
    for (let y = c.y - 12; y <= c.y + 12; y++) for (let x = c.x - 60; x <= c.x + 60; x++) if (Math.max(...pixel(x, y)) < 130) dark++
    expect(dark).toBeGreaterThan(20)
    // Streets: the middles of the road segments in view are drawn in the road colours, not the land colour.
    const roads = (await featuresAt(14, vlon, vlat)).filter((f) => f.layer === 'roads' && f.type === 'LineString')
    expect(roads.length).toBeGreaterThan(0)
    const box = (await d.page.getByTestId('map').boundingBox())!
    let onRoad = 0
    let tried = 0
    for (const r of roads) {
      const line = r.geometry.coordinates as [number, number][]
      for (let i = 1; i < line.length && tried < 40; i++) {
        const m = await at((line[i - 1][0] + line[i][0]) / 2, (line[i - 1][1] + line[i][1]) / 2)
        if (m.x < box.x + 10 || m.y < box.y + 10 || m.x > box.x + box.width - 10 || m.y > box.y + box.height - 10) continue
        tried++
        // Lighter than any land or building colour of the style (roads are #ebebeb…#ffffff, land #e2dfda), within
        // 2 px (thin streets are antialiased).
        if (roadColoured(m.x, m.y)) onRoad++
      }
    }
    expect(tried).toBeGreaterThan(5)
    // Nearly all (a label may cover one): the roads are drawn where the archive says.
    expect(onRoad / tried).toBeGreaterThan(0.85)
    // …while the same test on a grid over the whole map finds mostly land: it tells roads from the rest.
    let gridRoad = 0
    let grid = 0
    for (let gy = 1; gy < 10; gy++) {
      for (let gx = 1; gx < 10; gx++) {
        grid++
        if (roadColoured(Math.round(box.x + (box.width * gx) / 10), Math.round(box.y + (box.height * gy) / 10))) gridRoad++
      }
    }
    expect(gridRoad / grid).toBeLessThan(0.5)
    // The same view without the base map has neither; the share link says so (the demo's default is its base map).
    await choose(d, /^Keine Hintergrundkarte/)
    expect(colourDistance(await d.pixelAt(vlon, vlat), BACKGROUND)).toBeLessThan(8)
    expect(await d.page.evaluate(() => location.hash)).toMatch(/[#&]basemap=none(&|$)/)
  })
})
