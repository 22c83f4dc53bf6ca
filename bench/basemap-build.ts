// `geoportal basemap build` on real data: the NRW municipalities (places + boundaries) and districts (boundaries),
// a whole CLI process, median of 3; archive size and tile count. Same run, same data: GDAL's MVT driver cutting
// the municipalities alone to z0–12 (a directory of tiles, no archive) against our build of the same file as
// boundaries, as a ratio. A city's buildings at scale: 60,025 synthetic houses on a 25 m grid (6 km square), in
// process. And the size of the demo base map in data/. Usage: npm run bench -- basemap-build
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ogr2ogrAvailable } from './_tools.ts'
import { buildBasemap } from '../cli/basemap/build.ts'
import { Projections } from '../src/projection/registry.ts'
import type { VectorFeature } from '../cli/vector/model.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const data = path.resolve(process.env.SHARED_DATA ?? path.join(root, '..', 'shared', 'data'), 'vector')
const gemeinden = path.join(data, 'nrw_gemeinden_25832.fgb')
const kreise = path.join(data, 'nrw_kreise_25832.fgb')
const runs = 3
if (!existsSync(gemeinden)) {
  console.log(JSON.stringify({ bench: 'basemap-build', skipped: `no real data at ${data} (set SHARED_DATA)` }))
  process.exit(0)
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
function time(fn: () => void): number {
  const t = performance.now()
  fn()
  return (performance.now() - t) / 1000
}
function build(catalog: string, inputs: string[]): { tiles: number; bytes: number } {
  const p = spawnSync(process.execPath, [path.join(root, 'cli/geoportal.mjs'), 'basemap', 'build', '--catalog', catalog, '--id', 'nrw', '--title', 'NRW', '--attribution', 'GeoBasis-DE / BKG', '--json', ...inputs], { encoding: 'utf8' })
  if (p.status !== 0) throw new Error(p.stderr)
  return JSON.parse(p.stdout.trim().split('\n').at(-1)!)
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-basemap-'))
try {
  const full = ['--places', gemeinden, '--boundaries', kreise, '--boundaries', gemeinden, '--admin-levels', '6,8']
  const same = ['--boundaries', gemeinden, '--maxzoom', '12']
  const hasOgr = ogr2ogrAvailable()
  const t = { full: [] as number[], same: [] as number[], ogr: [] as number[] }
  let result = { tiles: 0, bytes: 0 }
  let sameResult = { tiles: 0, bytes: 0 }
  let ogrTiles = 0
  for (let r = 0; r < runs; r++) {
    t.full.push(time(() => (result = build(path.join(dir, `full${r}`), full))))
    t.same.push(time(() => (sameResult = build(path.join(dir, `same${r}`), same))))
    if (hasOgr) {
      const out = path.join(dir, `ogr${r}`)
      t.ogr.push(time(() => execFileSync('ogr2ogr', ['-f', 'MVT', out, gemeinden, '-dsco', 'MINZOOM=0', '-dsco', 'MAXZOOM=12'], { stdio: 'ignore' })))
      ogrTiles = execFileSync('find', [out, '-name', '*.pbf'], { encoding: 'utf8' }).trim().split('\n').length
    }
  }
  const houses: VectorFeature[] = []
  for (let i = 0; i < 245; i++) {
    for (let j = 0; j < 245; j++) {
      const [x, y] = [435000 + i * 25, 5711000 + j * 25]
      houses.push({ geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 12, y], [x + 12, y + 10], [x, y + 10], [x, y]]] }, properties: {} })
    }
  }
  const projections = new Projections()
  const tHouses: number[] = []
  let housesResult: { tiles: number; archive: Uint8Array } = { tiles: 0, archive: new Uint8Array(0) }
  for (let r = 0; r < runs; r++) {
    tHouses.push(time(() => (housesResult = buildBasemap([{ role: 'buildings', file: 'houses', data: { crs: 'EPSG:25832', columns: [], features: houses } }], projections, { title: 'x', attribution: '' }))))
  }
  const demo = path.join(root, 'data/basemaps/demo/demo.pmtiles')
  const out = {
    bench: 'basemap-build',
    inputs: 'NRW municipalities (396, places + boundaries) + districts (53, boundaries)',
    seconds: +median(t.full).toFixed(2),
    tiles: result.tiles,
    archiveBytes: result.bytes,
    sameAsGdal: { seconds: +median(t.same).toFixed(2), tiles: sameResult.tiles, archiveBytes: sameResult.bytes },
    gdalMvt: hasOgr ? { seconds: +median(t.ogr).toFixed(2), tiles: ogrTiles } : null,
    ratioToGdal: hasOgr ? +(median(t.same) / median(t.ogr)).toFixed(2) : null,
    buildings60k: { seconds: +median(tHouses).toFixed(2), tiles: housesResult.tiles, archiveBytes: housesResult.archive.length },
    demoBasemapBytes: existsSync(demo) ? (await fs.stat(demo)).size : null,
    runs,
  }
  console.log(`basemap build NRW: ${out.seconds} s, ${out.tiles} tiles, ${out.archiveBytes} bytes; municipalities alone ${out.sameAsGdal.seconds} s vs GDAL MVT ${out.gdalMvt?.seconds ?? '–'} s`)
  console.log(JSON.stringify(out))
} finally {
  await fs.rm(dir, { recursive: true, force: true })
}
