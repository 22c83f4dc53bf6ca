// Smooth panning and dense point layers (issue #15): features loaded cell by cell are kept across moves (a pan
// back loads nothing, nothing is drawn twice), a dense point layer draws clusters with counts at low zoom, a
// click on a cluster zooms in and its information says how many it holds, and at high zoom identify returns the
// real feature. Data: seeded layers published with the real publisher into a temporary catalog.
// SCREENSHOTS=<dir> saves the NRW-like schools clustered at state zoom at 1280×800 and 375×667.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fgbInput, schools } from '../../bench/_nrw-like.ts'
import { main } from '../../cli/main.ts'
import type { VectorFeature } from '../../cli/vector/model.ts'
import { Projections } from '../../src/projection/registry.ts'
import { DemoPortal, type PortalDriver } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED pan browser tests: ${unavailable}`)
const SHOTS = process.env.SCREENSHOTS

const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
/** Three groups of 200 points (10 m apart), 30 km from each other, around Soest. */
const GROUPS: [number, number][] = [
  [410_000, 5_710_000],
  [440_000, 5_710_000],
  [470_000, 5_710_000],
]
const PER_GROUP = 200

function groups(): VectorFeature[] {
  const out: VectorFeature[] = []
  GROUPS.forEach(([e, n], g) => {
    for (let i = 0; i < PER_GROUP; i++) {
      out.push({ geometry: { type: 'Point', coordinates: [e + (i % 15) * 10, n + Math.floor(i / 15) * 10] }, properties: { nr: `${g + 1}-${i + 1}`, gruppe: g + 1 } })
    }
  })
  return out
}

const centreOf = ([e, n]: [number, number]) => toLonLat([e + 70, n + 65])
const at = (p: number[], zoom: number) => `map=${zoom}/${p[1].toFixed(6)}/${p[0].toFixed(6)}`

async function publish(catalog: string, dir: string, id: string, features: VectorFeature[]) {
  const file = path.join(dir, `${id}.fgb`)
  await fs.writeFile(file, fgbInput(features))
  const log = console.log
  console.log = () => {}
  try {
    const code = await main(['publish', file, '--catalog', catalog, '--id', id, '--title', id, '--allow-outside-area'])
    if (code !== 0) throw new Error(`publish ${id} failed`)
  } finally {
    console.log = log
  }
}

describe.skipIf(!!unavailable)('panning and clustering', () => {
  let portal: DemoPortal
  let tmp: string
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-pan-'))
    const catalog = path.join(tmp, 'catalog')
    await publish(catalog, tmp, 'gruppen', groups())
    await publish(catalog, tmp, 'schulen', schools())
    portal = await DemoPortal.start(inject('appDir'), catalog)
  })
  afterAll(async () => {
    await portal?.close()
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  const fgbRequests = () => portal.server.requests.filter((r) => r.path.endsWith('.fgb')).length

  /** Drags the map (as a user does; a new hash would re-create the map) until a lon/lat is at its centre. */
  async function panTo(d: PortalDriver, lon: number, lat: number) {
    const box = (await d.page.getByTestId('map').boundingBox())!
    const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    for (let i = 0; i < 12; i++) {
      const p = await d.screenPoint(lon, lat)
      const dx = Math.max(-200, Math.min(200, c.x - p.x))
      const dy = Math.max(-200, Math.min(200, c.y - p.y))
      if (Math.abs(dx) < 3 && Math.abs(dy) < 3) return
      await d.afterMove(async () => {
        await d.page.mouse.move(c.x - dx / 2, c.y - dy / 2)
        await d.page.mouse.down()
        await d.page.mouse.move(c.x + dx / 2, c.y + dy / 2, { steps: 8 })
        await d.page.mouse.up()
      })
    }
  }

  it('keeps loaded features across moves: a pan back loads nothing and nothing is counted twice', async () => {
    const d = await portal.open(`#${at(centreOf(GROUPS[0]), 11)}&layers=gruppen`)
    const status = d.page.getByTestId('layer-gruppen').locator('.layer-status')
    await expect.poll(() => status.innerText()).toMatch(/^200\b/)
    await panTo(d, ...(centreOf(GROUPS[1]) as [number, number]))
    // Both groups are kept: the first one was not dropped when the view moved on.
    await expect.poll(() => status.innerText()).toMatch(/^400\b/)
    const before = fgbRequests()
    await panTo(d, ...(centreOf(GROUPS[0]) as [number, number]))
    await panTo(d, ...(centreOf(GROUPS[1]) as [number, number]))
    expect(fgbRequests()).toBe(before)
    // Zoomed out over all three: the third group is added, the others are not added twice.
    for (let i = 0; i < 2; i++) await d.afterMove(() => d.page.getByRole('button', { name: 'Karte verkleinern' }).click())
    await expect.poll(() => status.innerText()).toMatch(/^600\b/)
    expect(d.pageErrors).toEqual([])
  })

  it('draws a dense point layer as clusters: identify tells the count, a click zooms in', async () => {
    const g = centreOf(GROUPS[0])
    const d = await portal.open(`#${at(g, 9)}&layers=gruppen`)
    await d.clickAt(g[0], g[1])
    expect(await d.page.getByTestId('cluster-count').innerText()).toBe(`Gruppe aus ${PER_GROUP} Objekten. Klicken oder hineinzoomen, um die einzelnen Objekte zu sehen.`)
    // The same click zooms in towards the group.
    await expect.poll(async () => (await d.hashState()).zoom, { timeout: 15_000 }).toBeGreaterThan(9.5)
    await d.waitIdle()
  })

  it('at high zoom, identify returns the real feature', async () => {
    // The 18th point of group 2: column 2, row 1 of its grid.
    const [lon, lat] = toLonLat([GROUPS[1][0] + 20, GROUPS[1][1] + 10])
    const d = await portal.open(`#${at([lon, lat], 18)}&layers=gruppen`)
    await d.clickAt(lon, lat)
    expect(await d.page.getByTestId('cluster-count').count()).toBe(0)
    expect(await d.attribute('nr')).toBe('2-18')
  })

  it('clusters the 5,507 NRW-like schools at state zoom (screenshots with SCREENSHOTS=<dir>)', async () => {
    // Where the schools are densest (a town's centre: the 2 km square with the most of them): a cluster there.
    const bins = new Map<string, number[][]>()
    for (const f of schools()) {
      const [e, n] = f.geometry!.coordinates as number[]
      const k = `${Math.floor(e / 2000)}/${Math.floor(n / 2000)}`
      bins.set(k, [...(bins.get(k) ?? []), [e, n]])
    }
    const densest = [...bins.values()].sort((a, b) => b.length - a.length)[0]
    const [lon, lat] = toLonLat([densest.reduce((s, p) => s + p[0], 0) / densest.length, densest.reduce((s, p) => s + p[1], 0) / densest.length])
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
      const d = await portal.open(`#${at([lon, lat], 7.4)}&layers=schulen`, viewport)
      // Thousands loaded (the view holds most of the state), drawn as clusters.
      await expect.poll(async () => Number((await d.page.getByTestId('layer-schulen').locator('.layer-status').innerText()).replace(/\D/g, ''))).toBeGreaterThan(2000)
      if (SHOTS) {
        await fs.mkdir(SHOTS, { recursive: true })
        await d.page.screenshot({ path: path.join(SHOTS, `pan-clusters-${viewport.width}x${viewport.height}.png`) })
      }
      if (viewport.width > 1000) {
        await d.clickAt(lon, lat)
        const text = await d.page.getByTestId('cluster-count').innerText()
        expect(Number(/(\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(densest.length)
      }
      expect(d.pageErrors).toEqual([])
    }
  })
})
