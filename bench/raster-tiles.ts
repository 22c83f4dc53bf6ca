// Milliseconds per 256-px Web-Mercator tile: our tile service warping an EPSG:25832 COG, against rendering the
// same data pre-warped to EPSG:3857 on the tile grid (what an EPSG:3857-only COG plugin needs): read the
// tile's block and colour it. Same files served over HTTP, same colour ramp, same run.
// Usage: npm run bench -- raster-tiles [zoom=14] [rounds=5]. Needs gdalwarp for the pre-warped copy.
import { execFileSync } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromUrl } from 'geotiff'
import type { Catalog, RasterLayerEntry } from '../src/model/catalog.ts'
import { Projections } from '../src/projection/registry.ts'
import { colorize } from '../src/sources/raster/render/colorize.ts'
import { tileBoundsMercator, type TileId } from '../src/sources/raster/render/warp.ts'
import { RasterTileService } from '../src/sources/raster/tiles.ts'
import { serveSite } from '../test/browser/helper.ts'

const zoom = Number(process.argv[2] ?? 14)
const rounds = Number(process.argv[3] ?? 5)
const root = fileURLToPath(new URL('..', import.meta.url))
const catalog = JSON.parse(readFileSync(path.join(root, 'data/catalog.json'), 'utf8')) as Catalog
const entry = catalog.layers.find((l) => l.id === 'demo-gelaende') as RasterLayerEntry
const src = path.join(root, 'data', entry.href)

function tileRange(b4326: number[], z: number) {
  const n = 2 ** z
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * n)
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  }
  return { x0: x(b4326[0]), x1: x(b4326[2]), y0: y(b4326[3]), y1: y(b4326[1]) }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-raster-'))
try {
  const r = tileRange(entry.bbox4326, zoom)
  const tiles: TileId[] = []
  for (let y = r.y0; y <= r.y1; y++) for (let x = r.x0; x <= r.x1; x++) tiles.push({ z: zoom, x, y })
  const nx = r.x1 - r.x0 + 1
  const ny = r.y1 - r.y0 + 1
  // The pre-warped copy: exactly the tile grid, one 256² block per tile.
  const lo = tileBoundsMercator({ z: zoom, x: r.x0, y: r.y1 })
  const hi = tileBoundsMercator({ z: zoom, x: r.x1, y: r.y0 })
  await fs.copyFile(src, path.join(dir, 'utm.tif'))
  execFileSync('gdalwarp', ['-q', '-t_srs', 'EPSG:3857', '-te', String(lo[0]), String(lo[1]), String(hi[2]), String(hi[3]), '-ts', String(nx * 256), String(ny * 256),
    '-r', 'bilinear', '-dstnodata', 'nan', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=256', '-co', 'BLOCKYSIZE=256', '-co', 'COMPRESS=DEFLATE', src, path.join(dir, 'mercator.tif')])
  const server = await serveSite(dir)
  const ramp = entry.style.ramp

  const service = new RasterTileService(new Projections())
  service.add(entry, `${server.url}utm.tif`)
  const mercator = await (await fromUrl(`${server.url}mercator.tif`)).getImage()

  const warped = async () => {
    const t0 = performance.now()
    for (const t of tiles) {
      const v = await service.tileValues(entry.id, t)
      if (v) colorize(v, ramp)
    }
    return (performance.now() - t0) / tiles.length
  }
  const prewarped = async () => {
    const t0 = performance.now()
    for (const t of tiles) {
      const px = (t.x - r.x0) * 256
      const py = (t.y - r.y0) * 256
      const [v] = (await mercator.readRasters({ window: [px, py, px + 256, py + 256], samples: [0], interleave: false })) as unknown as Float32Array[]
      colorize(v, ramp)
    }
    return (performance.now() - t0) / tiles.length
  }
  // Warm both (HTTP caches, decoders), then alternate so machine load hits both alike.
  await warped()
  await prewarped()
  const a: number[] = []
  const b: number[] = []
  for (let k = 0; k < rounds; k++) {
    a.push(await warped())
    b.push(await prewarped())
  }
  await server.close()
  const ours = median(a)
  const base = median(b)
  const result = {
    bench: 'raster-tiles',
    raster: path.basename(src),
    zoom,
    tiles: tiles.length,
    rounds,
    warpedMsPerTile: +ours.toFixed(2),
    prewarpedMsPerTile: +base.toFixed(2),
    ratio: +(ours / base).toFixed(2),
    goalRatio: 1.2,
  }
  console.log(`${tiles.length} tiles at zoom ${zoom}: warped from EPSG:25832 ${result.warpedMsPerTile} ms/tile, pre-warped EPSG:3857 ${result.prewarpedMsPerTile} ms/tile, ratio ${result.ratio} (goal ≤ 1.2)`)
  console.log(JSON.stringify(result))
} finally {
  await fs.rm(dir, { recursive: true, force: true })
}
