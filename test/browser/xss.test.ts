// Hostile strings from data and metadata must stay text in the portal. A catalog is published with the real
// publisher (in-process) whose attribute values, attribute names, titles, descriptions, keywords, departments,
// attributions, legend labels and input file name carry XSS payloads; the catalog title, a rejected catalog
// entry and the URL hash carry more. The portal is opened in Chromium, every feature is clicked, and:
// no payload runs (each would set window.__xss or open a dialog), each shows as literal text, no dangerous
// element or attribute is created from data, and only http(s) values become links.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import type { Catalog } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { makeSite, PortalDriver } from './driver.ts'
import { browserUnavailable, launchBrowser, serveWithNode, type StaticServer } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED XSS browser tests: ${unavailable}`)

const X = 'window.__xss=true'
/** Distinct payloads; each one, if it ran, would set window.__xss or call alert. */
const PAYLOADS: string[] = [
  `<script>${X}</script>`,
  `<img src=x onerror="${X}">`,
  `<svg onload="${X}">`,
  `<svg><script>${X}</script></svg>`,
  `javascript:${X}`,
  `JaVaScRiPt:alert('xss6')`,
  ` javascript:alert('xss7')`,
  `"><script>${X}</script>`,
  `'><img src=x onerror=alert('xss9')>`,
  `</td></tr></table><script>${X}</script>`,
  `<iframe src="javascript:parent.__xss=true"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss=true</script>"></iframe>`,
  `<body onload="${X}">`,
  `<div onmouseover="${X}">hover xss14</div>`,
  `<a href="javascript:${X}">klick xss15</a>`,
  `<input autofocus onfocus="${X}">`,
  `<details open ontoggle="${X}">`,
  `<video><source onerror="${X}"></video>`,
  `<audio src=x onerror="${X}">`,
  `<object data="javascript:${X}"></object>`,
  `<embed src="javascript:${X}">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${X}">`,
  `{{constructor.constructor('${X}')()}}`,
  `{{7*7}} xss24`,
  `\${${X}}`,
  `<%= ${X} %>`,
  `#{${X}}`,
  `<div style="background:url(javascript:${X})">xss28</div>`,
  `<div style="width:expression(${X})">xss29</div>`,
  `expression(alert('xss30'))`,
  `data:text/html,<script>${X}</script>`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9dHJ1ZTwvc2NyaXB0Pg==`,
  `&lt;script&gt;${X}&lt;/script&gt;`,
  `&#60;img src=x onerror=${X}&#62;`,
  `&#x3C;svg onload=${X}&#x3E;`,
  `\\u003cscript\\u003e${X}\\u003c/script\\u003e`,
  `＜script＞${X}＜/script＞`,
  `\u202E<script>${X}</script>`,
  `<scr\u200Bipt>${X}</scr\u200Bipt>`,
  `<<script>script>${X}<</script>/script>`,
  `<ScRiPt>${X}</sCrIpT>`,
  `<script src="data:,${X}"></script>`,
  `http://example.org/javascript:alert('xss43')`,
  `https://example.org/"><img/src=x/onerror=${X}>`,
  `http://example.org/?q=<script>${X}</script>`,
  `javascript://example.org/%0A${X}`,
  `https://example.org javascript:alert('xss47')`,
  `vbscript:msgbox("xss48")`,
  `<meta http-equiv="refresh" content="0;url=javascript:${X}">`,
  `<base href="javascript:${X}//">`,
  `<form action="javascript:${X}"><button>xss51</button></form>`,
  `<link rel=import href="data:text/html,<script>${X}</script>">`,
  `<style>@import 'javascript:${X}';</style>`,
  `"onmouseover="${X}`,
  `' onfocus='${X}' autofocus x='`,
  `<!--<img src="--><img src=x onerror=${X}//">`,
  `]]><script>${X}</script>`,
  `<x:script xmlns:x="http://www.w3.org/1999/xhtml">${X}</x:script>`,
  `<noscript><p title="</noscript><img src=x onerror=${X}>">`,
  `\\"><img src=x onerror=${X}>`,
  `<svg><animate onbegin="${X}" attributeName=x dur=1s>`,
  `<marquee onstart="${X}">xss63</marquee>`,
  `%3Cscript%3E${encodeURIComponent(X)}%3C%2Fscript%3E`,
  `<img src=x onerror=&#x77;indow.__xss=true>`,
  `{"__html":"<img src=x onerror=${X}>"}`,
  `<script>\n${X}\n</script>`,
  `<img src="x" onerror="alert(String.fromCharCode(88,83,83))">`,
  `<svg><a xlink:href="javascript:${X}"><text x="20" y="20">xss68</text></a></svg>`,
  `<isindex type=image src=1 onerror=${X}>`,
  `<div id="x" onclick="${X}" style="position:fixed;inset:0">xss70</div>`,
]

const TITLES = PAYLOADS.slice(0, 4).concat(`Titel "><img src=x onerror=alert('t5')> & <b>fett</b>`)
const ATTRIBUTIONS = [
  `© <img src=x onerror="${X}"> Stadt`,
  `<a href="javascript:${X}">Quelle A</a>`,
  `<script>alert('attrib3')</script> Daten B`,
  `"><svg onload=alert('attrib4')> Daten C`,
  `&lt;b&gt;entity&lt;/b&gt; <style>*{display:none}</style> D`,
]
const LEGEND_LABELS = [`<img src=x onerror="alert('legend1')">`, `<b onmouseover="${X}">legend2</b>`]
const CATALOG_TITLE = `Geoportal <script>${X}</script> <img src=x onerror=alert('ct')>`
const REJECTED_ID = `<img src=x onerror="alert('rejected')">`
const INPUT_NAME = `"><svg onload=alert('xss-file')>.geojson`

const CENTRE = [438000, 5714000] as const
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
const SPACING = 40
const COLS = 9
/** Position of value feature i (EPSG:25832 → lon/lat). */
const valuePos = (i: number) => toLonLat([CENTRE[0] - 160 + (i % COLS) * SPACING, CENTRE[1] + 140 - Math.floor(i / COLS) * SPACING])
const namesPos = toLonLat([CENTRE[0] + 240, CENTRE[1] + 140])
const titlePos = (k: number) => toLonLat([CENTRE[0] + 240, CENTRE[1] + 60 - k * SPACING])

const point = (lonLat: number[], properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: lonLat }, properties })
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

describe.skipIf(!!unavailable)('hostile strings stay text in the portal', () => {
  let dir: string
  let siteDir: string
  let server: StaticServer
  let browser: Browser
  const catalogDir = () => path.join(dir, 'catalog')

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-xss-'))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    const write = async (name: string, data: string) => {
      const f = path.join(dir, name)
      await fs.writeFile(f, data)
      return f
    }
    const meta = async (name: string, m: Record<string, unknown>) => write(name, JSON.stringify({ personalData: 'none', ...m }))
    const publish = async (file: string, id: string, metaFile: string, ...extra: string[]) => {
      const code = await main(['publish', file, '--catalog', catalogDir(), '--id', id, '--meta', metaFile, ...extra])
      if (code !== 0) throw new Error(`publish ${id} failed: ${errors.join('\n')}`)
    }
    const common = {
      description: PAYLOADS.join(' | '),
      keywords: PAYLOADS,
      department: PAYLOADS[1],
      contact: { name: PAYLOADS[2], email: 'geo@example.org' },
      lineage: PAYLOADS[3],
    }
    // Values: one point per payload; names: one point whose attribute NAMES are the payloads.
    const values = await write(INPUT_NAME, collection(PAYLOADS.map((p, i) => point(valuePos(i), { nr: i, wert: p }))))
    // Searchable: the payloads are place names as well (place search, issue #6).
    await publish(values, 'xss-werte', await meta('werte.json', { ...common, title: TITLES[0], attribution: ATTRIBUTIONS[0] }), '--searchable', 'wert')
    const names = await write('namen.geojson', collection([point(namesPos, Object.fromEntries(PAYLOADS.map((p, i) => [p, i])))]))
    await publish(names, 'xss-namen', await meta('namen.json', { ...common, title: TITLES[1], attribution: ATTRIBUTIONS[1] }))
    for (let k = 2; k < TITLES.length; k++) {
      const f = await write(`titel${k}.geojson`, collection([point(titlePos(k), { nr: 1000 + k, art: LEGEND_LABELS[k % 2] })]))
      const style = await write(`style${k}.json`, JSON.stringify({ color: '#0072B2', categories: { attribute: 'art', values: [{ value: LEGEND_LABELS[k % 2], color: '#D55E00', label: LEGEND_LABELS[k % 2] }] } }))
      await publish(f, `xss-titel-${k}`, await meta(`titel${k}.json`, { ...common, title: TITLES[k], attribution: ATTRIBUTIONS[k] }), '--style', style)
    }
    siteDir = path.join(dir, 'site')
    await makeSite(inject('appDir'), catalogDir(), siteDir)
    // What an edited or hostile catalog.json can carry beyond the publisher: its title and a broken entry.
    const site = JSON.parse(await fs.readFile(path.join(siteDir, 'catalog.json'), 'utf8')) as Catalog & { layers: unknown[] }
    site.title = CATALOG_TITLE
    site.layers.push({ id: REJECTED_ID, title: PAYLOADS[0], kind: 'vector', href: 'javascript:alert(1)', metaHref: 'x' })
    await fs.writeFile(path.join(siteDir, 'catalog.json'), JSON.stringify(site))
    // The plain Node server on purpose: no Content-Security-Policy header, so this spec tests the app's own
    // handling of hostile strings. The production headers (deploy/geoportal.conf) are a second line of defence.
    server = await serveWithNode(siteDir)
    browser = await launchBrowser()
  }, 300_000)

  afterAll(async () => {
    vi.restoreAllMocks()
    await browser?.close()
    await server?.close()
    await fs.rm(dir, { recursive: true, force: true })
  })

  /** Records dialogs, and (from DOMContentLoaded) every dangerous element or attribute added to the page. */
  async function instrument(page: Page, dialogs: string[]) {
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.addInitScript(() => {
      const w = window as unknown as { __xssEvents: string[] }
      w.__xssEvents = []
      const badTag = /^(script|img|svg|iframe|frame|frameset|object|embed|style|meta|base|form|video|audio|source|math|template|image|marquee|noscript|isindex|xmp|applet)$/i
      const badUrl = /^\s*(javascript|vbscript|data):/i
      // The portal's own icons (src/ui/common/Icon.tsx): an svg.icon with exactly one filled path and nothing else.
      const ownIcon = (el: Element) =>
        el.localName === 'svg' &&
        el.getAttribute('class') === 'icon' &&
        el.attributes.length === 6 &&
        el.children.length === 1 &&
        el.children[0].localName === 'path' &&
        el.children[0].attributes.length === 2 &&
        el.children[0].children.length === 0
      const check = (el: Element) => {
        const tag = el.localName
        if (tag === 'link') {
          // Vite preloads its own chunks; anything else is foreign.
          const href = (el as HTMLLinkElement).href
          if (!href.startsWith(`${location.origin}/`) || !/\/assets\//.test(href)) w.__xssEvents.push(`link ${href}`)
        } else if (badTag.test(tag) && !ownIcon(el)) w.__xssEvents.push(`<${tag}> ${el.outerHTML.slice(0, 120)}`)
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name)) w.__xssEvents.push(`${tag}[${a.name}]`)
          if (/^(href|src|srcdoc|action|formaction|data|xlink:href|poster|background)$/i.test(a.name) && badUrl.test(a.value)) w.__xssEvents.push(`${tag}[${a.name}=${a.value.slice(0, 60)}]`)
        }
      }
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.type === 'attributes' && r.target instanceof Element) check(r.target)
            for (const n of Array.from(r.addedNodes)) {
              if (!(n instanceof Element)) continue
              check(n)
              for (const d of Array.from(n.querySelectorAll('*'))) check(d)
            }
          }
        }).observe(document.documentElement, { childList: true, subtree: true, attributes: true })
      })
    })
  }

  async function openPortal(hash: string) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    const dialogs: string[] = []
    await instrument(page, dialogs)
    // PortalDriver.open makes its own page; the instrumentation must be in place before the first script runs.
    const d = new (PortalDriver as unknown as new (p: Page) => PortalDriver)(page)
    await page.goto(`${server.url}?bench${hash}`)
    await d.waitForFirstView()
    return { d, page, dialogs }
  }

  const executed = async (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)
  const events = async (page: Page) => page.evaluate(() => (window as unknown as { __xssEvents: string[] }).__xssEvents)
  const text = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''))

  it(`shows ${PAYLOADS.length} payloads in values, attribute names, titles, attributions and legends as text, runs none`, async () => {
    const ids = ['xss-werte', 'xss-namen', ...TITLES.slice(2).map((_, k) => `xss-titel-${k + 2}`)]
    const [lon, lat] = toLonLat([CENTRE[0] + 40, CENTRE[1]])
    const hostileHash = `&x=${encodeURIComponent(`<img src=x onerror=alert('hash')>`)}`
    const { d, page, dialogs } = await openPortal(`#map=15.5/${lat.toFixed(6)}/${lon.toFixed(6)}&layers=${ids.join(',')}${hostileHash}`)

    // Catalog title, rejected entry, layer titles, legend labels, attributions: literal text.
    expect(await text(page, 'h1')).toEqual([CATALOG_TITLE])
    expect((await text(page, '[role="alert"]')).join(' ')).toContain(REJECTED_ID)
    for (const [k, id] of ids.entries()) expect(await text(page, `[data-testid="layer-${id}"] .layer-title`)).toEqual([TITLES[k]])
    const legends = (await text(page, '[data-testid^="legend-"] li')).join('\n')
    for (const l of LEGEND_LABELS) expect(legends).toContain(l)
    const attribution = (await text(page, '.maplibregl-ctrl-attrib-inner')).join('')
    for (const a of ATTRIBUTIONS) expect(attribution).toContain(a)

    // Every value feature: the value as text, exactly.
    const linkTargets: string[] = []
    for (let i = 0; i < PAYLOADS.length; i++) {
      const [plon, plat] = valuePos(i)
      await d.clickAt(plon, plat)
      const row = await page.waitForFunction(
        (nr) => {
          const rows = Array.from(document.querySelectorAll('[data-testid="feature-info"] tr'))
          const cells = (name: string) => rows.find((r) => r.querySelector('th')?.textContent === name)?.querySelector('td')
          if (cells('nr')?.textContent !== String(nr)) return null
          const td = cells('wert')!
          return { text: td.textContent, links: Array.from(td.querySelectorAll('a')).map((a) => a.getAttribute('href')), elements: td.querySelectorAll('*').length }
        },
        i,
        { timeout: 15_000 },
      )
      const shown = (await row.jsonValue()) as { text: string; links: string[]; elements: number }
      expect(shown.text, `payload ${i}`).toBe(PAYLOADS[i])
      const isLink = /^https?:\/\/\S+$/i.test(PAYLOADS[i])
      expect(shown.links, `payload ${i}`).toEqual(isLink ? [PAYLOADS[i]] : [])
      expect(shown.elements, `payload ${i}: elements made from the value`).toBe(isLink ? 1 : 0)
      linkTargets.push(...shown.links)
    }
    expect(linkTargets.length).toBe(3)
    for (const href of linkTargets) expect(href).toMatch(/^https?:\/\//)

    // The feature whose attribute names are the payloads.
    await d.clickAt(namesPos[0], namesPos[1])
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="feature-info"] th').length === n, PAYLOADS.length, { timeout: 15_000 })
    const names = await text(page, '[data-testid="feature-info"] th')
    expect(new Set(names)).toEqual(new Set(PAYLOADS))
    expect(await text(page, '[data-testid="feature-layer"]')).toEqual([TITLES[1]])

    // Nothing dangerous anywhere in the panels; nothing ran; no request left the site.
    // svg.icon: the portal's own icons (the init script above checks their exact shape as they are added).
    const dangerous = 'script, img, svg:not(.icon), iframe, object, embed, style, link, meta, base, form, video, audio, math, [onerror], [onload], [onclick]'
    for (const sel of ['[data-testid="feature-info"]', '.panel', '.maplibregl-ctrl-attrib', 'header']) {
      expect(await page.$$eval(`${sel} :is(${dangerous})`, (els) => els.length), sel).toBe(0)
    }
    expect(await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!).filter((h) => !/^(https?:|#|\.?\/)/i.test(h)))).toEqual([])
    await page.waitForTimeout(500)
    expect(await events(page)).toEqual([])
    expect(dialogs).toEqual([])
    expect(await executed(page)).toBeUndefined()
    expect(d.foreignRequests(server.url)).toEqual([])
    expect(d.pageErrors).toEqual([])
    // The hostile hash key is kept as data, not interpreted.
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`<img src=x onerror=alert('hash')>`)
    await page.close()
  })

  it('shows the payloads in the feature table and the place search as text, runs none', async () => {
    const [lon, lat] = toLonLat([CENTRE[0] + 40, CENTRE[1]])
    const { d, page, dialogs } = await openPortal(`#map=15.5/${lat.toFixed(6)}/${lon.toFixed(6)}&layers=xss-werte,xss-namen`)
    await d.openFeatureTable()
    const values = await page.waitForFunction(
      (n) => {
        const rows = Array.from(document.querySelectorAll('[data-testid="feature-table-xss-werte"] tbody tr'))
        return rows.length === n ? rows.map((r) => ({ text: r.querySelectorAll('td')[1].textContent, elements: r.querySelectorAll('td')[1].querySelectorAll('*').length })) : null
      },
      PAYLOADS.length,
      { timeout: 15_000 },
    )
    const shown = (await values.jsonValue()) as { text: string; elements: number }[]
    expect(new Set(shown.map((v) => v.text))).toEqual(new Set(PAYLOADS))
    expect(shown.every((v) => v.elements === 0)).toBe(true)
    expect(new Set((await text(page, '[data-testid="feature-table-xss-namen"] thead th')).slice(0, -1))).toEqual(new Set(PAYLOADS))
    expect(await text(page, '[data-testid="feature-table-xss-werte"] caption .table-layer')).toEqual([TITLES[0]])
    // Place search over the payloads: names as text.
    for (const q of ['script', 'img', 'javascript']) {
      await d.placeSearch().fill(q)
      await page.waitForFunction(() => document.querySelectorAll('#place-search-list [role=option]').length > 0, null, { timeout: 15_000 })
      // (The index keeps names on one line: whitespace runs become one space.)
      for (const name of await text(page, '#place-search-list .place-name')) expect(PAYLOADS.map((p) => p.replace(/\s+/g, ' ').trim())).toContain(name)
      expect(await page.$$eval('#place-search-list .place-name *', (els) => els.length)).toBe(0)
    }
    await page.waitForTimeout(500)
    expect(await events(page)).toEqual([])
    expect(dialogs).toEqual([])
    expect(await executed(page)).toBeUndefined()
    expect(d.pageErrors).toEqual([])
    await page.close()
  })

  it('the detectors see a payload that does run (self-test of this spec)', async () => {
    const { page, dialogs } = await openPortal(`#map=15/51.5711/8.1059&layers=xss-titel-2`)
    await page.evaluate((html) => {
      const div = document.createElement('div')
      div.innerHTML = html
      document.body.append(div)
    }, `${PAYLOADS[1]}<img src=y onerror="alert('self-test')">`)
    await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === true)
    await page.waitForTimeout(200)
    expect(await executed(page)).toBe(true)
    expect(dialogs).toEqual(['self-test'])
    expect((await events(page)).length).toBeGreaterThanOrEqual(2)
    await page.close()
  })

  it('switching the language re-renders everything without running a payload', async () => {
    const { page, dialogs } = await openPortal(`#map=15/51.5711/8.1059&layers=xss-namen,xss-titel-2`)
    await page.locator('button.lang').click()
    await page.waitForTimeout(300)
    expect(await text(page, '[data-testid="layer-xss-titel-2"] .layer-title')).toEqual([TITLES[2]])
    expect(await events(page)).toEqual([])
    expect(dialogs).toEqual([])
    expect(await executed(page)).toBeUndefined()
    await page.close()
  })
})
