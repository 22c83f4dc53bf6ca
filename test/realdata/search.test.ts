// Real data in the place search (issue #15): the NRW schools CSV (5,507 schools, Schulgrunddaten NRW) and the DB
// stations CSV (6,598 stations, DB Haltestellen 2016) published as searchable layers from the originals in
// ../shared/data/vector (SOURCES.md); in the portal "Archigymnasium" finds the Soest grammar school and "Soest" the
// station, and choosing them flies the map there. The coordinates to expect are the sources' own.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { Projections } from '../../src/projection/registry.ts'
import { makeSite, PortalDriver } from '../browser/driver.ts'
import { browserUnavailable, launchBrowser, serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable() ?? browserUnavailable()
if (unavailable) console.warn(`SKIPPED real-data place search suite: ${unavailable}`)

describe.skipIf(!!unavailable)('real data in the place search', () => {
  let tmp: string
  let server: StaticServer
  let browser: Browser

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-search-'))
    const catalog = path.join(tmp, 'catalog')
    const meta = path.join(tmp, 'schulen.meta.json')
    // The schools' contact columns are their official contacts, not personal data (see publish.test.ts).
    await fs.writeFile(meta, JSON.stringify({ title: 'Schulen NRW', personalData: 'none' }))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(await main(['publish', shared('vector', 'originals', 'nrw_schuldaten_2021-09.csv'), '--catalog', catalog, '--id', 'schulen', '--meta', meta, '--crs', 'EPSG:25832', '--searchable', 'Schulbezeichnung_1'])).toBe(0)
    expect(await main(['publish', shared('vector', 'originals', 'db_haltestellen_2016-01_from_jsonld.csv'), '--catalog', catalog, '--id', 'bahnhoefe', '--title', 'Bahnhöfe', '--searchable', 'NAME'])).toBe(0)
    vi.restoreAllMocks()
    await makeSite(inject('appDir'), catalog, path.join(tmp, 'site'))
    server = await serveSite(path.join(tmp, 'site'))
    browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('finds "Archigymnasium" (a school) and "Soest" (the station) and flies there', async () => {
    const d = await PortalDriver.open(browser, server.url, '#map=9/51.6/8.0&layers=')
    try {
      expect((await d.typePlace('Archigymnasium'))[0]).toBe('Städt. Archigymnasium | Schulen NRW')
      // The school's official coordinates (UTMRechtswert/UTMHochwert of the CSV row 170409).
      const csv = await fs.readFile(shared('vector', 'originals', 'nrw_schuldaten_2021-09.csv'), 'utf8')
      const row = csv.split('\n').find((l) => l.startsWith('"170409"'))!.split(';').map((v) => v.replace(/"/g, ''))
      const [lon, lat] = new Projections().forward('EPSG:25832', 'EPSG:4326')([Number(row[21]), Number(row[22])])
      await d.afterMove(() => d.placeSearch().press('Enter'))
      let view = await d.hashState()
      expect(Math.abs(view.lon - lon)).toBeLessThan(1e-4)
      expect(Math.abs(view.lat - lat)).toBeLessThan(1e-4)

      const options = await d.typePlace('Soest')
      expect(options[0]).toBe('Soest | Bahnhöfe')
      await d.afterMove(() => d.placeSearch().press('Enter'))
      view = await d.hashState()
      // DB station Soest (EVA 8000076): 8.104589, 51.578419 in the stations CSV.
      expect(Math.abs(view.lon - 8.104589)).toBeLessThan(1e-4)
      expect(Math.abs(view.lat - 51.578419)).toBeLessThan(1e-4)
      expect(view.zoom).toBeGreaterThanOrEqual(16.5)
      expect(d.pageErrors).toEqual([])
    } finally {
      await d.close()
    }
  }, 180_000)
})
