// The demo base map as the publisher wrote it (data/basemaps/demo), drawn by MapLibre in Chromium with the style
// the publisher wrote, in a bare page (no portal): streets and buildings draw, street names are drawn with the
// browser's own font although the style has no glyph server, and nothing is requested from another origin.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoPath } from './driver.ts'
import { browserUnavailable, launchBrowser, serveWithNode, type StaticServer } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED base-map style suite: ${unavailable}`)

// MapLibre and the pmtiles protocol straight from node_modules (ES modules; fflate through an import map).
const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"fflate":"/node_modules/fflate/esm/browser.js"}}</script>
<style>html,body,#m{margin:0;height:100%}</style></head><body><div id="m"></div>
<script type="module">
import * as ml from '/node_modules/maplibre-gl/dist/maplibre-gl.mjs'
import { Protocol } from '/node_modules/pmtiles/dist/esm/index.js'
const maplibregl = ml.default ?? ml
maplibregl.addProtocol('pmtiles', new Protocol().tile)
const q = new URLSearchParams(location.search)
const style = await (await fetch('/data/basemaps/demo/style.json')).json()
// What the portal does: the source named "basemap" points at the archive next to the catalog.
style.sources.basemap.url = 'pmtiles://' + location.origin + '/data/' + style.sources.basemap.url.replace('pmtiles://', '')
if (q.get('labels') === 'off') style.layers = style.layers.filter((l) => l.type !== 'symbol')
const map = new maplibregl.Map({ container: 'm', style, center: [8.1059, 51.5711], zoom: Number(q.get('z')), attributionControl: false, fadeDuration: 0 })
map.on('error', (e) => { window.mapError = String(e.error && e.error.message) })
map.on('idle', () => { window.done = true })
</script></body></html>`

describe.skipIf(!!unavailable)('demo base map drawn with its generated style', () => {
  let dir: string
  let server: StaticServer
  let browser: Browser

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-basemap-style-'))
    await fs.writeFile(path.join(dir, 'index.html'), PAGE)
    await fs.symlink(repoPath('node_modules'), path.join(dir, 'node_modules'))
    await fs.symlink(repoPath('data'), path.join(dir, 'data'))
    server = await serveWithNode(dir)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  async function render(query: string): Promise<{ png: PNG; page: Page; urls: string[] }> {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
    const urls: string[] = []
    page.on('request', (r) => urls.push(r.url()))
    await page.goto(`${server.url}index.html?${query}`)
    await page.waitForFunction('window.done === true || window.mapError', null, { timeout: 60_000 })
    expect(await page.evaluate('window.mapError ?? null')).toBeNull()
    const png = PNG.sync.read(await page.screenshot())
    return { png, page, urls }
  }

  /** Pixels by class: near-white (streets), grey (buildings at half opacity on the beige land), dark (text). */
  function census(png: PNG) {
    let white = 0
    let dark = 0
    let building = 0
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]]
      const l = (r + g + b) / 3
      if (l >= 250) white++
      else if (l < 170) dark++
      else if (Math.abs(r - g) < 6 && Math.abs(g - b) < 6 && l > 205 && l < 220) building++
    }
    return { white, dark, building }
  }

  it('draws streets, buildings and street names (local font) at street level, all from its own origin', async () => {
    const { png, page, urls } = await render('z=15.5')
    const withLabels = census(png)
    await page.close()
    const { png: plain, page: p2 } = await render('z=15.5&labels=off')
    const without = census(plain)
    await p2.close()
    expect(withLabels.white, 'street pixels').toBeGreaterThan(8_000)
    expect(withLabels.building, 'building pixels').toBeGreaterThan(50_000)
    // Street names: dark text pixels that are absent when the label layers are removed.
    expect(withLabels.dark, 'label pixels').toBeGreaterThan(300)
    expect(without.dark).toBeLessThan(withLabels.dark / 10)
    const origin = new URL(server.url).origin
    expect(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([])
    // The archive is read in byte ranges, not downloaded whole.
    const archive = server.requests.filter((r) => r.path.endsWith('demo.pmtiles'))
    expect(archive.length).toBeGreaterThan(1)
    expect(archive.every((r) => r.range && r.status === 206)).toBe(true)
  })

  it('draws the town at zoom 12 with its name', async () => {
    const { png, page } = await render('z=12')
    await page.close()
    const c = census(png)
    expect(c.white, 'main roads').toBeGreaterThan(2_000)
    expect(c.dark, 'place names').toBeGreaterThan(100)
  })
})
