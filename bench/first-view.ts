// First map view of the production build with the demo catalog, in Chromium, cold (a new browser context per
// run: empty cache, no service worker), served by nginx with deploy/geoportal.conf (the Node server stands in,
// reported, when nginx is missing). Measures the time from navigation to window.__bench.ready — the first map
// idle with every layer of the view drawn — on the loopback network and with a simulated slow 4G network, plus
// the bundle sizes. Baseline in the same runs: first contentful paint of an empty page from the same server
// (the floor any page pays: context, connection, navigation, one paint). When the catalog has base maps, the
// same view is also measured without one (#basemap=none), alternating: what the base map costs in time and bytes.
//
// Also: the repeat visit (same browser context once the service worker is installed), the same with a 4× CPU
// slowdown (Lighthouse's mobile profile), and the request waterfall of the median slow-4G run.
//
// Usage: npm run bench -- first-view [--runs 7] [--reuse-dist] [--skip-cpu]   (--reuse-dist serves dist/ as built
// by "npm run build" instead of building a fresh site; --skip-cpu leaves out the 4× CPU slowdown)
import { existsSync, promises as fs, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { buildApp, copyCatalog } from '../cli/commands/build.ts'
import { bundleSizes, formatSizes, kB } from '../test/browser/bundle.ts'
import { browserUnavailable, launchBrowser, serveWithNode } from '../test/browser/helper.ts'
import { nginxUnavailable, startNginx } from '../test/browser/nginx.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const runs = Number(args[args.indexOf('--runs') + 1] || 7) || 7
const reuseDist = args.includes('--reuse-dist')
const skipCpu = args.includes('--skip-cpu')

/** Lighthouse's "slow 4G" network: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (no CPU slowdown). */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 }

const BASELINE_HTML = '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Geoportal Soest</title></head><body><h1>Geoportal Soest</h1></body></html>\n'

const sorted = (v: number[]) => [...v].sort((a, b) => a - b)
const median = (v: number[]) => {
  const s = sorted(v)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
/** Nearest-rank 90th percentile (with 7 runs: the slowest). */
const p90 = (v: number[]) => sorted(v)[Math.ceil(0.9 * v.length) - 1]
const stats = (v: number[]) => ({ median: Math.round(median(v)), p90: Math.round(p90(v)), runs: v.map(Math.round) })

/** One request of the page, its workers or its service worker, in ms since the navigation started. */
interface Fetched {
  start: number
  end: number
  url: string
  range: string | null
  bytes: number
  /** Who asked: the page, a worker or the service worker. */
  by: 'page' | 'worker' | 'sw'
  fromSW: boolean
}

interface Measured {
  ready: number | null
  load: number
  fcp: number
  bytes: number
  waterfall: Fetched[]
  /** The same view again in the same browser context, once the service worker is installed. */
  repeat?: { ready: number; waterfall: Fetched[] }
}

/** CDP Emulation.setCPUThrottlingRate: Lighthouse's mobile profile slows the CPU down 4×. */
interface Variant {
  network: typeof SLOW_4G | null
  cpu?: number
  repeat?: boolean
}

async function measure(browser: Browser, url: string, v: Variant, portal: boolean): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    if (v.network) {
      await cdp.send('Network.enable')
      await cdp.send('Network.emulateNetworkConditions', v.network)
    }
    if (v.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: v.cpu })
    // The request waterfall: Playwright reports the requests of the page, its dedicated workers and the service
    // worker (context-wide), with Resource Timing-like timings (epoch ms start, the rest relative to it).
    let log: Fetched[] = []
    let navStart = 0
    const onDone = async (r: import('playwright-core').Request, failed: boolean) => {
      const t = r.timing()
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navStart = t.startTime
      const sizes = failed ? null : await r.sizes().catch(() => null)
      // Answered by the service worker (from its caches or by its own fetch, which is logged separately as "sw").
      const fromSW = failed ? false : ((await r.response().catch(() => null))?.fromServiceWorker() ?? false)
      const worker = r.serviceWorker() ? 'sw' : (() => {
        try {
          r.frame()
          return 'page'
        } catch {
          return 'worker'
        }
      })()
      const end = t.responseEnd >= 0 ? t.responseEnd : 0
      log.push({ start: t.startTime, end: t.startTime + end, url: r.url(), range: r.headers()['range'] ?? null, bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0, by: worker as Fetched['by'], fromSW })
    }
    const listen = (r: import('playwright-core').Request) => void onDone(r, false)
    const listenFailed = (r: import('playwright-core').Request) => void onDone(r, true)
    context.on('requestfinished', listen)
    context.on('requestfailed', listenFailed)
    const relative = () => {
      const out = log.filter((f) => f.start >= navStart - 1).map((f) => ({ ...f, start: Math.round(f.start - navStart), end: Math.round(f.end - navStart) }))
      return out.sort((a, b) => a.start - b.start)
    }
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
    let ready: number | null = null
    if (portal) ready = await benchReady(page)
    // First contentful paint can come after load (the portal paints once the catalog is in).
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 60_000 })
    const t = await page.evaluate(() => ({
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
      // Bytes over the network (headers included) of what the page fetched itself so far — the base map's reads
      // included (the pmtiles protocol runs in the page), the vector worker's FlatGeobuf reads not (its own timeline).
      bytes: (performance.getEntriesByType('navigation') as PerformanceResourceTiming[]).concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((s, e) => s + e.transferSize, 0),
    }))
    await new Promise((r) => setTimeout(r, 50))
    const waterfall = relative()
    let repeat: Measured['repeat']
    if (portal && v.repeat) {
      // The service worker is registered after the first view; it installs the app shell (over the same
      // throttled network) and is given the layer files in view. Then the same URL again, as a returning visitor.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined), null)
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 120_000 })
      await page.waitForTimeout(1500) // the warm-up copy of the layer files the first view read
      log = []
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
      repeat = { ready: await benchReady(page), waterfall: [] }
      await new Promise((r) => setTimeout(r, 50))
      repeat.waterfall = relative()
    }
    context.off('requestfinished', listen)
    context.off('requestfailed', listenFailed)
    return { ready, ...t, waterfall, repeat }
  } finally {
    await context.close()
  }
}

async function benchReady(page: import('playwright-core').Page): Promise<number> {
  const v = (await (await page.waitForFunction(() => window.__bench, null, { timeout: 120_000 })).jsonValue()) as { t?: number; error?: string }
  if (v.error) throw new Error(`portal reported: ${v.error}`)
  return v.t!
}

/** The requests of one run as a text waterfall; "after" names the latest request that had ended when this one
 * started — what it most likely waited for. */
function formatWaterfall(w: Fetched[], until: number): string {
  const width = 60
  const scale = Math.max(until, ...w.map((f) => f.end)) / width
  const name = (f: Fetched) => {
    const u = new URL(f.url)
    const file = u.pathname.split('/').pop() || u.pathname
    return `${file}${f.range ? ` [${f.range.replace('bytes=', '')}]` : ''}`
  }
  const lines = w.map((f) => {
    const before = w.filter((g) => g !== f && g.end <= f.start).sort((a, b) => b.end - a.end)[0]
    const bar = ' '.repeat(Math.min(width, Math.floor(f.start / scale))) + '█'.repeat(Math.max(1, Math.round((f.end - f.start) / scale)))
    const bytes = f.fromSW ? '    SW   ' : `${(f.bytes / 1024).toFixed(1).padStart(6)} kB`
    return `  ${String(f.start).padStart(5)}–${String(f.end).padEnd(5)} ${bar.padEnd(width + 1).slice(0, width + 1)} ${f.by.padEnd(6)} ${bytes}  ${name(f)}${before ? `   after ${name(before)}` : ''}`
  })
  // What went over the network before the first view: requests not answered by the service worker (its own
  // fetches count, as "sw"), and their bytes.
  const net = w.filter((f) => !f.fromSW && f.start <= until)
  const summary = `  started before the first view: ${w.filter((f) => f.start <= until).length} requests, ${net.length} of them over the network (${(net.reduce((s, f) => s + f.bytes, 0) / 1024).toFixed(1)} kB), the last of those ending at ${Math.max(0, ...net.map((f) => f.end))} ms`
  return [`  start–end ms (first view at ${Math.round(until)} ms; one █ ≈ ${Math.round(scale)} ms; SW: answered by the service worker)`, ...lines, summary].join('\n')
}

const why = browserUnavailable()
if (why) {
  console.error(`cannot run: ${why}`)
  process.exit(2)
}

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-first-view-'))
let close: () => Promise<void> = async () => {}
let browser: Browser | null = null
try {
  let site: string
  if (reuseDist) {
    site = path.join(root, 'dist')
    if (!existsSync(path.join(site, 'index.html')) || !existsSync(path.join(site, 'catalog.json'))) throw new Error('dist/ has no built site: run npm run build first, or leave out --reuse-dist')
    console.log(`site: ${site} (reused)`)
  } else {
    site = path.join(tmp, 'site')
    const t0 = performance.now()
    await buildApp(site)
    await copyCatalog(path.join(root, 'data'), site, false)
    console.log(`site: built with the demo catalog in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  // The baseline page lives beside the site (not in it): served by the same server under /baseline/.
  const baselineDir = path.join(tmp, 'baseline')
  await fs.mkdir(baselineDir, { recursive: true })
  await fs.writeFile(path.join(baselineDir, 'index.html'), BASELINE_HTML)

  let server: string
  let siteUrl: string
  let baselineUrl: string
  const nginxMissing = nginxUnavailable()
  if (!nginxMissing) {
    const n = await startNginx([
      { root: site, basePath: '/' },
      { root: baselineDir, basePath: '/baseline/' },
    ])
    ;[siteUrl, baselineUrl] = n.urls
    close = () => n.close()
    server = 'nginx'
  } else {
    console.log(`nginx not available (${nginxMissing}): using the Node server (no compression — slower over the simulated network)`)
    const s = await serveWithNode(site)
    const b = await serveWithNode(baselineDir, '/baseline/')
    siteUrl = s.url
    baselineUrl = b.url
    close = async () => {
      await s.close()
      await b.close()
    }
    server = 'node'
  }

  const sizes = bundleSizes(site)
  console.log(`bundle (gzip level 6):\n${formatSizes(sizes)}`)

  // The demo opens on its base map; with one, the same view is measured without it too.
  const siteCatalog = JSON.parse(await fs.readFile(path.join(site, 'catalog.json'), 'utf8')) as { basemaps?: { id: string }[]; defaultBasemap?: string }
  const defaultBasemap = siteCatalog.defaultBasemap ?? siteCatalog.basemaps?.[0]?.id ?? 'none'
  const withBasemap = defaultBasemap !== 'none'

  browser = await launchBrowser()
  // One warm-up of each, not counted (first start of the GPU process, disk caches of the OS).
  await measure(browser, baselineUrl, { network: null }, false)
  await measure(browser, `${siteUrl}?bench`, { network: null }, true)

  const result: Record<string, unknown> = {}
  const variants: { name: string; v: Variant; plain: boolean }[] = [
    { name: 'loopback', v: { network: null }, plain: withBasemap },
    // Cold, then (same context) the repeat visit through the service worker.
    { name: 'slow4g', v: { network: SLOW_4G, repeat: true }, plain: withBasemap },
    // A phone's CPU too: Lighthouse's mobile profile (slow 4G and 4× CPU slowdown).
    ...(skipCpu ? [] : [{ name: 'slow4gCpu4x', v: { network: SLOW_4G, cpu: 4, repeat: true }, plain: false }]),
  ]
  for (const { name, v, plain: measurePlain } of variants) {
    const ready: number[] = []
    const load: number[] = []
    const fcp: number[] = []
    const baseline: number[] = []
    const bytes: number[] = []
    const plainReady: number[] = []
    const plainBytes: number[] = []
    const repeat: number[] = []
    const all: Measured[] = []
    for (let i = 0; i < runs; i++) {
      // Alternate baseline and portal so that other load on the machine hits both alike.
      baseline.push((await measure(browser, baselineUrl, v, false)).fcp)
      const m = await measure(browser, `${siteUrl}?bench`, v, true)
      all.push(m)
      ready.push(m.ready!)
      load.push(m.load)
      fcp.push(m.fcp)
      bytes.push(m.bytes)
      if (m.repeat) repeat.push(m.repeat.ready)
      if (measurePlain) {
        const plain = await measure(browser, `${siteUrl}?bench#basemap=none`, { ...v, repeat: false }, true)
        plainReady.push(plain.ready!)
        plainBytes.push(plain.bytes)
      }
    }
    const r = {
      firstViewMs: stats(ready),
      ...(repeat.length ? { repeatVisitMs: stats(repeat) } : {}),
      loadEventMs: stats(load),
      portalFcpMs: stats(fcp),
      baselineFcpMs: stats(baseline),
      pageTransferKB: Math.round(median(bytes) / 1024),
      requests: Math.round(median(all.map((m) => m.waterfall.length))),
      ...(measurePlain ? { withoutBasemap: { firstViewMs: stats(plainReady), pageTransferKB: Math.round(median(plainBytes) / 1024) } } : {}),
    }
    result[name] = r
    if (r.withoutBasemap) {
      console.log(
        `${name.padEnd(8)}: base map "${defaultBasemap}" on: ${r.firstViewMs.median} ms, ${r.pageTransferKB} kB; off: ${r.withoutBasemap.firstViewMs.median} ms, ` +
          `${r.withoutBasemap.pageTransferKB} kB (medians; the base map costs ${r.firstViewMs.median - r.withoutBasemap.firstViewMs.median} ms, ${r.pageTransferKB - r.withoutBasemap.pageTransferKB} kB)`,
      )
    }
    console.log(
      `${name.padEnd(8)}: first view median ${r.firstViewMs.median} ms, p90 ${r.firstViewMs.p90} ms (load event ${r.loadEventMs.median} ms, ` +
        `portal FCP ${r.portalFcpMs.median} ms); baseline FCP of an empty page ${r.baselineFcpMs.median} ms` +
        (r.repeatVisitMs ? `; repeat visit median ${r.repeatVisitMs.median} ms, p90 ${r.repeatVisitMs.p90} ms` : ''),
    )
    // The waterfall of the median run (cold), and of its repeat visit.
    if (v.network) {
      const mid = all.find((m) => m.ready === sorted(ready)[Math.floor((ready.length - 1) / 2)])!
      console.log(`${name}: requests of the median cold run (${mid.waterfall.length}):\n${formatWaterfall(mid.waterfall, mid.ready!)}`)
      if (mid.repeat) console.log(`${name}: requests of its repeat visit (${mid.repeat.waterfall.length}):\n${formatWaterfall(mid.repeat.waterfall, mid.repeat.ready)}`)
    }
  }

  // The main entry's own chunk (index.html's first module script is the early entry, src/app/early.ts).
  const entry = sizes.upfront.find((f) => /^assets\/index-[\w-]+\.js$/.test(f.file)) ?? sizes.upfront[0]
  console.log(
    JSON.stringify({
      bench: 'first-view',
      server,
      runs,
      load1m: os.loadavg()[0],
      ...result,
      // Issue #21's goals: slow 4G cold ≤ 4 s, repeat visit ≤ 1.5 s (medians).
      goals: {
        slow4gColdMs: 4000,
        slow4gColdMissMs: Math.max(0, (result.slow4g as { firstViewMs: { median: number } }).firstViewMs.median - 4000),
        repeatMs: 1500,
        repeatMissMs: Math.max(0, ((result.slow4g as { repeatVisitMs?: { median: number } }).repeatVisitMs?.median ?? Infinity) - 1500),
      },
      bundle: {
        entryGzipKB: kB(entry.gzip),
        upfrontGzipKB: kB(sizes.totals.upfrontGzip),
        workerGzipKB: kB(sizes.totals.workersGzip),
        firstViewGzipKB: kB(sizes.totals.firstViewGzip),
        allJsGzipKB: kB(sizes.totals.allJsGzip),
        allJsKB: kB(sizes.totals.allJsBytes),
        serviceWorkerGzipKB: sizes.serviceWorker ? kB(sizes.serviceWorker.gzip) : null,
        // What nginx sends with deploy/geoportal-brotli.conf: the build's assets/*.br (gzip where there is none).
        firstViewBrotliKB: kB([...sizes.upfront, ...sizes.workers].reduce((s, f) => s + (existsSync(path.join(site, `${f.file}.br`)) ? statSync(path.join(site, `${f.file}.br`)).size : f.gzip), 0)),
      },
    }),
  )
} finally {
  await browser?.close()
  await close()
  await fs.rm(tmp, { recursive: true, force: true })
}
