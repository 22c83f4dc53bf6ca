// The deployment as documented: the built site on a real nginx with deploy/geoportal.conf (test/browser/nginx.ts
// includes that very file), at the root of a host and under a sub-path — Range requests, compression, caching,
// the security headers and the portal running under its Content-Security-Policy — and the service worker that
// keeps the app shell and the viewed layers available offline.
import { execFileSync, spawnSync } from 'node:child_process'
import { promises as fs, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Catalog, FileLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { contentSecurityPolicy, nginxCspConf } from '../../cli/build/csp.ts'
import { colourDistance, makeSite, PortalDriver, repoPath, watchCsp } from './driver.ts'
import { browserUnavailable, launchBrowser } from './helper.ts'
import { brotliAvailable, NGINX_PATH, nginxFrame, nginxUnavailable, startNginx, untilQuiet, type NginxServer } from './nginx.ts'

const required = process.env.REQUIRE_NGINX === '1'
const unavailable = browserUnavailable() ?? (required ? null : nginxUnavailable())
if (unavailable) console.warn(`SKIPPED deployment tests: ${unavailable}`)

const BACKGROUND = '#f4f3ef'
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** A raw HTTP GET (no automatic decompression), to see exactly what nginx sends. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

describe.skipIf(!!unavailable)('deployment on nginx (deploy/geoportal.conf)', () => {
  let browser: Browser
  let server: NginxServer
  let tmp: string
  let siteDir: string
  let root: string
  let sub: string
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  const href = (id: string) => (catalog.layers.find((l) => l.id === id) as FileLayerEntry).href
  const contexts: BrowserContext[] = []

  /** A demo tree (lon/lat) and its number, read from the published file. */
  async function someTree(index = 42) {
    let i = 0
    for await (const f of deserialize(new Uint8Array(readFileSync(repoPath('data', href('demo-baeume')))))) {
      if (i++ === index) {
        const [e, n] = (f.geometry as unknown as { coordinates: number[] }).coordinates
        const [lon, lat] = toLonLat([e, n])
        return { lon, lat, nr: String(f.properties!.baum_nr) }
      }
    }
    throw new Error('no tree')
  }

  /** Opens the portal in a fresh browser context (cold cache, no service worker yet), with CSP violations and
   * console errors watched from the first byte. */
  async function open(siteUrl: string, hash: string) {
    const context = await browser.newContext()
    const violations = await watchCsp(context)
    // PortalDriver.open asks for a new page; it gets one of this prepared context.
    const newPage = async (o: { viewport: { width: number; height: number } }) => {
      const page = await context.newPage()
      await page.setViewportSize(o.viewport)
      return page
    }
    const d = await PortalDriver.open({ newPage } as unknown as Browser, siteUrl, hash)
    contexts.push(context)
    return { d, page: d.page, violations }
  }

  async function closeContexts() {
    for (const c of contexts.splice(0)) await c.close().catch(() => {})
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-deploy-'))
    siteDir = path.join(tmp, 'site')
    await makeSite(inject('appDir'), repoPath('data'), siteDir)
    await fs.writeFile(path.join(siteDir, 'dcat.jsonld'), '{"@context":{}}\n')
    // The same folder at the root of the host and under a sub-path, as docs/deploy.md describes.
    server = await startNginx([
      { root: siteDir, basePath: '/' },
      { root: siteDir, basePath: '/geoportal/' },
    ])
    ;[root, sub] = server.urls
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await closeContexts()
    await browser?.close()
    await server?.close()
    await fs.rm(tmp, { recursive: true, force: true })
  })

  it('answers Range requests for layer files with 206, uncompressed, cached for a year', async () => {
    for (const [id, type] of [
      ['demo-baeume', 'application/octet-stream'],
      ['demo-gelaende', 'image/tiff'],
    ]) {
      const size = (await fs.stat(path.join(siteDir, href(id)))).size
      for (const base of [root, sub]) {
        const r = await get(`${base}${href(id)}`, { Range: 'bytes=100-1123', 'Accept-Encoding': 'gzip, deflate, br' })
        expect(r.status).toBe(206)
        expect(r.headers['content-range']).toBe(`bytes 100-1123/${size}`)
        expect(r.headers['content-encoding']).toBeUndefined()
        expect(r.body.length).toBe(1024)
        expect(r.body.equals(readFileSync(path.join(siteDir, href(id))).subarray(100, 1124))).toBe(true)
        expect(r.headers['content-type']).toBe(type)
        expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable')
        expect(r.headers.etag).toBeTruthy()
      }
      // A whole layer file is not compressed either (it could not be ranged then).
      const whole = await get(`${root}${href(id)}`, { 'Accept-Encoding': 'gzip' })
      expect([whole.status, whole.headers['content-encoding'], whole.headers['accept-ranges']]).toEqual([200, undefined, 'bytes'])
    }
  })

  it('caches a base map in a version folder for a year (its bytes never change), an unversioned one is revalidated', async () => {
    const demo = catalog.basemaps!.find((b) => b.id === 'demo') as { url: string; style: string }
    expect(demo.url).toMatch(/^basemaps\/demo\/[0-9a-f]{12}\//)
    for (const base of [root, sub]) {
      const archive = await get(`${base}${demo.url}`, { Range: 'bytes=0-16383' })
      expect([archive.status, archive.headers['cache-control'], archive.headers['content-encoding']]).toEqual([206, 'public, max-age=31536000, immutable', undefined])
      expect((await get(`${base}${demo.style}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
    await fs.mkdir(path.join(siteDir, 'basemaps/alt'), { recursive: true })
    await fs.writeFile(path.join(siteDir, 'basemaps/alt/style.json'), '{}')
    expect((await get(`${root}basemaps/alt/style.json`)).headers['cache-control']).toBe('no-cache')
  })

  it('sends the security headers and no-cache with index.html, and compresses text', async () => {
    const policy = readFileSync(repoPath('deploy/geoportal.conf'), 'utf8').match(/set \$geoportal_csp "([^"]+)"/)![1]
    for (const base of [root, sub, `${sub}index.html`]) {
      const r = await get(base, { 'Accept-Encoding': 'gzip' })
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(r.headers['content-security-policy']).toBe(policy)
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
      expect(r.headers['permissions-policy']).toMatch(/camera=\(\)/)
      expect(r.headers['cache-control']).toBe('no-cache')
    }
    const csp = Object.fromEntries(policy.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))
    expect(csp).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self'", 'connect-src': "'self'", 'object-src': "'none'", 'base-uri': "'self'", 'frame-ancestors': "'self'" })
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/)

    const js = (await fs.readdir(path.join(siteDir, 'assets'))).find((f) => /^index-.*\.js$/.test(f))!
    const asset = await get(`${sub}assets/${js}`, { 'Accept-Encoding': 'gzip' })
    expect([asset.headers['content-type'], asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual([
      'application/javascript; charset=utf-8',
      'gzip',
      'public, max-age=31536000, immutable',
    ])
    expect(asset.headers['content-security-policy']).toBe(policy)
    // Brotli where nginx has the modules (issue #21, deploy/geoportal-brotli.conf): the build's precompressed copy,
    // with the same headers; text files on the fly. (Layer files stay uncompressed even with br: checked above.)
    if (brotliAvailable()) {
      const br = await get(`${sub}assets/${js}`, { 'Accept-Encoding': 'gzip, br' })
      expect([br.headers['content-encoding'], br.headers['cache-control'], br.headers.vary, br.headers['content-security-policy']]).toEqual(['br', 'public, max-age=31536000, immutable', 'Accept-Encoding', policy])
      expect(Number(br.headers['content-length'])).toBe(statSync(path.join(siteDir, 'assets', `${js}.br`)).size)
      expect((await get(`${root}catalog.json`, { 'Accept-Encoding': 'gzip, br' })).headers['content-encoding']).toBe('br')
    } else console.log('Brotli not checked: this nginx has no Brotli modules (apt-get install libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)')
    for (const [file, type] of [
      ['catalog.json', 'application/json'],
      ['dcat.jsonld', 'application/ld+json'],
      ['sw.js', 'application/javascript; charset=utf-8'],
    ]) {
      const r = await get(`${sub}${file}`, { 'Accept-Encoding': 'gzip' })
      expect([file, r.status, r.headers['content-type'], r.headers['cache-control']]).toEqual([file, 200, type, 'no-cache'])
    }
    expect((await get(`${root}catalog.json`, { 'Accept-Encoding': 'gzip' })).headers['content-encoding']).toBe('gzip')
    // The sub-path without its slash redirects; hidden files are never served.
    const bare = await get(sub.slice(0, -1))
    expect([bare.status, bare.headers.location]).toEqual([301, sub])
    await fs.writeFile(path.join(siteDir, '.secret'), 'x')
    expect((await get(`${sub}.secret`)).status).toBe(404)
    // nginx writes its log line after answering: wait for it, so that the next test's slice of the log starts after
    // it (a late line from here once failed "nothing failed" there).
    await expect.poll(() => server.requests.some((r) => r.path.endsWith('/.secret')), { timeout: 10_000 }).toBe(true)
  })

  for (const where of ['root', 'sub-path'] as const) {
    it(`shows the demo layers and feature attributes at the ${where}, under the CSP, with nothing from other origins`, async () => {
      const base = where === 'root' ? root : sub
      const logStart = server.requests.length
      const tree = await someTree()
      const { d, violations } = await open(base, `#map=17/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=demo-bezirke,demo-baeume`)
      expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), BACKGROUND)).toBeGreaterThan(30)
      await d.clickAt(tree.lon, tree.lat)
      expect(await d.featureInfoText()).toContain(tree.nr)

      // The raster (geotiff.js, loaded on demand) draws too. At zoom 12 its tiles read overlapping byte ranges:
      // with nginx's cacheable layer files, Chromium's in-memory HTTP cache used to return some of them
      // truncated (tiles failed with "buffer error"), which CogReader now avoids.
      const raster = catalog.layers.find((l) => l.id === 'demo-gelaende')!
      const [clon, clat] = toLonLat([(raster.bbox[0] + raster.bbox[2]) / 2, (raster.bbox[1] + raster.bbox[3]) / 2])
      const { d: d2, violations: violations2 } = await open(base, `#map=12/${clat.toFixed(6)}/${clon.toFixed(6)}&layers=demo-gelaende`)
      expect(colourDistance(await d2.pixelAt(clon, clat), BACKGROUND)).toBeGreaterThan(30)

      expect([...(await violations()), ...(await violations2())]).toEqual([])
      expect([...d.pageErrors, ...d2.pageErrors]).toEqual([])
      expect([...d.foreignRequests(base), ...d2.foreignRequests(base)]).toEqual([])
      // Everything the pages asked for is inside the site's folder (relative URLs), and nginx had all of it.
      const prefix = new URL(base).pathname
      expect([...d.requested, ...d2.requested].filter((u) => /^https?:/.test(u) && !new URL(u).pathname.startsWith(prefix))).toEqual([])
      const seen = server.requests.slice(logStart)
      expect(seen.filter((r) => r.path.endsWith('.fgb')).every((r) => r.range && r.status === 206)).toBe(true)
      // (499: a request the browser gave up on, e.g. a tile no longer in view.)
      expect(seen.filter((r) => r.status >= 400 && r.status !== 499)).toEqual([])
      await closeContexts()
    })
  }

  it('keeps the app shell and the viewed layers when the network is gone (service worker)', async () => {
    const tree = await someTree(7)
    // Vector layers (FlatGeobuf) and the raster (GeoTIFF, whose reader is a chunk loaded on demand).
    const layers = ['demo-gelaende', 'demo-bezirke', 'demo-baeume']
    const { d, page } = await open(sub, `#map=16/${tree.lat.toFixed(6)}/${tree.lon.toFixed(6)}&layers=${layers.join(',')}`)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
    expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(`${sub}sw.js`)
    // The worker caches what the page loaded before it took over: catalog.json, the layer files in view (read
    // by the vector worker) and the chunks loaded on demand (geotiff.js for the raster).
    const wanted = [`${sub}catalog.json`, ...layers.map((id) => `${sub}${href(id)}`)]
    const cached = () =>
      page.evaluate(async () => {
        const urls: string[] = []
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url)
        return urls
      })
    const missing = async () => {
      const c = await cached()
      return [...wanted.filter((u) => !c.includes(u)), ...(c.some((u) => /\/assets\/geotiff-[\w-]+\.js$/.test(u)) ? [] : ['geotiff chunk'])]
    }
    await expect.poll(missing, { timeout: 30_000, interval: 200 }).toEqual([])
    // The worker goes on copying what the page loaded (whole layer.json files, in the background); on a busy
    // machine those requests were still arriving after the network went off and failed the check below (seen on
    // main as well). Wait until nginx has seen nothing new for a second.
    await untilQuiet(server)

    const logStart = server.requests.length
    await page.context().setOffline(true)
    await page.reload()
    await d.waitForFirstView()
    expect(await page.getByTestId('layer-demo-baeume').innerText()).toMatch(/\d+ Objekte/)
    expect(colourDistance(await d.pixelAt(tree.lon, tree.lat), BACKGROUND)).toBeGreaterThan(30)
    // Beside the tree: the raster, drawn from the cached file.
    const [e, n] = new Projections().forward('EPSG:4326', 'EPSG:25832')([tree.lon, tree.lat])
    const [lon2, lat2] = toLonLat([e + 30, n + 30])
    expect(colourDistance(await d.pixelAt(lon2, lat2), BACKGROUND)).toBeGreaterThan(30)
    await d.clickAt(tree.lon, tree.lat)
    expect(await d.featureInfoText()).toContain(tree.nr)
    // Nothing reached the server: the page, its scripts, the catalog and the layers all came from the worker.
    // (Except, at times, the browser's own update check of sw.js after register(): made by the browser, outside
    // the page's emulated offline network, and answered 304 — it is not something the offline page needed.)
    expect(server.requests.slice(logStart).filter((r) => !(r.path === `${sub}sw.js` && r.status === 304))).toEqual([])
    // The raster's value is a page of its own (below the tree and the district).
    await d.pageTo('raster-value')
    expect(await page.getByTestId('raster-value').innerText()).toMatch(/\d/)
    await page.context().setOffline(false)
    await closeContexts()
  })

  it("deploy/nginx.conf, the admin's server block, is valid nginx configuration", () => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' })
    } catch {
      return console.warn('SKIPPED nginx -t of deploy/nginx.conf: no openssl to make a test certificate')
    }
    const dir = path.join(tmp, 'conf-check')
    mkdirSync(dir)
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')]
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test', '-keyout', key, '-out', cert], { stdio: 'ignore' })
    // Only what cannot work here changes: certificate paths, where the snippet is, and ports (not bound by -t).
    const site = readFileSync(repoPath('deploy/nginx.conf'), 'utf8')
      .replace(/\/etc\/ssl\/certs\/[^;]+/, cert)
      .replace(/\/etc\/ssl\/private\/[^;]+/, key)
      .replaceAll('include snippets/geoportal.conf', `include ${repoPath('deploy/geoportal.conf')}`)
      // The Brotli snippet as the file says: only where nginx has the modules (nginxFrame loads them then).
      .replaceAll('include snippets/geoportal-brotli.conf;', brotliAvailable() ? `include ${repoPath('deploy/geoportal-brotli.conf')};` : '')
      .replaceAll('/var/www/geoportal/csp.conf', path.join(dir, 'csp.conf'))
      .replace(/listen (\[::\]:)?(80|443)\b/g, (_m, v6: string | undefined, p: string) => `listen ${v6 ? '[::1]' : '127.0.0.1'}:${p === '80' ? 18080 : 18443}`)
    writeFileSync(path.join(dir, 'site.conf'), site)
    writeFileSync(path.join(dir, 'csp.conf'), nginxCspConf(contentSecurityPolicy(catalog)))
    writeFileSync(path.join(dir, 'nginx.conf'), nginxFrame(dir, [`include ${path.join(dir, 'site.conf')};`]))
    const r = spawnSync(NGINX_PATH, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' })
    expect(r.stderr).toMatch(/test is successful/)
    expect(r.status).toBe(0)
  })
})
