// Frame times while panning and zooming with a dense point layer and a polygon layer on (issue #15): the portal
// against a plain MapLibre page that shows the same features from preloaded GeoJSON sources, same run, same
// machine, same scripted path (mouse drags and wheel zooms), frame times from requestAnimationFrame deltas in
// the page. Data: seeded NRW-like schools (5,507 points) and municipalities (396 polygons) published into a
// temporary catalog (bench/_nrw-like.ts); with --real, the real files from ../shared/data by path.
// Usage: npm run bench -- pan [runs=5] [--real]
import { promises as fs, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { Browser, Page } from 'playwright-core'
import { buildApp, copyCatalog } from '../cli/commands/build.ts'
import { main } from '../cli/main.ts'
import type { Catalog, VectorLayerEntry } from '../src/model/catalog.ts'
import { transformGeometry, type Geometry } from '../src/projection/geometry.ts'
import { Projections } from '../src/projection/registry.ts'
import { styleLayers } from '../src/map/style.ts'
import { launchBrowser, serveSite } from '../test/browser/helper.ts'
import { fgbInput, municipalities, schools } from './_nrw-like.ts'

const args = process.argv.slice(2)
const real = args.includes('--real')
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 5)
/** --profile: a CPU profile of each page's main thread during the path; the top functions by self time are printed. */
const profile = args.includes('--profile')
const root = fileURLToPath(new URL('..', import.meta.url))
const sharedVector = path.resolve(root, '../shared/data/vector')
const VIEWPORT = { width: 1280, height: 800 }
/** The whole state in view at the start (as a citizen opening the layers sees it). */
const START = { zoom: 7.4, lat: 51.47, lon: 7.55 }
const SETTLE_MS = 400

const PLAIN_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">
<style>html,body{margin:0;height:100%}#map{position:absolute;left:0;top:0}</style></head><body><div id="map"></div>
<script type="module" src="plain-pan.js"></script></body></html>`

// Same style layers as the portal (src/map/style.ts), each layer's features from one preloaded GeoJSON source.
const PLAIN_SCRIPT = `
import * as maplibregl from './maplibre-gl.mjs';
maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);
const p = new URLSearchParams(location.hash.slice(1));
const [z, lat, lon] = p.get('map').split('/').map(Number);
const el = document.getElementById('map');
el.style.left = p.get('x') + 'px'; el.style.top = p.get('y') + 'px';
el.style.width = p.get('w') + 'px'; el.style.height = p.get('h') + 'px';
const style = await (await fetch('plain-style.json')).json();
const map = new maplibregl.Map({ container: 'map', center: [lon, lat], zoom: z, style, maxPitch: 0, dragRotate: false });
map.on('error', (e) => { window.__bench = { error: String(e.error && e.error.message || e) } });
map.on('idle', () => { if (!window.__bench && Object.keys(style.sources).every((s) => map.isSourceLoaded(s))) window.__bench = { ready: true, t: performance.now() } });
`

/** rAF deltas while window.__rec is true. */
const RECORDER = `
window.__frames = []; window.__rec = false;
let last = 0;
const tick = (t) => { if (window.__rec) { if (last) window.__frames.push(t - last); last = t } else last = 0; requestAnimationFrame(tick) };
requestAnimationFrame(tick);
`

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** The scripted path: drags and wheel zooms inside the map box, identical on both pages. */
async function path_(page: Page, box: Box) {
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const drag = async (dx: number, dy: number) => {
    await page.mouse.move(cx - dx / 2, cy - dy / 2)
    await page.mouse.down()
    await page.mouse.move(cx + dx / 2, cy + dy / 2, { steps: 16 })
    await page.mouse.up()
    await page.waitForTimeout(SETTLE_MS)
  }
  const zoom = async (notches: number, at: [number, number] = [0, 0]) => {
    await page.mouse.move(cx + at[0], cy + at[1])
    for (let i = 0; i < Math.abs(notches); i++) {
      await page.mouse.wheel(0, notches < 0 ? -120 : 120)
      await page.waitForTimeout(40)
    }
    await page.waitForTimeout(SETTLE_MS)
  }
  // The state: pan around, then into a region, pan there, zoom to a town, pan, and back out.
  await drag(-300, 0)
  await drag(200, -150)
  await drag(100, 150)
  await zoom(-4, [100, -50])
  await drag(-350, 100)
  await drag(300, -200)
  await zoom(-5, [-80, 40])
  await drag(-300, -100)
  await drag(250, 200)
  await drag(-150, 150)
  await zoom(-4, [50, 50])
  await drag(300, 0)
  await drag(-200, -200)
  await zoom(6, [0, 0])
  await drag(250, 150)
  await zoom(7, [0, 0])
  await drag(-300, -50)
}

interface FrameStats {
  frames: number
  median: number
  p95: number
  max: number
  over50: number
  zoomEnd: number
}

const quantile = (v: number[], q: number) => {
  const s = [...v].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}
const median = (v: number[]) => quantile(v, 0.5)
const round1 = (v: number) => Math.round(v * 10) / 10

async function measure(browser: Browser, url: string, mapSelector: string, box?: Box): Promise<FrameStats & { box: Box }> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true })
  await context.addInitScript(RECORDER)
  const page = await context.newPage()
  try {
    await page.goto(url)
    const h = await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, { timeout: 60_000 })
    const v = (await h.jsonValue()) as { error?: string }
    if (v.error) throw new Error(v.error)
    await page.waitForTimeout(500)
    const mapBox = box ?? (await page.locator(mapSelector).boundingBox())!
    const cdp = profile ? await context.newCDPSession(page) : null
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    await page.evaluate(() => ((window as unknown as { __rec: boolean }).__rec = true))
    await path_(page, mapBox)
    await page.evaluate(() => ((window as unknown as { __rec: boolean }).__rec = false))
    if (cdp) printProfile(url, (await cdp.send('Profiler.stop')).profile as unknown as CpuProfile)
    const frames = (await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)) as number[]
    const zoomEnd = await page.evaluate(() => {
      const m = /map=([\d.]+)/.exec(location.hash)
      return m ? Number(m[1]) : NaN
    })
    return { frames: frames.length, median: round1(median(frames)), p95: round1(quantile(frames, 0.95)), max: round1(Math.max(...frames)), over50: frames.filter((f) => f > 50).length, zoomEnd, box: mapBox }
  } finally {
    await context.close()
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function (ms), the 25 largest: where the page's main thread spends the path. */
function printProfile(url: string, p: CpuProfile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000)
  })
  const total = [...self.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0)
  console.log(`profile ${url.split('#')[0]}: ${Math.round(total)} ms busy`)
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`)
}

async function publish(catalog: string, file: string, id: string, title: string, style?: object) {
  const extra: string[] = []
  if (style) {
    const s = path.join(path.dirname(catalog), `${id}.style.json`)
    await fs.writeFile(s, JSON.stringify(style))
    extra.push('--style', s)
  }
  const log = console.log
  console.log = () => {}
  const code = await main(['publish', file, '--catalog', catalog, '--id', id, '--title', title, '--allow-outside-area', ...extra])
  console.log = log
  if (code !== 0) throw new Error(`publish ${file} failed`)
}

/** A layer's published FlatGeobuf as lon/lat GeoJSON (what the plain page preloads). */
async function geojsonOf(site: string, entry: VectorLayerEntry): Promise<string> {
  const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
  const features: object[] = []
  let id = 0
  for await (const f of deserialize(new Uint8Array(await fs.readFile(path.join(site, entry.href))))) {
    const g = f.geometry as unknown as Geometry
    transformGeometry(g, toLonLat)
    features.push({ type: 'Feature', id: id++, geometry: g, properties: f.properties })
  }
  return JSON.stringify({ type: 'FeatureCollection', features })
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-pan-'))
const browser = await launchBrowser()
try {
  const catalog = path.join(dir, 'catalog')
  const pointStyle = { color: '#0072B2', strokeColor: '#ffffff', strokeWidth: 1, radius: 5, opacity: 0.9 }
  const polygonStyle = { color: '#D55E00', strokeColor: '#D55E00', strokeWidth: 1.5, opacity: 0.2, label: 'GEN' }
  if (real) {
    if (!existsSync(path.join(sharedVector, 'nrw_schulen_25832.fgb'))) throw new Error(`--real needs ${sharedVector}`)
    await publish(catalog, path.join(sharedVector, 'nrw_gemeinden_25832.fgb'), 'gemeinden', 'Gemeinden NRW', polygonStyle)
    await publish(catalog, path.join(sharedVector, 'nrw_schulen_25832.fgb'), 'schulen', 'Schulen NRW', pointStyle)
  } else {
    const inputs = path.join(dir, 'inputs')
    await fs.mkdir(inputs)
    await fs.writeFile(path.join(inputs, 'gemeinden.fgb'), fgbInput(municipalities()))
    await fs.writeFile(path.join(inputs, 'schulen.fgb'), fgbInput(schools()))
    await publish(catalog, path.join(inputs, 'gemeinden.fgb'), 'gemeinden', 'Gemeinden NRW', polygonStyle)
    await publish(catalog, path.join(inputs, 'schulen.fgb'), 'schulen', 'Schulen NRW', pointStyle)
  }
  const site = path.join(dir, 'site')
  await buildApp(site)
  const cat: Catalog = await copyCatalog(catalog, site, false)
  const entries = ['gemeinden', 'schulen'].map((id) => cat.layers.find((l) => l.id === id) as VectorLayerEntry)
  // The plain page: each layer's GeoJSON preloaded, the portal's own style layers (labels on the polygons).
  const sources: Record<string, object> = {}
  const layers: object[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f3ef' } }]
  for (const e of entries) {
    await fs.writeFile(path.join(site, `${e.id}.geojson`), await geojsonOf(site, e))
    sources[`src-${e.id}`] = { type: 'geojson', data: `${e.id}.geojson` }
    // Without the portal's separate label-point source: labels from the polygons themselves.
    layers.push(...styleLayers({ ...e, geometryType: e.geometryType }, `src-${e.id}`).map((l) => ({ ...l, source: `src-${e.id}` })))
  }
  await fs.writeFile(path.join(site, 'plain-style.json'), JSON.stringify({ version: 8, sources, layers }))
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) await fs.copyFile(path.join(root, 'node_modules/maplibre-gl/dist', f), path.join(site, f))
  await fs.writeFile(path.join(site, 'plain.html'), PLAIN_PAGE)
  await fs.writeFile(path.join(site, 'plain-pan.js'), PLAIN_SCRIPT)
  const server = await serveSite(site)
  const view = `map=${START.zoom}/${START.lat}/${START.lon}`
  const portal: FrameStats[] = []
  const plain: FrameStats[] = []
  try {
    for (let r = 0; r < runs; r++) {
      const p = await measure(browser, `${server.url}?bench#${view}&layers=gemeinden,schulen`, '[data-testid="map"]')
      const b = p.box
      const q = await measure(browser, `${server.url}plain.html#${view}&x=${b.x}&y=${b.y}&w=${b.width}&h=${b.height}`, '#map', b)
      portal.push(p)
      plain.push(q)
      console.log(`run ${r + 1}: portal median ${p.median} ms, p95 ${p.p95} ms (${p.frames} frames, ${p.over50} > 50 ms, end zoom ${p.zoomEnd}) · plain median ${q.median} ms, p95 ${q.p95} ms (${q.frames} frames, ${q.over50} > 50 ms) · p95 ratio ${(p.p95 / q.p95).toFixed(2)}`)
    }
  } finally {
    await server.close()
  }
  const ratios = portal.map((p, i) => p.p95 / plain[i].p95)
  const medianRatios = portal.map((p, i) => p.median / plain[i].median)
  const summary = (s: FrameStats[]) => ({ medianMs: round1(median(s.map((x) => x.median))), p95Ms: round1(median(s.map((x) => x.p95))), maxMs: round1(median(s.map((x) => x.max))), framesOver50: median(s.map((x) => x.over50)), frames: median(s.map((x) => x.frames)) })
  const p95Ratio = +median(ratios).toFixed(2)
  console.log(
    JSON.stringify({
      bench: 'pan',
      data: real ? 'real' : 'seeded',
      points: real ? null : 5507,
      polygons: real ? null : 396,
      runs,
      viewport: VIEWPORT,
      portal: summary(portal),
      plain: summary(plain),
      p95Ratio,
      medianRatio: +median(medianRatios).toFixed(2),
      p95Ratios: ratios.map((r) => +r.toFixed(2)),
      goal: 'portal p95 <= 1.1 x plain p95',
      goalMet: p95Ratio <= 1.1,
    }),
  )
} finally {
  await browser.close()
  await fs.rm(dir, { recursive: true, force: true })
}
