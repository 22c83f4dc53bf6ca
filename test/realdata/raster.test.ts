// Raster correctness against GDAL on real data: our warped Web-Mercator tiles vs gdalwarp of the same tile
// bounds, and value readout vs gdallocationinfo. Runs the same tile service the portal uses (Node has fetch).
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import type { RasterLayerEntry } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { RasterTileService } from '../../src/sources/raster/tiles.ts'
import { tileBoundsMercator, type TileId } from '../../src/sources/raster/render/warp.ts'
import { serveSite, type StaticServer } from '../browser/helper.ts'
import { shared, sharedDataUnavailable } from './shared.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'

const unavailable = sharedDataUnavailable() ?? gdalToolsMissing('gdalwarp')
if (unavailable) console.warn(`SKIPPED raster GDAL comparison: ${unavailable}`)

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')

function tileAt(lon: number, lat: number, z: number): TileId {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

const RASTERS = [
  { file: 'nrw_dom1_32_356_5699_1_nw_2020_cog.tif', centre: [356500, 5699500], res: 1, zooms: [16, 17, 18] },
  { file: 'gcg2016_quasigeoid_kreis_soest_100m_25832_cog.tif', centre: [438000, 5714000], res: 100, zooms: [10, 12, 14] },
]

describe.skipIf(!!unavailable)('raster tiles and values agree with GDAL', () => {
  let server: StaticServer
  let tmp: string
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-raster-'))
    server = await serveSite(shared('raster'))
  })
  afterAll(async () => {
    await server?.close()
    await fs.rm(tmp, { recursive: true, force: true })
  })

  for (const r of RASTERS) {
    const src = () => shared('raster', r.file)
    const service = () => {
      const s = new RasterTileService(projections)
      s.add({ id: 'r', style: { ramp: [[0, '#000000'], [1, '#ffffff']] } } as RasterLayerEntry, `${server.url}${r.file}`)
      return s
    }

    it(`${r.file}: warped tiles match gdalwarp (bilinear) within half a pixel`, async () => {
      const s = service()
      const [lon, lat] = toLonLat(r.centre as [number, number])
      const report: string[] = []
      for (const z of r.zooms) {
        const t = tileAt(lon, lat, z)
        const ours = (await s.tileValues('r', t))!
        const b = tileBoundsMercator(t)
        const out = path.join(tmp, `gdal-${z}.tif`)
        execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', ...b.map(String), '-ts', '256', '256', '-r', 'bilinear', '-dstnodata', 'nan', '-ovr', 'NONE', src(), out])
        const img = await (await fromArrayBuffer(readFileSync(out).buffer as ArrayBuffer)).getImage()
        // When a tile has coarser pixels than the source, GDAL widens its bilinear kernel (it averages over
        // scale × 2 source pixels) while we sample the fitting level at the pixel centre: allow that much more.
        const tileRes = ((b[2] - b[0]) / 256) * Math.cos((lat * Math.PI) / 180)
        const scale = Math.max(1, tileRes / r.res)
        const [gdal] = (await img.readRasters({ interleave: false })) as unknown as Float32Array[]
        let compared = 0
        let worst = 0
        let within = 0
        for (let y = 1; y < 255; y++) {
          for (let x = 1; x < 255; x++) {
            const i = y * 256 + x
            const g = gdal[i]
            const o = ours[i]
            if (Number.isNaN(g) || Number.isNaN(o)) continue
            // Half a pixel of position error allows a value difference of half the local gradient (per output pixel).
            const neighbours = [gdal[i - 1], gdal[i + 1], gdal[i - 256], gdal[i + 256]].filter((v) => !Number.isNaN(v))
            const gradient = Math.max(0, ...neighbours.map((v) => Math.abs(v - g)))
            const tol = (0.5 + (scale - 1)) * gradient + 1e-3
            compared++
            const d = Math.abs(o - g)
            if (d <= tol) within++
            worst = Math.max(worst, d - tol)
          }
        }
        report.push(`z${z} (${scale.toFixed(2)} source px per tile px): ${compared} px compared, ${((within / compared) * 100).toFixed(2)} % within tolerance`)
        console.log(`${r.file} ${report[report.length - 1]}`)
        expect(compared).toBeGreaterThan(10000)
        // Level choice and edge handling can differ for a few pixels; positions must agree for the rest.
        expect(within / compared).toBeGreaterThan(0.995)
      }
      console.log(`${r.file}: ${report.join('; ')}`)
    })

    it(`${r.file}: value readout equals gdallocationinfo at 25 points`, async () => {
      const s = service()
      const info = execFileSync('gdalinfo', ['-json', src()], { encoding: 'utf8' })
      const { size, geoTransform } = JSON.parse(info) as { size: [number, number]; geoTransform: number[] }
      const rand = mulberry32(99)
      for (let k = 0; k < 25; k++) {
        // Pixel centres, so the comparison does not depend on which side of a pixel edge a point falls.
        const col = Math.floor(rand() * size[0])
        const row = Math.floor(rand() * size[1])
        const e = geoTransform[0] + (col + 0.5) * geoTransform[1]
        const n = geoTransform[3] + (row + 0.5) * geoTransform[5]
        const gdal = execFileSync('gdallocationinfo', ['-valonly', '-geoloc', src(), String(e), String(n)], { encoding: 'utf8' }).trim()
        const [lon, lat] = toLonLat([e, n])
        const ours = await s.valueAt('r', lon, lat)
        if (gdal === '' || Number(gdal) === -32768) expect(ours).toBeNull()
        else expect(ours).toBe(Math.fround(Number(gdal)))
      }
    })
  }
})
