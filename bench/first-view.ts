// First map view of the production build with the demo catalog, in Chromium, cold (a new browser context per
// run: empty cache, no service worker), served by nginx with deploy/geoportal.conf (the Node server stands in,
// reported, when nginx is missing). Measures the time from navigation to window.__bench.ready — the first map
// idle with every layer of the view drawn — on the loopback network and with a simulated slow 4G network, plus
// the bundle sizes. Baseline in the same runs: first contentful paint of an empty page from the same server
// (the floor any page pays: context, connection, navigation, one paint). When the catalog has base maps, the
// same view is also measured without one (#basemap=none), alternating: what the base map costs in time and bytes.
//
// Usage: npm run bench -- first-view [--runs 7] [--reuse-dist]   (--reuse-dist serves dist/ as built by
// "npm run build" instead of building a fresh site)
import { existsSync, promises as fs } from 'node:fs'
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

async function measure(browser: Browser, url: string, network: typeof SLOW_4G | null, portal: boolean) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  try {
    const page = await context.newPage()
    if (network) {
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      await cdp.send('Network.emulateNetworkConditions', network)
    }
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
    let ready: number | null = null
    if (portal) {
      const v = (await (await page.waitForFunction(() => window.__bench, null, { timeout: 120_000 })).jsonValue()) as { t?: number; error?: string }
      if (v.error) throw new Error(`portal reported: ${v.error}`)
      ready = v.t!
    }
    // First contentful paint can come after load (the portal paints once the catalog is in).
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 60_000 })
    const t = await page.evaluate(() => ({
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
      // Bytes over the network (headers included) of what the page fetched itself so far — the base map's reads
      // included (the pmtiles protocol runs in the page), the vector worker's FlatGeobuf reads not (its own timeline).
      bytes: (performance.getEntriesByType('navigation') as PerformanceResourceTiming[]).concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((s, e) => s + e.transferSize, 0),
    }))
    return { ready, ...t }
  } finally {
    await context.close()
  }
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
  await measure(browser, baselineUrl, null, false)
  await measure(browser, `${siteUrl}?bench`, null, true)

  const result: Record<string, unknown> = {}
  for (const [name, network] of [
    ['loopback', null],
    ['slow4g', SLOW_4G],
  ] as const) {
    const ready: number[] = []
    const load: number[] = []
    const fcp: number[] = []
    const baseline: number[] = []
    const bytes: number[] = []
    const plainReady: number[] = []
    const plainBytes: number[] = []
    for (let i = 0; i < runs; i++) {
      // Alternate baseline and portal so that other load on the machine hits both alike.
      baseline.push((await measure(browser, baselineUrl, network, false)).fcp)
      const m = await measure(browser, `${siteUrl}?bench`, network, true)
      ready.push(m.ready!)
      load.push(m.load)
      fcp.push(m.fcp)
      bytes.push(m.bytes)
      if (withBasemap) {
        const plain = await measure(browser, `${siteUrl}?bench#basemap=none`, network, true)
        plainReady.push(plain.ready!)
        plainBytes.push(plain.bytes)
      }
    }
    const r = {
      firstViewMs: stats(ready),
      loadEventMs: stats(load),
      portalFcpMs: stats(fcp),
      baselineFcpMs: stats(baseline),
      pageTransferKB: Math.round(median(bytes) / 1024),
      ...(withBasemap ? { withoutBasemap: { firstViewMs: stats(plainReady), pageTransferKB: Math.round(median(plainBytes) / 1024) } } : {}),
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
        `portal FCP ${r.portalFcpMs.median} ms); baseline FCP of an empty page ${r.baselineFcpMs.median} ms`,
    )
  }

  const entry = sizes.upfront[0]
  console.log(
    JSON.stringify({
      bench: 'first-view',
      server,
      runs,
      ...result,
      bundle: {
        entryGzipKB: kB(entry.gzip),
        upfrontGzipKB: kB(sizes.totals.upfrontGzip),
        workerGzipKB: kB(sizes.totals.workersGzip),
        firstViewGzipKB: kB(sizes.totals.firstViewGzip),
        allJsGzipKB: kB(sizes.totals.allJsGzip),
        allJsKB: kB(sizes.totals.allJsBytes),
        serviceWorkerGzipKB: sizes.serviceWorker ? kB(sizes.serviceWorker.gzip) : null,
      },
    }),
  )
} finally {
  await browser?.close()
  await close()
  await fs.rm(tmp, { recursive: true, force: true })
}
