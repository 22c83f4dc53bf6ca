// Reading a GeoPackage layer: the own SQLite/WKB reader (cli/readers/geopackage) against gdal3.js (the previous
// path: copy into GDAL's memory file system, ogr2ogr to FlatGeobuf, decode), same file, same run, alternating;
// medians. gdal3.js's thread start is measured apart (a publish pays it once). The file is N seeded polygons
// with five attributes, written by the ogr2ogr binary.
//   npx tsx bench/geopackage-read.ts [features] [rounds]      (or: npm run bench -- geopackage-read [features])
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readWithGdal, startGdalThread } from '../cli/readers/gdal.ts'
import { openGeoPackage, readGeoPackage } from '../cli/readers/geopackage/geopackage.ts'
import { mulberry32 } from '../scripts/random.ts'
import { ogr2ogrAvailable } from './_tools.ts'

const N = Number(process.argv[2] ?? 200_000)
const ROUNDS = Number(process.argv[3] ?? 3)

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

if (!ogr2ogrAvailable()) process.exit(0)
const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-bench-gpkg-'))
try {
  const rnd = mulberry32(19)
  const lines: string[] = []
  for (let i = 0; i < N; i++) {
    const x = 415000 + rnd() * 55000
    const y = 5690000 + rnd() * 50000
    const s = 5 + rnd() * 20
    const wkt = `POLYGON ((${x} ${y},${x + s} ${y},${x + s} ${y + s},${x} ${y + s},${x} ${y}))`
    lines.push(`"${wkt}",${i},Flurstück ${i},${(rnd() * 1000).toFixed(2)},2021-09-${String(1 + (i % 28)).padStart(2, '0')},${i % 2}`)
  }
  const csv = path.join(dir, 'p.csv')
  writeFileSync(csv, `WKT,id,name,area,date,flag\n${lines.join('\n')}\n`)
  writeFileSync(path.join(dir, 'p.csvt'), 'WKT,Integer,String,Real,Date,Integer(Boolean)\n')
  const file = path.join(dir, 'p.gpkg')
  execFileSync('ogr2ogr', ['-q', '-f', 'GPKG', '-a_srs', 'EPSG:25832', '-nlt', 'POLYGON', '-nln', 'flurstuecke', file, csv])
  const sizeMb = statSync(file).size / 1e6

  let t = performance.now()
  await startGdalThread()
  const gdalStartMs = performance.now() - t
  const ours: number[] = []
  const streamed: number[] = []
  const gdal: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    t = performance.now()
    const a = readGeoPackage(file)
    ours.push(performance.now() - t)
    t = performance.now()
    let n = 0
    for (const f of openGeoPackage(file, {}, 0).features) if (f.geometry) n++
    streamed.push(performance.now() - t)
    t = performance.now()
    const b = await readWithGdal(file)
    gdal.push(performance.now() - t)
    if (a.features.length !== N || b.features.length !== N || n !== N) throw new Error(`feature counts ${a.features.length}, ${n}, ${b.features.length} ≠ ${N}`)
    if (JSON.stringify(a.features[N - 1]) !== JSON.stringify(b.features[N - 1])) throw new Error('the readers disagree on the last feature')
  }
  const result = {
    bench: 'geopackage-read',
    features: N,
    fileMb: +sizeMb.toFixed(1),
    rounds: ROUNDS,
    oursMs: Math.round(median(ours)),
    oursStreamedMs: Math.round(median(streamed)),
    gdalMs: Math.round(median(gdal)),
    gdalStartMs: Math.round(gdalStartMs),
    ratio: +(median(ours) / median(gdal)).toFixed(2),
    ratioWithStart: +(median(ours) / (median(gdal) + gdalStartMs)).toFixed(2),
    load: +os.loadavg()[0].toFixed(2),
  }
  console.log(`own reader ${result.oursMs} ms (streamed pass ${result.oursStreamedMs} ms), gdal3.js ${result.gdalMs} ms + ${result.gdalStartMs} ms start, for ${N} features (${result.fileMb} MB)`)
  console.log(JSON.stringify(result))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(0)
