// Real vector data in the browser: NRW schools (5 507 points) and German Kreise (400 polygons) draw and
// identify; every broken FlatGeobuf of the corpus shows a layer error while the other layers keep working.
import { promises as fs, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { makeSite, PortalDriver } from '../browser/driver.ts'
import { browserUnavailable, launchBrowser, serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? browserUnavailable()
if (unavailable) console.warn(`SKIPPED real-data vector suite: ${unavailable}`)
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
const BROKEN = unavailable ? [] : readdirSync(shared('corpus-fgb', 'invalid'))

describe.skipIf(!!unavailable)('real vector data in the portal', () => {
  let tmp: string
  let server: StaticServer
  let browser: Browser
  const site = () => path.join(tmp, 'site')

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-vec-'))
    const catalog = path.join(tmp, 'catalog')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    for (const [file, id] of [['nrw_schulen_25832.fgb', 'schulen'], ['de_landkreise_25832.fgb', 'landkreise']]) {
      expect(await main(['publish', shared('vector', file), '--catalog', catalog, '--id', id, '--title', id])).toBe(0)
    }
    vi.restoreAllMocks()
    await makeSite(inject('appDir'), catalog, site())
    // Broken layers: copies of the schools entry pointing at each corrupt file of the corpus.
    const c = JSON.parse(await fs.readFile(path.join(site(), 'catalog.json'), 'utf8')) as Catalog
    const schools = c.layers.find((l) => l.id === 'schulen') as VectorLayerEntry
    BROKEN.forEach((name, i) => {
      const href = `broken/${name}`
      c.layers.push({ ...schools, id: `kaputt-${i}`, title: `Kaputt ${name}`, href })
    })
    await fs.mkdir(path.join(site(), 'broken'))
    for (const name of BROKEN) await fs.copyFile(shared('corpus-fgb', 'invalid', name), path.join(site(), 'broken', name))
    await fs.writeFile(path.join(site(), 'catalog.json'), JSON.stringify(c))
    server = await serveSite(site())
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('clicking a known school names it; clicking beside it names the Kreis', async () => {
    let school: { lon: number; lat: number; name: string } | null = null
    let i = 0
    for await (const f of deserialize(new Uint8Array(readFileSync(shared('vector', 'kreis_soest_schulen_25832.fgb'))))) {
      if (i++ === 5) {
        const [lon, lat] = toLonLat((f.geometry as unknown as { coordinates: [number, number] }).coordinates)
        school = { lon, lat, name: String(f.properties!.Schulbezeichnung_1) }
        break
      }
    }
    const d = await PortalDriver.open(browser, server.url, `#map=17/${school!.lat.toFixed(6)}/${school!.lon.toFixed(6)}&layers=landkreise,schulen`)
    try {
      await d.clickAt(school!.lon, school!.lat)
      expect(await d.page.getByTestId('feature-layer').innerText()).toBe('schulen')
      expect(await d.attribute('Schulbezeichnung_1')).toBe(school!.name)
      // 60 m east: only the Kreis (Warstein is in Kreis Soest, whose VG250 name is "Soest").
      await d.clickAt(school!.lon + 0.00087, school!.lat)
      expect(await d.page.getByTestId('feature-layer').innerText()).toBe('landkreise')
      expect(await d.attribute('GEN')).toBe('Soest')
    } finally {
      await d.close()
    }
  })

  it('broken layer files show an error each, no hang, and the other layers keep working', async () => {
    const ids = BROKEN.map((_, i) => `kaputt-${i}`)
    const page = await browser.newPage()
    try {
      await page.goto(`${server.url}#map=12/51.5711/8.1059&layers=landkreise,${ids.join(',')}`)
      for (const id of ids) {
        await page.getByTestId(`layer-${id}`).getByRole('alert').waitFor({ timeout: 30_000 })
        expect(await page.getByTestId(`layer-${id}`).innerText()).toMatch(/Fehler: /)
      }
      await page.waitForSelector('[data-testid="layer-landkreise"] .layer-status.ready')
      expect(await page.getByTestId('layer-landkreise').innerText()).toMatch(/\d+ Objekte/)
    } finally {
      await page.close()
    }
  })
})
