// Publishing RGB, RGBA and palette GeoTIFFs end to end (input made by our COG writer, so no GDAL is needed here;
// JPEG/YCbCr and GDAL's own layouts are covered by test/realdata/geotiff-corpus.test.ts).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { describe, expect, it } from 'vitest'
import type { Catalog, LayerDocument, RasterLayerEntry } from '../../src/model/catalog.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { main } from '../main.ts'
import { writeCog, type CogColour } from '../writers/cog.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const box = useCliSandbox('rgb')

const w = 64, h = 48
const band = (f: (x: number, y: number) => number) => Uint8Array.from({ length: w * h }, (_, i) => f(i % w, Math.floor(i / w)))
async function input(name: string, bands: Uint8Array[], colour: CogColour, noData: number | null = null) {
  const file = path.join(box.dir, name)
  await fs.writeFile(file, writeCog({ width: w, height: h, bands, colour, originX: 438000, originY: 5714000, pixelSize: 0.5, epsg: 25832, noData, tileSize: 32 }).bytes)
  return file
}
async function published(id: string) {
  const c = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
  const entry = c.layers.find((l) => l.id === id) as RasterLayerEntry
  const doc = JSON.parse(await fs.readFile(path.join(box.catalog, entry.metaHref), 'utf8')) as LayerDocument
  const image = await (await fromArrayBuffer(new Uint8Array(await fs.readFile(path.join(box.catalog, entry.href))).slice().buffer)).getImage(0)
  return { entry, quality: doc.quality as RasterQualityReport, image }
}
const r = band((x) => x * 4), g = band((_, y) => y * 5), b = band((x, y) => (x + y) % 100)

describe('publishing multi-band rasters', () => {
  it('publishes RGB with bands = 3, an "rgb" style, per-band statistics, and the same pixels', async () => {
    const file = await input('luftbild.tif', [r, g, b], { kind: 'rgb', alpha: false }, 0)
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'luftbild', '--title', 'Luftbild']), box.errors.join()).toBe(0)
    const { entry, quality, image } = await published('luftbild')
    expect(entry.bands).toBe(3)
    expect(entry.style.kind).toBe('rgb')
    expect(entry.style.ramp.length).toBeGreaterThanOrEqual(2)
    expect(quality.bands).toBe(3)
    expect(quality.bandStats?.map((s) => s.max)).toEqual([252, 235, 99])
    // Only (0,0) is 0 in all three bands: the only nodata pixel.
    expect(quality.noDataRate).toBeCloseTo(1 / (w * h), 10)
    const back = (await image.readRasters({ interleave: false })) as unknown as Uint8Array[]
    expect(back.map((x, i) => Buffer.from(x).equals(Buffer.from([r, g, b][i])))).toEqual([true, true, true])
  })

  it('publishes RGBA with alpha and refuses an image that is fully transparent', async () => {
    const a = band((x) => (x < 32 ? 255 : 0))
    const file = await input('rgba.tif', [r, g, b, a], { kind: 'rgb', alpha: true })
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'rgba', '--title', 'RGBA'])).toBe(0)
    const { entry, quality, image } = await published('rgba')
    expect([entry.bands, entry.style.kind, quality.noDataRate]).toEqual([4, 'rgb', 0.5])
    expect(Array.from(image.fileDirectory.getValue('ExtraSamples') as ArrayLike<number>)).toEqual([2])
    const clear = await input('clear.tif', [r, g, b, band(() => 0)], { kind: 'rgb', alpha: true })
    expect(await main(['publish', clear, '--catalog', box.catalog, '--id', 'clear', '--title', 'Clear'])).toBe(1)
    expect(box.errors).toEqual([expect.stringMatching(/clear\.tif: contains only nodata or fully transparent pixels/)])
  })

  it('publishes a palette image with its colours, labels from the style file and nearest resampling', async () => {
    const colorMap = new Uint16Array(768)
    colorMap.set([65535, 0], 2) // red of 2 = 255, red of 3 = 0
    colorMap[256 + 3] = 0x8000 // green of 3 = 128
    const idx = band((x) => (x < 20 ? 2 : 3))
    const file = await input('nutzung.tif', [idx], { kind: 'palette', colorMap })
    const style = path.join(box.dir, 'style.json')
    await fs.writeFile(style, JSON.stringify({ kind: 'palette', opacity: 0.6, palette: [[3, '#00aa00', 'Wald']] }))
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'nutzung', '--title', 'Nutzung', '--style', style]), box.errors.join()).toBe(0)
    const { entry, image } = await published('nutzung')
    expect(entry.bands).toBe(1)
    expect(entry.style).toMatchObject({ kind: 'palette', opacity: 0.6, resampling: 'nearest', palette: [[2, '#ff0000'], [3, '#00aa00', 'Wald']] })
    expect(image.fileDirectory.getValue('PhotometricInterpretation')).toBe(3)
  })

  it('refuses a ramp style for an RGB image, in one line naming the file', async () => {
    const file = await input('foto.tif', [r, g, b], { kind: 'rgb', alpha: false })
    const style = path.join(box.dir, 'ramp.json')
    await fs.writeFile(style, JSON.stringify({ ramp: [[0, '#000000'], [1, '#ffffff']] }))
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'foto', '--title', 'Foto', '--style', style])).toBe(1)
    expect(box.errors).toEqual([expect.stringMatching(/foto\.tif: is an RGB image, but its style is a colour ramp/)])
  })
})
