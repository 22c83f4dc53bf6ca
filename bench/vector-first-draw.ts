// Time to first draw and bytes transferred for a 1:5,000 view (~500 m) of a large parcel layer in headless
// Chromium: the portal streaming FlatGeobuf by bbox vs MapLibre loading the same data as one GeoJSON file,
// same run, same machine. Usage: npm run bench -- vector-first-draw [features=1000000] [runs=3]
// If the GeoJSON approach does not finish at that size, it is measured at the largest size that does.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { buildApp, copyCatalog } from '../cli/commands/build.ts'
import { main } from '../cli/main.ts'
import { columnsFromFeatures, type VectorFeature } from '../cli/vector/model.ts'
import { writeFlatGeobuf } from '../cli/writers/flatgeobuf.ts'
import { mulberry32 } from '../scripts/random.ts'
import { Projections } from '../src/projection/registry.ts'
import { launchBrowser, serveSite } from '../test/browser/helper.ts'

const count = Number(process.argv[2] ?? 1_000_000)
const runs = Number(process.argv[3] ?? 3)
const root = fileURLToPath(new URL('..', import.meta.url))
const VIEWPORT = { width: 1280, height: 800 }
const SIZE = 20 // parcel side in metres
const GEOJSON_TIMEOUT_MS = 180_000

/** Parcels on a jittered grid south-west of Soest's centre, as in a cadastre. */
function parcels(n: number): VectorFeature[] {
  const rand = mulberry32(5)
  const side = Math.ceil(Math.sqrt(n))
  const out: VectorFeature[] = []
  for (let i = 0; i < n; i++) {
    const x = 428000 + (i % side) * SIZE
    const y = 5704000 + Math.floor(i / side) * SIZE
    const j = () => Math.round((rand() - 0.5) * 4 * 100) / 100
    const ring = [[x + j(), y + j()], [x + SIZE + j(), y + j()], [x + SIZE + j(), y + SIZE + j()], [x + j(), y + SIZE + j()]]
    ring.push([...ring[0]])
    out.push({ geometry: { type: 'Polygon', coordinates: [ring] }, properties: { flurstueck: `05974${String(i).padStart(9, '0')}`, flaeche: Math.round(SIZE * SIZE * (0.9 + rand() * 0.2)) } })
  }
  return out
}

const GEOJSON_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module" src="geojson-bench.js"></script></body></html>`

const GEOJSON_SCRIPT = `
import * as maplibregl from './maplibre-gl.mjs';
maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);
const p = new URLSearchParams(location.hash.slice(1));
const [z, lat, lon] = p.get('map').split('/').map(Number);
const map = new maplibregl.Map({ container: 'map', center: [lon, lat], zoom: z, style: { version: 8, sources: {
  parcels: { type: 'geojson', data: p.get('data') } },
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f3ef' } },
           { id: 'fill', type: 'fill', source: 'parcels', paint: { 'fill-color': '#0072B2', 'fill-opacity': 0.3 } },
           { id: 'line', type: 'line', source: 'parcels', paint: { 'line-color': '#0072B2' } }] } });
map.on('error', (e) => { window.__bench = { error: String(e.error && e.error.message || e) } });
map.on('idle', () => { if (!window.__bench && map.isSourceLoaded('parcels')) window.__bench = { ready: true, t: performance.now() } });
`

interface Measure {
  ms: number
  /** Bytes of layer data (FlatGeobuf ranges or the GeoJSON file); the app itself is not counted. */
  bytes: number
  requests: number
}

async function measure(browser: Browser, url: string, timeout: number): Promise<Measure> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  let bytes = 0
  let requests = 0
  page.on('response', (r) => {
    if (!/\.(fgb|geojson)$/.test(new URL(r.url()).pathname)) return
    requests++
    bytes += Number(r.headers()['content-length'] ?? 0)
  })
  try {
    await page.goto(url)
    const h = await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, { timeout })
    const v = (await h.jsonValue()) as { t?: number; error?: string }
    if (v.error) throw new Error(v.error)
    return { ms: v.t!, bytes, requests }
  } finally {
    await context.close()
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-vec-'))
const browser = await launchBrowser()
try {
  console.log(`generating ${count} parcels …`)
  const features = parcels(count)
  const fgb = path.join(dir, 'parcels-input.fgb')
  await fs.writeFile(fgb, writeFlatGeobuf(features, { columns: columnsFromFeatures(features.slice(0, 10)), crsCode: 25832 }))
  console.log('publishing …')
  const log = console.log
  console.log = () => {}
  const code = await main(['publish', fgb, '--catalog', path.join(dir, 'catalog'), '--id', 'parcels', '--title', 'Flurstücke'])
  console.log = log
  if (code !== 0) throw new Error('publish failed')
  const site = path.join(dir, 'site')
  await buildApp(site)
  await copyCatalog(path.join(dir, 'catalog'), site, false)
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs']) await fs.copyFile(path.join(root, 'node_modules/maplibre-gl/dist', f), path.join(site, f))
  await fs.copyFile(path.join(root, 'node_modules/maplibre-gl/dist/maplibre-gl.css'), path.join(site, 'maplibre-gl.css'))
  await fs.writeFile(path.join(site, 'geojson.html'), GEOJSON_PAGE)
  await fs.writeFile(path.join(site, 'geojson-bench.js'), GEOJSON_SCRIPT)
  const server = await serveSite(site)

  // A ~500 m wide view (1:5,000 on a 1280 px screen) in the middle of the parcels.
  const side = Math.ceil(Math.sqrt(count)) * SIZE
  const [lon, lat] = new Projections().forward('EPSG:25832', 'EPSG:4326')([428000 + side / 2, 5704000 + side / 2])
  const zoom = Math.log2((40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * (500 / VIEWPORT.width)))
  const view = `map=${zoom.toFixed(2)}/${lat.toFixed(6)}/${lon.toFixed(6)}`

  const ours: Measure[] = []
  for (let r = 0; r < runs; r++) ours.push(await measure(browser, `${server.url}?bench#${view}&layers=parcels`, 60_000))
  console.log(`FlatGeobuf streaming: ${median(ours.map((m) => m.ms)).toFixed(0)} ms, ${median(ours.map((m) => m.bytes))} bytes, ${median(ours.map((m) => m.requests))} requests`)

  // GeoJSON baseline: the same parcels in lon/lat, at the largest size that finishes.
  const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
  let size = count
  let geo: Measure[] = []
  let geoFileBytes = 0
  const failures: string[] = []
  while (size >= 1000) {
    const subset = features.slice(0, size)
    const file = `parcels-${size}.geojson`
    const body = JSON.stringify({
      type: 'FeatureCollection',
      features: subset.map((f) => ({
        type: 'Feature',
        properties: f.properties,
        geometry: { type: 'Polygon', coordinates: (f.geometry!.coordinates as number[][][]).map((r) => r.map((p) => toLonLat([p[0], p[1]]).map((v) => Math.round(v * 1e7) / 1e7))) },
      })),
    })
    await fs.writeFile(path.join(site, file), body)
    geoFileBytes = Buffer.byteLength(body)
    // The smaller subset covers a smaller area: centre the same 500 m view on it.
    const s = Math.ceil(Math.sqrt(size)) * SIZE
    const sideRows = Math.ceil(size / Math.ceil(Math.sqrt(count)))
    const [slon, slat] = toLonLat([428000 + Math.min(side, s) / 2, 5704000 + Math.min(sideRows * SIZE, side) / 2])
    const sview = `map=${zoom.toFixed(2)}/${slat.toFixed(6)}/${slon.toFixed(6)}`
    try {
      geo = []
      for (let r = 0; r < runs; r++) geo.push(await measure(browser, `${server.url}geojson.html#${sview}&data=${file}`, GEOJSON_TIMEOUT_MS))
      break
    } catch (e) {
      failures.push(`${size}: ${(e as Error).message.split('\n')[0]}`)
      console.log(`GeoJSON with ${size} features did not finish (${(e as Error).message.split('\n')[0]}); trying fewer`)
      await fs.rm(path.join(site, file))
      size = Math.floor(size / 4)
    }
  }
  await server.close()
  const oursMs = median(ours.map((m) => m.ms))
  const oursBytes = median(ours.map((m) => m.bytes))
  const geoMs = geo.length ? median(geo.map((m) => m.ms)) : null
  // MapLibre fetches GeoJSON from its own worker, whose responses the page does not always report: the whole
  // file is downloaded either way, so its size is the figure.
  const geoBytes = geo.length ? Math.max(median(geo.map((m) => m.bytes)), geoFileBytes) : null
  if (geoMs !== null) console.log(`GeoJSON (${size} features): ${geoMs.toFixed(0)} ms, ${geoBytes} bytes`)
  const result = {
    bench: 'vector-first-draw',
    features: count,
    runs,
    viewMetres: 500,
    fgbMs: Math.round(oursMs),
    fgbBytes: oursBytes,
    fgbRequests: median(ours.map((m) => m.requests)),
    geojsonFeatures: geo.length ? size : null,
    geojsonMs: geoMs === null ? null : Math.round(geoMs),
    geojsonBytes: geoBytes,
    geojsonFailures: failures,
    speedup: geoMs === null ? null : +(geoMs / oursMs).toFixed(1),
    bytesShare: geoBytes === null ? null : +((oursBytes / geoBytes) * 100).toFixed(3),
    goal: { speedup: 20, bytesSharePercent: 2 },
  }
  console.log(JSON.stringify(result))
} finally {
  await browser.close()
  await fs.rm(dir, { recursive: true, force: true })
}
