// The measure tool (issue #16) in a real browser: a line and a polygon drawn by clicks and by keyboard, a vertex
// dragged, the values on screen against PROJ (cs2cs → planar UTM values) and GeographicLib's Planimeter (GRS80,
// Karney) for the very vertices the page holds — within 1 cm and 0.01 %; feature information stays off while
// measuring; the result list copied; axe-core with the tool open at 1280×800 and 375×667.
// SCREENSHOTS=<dir> saves the tool at both sizes.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Projections } from '../../src/projection/registry.ts'
import { DemoPortal, repoPath, type PortalDriver } from './driver.ts'
import { cs2cs, geodSegments, oracleUnavailable, planar, planimeter, type LonLat } from './geodesyOracle.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable() ?? oracleUnavailable()
if (unavailable) console.warn(`SKIPPED measure tool browser tests: ${unavailable}`)

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
const START = '#map=15/51.5711/8.1059&layers=demo-bezirke'

async function openTool(d: PortalDriver, kind: 'line' | 'polygon') {
  await d.toggleTool('measure')
  await d.page.getByTestId(`measure-kind-${kind}`).check()
}

/** Waits until the page holds n vertices (and, if asked, the drawing is finished). */
async function waitVertices(d: PortalDriver, n: number, finished?: boolean) {
  await d.page.waitForFunction(
    ([n, f]) => {
      const s = document.querySelector('[data-testid="measure-status"]')
      return s?.getAttribute('data-vertices') === String(n) && (f === null || s.getAttribute('data-finished') === String(f))
    },
    [n, finished ?? null] as const,
  )
}

async function vertices(d: PortalDriver): Promise<LonLat[]> {
  return d.page.$$eval('[data-testid="measure-vertices"] li', (lis) => lis.map((li) => [Number(li.getAttribute('data-lon')), Number(li.getAttribute('data-lat'))] as [number, number]))
}

const shown = async (d: PortalDriver, id: string) => Number(await d.page.getByTestId(id).getAttribute('data-value'))

/** The values on screen against the oracles for the page's own vertices: 1 cm for lengths, 0.01 % for areas. */
async function checkAgainstReferences(d: PortalDriver, kind: 'line' | 'polygon') {
  const v = await vertices(d)
  const grid = cs2cs('EPSG:25832', v)
  const plan = planar(kind, grid)
  const geo = planimeter(kind, v)
  expect(Math.abs((await shown(d, 'measure-length-grid')) - plan.length)).toBeLessThan(0.01)
  expect(Math.abs((await shown(d, 'measure-length-ellipsoid')) - geo.length)).toBeLessThan(0.01)
  // PROJ's geod agrees with Planimeter on the segments (printed to the millimetre).
  const segs = geodSegments(kind === 'polygon' ? [...v, v[0]] : v)
  expect(Math.abs(segs.reduce((a, b) => a + b, 0) - geo.length)).toBeLessThan(0.002 * segs.length)
  if (kind === 'polygon') {
    expect(Math.abs((await shown(d, 'measure-area-grid')) - plan.area!)).toBeLessThan(plan.area! * 1e-4)
    expect(Math.abs((await shown(d, 'measure-area-ellipsoid')) - geo.area!)).toBeLessThan(geo.area! * 1e-4)
    // The difference is shown and is the UTM scale at Soest (about −350 ppm per length, −700 ppm per area).
    const ratio = (await shown(d, 'measure-area-difference')) / geo.area!
    expect(ratio).toBeLessThan(-6e-4)
    expect(ratio).toBeGreaterThan(-8e-4)
  }
  const lengthRatio = (await shown(d, 'measure-length-difference')) / geo.length
  expect(lengthRatio).toBeLessThan(-3e-4)
  expect(lengthRatio).toBeGreaterThan(-4e-4)
  return { v, plan, geo }
}

describe.skipIf(!!unavailable)('measure tool', () => {
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('measures a line by clicks (double-click finishes) against cs2cs and Planimeter, with identify off', async () => {
    const d = await portal.open(START, DESKTOP)
    // Feature information works before the tool opens …
    await d.clickAt(8.1059, 51.5711)
    const serial = Number(await d.page.getByTestId('feature-info').getAttribute('data-serial'))
    await openTool(d, 'line')
    // East of the panel, which covers the map's top left.
    const pts: LonLat[] = [
      [8.107, 51.5735],
      [8.112, 51.57],
      [8.114, 51.5668],
    ]
    for (const [i, [lon, lat]] of pts.entries()) {
      const p = await d.screenPoint(lon, lat)
      if (i < pts.length - 1) await d.page.mouse.click(p.x, p.y)
      else await d.page.mouse.dblclick(p.x, p.y)
    }
    await waitVertices(d, 3, true)
    const v = await vertices(d)
    v.forEach((p, i) => expect(Math.hypot(p[0] - pts[i][0], p[1] - pts[i][1])).toBeLessThan(5e-5))
    const { plan, geo } = await checkAgainstReferences(d, 'line')
    expect(plan.length).toBeGreaterThan(700)
    // The result list holds it, as text with the German decimal comma.
    const result = await d.page.getByTestId('measure-results').locator('li').allInnerTexts()
    expect(result).toHaveLength(1)
    expect(result[0]).toContain(`UTM-Gitter ${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(plan.length)} m`)
    expect(result[0]).toContain(`Ellipsoid GRS80 ${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(geo.length)} m`)
    // … and the double-click did not zoom the map.
    expect((await d.hashState()).zoom).toBe(15)
    // … and is off while measuring: the 3 clicks above were not answered. Closing the tool turns it back on.
    await d.toggleTool('measure')
    await d.clickAt(8.1059, 51.5711)
    expect(Number(await d.page.getByTestId('feature-info').getAttribute('data-serial'))).toBe(serial + 1)
    expect(d.pageErrors).toEqual([])
  })

  it('measures a polygon by clicks, then edits it by dragging a vertex (the map does not pan), and copies the list', async () => {
    const d = await portal.open(START, DESKTOP)
    await d.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.server.url })
    await openTool(d, 'polygon')
    const pts: LonLat[] = [
      [8.107, 51.57],
      [8.115, 51.5698],
      [8.1145, 51.5728],
      [8.1085, 51.5732],
    ]
    for (const [lon, lat] of pts) {
      const p = await d.screenPoint(lon, lat)
      await d.page.mouse.click(p.x, p.y)
    }
    await waitVertices(d, 4, false)
    // A click on the first vertex closes the polygon.
    const first = await d.screenPoint(...pts[0])
    await d.page.mouse.click(first.x, first.y)
    await waitVertices(d, 4, true)
    const before = await checkAgainstReferences(d, 'polygon')
    expect(before.plan.area).toBeGreaterThan(100_000)

    const hash = await d.page.evaluate(() => location.hash)
    const from = await d.screenPoint(...before.v[2])
    await d.page.mouse.move(from.x, from.y)
    await d.page.mouse.down()
    await d.page.mouse.move(from.x + 40, from.y - 30, { steps: 8 })
    await d.page.mouse.up()
    await d.page.waitForFunction((lon) => document.querySelectorAll('[data-testid="measure-vertices"] li')[2]?.getAttribute('data-lon') !== String(lon), before.v[2][0])
    const after = await checkAgainstReferences(d, 'polygon')
    expect(after.v).toHaveLength(4)
    expect(after.v[0]).toEqual(before.v[0])
    expect(after.v[2][0]).toBeGreaterThan(before.v[2][0])
    expect(after.v[2][1]).toBeGreaterThan(before.v[2][1])
    expect(after.geo.area).toBeGreaterThan(before.geo.area!)
    expect(await d.page.evaluate(() => location.hash)).toBe(hash)
    // The edited measurement replaced its entry in the list; copying gives exactly the list's text.
    const items = await d.page.getByTestId('measure-results').locator('li').allInnerTexts()
    expect(items).toHaveLength(1)
    await d.page.getByTestId('measure-copy').click()
    const copied = await d.page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(items[0])
    expect(copied).toMatch(/^Fläche \(4 Punkte\)\nUmfang: UTM-Gitter [\d.]+,\d\d m; Ellipsoid GRS80 [\d.]+,\d\d m; Differenz −\d+,\d\d m \(−3\d\d ppm\)\nFläche: UTM-Gitter [\d.]+,\d\d m²/)
  })

  it('measures by keyboard: Space sets a vertex at the map centre, arrows pan, Backspace removes, Enter finishes, Esc discards', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d, 'polygon')
    const canvas = d.page.locator('.maplibregl-canvas')
    await canvas.focus()
    await d.page.keyboard.press('Space')
    await waitVertices(d, 1)
    await d.afterMove(() => d.page.keyboard.press('ArrowRight'))
    await d.page.keyboard.press('Space')
    await waitVertices(d, 2)
    await d.afterMove(() => d.page.keyboard.press('ArrowDown'))
    await d.page.keyboard.press('Space')
    await waitVertices(d, 3)
    const centre = await d.hashState()
    // A wrong vertex, removed again.
    await d.afterMove(() => d.page.keyboard.press('ArrowLeft'))
    await d.page.keyboard.press('Space')
    await waitVertices(d, 4)
    await d.page.keyboard.press('Backspace')
    await waitVertices(d, 3)
    await d.page.keyboard.press('Enter')
    await waitVertices(d, 3, true)
    const { v } = await checkAgainstReferences(d, 'polygon')
    // The last vertex kept is the map centre of that moment (the URL rounds it).
    expect(Math.abs(v[2][0] - centre.lon) + Math.abs(v[2][1] - centre.lat)).toBeLessThan(2e-4)
    expect(await d.page.getByTestId('measure-results').locator('li').count()).toBe(1)
    // The same with the panel's buttons, for a line; Escape discards the drawing but keeps the list.
    await d.page.getByTestId('measure-kind-line').check()
    await d.page.getByTestId('measure-add-centre').click()
    await d.afterMove(() => canvas.press('ArrowUp'))
    await d.page.getByTestId('measure-add-centre').click()
    await waitVertices(d, 2, false)
    await d.page.getByTestId('measure-finish').click()
    await waitVertices(d, 2, true)
    await checkAgainstReferences(d, 'line')
    await canvas.press('Escape')
    await waitVertices(d, 0)
    expect(await d.page.getByTestId('measure-results').locator('li').count()).toBe(2)
  })

  it('snaps a click to the vertex of a shown feature when asked, and not otherwise', async () => {
    // A street tree of the demo catalog, from its FlatGeobuf (EPSG:25832).
    const fgb = readFileSync(repoPath('data/layers/demo-baeume/566ecaf1e962/demo-baeume.fgb'))
    const trees: [number, number][] = []
    for await (const f of deserialize(new Uint8Array(fgb))) trees.push((f.geometry as unknown as { coordinates: [number, number] }).coordinates)
    const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
    const tree = trees[0]
    const [lon, lat] = toLonLat(tree)
    const d = await portal.open(`#map=17/${lat.toFixed(6)}/${lon.toFixed(6)}&layers=demo-baeume`, DESKTOP)
    await openTool(d, 'line')
    const at = await d.screenPoint(lon, lat)
    const end = await d.screenPoint(lon + 0.0008, lat + 0.0002)
    // Without snapping the vertex is where the click was, 8 pixels (about 2.5 m at zoom 17) from the tree.
    await d.page.mouse.click(at.x + 6, at.y + 5)
    await waitVertices(d, 1)
    const [free] = cs2cs('EPSG:25832', await vertices(d))
    expect(Math.hypot(free[0] - tree[0], free[1] - tree[1])).toBeGreaterThan(1.5)
    await d.page.getByTestId('measure-discard').click()
    await waitVertices(d, 0)
    await d.page.getByTestId('measure-snap').check()
    await d.page.mouse.click(at.x + 6, at.y + 5)
    await waitVertices(d, 1)
    await d.page.mouse.dblclick(end.x, end.y)
    await waitVertices(d, 2, true)
    const [snapped] = cs2cs('EPSG:25832', await vertices(d))
    // On the tree, to the precision of the drawn tile (1/8 pixel, 0.15 m at zoom 17).
    expect(Math.hypot(snapped[0] - tree[0], snapped[1] - tree[1])).toBeLessThan(0.2)
  })

  for (const [name, viewport] of [
    ['1280×800', DESKTOP],
    ['375×667', PHONE],
  ] as const) {
    it(`has no axe-core violations with a measured polygon at ${name}, and the panel fits the window`, async () => {
      const d = await portal.open(START, viewport, { bypassCSP: true })
      await openTool(d, 'polygon')
      const box = (await d.page.getByTestId('map').boundingBox())!
      // The right part of the map: on a desktop the panel covers the top left.
      for (const [fx, fy] of [
        [0.6, 0.35],
        [0.9, 0.35],
        [0.9, 0.75],
        [0.6, 0.75],
      ])
        await d.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
      await waitVertices(d, 4)
      await d.page.getByTestId('measure-finish').click()
      await waitVertices(d, 4, true)
      const panel = (await d.page.getByTestId('tool-panel-measure').boundingBox())!
      expect(panel.x).toBeGreaterThanOrEqual(0)
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width)
      // The table's columns stay inside the panel.
      const table = (await d.page.getByTestId('measure-current').boundingBox())!
      expect(table.x + table.width).toBeLessThanOrEqual(panel.x + panel.width)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-measure-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      await d.switchLanguage('English')
      await d.page.getByText('GRS80 ellipsoid').first().waitFor()
      expect(await d.axeViolations()).toEqual([])
    })
  }
})
