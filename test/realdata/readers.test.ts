// Real open data through the CSV, Shapefile and GeoPackage readers. Skips with a printed reason when the shared
// data folder is absent (fails instead with REQUIRE_SHARED_DATA=1); the Shapefile/GeoPackage round trip also needs
// the ogr2ogr binary to make its inputs and is skipped without it. Nothing is written into the shared folder.
import { spawnSync } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsv } from '../../cli/readers/csv.ts'
import { readFlatGeobuf } from '../../cli/readers/flatgeobuf.ts'
import { readWithGdal } from '../../cli/readers/gdal.ts'
import { readGeoPackage } from '../../cli/readers/geopackage/geopackage.ts'
import { readShapefile } from '../../cli/readers/shapefile.ts'
import type { VectorData } from '../../cli/vector/model.ts'
import { shared, SHARED_DATA, sharedDataUnavailable } from './shared.ts'

function dataUnavailable(): string | null {
  const reason = sharedDataUnavailable()
  if (reason) return reason
  if (existsSync(shared('vector', 'originals'))) return null
  const missing = `no folder vector/originals in ${SHARED_DATA}`
  if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(`REQUIRE_SHARED_DATA=1 but ${missing}`)
  return missing
}

const unavailable = dataUnavailable()
if (unavailable) console.warn(`SKIPPED real-data reader tests: ${unavailable}`)

const ogr2ogrMissing = (() => {
  const r = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' })
  return r.error || r.status !== 0 ? 'the ogr2ogr binary is not installed (apt install gdal-bin)' : null
})()
if (!unavailable && ogr2ogrMissing) console.warn(`SKIPPED real-data Shapefile/GeoPackage round trip: ${ogr2ogrMissing}`)

/** No replacement characters and no UTF-8 read as Latin-1 ("Ã¶" for "ö"). */
const noGarbledText = (d: VectorData) => {
  const garbled = d.features.flatMap((f) =>
    Object.values(f.properties).filter((v) => typeof v === 'string' && /\uFFFD|Ã[¤¶¼Ÿ„–œ]/.test(v)),
  )
  expect(garbled).toEqual([])
}

describe.skipIf(!!unavailable)('real data: CSV reader', () => {
  it('reads the NRW school list (sep=;, quoted, trailing ;, CRS from its EPSG column)', async () => {
    const file = shared('vector', 'originals', 'nrw_schuldaten_2021-09.csv')
    const bytes = new Uint8Array(await fs.readFile(file))
    const d = readCsv(bytes, file)
    expect(d.features).toHaveLength(5507)
    expect(d.features.every((f) => f.geometry !== null)).toBe(true)
    expect(d.crs).toBe('EPSG:25832')
    expect(d.columns.map((c) => c.name)).not.toContain('UTMRechtswert')
    expect(d.columns.map((c) => c.name)).not.toContain('')
    // The one row whose EPSG cell says "null" still has its coordinates.
    const first = d.features.find((f) => f.properties.Schulnummer === 100000)!
    expect(first.properties.EPSG).toBe('null')
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [378180, 5701853] })
    const haan = d.features.find((f) => f.properties.Schulnummer === 100011)!
    expect(haan.properties.Kurzbezeichnung).toBe('Haan, GE Walder Straße')
    expect(haan.properties.Schulbezeichnung_1).toBe('Städt. Gesamtschule')
    expect(haan.properties.Gemeindeschluessel).toBe('05158008')
    expect(haan.properties.Telefonvorwahl).toBe('02129')
    expect(d.features.filter((f) => String(f.properties.Ort).includes('ü')).length).toBeGreaterThan(10)
    noGarbledText(d)
    // Stating the CRS agrees with the column.
    expect(readCsv(bytes, file, { crs: 'EPSG:25832' }).crs).toBe('EPSG:25832')
  })

  it('reads the DB stations (comma-separated, LAENGE/BREITE → EPSG:4326)', async () => {
    const file = shared('vector', 'originals', 'db_haltestellen_2016-01_from_jsonld.csv')
    const d = readCsv(new Uint8Array(await fs.readFile(file)), file)
    expect(d.features).toHaveLength(6598)
    expect(d.crs).toBe('EPSG:4326')
    expect(d.features.every((f) => f.geometry !== null)).toBe(true)
    expect(d.columns.map((c) => c.name)).toEqual(['EVA_NR', 'DS100', 'NAME', 'VERKEHR'])
    const names = new Set(d.features.map((f) => f.properties.NAME))
    expect(names).toContain('Frankfurt-Höchst')
    expect(names).toContain('Donauwörth')
    expect(names).toContain('Auerbach(b Mosbach, Baden)')
    const soest = d.features.find((f) => f.properties.NAME === 'Soest')!
    const [lon, lat] = soest.geometry!.coordinates as number[]
    expect(lon).toBeCloseTo(8.1, 1)
    expect(lat).toBeCloseTo(51.58, 1)
    noGarbledText(d)
  })
})

describe.skipIf(!!unavailable || !!ogr2ogrMissing)('real data: Shapefile and GeoPackage made by ogr2ogr', () => {
  let tmp: string
  let reference: VectorData
  const source = () => shared('vector', 'kreis_soest_schulen_25832.fgb')

  const ogr2ogr = (args: string[]) => {
    const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')} failed: ${r.stderr}`)
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-readers-'))
    reference = await readFlatGeobuf(new Uint8Array(await fs.readFile(source())), source())
  })
  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true })
  })

  /** Same features in the same order: coordinates within 1e-6 m, attribute values equal column by column. */
  function expectSameAs(d: VectorData) {
    expect(d.crs).toBe('EPSG:25832')
    expect(d.features).toHaveLength(reference.features.length)
    // Shapefile field names are cut to 10 characters, so columns are compared by position.
    expect(d.columns).toHaveLength(reference.columns.length)
    reference.features.forEach((ref, i) => {
      const got = d.features[i]
      const [x0, y0] = ref.geometry!.coordinates as number[]
      const [x1, y1] = got.geometry!.coordinates as number[]
      expect(Math.abs(x1 - x0)).toBeLessThan(1e-6)
      expect(Math.abs(y1 - y0)).toBeLessThan(1e-6)
      reference.columns.forEach((c, k) => {
        const want = ref.properties[c.name]
        const have = got.properties[d.columns[k].name]
        // A .dbf cannot tell an empty text from a missing one.
        expect(have === '' ? null : have).toEqual(want === '' ? null : want)
      })
    })
    expect(d.features.some((f) => Object.values(f.properties).some((v) => typeof v === 'string' && v.includes('ö')))).toBe(true)
    noGarbledText(d)
  }

  it('reads a Windows-1252 Shapefile made from kreis_soest_schulen', async () => {
    const shp = path.join(tmp, 'schulen.shp')
    ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP1252', shp, source()])
    const dbf = await fs.readFile(path.join(tmp, 'schulen.dbf'))
    expect(dbf.includes(Buffer.from('F\xf6rderschule', 'latin1'))).toBe(true)
    const t0 = performance.now()
    // The publisher's own reader (GDAL reads Shapefiles only as the unit tests' oracle).
    const d = await readShapefile(shp)
    console.info(`read ${d.features.length} features from a Shapefile in ${Math.round(performance.now() - t0)} ms`)
    expectSameAs(d)
  })

  it('reads a GeoPackage made from kreis_soest_schulen, and a second layer by name', async () => {
    const gpkg = path.join(tmp, 'schulen.gpkg')
    ogr2ogr(['-f', 'GPKG', '-nln', 'schulen', gpkg, source()])
    expectSameAs(await readWithGdal(gpkg))
    ogr2ogr(['-f', 'GPKG', '-update', '-nln', 'gemeinden', gpkg, shared('vector', 'kreis_soest_gemeinden_25832.fgb')])
    await expect(readWithGdal(gpkg)).rejects.toThrow(/has 2 layers \("schulen", "gemeinden"\)/)
    expectSameAs(await readWithGdal(gpkg, { layer: 'schulen' }))
    const gemeinden = await readWithGdal(gpkg, { layer: 'gemeinden' })
    expect(gemeinden.features.length).toBeGreaterThan(10)
    expect(gemeinden.features.every((f) => f.geometry && /Polygon/.test(f.geometry.type))).toBe(true)
    // The own reader (the publisher's GeoPackage path) reads the same.
    expectSameAs(readGeoPackage(gpkg, { layer: 'schulen' }))
  })

  it('the own GeoPackage reader equals GDAL on every shared vector layer, written into one multi-layer GeoPackage', async () => {
    const gpkg = path.join(tmp, 'alle.gpkg')
    const names = (await fs.readdir(shared('vector'))).filter((n) => n.endsWith('.fgb')).sort()
    expect(names.length).toBeGreaterThan(5)
    for (const [i, name] of names.entries()) {
      ogr2ogr([...(i ? ['-update'] : ['-f', 'GPKG']), '-nln', name.replace(/\.fgb$/, ''), gpkg, shared('vector', name)])
    }
    expect(() => readGeoPackage(gpkg)).toThrow(new RegExp(`has ${names.length} layers`))
    let features = 0
    for (const name of names) {
      const layer = name.replace(/\.fgb$/, '')
      const t0 = performance.now()
      const ours = readGeoPackage(gpkg, { layer })
      const t1 = performance.now()
      const gdal = await readWithGdal(gpkg, { layer })
      const t2 = performance.now()
      console.info(`${layer}: ${ours.features.length} features, own reader ${Math.round(t1 - t0)} ms, gdal3.js ${Math.round(t2 - t1)} ms`)
      expect(ours.crs, layer).toBe(gdal.crs)
      expect(ours.columns, layer).toEqual(gdal.columns)
      expect(ours.features.length, layer).toBe(gdal.features.length)
      ours.features.forEach((f, k) => expect(f, `${layer} feature ${k + 1}`).toEqual(gdal.features[k]))
      noGarbledText(ours)
      features += ours.features.length
    }
    expect(features).toBeGreaterThan(10_000)
  }, 300_000)
})
