// The print tool (issue #17) in a real browser, driven as a planner would: paper, orientation, scale typed,
// title and date typed, the frame moved by mouse, keyboard and buttons, the PDF downloaded and read with
// poppler-utils (pdfinfo, pdftotext, pdftoppm, pdfimages):
//  - page size (A4/A3) and orientation exact;
//  - title, date, scale text, attribution and the four corner coordinates as text, the corners equal to PROJ's
//    (cs2cs) EPSG:25832 coordinates of the frame the page shows;
//  - the scale is true: three points of a seeded layer, 100 m apart east–west and north–south on the UTM grid,
//    are 100 mm ± 0.5 mm apart in the PDF rendered at 600 dpi (1:1,000);
//  - the aerial photo's pixels are in the print (against the screen's pixels at the same places);
//  - a long print can be cancelled; the view exports as PNG; axe-core with the tool open at 1280×800 and 375×667.
// SCREENSHOTS=<dir> saves the tool at both sizes and the PDF's first page as PNG.
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Download } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { main } from '../../cli/main.ts'
import { makeDemo } from '../../scripts/make-demo.ts'
import { serialize, STORAGE_KEY } from '../../src/tools/draw/storage.ts'
import { DemoPortal, type PortalDriver } from './driver.ts'
import { cs2cs, oracleUnavailable, type LonLat } from './geodesyOracle.ts'
import { browserUnavailable } from './helper.ts'

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`])
    return true
  } catch {
    return false
  }
}
const unavailable =
  browserUnavailable() ?? oracleUnavailable() ?? (['pdfinfo', 'pdftotext', 'pdftoppm', 'pdfimages', 'ogr2ogr'].every(has) ? null : 'poppler-utils (pdfinfo, pdftotext, pdftoppm, pdfimages) or GDAL (ogr2ogr) missing')
if (unavailable) console.warn(`SKIPPED print tool browser tests: ${unavailable}`)

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 667 }
const MM_PER_PT = 25.4 / 72
/** The seeded points' colour (nothing else on the demo map is this magenta). */
const MAGENTA: [number, number, number] = [255, 0, 255]

/** Inverse of cs2cs: EPSG:25832 → lon/lat, by PROJ. */
function toLonLat(points: [number, number][]): LonLat[] {
  const out = execFileSync('cs2cs', ['-f', '%.10f', 'EPSG:25832', 'EPSG:4326'], { input: points.map((p) => `${p[0]} ${p[1]}`).join('\n') + '\n' }).toString()
  return out
    .trim()
    .split('\n')
    .map((l) => {
      const [lat, lon] = l.split(/\s+/).map(Number)
      return [lon, lat]
    })
}

async function openTool(d: PortalDriver) {
  await d.toggleTool('print')
  await d.page.getByTestId('print-frame').and(d.page.locator('[data-corners]')).waitFor()
}

async function frame(d: PortalDriver): Promise<{ corners: LonLat[]; centre: LonLat }> {
  const el = d.page.getByTestId('print-frame')
  return { corners: JSON.parse((await el.getAttribute('data-corners'))!), centre: JSON.parse((await el.getAttribute('data-centre'))!) }
}

async function setScale(d: PortalDriver, text: string) {
  const input = d.page.getByTestId('print-scale')
  await input.fill('')
  await input.pressSequentially(text)
}

/** Sets the sheet as a planner does: paper from the list, orientation and resolution by radio, scale and title typed. */
async function chooseSheet(d: PortalDriver, o: { paper: string; orientation: 'portrait' | 'landscape'; scale: string; dpi: 150 | 300; title: string }) {
  await d.page.getByTestId('print-paper').selectOption(o.paper)
  await d.page.getByTestId(`print-${o.orientation}`).check()
  await setScale(d, o.scale)
  await d.page.getByTestId(`print-dpi-${o.dpi}`).check()
  await d.page.getByTestId('print-title').fill(o.title)
}

/** Clicks "PDF erstellen", waits for the download and saves it. */
async function printPdf(d: PortalDriver, dir: string): Promise<{ file: string; download: Download }> {
  const [download] = await Promise.all([d.page.waitForEvent('download', { timeout: 110_000 }), d.page.getByTestId('print-pdf').click()])
  const file = path.join(dir, download.suggestedFilename())
  await download.saveAs(file)
  await d.page.waitForSelector('[data-testid="print-status"][data-state="done"]')
  return { file, download }
}

function pageSizeMm(file: string): { w: number; h: number } {
  const info = execFileSync('pdfinfo', [file]).toString()
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!
  return { w: +m[1] * MM_PER_PT, h: +m[2] * MM_PER_PT }
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-']).toString()

/** Connected blobs of pixels near a colour, as centroids (pixels), largest first. */
function blobs(png: PNG, colour: [number, number, number], tol = 60): { x: number; y: number; n: number }[] {
  const { width, height, data } = png
  const hit = new Uint8Array(width * height)
  for (let i = 0; i < width * height; i++) {
    if (Math.abs(data[i * 4] - colour[0]) <= tol && Math.abs(data[i * 4 + 1] - colour[1]) <= tol && Math.abs(data[i * 4 + 2] - colour[2]) <= tol) hit[i] = 1
  }
  const out: { x: number; y: number; n: number }[] = []
  for (let i = 0; i < hit.length; i++) {
    if (hit[i] !== 1) continue
    let sx = 0
    let sy = 0
    let n = 0
    const stack = [i]
    hit[i] = 2
    while (stack.length) {
      const j = stack.pop()!
      const x = j % width
      const y = (j - x) / width
      sx += x
      sy += y
      n++
      for (const k of [j - 1, j + 1, j - width, j + width]) {
        if (k >= 0 && k < hit.length && hit[k] === 1 && Math.abs((k % width) - x) <= 1) {
          hit[k] = 2
          stack.push(k)
        }
      }
    }
    out.push({ x: sx / n + 0.5, y: sy / n + 0.5, n })
  }
  return out.sort((a, b) => b.n - a.n)
}

describe.skipIf(!!unavailable)('print tool', () => {
  let portal: DemoPortal
  let tmp: string
  /** The seeded points on the UTM grid: A, A + 100 m east, A + 100 m north. */
  let grid: [number, number][]
  let lonLat: LonLat[]
  let start: string

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-print-'))
    await makeDemo(path.join(tmp, 'data'))
    // A place in Soest, rounded to the metre on the grid, away from the aerial photo.
    const [[e, n]] = cs2cs('EPSG:25832', [[8.095, 51.566]])
    const a: [number, number] = [Math.round(e), Math.round(n)]
    grid = [a, [a[0] + 100, a[1]], [a[0], a[1] + 100]]
    const gj = path.join(tmp, 'punkte.geojson')
    await fs.writeFile(gj, JSON.stringify({ type: 'FeatureCollection', features: grid.map((c, i) => ({ type: 'Feature', properties: { name: `P${i}` }, geometry: { type: 'Point', coordinates: c } })) }))
    const fgb = path.join(tmp, 'punkte.fgb')
    execFileSync('ogr2ogr', ['-f', 'FlatGeobuf', '-a_srs', 'EPSG:25832', fgb, gj])
    const style = path.join(tmp, 'style.json')
    await fs.writeFile(style, JSON.stringify({ color: '#ff00ff', strokeColor: '#ff00ff', strokeWidth: 0, radius: 5, opacity: 1 }))
    const log = console.log
    console.log = () => {}
    const code = await main(['publish', fgb, '--catalog', path.join(tmp, 'data'), '--id', 'print-punkte', '--title', 'Prüfpunkte (100 m)', '--style', style])
    console.log = log
    expect(code).toBe(0)
    lonLat = toLonLat(grid)
    const mid = toLonLat([[a[0] + 50, a[1] + 50]])[0]
    start = `#map=17/${mid[1].toFixed(6)}/${mid[0].toFixed(6)}&layers=print-punkte`
    portal = await DemoPortal.start(inject('appDir'), path.join(tmp, 'data'))
  })
  afterAll(async () => {
    await portal?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('prints A4 landscape at 1:1,000 to scale: 100 m on the UTM grid are 100 mm ± 0.5 mm, with title, date, scale, sources and PROJ corners as text', async () => {
    const d = await portal.open(start, DESKTOP)
    await openTool(d)
    await chooseSheet(d, { paper: 'A4', orientation: 'landscape', scale: '1:1000', dpi: 300, title: 'Prüfplan Süd – Maßstab' })
    await d.page.getByTestId('print-subtitle').fill('Straßenbäume und Grünflächen')
    await d.page.getByTestId('print-date').fill('2026-12-07')
    await d.page.getByTestId('print-crosses').check()
    const f = await frame(d)
    const { file } = await printPdf(d, tmp)
    expect(path.basename(file)).toBe('geoportal-soest_pruefplan-sued-massstab_1-1000_A4-quer_2026-12-07.pdf')
    // The frame reached out of the view, so the map was fitted to it first (its streamed layers load for the view):
    // to the frame, not to the whole world (bounds west–east the right way round).
    expect((await d.hashState()).zoom).toBeGreaterThan(15)

    // Page: A4 landscape, exact to 0.01 mm.
    const size = pageSizeMm(file)
    expect(size.w).toBeCloseTo(297, 2)
    expect(size.h).toBeCloseTo(210, 2)

    // Text: real, searchable, with umlauts.
    const text = pdfText(file)
    expect(text).toContain('Prüfplan Süd – Maßstab')
    expect(text).toContain('Straßenbäume und Grünflächen')
    expect(text).toContain('7.12.2026')
    expect(text).toContain('Maßstab 1:1.000')
    expect(text).toContain('Demodaten Geoportal Soest (synthetisch)')
    expect(text).toContain('Prüfpunkte (100 m)')
    expect(text).toContain('EPSG:25832')
    // The grid north note wraps in its column: read in reading order (no -layout), spaces joined.
    const flowing = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ')
    expect(flowing).toMatch(/Gitternord \(GN, UTM 32\) weicht in Blattmitte um 0,\d\d° nach Westen ab/)
    // The four corners, NW NE / SW SE as printed, against PROJ for the frame's lon/lat corners.
    const printed = [...text.matchAll(/E (\d+,\d\d)\s+N (\d+,\d\d)/g)].map((m) => [Number(m[1].replace(',', '.')), Number(m[2].replace(',', '.'))])
    expect(printed).toHaveLength(4)
    const [nw, ne, se, sw] = cs2cs('EPSG:25832', f.corners)
    for (const [got, want] of [
      [printed[0], nw],
      [printed[1], ne],
      [printed[2], sw],
      [printed[3], se],
    ]) {
      expect(Math.abs(got[0] - want[0])).toBeLessThanOrEqual(0.011)
      expect(Math.abs(got[1] - want[1])).toBeLessThanOrEqual(0.011)
    }
    // The frame's width on the grid is the map's 277 mm at 1:1,000 (the sides run 0.7° off the grid lines).
    expect(Math.hypot(ne[0] - nw[0], ne[1] - nw[1])).toBeCloseTo(277, 0)

    // The scale, measured: the page rendered at 600 dpi, the magenta dots' centres.
    const dpi = 600
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, path.join(tmp, 'page-a4')])
    const png = PNG.sync.read(readFileSync(path.join(tmp, 'page-a4.png')))
    if (process.env.SCREENSHOTS) execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, path.join(process.env.SCREENSHOTS, 'tools-print-pdf-a4')])
    // The map's dots (the legend's magenta swatch lies in the footer, below the map).
    const dots = blobs(png, MAGENTA).filter((b) => b.n > 50 && (b.y / dpi) * 25.4 < 150)
    expect(dots).toHaveLength(3)
    expect(blobs(png, MAGENTA).filter((b) => b.n > 50)).toHaveLength(4)
    // A is the lower left one, B east of it, C north of it.
    const byX = [...dots].sort((p, q) => p.x - q.x)
    const east = byX[2]
    const [a, north] = byX.slice(0, 2).sort((p, q) => q.y - p.y)
    const mm = (p: { x: number; y: number }, q: { x: number; y: number }) => (Math.hypot(p.x - q.x, p.y - q.y) / dpi) * 25.4
    console.log(`print 1:1000: A–B (100 m east) ${mm(a, east).toFixed(3)} mm, A–C (100 m north) ${mm(a, north).toFixed(3)} mm`)
    expect(Math.abs(mm(a, east) - 100)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(mm(a, north) - 100)).toBeLessThanOrEqual(0.5)
    // Tighter than the issue asks: Web Mercator's north–south stretch (+0.26 % at Soest) alone would be 0.26 mm.
    expect(Math.abs(mm(a, east) - 100)).toBeLessThanOrEqual(0.15)
    expect(Math.abs(mm(a, north) - 100)).toBeLessThanOrEqual(0.15)
    // The UTM grid is turned against true north: B lies a little higher on the sheet than A (convergence −0.7°).
    const angle = (Math.atan2(a.y - east.y, east.x - a.x) * 180) / Math.PI
    expect(angle).toBeGreaterThan(0.5)
    expect(angle).toBeLessThan(0.9)
    expect(lonLat).toHaveLength(3)
    expect(d.pageErrors).toEqual([])
  })

  it('prints A3 portrait with the aerial photo: its pixels are in the print, as on the screen', async () => {
    // The photo's middle (demo-luftbild covers about 320 × 320 m).
    const [lon, lat] = [8.10534, 51.57366]
    const d = await portal.open(`#map=17/${lat}/${lon}&layers=demo-luftbild`, DESKTOP)
    const places: LonLat[] = [
      [lon, lat],
      [8.1042, 51.5735],
      [8.1065, 51.5742],
      [8.1048, 51.5729],
      [8.1061, 51.5731],
    ]
    // Screen pixels at a few places of the photo, before the panel covers part of the map.
    const screen: number[][] = []
    for (const p of places) screen.push(await d.pixelAt(...p))
    await openTool(d)
    await chooseSheet(d, { paper: 'A3', orientation: 'portrait', scale: '1:2.500', dpi: 150, title: 'Luftbild' })
    const f = await frame(d)
    const { file } = await printPdf(d, tmp)
    const size = pageSizeMm(file)
    expect(size.w).toBeCloseTo(297, 2)
    expect(size.h).toBeCloseTo(420, 2)
    expect(pdfText(file)).toContain('Maßstab 1:2.500')
    // The map image, as the PDF holds it (one JPEG at this size), and the places in it from the frame's corners.
    const prefix = path.join(tmp, 'img-a3')
    execFileSync('pdfimages', ['-png', file, prefix])
    const images = (await fs.readdir(tmp)).filter((n) => n.startsWith('img-a3'))
    expect(images).toHaveLength(1)
    const img = PNG.sync.read(readFileSync(path.join(tmp, images[0])))
    const merc = (p: LonLat) => [p[0], Math.log(Math.tan(Math.PI / 4 + (p[1] * Math.PI) / 360))]
    const [nw, , se] = f.corners.map(merc)
    for (const [i, p] of places.entries()) {
      const m = merc(p)
      const x = Math.round(((m[0] - nw[0]) / (se[0] - nw[0])) * img.width)
      const y = Math.round(((nw[1] - m[1]) / (nw[1] - se[1])) * img.height)
      const k = (y * img.width + x) * 4
      const got = [img.data[k], img.data[k + 1], img.data[k + 2]]
      const diff = Math.max(...got.map((v, c) => Math.abs(v - screen[i][c])))
      expect(diff, `place ${i}: print ${got} screen ${screen[i].slice(0, 3)}`).toBeLessThan(40)
    }
  })

  it('prints the drawings kept on this device (the drawing tool closed)', async () => {
    // A 40 m square drawn in cyan (nothing else on the demo map or the sheet is cyan), stored as the drawing tool
    // stores it, around the middle of the seeded points.
    const [a] = grid
    const ring = toLonLat([[a[0] + 30, a[1] + 30], [a[0] + 70, a[1] + 30], [a[0] + 70, a[1] + 70], [a[0] + 30, a[1] + 70], [a[0] + 30, a[1] + 30]])
    const stored = serialize({ showMeasurements: false, drawings: [{ id: 'd1', kind: 'polygon', geometry: { type: 'Polygon', coordinates: [ring] }, colour: '#00ffff', width: 6, label: 'Baufeld' }] })
    const d = await portal.open(start, DESKTOP)
    await d.page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, stored] as const)
    await d.page.reload()
    await d.page.waitForSelector('[data-testid="map"][data-idle="true"]', { timeout: 60_000 })
    await openTool(d)
    await chooseSheet(d, { paper: 'A4', orientation: 'landscape', scale: '1:1000', dpi: 150, title: 'Mit Zeichnung' })
    const { file } = await printPdf(d, tmp)
    const page = path.join(tmp, 'drawing-page')
    execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, page])
    const png = PNG.sync.read(readFileSync(`${page}.png`))
    const cyan = blobs(png, [0, 255, 255], 40)
    // The square's outline: 40 m at 1:1,000 = 40 mm ≈ 157 px at 100 dpi a side, drawn 6 px wide.
    const outline = cyan[0]
    expect(outline?.n ?? 0).toBeGreaterThan(4 * 100)
    await d.page.evaluate((key) => localStorage.removeItem(key), STORAGE_KEY)
  })

  it('moves the frame by mouse (the map stays), Shift + arrows on the map and the buttons', async () => {
    const d = await portal.open(start, DESKTOP)
    await openTool(d)
    await setScale(d, '1:1000')
    const before = await frame(d)
    const hash = await d.page.evaluate(() => location.hash)
    // Drag from the frame's middle 120 px right and 60 px down.
    const c = await d.screenPoint(...before.centre)
    await d.page.mouse.move(c.x, c.y)
    await d.page.mouse.down()
    await d.page.mouse.move(c.x + 120, c.y + 60, { steps: 10 })
    await d.page.mouse.up()
    await d.page.waitForFunction((b) => document.querySelector('[data-testid="print-frame"]')?.getAttribute('data-centre') !== b, JSON.stringify(before.centre))
    const dragged = await frame(d)
    const moved = await d.screenPoint(...dragged.centre)
    expect(Math.abs(moved.x - c.x - 120)).toBeLessThan(2)
    expect(Math.abs(moved.y - c.y - 60)).toBeLessThan(2)
    expect(await d.page.evaluate(() => location.hash)).toBe(hash)
    // Shift + → on the focused map: a tenth of the frame's width east.
    const [nw, ne] = cs2cs('EPSG:25832', dragged.corners)
    await d.page.locator('.maplibregl-canvas').focus()
    await d.page.keyboard.press('Shift+ArrowRight')
    await d.page.waitForFunction((b) => document.querySelector('[data-testid="print-frame"]')?.getAttribute('data-centre') !== b, JSON.stringify(dragged.centre))
    const keyed = await frame(d)
    const [k0] = cs2cs('EPSG:25832', [dragged.centre, keyed.centre])
    const [g0, g1] = cs2cs('EPSG:25832', [dragged.centre, keyed.centre])
    expect(Math.hypot(g1[0] - g0[0], g1[1] - g0[1])).toBeCloseTo(Math.hypot(ne[0] - nw[0], ne[1] - nw[1]) / 10, 0)
    expect(k0).toEqual(g0)
    expect(await d.page.evaluate(() => location.hash)).toBe(hash)
    // The button "north", and back to the map centre.
    await d.page.getByTestId('print-move-north').click()
    await d.page.waitForFunction((b) => document.querySelector('[data-testid="print-frame"]')?.getAttribute('data-centre') !== b, JSON.stringify(keyed.centre))
    expect((await frame(d)).centre[1]).toBeGreaterThan(keyed.centre[1])
    // "In Kartenmitte": the middle of the map's part right of the panel.
    const north = await frame(d)
    await d.page.getByTestId('print-centre').click()
    await d.page.waitForFunction((b) => document.querySelector('[data-testid="print-frame"]')?.getAttribute('data-centre') !== b, JSON.stringify(north.centre))
    const panel = (await d.page.getByTestId('tool-panel-print').boundingBox())!
    const box = (await d.page.getByTestId('map').boundingBox())!
    const centred = await d.screenPoint(...(await frame(d)).centre)
    expect(Math.abs(centred.x - (panel.x + panel.width + box.x + box.width) / 2)).toBeLessThan(2)
    expect(Math.abs(centred.y - (box.y + box.height / 2))).toBeLessThan(2)
    // A scale out of range is refused with a message, and no PDF can be made.
    await setScale(d, '1:100')
    await expect(d.page.getByRole('alert').innerText()).resolves.toMatch(/1:500 und 1:50.000/)
    expect(await d.page.getByTestId('print-pdf').isDisabled()).toBe(true)
  })

  it('shows the progress of a long print and cancels it', async () => {
    const d = await portal.open(start, DESKTOP)
    await openTool(d)
    await d.page.getByTestId('print-paper').selectOption('A1')
    await setScale(d, '1:5000')
    await d.page.getByTestId('print-dpi-300').check()
    let downloaded = false
    d.page.on('download', () => (downloaded = true))
    await d.page.getByTestId('print-pdf').click()
    await d.page.waitForSelector('[data-testid="print-status"][data-state="running"] progress')
    await d.page.getByTestId('print-cancel').click()
    await d.page.waitForSelector('[data-testid="print-status"][data-state="cancelled"]')
    expect(await d.page.getByTestId('print-status').innerText()).toContain('Druck abgebrochen')
    // No hidden map is left behind, and the panel can print again.
    await d.page.waitForTimeout(500)
    expect(downloaded).toBe(false)
    expect(await d.page.locator('.maplibregl-map').count()).toBe(1)
    expect(await d.page.getByTestId('print-pdf').isEnabled()).toBe(true)
  })

  it('exports the view as a PNG of the map’s size', async () => {
    const d = await portal.open(start, DESKTOP)
    await openTool(d)
    const [download] = await Promise.all([d.page.waitForEvent('download'), d.page.getByTestId('print-png').click()])
    expect(download.suggestedFilename()).toMatch(/^geoportal-soest_geoportal-soest_\d{4}-\d\d-\d\d\.png$/)
    const file = path.join(tmp, 'view.png')
    await download.saveAs(file)
    const png = PNG.sync.read(readFileSync(file))
    const canvas = await d.page.locator('.maplibregl-canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height])
    expect([png.width, png.height]).toEqual(canvas)
    // The seeded points are in it (the picture is the map, not an empty buffer).
    expect(blobs(png, MAGENTA).filter((b) => b.n > 10).length).toBe(3)
  })

  for (const [name, viewport] of [
    ['1280×800', DESKTOP],
    ['375×667', PHONE],
  ] as const) {
    it(`has no axe-core violations with the tool open at ${name}, German and English`, async () => {
      const d = await portal.open(start, viewport, { bypassCSP: true })
      await openTool(d)
      // "Ganzen Rahmen zeigen" brings the whole frame into view (on the phone A4 at 1:1,000 is wider than the screen).
      await d.afterMove(() => d.page.getByTestId('print-show-all').click())
      const f = await frame(d)
      const m = (await d.page.getByTestId('map').boundingBox())!
      const [a, b] = [await d.screenPoint(...f.corners[0]), await d.screenPoint(...f.corners[2])]
      expect(a.x).toBeGreaterThanOrEqual(m.x)
      expect(a.y).toBeGreaterThanOrEqual(m.y)
      expect(b.x).toBeLessThanOrEqual(m.x + m.width)
      expect(b.y).toBeLessThanOrEqual(m.y + m.height)
      // … and fills the free map (west–east bounds the right way round: not a map of the whole world).
      expect(b.x - a.x).toBeGreaterThan(m.width * (viewport === PHONE ? 0.8 : 0.4))
      const panel = (await d.page.getByTestId('tool-panel-print').boundingBox())!
      expect(panel.x).toBeGreaterThanOrEqual(0)
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width)
      if (process.env.SCREENSHOTS) await d.page.screenshot({ path: path.join(process.env.SCREENSHOTS, `tools-print-${viewport.width}.png`) })
      expect(await d.axeViolations()).toEqual([])
      // An invalid scale shows its message, which must pass too.
      await setScale(d, 'abc')
      await d.page.getByRole('alert').waitFor()
      expect(await d.axeViolations()).toEqual([])
      await d.switchLanguage('English')
      await d.page.getByText('Create PDF').waitFor()
      expect(await d.axeViolations()).toEqual([])
    })
  }
})
