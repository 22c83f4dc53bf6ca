// Print to PDF (issue #17): an A3 landscape sheet at 1:5,000 and 300 dpi with the demo base map, a vector layer
// (demo-bezirke) and a raster (demo-luftbild), made in headless Chromium by the print tool as a planner starts it
// (the panel's button), timed from the click to the finished download; the PDF's size and pages checked with
// pdfinfo. The page reports how the time splits (hidden map render, PDF writing) in data attributes of the status.
// Baseline in the same runs: the portal's first view of the same place (what drawing one screen costs here), as
// the ratio print / first view.
// Usage: npm run bench -- print [runs=3]
import { execFileSync } from 'node:child_process'
import { promises as fs, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../cli/commands/build.ts'
import { makeSite, PortalDriver, repoPath } from '../test/browser/driver.ts'
import { launchBrowser, serveSite } from '../test/browser/helper.ts'

const runs = Number(process.argv[2] ?? 3) || 3
const START = '#map=15/51.5737/8.1053&layers=demo-bezirke,demo-luftbild'
const VIEWPORT = { width: 1280, height: 800 }
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-print-'))
const app = path.join(tmp, 'app')
await buildApp(app)
const site = path.join(tmp, 'site')
await makeSite(app, repoPath('data'), site)
const server = await serveSite(site)
const browser = await launchBrowser()
const total: number[] = []
const render: number[] = []
const pdf: number[] = []
const firstView: number[] = []
const sizes: number[] = []
let pixels = 0
let tiles = 0
try {
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now()
    const d = await PortalDriver.open(browser, server.url, START, VIEWPORT)
    firstView.push(Date.now() - t0)
    await d.page.getByTestId('tool-print').click()
    await d.page.getByTestId('print-paper').selectOption('A3')
    await d.page.getByTestId('print-landscape').check()
    await d.page.getByTestId('print-scale').fill('1:5000')
    await d.page.getByTestId('print-dpi-300').check()
    await d.page.locator('[data-testid="print-frame"][data-corners]').waitFor()
    const t1 = Date.now()
    const [download] = await Promise.all([d.page.waitForEvent('download', { timeout: 600_000 }), d.page.getByTestId('print-pdf').click()])
    const file = path.join(tmp, `run-${i}.pdf`)
    await download.saveAs(file)
    total.push(Date.now() - t1)
    const status = d.page.locator('[data-testid="print-status"][data-state="done"]')
    await status.waitFor()
    render.push(Number(await status.getAttribute('data-render-ms')))
    pdf.push(Number(await status.getAttribute('data-pdf-ms')))
    pixels = Number(await status.getAttribute('data-pixels'))
    tiles = Number(await status.getAttribute('data-tiles'))
    sizes.push(statSync(file).size)
    const info = execFileSync('pdfinfo', [file]).toString()
    if (!/Pages:\s+1\b/.test(info) || !/Page size:\s+1190\.55 x 841\.89 pts/.test(info)) throw new Error(`unexpected PDF: ${info}`)
    await d.close()
  }
} finally {
  await browser.close()
  await server.close()
}
const result = {
  bench: 'print',
  sheet: 'A3 landscape',
  scale: 5000,
  dpi: 300,
  layers: ['basemap demo', 'demo-bezirke', 'demo-luftbild'],
  runs,
  megapixels: Math.round(pixels / 1e4) / 100,
  tiles,
  totalMs: { median: median(total), runs: total },
  renderMs: median(render),
  pdfMs: median(pdf),
  pdfMb: Math.round(median(sizes) / 1e4) / 100,
  firstViewMs: median(firstView),
  ratioToFirstView: Math.round((median(total) / median(firstView)) * 10) / 10,
  load: Math.round(os.loadavg()[0] * 100) / 100,
}
console.log(
  `A3 landscape 1:5,000 300 dpi: ${result.megapixels} MP in ${tiles} tiles; total ${result.totalMs.median} ms (render ${result.renderMs}, PDF ${result.pdfMs}); PDF ${result.pdfMb} MB; first view ${result.firstViewMs} ms`,
)
console.log(JSON.stringify(result))
await fs.rm(tmp, { recursive: true, force: true })
