// The formats the known tree (inventory.test.ts) leaves out: LAS/LAZ, JPEG 2000, ECW, DWG, MBTiles, QGIS .qgz with
// its data sources, .txt tables found through the short head, a GeoJSON renamed .dat beyond the short head, and a
// duplicate large enough for the hashing worker threads. GDAL writes what it can (JPEG 2000, MBTiles, GeoTIFF) and
// is the oracle for those; LAS, ECW and DWG have no writer on this machine, so their headers are written here by
// their specifications. Both read paths (synchronous for local disks, asynchronous for shares) must agree.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../../test/helpers/gdal.ts'
import { loadProjections } from '../publish/input.ts'
import { extendProjections, KREIS_SOEST } from './crs.ts'
import { chooseSync } from './io.ts'
import { runInventory, type InventoryOptions } from './run.ts'
import type { Find } from './types.ts'

const missing = gdalToolsMissing('gdal_create', 'gdal_translate', 'gdalinfo', 'sqlite3', 'zip')
if (missing) console.log(`inventory format tests skipped: ${missing}`)

/** A LAS 1.2 file (public header block, one GeoKeyDirectory VLR, point format 0). */
function las(bbox: [number, number, number, number], points: number, epsg: number): Buffer {
  const h = Buffer.alloc(227)
  h.write('LASF', 0, 'latin1')
  h[24] = 1
  h[25] = 2
  h.write('geoportal test', 58, 'latin1')
  h.writeUInt16LE(227, 94)
  // GeoKeyDirectory: header + GTModelType (1024) = projected, then ProjectedCSType (3072) as the last key.
  const keys = Buffer.alloc(8 * 3)
  ;[1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, epsg].forEach((v, i) => keys.writeUInt16LE(v, i * 2))
  const vlr = Buffer.alloc(54)
  vlr.write('LASF_Projection', 2, 'latin1')
  vlr.writeUInt16LE(34735, 18)
  vlr.writeUInt16LE(keys.length, 20)
  h.writeUInt32LE(227 + 54 + keys.length, 96)
  h.writeUInt32LE(1, 100)
  h[104] = 0
  h.writeUInt16LE(20, 105)
  h.writeUInt32LE(points, 107)
  for (const [i, v] of [0.01, 0.01, 0.01, 0, 0, 0].entries()) h.writeDoubleLE(v, 131 + i * 8)
  const [x0, y0, x1, y1] = bbox
  for (const [i, v] of [x1, x0, y1, y0, 100, 90].entries()) h.writeDoubleLE(v, 179 + i * 8)
  return Buffer.concat([h, vlr, keys, Buffer.alloc(points * 20)])
}

const gdalJson = (file: string) => JSON.parse(execFileSync('gdalinfo', ['-json', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))

describe.skipIf(missing)('inventory of further formats', () => {
  let dir: string
  let root: string
  let finds: Find[]
  let asyncFinds: Find[]
  const byPath = (p: string) => finds.find((f) => path.relative(root, f.path) === p)

  async function run(out: string, io: 'sync' | 'async'): Promise<Find[]> {
    const opts: InventoryOptions = {
      roots: [root], out, resume: false, concurrency: 4, followLinks: false, area: KREIS_SOEST, staleYears: null, expectFiles: null,
      progress: null, checkpointSeconds: 5, projections: extendProjections(await loadProjections()), now: Date.now(), io,
    }
    await runInventory(opts)
    return readFileSync(path.join(out, 'inventory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Find)
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-formats-'))
    root = path.join(dir, 'tree')
    const d = (p: string) => (mkdirSync(path.join(root, p), { recursive: true }), path.join(root, p))
    const gdal = (tool: string, ...args: string[]) => execFileSync(tool, args, { stdio: 'ignore' })
    const src = path.join(dir, 'src.tif')
    gdal('gdal_create', '-q', '-of', 'GTiff', '-outsize', '64', '64', '-bands', '3', '-burn', '100', '-a_srs', 'EPSG:25832', '-a_ullr', '443000', '5718000', '443640', '5717360', src)
    gdal('gdal_translate', '-q', '-of', 'JP2OpenJPEG', src, path.join(d('bild'), 'ortho.jp2'))
    gdal('gdal_translate', '-q', '-of', 'MBTILES', src, path.join(d('kacheln'), 'karte.mbtiles'))
    // ECW: no writer; a header-sized file found by its name.
    writeFileSync(path.join(root, 'bild/luftbild.ecw'), Buffer.concat([Buffer.from([0x02, 0x01, 0x00, 0x00]), Buffer.alloc(60, 7)]))
    writeFileSync(path.join(d('cad'), 'lageplan.dwg'), Buffer.concat([Buffer.from('AC1027'), Buffer.alloc(122)]))
    const cloud = las([443000, 5717000, 443500, 5717400], 3, 25832)
    writeFileSync(path.join(d('lidar'), 'punkte.las'), cloud)
    writeFileSync(path.join(root, 'lidar/punkte_komprimiert.laz'), cloud)
    // A QGIS project zipped as .qgz: one source there, one missing, one database (not a file).
    writeFileSync(path.join(dir, 'plan.qgs'), `<qgis version="3.34.0">
 <projectCrs><spatialrefsys><authid>EPSG:25832</authid></spatialrefsys></projectCrs>
 <projectlayers>
  <maplayer><datasource>../lidar/punkte.las</datasource></maplayer>
  <maplayer><datasource>./fehlt.gpkg|layername=fehlt</datasource></maplayer>
  <maplayer><datasource>dbname='gis' host=db port=5432 table="x"</datasource></maplayer>
 </projectlayers>
</qgis>\n`)
    execFileSync('zip', ['-q', '-j', path.join(d('projekt'), 'plan.qgz'), path.join(dir, 'plan.qgs')])
    // .txt tables beyond the 4 KiB first read: one with coordinate columns (found), one log (not).
    const rows = Array.from({ length: 300 }, (_, i) => `Punkt ${i};${443000 + i};${5717000 + i}`).join('\n')
    writeFileSync(path.join(d('tabellen'), 'messpunkte.txt'), `Name;Rechtswert;Hochwert\n${rows}\n`)
    writeFileSync(path.join(root, 'tabellen/protokoll.txt'), `Protokoll der Sitzung\n${'Tagesordnungspunkt; Beschluss; 443000; 5717000\n'.repeat(200)}`)
    // A GeoJSON renamed .dat, longer than the short head.
    const features = Array.from({ length: 80 }, (_, i) => `{"type":"Feature","properties":{"id":${i}},"geometry":{"type":"Point","coordinates":[8.1${i % 10},51.5${i % 10}]}}`)
    writeFileSync(path.join(d('sicherung'), 'baeume.dat'), `{"type":"FeatureCollection","features":[${features.join(',')}]}`)
    // Two equal GeoTIFFs over 4 MiB: their full hashes come from the worker threads.
    gdal('gdal_create', '-q', '-of', 'GTiff', '-outsize', '2100', '2100', '-bands', '1', '-burn', '3', '-a_srs', 'EPSG:25832', '-a_ullr', '443000', '5718000', '445100', '5715900', path.join(d('gross'), 'dop.tif'))
    copyFileSync(path.join(root, 'gross/dop.tif'), path.join(root, 'gross/Kopie von dop.tif'))
    finds = await run(path.join(dir, 'out-sync'), 'sync')
    asyncFinds = await run(path.join(dir, 'out-async'), 'async')
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds exactly these files, by content', () => {
    expect(Object.fromEntries(finds.map((f) => [path.relative(root, f.path), f.format]))).toEqual({
      'bild/ortho.jp2': 'jpeg2000',
      'bild/luftbild.ecw': 'ecw',
      'kacheln/karte.mbtiles': 'mbtiles',
      'cad/lageplan.dwg': 'dwg',
      'lidar/punkte.las': 'las',
      'lidar/punkte_komprimiert.laz': 'laz',
      'projekt/plan.qgz': 'qgz',
      'tabellen/messpunkte.txt': 'csv',
      'sicherung/baeume.dat': 'geojson',
      'gross/dop.tif': 'geotiff',
      'gross/Kopie von dop.tif': 'geotiff',
    })
  })

  it('reads CRS, extent and counts as GDAL reports them', () => {
    const jp2 = gdalJson(path.join(root, 'bild/ortho.jp2'))
    const c = jp2.cornerCoordinates
    expect(byPath('bild/ortho.jp2')).toMatchObject({
      crs: `EPSG:${jp2.stac['proj:epsg']}`, count: jp2.size[0] * jp2.size[1], bbox: [c.upperLeft[0], c.lowerRight[1], c.lowerRight[0], c.upperLeft[1]],
    })
    const mb = byPath('kacheln/karte.mbtiles')!
    const tiles = Number(execFileSync('sqlite3', [path.join(root, 'kacheln/karte.mbtiles'), 'select count(*) from tiles'], { encoding: 'utf8' }).trim())
    expect(mb).toMatchObject({ crs: 'EPSG:4326', count: tiles, countKind: 'tiles' })
    // the lon/lat bounds GDAL wrote, in EPSG:25832, hold the source raster's extent (less a tile pixel's rounding)
    const [x0, y0, x1, y1] = mb.bbox!
    expect(x0).toBeLessThanOrEqual(443000 + 1)
    expect(y0).toBeLessThanOrEqual(5717360 + 1)
    expect(x1).toBeGreaterThanOrEqual(443640 - 1)
    expect(y1).toBeGreaterThanOrEqual(5718000 - 1)
    expect(byPath('lidar/punkte.las')).toMatchObject({ crs: 'EPSG:25832', count: 3, countKind: 'points', bbox: [443000, 5717000, 443500, 5717400] })
    expect(byPath('lidar/punkte_komprimiert.laz')).toMatchObject({ crs: 'EPSG:25832', count: 3 })
    expect(byPath('tabellen/messpunkte.txt')).toMatchObject({ crs: null, count: 300, bbox: null, nativeBbox: [443000, 5717000, 443299, 5717299] })
    expect(byPath('sicherung/baeume.dat')).toMatchObject({ crs: 'EPSG:4326', count: 80 })
    expect(byPath('cad/lageplan.dwg')).toMatchObject({ crs: null, crsName: 'AutoCAD drawing AC1027' })
  })

  it('lists what a .qgz refers to and names the missing file', () => {
    const q = byPath('projekt/plan.qgz')!
    expect(q.crs).toBe('EPSG:25832')
    expect(q.sources).toEqual(['../lidar/punkte.las', './fehlt.gpkg|layername=fehlt', `dbname='gis' host=db port=5432 table="x"`])
    expect(q.problems).toEqual([{ code: 'missing-source', detail: './fehlt.gpkg' }])
  })

  it('finds the large duplicate through the hashing workers', () => {
    const copy = byPath('gross/Kopie von dop.tif')!
    expect(copy.duplicateOf).toBe(path.join(root, 'gross/dop.tif'))
    expect(copy.hash).toBe(byPath('gross/dop.tif')!.hash)
    const sha = execFileSync('sha256sum', [path.join(root, 'gross/dop.tif')], { encoding: 'utf8' }).split(' ')[0]
    expect(copy.hash).toBe(`sha256:${sha}`)
  })

  it('reads the same with asynchronous reads (network shares) as with synchronous ones (local disks)', () => {
    const strip = (f: Find) => JSON.stringify(f)
    expect(asyncFinds.map(strip).sort()).toEqual(finds.map(strip).sort())
    // auto: a local temporary folder is read synchronously
    expect(chooseSync('auto', [root])).toBe(true)
    expect(chooseSync('async', [root])).toBe(false)
    expect(JSON.parse(readFileSync(path.join(dir, 'out-async/run.json'), 'utf8')).io).toBe('async')
  })
})
