// The table's exports read back by GDAL (ogrinfo/ogr2ogr, the tools planners' QGIS is built on) and by flatgeobuf.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import { afterAll, describe, expect, it } from 'vitest'
import { columnsFromFeatures, type VectorFeature } from '../../../cli/vector/model.ts'
import { writeFlatGeobuf } from '../../../cli/writers/flatgeobuf.ts'
import { Projections } from '../../projection/registry.ts'
import { exportRows, rowsExportFileName, type ExportRow, type RowExportOptions } from './exportRows.ts'
import { lonLatTransform } from './fgbSource.ts'
import { gdalToolsMissing } from '../../../test/helpers/gdal.ts'

const gdalMissing = gdalToolsMissing('ogrinfo', 'ogr2ogr')
const gdal = !gdalMissing
if (gdalMissing) console.log(`exportRows: GDAL checks skipped: ${gdalMissing}`)

const source: VectorFeature[] = [
  { geometry: { type: 'Point', coordinates: [432553.8412, 5709134.9521] }, properties: { nr: 1, name: 'Linde; "alt"', hoehe: 12.5, jahr: 1990 } },
  { geometry: { type: 'Point', coordinates: [433000, 5710000] }, properties: { nr: 2, name: null, hoehe: null, jahr: 2001 } },
  { geometry: { type: 'Point', coordinates: [433100.5, 5710100.25] }, properties: { nr: 3, name: 'Eiche, groß', hoehe: 7, jahr: null } },
]

async function readSource() {
  const bytes = writeFlatGeobuf(source, { columns: columnsFromFeatures(source), crsCode: 25832 })
  let header: HeaderMeta | undefined
  const rows: ExportRow[] = []
  for await (const f of deserialize(bytes, { headerMetaFn: (h) => (header = h) })) rows.push({ geometry: f.geometry as never, properties: (f.properties ?? {}) as Record<string, unknown> })
  return { rows, header: header! }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-export-rows-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const write = async (name: string, blob: Blob) => {
  const p = path.join(dir, name)
  writeFileSync(p, new Uint8Array(await blob.arrayBuffer()))
  return p
}

describe('exportRows', async () => {
  const { rows, header } = await readSource()
  const projections = new Projections()
  const opts = (columns: string[]): RowExportOptions => ({ columns, geometryType: 'Point', header, toLonLat: lonLatTransform(projections) })
  // The table's order (nr 3, then nr 1; the published file is in Hilbert order) and chosen columns.
  const byNr = (n: number) => rows.find((r) => r.properties.nr === n)!
  const shown = [byNr(3), byNr(1)]

  it('FlatGeobuf: EPSG:25832 named, the rows in order, the chosen columns with their types', { skip: !gdal }, async () => {
    const file = await write('t.fgb', exportRows(shown, 'fgb', opts(['name', 'hoehe', 'jahr'])))
    const info = execFileSync('ogrinfo', ['-al', '-so', file], { encoding: 'utf8' })
    expect(info).toContain('Feature Count: 2')
    expect(info).toMatch(/ID\["EPSG",25832\]\]\s*Data axis/)
    expect(info).toMatch(/name: String/)
    expect(info).toMatch(/hoehe: Real/)
    expect(info).toMatch(/jahr: Integer/)
    expect(info).not.toMatch(/\bnr:/)
    const json = JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { encoding: 'utf8' }))
    expect(json.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { name: 'Eiche, groß', hoehe: 7 }, // null is an unset field, which GDAL leaves out
      { name: 'Linde; "alt"', hoehe: 12.5, jahr: 1990 },
    ])
    expect(json.features[1].geometry.coordinates).toEqual([432553.8412, 5709134.9521])
  })

  it('GeoJSON in EPSG:25832 names its CRS (GDAL reads it) and rounds to millimetres', { skip: !gdal }, async () => {
    const file = await write('t25832.geojson', exportRows(shown, 'geojson-25832', opts(['nr', 'name'])))
    expect(execFileSync('ogrinfo', ['-al', '-so', file], { encoding: 'utf8' })).toMatch(/ID\["EPSG",25832\]\]\s*Data axis/)
    const json = JSON.parse(await (exportRows(shown, 'geojson-25832', opts(['nr'])).text()))
    expect(json.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates)).toEqual([[433100.5, 5710100.25], [432553.841, 5709134.952]])
  })

  it('GeoJSON in lon/lat (RFC 7946) matches PROJ', { skip: !gdal }, async () => {
    const json = JSON.parse(await exportRows(shown, 'geojson', opts(['nr'])).text())
    const out = execFileSync('cs2cs', ['-f', '%.9f', 'EPSG:25832', 'EPSG:4326'], { input: '433100.5 5710100.25\n', encoding: 'utf8' }).trim().split(/\s+/).map(Number)
    const [lon, lat] = json.features[0].geometry.coordinates
    expect(Math.abs(lat - out[0])).toBeLessThan(2e-7)
    expect(Math.abs(lon - out[1])).toBeLessThan(2e-7)
    expect(json.crs).toBeUndefined()
    // The rows are never changed by an export.
    expect(byNr(3).geometry!.coordinates).toEqual([433100.5, 5710100.25])
  })

  it('CSV for German Excel (; and decimal comma) or with commas, UTF-8 with BOM', async () => {
    const bytes = new Uint8Array(await exportRows(shown, 'csv', opts(['name', 'hoehe'])).arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const de = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(de.slice(1).split('\r\n')).toEqual(['name;hoehe;wkt_epsg25832;ostwert;nordwert', 'Eiche, groß;7;POINT (433100.5 5710100.25);433100,5;5710100,25', '"Linde; ""alt""";12,5;POINT (432553.841 5709134.952);432553,841;5709134,952', ''])
    const en = await exportRows(shown, 'csv-comma', opts(['name', 'hoehe'])).text()
    expect(en.split('\r\n')[1]).toBe('"Eiche, groß",7,POINT (433100.5 5710100.25),433100.5,5710100.25')
  })

  it('names files by layer, date and filter', () => {
    const d = new Date('2026-12-07T10:00:00Z')
    expect(rowsExportFileName('demo-baeume', 'csv', d, 'art enthält Linde, höhe > 10')).toBe('demo-baeume_2026-12-07_art-enthält-Linde-höhe-10.csv')
    expect(rowsExportFileName('demo-baeume', 'geojson-25832', d, '')).toBe('demo-baeume_2026-12-07_epsg25832.geojson')
    expect(rowsExportFileName('x', 'fgb', d, '../../etc/passwd')).toBe('x_2026-12-07_etc-passwd.fgb')
  })
})
