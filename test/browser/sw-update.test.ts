// Repeat visits through the service worker (issue #21), on nginx with the deployment config under a sub-path: the
// page, its scripts, catalog.json and a versioned base map come from the worker's caches without waiting for the
// network; the catalog is refreshed in the background, so a catalog the officer changed shows on the next visit
// (and the open page offers a reload); a base map of a new version is fetched anew, an unchanged one never is.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import type { PmtilesBasemap } from '../../src/model/basemap.ts'
import { main } from '../../cli/main.ts'
import { makeSite, PortalDriver } from './driver.ts'
import { browserUnavailable, launchBrowser } from './helper.ts'
import { nginxUnavailable, startNginx, untilQuiet, type NginxServer } from './nginx.ts'

const required = process.env.REQUIRE_NGINX === '1'
const unavailable = browserUnavailable() ?? (required ? null : nginxUnavailable())
if (unavailable) console.warn(`SKIPPED service-worker update tests: ${unavailable}`)

describe.skipIf(!!unavailable)('repeat visits through the service worker', () => {
  let browser: Browser
  let server: NginxServer
  let context: BrowserContext
  let tmp: string
  let siteDir: string
  let sub: string

  const basemap = async () => {
    const c = JSON.parse(await fs.readFile(path.join(siteDir, 'catalog.json'), 'utf8')) as Catalog
    return c.basemaps!.find((b) => b.id === 'demo') as PmtilesBasemap
  }
  /** What the server saw from `from` on, as paths relative to the site (the page itself: "?bench"). */
  const seen = (from: number) => server.requests.slice(from).map((r) => r.path.slice(new URL(sub).pathname.length))
  /** Of those: the page, its scripts and styles, and base-map files — what a repeat visit must not wait for. */
  const shellAndBasemap = (from: number) => seen(from).filter((p) => p === '' || p.startsWith('?') || p === 'index.html' || p.startsWith('assets/') || p.startsWith('basemaps/'))
  const cachedUrls = (page: Page) =>
    page.evaluate(async () => {
      const urls: string[] = []
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url)
      return urls
    })
  const quiet = () => untilQuiet(server)
  /** Opens the default view again (a returning visitor) and waits for its first view, base map included. */
  const visit = async (page: Page) => {
    await page.goto(`${sub}?bench`)
    await PortalDriver.attach(page).waitForFirstView()
    expect(await page.getByTestId('basemap-error').count()).toBe(0)
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-sw-update-'))
    siteDir = path.join(tmp, 'site')
    await makeSite(inject('appDir'), path.resolve('data'), siteDir)
    server = await startNginx([{ root: siteDir, basePath: '/geoportal/' }])
    sub = server.urls[0]
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  }, 180_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  it('answers page, catalog and an unchanged base map from its caches; a new base-map version and a changed catalog come on the next visit', async () => {
    const page = await context.newPage()
    await visit(page)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
    const first = await basemap()
    expect(first.url).toMatch(/^basemaps\/demo\/[0-9a-f]{12}\/demo\.pmtiles$/)
    // The worker copies what the first visit read before it took over: the base map's archive and style too.
    const want = [`${sub}catalog.json`, `${sub}${first.url}`, `${sub}${first.style}`]
    await expect.poll(async () => { const c = await cachedUrls(page); return want.filter((u) => !c.includes(u)) }, { timeout: 30_000, interval: 200 }).toEqual([])
    // The early entry (issue #21) is part of the app shell, like the main script.
    expect((await cachedUrls(page)).filter((u) => /\/assets\/early-[\w-]+\.js$/.test(u))).toHaveLength(1)
    await quiet()

    // Visit 2, nothing changed: the server sees the background refresh of catalog.json (and, at times, the
    // browser's own update check of sw.js) — not the page, not a script, not a byte of the base map.
    let mark = server.requests.length
    await visit(page)
    await quiet()
    expect(shellAndBasemap(mark)).toEqual([])
    expect(seen(mark)).toContain('catalog.json')
    expect(await page.getByTestId('catalog-update').count()).toBe(0)

    // The officer replaces the base map (a new title makes a new style, so a new version folder); the CLI removes
    // the old version's files from the server after its commit.
    const archive = path.join(tmp, 'stadtplan.pmtiles')
    await fs.copyFile(path.join(siteDir, first.url), archive)
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const code = await main(['basemap', 'add', '--catalog', siteDir, '--id', 'demo', '--title', 'Stadtplan 2027', '--attribution', first.attribution, '--pmtiles', archive, '--default'])
    vi.restoreAllMocks()
    expect(code).toBe(0)
    const second = await basemap()
    expect(path.dirname(second.url)).not.toBe(path.dirname(first.url))
    await expect(fs.access(path.join(siteDir, first.url))).rejects.toThrow()

    // Visit 3: the worker answers with its copy of the catalog at once (old base map, from the cache — its files are
    // gone from the server), refreshes the catalog in the background and the page offers a reload.
    mark = server.requests.length
    await visit(page)
    await page.getByTestId('catalog-update').waitFor({ state: 'visible', timeout: 30_000 })
    expect(await page.getByTestId('catalog-update').innerText()).toContain('Die Daten wurden aktualisiert.')
    await quiet()
    expect(shellAndBasemap(mark)).toEqual([])
    expect(seen(mark)).toContain('catalog.json')

    // Visit 4: the new catalog, so the new base-map version, fetched from the server (style and archive ranges).
    mark = server.requests.length
    await visit(page)
    await quiet()
    const fetched = seen(mark)
    expect(fetched).toContain(second.style)
    expect(fetched).toContain(second.url)
    expect(fetched.some((p) => p.startsWith(path.dirname(first.url)))).toBe(false)
    expect(await page.getByTestId('catalog-update').count()).toBe(0)

    // Visit 5: the new version is in the cache now; nothing of it is asked for again.
    mark = server.requests.length
    await visit(page)
    await quiet()
    expect(shellAndBasemap(mark)).toEqual([])
  }, 300_000)
})
