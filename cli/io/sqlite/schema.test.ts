// CREATE TABLE as GDAL, QGIS and hand-written SQL spell it; the GeoPackage reader takes its columns from here.
import { describe, expect, it } from 'vitest'
import { parseCreateTable } from './schema.ts'

describe('parseCreateTable', () => {
  it('GDAL\'s feature table: quoted names, the rowid alias, typed columns with sizes and defaults', () => {
    const t = parseCreateTable(`CREATE TABLE "schulen" ( "fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "geom" POINT, "name" TEXT(80), "n" MEDIUMINT DEFAULT -3, "r" REAL DEFAULT (2.5), 'ort' TEXT DEFAULT 'Soest', [Straße] TEXT, \`ok\` BOOLEAN DEFAULT TRUE)`)
    expect(t.withoutRowid).toBe(false)
    expect(t.columns.map((c) => [c.name, c.type, c.rowid, c.default])).toEqual([
      ['fid', 'INTEGER', true, null],
      ['geom', 'POINT', false, null],
      ['name', 'TEXT(80)', false, null],
      ['n', 'MEDIUMINT', false, -3],
      ['r', 'REAL', false, 2.5],
      ['ort', 'TEXT', false, 'Soest'],
      ['Straße', 'TEXT', false, null],
      ['ok', 'BOOLEAN', false, 1],
    ])
  })

  it('a table-level PRIMARY KEY on one INTEGER column is the rowid alias; comments and CHECKs are skipped', () => {
    const t = parseCreateTable(`CREATE TABLE t ( -- Flurstücke\n id INTEGER NOT NULL, /* Fläche */ flaeche DOUBLE CHECK (CAST(flaeche AS REAL) >= 0), CONSTRAINT pk PRIMARY KEY (id))`)
    expect(t.columns.map((c) => [c.name, c.type, c.rowid, c.generated])).toEqual([
      ['id', 'INTEGER', true, false],
      ['flaeche', 'DOUBLE', false, false],
    ])
  })

  it('WITHOUT ROWID, generated columns, virtual tables', () => {
    const w = parseCreateTable('CREATE TABLE w (fid INTEGER PRIMARY KEY, geom BLOB) WITHOUT ROWID')
    expect(w.withoutRowid).toBe(true)
    expect(w.columns[0].rowid).toBe(false)
    const g = parseCreateTable('CREATE TABLE g (fid INTEGER PRIMARY KEY, a INT, b INT GENERATED ALWAYS AS (a * 2) VIRTUAL, c INT AS (a + 1))')
    expect(g.columns.map((c) => c.generated)).toEqual([false, false, true, true])
    expect(parseCreateTable('CREATE VIRTUAL TABLE rtree_x_geom USING rtree(id, minx, maxx, miny, maxy)').virtual).toBe(true)
  })

  it('refuses what is no table definition', () => {
    expect(() => parseCreateTable('CREATE VIEW v AS SELECT 1')).toThrow(/not a CREATE TABLE statement/)
    expect(() => parseCreateTable('CREATE TABLE x AS SELECT * FROM y')).toThrow(/AS SELECT/)
    expect(() => parseCreateTable('CREATE TABLE "x (a')).toThrow(/unterminated quote/)
  })
})
