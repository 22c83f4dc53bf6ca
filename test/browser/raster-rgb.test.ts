// An RGB raster in the portal: the demo's synthetic aerial photo (scripts/make-demo.ts, AERIAL) is drawn with its
// own colours in the right places, is transparent outside its extent, and a click reads out all three bands.
import { readFileSync } from 'node:fs'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AERIAL } from '../../scripts/make-demo.ts'
import type { Catalog, RasterLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { colourDistance, DemoPortal, repoPath } from './driver.ts'
import { browserUnavailable } from './helper.ts'

const unavailable = browserUnavailable()
if (unavailable) console.warn(`SKIPPED browser tests: ${unavailable}`)

const BACKGROUND = '#f4f3ef'
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
/** lon/lat of the centre of source pixel (x, y) of the aerial photo. */
const at = (x: number, y: number) => toLonLat([AERIAL.originX + (x + 0.5) * AERIAL.pixel, AERIAL.originY - (y + 0.5) * AERIAL.pixel])
const hex = (rgb: readonly number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`

describe.skipIf(!!unavailable)('RGB raster (demo aerial photo)', () => {
  const catalog = JSON.parse(readFileSync(repoPath('data/catalog.json'), 'utf8')) as Catalog
  const entry = catalog.layers.find((l) => l.id === 'demo-luftbild') as RasterLayerEntry
  let portal: DemoPortal
  beforeAll(async () => {
    portal = await DemoPortal.start(inject('appDir'))
  })
  afterAll(async () => {
    await portal?.close()
  })

  it('is in the catalog as a 3-band layer drawn as RGB', () => {
    expect(entry).toMatchObject({ kind: 'raster', bands: 3, style: { kind: 'rgb' } })
  })

  it('draws the pond, the road crossing and a roof in their colours, and nothing outside its extent', async () => {
    const { pond, road, roofs } = AERIAL
    const [lon, lat] = at(pond.x, pond.y)
    // Zoom 17: one 1 m source pixel is about 1.4 screen pixels; all three places are flat areas many pixels wide.
    // No base map: outside the photo's extent the plain background must show (the demo opens on its base map).
    const d = await portal.open(`#map=17/${lat.toFixed(6)}/${lon.toFixed(6)}&layers=demo-luftbild&basemap=none`)
    expect(d.pageErrors).toEqual([])
    expect(colourDistance(await d.pixelAt(...at(pond.x, pond.y)), hex(pond.rgb))).toBeLessThanOrEqual(2)
    expect(colourDistance(await d.pixelAt(...at(pond.x - 20, pond.y + 5)), hex(pond.rgb))).toBeLessThanOrEqual(2)
    const mid = (road.from + road.to) / 2
    const d2 = await portal.open(`#map=17/${at(mid, mid)[1].toFixed(6)}/${at(mid, mid)[0].toFixed(6)}&layers=demo-luftbild`)
    expect(colourDistance(await d2.pixelAt(...at(mid, mid)), hex(road.rgb))).toBeLessThanOrEqual(2)
    const [x0, y0, x1, y1] = roofs.rects[0]
    expect(colourDistance(await d2.pixelAt(...at((x0 + x1) / 2, (y0 + y1) / 2)), hex(roofs.rgb))).toBeLessThanOrEqual(2)
    // 20 m east of the photo's east edge (2 m inside it, a field) the plain background shows through (the
    // west is under the layer panel in this view).
    expect(colourDistance(await d.pixelAt(...at(AERIAL.width + 20, pond.y)), BACKGROUND)).toBeLessThan(6)
    expect(colourDistance(await d.pixelAt(...at(AERIAL.width - 2, pond.y)), BACKGROUND)).toBeGreaterThan(30)
  })

  it('reads out the three band values where the user clicks', async () => {
    const { pond } = AERIAL
    const [lon, lat] = at(pond.x, pond.y)
    // No base map: outside the photo's extent the plain background must show (the demo opens on its base map).
    const d = await portal.open(`#map=17/${lat.toFixed(6)}/${lon.toFixed(6)}&layers=demo-luftbild&basemap=none`)
    await d.clickAt(lon, lat)
    expect(await d.page.getByTestId('feature-layer').innerText()).toBe('Demo: Luftbild (synthetisch)')
    expect(await d.page.getByTestId('raster-value').innerText()).toBe(`R ${pond.rgb[0]} · G ${pond.rgb[1]} · B ${pond.rgb[2]}`)
    // A textured field pixel: the readout equals the published file's pixel there.
    const image = await (await fromArrayBuffer(new Uint8Array(readFileSync(repoPath('data', entry.href))).slice().buffer)).getImage(0)
    const [fx, fy] = [pond.x - 60, pond.y - 50]
    const [r, g, b] = Array.from((await image.readRasters({ window: [fx, fy, fx + 1, fy + 1], interleave: true })) as unknown as ArrayLike<number>)
    await d.clickAt(...at(fx, fy))
    expect(await d.page.getByTestId('raster-value').innerText()).toBe(`R ${r} · G ${g} · B ${b}`)
  })
})
