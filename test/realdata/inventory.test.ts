// `geoportal inventory` on the real data of ../shared/data, copied into a temporary tree, with Shapefile and
// GeoPackage copies made by ogr2ogr (one set left without .prj, one without .shx, one in Gauss-Krüger): every
// find's CRS, extent and count against gdalinfo -json / ogrinfo. Skipped with the reason without the data or GDAL.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extendProjections, KREIS_SOEST } from '../../cli/inventory/crs.ts'
import { runInventory } from '../../cli/inventory/run.ts'
import type { Find } from '../../cli/inventory/types.ts'
import { loadProjections } from '../../cli/publish/input.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const gdalMissing = spawnSync('ogr2ogr', ['--version']).status === 0 ? null : 'GDAL (ogr2ogr, gdalinfo) not installed'
const unavailable = sharedDataUnavailable() ?? gdalMissing
if (unavailable) console.warn(`SKIPPED real-data inventory test: ${unavailable}`)

const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] })

/** gdalinfo's EPSG code and corner extent. */
function gdalRaster(file: string): { epsg: number | null; bbox: number[]; pixels: number } {
  const d = JSON.parse(execFileSync('gdalinfo', ['-json', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  const c = d.cornerCoordinates
  const xs = [c.upperLeft[0], c.lowerLeft[0], c.upperRight[0], c.lowerRight[0]]
  const ys = [c.upperLeft[1], c.lowerLeft[1], c.upperRight[1], c.lowerRight[1]]
  return { epsg: d.stac?.['proj:epsg'] ?? null, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], pixels: d.size[0] * d.size[1] }
}

/** ogrinfo's extent, feature count and EPSG code of the (only or first) layer. */
function ogrVector(file: string): { epsg: number | null; bbox: number[] | null; count: number } {
  const text = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const ext = /Extent: \(([-\d.e]+), ([-\d.e]+)\) - \(([-\d.e]+), ([-\d.e]+)\)/.exec(text)
  const ids = [...text.matchAll(/^ {4}ID\["EPSG",(\d+)\]\]/gm)]
  return { epsg: ids.length ? Number(ids[ids.length - 1][1]) : null, bbox: ext ? ext.slice(1, 5).map(Number) : null, count: Number(/Feature Count: (\d+)/.exec(text)?.[1]) }
}

describe.skipIf(unavailable)('inventory of the real data', () => {
  let dir: string
  let tree: string
  let finds: Find[]
  const find = (rel: string) => {
    const f = finds.find((x) => x.path === path.join(tree, rel))
    if (!f) throw new Error(`${rel} was not found`)
    return f
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-inventory-real-'))
    tree = path.join(dir, 'laufwerk')
    cpSync(shared('vector'), path.join(tree, 'vektor'), { recursive: true })
    cpSync(shared('raster'), path.join(tree, 'raster'), { recursive: true })
    cpSync(shared('corpus-geotiff'), path.join(tree, 'tiff'), { recursive: true })
    const sets = path.join(tree, 'sets')
    mkdirSync(sets)
    ogr('-f', 'ESRI Shapefile', path.join(sets, 'gemeinden.shp'), shared('vector', 'kreis_soest_gemeinden_25832.fgb'))
    ogr('-f', 'ESRI Shapefile', path.join(sets, 'schulen_ohne_prj.shp'), shared('vector', 'kreis_soest_schulen_25832.fgb'))
    rmSync(path.join(sets, 'schulen_ohne_prj.prj'))
    ogr('-f', 'ESRI Shapefile', path.join(sets, 'haltestellen_ohne_shx.shp'), shared('vector', 'kreis_soest_db_haltestellen_25832.fgb'))
    rmSync(path.join(sets, 'haltestellen_ohne_shx.shx'))
    ogr('-f', 'ESRI Shapefile', path.join(sets, 'kreis_gk3.shp'), shared('vector', 'kreis_soest_25832.fgb'), '-t_srs', 'EPSG:31467')
    ogr('-f', 'GPKG', path.join(sets, 'schulen.gpkg'), shared('vector', 'nrw_schulen_25832.fgb'))
    finds = []
    const out = path.join(dir, 'out')
    await runInventory({
      roots: [tree], out, resume: false, concurrency: 4, followLinks: false, area: KREIS_SOEST, staleYears: 10, expectFiles: null,
      progress: null, checkpointSeconds: 5, projections: extendProjections(await loadProjections()), now: Date.now(),
    })
    finds = readFileSync(path.join(out, 'inventory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds every FlatGeobuf layer with GDAL’s CRS, extent and count', () => {
    const files = readdirSync(path.join(tree, 'vektor')).filter((f) => f.endsWith('.fgb'))
    expect(files.length).toBeGreaterThan(5)
    for (const f of files) {
      const got = find(`vektor/${f}`)
      const want = ogrVector(path.join(tree, 'vektor', f))
      expect(got.crs, f).toBe(`EPSG:${want.epsg}`)
      expect(got.count, f).toBe(want.count)
      got.bbox!.forEach((v, i) => expect(Math.abs(v - want.bbox![i]), f).toBeLessThan(0.01))
    }
  })

  it('finds the Shapefile sets, the incomplete ones flagged, Gauss-Krüger and GeoPackage with GDAL’s values', () => {
    const gem = find('sets/gemeinden.shp')
    const want = ogrVector(path.join(tree, 'sets/gemeinden.shp'))
    expect(gem).toMatchObject({ format: 'shapefile', crs: 'EPSG:25832', count: want.count, problems: [] })
    gem.bbox!.forEach((v, i) => expect(Math.abs(v - want.bbox![i])).toBeLessThan(0.01))
    expect(find('sets/schulen_ohne_prj.shp').problems.map((p) => p.detail)).toEqual(['missing .prj', 'no CRS stated; the values fit EPSG:25832'])
    expect(find('sets/haltestellen_ohne_shx.shp').problems).toEqual([{ code: 'incomplete-set', detail: 'missing .shx' }])
    const gk = find('sets/kreis_gk3.shp')
    expect(gk.crs).toBe('EPSG:31467')
    // back in EPSG:25832 through BeTA2007 the extent is the original one within a metre (the .shp stores the GK box)
    if (gk.bbox) gk.bbox.forEach((v, i) => expect(Math.abs(v - ogrVector(shared('vector', 'kreis_soest_25832.fgb')).bbox![i])).toBeLessThan(60))
    const gpkg = find('sets/schulen.gpkg')
    const g = ogrVector(path.join(tree, 'sets/schulen.gpkg'))
    expect(gpkg).toMatchObject({ format: 'geopackage', crs: `EPSG:${g.epsg}`, count: g.count })
    gpkg.bbox!.forEach((v, i) => expect(Math.abs(v - g.bbox![i])).toBeLessThan(0.01))
  })

  it('reads every GeoTIFF’s CRS and extent as gdalinfo does, or calls it damaged', () => {
    const tiffs = finds.filter((f) => f.format === 'geotiff')
    expect(tiffs.length).toBeGreaterThan(60)
    let compared = 0
    for (const f of tiffs) {
      if (f.problems.some((p) => p.code === 'damaged')) continue
      let want
      try {
        want = gdalRaster(f.path)
      } catch {
        continue // GDAL cannot open it either
      }
      expect(f.count, f.path).toBe(want.pixels)
      if (want.epsg !== null) expect(f.crs, f.path).toBe(`EPSG:${want.epsg}`)
      if (f.crs === 'EPSG:25832' && want.epsg === 25832) {
        f.bbox!.forEach((v, i) => expect(Math.abs(v - want.bbox[i]), f.path).toBeLessThan(0.01))
        compared++
      }
    }
    expect(compared).toBeGreaterThan(30)
    // files GDAL cannot open are damaged finds, not crashes
    for (const bad of ['tiff/generated/invalid/bad_magic.tif', 'tiff/generated/invalid/zero_bytes.tif', 'tiff/generated/invalid/header_only_4_bytes.tif']) {
      expect(find(bad).problems.map((p) => p.code), bad).toContain('damaged')
    }
  }, 900_000)

  it('finds the original CSV and GeoJSON files with their CRS', () => {
    expect(find('vektor/originals/nrw_schuldaten_2021-09.csv')).toMatchObject({ format: 'csv', crs: 'EPSG:25832', count: 5507 })
    expect(find('vektor/originals/db_haltestellen_2016-01_from_jsonld.csv')).toMatchObject({ format: 'csv', crs: 'EPSG:4326', count: 6598 })
    const gj = find('vektor/originals/nrw_gemeinden_vg250_2013.geojson')
    expect(gj).toMatchObject({ format: 'geojson', crs: 'EPSG:4326', count: ogrVector(gj.path).count })
  })
})
