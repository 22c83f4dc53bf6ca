// Real data, drawn: a base map built by `geoportal basemap build` from the NRW municipalities and districts, drawn by
// MapLibre in Chromium with the style the publisher wrote (test/browser/basemapPage.ts). MapLibre itself says which labels it placed on the
// screen (queryRenderedFeatures returns a symbol only when it was drawn), and "Soest" and "Lippstadt" are placed
// near their town centres, with dark text pixels there — the tile-level check is test/realdata/basemap.test.ts.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { hostedBasemap, serveBasemapPage, type BasemapPage } from '../browser/basemapPage.ts'
import { browserUnavailable, launchBrowser } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? browserUnavailable()
if (unavailable) console.warn(`SKIPPED real-data base-map drawing: ${unavailable}`)

/** Town centres (market squares), lon/lat. */
const CENTRES = { Soest: [8.1061, 51.5714], Lippstadt: [8.3496, 51.6736] } as const

/** Metres between two lon/lat points (haversine). */
function metres([lon1, lat1]: readonly number[], [lon2, lat2]: readonly number[]): number {
  const r = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a))
}

describe.skipIf(!!unavailable)('real data: the NRW base map drawn in the browser', () => {
  let dir: string
  let site: BasemapPage
  let browser: Browser

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-basemap-draw-'))
    const gemeinden = shared('vector', 'nrw_gemeinden_25832.fgb')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const code = await main([
      'basemap', 'build', '--catalog', path.join(dir, 'catalog'), '--id', 'nrw', '--title', 'NRW', '--attribution', '© GeoBasis-DE / BKG',
      '--places', gemeinden, '--population', 'destatis.population', '--boundaries', shared('vector', 'nrw_kreise_25832.fgb'), '--boundaries', gemeinden, '--admin-levels', '6,8',
    ])
    log.mockRestore()
    expect(code).toBe(0)
    const nrw = await hostedBasemap(path.join(dir, 'catalog'), 'nrw')
    site = await serveBasemapPage(path.join(dir, 'catalog'), nrw.style, nrw.url)
    browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  it('draws "Soest" and "Lippstadt" near their town centres, with text pixels there, from its own origin only', async () => {
    const { png, page, urls, placed } = await site.render(browser, 'z=9&lon=8.23&lat=51.62')
    if (process.env.SCREENSHOT_DIR) await fs.writeFile(path.join(process.env.SCREENSHOT_DIR, 'nrw-basemap.png'), PNG.sync.write(png))
    for (const [name, centre] of Object.entries(CENTRES)) {
      const label = placed.find((p) => p.name === name)
      expect(label, `${name} among the drawn labels: ${placed.map((p) => p.name).join(', ')}`).toBeDefined()
      const off = metres(label!.lngLat, centre)
      expect(off, `${name}'s label ${Math.round(off)} m from the town centre`).toBeLessThan(6000)
      // Text is drawn there: dark grey pixels (the labels' fill; boundaries and land are lighter) within the label's box around its anchor.
      let dark = 0
      for (let y = Math.max(0, Math.round(label!.at.y) - 12); y < Math.min(png.height, Math.round(label!.at.y) + 12); y++) {
        for (let x = Math.max(0, Math.round(label!.at.x) - 40); x < Math.min(png.width, Math.round(label!.at.x) + 40); x++) {
          const i = (y * png.width + x) * 4
          if ((png.data[i] + png.data[i + 1] + png.data[i + 2]) / 3 < 150) dark++
        }
      }
      expect(dark, `${name}: dark text pixels around its label`).toBeGreaterThan(20)
    }
    expect(urls.filter((u) => !u.startsWith(site.server.url))).toEqual([])
    await page.close()
  })
})
