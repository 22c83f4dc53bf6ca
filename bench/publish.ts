// Publishing 200,000 parcel-like polygons (convert + index + quality) vs native ogr2ogr conversion alone
// (GeoJSON → FlatGeobuf with spatial index), same input, same run. Usage: npm run bench -- publish [count]
import { execFileSync, spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ogr2ogrAvailable } from './_tools.ts'
import { mulberry32 } from '../scripts/random.ts'

const count = Number(process.argv[2] ?? 200_000)
/** Input format: geojson (default) or shp (made from the same data with ogr2ogr). */
const format = process.argv[3] ?? 'geojson'
const runs = 3
const root = fileURLToPath(new URL('..', import.meta.url))

/** Quadrilateral parcels on a jittered grid around Soest, with typical cadastre attributes. */
function parcels(n: number, seed = 1) {
  const rand = mulberry32(seed)
  const side = Math.ceil(Math.sqrt(n))
  const size = 25
  const features = []
  for (let i = 0; i < n; i++) {
    const x = 430000 + (i % side) * size
    const y = 5708000 + Math.floor(i / side) * size
    const j = () => Math.round((rand() - 0.5) * 6 * 100) / 100
    const ring = [[x + j(), y + j()], [x + size + j(), y + j()], [x + size + j(), y + size + j()], [x + j(), y + size + j()]]
    ring.push([...ring[0]])
    features.push({
      type: 'Feature',
      properties: { flurstueck: `05974${String(i).padStart(9, '0')}`, gemarkung: `Soest ${i % 40}`, flaeche: Math.round(size * size * (0.9 + rand() * 0.2)) },
      geometry: { type: 'Polygon', coordinates: [ring] },
    })
  }
  return { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features }
}

function time(fn: () => void): number {
  const t = performance.now()
  fn()
  return (performance.now() - t) / 1000
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-publish-'))
try {
  const geojson = path.join(dir, 'parcels.geojson')
  await fs.writeFile(geojson, JSON.stringify(parcels(count)))
  let input = geojson
  if (format === 'shp') {
    input = path.join(dir, 'parcels.shp')
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', input, geojson], { stdio: 'ignore' })
  }
  const inputBytes = (await fs.stat(input)).size
  const hasOgr = ogr2ogrAvailable()
  const ogr: number[] = []
  const ours: number[] = []
  for (let r = 0; r < runs; r++) {
    if (hasOgr) {
      const out = path.join(dir, `ogr${r}.fgb`)
      ogr.push(time(() => execFileSync('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=YES', out, input], { stdio: 'ignore' })))
    }
    const catalog = path.join(dir, `catalog${r}`)
    ours.push(
      time(() => {
        const p = spawnSync(process.execPath, [path.join(root, 'cli/geoportal.mjs'), 'publish', input, '--catalog', catalog, '--id', 'parcels', '--title', 'Flurstücke'], { encoding: 'utf8' })
        if (p.status !== 0) throw new Error(p.stderr)
      }),
    )
  }
  const result = {
    bench: 'publish',
    features: count,
    format,
    inputMB: +(inputBytes / 1e6).toFixed(1),
    runs,
    ogr2ogrS: hasOgr ? +median(ogr).toFixed(2) : null,
    publishS: +median(ours).toFixed(2),
    ratio: hasOgr ? +(median(ours) / median(ogr)).toFixed(2) : null,
    goalRatio: 2,
  }
  console.log(`ogr2ogr alone: ${result.ogr2ogrS ?? '–'} s; geoportal publish (convert + index + quality + catalog): ${result.publishS} s; ratio ${result.ratio ?? '–'} (goal ≤ 2)`)
  console.log(JSON.stringify(result))
} finally {
  await fs.rm(dir, { recursive: true, force: true })
}
