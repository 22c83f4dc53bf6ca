// Domain verbs for the portal in a real browser: open at a place, click a place, read what the map shows.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { copyCatalog } from '../../cli/commands/build.ts'
import { launchBrowser, serveSite, type StaticServer } from './helper.ts'

/** A deployable site: the built app plus a catalog (as "geoportal build" makes it). */
export async function makeSite(appDir: string, catalogDir: string, outDir: string): Promise<void> {
  await fs.cp(appDir, outDir, { recursive: true })
  await copyCatalog(catalogDir, outDir, false)
}

/**
 * axe-core WCAG 2.1 A/AA violations as readable lines (empty when none), on the whole page or inside the given
 * selectors. The page must allow injected scripts (bypassCSP: the production CSP forbids them).
 */
export async function axeViolations(page: Page, within?: string[]): Promise<string[]> {
  await page.addScriptTag({ path: repoPath('node_modules/axe-core/axe.min.js') })
  const result = (await page.evaluate(
    (include) =>
      (window as unknown as { axe: { run(c: unknown, o: object): Promise<unknown> } }).axe.run(include ? { include: include.map((s) => [s]) } : document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      }),
    within ?? null,
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join(' | ')}`)
}

/** Collects CSP violations (DOM events and the console's "Refused to …" errors) of a context's pages. */
export async function watchCsp(context: BrowserContext): Promise<() => Promise<string[]>> {
  const logged: string[] = []
  context.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) logged.push(m.text())
  })
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective}: ${e.blockedURI}`))
  })
  return async () => {
    const fromPages = await Promise.all(context.pages().map((p) => p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])))
    return [...logged, ...fromPages.flat()]
  }
}

export class PortalDriver {
  /** Every URL the page requested, to check that nothing goes to another origin. */
  readonly requested: string[] = []
  readonly pageErrors: string[] = []

  private constructor(readonly page: Page) {
    page.on('request', (r) => this.requested.push(r.url()))
    page.on('pageerror', (e) => this.pageErrors.push(e.message))
  }

  /** Presses a planners' tool's button (opening or closing the tool); on phones through the tool menu. */
  async toggleTool(id: string): Promise<void> {
    const menu = this.page.getByTestId('tools-menu-button')
    if ((await menu.count()) > 0 && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click()
    await this.page.getByTestId(`tool-${id}`).click()
  }

  /** A driver for a page the test opened itself (e.g. one whose first view reports an error on purpose). */
  static attach(page: Page): PortalDriver {
    return new PortalDriver(page)
  }

  /** bypassCSP lets a test inject tools such as axe-core into a page served with the production CSP. */
  static async open(browser: Browser, siteUrl: string, hash = '', viewport = { width: 1000, height: 700 }, options: { bypassCSP?: boolean } = {}): Promise<PortalDriver> {
    const page = await browser.newPage({ viewport, ...options })
    const d = new PortalDriver(page)
    await page.goto(`${siteUrl}?bench${hash}`)
    await d.waitForFirstView()
    return d
  }

  async waitForFirstView(): Promise<void> {
    const bench = await this.page.waitForFunction(() => window.__bench, null, { timeout: 60_000 })
    const v = (await bench.jsonValue()) as { error?: string }
    if (v.error) throw new Error(`portal reported: ${v.error}`)
    await this.waitIdle()
  }

  async waitIdle(): Promise<void> {
    // Let a pending move start before waiting for the next idle.
    await this.page.waitForTimeout(50)
    await this.page.waitForSelector('[data-testid="map"][data-idle="true"]', { timeout: 60_000 })
  }

  async hashState(): Promise<{ zoom: number; lat: number; lon: number; layers: string[] }> {
    const hash = await this.page.evaluate(() => location.hash)
    const m = /map=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/.exec(hash)
    const layers = /layers=([^&]*)/.exec(hash)
    if (!m) throw new Error(`no map state in URL hash "${hash}"`)
    return { zoom: +m[1], lat: +m[2], lon: +m[3], layers: layers?.[1] ? decodeURIComponent(layers[1]).split(',') : [] }
  }

  /** Page coordinates of a lon/lat, from the view in the URL (Web Mercator, 512-px world at zoom 0). */
  async screenPoint(lon: number, lat: number): Promise<{ x: number; y: number }> {
    const { zoom, lat: clat, lon: clon } = await this.hashState()
    const box = (await this.page.getByTestId('map').boundingBox())!
    const world = 512 * 2 ** zoom
    const mx = (l: number) => ((l + 180) / 360) * world
    const my = (p: number) => {
      const r = (p * Math.PI) / 180
      return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * world
    }
    return { x: box.x + box.width / 2 + mx(lon) - mx(clon), y: box.y + box.height / 2 + my(lat) - my(clat) }
  }

  /** Clicks a place on the map and waits for the answer to this click (not a previous one). */
  async clickAt(lon: number, lat: number): Promise<void> {
    const p = await this.screenPoint(lon, lat)
    const box = (await this.page.getByTestId('map').boundingBox())!
    if (p.x < box.x || p.y < box.y || p.x > box.x + box.width || p.y > box.y + box.height) {
      throw new Error(`${lon}, ${lat} is outside the map view`)
    }
    // The answer to an earlier click (a popup over the map) may cover this place: close it first, as a user would.
    if (await this.page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="feature-info"]'), p)) await this.closeFeatureInfo()
    const before = await this.page.evaluate(() => document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0')
    await this.page.mouse.click(p.x, p.y)
    await this.page.waitForFunction(
      (b) => (document.querySelector('[data-testid="feature-info"]')?.getAttribute('data-serial') ?? '0') !== b,
      before,
      { timeout: 15_000 },
    )
  }

  /** Closes the feature information (popup or sheet) with its close button. */
  async closeFeatureInfo(): Promise<void> {
    await this.page.getByTestId('feature-info-close').click()
    await this.page.getByTestId('feature-info').waitFor({ state: 'detached' })
  }

  /** Pages the feature information forward until the element with this test id shows (e.g. "raster-value"). */
  async pageTo(testId: string): Promise<void> {
    const next = this.page.getByTestId('feature-info').getByRole('button', { name: /^(Nächstes Objekt|Next feature)$/ })
    while (!(await this.page.getByTestId('feature-info').getByTestId(testId).count())) {
      if (!(await next.count()) || (await next.isDisabled())) throw new Error(`no page of the feature information shows ${testId}`)
      await next.click()
    }
  }

  async featureInfoText(): Promise<string> {
    return (await this.page.getByTestId('feature-info').innerText()).replace(/\s+/g, ' ')
  }

  /** The value shown for an attribute in the feature info (first page). */
  async attribute(name: string): Promise<string> {
    const row = this.page.getByTestId('feature-info').locator('tr').filter({ has: this.page.locator('th', { hasText: new RegExp(`^${name}$`) }) })
    return (await row.locator('td').innerText()).trim()
  }

  /** RGBA of the rendered page at a lon/lat (from a real screenshot). */
  async pixelAt(lon: number, lat: number): Promise<[number, number, number, number]> {
    const p = await this.screenPoint(lon, lat)
    const png = PNG.sync.read(await this.page.screenshot())
    const scale = png.width / (this.page.viewportSize()?.width ?? png.width)
    const i = (Math.round(p.y * scale) * png.width + Math.round(p.x * scale)) * 4
    return [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]
  }

  async setLayerVisible(id: string, on: boolean): Promise<void> {
    await this.page.getByTestId(`layer-${id}`).getByRole('checkbox').setChecked(on)
    await this.waitIdle()
  }

  async checkedLayers(): Promise<string[]> {
    return this.page.$$eval('[data-testid^="layer-"]', (items) =>
      items.filter((li) => (li.querySelector('input[type=checkbox]') as HTMLInputElement | null)?.checked).map((li) => (li as HTMLElement).dataset.testid!.slice(6)),
    )
  }

  // Place search and feature table (issue #6).

  /** The place search field (ARIA combobox), by its German or English label. */
  placeSearch() {
    return this.page.getByRole('combobox', { name: /^(Ort suchen|Search places)$/ })
  }

  /** Types into the place search and returns the offered places as "name | layer title" once they settle. */
  async typePlace(query: string): Promise<string[]> {
    await this.placeSearch().fill(query)
    await this.page.waitForFunction(() => document.querySelector('[data-testid="place-search-status"]')?.textContent !== '', null, { timeout: 15_000 })
    await this.page.waitForFunction(() => !/geladen|Loading/.test(document.querySelector('[data-testid="place-search-status"]')?.textContent ?? ''), null, { timeout: 15_000 })
    return this.page.$$eval('#place-search-list [role=option]', (els) =>
      els.map((e) => `${e.querySelector('.place-name')?.textContent} | ${e.querySelector('.place-layer')?.textContent}`),
    )
  }

  /** Runs an action that moves the map and waits until the URL shows a new view and the map is idle again. */
  async afterMove(action: () => Promise<void>): Promise<void> {
    const before = await this.page.evaluate(() => location.hash)
    await action()
    await this.page.waitForFunction((b) => location.hash !== b, before, { timeout: 15_000 })
    await this.waitIdle()
  }

  /** axe-core WCAG 2.1 A/AA violations as readable lines, on the whole page or inside the given selectors (open
   * the page with bypassCSP: true). */
  async axeViolations(within?: string[]): Promise<string[]> {
    return axeViolations(this.page, within)
  }

  /** Opens the "features in view" disclosure. */
  async openFeatureTable(): Promise<void> {
    const d = this.page.getByTestId('feature-tables')
    if (!(await d.evaluate((e) => (e as HTMLDetailsElement).open))) await d.locator('summary').click()
  }

  /** The feature table of a layer: caption, column headers and cell texts (without the button column). */
  async featureTable(layerId: string): Promise<{ caption: string; headers: string[]; rows: string[][] }> {
    const table = this.page.getByTestId(`feature-table-${layerId}`)
    await table.waitFor({ timeout: 15_000 })
    return table.evaluate((t) => ({
      caption: (t.querySelector('caption')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      headers: [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? '').slice(0, -1),
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, -1).map((td) => td.textContent ?? '')),
    }))
  }

  // Phone layout (issue #15): the panel lives in a bottom sheet below 700 px.

  /** Follows a link of the main navigation (Karte, Qualität, Barrierefreiheit); on a phone through the header menu. */
  async navigate(name: string): Promise<void> {
    const menu = this.page.getByTestId('menu-button')
    if ((await menu.count()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click()
    await this.page.getByRole('link', { name, exact: true }).click()
  }

  /** Switches the UI language by the header's button; on a phone it is in the header menu. */
  async switchLanguage(to: 'English' | 'Deutsch'): Promise<void> {
    const menu = this.page.getByTestId('menu-button')
    if ((await menu.count()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click()
    await this.page.getByRole('button', { name: to }).click()
  }

  /** The panel's bottom sheet (phone layout). */
  sheet() {
    return this.page.getByTestId('panel-sheet')
  }

  /** The sheet's step (peek, half, full), or null without a sheet (desktop). */
  async sheetStep(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('[data-testid="panel-sheet"]')?.getAttribute('data-step') ?? null)
  }

  /** Opens the sheet to a step with the keyboard (the handle's arrow keys) and waits until its height settled. */
  async setSheetStep(step: 'peek' | 'half' | 'full'): Promise<void> {
    const order = ['peek', 'half', 'full']
    const handle = this.page.getByTestId('panel-sheet-handle')
    for (let i = 0; i < 3 && (await this.sheetStep()) !== step; i++) {
      await handle.press(order.indexOf(step) > order.indexOf((await this.sheetStep())!) ? 'ArrowUp' : 'ArrowDown')
    }
    await this.sheetSettled()
  }

  /** Waits until the sheet's height stopped changing (its CSS transition ended). */
  async sheetSettled(): Promise<void> {
    const settled = () =>
      this.page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const el = document.querySelector('[data-testid="panel-sheet"]')
            if (!el) return resolve(true)
            const h = el.getBoundingClientRect().height
            setTimeout(() => resolve(el.getBoundingClientRect().height === h && el.getAnimations().length === 0), 100)
          }),
      )
    for (let i = 0; i < 50 && !(await settled()); i++);
  }

  /** Requests that left the page's own origin (data: and blob: URLs stay in the page). */
  foreignRequests(siteUrl: string): string[] {
    const origin = new URL(siteUrl).origin
    return this.requested.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u))
  }

  async close(): Promise<void> {
    await this.page.close()
  }
}

export const colourDistance = (a: ArrayLike<number>, hex: string) => {
  const v = parseInt(hex.slice(1), 16)
  return Math.max(Math.abs(a[0] - ((v >> 16) & 255)), Math.abs(a[1] - ((v >> 8) & 255)), Math.abs(a[2] - (v & 255)))
}

export const repoPath = (...p: string[]) => path.resolve(fileURLToPath(new URL('../..', import.meta.url)), ...p)

/** A built site (app + catalog) served on loopback, with a browser: what the specs of one file share. */
export class DemoPortal {
  private readonly drivers: PortalDriver[] = []

  private constructor(
    readonly siteDir: string,
    readonly server: StaticServer,
    readonly browser: Browser,
  ) {}

  static async start(appDir: string, catalogDir = repoPath('data')): Promise<DemoPortal> {
    const siteDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-site-')), 'site')
    await makeSite(appDir, catalogDir, siteDir)
    return new DemoPortal(siteDir, await serveSite(siteDir), await launchBrowser())
  }

  /** Every page opened so far (e.g. to check none of them requested another origin). */
  get opened(): readonly PortalDriver[] {
    return this.drivers
  }

  /** Opens the portal at a hash (see PortalDriver.open); closed with the portal. */
  async open(hash: string, viewport?: { width: number; height: number }, options?: { bypassCSP?: boolean }): Promise<PortalDriver> {
    const d = await PortalDriver.open(this.browser, this.server.url, hash, viewport, options)
    this.drivers.push(d)
    return d
  }

  async close(): Promise<void> {
    for (const d of this.drivers) await d.close().catch(() => {})
    await this.browser.close()
    await this.server.close()
    await fs.rm(path.dirname(this.siteDir), { recursive: true, force: true })
  }
}
