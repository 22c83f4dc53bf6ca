// The demo base map as the publisher wrote it (data/basemaps/demo), drawn by MapLibre in Chromium with the style
// the publisher wrote, in a bare page (no portal): streets and buildings draw, street names are drawn with the
// browser's own font although the style has no glyph server, and nothing is requested from another origin.
import type { Browser } from 'playwright-core'
import type { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostedBasemap, serveBasemapPage, type BasemapPage } from './basemapPage.ts'
import { repoPath } from './driver.ts'
import { browserUnavailable, launchBrowser } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED base-map style suite: ${unavailable}`)

describe.skipIf(!!unavailable)('demo base map drawn with its generated style', () => {
  let site: BasemapPage
  let browser: Browser

  beforeAll(async () => {
    const demo = await hostedBasemap(repoPath('data'), 'demo')
    site = await serveBasemapPage(repoPath('data'), demo.style, demo.url)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  const render = (query: string) => site.render(browser, query)

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
    const origin = new URL(site.server.url).origin
    expect(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([])
    // The archive is read in byte ranges, not downloaded whole.
    const archive = site.server.requests.filter((r) => r.path.endsWith('demo.pmtiles'))
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
