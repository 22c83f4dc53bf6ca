// The drawing tool "Zeichnen" (issue #17) in a real browser with Terra Draw: each kind drawn by mouse and by
// keyboard at the map centre, a vertex and a whole drawing moved, undo (Ctrl+Z and the button), drawings kept
// across a reload and shown on the map with the tool closed, export to GeoJSON and KML read back by GDAL
// (ogr2ogr) with the drawn geometries, re-import giving the same drawings, GPX import, a broken file reported
// once with the drawings kept, corrupt storage ignored with a message; axe-core at 1280×800 and 375×667.
// SCREENSHOTS=<dir> saves the tool at both sizes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { geodesicDistance } from '../../src/tools/measure/measure.ts'
import type { Drawing } from '../../src/tools/draw/model.ts'
import { colourDistance, DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const gdal = (() => {
  try {
    execFileSync('ogr2ogr', ['--version'])
    return undefined
  } catch {
    return 'ogr2ogr (GDAL) not installed'
  }
})()
const unavailable = browserUnavailable() ?? gdal
if (unavailable) console.warn(`SKIPPED drawing tool browser tests: ${unavailable}`)

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
const START = '#map=15/51.5711/8.1059&layers=demo-bezirke'
type LonLat = [number, number]

async function openTool(d: PortalDriver) {
  await d.toggleTool('draw')
  await d.page.getByTestId('draw-mode-select').waitFor()
}
const mode = (d: PortalDriver, m: string) => d.page.getByTestId(`draw-mode-${m}`).check()

/** The drawings as stored on the device. */
async function stored(d: PortalDriver): Promise<Drawing[]> {
  const text = await d.page.evaluate(() => localStorage.getItem('geoportal.drawings'))
  return text ? (JSON.parse(text) as { drawings: Drawing[] }).drawings : []
}
async function waitCount(d: PortalDriver, n: number) {
  await d.page.waitForFunction((n) => document.querySelector('[data-testid="draw-status"]')?.getAttribute('data-count') === String(n), n)
}
async function click(d: PortalDriver, p: LonLat) {
  const s = await d.screenPoint(...p)
  await d.page.mouse.click(s.x, s.y)
  // Terra Draw takes pointer events one frame at a time.
  await d.page.waitForTimeout(80)
}
const near = (a: LonLat, b: LonLat, tol = 5e-5) => Math.hypot(a[0] - b[0], a[1] - b[1]) < tol
const ring = (x: Drawing) => (x.geometry.type === 'Polygon' ? x.geometry.coordinates[0] : [])
const withoutIds = (ds: Drawing[]) => ds.map(({ id: _id, ...rest }) => rest)

/** Drawings from a file GDAL read, as GeoJSON features (2D). */
function gdalFeatures(file: string): { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-dim', '2', '-lco', 'COORDINATE_PRECISION=12', '/vsistdout/', file], { encoding: 'utf8' })
  return JSON.parse(out).features
}
function sameCoordinates(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameCoordinates(x, b[i]))
}

describe.skipIf(!!unavailable)('drawing tool', () => {
  let portal: DemoPortal
  const dir = mkdtempSync(path.join(tmpdir(), 'draw-test-'))
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('draws each kind by mouse, moves a vertex and a point, undoes, and keeps the drawings across a reload', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d)
    // East of the panel.
    await mode(d, 'point')
    const point: LonLat = [8.108, 51.5735]
    await click(d, point)
    await waitCount(d, 1)
    await mode(d, 'line')
    const line: LonLat[] = [[8.107, 51.5722], [8.111, 51.5712], [8.113, 51.5725]]
    for (const p of line) await click(d, p)
    await click(d, line[2])
    await waitCount(d, 2)
    await mode(d, 'polygon')
    const poly: LonLat[] = [[8.108, 51.569], [8.112, 51.569], [8.112, 51.5702], [8.108, 51.5702]]
    for (const p of poly) await click(d, p)
    await click(d, poly[0])
    await waitCount(d, 3)
    await mode(d, 'circle')
    const centre: LonLat = [8.113, 51.5695]
    await click(d, centre)
    const edge = await d.screenPoint(centre[0] + 0.001, centre[1])
    await d.page.mouse.move(edge.x, edge.y, { steps: 5 })
    await d.page.mouse.click(edge.x, edge.y)
    await waitCount(d, 4)
    await mode(d, 'text')
    await d.page.getByTestId('draw-text').fill('Zufahrt prüfen')
    const textAt: LonLat = [8.11, 51.5745]
    await click(d, textAt)
    await waitCount(d, 5)

    const ds = await stored(d)
    expect(ds.map((x) => x.kind)).toEqual(['point', 'line', 'polygon', 'circle', 'text'])
    expect(near(ds[0].geometry.coordinates as LonLat, point)).toBe(true)
    expect(ds[1].geometry.coordinates).toHaveLength(3)
    ;(ds[1].geometry.coordinates as LonLat[]).forEach((p, i) => expect(near(p, line[i])).toBe(true))
    expect(ring(ds[2])).toHaveLength(5)
    ring(ds[2]).slice(0, 4).forEach((p, i) => expect(near(p, poly[i])).toBe(true))
    // The circle's radius is the dragged distance (0.001° of longitude ≈ 69 m at Soest), to a pixel (~3 m).
    const radius = geodesicDistance(centre, [centre[0] + 0.001, centre[1]])
    for (const p of ring(ds[3])) expect(Math.abs(geodesicDistance(centre, p) - radius)).toBeLessThan(6)
    expect(ds[4]).toMatchObject({ kind: 'text', label: 'Zufahrt prüfen' })
    expect(d.pageErrors).toEqual([])

    // Select the line, drag its middle vertex; the map does not pan.
    await mode(d, 'select')
    const hash = await d.page.evaluate(() => location.hash)
    const mid = await d.screenPoint(...line[1])
    await d.page.mouse.click(mid.x, mid.y)
    await d.page.waitForFunction((id) => document.querySelector('[data-testid="draw-status"]')?.getAttribute('data-selected') === id, ds[1].id)
    await d.page.mouse.move(mid.x, mid.y)
    await d.page.mouse.down()
    // Terra Draw decides between drag and click on the first move after the press; give it the press first.
    await d.page.waitForTimeout(100)
    await d.page.mouse.move(mid.x + 30, mid.y + 40, { steps: 8 })
    await d.page.mouse.up()
    await d.page.waitForFunction((c) => JSON.stringify(JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[1].geometry.coordinates[1]) !== c, JSON.stringify(ds[1].geometry.coordinates[1]))
    const moved = (await stored(d))[1].geometry.coordinates as LonLat[]
    expect(moved[0]).toEqual(ds[1].geometry.coordinates[0])
    expect(moved[1][0]).toBeGreaterThan(line[1][0])
    expect(moved[1][1]).toBeLessThan(line[1][1])
    expect(await d.page.evaluate(() => location.hash)).toBe(hash)
    // Move the point as a whole.
    const pt = await d.screenPoint(...point)
    await d.page.mouse.click(pt.x, pt.y)
    await d.page.waitForFunction((id) => document.querySelector('[data-testid="draw-status"]')?.getAttribute('data-selected') === id, ds[0].id)
    await d.page.waitForTimeout(100)
    await d.page.mouse.move(pt.x, pt.y)
    await d.page.mouse.down()
    // Terra Draw decides between drag and click on the first move after the press; give it the press first.
    await d.page.waitForTimeout(100)
    await d.page.mouse.move(pt.x - 40, pt.y + 20, { steps: 8 })
    await d.page.mouse.up()
    await d.page.waitForFunction(() => JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[0].geometry.coordinates[0] < 8.1078)

    // Undo twice (Ctrl+Z on the map, then the button): back to what was drawn.
    await d.page.locator('.maplibregl-canvas').focus()
    await d.page.keyboard.press('Control+z')
    await d.page.waitForFunction(() => JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[0].geometry.coordinates[0] > 8.1078)
    await d.page.getByTestId('draw-undo').click()
    await d.page.waitForFunction((c) => JSON.stringify(JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[1].geometry.coordinates[1]) === c, JSON.stringify(ds[1].geometry.coordinates[1]))
    expect(await stored(d)).toEqual(ds)

    // A reload keeps them; with the tool closed they are on the map (pixels in the drawing's colour).
    await d.page.reload()
    await d.waitForFirstView()
    expect(await stored(d)).toEqual(ds)
    expect(colourDistance(await d.pixelAt(...point), ds[0].colour)).toBeLessThan(40)
    const inside: LonLat = [(poly[0][0] + poly[1][0]) / 2, poly[0][1] + 0.00002]
    expect(colourDistance(await d.pixelAt(...inside), ds[2].colour)).toBeLessThan(40)
    await openTool(d)
    expect(await d.page.getByTestId('draw-list').locator('li').count()).toBe(5)
    expect(d.pageErrors).toEqual([])
  })

  it('draws each kind by keyboard at the map centre, renames and deletes in the list', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d)
    const canvas = d.page.locator('.maplibregl-canvas')
    const centre = async (): Promise<LonLat> => {
      const h = await d.hashState()
      return [h.lon, h.lat]
    }
    await mode(d, 'point')
    await canvas.focus()
    await d.page.keyboard.press('Enter')
    await waitCount(d, 1)
    const c0 = await centre()
    await mode(d, 'line')
    await canvas.focus()
    await d.page.keyboard.press('Space')
    await d.afterMove(() => d.page.keyboard.press('ArrowRight'))
    await d.page.keyboard.press('Space')
    const c1 = await centre()
    await d.afterMove(() => d.page.keyboard.press('ArrowDown'))
    await d.page.keyboard.press('Space')
    await d.page.keyboard.press('Backspace')
    await d.page.waitForFunction(() => document.querySelector('[data-testid="draw-status"]')?.getAttribute('data-pending') === '2')
    await d.page.keyboard.press('Enter')
    await waitCount(d, 2)
    await mode(d, 'polygon')
    await canvas.focus()
    for (const key of ['ArrowUp', 'ArrowLeft', 'ArrowLeft']) {
      await d.page.keyboard.press('Space')
      await d.afterMove(() => d.page.keyboard.press(key))
    }
    await d.page.getByTestId('draw-finish').click()
    await waitCount(d, 3)
    await mode(d, 'circle')
    await d.page.getByTestId('draw-radius').fill('75')
    await canvas.focus()
    await d.page.keyboard.press('Enter')
    await waitCount(d, 4)
    const c3 = await centre()
    await mode(d, 'text')
    await d.page.getByTestId('draw-text').fill('Baumpflanzung')
    await d.page.getByTestId('draw-centre').click()
    await waitCount(d, 5)

    const ds = await stored(d)
    expect(ds.map((x) => x.kind)).toEqual(['point', 'line', 'polygon', 'circle', 'text'])
    // The URL rounds the centre to 4 decimals.
    expect(near(ds[0].geometry.coordinates as LonLat, c0, 2e-4)).toBe(true)
    expect(ds[1].geometry.coordinates).toHaveLength(2)
    expect(near((ds[1].geometry.coordinates as LonLat[])[1], c1, 2e-4)).toBe(true)
    expect(ring(ds[2])).toHaveLength(4)
    const circleCentre = ring(ds[3]).slice(0, -1).reduce((a, p) => [a[0] + p[0] / 64, a[1] + p[1] / 64], [0, 0]) as LonLat
    expect(near(circleCentre, c3, 2e-4)).toBe(true)
    for (const p of ring(ds[3])) expect(Math.abs(geodesicDistance(circleCentre, p) - 75)).toBeLessThan(0.5)
    expect(ds[4].label).toBe('Baumpflanzung')

    // The list: rows reachable by Tab, a rename and a delete, each undoable.
    const rows = d.page.getByTestId('draw-list').locator('li')
    expect(await rows.count()).toBe(5)
    await rows.nth(1).getByRole('textbox').fill('Leitungstrasse')
    await rows.nth(1).getByRole('textbox').press('Enter')
    await d.page.waitForFunction(() => JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[1].label === 'Leitungstrasse')
    await rows.nth(0).getByTestId('draw-delete').focus()
    await d.page.keyboard.press('Enter')
    await waitCount(d, 4)
    expect((await stored(d)).map((x) => x.kind)).toEqual(['line', 'polygon', 'circle', 'text'])
    // Delete on the map removes the selected drawing.
    await rows.nth(0).getByRole('button', { name: /Leitungstrasse/ }).click()
    await canvas.focus()
    await d.page.keyboard.press('Delete')
    await waitCount(d, 3)
    await d.page.getByTestId('draw-undo').click()
    await waitCount(d, 4)
    expect(d.pageErrors).toEqual([])
  })

  it('exports GeoJSON and KML that GDAL reads with the drawn geometries, re-imports them identically, reads GPX, and reports a broken file once', async () => {
    const d = await portal.open(START, DESKTOP)
    await openTool(d)
    for (const [m, keys] of [['point', ['Enter']], ['line', ['Space', 'ArrowRight', 'Space', 'ArrowUp', 'Space', 'Enter']], ['polygon', ['Space', 'ArrowLeft', 'Space', 'ArrowDown', 'Space', 'Enter']], ['circle', ['Enter']], ['text', ['Enter']]] as const) {
      await mode(d, m)
      await d.page.locator('.maplibregl-canvas').focus()
      for (const k of keys) {
        if (k.startsWith('Arrow')) await d.afterMove(() => d.page.keyboard.press(k))
        else await d.page.keyboard.press(k)
      }
    }
    await waitCount(d, 5)
    // A label with characters that need escaping in XML, and another colour.
    const rows = d.page.getByTestId('draw-list').locator('li')
    await rows.nth(2).getByRole('button').first().click()
    await d.page.getByTestId('draw-colour-blue').check()
    await rows.nth(2).getByRole('textbox').fill('Baufeld <A> & "B"')
    await rows.nth(2).getByRole('textbox').press('Enter')
    await d.page.waitForFunction(() => JSON.parse(localStorage.getItem('geoportal.drawings')!).drawings[2].label.startsWith('Baufeld'))
    const ds = await stored(d)
    expect(ds[2].colour).toBe('#0a5fb4')

    const files: Record<string, string> = {}
    for (const fmt of ['geojson', 'kml']) {
      const [download] = await Promise.all([d.page.waitForEvent('download'), d.page.getByTestId(`draw-export-${fmt}`).click()])
      files[fmt] = path.join(dir, download.suggestedFilename())
      await download.saveAs(files[fmt])
      expect(download.suggestedFilename()).toBe(`zeichnungen.${fmt}`)
      const features = gdalFeatures(files[fmt])
      expect(features).toHaveLength(5)
      features.forEach((f, i) => {
        expect(f.geometry.type).toBe(ds[i].geometry.type)
        expect(sameCoordinates(f.geometry.coordinates, ds[i].geometry.coordinates), `${fmt} feature ${i}`).toBe(true)
      })
      expect(features[2].properties[fmt === 'kml' ? 'Name' : 'label']).toBe('Baufeld <A> & "B"')
    }

    // Each file into a fresh page (another device): the same drawings, ids aside.
    for (const file of [files.geojson, files.kml]) {
      const e = await portal.open(START, DESKTOP)
      await openTool(e)
      await e.page.getByTestId('draw-import').setInputFiles(file)
      await waitCount(e, 5)
      expect(withoutIds(await stored(e))).toEqual(withoutIds(ds))
      await e.page.close()
    }

    // GPX from a GPS: a waypoint and a track.
    const gpx = path.join(dir, 'begehung.gpx')
    writeFileSync(gpx, `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="51.5712" lon="8.1061"><name>Start</name></wpt><trk><name>Weg</name><trkseg><trkpt lat="51.5712" lon="8.1061"/><trkpt lat="51.5720" lon="8.1075"/></trkseg></trk></gpx>`)
    await d.page.getByTestId('draw-import').setInputFiles(gpx)
    await waitCount(d, 7)
    const after = await stored(d)
    expect(after.slice(5).map((x) => [x.kind, x.label, x.geometry.coordinates])).toEqual([
      ['point', 'Start', [8.1061, 51.5712]],
      ['line', 'Weg', [[8.1061, 51.5712], [8.1075, 51.572]]],
    ])
    expect(await d.page.getByTestId('draw-status').innerText()).toBe('2 Zeichnungen aus „begehung.gpx“ importiert.')

    // A broken file: one message naming it and the problem; nothing lost.
    const importBroken = async (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content)
      await d.page.getByTestId('draw-import').setInputFiles(path.join(dir, name))
      await d.page.getByTestId('draw-status').getByText(name).waitFor()
      expect(await stored(d)).toEqual(after)
      return d.page.getByTestId('draw-status').innerText()
    }
    expect(await importBroken('kaputt.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[8.1,51.5]]},"properties":{}}]}')).toBe(
      '„kaputt.geojson“ kann nicht importiert werden: ungültige Geometrie (Objekt 1). Die vorhandenen Zeichnungen bleiben unverändert.',
    )
    expect(await importBroken('plan.kml', '<kml><Document><Placemark><Point><coordinates>8.1,51.5')).toContain('kein gültiges KML oder GPX')
    expect(d.pageErrors).toEqual([])
  })

  it('ignores corrupt storage with a message and starts empty', async () => {
    const d = await portal.open(START, DESKTOP)
    await d.page.evaluate(() => localStorage.setItem('geoportal.drawings', '{"format":"geoportal-drawings","version":1,"drawings":[{"id":"x"'))
    await d.page.reload()
    await d.waitForFirstView()
    await openTool(d)
    expect(await d.page.getByTestId('draw-status').innerText()).toContain('unlesbar')
    expect(await d.page.getByTestId('draw-status').getAttribute('data-count')).toBe('0')
    expect(d.pageErrors).toEqual([])
  })

  for (const [name, viewport] of [
    ['1280×800', DESKTOP],
    ['375×667', PHONE],
  ] as const) {
    it(`has no axe-core violations with drawings and the panel open at ${name}`, async () => {
      const d = await portal.open(START, viewport, { bypassCSP: true })
      await openTool(d)
      const canvas = d.page.locator('.maplibregl-canvas')
      const keys: [string, string[]][] = [
        ['polygon', ['ArrowDown', 'Space', 'ArrowRight', 'Space', 'ArrowUp', 'Space', 'Enter']],
        ['line', ['ArrowLeft', 'Space', 'ArrowLeft', 'Space', 'Enter']],
        ['point', ['ArrowUp', 'Enter']],
        ['text', ['ArrowRight', 'Enter']],
      ]
      for (const [m, ks] of keys) {
        await mode(d, m)
        await canvas.focus()
        for (const k of ks) {
          if (k.startsWith('Arrow')) await d.afterMove(() => d.page.keyboard.press(k))
          else await d.page.keyboard.press(k)
        }
      }
      await waitCount(d, 4)
      await d.page.getByTestId('draw-measure').check()
      const panel = (await d.page.getByTestId('tool-panel-draw').boundingBox())!
      expect(panel.x).toBeGreaterThanOrEqual(0)
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width)
      // Terra Draw re-renders on the next animation frame after a reload from the store.
      await d.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      await d.waitIdle()
      // The editor shows the shapes while the tool is open: the polygon's corner in its colour (on a phone the
      // panel covers it).
      const polygon = (await stored(d))[0]
      if (viewport === DESKTOP) expect(colourDistance(await d.pixelAt(...ring(polygon)[1]), polygon.colour)).toBeLessThan(60)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-draw-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      await d.switchLanguage('English')
      await d.page.getByText('Select and edit').waitFor()
      expect(await d.axeViolations()).toEqual([])
    })
  }
})
