// Real data end to end: publish the NRW municipalities (BKG VG250, EPSG:25832), build a site, click a town.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { makeSite, PortalDriver } from '../browser/driver.ts'
import { browserUnavailable, launchBrowser, serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? browserUnavailable()
if (unavailable) console.warn(`SKIPPED real-data browser suite: ${unavailable}`)

describe.skipIf(!!unavailable)('real data: NRW municipalities', () => {
  let tmp: string
  let server: StaticServer
  let browser: Browser

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-'))
    const catalog = path.join(tmp, 'catalog')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const code = await main([
      'publish', shared('vector', 'nrw_gemeinden_25832.fgb'), '--catalog', catalog, '--id', 'gemeinden', '--title', 'Gemeinden NRW',
    ])
    vi.restoreAllMocks()
    expect(code).toBe(0)
    await makeSite(inject('appDir'), catalog, path.join(tmp, 'site'))
    server = await serveSite(path.join(tmp, 'site'))
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  const towns = [
    { name: 'Soest', lat: 51.5711, lon: 8.1059 },
    { name: 'Lippstadt', lat: 51.6739, lon: 8.3446 },
    { name: 'Werl', lat: 51.5508, lon: 7.9114 },
  ]
  for (const town of towns) {
    it(`clicking the centre of ${town.name} names ${town.name}`, async () => {
      const d = await PortalDriver.open(browser, server.url, `#map=12/${town.lat}/${town.lon}&layers=gemeinden`)
      try {
        const box = (await d.page.getByTestId('map').boundingBox())!
        await d.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
        await d.page.getByTestId('feature-info').waitFor()
        expect(await d.attribute('GEN')).toBe(town.name)
        expect(d.foreignRequests(server.url)).toEqual([])
      } finally {
        await d.close()
      }
    })
  }
})
