// The read-only SQLite reader against GDAL: row counts of a multi-page table and GeoPackage system tables as
// ogrinfo reports them; a b-tree page that points to itself ends in an error, not a loop.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../../../test/helpers/gdal.ts'
import { recogniseSqlite } from './container.ts'
import { SqliteError, SqliteFile } from '../../io/sqlite/sqlite.ts'

const missing = gdalToolsMissing('ogr2ogr', 'ogrinfo')
if (missing) console.log(`SQLite reader tests skipped: ${missing}`)

describe.skipIf(missing)('SqliteFile', () => {
  let dir: string
  let gpkg: string
  const N = 3000

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-sqlite-'))
    const features = Array.from({ length: N }, (_, i) => ({ type: 'Feature', properties: { id: i, name: `Punkt Nummer ${i} mit etwas Text` }, geometry: { type: 'Point', coordinates: [440000 + i, 5710000 + i] } }))
    writeFileSync(path.join(dir, 'p.geojson'), JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }, features }))
    gpkg = path.join(dir, 'p.gpkg')
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, path.join(dir, 'p.geojson'), '-nln', 'punkte'])
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('counts the rows of a table spread over many pages as ogrinfo does', async () => {
    const db = await SqliteFile.open(gpkg, statSync(gpkg).size)
    try {
      const table = (await db.master()).find((m) => m.name === 'punkte')!
      const info = execFileSync('ogrinfo', ['-so', gpkg, 'punkte'], { encoding: 'utf8' })
      expect(await db.count(table.rootpage, 100_000)).toBe(Number(/Feature Count: (\d+)/.exec(info)![1]))
    } finally {
      await db.close()
    }
  })

  it('reads gpkg_contents and gpkg_spatial_ref_sys (srs_id is the rowid)', async () => {
    const r = await recogniseSqlite(Buffer.from(gpkg), statSync(gpkg).size, 'gpkg')
    const extent = /Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)/.exec(execFileSync('ogrinfo', ['-so', gpkg, 'punkte'], { encoding: 'utf8' }))!
    expect(r).toMatchObject({ format: 'geopackage', crs: 'EPSG:25832', count: N, nativeBbox: extent.slice(1, 5).map(Number) })
  })

  it('stops on a page that refers to itself', async () => {
    const bytes = readFileSync(gpkg)
    const pageSize = bytes.readUInt16BE(16)
    const db0 = await SqliteFile.open(gpkg, bytes.length)
    const root = (await db0.master()).find((m) => m.name === 'punkte')!.rootpage
    await db0.close()
    const o = (root - 1) * pageSize
    expect(bytes[o]).toBe(5) // an interior page: 3000 rows do not fit one page
    bytes.writeUInt32BE(root, o + 8) // right-most child = the page itself
    const bad = path.join(dir, 'loop.gpkg')
    writeFileSync(bad, bytes)
    const db = await SqliteFile.open(bad, bytes.length)
    try {
      await expect(db.count(root, 100_000)).rejects.toThrow(SqliteError)
    } finally {
      await db.close()
    }
  })
})
