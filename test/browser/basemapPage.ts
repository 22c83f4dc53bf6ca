// A bare page (no portal) that draws a base map the publisher wrote with the style it wrote, as the portal sets it
// up: MapLibre and the pmtiles protocol straight from node_modules, the style's source "basemap" pointed at the
// archive. Used by the demo base-map style spec and the real-data NRW base map spec.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { expect } from 'vitest'
import { repoPath } from './driver.ts'
import { serveWithNode, type StaticServer } from './helper.ts'

/**
 * The page: `?z=` zoom, `lon`/`lat` centre (default: Soest), `labels=off` drops the symbol layers. At the first
 * idle, window.placed lists the point labels MapLibre drew (queryRenderedFeatures returns a symbol only when placed)
 * with their screen positions, and window.done is set.
 */
function page(styleHref: string, archiveHref: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"fflate":"/node_modules/fflate/esm/browser.js"}}</script>
<style>html,body,#m{margin:0;height:100%}</style></head><body><div id="m"></div>
<script type="module">
import * as ml from '/node_modules/maplibre-gl/dist/maplibre-gl.mjs'
import { Protocol } from '/node_modules/pmtiles/dist/esm/index.js'
const maplibregl = ml.default ?? ml
maplibregl.addProtocol('pmtiles', new Protocol().tile)
const q = new URLSearchParams(location.search)
const style = await (await fetch('/${styleHref}')).json()
style.sources.basemap.url = 'pmtiles://' + location.origin + '/${archiveHref}'
if (q.get('labels') === 'off') style.layers = style.layers.filter((l) => l.type !== 'symbol')
const center = [Number(q.get('lon') ?? 8.1059), Number(q.get('lat') ?? 51.5711)]
const map = new maplibregl.Map({ container: 'm', style, center, zoom: Number(q.get('z')), attributionControl: false, fadeDuration: 0 })
map.on('error', (e) => { window.mapError = String(e.error && e.error.message) })
map.once('idle', () => {
  window.placed = map.queryRenderedFeatures().filter((f) => f.layer.type === 'symbol' && f.geometry.type === 'Point' && f.properties.name)
    .map((f) => ({ name: f.properties.name, lngLat: f.geometry.coordinates, at: map.project(f.geometry.coordinates) }))
  window.done = true
})
</script></body></html>`
}

export interface PlacedLabel {
  name: string
  lngLat: [number, number]
  at: { x: number; y: number }
}

export interface BasemapPage {
  server: StaticServer
  /** Draws the base map at `query` in an 800×600 page: screenshot, drawn labels, every URL requested. */
  render(browser: Browser, query: string): Promise<{ png: PNG; page: Page; urls: string[]; placed: PlacedLabel[] }>
  close(): Promise<void>
}

/** Serves the page with `root` (the folder holding the archive and style) at /data/. */
/** The files a catalog's self-hosted base map `id` names (basemaps/<id>/<version>/…). */
export async function hostedBasemap(catalogDir: string, id: string): Promise<{ style: string; url: string }> {
  const c = JSON.parse(await fs.readFile(path.join(catalogDir, 'catalog.json'), 'utf8')) as { basemaps?: { id: string; style?: string; url: string }[] }
  const b = c.basemaps?.find((x) => x.id === id)
  if (!b?.style) throw new Error(`${catalogDir}: no self-hosted base map "${id}"`)
  return { style: b.style, url: b.url }
}

export async function serveBasemapPage(root: string, styleHref: string, archiveHref: string): Promise<BasemapPage> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-basemap-page-'))
  await fs.writeFile(path.join(dir, 'index.html'), page(`data/${styleHref}`, `data/${archiveHref}`))
  await fs.symlink(repoPath('node_modules'), path.join(dir, 'node_modules'))
  await fs.symlink(root, path.join(dir, 'data'))
  const server = await serveWithNode(dir)
  return {
    server,
    async render(browser, query) {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
      const urls: string[] = []
      page.on('request', (r) => urls.push(r.url()))
      await page.goto(`${server.url}index.html?${query}`)
      await page.waitForFunction('window.done === true || window.mapError', null, { timeout: 60_000 })
      expect(await page.evaluate('window.mapError ?? null')).toBeNull()
      const png = PNG.sync.read(await page.screenshot())
      return { png, page, urls, placed: (await page.evaluate('window.placed')) as PlacedLabel[] }
    },
    async close() {
      await server.close()
      await fs.rm(dir, { recursive: true, force: true })
    },
  }
}
