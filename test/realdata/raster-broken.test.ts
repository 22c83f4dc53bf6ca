// Damaged GeoTIFFs on the server (a cut-off upload, a wrong file under a layer's name): every broken file of the
// GeoTIFF corpus, served as a raster layer, shows an error for that layer — no hang — while the other layers keep
// drawing. The publisher refuses these files (geotiff-corpus.test.ts); this is the portal's side.
import { promises as fs, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, RasterLayerEntry } from '../../src/model/catalog.ts'
import { makeSite } from '../browser/driver.ts'
import { browserUnavailable, launchBrowser, serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? browserUnavailable()
if (unavailable) console.warn(`SKIPPED real-data broken-raster suite: ${unavailable}`)
const FOLDERS = ['generated/invalid', 'real/invalid']
const BROKEN = unavailable ? [] : FOLDERS.flatMap((d) => readdirSync(shared('corpus-geotiff', d)).map((f) => `${d}/${f}`))

describe.skipIf(!!unavailable)('broken GeoTIFFs in the portal', () => {
  const CUT: string[] = []
  let tmp: string
  let server: StaticServer
  let browser: Browser

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-broken-tif-'))
    const site = path.join(tmp, 'site')
    await makeSite(inject('appDir'), path.resolve('data'), site)
    // Copies of the demo elevation entry, each pointing at one broken file: the tiles in view are requested.
    const c = JSON.parse(await fs.readFile(path.join(site, 'catalog.json'), 'utf8')) as Catalog
    const elevation = c.layers.find((l) => l.id === 'demo-gelaende') as RasterLayerEntry
    await fs.mkdir(path.join(site, 'broken'))
    for (const [i, rel] of BROKEN.entries()) {
      const href = `broken/${i}-${path.basename(rel)}`
      await fs.copyFile(shared('corpus-geotiff', rel), path.join(site, href))
      c.layers.push({ ...elevation, id: `kaputt-${i}`, title: `Kaputt ${rel}`, href })
    }
    // And the demo file itself cut short, under its own entry: the header reads, the pixel data does not.
    const original = await fs.readFile(path.join(site, elevation.href))
    for (const [name, bytes] of [['gelaende-4k.tif', 4096], ['gelaende-half.tif', original.length >> 1]] as const) {
      await fs.writeFile(path.join(site, 'broken', name), original.subarray(0, bytes))
      c.layers.push({ ...elevation, id: `kaputt-${BROKEN.length + c.layers.length}`, title: `Kaputt ${name}`, href: `broken/${name}` })
      CUT.push(c.layers[c.layers.length - 1].id)
    }
    await fs.writeFile(path.join(site, 'catalog.json'), JSON.stringify(c))
    server = await serveSite(site)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it(`each of the ${BROKEN.length} broken files shows a layer error; the demo layers keep drawing`, async () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(8)
    const ids = BROKEN.map((_, i) => `kaputt-${i}`)
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    try {
      await page.goto(`${server.url}#map=13/51.5711/8.1059&layers=demo-gelaende,demo-bezirke,${ids.join(',')}`)
      const messages: string[] = []
      for (const [i, id] of ids.entries()) {
        const alert = page.getByTestId(`layer-${id}`).getByRole('alert')
        await alert.waitFor({ timeout: 30_000 })
        const text = await alert.innerText()
        expect(text, BROKEN[i]).toMatch(/Fehler: \S/)
        messages.push(`${BROKEN[i]}: ${text}`)
      }
      console.log(messages.join('\n'))
      await page.waitForSelector('[data-testid="layer-demo-bezirke"] .layer-status.ready')
      expect(await page.getByTestId('layer-demo-gelaende').getByRole('alert').count()).toBe(0)
    } finally {
      await page.close()
    }
  })

  it('a cut-off copy of a good COG shows a layer error when its tiles cannot be read', async () => {
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    try {
      await page.goto(`${server.url}#map=13/51.5711/8.1059&layers=demo-bezirke,${CUT.join(',')}`)
      for (const id of CUT) {
        const alert = page.getByTestId(`layer-${id}`).getByRole('alert')
        await alert.waitFor({ timeout: 30_000 })
        expect(await alert.innerText()).toMatch(/Fehler: gelaende-(4k|half)\.tif (is not a readable GeoTIFF|is damaged)/)
      }
      await page.waitForSelector('[data-testid="layer-demo-bezirke"] .layer-status.ready')
      expect(pageErrors).toEqual([])
    } finally {
      await page.close()
    }
  })
})
