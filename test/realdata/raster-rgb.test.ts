// RGB rasters against GDAL on real pixels: rasterio's Landsat excerpt RGB.byte.tif (CC0), placed at Soest in
// EPSG:25832 by gdal_translate (-a_srs/-a_ullr: georeferencing only, pixels unchanged), published by our
// publisher, then drawn by the portal's tile service: each channel of our tiles against gdalwarp -r bilinear of
// the same source, and the click readout against gdallocationinfo.
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { mulberry32 } from '../../scripts/random.ts'
import type { Catalog, RasterLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { RasterTileService } from '../../src/sources/raster/tiles.ts'
import { tileBoundsMercator, type TileId } from '../../src/sources/raster/render/warp.ts'
import { serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'

const unavailable = sharedDataUnavailable() ?? gdalToolsMissing('gdalwarp')
if (unavailable) console.warn(`SKIPPED RGB raster GDAL comparison: ${unavailable}`)

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
/** 791 × 718 pixels of 10 m, upper-left corner north-west of Soest. */
const ORIGIN = [434000, 5718000] as const
const RES = 10

function tileAt(lon: number, lat: number, z: number): TileId {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

/**
 * A corpus image placed at Soest (gdal_translate -a_srs EPSG:25832 -a_ullr, pixels untouched), published and served;
 * the fields are set before the tests of the describe block run.
 */
function usePublishedAtSoest(id: string, corpusFile: string[], width: number, height: number) {
  const f = { tmp: '', src: '', server: undefined as unknown as StaticServer, entry: undefined as unknown as RasterLayerEntry }
  beforeAll(async () => {
    f.tmp = await fs.mkdtemp(path.join(os.tmpdir(), `geoportal-${id}-real-`))
    f.src = path.join(f.tmp, `${id}_25832.tif`)
    const ullr = [ORIGIN[0], ORIGIN[1], ORIGIN[0] + width * RES, ORIGIN[1] - height * RES].map(String)
    execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:25832', '-a_ullr', ...ullr, shared('corpus-geotiff', ...corpusFile), f.src])
    const catalog = path.join(f.tmp, 'catalog')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const code = await main(['publish', f.src, '--catalog', catalog, '--id', id, '--title', id])
    vi.restoreAllMocks()
    expect(code).toBe(0)
    f.entry = (JSON.parse(readFileSync(path.join(catalog, 'catalog.json'), 'utf8')) as Catalog).layers[0] as RasterLayerEntry
    f.server = await serveSite(catalog)
  })
  afterAll(async () => {
    await f.server?.close()
    await fs.rm(f.tmp, { recursive: true, force: true })
  })
  return f
}

describe.skipIf(!!unavailable)('RGB tiles and values agree with GDAL', () => {
  const fixture = usePublishedAtSoest('landsat', ['real', 'rasterio', 'RGB.byte.tif'], 791, 718)
  const service = () => {
    const s = new RasterTileService(projections)
    s.add(fixture.entry, `${fixture.server.url}${fixture.entry.href}`)
    return s
  }

  it('is published as an RGB layer', () => {
    expect(fixture.entry).toMatchObject({ bands: 3, noData: 0, style: { kind: 'rgb' } })
  })

  it('warps every channel like gdalwarp (bilinear) within half a pixel, transparent where GDAL has no data', async () => {
    const s = service()
    // The centre, and the scene's west edge (row 359 has data from column 73; nodata 0 and the raster's edge west of it).
    const centre = toLonLat([ORIGIN[0] + 3955, ORIGIN[1] - 3590])
    const corner = toLonLat([ORIGIN[0] + 730, ORIGIN[1] - 3590])
    let transparent = 0
    for (const [[lon, lat], z] of [[centre, 14], [centre, 15], [centre, 16], [corner, 14], [corner, 15]] as const) {
      const t = tileAt(lon, lat, z)
      const ours = (await s.tilePixels(fixture.entry.id, t))!
      const b = tileBoundsMercator(t)
      const out = path.join(fixture.tmp, `gdal-${z}.tif`)
      execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', ...b.map(String), '-ts', '256', '256', '-r', 'bilinear', '-dstalpha', '-ovr', 'NONE', fixture.src, out])
      const gdal = (await (await (await fromArrayBuffer(readFileSync(out).buffer as ArrayBuffer)).getImage()).readRasters({ interleave: false })) as unknown as Uint8Array[]
      let compared = 0, within = 0, transparentBoth = 0, opaqueBoth = 0, pixels = 0
      for (let y = 1; y < 255; y++) {
        for (let x = 1; x < 255; x++) {
          const i = y * 256 + x
          pixels++
          const gA = gdal[3][i], oA = ours[i * 4 + 3]
          if (gA === 0 && oA === 0) transparentBoth++
          if (gA !== 255 || oA !== 255) continue
          opaqueBoth++
          for (let c = 0; c < 3; c++) {
            const g = gdal[c][i]
            // Half a pixel of position error allows half the local gradient (as for single-band rasters), plus 1 for rounding.
            const gradient = Math.max(...[i - 1, i + 1, i - 256, i + 256].map((k) => Math.abs(gdal[c][k] - g)))
            compared++
            if (Math.abs(ours[i * 4 + c] - g) <= 0.5 * gradient + 1) within++
          }
        }
      }
      transparent += transparentBoth
      console.log(`RGB z${z}: ${compared} channel values compared, ${((within / compared) * 100).toFixed(2)} % within tolerance; ${opaqueBoth} opaque and ${transparentBoth} transparent in both of ${pixels}`)
      expect(compared).toBeGreaterThan(20000)
      expect(within / compared).toBeGreaterThan(0.995)
      // Transparency (nodata 0 in all bands) agrees too: few pixels differ in coverage (edges).
      expect(opaqueBoth + transparentBoth).toBeGreaterThan(0.99 * pixels)
    }
    expect(transparent, 'the edge tiles show nodata and outside').toBeGreaterThan(10000)
  })

  it('reads out the three band values gdallocationinfo gives, at 25 points', async () => {
    const s = service()
    const rand = mulberry32(7)
    for (let k = 0; k < 25; k++) {
      const col = Math.floor(rand() * 791)
      const row = Math.floor(rand() * 718)
      const e = ORIGIN[0] + (col + 0.5) * RES
      const n = ORIGIN[1] - (row + 0.5) * RES
      const gdal = execFileSync('gdallocationinfo', ['-valonly', '-geoloc', fixture.src, String(e), String(n)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number)
      const ours = await s.valuesAt(fixture.entry.id, ...toLonLat([e, n]))
      if (gdal.every((v) => v === 0)) expect(ours).toBeNull()
      else expect(ours).toEqual(gdal)
    }
  })
})

describe.skipIf(!!unavailable)('palette tiles agree with GDAL', () => {
  // The corpus' rgb2pct palette image (256 colours).
  const fixture = usePublishedAtSoest('palette', ['generated', 'rgb', 'rgb_paletted.tif'], 256, 256)

  it('draws each pixel in the colour GDAL gives its index after gdalwarp -r near', async () => {
    expect(fixture.entry).toMatchObject({ bands: 1, style: { kind: 'palette', resampling: 'nearest' } })
    const s = new RasterTileService(projections)
    s.add(fixture.entry, `${fixture.server.url}${fixture.entry.href}`)
    const [lon, lat] = toLonLat([ORIGIN[0] + 1280, ORIGIN[1] - 1280])
    for (const z of [14, 15, 16]) {
      const t = tileAt(lon, lat, z)
      const ours = (await s.tilePixels(fixture.entry.id, t))!
      const b = tileBoundsMercator(t)
      const out = path.join(fixture.tmp, `gdal-${z}.tif`)
      execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', ...b.map(String), '-ts', '256', '256', '-r', 'near', '-dstalpha', '-ovr', 'NONE', fixture.src, out])
      const image = await (await fromArrayBuffer(readFileSync(out).buffer as ArrayBuffer)).getImage()
      const [index, alpha] = (await image.readRasters({ interleave: false })) as unknown as Uint8Array[]
      const colorMap = (await image.fileDirectory.loadValue('ColorMap')) as ArrayLike<number>
      let compared = 0, same = 0
      for (let i = 0; i < 256 * 256; i++) {
        if (alpha[i] !== 255 || ours[i * 4 + 3] !== 255) continue
        compared++
        const k = index[i]
        if (ours[i * 4] === colorMap[k] >> 8 && ours[i * 4 + 1] === colorMap[256 + k] >> 8 && ours[i * 4 + 2] === colorMap[512 + k] >> 8) same++
      }
      console.log(`palette z${z}: ${compared} px compared, ${((same / compared) * 100).toFixed(2)} % the same colour`)
      expect(compared).toBeGreaterThan(20000)
      // Nearest neighbour: only pixels whose centre falls within a hair of a source pixel edge may differ.
      expect(same / compared).toBeGreaterThan(0.995)
    }
  })
})
