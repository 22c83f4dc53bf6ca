// Address search and typed coordinates (issue #15) in a real browser, on the demo catalog made fresh by
// scripts/make-demo.ts (its seeded address layer demo-adressen: real Soest street names on the demo town's
// streets): "Brüderstraße 12" and its variants find the house and the map goes there with a marker that is part of
// the share link; only the shards the typed prefix needs are fetched; coordinates (UTM32, lat/lon, Gauss-Krüger
// with the BeTA2007 grid fetched on demand) jump there; axe-core with the list open at 1280×800 and 375×667.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { makeDemo } from '../../scripts/make-demo.ts'
import { housePoint, parseSearchManifest, parseSearchShard, type SearchManifest, type StreetRecord } from '../../src/model/addresses.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { main } from '../../cli/main.ts'
import { DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED address search browser tests: ${unavailable}`)
/** Screenshots with the result list open go here when set (SCREENSHOTS=/tmp/shots). */
const SHOTS = process.env.SCREENSHOTS
const HOSTILE = ['Imgweg <img src=x onerror="window.__pwned=1">', 'Scriptstraße <script>window.__pwned=1</script>']

describe.skipIf(!!unavailable)('address search and typed coordinates', () => {
  let portal: DemoPortal
  let tmp: string
  let manifest: SearchManifest
  let bruederstrasse: StreetRecord
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-address-demo-'))
    const catalog: Catalog = await makeDemo(path.join(tmp, 'data'))
    const entry = catalog.layers.find((l) => l.id === 'demo-adressen') as VectorLayerEntry
    const dir = path.join(tmp, 'data', path.dirname(entry.searchHref!))
    manifest = parseSearchManifest(JSON.parse(await fs.readFile(path.join(dir, 'search.json'), 'utf8')), 'demo-adressen')
    const br = manifest.shards.findIndex(([k]) => k === 'br')
    bruederstrasse = parseSearchShard(JSON.parse(await fs.readFile(path.join(dir, `search-${br}.json`), 'utf8')), 'br').streets.find((s) => s.n === 'Brüderstraße')!
    // Hostile street names in a second address layer: shown as text, never as markup.
    const hostile = path.join(tmp, 'hostile.geojson')
    await fs.writeFile(hostile, JSON.stringify({ type: 'FeatureCollection', features: HOSTILE.map((STN, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1 + i * 1e-4, 51.57] }, properties: { STN, HNR: 1 } })) }))
    const log = console.log
    console.log = () => {}
    const code = await main(['publish', hostile, '--catalog', path.join(tmp, 'data'), '--id', 'xss-adressen', '--title', 'XSS', '--addresses'])
    console.log = log
    expect(code).toBe(0)
    portal = await DemoPortal.start(inject('appDir'), path.join(tmp, 'data'))
  })
  afterAll(async () => {
    await portal?.close()
    await fs.rm(tmp, { recursive: true, force: true })
  })

  const house12 = () => housePoint(bruederstrasse, bruederstrasse.h!.indexOf('12') / 3)
  const marker = async (d: PortalDriver) => {
    const m = /marker=(-?[\d.]+),(-?[\d.]+)/.exec(await d.page.evaluate(() => location.hash))
    return m ? { lat: +m[1], lon: +m[2] } : null
  }
  const near = (a: { lat: number; lon: number }, lon: number, lat: number, tol = 2e-6) => Math.abs(a.lon - lon) <= tol && Math.abs(a.lat - lat) <= tol

  it('finds "Brüderstraße 12" and its variants in the seeded address layer, fetching only the shards of the prefix, and goes there', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke')
    // Lazy: no index is loaded for the first view.
    expect(d.requested.filter((u) => /search(-\d+)?\.json$/.test(u))).toEqual([])
    const input = d.placeSearch()
    for (const q of ['Brüderstraße 12', 'Brüderstr. 12', 'bruederstrasse 12', 'BRUDERSTRASSE 12', 'brüder str 12', 'Brüderstraße 12, 59494 Soest']) {
      const options = await d.typePlace(q)
      expect(options[0], q).toBe('Brüderstraße 12 | 59494 Soest · Demo: Adressen (Hauskoordinaten)')
    }
    // Only the manifest and the "br" shard: one file of the index, not all of it.
    const shards = d.requested.filter((u) => /search-\d+\.json$/.test(u))
    expect(new Set(shards.map((u) => u.replace(/.*\//, '')))).toEqual(new Set([`search-${manifest.shards.findIndex(([k]) => k === 'br')}.json`]))
    expect(manifest.shards.length).toBeGreaterThan(5)

    expect(await d.typePlace('bruederstrasse 12a')).toEqual(expect.arrayContaining(['Brüderstraße 12a | 59494 Soest · Demo: Adressen (Hauskoordinaten)']))
    expect((await d.typePlace('bruederstrasse 12a'))[0]).toMatch(/^Brüderstraße 12a \|/)
    expect(await d.page.locator('#place-search-list [role=option]').first().getAttribute('data-kind')).toBe('address')
    expect(await d.page.locator('#place-search-list .place-type').first().innerText()).toBe('Adresse')
    // The street itself, and "markt 1 soest".
    expect((await d.typePlace('brüderstraße'))[0]).toBe('Brüderstraße | 59494 Soest · Demo: Adressen (Hauskoordinaten)')
    expect(await d.page.getByTestId('place-search-status').innerText()).toBe('1 Ort gefunden')
    expect((await d.typePlace('markt 1 soest'))[0]).toBe('Markt 1 | 59494 Soest · Demo: Adressen (Hauskoordinaten)')
    expect(await d.page.getByTestId('place-search-status').innerText()).toMatch(/^\d+ Orte gefunden$/)

    // Enter: the map flies to the house, the marker is there and in the share link.
    await d.typePlace('Brüderstraße 12')
    await d.afterMove(() => input.press('Enter'))
    const [lon, lat] = house12()
    const view = await d.hashState()
    expect(view.zoom).toBeGreaterThanOrEqual(16.5)
    expect(Math.abs(view.lon - lon)).toBeLessThan(1e-4)
    expect(Math.abs(view.lat - lat)).toBeLessThan(1e-4)
    expect(near((await marker(d))!, lon, lat)).toBe(true)
    const pin = d.page.getByTestId('search-marker')
    await pin.waitFor()
    expect(await pin.getAttribute('aria-label')).toMatch(/^Markierung: 51,\d{5}° N, 8,\d{5}° O$/)
    // The pin stands at the house on the screen (its tip at the anchor point, bottom centre).
    const box = (await pin.boundingBox())!
    const at = await d.screenPoint(lon, lat)
    expect(Math.abs(box.x + box.width / 2 - at.x)).toBeLessThan(3)
    // The default pin's tip sits a few pixels above its box (a shadow below it).
    expect(Math.abs(box.y + box.height - at.y)).toBeLessThan(10)
    expect(d.pageErrors).toEqual([])
  })

  it('jumps to typed coordinates (UTM32, lat/lon, Gauss-Krüger with its grid loaded on demand) with a marker', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke')
    const input = d.placeSearch()
    const first = async () => (await d.page.locator('#place-search-list [role=option]').first().innerText()).replace(/\s+/g, ' ')
    // How each form is offered (the readings of turned-round or zone-less input are said).
    const cases: [string, string][] = [
      ['32 438028.73 5713748.69', 'UTM32 438029 / 5713749 Koordinate'],
      ['438028.73, 5713748.69', 'UTM32 438029 / 5713749 Koordinate als UTM-Zone 32 gelesen'],
      ['51.5714, 8.1058', '51,57140° N, 8,10580° O Koordinate'],
      ['8.1058 51.5714', '51,57140° N, 8,10580° O Koordinate in umgekehrter Reihenfolge gelesen'],
      [`51°34'17.04"N 8°6'20.88"E`, '51,57140° N, 8,10580° O Koordinate'],
      ['3438077.97 5715594.01', 'Gauß-Krüger Zone 3: 3438078 / 5715594 Koordinate'],
    ]
    for (const [q, option] of cases) {
      expect((await d.typePlace(q)).length, q).toBe(1)
      expect((await first()).trim(), q).toBe(option)
    }
    // Soest market square and station (PROJ 9, shared/data/reference/soest_reference_points_computed.csv): Gauss-Krüger
    // through the BeTA2007 grid (fetched now, once), then UTM32.
    const jumps: [string, number, number][] = [
      ['3438077.9707 5715594.0095', 8.1058, 51.5714],
      ['32 437954.3649 5714530.3144', 8.104589, 51.578419],
      ['51.5714, 8.1058', 8.1058, 51.5714],
    ]
    for (const [q, lon, lat] of jumps) {
      await d.typePlace(q)
      await d.afterMove(() => input.press('Enter'))
      const m = (await marker(d))!
      expect(near(m, lon, lat, 1e-6), `${q}: ${JSON.stringify(m)}`).toBe(true)
      const view = await d.hashState()
      expect(Math.abs(view.lon - lon)).toBeLessThan(1e-4)
      expect(Math.abs(view.lat - lat)).toBeLessThan(1e-4)
      await d.page.getByTestId('search-marker').waitFor()
    }
    expect(d.requested.filter((u) => u.endsWith('/grids/BETA2007.gsb'))).toHaveLength(1)
    // Not a coordinate we know: said so, nothing offered.
    expect(await d.typePlace('33 412345 5712345')).toEqual([])
    expect(await d.page.getByTestId('place-search-status').innerText()).toBe('Nur UTM-Zone 32 wird unterstützt (eingegeben: Zone 33).')
    expect(d.pageErrors).toEqual([])
  }, 240_000)

  it('opens a share link with its marker; "Markierung entfernen" takes it out of the link', async () => {
    const d = await portal.open('#map=16/51.5714/8.1058&layers=demo-bezirke&marker=51.5714,8.1058')
    const pin = d.page.getByTestId('search-marker')
    await pin.waitFor()
    expect(await pin.getAttribute('aria-label')).toBe('Markierung: 51,57140° N, 8,10580° O')
    await d.page.getByRole('button', { name: 'Markierung entfernen' }).click()
    await pin.waitFor({ state: 'detached' })
    expect(await marker(d)).toBeNull()
    // A malformed marker is ignored (no pin, no error).
    const bad = await portal.open('#map=16/51.5714/8.1058&layers=demo-bezirke&marker=51.5714,8.1058,1')
    expect(await bad.page.getByTestId('search-marker').count()).toBe(0)
    expect([...d.pageErrors, ...bad.pageErrors]).toEqual([])
  })

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 667 },
  ]) {
    it(`has no axe-core WCAG 2.1 AA violations with addresses, a street and a coordinate listed (${viewport.width}×${viewport.height})`, async () => {
      const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke,demo-adressen', viewport, { bypassCSP: true })
      expect((await d.typePlace('Brüderstraße 1')).length).toBeGreaterThan(3)
      await d.placeSearch().press('ArrowDown')
      expect(await d.axeViolations(['[data-testid="place-search"]'])).toEqual([])
      if (SHOTS) {
        await fs.mkdir(SHOTS, { recursive: true })
        await d.page.screenshot({ path: path.join(SHOTS, `address-search-${viewport.width}x${viewport.height}.png`) })
      }
      expect((await d.typePlace('51.5714, 8.1058')).length).toBe(1)
      expect(await d.page.getByTestId('place-search-status').innerText()).toBe('1 Ort gefunden')
      expect(await d.axeViolations(['[data-testid="place-search"]'])).toEqual([])
      await d.afterMove(() => d.placeSearch().press('Enter'))
      await d.page.getByTestId('search-marker').waitFor()
      expect(await d.axeViolations(['[data-testid="map"]', '.search-panel'])).toEqual([])
      if (SHOTS) await d.page.screenshot({ path: path.join(SHOTS, `address-marker-${viewport.width}x${viewport.height}.png`) })
    })
  }

  it('shows hostile street names as text', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke')
    for (const [q, name] of [['imgweg 1', HOSTILE[0]], ['scriptstr 1', HOSTILE[1]]]) {
      expect((await d.typePlace(q))[0]).toBe(`${name} 1 | XSS`)
      expect(await d.page.$$eval('#place-search-list li *:not(span)', (els) => els.length)).toBe(0)
    }
    await d.afterMove(() => d.placeSearch().press('Enter'))
    expect(await d.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(d.pageErrors).toEqual([])
  })

  it('is labelled in English too', async () => {
    const d = await portal.open('#map=12/51.5711/8.1059&layers=demo-bezirke')
    await d.page.getByRole('button', { name: 'English' }).click()
    await d.page.getByRole('combobox', { name: 'Search places' }).waitFor()
    const options = await d.typePlace('Brüderstraße 12')
    expect(options[0]).toBe('Brüderstraße 12 | 59494 Soest · Demo: Adressen (Hauskoordinaten)')
    expect(await d.page.locator('#place-search-list .place-type').first().innerText()).toBe('Address')
    expect(await d.page.getByTestId('place-search-status').innerText()).toMatch(/^\d+ places found$/)
    await d.typePlace('Brüderstraße')
    expect(await d.page.getByTestId('place-search-status').innerText()).toBe('1 place found')
  })
})
