// The own GeoPackage reader against GDAL (gdal3.js, the publisher's previous GeoPackage path, reading the same
// files): layers, attribute types, CRS, geometries of all seven types, NULL geometries, umlauts, rows and blobs
// on overflow pages, b-trees over many pages, a write-ahead log, ALTER TABLE defaults; and what it leaves to GDAL
// (views, curves) or refuses (WITHOUT ROWID). Fixtures are made with GDAL's ogr2ogr and SQLite's own sqlite3.
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing, toolMissing } from '../../../test/helpers/gdal.ts'
import { openVectorInput } from '../../publish/input.ts'
import type { VectorData } from '../../vector/model.ts'
import { InputError } from '../errors.ts'
import { readWithGdal } from '../gdal.ts'
import { sqlitePagesRead } from '../../io/sqlite/sqlite.ts'
import { NeedsGdal, openGeoPackage, readGeoPackage } from './geopackage.ts'

const missing = gdalToolsMissing('ogr2ogr', 'ogrinfo') ?? toolMissing('sqlite3', 'sqlite3')
if (missing) console.warn(`GeoPackage reader tests skipped: ${missing}`)

const EPSG25832 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }
const fc = (features: object[], crs: object | null = EPSG25832) => ({ type: 'FeatureCollection', ...(crs ? { crs } : {}), features })
const feature = (properties: object, geometry: object | null) => ({ type: 'Feature', properties, geometry })
const ring = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]

const POINTS = fc([
  feature({ name: 'Straße', ort: 'Möhnesee', n: 5, r: 2.5, d: '2021-09-01', t: '2021-09-01T12:30:00Z', big: 12345678901, ok: true }, { type: 'Point', coordinates: [437954.36, 5714000.12, 99] }),
  feature({ name: 'Ärger Öde Übel 😀', ort: 'Soest', n: 7, r: 3.25, d: null, t: '1999-12-31T23:59:59.250Z', big: 1, ok: false }, null),
  feature({ name: 'Preis 5 €', ort: null, n: -3, r: 0.125, d: '1999-12-31', t: null, big: null, ok: null }, { type: 'Point', coordinates: [441000.5, 5716000.25] }),
])
const AREAS = fc([
  feature({ gen: 'Möhnesee', ags: '05974028' }, { type: 'Polygon', coordinates: [ring(440000, 5710000, 1000), ring(440200, 5710200, 100)] }),
  feature({ gen: 'Weiße Inseln', ags: '05974999' }, { type: 'MultiPolygon', coordinates: [[ring(450000, 5720000, 10)], [ring(450100, 5720100, 10)]] }),
])
const LINES = fc([
  feature({ weg: 'Hellweg' }, { type: 'LineString', coordinates: [[440000, 5710000, 80], [440500, 5710500, 90]] }),
  feature({ weg: 'Ruhrtalradweg' }, { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] }),
])
const MIXED = fc([
  feature({ k: 'mp' }, { type: 'MultiPoint', coordinates: [[440000, 5710000], [440001, 5710001]] }),
  feature({ k: 'gc' }, { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] }),
  feature({ k: 'pt' }, { type: 'Point', coordinates: [5, 6] }),
])
/** A polygon of 6000 vertices (≈ 96 kB of WKB) and a 20 kB text: both far beyond one 4 kB page. */
const BIG = fc([
  feature(
    { text: 'Ü'.repeat(10_000), nested: { a: [1, 2, { b: 'ß' }] } },
    { type: 'Polygon', coordinates: [[...Array.from({ length: 6000 }, (_, i) => [440000 + 500 * Math.cos((i / 6000) * 2 * Math.PI), 5710000 + 500 * Math.sin((i / 6000) * 2 * Math.PI)]), [440500, 5710000]]] },
  ),
  feature({ text: 'kurz', nested: null }, { type: 'Point', coordinates: [440000, 5710000] }),
])
const MANY = fc(Array.from({ length: 5000 }, (_, i) => feature({ id: i, name: `Punkt ${i} in Soest-Süd` }, { type: 'Point', coordinates: [440000 + i, 5710000 - i] })))

let tmp: string
const file = (name: string) => path.join(tmp, name)
const ogr2ogr = (args: string[]) => execFileSync('ogr2ogr', ['-q', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
const sqlite = (db: string, script: string) => execFileSync('sqlite3', [db], { input: script, stdio: ['pipe', 'pipe', 'pipe'] })

async function gpkg(name: string, layers: [string, object][], extra: string[] = []): Promise<string> {
  const out = file(name)
  for (const [i, [layer, geojson]] of layers.entries()) {
    const src = file(`${name}-${layer}.geojson`)
    await fs.writeFile(src, JSON.stringify(geojson))
    ogr2ogr([...(i ? ['-update'] : ['-f', 'GPKG']), '-nln', layer, ...extra, out, src])
  }
  return out
}

/** Own reader and GDAL agree on everything the publisher uses. */
async function expectSameAsGdal(f: string, layer?: string): Promise<VectorData> {
  const ours = readGeoPackage(f, { layer })
  const gdal = await readWithGdal(f, { layer })
  expect(ours.crs).toBe(gdal.crs)
  expect(ours.columns).toEqual(gdal.columns)
  expect(ours.features.length).toBe(gdal.features.length)
  for (let i = 0; i < ours.features.length; i++) expect(ours.features[i], `feature ${i + 1}`).toEqual(gdal.features[i])
  return ours
}

function expectInputError(fn: () => unknown, f: string, pattern: RegExp): void {
  let error: unknown = null
  try {
    fn()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(InputError)
  const message = (error as Error).message
  expect(message.startsWith(`${f}: `)).toBe(true)
  expect(message.split('\n')).toHaveLength(1)
  expect(message).toMatch(pattern)
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-gpkg-'))
})
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true })
})

describe.skipIf(!!missing)('GeoPackage reader: the same features as GDAL', () => {
  let kreis: string
  beforeAll(async () => {
    kreis = await gpkg('kreis.gpkg', [['schulen', POINTS], ['gemeinden', AREAS], ['wege', LINES], ['gemischt', MIXED]])
  })

  it('asks for --layer when there are several, and refuses an unknown one, as before', async () => {
    expectInputError(() => readGeoPackage(kreis), kreis, /has 4 layers \("schulen", "gemeinden", "wege", "gemischt"\); choose one with --layer <name>/)
    await expect(readWithGdal(kreis)).rejects.toThrow(/has 4 layers \("schulen", "gemeinden", "wege", "gemischt"\)/)
    expectInputError(() => readGeoPackage(kreis, { layer: 'bahnhoefe' }), kreis, /no layer "bahnhoefe"; its layers are "schulen", "gemeinden", "wege", "gemischt" — use --layer <name>/)
  })

  it('points with Z, NULL geometry, umlauts and emoji, dates, date-times, booleans, 64-bit integers', async () => {
    const d = await expectSameAsGdal(kreis, 'schulen')
    expect(d.crs).toBe('EPSG:25832')
    expect(d.features[0].geometry).toEqual({ type: 'Point', coordinates: [437954.36, 5714000.12] })
    expect(d.features[1].geometry).toBeNull()
    expect(d.features[1].properties.name).toBe('Ärger Öde Übel 😀')
  })

  it('polygons with holes, multipolygons, lines, multilines, multipoints and collections; layer names ignore case', async () => {
    await expectSameAsGdal(kreis, 'Gemeinden')
    await expectSameAsGdal(kreis, 'wege')
    const mixed = await expectSameAsGdal(kreis, 'gemischt')
    expect(mixed.features.map((f) => f.geometry?.type)).toEqual(['MultiPoint', 'GeometryCollection', 'Point'])
  })

  it('rows on overflow pages (a 96 kB polygon, a 20 kB text, a JSON attribute)', async () => {
    const f = await gpkg('big.gpkg', [['big', BIG]])
    const d = await expectSameAsGdal(f)
    expect((d.features[0].geometry!.coordinates as number[][][])[0]).toHaveLength(6001)
    expect(d.features[0].properties.text).toBe('Ü'.repeat(10_000))
  })

  it('a table over many pages (interior b-tree pages), streamed or read at once', async () => {
    const f = await gpkg('many.gpkg', [['punkte', MANY]])
    const d = await expectSameAsGdal(f)
    expect(d.features).toHaveLength(5000)
    const streamed = openGeoPackage(f, {}, 0)
    expect(Array.isArray(streamed.features)).toBe(false)
    expect(streamed.count).toBe(5000)
    // Two passes, as the publisher makes them.
    for (let pass = 0; pass < 2; pass++) expect([...streamed.features]).toEqual(d.features)
  })

  it('a layer without features and a layer without CRS', async () => {
    const empty = await gpkg('leer.gpkg', [['leer', POINTS]], ['-where', 'n > 100'])
    const d = await expectSameAsGdal(empty)
    expect(d.features).toEqual([])
    expect(d.columns.map((c) => c.name)).toContain('ort')
    // srs_id 0, the GeoPackage's "undefined geographic" system: no CRS (GDAL refused it as not an EPSG code),
    // so the publisher asks for --crs or guesses it from the coordinates, as for other files without one.
    const nocrs = await gpkg('ohnecrs.gpkg', [['x', fc(LINES.features, null)]], ['-a_srs', 'None'])
    const ours = readGeoPackage(nocrs)
    expect(ours.crs).toBeNull()
    await expect(readWithGdal(nocrs)).rejects.toThrow(/"Undefined geographic SRS"\) that cannot be identified/)
    expect(ours.features).toEqual((await readWithGdal(nocrs, { crs: 'EPSG:25832' })).features)
  })

  it('a CRS given only as WKT with an EPSG ID, and one that is no EPSG code (--crs decides)', async () => {
    const f = await gpkg('wkt.gpkg', [['x', AREAS]])
    sqlite(f, "UPDATE gpkg_spatial_ref_sys SET organization = 'NONE', organization_coordsys_id = 25832 WHERE srs_id = 25832;")
    expect(readGeoPackage(f).crs).toBe('EPSG:25832')
    sqlite(f, "UPDATE gpkg_spatial_ref_sys SET definition = 'PROJCS[\"Soest_Lokal\",GEOGCS[\"x\"],UNIT[\"metre\",1]]' WHERE srs_id = 25832;")
    expectInputError(() => readGeoPackage(f), f, /"Soest_Lokal".*cannot be identified as an EPSG code.*--crs/)
    expect(readGeoPackage(f, { crs: 'EPSG:25832' }).crs).toBe('EPSG:25832')
  })

  it('a write-ahead log with edits not yet written back (as SQLite and GDAL read it)', async () => {
    // Without GDAL's R-tree triggers, which call functions the sqlite3 shell does not have.
    const src = await gpkg('wal-src.gpkg', [['gemeinden', AREAS]], ['-lco', 'SPATIAL_INDEX=NO'])
    const copy = file('wal.gpkg')
    // The copy is taken while sqlite3 still holds the database open: its -wal file has the committed edit.
    sqlite(src, `PRAGMA journal_mode=WAL;\nUPDATE gemeinden SET gen = 'Neu: Lippetal' WHERE ags = '05974028';\n.shell cp ${src} ${copy}; cp ${src}-wal ${copy}-wal\n`)
    expect((await fs.stat(`${copy}-wal`)).size).toBeGreaterThan(0)
    const d = await expectSameAsGdal(copy)
    expect(d.features[0].properties.gen).toBe('Neu: Lippetal')
  })

  it('lists feature tables, then attribute tables, as GDAL does; an attribute table reads without geometries', async () => {
    const csv = file('tabelle.csv')
    await fs.writeFile(csv, 'schluessel,wert\n05974028,Möhnesee\n05974040,Soest\n')
    const f = file('reihenfolge.gpkg')
    ogr2ogr(['-f', 'GPKG', '-nln', 'tabelle', f, csv])
    await fs.writeFile(file('p.geojson'), JSON.stringify(POINTS))
    ogr2ogr(['-update', '-nln', 'punkte', f, file('p.geojson')])
    const list = /has 2 layers \("punkte", "tabelle"\)/
    expect(() => readGeoPackage(f)).toThrow(list)
    await expect(readWithGdal(f)).rejects.toThrow(list)
    const d = await expectSameAsGdal(f, 'tabelle')
    expect(d.features.map((x) => [x.geometry, x.properties.wert])).toEqual([[null, 'Möhnesee'], [null, 'Soest']])
  })

  it('a UTF-16 database (big-endian), copied by SQLite itself', async () => {
    const src = await gpkg('utf8.gpkg', [['schulen', POINTS]], ['-lco', 'SPATIAL_INDEX=NO'])
    const f = file('utf16.gpkg')
    sqlite(f, `PRAGMA encoding = 'UTF-16be';\n${execFileSync('sqlite3', [src, '.dump'], { encoding: 'utf8' })}`)
    expect(execFileSync('sqlite3', [f, 'PRAGMA encoding;'], { encoding: 'utf8' }).trim()).toBe('UTF-16be')
    const d = await expectSameAsGdal(f)
    expect(d.features[1].properties.name).toBe('Ärger Öde Übel 😀')
  })

  it('a FIFO or a folder in place of the -wal is refused at once, not waited on', async () => {
    const f = await gpkg('fifo.gpkg', [['gemeinden', AREAS]])
    execFileSync('mkfifo', [`${f}-wal`])
    expectInputError(() => readGeoPackage(f), f, /fifo\.gpkg-wal is .*not a regular file/)
    await fs.rm(`${f}-wal`)
    await fs.mkdir(`${f}-wal`)
    expectInputError(() => readGeoPackage(f), f, /fifo\.gpkg-wal is a folder/)
  })

  it('a column added later reads its DEFAULT in older rows', async () => {
    const f = await gpkg('alter.gpkg', [['gemeinden', AREAS]])
    sqlite(f, "ALTER TABLE gemeinden ADD COLUMN kreis TEXT DEFAULT 'Soest';\nALTER TABLE gemeinden ADD COLUMN einw INTEGER DEFAULT -1;")
    const d = await expectSameAsGdal(f)
    expect(d.features.map((x) => [x.properties.kreis, x.properties.einw])).toEqual([['Soest', -1], ['Soest', -1]])
  })
})

describe.skipIf(!!missing)('GeoPackage reader: what it leaves to GDAL or refuses', () => {
  it('curved geometries go to GDAL, which linearises them', async () => {
    const csv = file('bogen.csv')
    await fs.writeFile(csv, 'id,WKT\n1,"CIRCULARSTRING (440000 5710000,440100 5710100,440200 5710000)"\n')
    const f = file('bogen.gpkg')
    ogr2ogr(['-f', 'GPKG', '-a_srs', 'EPSG:25832', '-nlt', 'CIRCULARSTRING', '-nln', 'bogen', f, csv])
    expect(() => readGeoPackage(f)).toThrow(NeedsGdal)
    expect(() => readGeoPackage(f)).toThrow(/layer "bogen" has curved geometries \(CIRCULARSTRING\)/)
    const d = await openVectorInput(f, { stream: false })
    expect(d.features).toEqual((await readWithGdal(f)).features)
    expect((d.features as VectorData['features'])[0].geometry?.type).toBe('LineString')
    // A curve in a layer declared as GEOMETRY (any type) is met while reading: GDAL takes the layer too.
    const g = file('bogen-geometry.gpkg')
    ogr2ogr(['-f', 'GPKG', '-a_srs', 'EPSG:25832', '-nlt', 'GEOMETRY', '-nln', 'bogen', g, csv])
    expect(() => readGeoPackage(g)).toThrow(/curved or surface geometries \(CircularString, feature 1\)/)
    // Also when the layer would be streamed: the curve is found while opening, not halfway through publishing.
    expect(() => openGeoPackage(g, {}, 0)).toThrow(NeedsGdal)
    expect((await openVectorInput(g, { stream: false })).features).toEqual((await readWithGdal(g)).features)
  })

  it('a view goes to GDAL', async () => {
    const f = await gpkg('view.gpkg', [['punkte', POINTS]])
    for (const sql of [
      'CREATE VIEW sicht AS SELECT fid, geom, name FROM punkte WHERE n > 0;',
      "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('sicht', 'features', 'sicht', 25832);",
      "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ('sicht', 'geom', 'POINT', 25832, 0, 0);",
    ]) sqlite(f, sql)
    expect(() => readGeoPackage(f, { layer: 'sicht' })).toThrow(/layer "sicht" is a view/)
    const d = await openVectorInput(f, { layer: 'sicht', stream: false })
    expect((d.features as VectorData['features']).map((x) => x.properties.name)).toEqual(['Straße', 'Ärger Öde Übel 😀'])
    await expectSameAsGdal(f, 'punkte')
  })

  it('a WITHOUT ROWID feature table is refused with one line', async () => {
    const f = await gpkg('norowid.gpkg', [['punkte', POINTS]])
    sqlite(f, [
      'CREATE TABLE ohne (fid INTEGER NOT NULL PRIMARY KEY, geom POINT, name TEXT) WITHOUT ROWID;',
      'INSERT INTO ohne SELECT fid, geom, name FROM punkte;',
      "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('ohne', 'features', 'ohne', 25832);",
      "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ('ohne', 'geom', 'POINT', 25832, 0, 0);",
    ].join('\n'))
    expectInputError(() => readGeoPackage(f, { layer: 'ohne' }), f, /layer "ohne" is a WITHOUT ROWID table.*INTEGER PRIMARY KEY/)
  })

  it('a damaged geometry names the feature and the layer', async () => {
    const f = await gpkg('kaputt.gpkg', [['gemeinden', AREAS]], ['-lco', 'SPATIAL_INDEX=NO'])
    sqlite(f, "UPDATE gemeinden SET geom = X'47500001E8620000FF03000000' WHERE fid = 2;")
    expectInputError(() => readGeoPackage(f), f, /is damaged at feature 2 \(fid 2\) of layer "gemeinden": invalid WKB byte order 255; export it again/)
    sqlite(f, "UPDATE gemeinden SET geom = 'Text' WHERE fid = 2;")
    expectInputError(() => readGeoPackage(f), f, /at feature 2 \(fid 2\) of layer "gemeinden": its geometry is a string/)
  })

  it('files that are no GeoPackage', async () => {
    const empty = file('zero.gpkg')
    await fs.writeFile(empty, '')
    expectInputError(() => readGeoPackage(empty), empty, /empty \(0 bytes\)/)
    const noise = file('noise.gpkg')
    await fs.writeFile(noise, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)))
    expectInputError(() => readGeoPackage(noise), noise, /is not a GeoPackage \(it is not an SQLite database\)/)
    const plain = file('plain.gpkg')
    sqlite(plain, 'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);')
    expectInputError(() => readGeoPackage(plain), plain, /is not a GeoPackage \(it has no gpkg_contents table\)/)
    const fake = file('fake.gpkg')
    const bytes = Buffer.alloc(8192, 0x5a)
    bytes.write('SQLite format 3\u0000', 0, 'latin1')
    await fs.writeFile(fake, bytes)
    expectInputError(() => readGeoPackage(fake), fake, /is damaged .*export it again/)
  })
})

describe.skipIf(!!missing)('GeoPackage reader: damaged files', () => {
  /** Deterministic (mulberry32), so a failing case can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  it('truncated and byte-flipped copies end in a result or one clear line, after a bounded number of page reads', async () => {
    // Interior pages, overflow chains (the big polygon and text), several layers and system tables to damage.
    const seed = await gpkg('fuzz-seed.gpkg', [['punkte', fc(MANY.features.slice(0, 1500))], ['big', BIG], ['gemeinden', AREAS]])
    const bytes = await fs.readFile(seed)
    const pages = bytes.length / bytes.readUInt16BE(16)
    const rnd = random(20261207)
    const outcomes = { ok: 0, error: 0, gdal: 0 }
    const CASES = Number(process.env.FUZZ_CASES ?? 400)
    for (let i = 0; i < CASES; i++) {
      let copy: Buffer
      let how: string
      if (i % 4 === 0) {
        const at = Math.floor(rnd() * bytes.length)
        copy = bytes.subarray(0, at)
        how = `truncated to ${at} bytes`
      } else {
        copy = Buffer.from(bytes)
        const flips = 1 + Math.floor(rnd() * 8)
        const at: number[] = []
        for (let k = 0; k < flips; k++) {
          // Half of the flips hit a page's first 32 bytes (b-tree header and cell pointers), where damage bites.
          const p = Math.floor(rnd() * pages)
          const o = rnd() < 0.5 ? p * 4096 + (p === 0 ? 100 : 0) + Math.floor(rnd() * 32) : Math.floor(rnd() * copy.length)
          copy[o] ^= 1 << Math.floor(rnd() * 8)
          at.push(o)
        }
        how = `bits flipped at ${at.join(', ')}`
      }
      const f = file(`fuzz-${i}.gpkg`)
      await fs.writeFile(f, copy)
      const before = sqlitePagesRead()
      for (const layer of ['punkte', 'big', 'gemeinden']) {
        try {
          const d = openGeoPackage(f, { layer }, i % 2 ? 0 : Infinity)
          for (const x of d.features) expect(x).toBeTypeOf('object')
          outcomes.ok++
        } catch (e) {
          if (e instanceof NeedsGdal) {
            outcomes.gdal++
            continue
          }
          expect(e, `${how}: ${(e as Error).stack}`).toBeInstanceOf(InputError)
          const message = (e as Error).message
          expect(message.startsWith(`${f}: `), how).toBe(true)
          expect(message.split('\n'), how).toHaveLength(1)
          outcomes.error++
        }
      }
      // Each walk visits a page at most once; reading three layers takes a few walks over the file each.
      expect(sqlitePagesRead() - before, how).toBeLessThan(40 * pages)
      await fs.rm(f)
    }
    console.info(`GeoPackage fuzz: ${CASES} damaged copies × 3 layers: ${JSON.stringify(outcomes)}`)
    expect(outcomes.error).toBeGreaterThan(CASES / 4)
    expect(outcomes.ok).toBeGreaterThan(0)
  }, 300_000)
})
