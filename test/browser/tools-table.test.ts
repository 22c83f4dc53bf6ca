// Issue #16 in a real browser, driven as a planner would: the attribute table of the demo's 400 street trees —
// typing filters, sorting, a row → the map's highlight, a map click and a shift-drag box → rows, a drawn polygon,
// buffers around a point and around a selected tree; the exports parsed and compared feature by feature with the
// table on screen and with the layer's own file (GDAL reads the FlatGeobuf: EPSG:25832 and the count); the share
// link; axe-core with the table open at 1280×800 and 375×667 (SCREENSHOTS=<dir> keeps screenshots of both).
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { colourDistance, DemoPortal, repoPath, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'
import { TableDriver } from './tableDriver.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED attribute table browser tests: ${unavailable}`)
const gdalMissing = gdalToolsMissing('ogrinfo', 'ogr2ogr')
const gdal = !gdalMissing
if (gdalMissing) console.warn(`attribute table: the FlatGeobuf export is not read by GDAL: ${gdalMissing}`)

const HIGHLIGHT = '#e6007e'
const LAYER = 'demo-baeume'
const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')

interface Tree {
  id: number
  e: number
  n: number
  lon: number
  lat: number
  properties: { baum_nr: string; art: string; pflanzjahr: number | null; hoehe_m: number | null }
}

/** The layer's features straight from its FlatGeobuf (file order = ids), the oracle for everything on screen. */
async function readTrees(catalog: Catalog): Promise<Tree[]> {
  const entry = catalog.layers.find((l) => l.id === LAYER) as VectorLayerEntry
  const bytes = new Uint8Array(await fs.readFile(repoPath('data', entry.href)))
  const out: Tree[] = []
  for await (const f of deserialize(bytes)) {
    const [e, n] = (f.geometry as { coordinates: number[] }).coordinates
    const [lon, lat] = toLonLat([e, n])
    out.push({ id: out.length, e, n, lon, lat, properties: f.properties as Tree['properties'] })
  }
  return out
}

/** Sort as the table promises: numbers numerically, empty last, ties in file order. */
const byNumber = (key: 'hoehe_m' | 'pflanzjahr', descending = false) => (a: Tree, b: Tree) => {
  const x = a.properties[key]
  const y = b.properties[key]
  if (x === null || y === null) return x === y ? a.id - b.id : x === null ? 1 : -1
  return (descending ? y - x : x - y) || a.id - b.id
}

describe.skipIf(!!unavailable)('attribute table, selection and exports (issue #16)', () => {
  let portal: DemoPortal
  let trees: Tree[]
  const today = new Date().toISOString().slice(0, 10)
  beforeAll(async () => {
    const catalog = JSON.parse(await fs.readFile(repoPath('data/catalog.json'), 'utf8')) as Catalog
    trees = await readTrees(catalog)
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  /** The planner's view: central Soest at zoom 14 with the trees layer on. */
  const open = async (zoom = 14, viewport = { width: 1280, height: 800 }, extra = '') => {
    const d = await portal.open(`#map=${zoom}/51.5711/8.1059&layers=${LAYER}${extra}`, viewport, { bypassCSP: true })
    return { d, t: new TableDriver(d) }
  }
  /** The part of the map above the table sheet, where a planner can click (page pixels). */
  const usableArea = async (d: PortalDriver) => {
    const map = (await d.page.getByTestId('map').boundingBox())!
    const sheet = (await d.page.locator('.tool-sheet').boundingBox())!
    // Below the toolbar (its buttons lie over the map's top left).
    const toolbar = (await d.page.locator('.map-toolbar').boundingBox())!
    return { x0: Math.max(map.x, sheet.x) + 20, x1: map.x + map.width - 60, y0: Math.max(map.y, toolbar.y + toolbar.height) + 20, y1: sheet.y - 20 }
  }
  /** Page pixels of every tree in the usable area, from the view in the URL (one read, computed here). */
  const onScreen = async (d: PortalDriver) => {
    const a = await usableArea(d)
    const { zoom, lat, lon } = await d.hashState()
    const box = (await d.page.getByTestId('map').boundingBox())!
    const world = 512 * 2 ** zoom
    const mx = (l: number) => ((l + 180) / 360) * world
    const my = (p: number) => ((1 - Math.log(Math.tan((p * Math.PI) / 180) + 1 / Math.cos((p * Math.PI) / 180)) / Math.PI) / 2) * world
    return trees
      .map((tr) => ({ ...tr, x: box.x + box.width / 2 + mx(tr.lon) - mx(lon), y: box.y + box.height / 2 + my(tr.lat) - my(lat) }))
      .filter((p) => p.x > a.x0 && p.x < a.x1 && p.y > a.y0 && p.y < a.y1)
  }

  it('filters by typed conditions, sorts by clicking headers, and a row click highlights the tree on the map', async () => {
    const { d, t } = await open()
    await t.open()
    expect(await t.count()).toEqual({ shown: 400, total: 400, selected: 0 })

    await t.addCondition('Baumart', 'enthält', 'linde')
    await t.addCondition('Höhe (m)', 'größer als', '10')
    const expected = trees.filter((tr) => tr.properties.art.toLowerCase().includes('linde') && (tr.properties.hoehe_m ?? -1) > 10)
    expect(expected.length).toBeGreaterThan(5)
    expect(await t.count()).toMatchObject({ shown: expected.length, total: 400 })

    await t.sortBy('pflanzjahr')
    const rows = await t.allRows()
    expect(rows.map((r) => r.id)).toEqual([...expected].sort(byNumber('pflanzjahr')).map((tr) => tr.id))
    // Cells as the file has them (numbers with the German decimal comma).
    const first = trees[rows[0].id].properties
    expect(rows[0].cells).toEqual([first.baum_nr, first.art, String(first.pflanzjahr ?? ''), first.hoehe_m === null ? '' : String(first.hoehe_m).replace('.', ',')])
    await t.sortBy('pflanzjahr')
    expect((await t.allRows()).map((r) => r.id)).toEqual([...expected].sort(byNumber('pflanzjahr', true)).map((tr) => tr.id))
    expect(await d.page.locator('th[aria-sort="descending"]').innerText()).toContain('Pflanzjahr')

    // A row → selected, the map moves to it and draws it in the highlight colour, above the table sheet.
    const target = trees[rows[3].id]
    await d.afterMove(() => t.showRow(target.id))
    expect(await d.page.getByTestId('map').getAttribute('data-highlighted')).toBe('1')
    expect(await t.count()).toMatchObject({ selected: 1 })
    const p = await d.screenPoint(target.lon, target.lat)
    const a = await usableArea(d)
    expect(p.y).toBeLessThan(a.y1 + 20)
    expect(colourDistance(await d.pixelAt(target.lon, target.lat), HIGHLIGHT)).toBeLessThan(40)
    const hash = await d.page.evaluate(() => decodeURIComponent(location.hash))
    expect(hash).toContain(`tsel=${target.id}`)
    expect(hash).toContain('tflt=art~contains~linde|hoehe_m~gt~10')
    expect(hash).toContain('tsort=pflanzjahr:desc')
    expect(d.pageErrors).toEqual([])
  })

  it('a map click and a shift-drag box select rows; "only selected" shows exactly them', async () => {
    const { d, t } = await open()
    await t.open()
    const visible = await onScreen(d)
    expect(visible.length).toBeGreaterThan(10)
    // A tree with no other within 15 px: a click on it selects exactly it.
    const lonely = visible.find((a) => visible.every((b) => b === a || Math.hypot(a.x - b.x, a.y - b.y) > 15))!
    await t.afterSelection(() => d.page.mouse.click(lonely.x, lonely.y))
    expect(await t.count()).toMatchObject({ selected: 1 })
    await d.page.getByTestId('table-only-selected').check()
    expect((await t.allRows()).map((r) => [r.id, r.checked])).toEqual([[lonely.id, true]])
    await d.page.getByTestId('table-only-selected').uncheck()

    // Shift-drag a box: every tree inside it (those within 3 px of an edge are not asserted either way).
    const a = await usableArea(d)
    const box = { x0: a.x0 + (a.x1 - a.x0) * 0.2, x1: a.x0 + (a.x1 - a.x0) * 0.7, y0: a.y0 + 10, y1: a.y1 - 10 }
    const inside = (tr: { x: number; y: number }, m: number) => tr.x > box.x0 + m && tr.x < box.x1 - m && tr.y > box.y0 + m && tr.y < box.y1 - m
    const sure = visible.filter((tr) => inside(tr, 3)).map((tr) => tr.id)
    const unsure = new Set(visible.filter((tr) => inside(tr, -3) && !inside(tr, 3)).map((tr) => tr.id))
    expect(sure.length).toBeGreaterThan(3)
    await t.afterSelection(async () => {
      await d.page.keyboard.down('Shift')
      await d.page.mouse.move(box.x0, box.y0)
      await d.page.mouse.down()
      await d.page.mouse.move(box.x1, box.y1, { steps: 8 })
      await d.page.mouse.up()
      await d.page.keyboard.up('Shift')
    })
    await d.page.getByTestId('table-only-selected').check()
    const selected = (await t.allRows()).map((r) => r.id)
    expect(selected.filter((id) => !unsure.has(id)).sort((x, y) => x - y)).toEqual(sure.sort((x, y) => x - y))
    expect(await d.page.getByTestId('map').getAttribute('data-highlighted')).toBe(String(selected.length))
    // The map did not zoom (shift-drag selects here instead of MapLibre's box zoom).
    expect((await d.hashState()).zoom).toBe(14)
  })

  it('a drawn polygon selects the trees inside it; buffers select around a point and around a selected tree', async () => {
    const { d, t } = await open(14)
    await t.open()
    const visible = await onScreen(d)
    const a = await usableArea(d)
    const w = a.x1 - a.x0
    const h = a.y1 - a.y0
    const poly = [
      [a.x0 + w * 0.1, a.y0 + h * 0.1],
      [a.x0 + w * 0.6, a.y0 + h * 0.05],
      [a.x0 + w * 0.5, a.y0 + h * 0.9],
      [a.x0 + w * 0.15, a.y0 + h * 0.7],
    ]
    const inPoly = (x: number, y: number) => {
      let c = false
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const [xi, yi] = poly[i]
        const [xj, yj] = poly[j]
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c
      }
      return c
    }
    const edgeDistance = (x: number, y: number) =>
      Math.min(
        ...poly.map(([x1, y1], i) => {
          const [x2, y2] = poly[(i + 1) % poly.length]
          const l = Math.hypot(x2 - x1, y2 - y1)
          const u = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / (l * l)))
          return Math.hypot(x - (x1 + u * (x2 - x1)), y - (y1 + u * (y2 - y1)))
        }),
      )
    const sure = visible.filter((tr) => edgeDistance(tr.x, tr.y) > 3)
    const expected = sure.filter((tr) => inPoly(tr.x, tr.y)).map((tr) => tr.id)
    expect(expected.length).toBeGreaterThan(2)
    await t.setMode('polygon')
    for (const [x, y] of poly) await d.page.mouse.click(x, y)
    const message = await t.afterSelection(() => d.page.getByTestId('table-finish').click())
    await d.page.getByTestId('table-only-selected').check()
    const got = (await t.allRows()).map((r) => r.id)
    const sureIds = new Set(sure.map((tr) => tr.id))
    expect(got.filter((id) => sureIds.has(id)).sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y))
    expect(message).toBe(`${got.length} Objekte ausgewählt`)

    // "Only selected" stays on: the table shows the selection as it changes.
    // 150 m around a selected tree (its exact position: no screen rounding), by grid distance in EPSG:25832;
    // trees within 1 m of the circle are not asserted (turf's 64-gon and the UTM scale factor differ by < 0.2 m).
    const centre = trees[got[0]]
    await t.showRow(centre.id)
    await t.setBuffer(150)
    await t.afterSelection(() => d.page.getByTestId('table-buffer-selection').click())
    const dist = (tr: Tree) => Math.hypot(tr.e - centre.e, tr.n - centre.n)
    const near = trees.filter((tr) => dist(tr) < 149).map((tr) => tr.id)
    const edge = new Set(trees.filter((tr) => Math.abs(dist(tr) - 150) <= 1).map((tr) => tr.id))
    const around = (await t.allRows()).map((r) => r.id)
    expect(around.filter((id) => !edge.has(id)).sort((x, y) => x - y)).toEqual(near.sort((x, y) => x - y))
    await d.waitIdle()

    // 120 m around a clicked point: the point from the screen (the URL's view to a metre or better), so
    // trees within 8 m of the circle are not asserted.
    await t.setMode('point')
    await t.setBuffer(120)
    const [cx, cy] = [a.x0 + w * 0.5, a.y0 + h * 0.5]
    const { zoom, lat, lon } = await d.hashState()
    const mapBox = (await d.page.getByTestId('map').boundingBox())!
    const world = 512 * 2 ** zoom
    const clon = lon + ((cx - (mapBox.x + mapBox.width / 2)) / world) * 360
    const my = (((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * world + (cy - (mapBox.y + mapBox.height / 2))) / world
    const clat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * my))) * 180) / Math.PI
    const [ce, cn] = projections.forward('EPSG:4326', 'EPSG:25832')([clon, clat])
    const dp = (tr: Tree) => Math.hypot(tr.e - ce, tr.n - cn)
    await t.afterSelection(() => d.page.mouse.click(cx, cy))
    const byPoint = (await t.allRows()).map((r) => r.id)
    const fuzzy = new Set(trees.filter((tr) => Math.abs(dp(tr) - 120) <= 8).map((tr) => tr.id))
    expect(byPoint.filter((id) => !fuzzy.has(id)).sort((x, y) => x - y)).toEqual(trees.filter((tr) => dp(tr) < 112).map((tr) => tr.id))
    expect(d.pageErrors).toEqual([])
  })

  it('exports exactly the filtered rows in table order (GeoJSON, CSV, FlatGeobuf read by GDAL) and the selected ones', async () => {
    const { d, t } = await open()
    await t.open()
    await t.addCondition('Baumart', 'ist gleich', 'linde')
    await t.addCondition('Höhe (m)', 'kleiner als', '12,5')
    await t.sortBy('hoehe_m')
    await t.sortBy('hoehe_m')
    const expected = trees.filter((tr) => tr.properties.art === 'Linde' && tr.properties.hoehe_m !== null && tr.properties.hoehe_m < 12.5).sort(byNumber('hoehe_m', true))
    const screen = await t.allRows()
    // What is on screen is the oracle's list …
    expect(screen.map((r) => r.id)).toEqual(expected.map((tr) => tr.id))
    const screenNr = screen.map((r) => r.cells[0])
    const fileName = (ext: string, extra = '') => `${LAYER}_${today}_art-linde-hoehe_m-lt-12-5${extra}.${ext}`

    // … and so is every export, feature by feature, in the same order.
    const geo = await t.exportAs('geojson')
    expect(geo.name).toBe(fileName('geojson'))
    const gj = JSON.parse(geo.bytes.toString('utf8')) as { crs?: unknown; features: { properties: Tree['properties']; geometry: { coordinates: number[] } }[] }
    expect(gj.crs).toBeUndefined()
    expect(gj.features.map((f) => f.properties.baum_nr)).toEqual(screenNr)
    gj.features.forEach((f, k) => {
      expect(f.properties).toEqual(expected[k].properties)
      expect(Math.abs(f.geometry.coordinates[0] - expected[k].lon)).toBeLessThan(2e-7)
      expect(Math.abs(f.geometry.coordinates[1] - expected[k].lat)).toBeLessThan(2e-7)
    })

    const utm = await t.exportAs('geojson-25832')
    expect(utm.name).toBe(fileName('geojson', '_epsg25832'))
    const gu = JSON.parse(utm.bytes.toString('utf8')) as { crs: { properties: { name: string } }; features: { properties: Tree['properties']; geometry: { coordinates: number[] } }[] }
    expect(gu.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::25832')
    gu.features.forEach((f, k) => {
      expect(f.properties.baum_nr).toBe(screenNr[k])
      expect(Math.abs(f.geometry.coordinates[0] - expected[k].e)).toBeLessThanOrEqual(0.0005)
      expect(Math.abs(f.geometry.coordinates[1] - expected[k].n)).toBeLessThanOrEqual(0.0005)
    })

    const csv = await t.exportAs('csv')
    expect(csv.name).toBe(fileName('csv'))
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean)
    expect(lines[0]).toBe('baum_nr;art;pflanzjahr;hoehe_m;wkt_epsg25832;ostwert;nordwert')
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(screenNr)
    lines.slice(1).forEach((l, k) => {
      const c = l.split(';')
      expect(c[3]).toBe(String(expected[k].properties.hoehe_m).replace('.', ','))
      expect(Number(c[5].replace(',', '.'))).toBeCloseTo(expected[k].e, 3)
    })
    const comma = await t.exportAs('csv-comma')
    expect(comma.bytes.subarray(3).toString('utf8').split('\r\n')[1].split(',')[3]).toBe(String(expected[0].properties.hoehe_m))

    const fgb = await t.exportAs('fgb')
    expect(fgb.name).toBe(fileName('fgb'))
    if (gdal) {
      const info = execFileSync('ogrinfo', ['-al', '-so', fgb.path], { encoding: 'utf8' })
      expect(info).toContain(`Feature Count: ${expected.length}`)
      expect(info).toMatch(/ID\["EPSG",25832\]\]\s*Data axis/)
      const back = JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', fgb.path], { encoding: 'utf8' })) as typeof gu
      expect(back.features.map((f) => f.properties.baum_nr)).toEqual(screenNr)
      back.features.forEach((f, k) => expect(f.geometry.coordinates).toEqual([expected[k].e, expected[k].n]))
    }

    // Three rows ticked: "selected" exports exactly those, in table order.
    for (const k of [4, 1, 2]) await d.page.locator(`[data-testid="attribute-table"] tr[data-id="${screen[k].id}"] input[type=checkbox]`).check()
    const sel = await t.exportAs('geojson', 'selected')
    expect(sel.name).toBe(fileName('geojson', '-auswahl'))
    expect((JSON.parse(sel.bytes.toString('utf8')) as typeof gj).features.map((f) => f.properties.baum_nr)).toEqual([1, 2, 4].map((k) => screenNr[k]))
  })

  it('the share link restores layer, filters, sort and selection', async () => {
    const { d, t } = await open()
    await t.open()
    await t.addCondition('Pflanzjahr', 'größer als', '2000')
    await t.sortBy('baum_nr')
    const first = (await t.screenRows()).slice(0, 3)
    for (const r of first) await d.page.locator(`[data-testid="attribute-table"] tr[data-id="${r.id}"] input[type=checkbox]`).check()
    const before = await t.count()
    const hash = await d.page.evaluate(() => location.hash)
    const again = await portal.open(hash, { width: 1280, height: 800 })
    const t2 = new TableDriver(again)
    await t2.loaded()
    expect(await t2.count()).toEqual(before)
    const rows = await t2.screenRows()
    expect(rows.slice(0, 3).map((r) => [r.id, r.checked])).toEqual(first.map((r) => [r.id, true]))
    expect(await again.page.getByLabel('Wert der Bedingung 1').inputValue()).toBe('2000')
    // Closing the table takes its keys out of the link.
    await again.toggleTool('table')
    expect(await again.page.evaluate(() => location.hash)).not.toMatch(/tbl=|tflt=|tsel=|tsort=/)
  })

  it('has no axe-core violations with the table open, filtered and selected, at 1280×800 and 375×667', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
      const { d, t } = await open(14, viewport)
      await t.open()
      await t.addCondition('Baumart', 'enthält', 'eiche')
      const r = (await t.screenRows())[0]
      await d.page.locator(`[data-testid="attribute-table"] tr[data-id="${r.id}"] input[type=checkbox]`).check()
      await d.page.locator('.table-columns summary').click()
      expect(await d.axeViolations()).toEqual([])
      if (process.env.SCREENSHOTS) {
        await fs.mkdir(process.env.SCREENSHOTS, { recursive: true })
        await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `table-${viewport.width}x${viewport.height}.png`) })
      }
    }
  })
})
