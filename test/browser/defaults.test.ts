// Good defaults for the officer's layers (issue #15): a catalog built with the CLI — four layers published without
// a style, two polygon layers and the points marked with `geoportal start` — opens with exactly those layers, each
// in its own default colour (read from the screenshot: translucent fills over the background, solid points), and
// the demo opens with its start layers over its base map. axe-core on both first views, desktop and phone.
// SCREENSHOTS=<dir> saves the demo's first view at 1280×800 and 375×667.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { DEMO_START } from '../../scripts/make-demo.ts'
import { axeViolations, colourDistance, DemoPortal } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

const BACKGROUND = '#f4f3ef'
const LON = 8.1059
const LAT = 51.5711
const square = (x: number, y: number, d = 0.004) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d * 0.6], [x, y + d * 0.6], [x, y]]] })
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
/** A colour drawn with the given opacity over the background. */
const over = (colour: string, opacity: number) => {
  const [c, b] = [hex(colour), hex(BACKGROUND)]
  return `#${c.map((v, i) => Math.round(v * opacity + b[i] * (1 - opacity)).toString(16).padStart(2, '0')).join('')}`
}

describe.skipIf(!!unavailable)('start layers and default colours from a catalog built with the CLI', () => {
  let portal: DemoPortal
  let tmp: string
  let catalog: Catalog
  const layers: Record<string, { geometries: unknown[]; at: [number, number]; properties?: Record<string, unknown> }> = {
    // A real number, a postcode and an id stored as text, a date: only the number and the date are localised.
    west: { geometries: [square(LON - 0.012, LAT - 0.002)], at: [LON - 0.01, LAT], properties: { flaeche_ha: 45.86, plz: '05071', kennung: '1.000', baujahr: 1998, stand: '2021-09-08' } },
    east: { geometries: [square(LON + 0.008, LAT - 0.002)], at: [LON + 0.01, LAT] },
    wege: { geometries: [{ type: 'LineString', coordinates: [[LON - 0.015, LAT - 0.006], [LON + 0.015, LAT - 0.006]] }], at: [LON, LAT - 0.006] },
    schulen: { geometries: [{ type: 'Point', coordinates: [LON, LAT + 0.004] }], at: [LON, LAT + 0.004] },
  }
  const START = ['west', 'east', 'schulen']

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-defaults-'))
    const dir = path.join(tmp, 'catalog')
    const log = console.log
    console.log = () => {}
    try {
      for (const [id, { geometries, properties }] of Object.entries(layers)) {
        const file = path.join(tmp, `${id}.geojson`)
        await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: geometries.map((geometry, i) => ({ type: 'Feature', geometry, properties: { nr: i, name: id, ...properties } })) }))
        if ((await main(['publish', file, '--catalog', dir, '--id', id, '--title', `Ebene ${id}`])) !== 0) throw new Error(`publish ${id} failed`)
      }
      if ((await main(['start', ...START, '--catalog', dir])) !== 0) throw new Error('start failed')
    } finally {
      console.log = log
    }
    catalog = JSON.parse(await fs.readFile(path.join(dir, 'catalog.json'), 'utf8')) as Catalog
    portal = await DemoPortal.start(inject('appDir'), dir)
  })
  afterAll(async () => {
    await portal?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('opens with exactly the marked layers, each in a colour of its own', async () => {
    const colour = (id: string) => (catalog.layers.find((l) => l.id === id) as VectorLayerEntry).style.color
    expect(new Set(Object.keys(layers).map(colour)).size).toBe(4)

    const d = await portal.open(`#map=14/${LAT}/${LON}`, { width: 1280, height: 800 })
    expect((await d.checkedLayers()).sort()).toEqual([...START].sort())
    // Polygons: their colour at the fill's opacity over the background; points: solid.
    const seen: Record<string, [number, number, number, number]> = {}
    for (const id of START) seen[id] = await d.pixelAt(...layers[id].at)
    expect(colourDistance(seen.west, over(colour('west'), 0.25))).toBeLessThan(12)
    expect(colourDistance(seen.east, over(colour('east'), 0.25))).toBeLessThan(12)
    expect(colourDistance(seen.schulen, colour('schulen'))).toBeLessThan(40)
    // …and distinct on the screen, not only in the catalog.
    for (const a of START) for (const b of START) if (a < b) expect(colourDistance(seen[a], `#${seen[b].slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('')}`), `${a} ${b}`).toBeGreaterThan(30)
    // The unmarked line layer is off: background where it runs.
    expect(colourDistance(await d.pixelAt(...layers.wege.at), BACKGROUND)).toBeLessThan(6)
    expect(d.pageErrors).toEqual([])
  })

  it('writes counts, numbers and dates in the UI language: "1 Objekt", 45,86 / 45.86, 8.9.2021 / 8 Sept 2021', async () => {
    const d = await portal.open(`#map=14/${LAT}/${LON}`)
    await d.page.waitForSelector('[data-testid="layer-west"] .layer-status.ready')
    expect(await d.page.getByTestId('layer-west').innerText()).toMatch(/\b1 Objekt\b(?!e)/)
    await d.clickAt(...layers.west.at)
    expect(await d.attribute('flaeche_ha')).toBe('45,86')
    expect(await d.attribute('plz')).toBe('05071')
    expect(await d.attribute('kennung')).toBe('1.000')
    expect(await d.attribute('baujahr')).toBe('1998')
    expect(await d.attribute('stand')).toBe('8.9.2021')
    await d.page.getByRole('button', { name: 'English' }).click()
    await d.page.getByRole('button', { name: 'Deutsch' }).waitFor()
    expect(await d.page.getByTestId('layer-west').innerText()).toMatch(/\b1 feature\b(?!s)/)
    expect(await d.attribute('flaeche_ha')).toBe('45.86')
    expect(await d.attribute('plz')).toBe('05071')
    expect(await d.attribute('stand')).toBe('8 Sept 2021')
  })

  it('a share link still decides: layers= overrides the start marks', async () => {
    const d = await portal.open(`#map=14/${LAT}/${LON}&layers=wege`)
    expect(await d.checkedLayers()).toEqual(['wege'])
  })

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
    it(`has no axe-core violations on the first view at ${viewport.width}×${viewport.height}`, async () => {
      const d = await portal.open('', viewport, { bypassCSP: true })
      expect(await axeViolations(d.page)).toEqual([])
    })
  }
})

describe.skipIf(!!unavailable)('the demo’s first view', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
    it(`shows its start layers over the base map at ${viewport.width}×${viewport.height}, without axe-core violations`, async () => {
      const d = await portal.open('', viewport, { bypassCSP: true })
      expect((await d.checkedLayers()).sort()).toEqual([...DEMO_START].sort())
      if (process.env.SCREENSHOTS) {
        await fs.mkdir(process.env.SCREENSHOTS, { recursive: true })
        await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `demo-first-view-${viewport.width}x${viewport.height}.png`) })
      }
      expect(await axeViolations(d.page)).toEqual([])
    })
  }
})
