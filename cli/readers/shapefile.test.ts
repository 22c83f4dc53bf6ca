// The pure-TypeScript Shapefile reader against GDAL (gdal3.js, the oracle in test/helpers/gdalShapefile.ts): the same features, properties, column
// types and CRS. Fixtures are made here, by gdal3.js's ogr2ogr and by a small Shapefile writer below (for ring
// arrangements, field types and damage that GDAL would never write). Nothing is committed as a fixture file.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ColumnType, type VectorData } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { gdalRuntime, startGdalThread, type GdalApi } from './gdal.ts'
import { readShapefileWithGdal as readWithGdal } from '../../test/helpers/gdalShapefile.ts'
import { identifyPrj, parseShapefile, readShapefile } from './shapefile.ts'

let tmp: string

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-shp-'))
  await Promise.all([gdalRuntime(), startGdalThread()])
})
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

const EPSG25832 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } }
const fc = (features: object[]) => ({ type: 'FeatureCollection', crs: EPSG25832, features })
const feature = (properties: object, geometry: object | null) => ({ type: 'Feature', properties, geometry })

/** Converts GeoJSON to a Shapefile with gdal3.js's ogr2ogr; returns the .shp path. */
async function gdalShapefile(name: string, geojson: object, args: string[] = []): Promise<string> {
  const dir = path.join(tmp, name)
  await fs.mkdir(dir)
  const runtime = await gdalRuntime()
  await runtime.use(async (gdal: GdalApi) => {
    const { FS } = gdal.Module
    const work = `/input/shp-fixture-${name}`
    FS.mkdir(work)
    try {
      FS.writeFile(`${work}/src.geojson`, new TextEncoder().encode(JSON.stringify(geojson)))
      const ds = (await gdal.open(`${work}/src.geojson`)).datasets[0]
      const out = await gdal.ogr2ogr(ds, ['-f', 'ESRI Shapefile', ...args], name)
      await gdal.close(ds)
      for (const f of out.all ?? [out]) {
        await fs.writeFile(path.join(dir, path.basename(f.local)), FS.readFile(f.local))
        FS.unlink(f.local)
      }
    } finally {
      for (const f of FS.readdir(work)) if (f !== '.' && f !== '..') FS.unlink(`${work}/${f}`)
      FS.rmdir(work)
    }
  })
  return path.join(dir, `${name}.shp`)
}

const sibling = (shp: string, ext: string) => shp.replace(/shp$/, ext)

/** The first difference between two readings, for a readable failure. */
function firstDifference(a: VectorData, b: VectorData): string | null {
  if (a.crs !== b.crs) return `crs ${a.crs} vs ${b.crs}`
  if (JSON.stringify(a.columns) !== JSON.stringify(b.columns)) return `columns ${JSON.stringify(a.columns)} vs ${JSON.stringify(b.columns)}`
  if (a.features.length !== b.features.length) return `${a.features.length} vs ${b.features.length} features`
  for (let i = 0; i < a.features.length; i++) {
    const x = JSON.stringify(a.features[i])
    const y = JSON.stringify(b.features[i])
    if (x !== y) return `feature ${i}:\n  ours ${x.slice(0, 800)}\n  gdal ${y.slice(0, 800)}`
  }
  return null
}

/** Reads with both readers and expects the same result; returns ours. */
async function expectSameAsGdal(file: string, opts: { encoding?: string; crs?: string } = {}): Promise<VectorData> {
  const ours = await readShapefile(file, opts)
  const gdal = await readWithGdal(file, opts)
  expect(firstDifference(ours, gdal)).toBeNull()
  expect(ours).toEqual(gdal)
  return ours
}

async function expectInputError(p: Promise<unknown>, file: string, pattern: RegExp): Promise<InputError> {
  const t0 = Date.now()
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(Date.now() - t0).toBeLessThan(5000) // never hangs
  expect(e).toBeInstanceOf(InputError)
  expect((e as InputError).file).toBe(file)
  expect((e as Error).message.startsWith(`${file}: `)).toBe(true)
  expect((e as Error).message).toMatch(pattern)
  return e as InputError
}

const props = (d: VectorData, k: string) => d.features.map((f) => f.properties[k])
const columnTypes = (d: VectorData) => Object.fromEntries(d.columns.map((c) => [c.name, c.type]))

// ---------------------------------------------------------------------------------------------------------------
// A minimal Shapefile writer, for what GDAL does not write: wrong winding, unclosed rings, odd field types, M values.

type XY = number[]
interface ShapeSpec {
  type: number
  /** Point: [[x, y(, z)(, m)]]; MultiPoint: the points; PolyLine/Polygon: parts of points. */
  parts: XY[][]
}
interface FieldSpec {
  name: string
  type: string
  width: number
  decimals?: number
}
interface ShapefileSpec {
  shapeType: number
  shapes: (ShapeSpec | null)[]
  fields: FieldSpec[]
  /** Raw field texts per record (bytes: latin1 strings or Buffers); padded as dBASE does. */
  rows: (string | Buffer | null)[][]
  deleted?: number[]
  ldid?: number
  cpg?: string
  prj?: string | null
  /** Leave out the .shx. */
  noShx?: boolean
}

const hasZ = (t: number) => t === 11 || t === 13 || t === 15 || t === 18
const hasM = (t: number) => hasZ(t) || t === 21 || t === 23 || t === 25 || t === 28

function shapeContent(s: ShapeSpec | null): Buffer {
  if (!s || s.type === 0) {
    const b = Buffer.alloc(4)
    b.writeInt32LE(0, 0)
    return b
  }
  const points = s.parts.flat()
  const z = hasZ(s.type)
  const m = hasM(s.type)
  const out: Buffer[] = []
  const i32 = (v: number) => {
    const b = Buffer.alloc(4)
    b.writeInt32LE(v, 0)
    out.push(b)
  }
  const f64 = (...vs: number[]) => {
    const b = Buffer.alloc(8 * vs.length)
    vs.forEach((v, i) => b.writeDoubleLE(v, 8 * i))
    out.push(b)
  }
  const range = (k: number) => [Math.min(...points.map((p) => p[k])), Math.max(...points.map((p) => p[k]))]
  i32(s.type)
  if (s.type === 1 || s.type === 11 || s.type === 21) {
    const p = points[0]
    f64(p[0], p[1])
    if (z) f64(p[2] ?? 0)
    if (m) f64(p[z ? 3 : 2] ?? 0)
    return Buffer.concat(out)
  }
  const [minX, maxX] = range(0)
  const [minY, maxY] = range(1)
  f64(minX, minY, maxX, maxY)
  const multipoint = s.type === 8 || s.type === 18 || s.type === 28
  if (!multipoint) i32(s.parts.length)
  i32(points.length)
  if (!multipoint) {
    let start = 0
    for (const part of s.parts) {
      i32(start)
      start += part.length
    }
  }
  for (const p of points) f64(p[0], p[1])
  if (z) {
    f64(...(points.length ? range(2) : [0, 0]))
    for (const p of points) f64(p[2] ?? 0)
  }
  if (m) {
    const mi = z ? 3 : 2
    f64(0, 0)
    for (const p of points) f64(p[mi] ?? 0)
  }
  return Buffer.concat(out)
}

function shapeHeader(type: number, lengthBytes: number, shapes: (ShapeSpec | null)[]): Buffer {
  const h = Buffer.alloc(100)
  h.writeInt32BE(9994, 0)
  h.writeInt32BE(lengthBytes / 2, 24)
  h.writeInt32LE(1000, 28)
  h.writeInt32LE(type, 32)
  const pts = shapes.flatMap((s) => (s ? s.parts.flat() : []))
  if (pts.length) {
    h.writeDoubleLE(Math.min(...pts.map((p) => p[0])), 36)
    h.writeDoubleLE(Math.min(...pts.map((p) => p[1])), 44)
    h.writeDoubleLE(Math.max(...pts.map((p) => p[0])), 52)
    h.writeDoubleLE(Math.max(...pts.map((p) => p[1])), 60)
  }
  return h
}

async function writeShapefile(name: string, spec: ShapefileSpec): Promise<string> {
  const dir = path.join(tmp, name)
  await fs.mkdir(dir, { recursive: true })
  const base = path.join(dir, name)
  const records: Buffer[] = []
  const index: Buffer[] = []
  let offset = 100
  spec.shapes.forEach((s, i) => {
    const content = shapeContent(s)
    const head = Buffer.alloc(8)
    head.writeInt32BE(i + 1, 0)
    head.writeInt32BE(content.length / 2, 4)
    records.push(head, content)
    const entry = Buffer.alloc(8)
    entry.writeInt32BE(offset / 2, 0)
    entry.writeInt32BE(content.length / 2, 4)
    index.push(entry)
    offset += 8 + content.length
  })
  await fs.writeFile(`${base}.shp`, Buffer.concat([shapeHeader(spec.shapeType, offset, spec.shapes), ...records]))
  if (!spec.noShx) {
    await fs.writeFile(`${base}.shx`, Buffer.concat([shapeHeader(spec.shapeType, 100 + 8 * index.length, spec.shapes), ...index]))
  }
  // dBASE III
  const recordLength = 1 + spec.fields.reduce((n, f) => n + f.width, 0)
  const headerLength = 32 + 32 * spec.fields.length + 1
  const head = Buffer.alloc(headerLength)
  head[0] = 0x03
  head[1] = 124
  head[2] = 1
  head[3] = 1
  head.writeUInt32LE(spec.rows.length, 4)
  head.writeUInt16LE(headerLength, 8)
  head.writeUInt16LE(recordLength, 10)
  head[29] = spec.ldid ?? 0
  spec.fields.forEach((f, i) => {
    const at = 32 + 32 * i
    head.write(f.name, at, 'latin1')
    head[at + 11] = f.type.charCodeAt(0)
    head[at + 16] = f.width
    head[at + 17] = f.decimals ?? 0
  })
  head[headerLength - 1] = 0x0d
  const rows = spec.rows.map((row, r) => {
    const rec = Buffer.alloc(recordLength, 0x20)
    if (spec.deleted?.includes(r)) rec[0] = 0x2a
    let at = 1
    spec.fields.forEach((f, i) => {
      const v = row[i]
      const bytes = v === null ? Buffer.alloc(0) : typeof v === 'string' ? Buffer.from(v, 'latin1') : v
      const numeric = f.type === 'N' || f.type === 'F'
      bytes.copy(rec, numeric ? at + Math.max(0, f.width - bytes.length) : at, 0, Math.min(bytes.length, f.width))
      at += f.width
    })
    return rec
  })
  await fs.writeFile(`${base}.dbf`, Buffer.concat([head, ...rows, Buffer.from([0x1a])]))
  if (spec.cpg !== undefined) await fs.writeFile(`${base}.cpg`, spec.cpg)
  const prj = spec.prj === undefined ? ESRI_25832 : spec.prj
  if (prj !== null) await fs.writeFile(`${base}.prj`, prj)
  return `${base}.shp`
}

const ESRI_25832 =
  'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

/** Axis-aligned square rings; clockwise = outer ring in the Shapefile convention. */
const cw = (x: number, y: number, s: number): XY[] => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]]
const ccw = (x: number, y: number, s: number): XY[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]
const ID_FIELD: FieldSpec[] = [{ name: 'id', type: 'N', width: 5 }]
const ids = (n: number) => Array.from({ length: n }, (_, i) => [String(i + 1)])

// ---------------------------------------------------------------------------------------------------------------
// Fixtures from gdal3.js.

const POINTS = fc([
  feature(
    { name: 'Straße', ort: 'Möhnesee', farbe: 'Weiß', n: 5, r: 2.5, d: '2021-09-01', big: 12345678901, leer: '' },
    { type: 'Point', coordinates: [437954.36, 5714000.12, 99] },
  ),
  feature({ name: 'Ärger Öde Übel', ort: 'Soest', farbe: null, n: 7, r: 3.25, d: null, big: 1, leer: null }, null),
  feature(
    { name: '  Preis 5 €  ', ort: 'Bad Sassendorf', farbe: 'grün', n: -3, r: -0.125, d: '1999-12-31', big: null, leer: 'x' },
    { type: 'Point', coordinates: [441000.5, 5716000.25] },
  ),
  feature({ name: null, ort: '', farbe: 'ÄÖÜäöüß', n: null, r: null, d: '2000-02-29', big: -42, leer: null }, {
    type: 'Point',
    coordinates: [1e-7, -123456.789],
  }),
])

const ring = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]
const AREAS = fc([
  feature({ gen: 'Möhnesee', ags: '05974028' }, { type: 'Polygon', coordinates: [ring(440000, 5710000, 1000), ring(440200, 5710200, 100), ring(440600, 5710600, 50)] }),
  feature({ gen: 'Weiße Inseln', ags: '05974999' }, {
    type: 'MultiPolygon',
    coordinates: [[ring(450000, 5720000, 100), ring(450010, 5720010, 10)], [ring(450200, 5720000, 10)], [ring(450400, 5720000, 50), ring(450410, 5720010, 5), ring(450430, 5720030, 5)]],
  }),
  feature({ gen: 'Leer', ags: null }, null),
  // A lake with an island: the island is a polygon of its own.
  feature({ gen: 'See mit Insel', ags: '1' }, {
    type: 'MultiPolygon',
    coordinates: [[ring(460000, 5730000, 1000), ring(460100, 5730100, 800)], [ring(460200, 5730200, 400), ring(460300, 5730300, 100)]],
  }),
])

const LINES = fc([
  feature({ weg: 'Hellweg', km: 1.5 }, { type: 'LineString', coordinates: [[440000, 5710000, 80], [440500, 5710500, 90], [440600, 5710400, 95]] }),
  feature({ weg: 'Ruhrtalradweg', km: 230 }, { type: 'MultiLineString', coordinates: [[[1, 2, 0], [3, 4, 0]], [[5, 6, 1], [7, 8, 1], [9, 9, 1]]] }),
  feature({ weg: 'ohne', km: null }, null),
])

const MULTIPOINTS = fc([
  feature({ k: 'a' }, { type: 'MultiPoint', coordinates: [[1, 2, 3], [4, 5, 6]] }),
  feature({ k: 'b' }, { type: 'MultiPoint', coordinates: [[7, 8, 9]] }),
  feature({ k: 'c' }, null),
])

describe('readShapefile ≡ readWithGdal: Shapefiles written by gdal3.js', () => {
  it('UTF-8 with .cpg: points (Z dropped, null geometry), strings, ints, doubles, dates, Integer64, empty values', async () => {
    const file = await gdalShapefile('utf8', POINTS, ['-lco', 'ENCODING=UTF-8'])
    expect(await fs.readFile(sibling(file, 'cpg'), 'latin1')).toMatch(/UTF-8/)
    const d = await expectSameAsGdal(file)
    expect(d.crs).toBe('EPSG:25832')
    expect(props(d, 'name')).toEqual(['Straße', 'Ärger Öde Übel', 'Preis 5 €', null]) // trimmed both sides, like GDAL
    expect(props(d, 'ort')).toEqual(['Möhnesee', 'Soest', 'Bad Sassendorf', null]) // empty text is null, like GDAL
    expect(props(d, 'd')).toEqual(['2021-09-01', null, '1999-12-31', '2000-02-29'])
    expect(props(d, 'big')).toEqual([12345678901, 1, null, -42])
    expect(columnTypes(d)).toMatchObject({ name: ColumnType.String, n: ColumnType.Int, r: ColumnType.Double, d: ColumnType.DateTime, big: ColumnType.Long })
    expect(d.features[0].geometry).toEqual({ type: 'Point', coordinates: [437954.36, 5714000.12] })
    expect(d.features[1].geometry).toBeNull()
  })

  it('CP1252 with .cpg, with a numeric .cpg, and without .cpg (detection)', async () => {
    const file = await gdalShapefile('cp1252', POINTS, ['-lco', 'ENCODING=CP1252'])
    expect((await fs.readFile(sibling(file, 'dbf'))).includes(Buffer.from('5 \x80', 'latin1'))).toBe(true)
    expect(props(await expectSameAsGdal(file), 'name')[2]).toBe('Preis 5 €')
    await fs.writeFile(sibling(file, 'cpg'), '1252')
    await expectSameAsGdal(file)
    await fs.rm(sibling(file, 'cpg'))
    expect((await fs.readFile(sibling(file, 'dbf')))[29]).toBe(0) // no language driver either: detection
    expect(props(await expectSameAsGdal(file), 'farbe')).toEqual(['Weiß', null, 'grün', 'ÄÖÜäöüß'])
  })

  it('UTF-8 without .cpg (detection), and an explicit encoding that wins over everything', async () => {
    const file = await gdalShapefile('utf8nocpg', POINTS, ['-lco', 'ENCODING=UTF-8'])
    await fs.rm(sibling(file, 'cpg'))
    expect(props(await expectSameAsGdal(file), 'ort')[0]).toBe('Möhnesee')
    const wrong = await expectSameAsGdal(file, { encoding: 'windows-1252' })
    expect(props(wrong, 'ort')[0]).toBe('MÃ¶hnesee')
  })

  it('ISO-8859-1 with .cpg, and GDAL\'s default (language driver 0x57, no .cpg)', async () => {
    const latin1 = fc(POINTS.features.slice(0, 2))
    const file = await gdalShapefile('latin1', latin1, ['-lco', 'ENCODING=ISO-8859-1'])
    expect(props(await expectSameAsGdal(file), 'farbe')).toEqual(['Weiß', null])
    await fs.writeFile(sibling(file, 'cpg'), '88591')
    await expectSameAsGdal(file)
    const def = await gdalShapefile('ldid87', latin1)
    expect((await fs.readFile(sibling(def, 'dbf')))[29]).toBe(0x57)
    expect(existsSync(sibling(def, 'cpg'))).toBe(false)
    expect(props(await expectSameAsGdal(def), 'name')).toEqual(['Straße', 'Ärger Öde Übel'])
  })

  it('polygons with holes, multipolygons, an island in a lake, a null shape', async () => {
    const file = await gdalShapefile('areas', AREAS, ['-lco', 'ENCODING=UTF-8'])
    const d = await expectSameAsGdal(file)
    expect(d.features.map((f) => f.geometry?.type ?? null)).toEqual(['Polygon', 'MultiPolygon', null, 'MultiPolygon'])
    expect((d.features[0].geometry!.coordinates as number[][][]).length).toBe(3)
    expect((d.features[3].geometry!.coordinates as number[][][][]).map((p) => p.length)).toEqual([2, 2])
  })

  it('polygons with Z and with M', async () => {
    const z = fc(AREAS.features.map((f) => JSON.parse(JSON.stringify(f).replace(/\[(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\]/g, '[$1,$2,7]'))))
    const fileZ = await gdalShapefile('areasz', z, ['-lco', 'ENCODING=UTF-8'])
    expect((await fs.readFile(fileZ)).readInt32LE(32)).toBe(15)
    await expectSameAsGdal(fileZ)
    const fileM = await gdalShapefile('areasm', AREAS, ['-lco', 'ENCODING=UTF-8', '-dim', 'XYM'])
    expect((await fs.readFile(fileM)).readInt32LE(32)).toBe(25)
    await expectSameAsGdal(fileM)
  })

  it('lines and multilines (Z and M dropped)', async () => {
    const file = await gdalShapefile('lines', LINES, ['-lco', 'ENCODING=UTF-8'])
    expect((await fs.readFile(file)).readInt32LE(32)).toBe(13)
    const d = await expectSameAsGdal(file)
    expect(d.features[0].geometry).toEqual({ type: 'LineString', coordinates: [[440000, 5710000], [440500, 5710500], [440600, 5710400]] })
    expect(d.features[1].geometry?.type).toBe('MultiLineString')
    const m = await gdalShapefile('linesm', LINES, ['-dim', 'XYM'])
    expect((await fs.readFile(m)).readInt32LE(32)).toBe(23)
    await expectSameAsGdal(m)
  })

  it('multipoints and points with Z and M', async () => {
    const file = await gdalShapefile('multipoints', MULTIPOINTS)
    expect((await fs.readFile(file)).readInt32LE(32)).toBe(18)
    expect((await expectSameAsGdal(file)).features[0].geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [4, 5]] })
    await expectSameAsGdal(await gdalShapefile('multipointsm', MULTIPOINTS, ['-dim', 'XYM']))
    await expectSameAsGdal(await gdalShapefile('pointsm', POINTS, ['-dim', 'XYM', '-lco', 'ENCODING=UTF-8']))
    await expectSameAsGdal(await gdalShapefile('pointszm', POINTS, ['-dim', 'XYZM', '-lco', 'ENCODING=UTF-8']))
  })

  it('deleted records are skipped together with their shapes', async () => {
    const file = await gdalShapefile('deleted', AREAS, ['-lco', 'ENCODING=UTF-8'])
    const dbf = await fs.readFile(sibling(file, 'dbf'))
    const headerLength = dbf.readUInt16LE(8)
    const recordLength = dbf.readUInt16LE(10)
    dbf[headerLength + 1 * recordLength] = 0x2a
    dbf[headerLength + 2 * recordLength] = 0x2a
    await fs.writeFile(sibling(file, 'dbf'), dbf)
    const d = await expectSameAsGdal(file)
    expect(props(d, 'gen')).toEqual(['Möhnesee', 'See mit Insel'])
  })

  it('works without .shx (reading the .shp from record to record) and with upper-case extensions', async () => {
    const file = await gdalShapefile('noshx', AREAS, ['-lco', 'ENCODING=UTF-8'])
    const withShx = await readShapefile(file)
    await fs.rm(sibling(file, 'shx'))
    expect(await readShapefile(file)).toEqual(withShx)
    const upper = await gdalShapefile('upper', POINTS, ['-lco', 'ENCODING=UTF-8'])
    for (const ext of ['shx', 'dbf', 'prj', 'cpg']) await fs.rename(sibling(upper, ext), sibling(upper, ext.toUpperCase()))
    const d = await expectSameAsGdal(upper)
    expect(props(d, 'ort')[0]).toBe('Möhnesee')
  })

  it('a layer without features', async () => {
    const file = await gdalShapefile('empty', fc([]), ['-lco', 'ENCODING=UTF-8', '-nlt', 'POLYGON'])
    const d = await readShapefile(file)
    expect(d.features).toEqual([])
    expect(d.crs).toBe('EPSG:25832')
  })
})

describe('readShapefile ≡ readWithGdal: CRS from the .prj', () => {
  const point = fc([feature({ a: 1 }, { type: 'Point', coordinates: [437954.36, 5714000.12] })])

  it.each([25832, 25833, 4326, 4258, 3857, 31466, 31467])('ESRI .prj of EPSG:%i as GDAL writes it', async (code) => {
    const file = await gdalShapefile(`crs${code}`, point, ['-s_srs', 'EPSG:25832', '-t_srs', `EPSG:${code}`])
    expect((await expectSameAsGdal(file)).crs).toBe(`EPSG:${code}`)
  })

  it('no .prj → crs null; an empty .prj likewise', async () => {
    const file = await gdalShapefile('noprj', point)
    await fs.rm(sibling(file, 'prj'))
    expect((await expectSameAsGdal(file)).crs).toBeNull()
    await fs.writeFile(sibling(file, 'prj'), '')
    expect((await expectSameAsGdal(file)).crs).toBeNull()
  })

  const OGC_25832 =
    'PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,' +
    'AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],' +
    'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],' +
    'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]'
  const OGC_31467_NO_AUTHORITY =
    'PROJCS["DHDN / 3-degree Gauss-Kruger zone 3",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]],' +
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
    'PARAMETER["central_meridian",9],PARAMETER["scale_factor",1],PARAMETER["false_easting",3500000],PARAMETER["false_northing",0],UNIT["metre",1]]'
  const WKT2_25833 =
    'PROJCRS["ETRS89 / UTM zone 33N",BASEGEOGCRS["ETRS89",ENSEMBLE["European Terrestrial Reference System 1989 ensemble",' +
    'MEMBER["European Terrestrial Reference Frame 1989"],ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]],' +
    'ENSEMBLEACCURACY[0.1]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["UTM zone 33N",' +
    'METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],' +
    'PARAMETER["Longitude of natural origin",15,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Scale factor at natural origin",0.9996,' +
    'SCALEUNIT["unity",1]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1]],PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],' +
    'CS[Cartesian,2],AXIS["easting",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing",north,ORDER[2],LENGTHUNIT["metre",1]]]'
  const ZONE_PREFIXED =
    ESRI_25832.replace('PARAMETER["False_Easting",500000.0]', 'PARAMETER["False_Easting",32500000.0]')

  it.each([
    ['OGC WKT with AUTHORITY', OGC_25832, 'EPSG:25832'],
    ['OGC WKT of Gauss-Krüger zone 3 without AUTHORITY', OGC_31467_NO_AUTHORITY, 'EPSG:31467'],
    ['WKT2 without ID', WKT2_25833, 'EPSG:25833'],
    ['a bare name', 'PROJCS["ETRS89 / UTM zone 32N"]', 'EPSG:25832'],
    ['a UTM name with a zone-prefixed false easting (EPSG:4647, not 25832)', ZONE_PREFIXED, null],
    ['a name that contradicts the parameters', ESRI_25832.replace('Zone_32N', 'Zone_33N'), null],
    ['GK zone 2 parameters with a zone 3 false easting', OGC_31467_NO_AUTHORITY.replace('central_meridian",9', 'central_meridian",6'), null],
    ['World Mercator (ellipsoidal, not Web Mercator)', 'PROJCS["WGS_1984_World_Mercator",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],UNIT["Meter",1.0]]', null],
    ['WGS 84 / UTM zone 32N (not supported)', ESRI_25832.replace(/ETRS_1989/g, 'WGS_1984').replace('GRS_1980",6378137.0,298.257222101', 'WGS_1984",6378137.0,298.257223563'), null],
    ['garbage', 'this is not WKT', null],
  ])('identifies %s', (_what, wkt, expected) => {
    expect(identifyPrj(wkt).crs).toBe(expected)
  })

  it('OGC .prj files give the same CRS as GDAL; a WKT2 .prj, which GDAL ignores, is identified too', async () => {
    for (const [name, wkt] of [['ogc25832', OGC_25832], ['ogc31467', OGC_31467_NO_AUTHORITY]]) {
      const file = await gdalShapefile(name, point)
      await fs.writeFile(sibling(file, 'prj'), wkt)
      await expectSameAsGdal(file)
    }
    const file = await gdalShapefile('wkt2', point)
    await fs.writeFile(sibling(file, 'prj'), WKT2_25833)
    expect((await readWithGdal(file)).crs).toBeNull()
    expect((await readShapefile(file)).crs).toBe('EPSG:25833')
  })

  it('an unrecognised .prj is an error naming the CRS, unless a CRS is stated', async () => {
    const file = await gdalShapefile('custom', point)
    await fs.writeFile(
      sibling(file, 'prj'),
      'PROJCS["Soest_Lokal",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
        'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
        'PARAMETER["False_Easting",12345.0],PARAMETER["False_Northing",-5000000.0],PARAMETER["Central_Meridian",8.1],' +
        'PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
    )
    await expectInputError(readShapefile(file), file, /\.prj .*"Soest_Lokal".*not recognised.*--crs EPSG:.*EPSG:25832/)
    expect((await readShapefile(file, { crs: 'EPSG:25832' })).crs).toBe('EPSG:25832')
    expect((await readWithGdal(file, { crs: 'EPSG:25832' })).crs).toBe('EPSG:25832')
    // A UTM name with a zone-prefixed false easting (as EPSG:4647) must not pass as EPSG:25832.
    await fs.writeFile(sibling(file, 'prj'), ZONE_PREFIXED)
    await expectInputError(readShapefile(file), file, /"ETRS_1989_UTM_Zone_32N".*not recognised/)
    await expectInputError(readWithGdal(file), file, /cannot be identified as an EPSG code/)
  })

  it('differs from GDAL for EPSG:3044 (ETRS-TM32, the same projection as UTM 32N): ours says EPSG:25832', async () => {
    const file = await gdalShapefile('crs3044', point, ['-s_srs', 'EPSG:25832', '-t_srs', 'EPSG:3044'])
    expect((await readWithGdal(file)).crs).toBe('EPSG:3044')
    const ours = await readShapefile(file)
    expect(ours.crs).toBe('EPSG:25832')
    expect(ours.features).toEqual((await readWithGdal(file)).features)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Hand-written files: ring assembly and the shape and field types GDAL's writer does not produce.

describe('readShapefile ≡ readWithGdal: polygon ring assembly', () => {
  const polygons = (name: string, shapes: XY[][][], type = 5) =>
    writeShapefile(name, {
      shapeType: type,
      shapes: shapes.map((parts) => ({ type, parts })),
      fields: ID_FIELD,
      rows: ids(shapes.length),
    })

  it('assigns holes to the smallest containing outer ring, in any ring order; unmatched holes become outer rings', async () => {
    const file = await polygons('rings', [
      [cw(0, 0, 100), ccw(10, 10, 10), ccw(50, 50, 10)], // one outer ring with two holes
      [ccw(210, 10, 10), cw(0, 0, 100), cw(200, 0, 100), ccw(10, 10, 10)], // holes listed before their outer rings
      [cw(0, 0, 1000), ccw(100, 100, 800), cw(200, 200, 600), ccw(300, 300, 100)], // island with a pond in a lake
      [cw(0, 0, 100), ccw(500, 500, 10), cw(200, 0, 10)], // a hole outside every outer ring
      [cw(0, 0, 10), cw(0, 0, 100), ccw(20, 20, 10)], // nested outer rings: the hole goes to the one containing it
      [cw(1000, 1000, 2000), cw(0, 0, 100), [[0, 10], [10, 10], [10, 20], [0, 20], [0, 10]]], // a hole touching its outer ring
      [cw(0, 0, 100), [[0, 0], [1, 1], [0, 0]], cw(200, 200, 10)], // a degenerate ring: GDAL makes every ring a polygon
    ])
    const d = await expectSameAsGdal(file)
    expect(d.features.map((f) => f.geometry?.type)).toEqual(['Polygon', 'MultiPolygon', 'MultiPolygon', 'MultiPolygon', 'MultiPolygon', 'MultiPolygon', 'MultiPolygon'])
    expect(d.features[1].geometry!.coordinates).toEqual([[cw(0, 0, 100), ccw(10, 10, 10)], [cw(200, 0, 100), ccw(210, 10, 10)]])
    expect(d.features[2].geometry!.coordinates).toEqual([[cw(0, 0, 1000), ccw(100, 100, 800)], [cw(200, 200, 600), ccw(300, 300, 100)]])
    expect(d.features[3].geometry!.coordinates).toEqual([[cw(0, 0, 100)], [ccw(500, 500, 10)], [cw(200, 0, 10)]])
    expect(d.features[4].geometry!.coordinates).toEqual([[cw(0, 0, 10)], [cw(0, 0, 100), ccw(20, 20, 10)]])
  })

  it('wrong winding order (QGIS ≤ 3.28 wrote multipolygons as one ring with "holes"): GDAL nests by containment', async () => {
    const file = await polygons('winding', [
      [ccw(0, 0, 100), ccw(200, 0, 100), ccw(210, 10, 10)], // all counter-clockwise, the second one elsewhere
      [cw(0, 0, 100), ccw(200, 0, 100)], // one outer ring and a "hole" outside it
      [ccw(200, 0, 100), cw(0, 0, 100)], // the clockwise ring second: GDAL takes the other ring as its hole
      [ccw(0, 0, 100), ccw(10, 10, 10)], // counter-clockwise outer ring with a hole inside
      [cw(0, 0, 100), cw(10, 10, 10)], // clockwise "hole"
      [[[0, 0], [50, 0], [50, 50], [0, 50], [0, 0]], [[10, 10], [20, 10], [20, 20], [10, 10]]], // CCW outer (3-vertex hole)
    ])
    const d = await expectSameAsGdal(file)
    expect(d.features[0].geometry!.coordinates).toEqual([[ccw(0, 0, 100)], [ccw(200, 0, 100), ccw(210, 10, 10)]])
    expect(d.features[1].geometry!.type).toBe('MultiPolygon')
  })

  it('PolygonZ and PolygonM use the same rules (without the winding check)', async () => {
    const z = (r: XY[]) => r.map(([x, y]) => [x, y, 5, 6])
    const shapes = [
      [z(cw(0, 0, 100)), z(ccw(10, 10, 10))],
      [z(ccw(0, 0, 100)), z(ccw(200, 0, 100))],
      [z(cw(0, 0, 100)), z(ccw(200, 0, 100))],
    ]
    await expectSameAsGdal(await polygons('polygonz', shapes, 15))
    await expectSameAsGdal(await polygons('polygonm', shapes.map((p) => p.map((r) => r.map(([x, y, , m]) => [x, y, m]))), 25))
  })

  it('many rings in one shape', async () => {
    const parts: XY[][] = []
    for (let i = 0; i < 15; i++) {
      for (let j = 0; j < 10; j++) {
        parts.push(cw(i * 100, j * 100, 90))
        if ((i + j) % 3 === 0) parts.push(ccw(i * 100 + 10, j * 100 + 10, 20))
      }
    }
    parts.reverse()
    const d = await expectSameAsGdal(await polygons('manyrings', [parts]))
    expect((d.features[0].geometry!.coordinates as unknown[]).length).toBe(150)
  })

  it('closes rings the file left open (GDAL passes them on open), judging short rings by the points stored', async () => {
    const open = (r: XY[]) => r.slice(0, -1)
    const triangle = [[10, 10], [10, 20], [20, 20]]
    const file = await polygons('unclosed', [
      [open(cw(0, 0, 100))],
      [open(cw(0, 0, 100)), open(ccw(10, 10, 10))],
      [open(cw(0, 0, 100)), triangle], // 3 points: GDAL's fast path (one valid outer ring) keeps it as a hole
      [open(cw(0, 0, 100)), open(cw(200, 200, 10)), triangle], // 3 points and two outer rings: every ring a polygon
    ])
    const ours = await readShapefile(file)
    const gdal = await readWithGdal(file)
    const closed = [...triangle, triangle[0]]
    expect(ours.features.map((f) => f.geometry)).toEqual([
      { type: 'Polygon', coordinates: [cw(0, 0, 100)] },
      { type: 'Polygon', coordinates: [cw(0, 0, 100), ccw(10, 10, 10)] },
      { type: 'Polygon', coordinates: [cw(0, 0, 100), closed] },
      { type: 'MultiPolygon', coordinates: [[cw(0, 0, 100)], [cw(200, 200, 10)], [closed]] },
    ])
    const close = (rings: number[][][]) => rings.map((r) => [...r, r[0]])
    const closeAll = (g: { type: string; coordinates?: unknown }) => ({
      type: g.type,
      coordinates: g.type === 'Polygon' ? close(g.coordinates as number[][][]) : (g.coordinates as number[][][][]).map(close),
    })
    expect(ours.features.map((f) => f.geometry)).toEqual(gdal.features.map((f) => closeAll(f.geometry!)))
  })
})

describe('readShapefile ≡ readWithGdal: hand-written shape and field types', () => {
  it('points, multipoints and lines in all variants, null and empty shapes', async () => {
    const pt = (type: number, p: XY): ShapeSpec => ({ type, parts: [[p]] })
    const point = await writeShapefile('pointtypes', {
      shapeType: 1,
      shapes: [pt(1, [1, 2]), null, pt(1, [-3.5, 1e10]), { type: 0, parts: [] }],
      fields: ID_FIELD,
      rows: ids(4),
    })
    await expectSameAsGdal(point)
    await expectSameAsGdal(await writeShapefile('pointz', { shapeType: 11, shapes: [pt(11, [1, 2, 3, 4]), null], fields: ID_FIELD, rows: ids(2) }))
    await expectSameAsGdal(await writeShapefile('pointm', { shapeType: 21, shapes: [pt(21, [1, 2, 4]), null], fields: ID_FIELD, rows: ids(2) }))
    for (const type of [8, 18, 28]) {
      const file = await writeShapefile(`multipoint${type}`, {
        shapeType: type,
        shapes: [{ type, parts: [[[1, 2, 3, 4], [5, 6, 7, 8]]] }, null, { type, parts: [[]] }],
        fields: ID_FIELD,
        rows: ids(3),
      })
      const d = await expectSameAsGdal(file)
      expect(d.features.map((f) => f.geometry)).toEqual([{ type: 'MultiPoint', coordinates: [[1, 2], [5, 6]] }, null, null])
    }
    for (const type of [3, 13, 23]) {
      const line = (pts: XY[]) => pts.map(([x, y]) => [x, y, 9, 10])
      const file = await writeShapefile(`polyline${type}`, {
        shapeType: type,
        shapes: [
          { type, parts: [line([[0, 0], [1, 1], [2, 0]])] },
          { type, parts: [line([[0, 0], [1, 1]]), line([[5, 5], [6, 6], [7, 5]]), line([[9, 9], [8, 8]])] },
          null,
          { type, parts: [] },
        ],
        fields: ID_FIELD,
        rows: ids(4),
      })
      const d = await expectSameAsGdal(file)
      expect(d.features.map((f) => f.geometry?.type ?? null)).toEqual(['LineString', 'MultiLineString', null, null])
    }
  })

  const FIELDS: FieldSpec[] = [
    { name: 'text', type: 'C', width: 20 },
    { name: 'int', type: 'N', width: 6 },
    { name: 'long', type: 'N', width: 12 },
    { name: 'wide', type: 'N', width: 20 },
    { name: 'dec', type: 'N', width: 10, decimals: 3 },
    { name: 'float', type: 'F', width: 12, decimals: 4 },
    { name: 'date', type: 'D', width: 8 },
    { name: 'usdate', type: 'D', width: 10 },
    { name: 'memo', type: 'M', width: 10 },
  ]
  const ROWS: (string | Buffer | null)[][] = [
    ['  padded  ', '42', '123456789012', '12345678901234567', '3.142', '-0.5000', '20210901', '12/31/1999', '1'],
    [null, '*****', '', '******', '*', '', '00000000', null, null],
    [Buffer.from('nul\0 garbage'), ' -7', '-1', '1e3', '  -12.000', '1.25e2', '       0', '01/02/2003', 'x'],
    [Buffer.from('\0\0\0\0\0'), '12.5', '  +8', '   0', '0.001', '.5', '19991231', '', ''],
  ]

  it('dBASE fields: C, N (Int, Integer64, Real by width), F, D (YYYYMMDD and MM/DD/YYYY), nulls, NUL padding', async () => {
    const file = await writeShapefile('fields', {
      shapeType: 1,
      shapes: ROWS.map((_, i) => ({ type: 1, parts: [[[i, i]]] })),
      fields: FIELDS,
      rows: ROWS,
      ldid: 0x57,
    })
    const d = await readShapefile(file)
    const gdal = await readWithGdal(file)
    // The one difference: a blank date (some writers leave null dates blank) is null for us and for current GDAL, but
    // gdal3.js's GDAL 3.8 makes it "0000-00-00".
    expect(props(gdal, 'usdate')).toEqual(['1999-12-31', '0000-00-00', '2003-01-02', '0000-00-00'])
    for (const f of gdal.features) if (f.properties.usdate === '0000-00-00') f.properties.usdate = null
    expect(firstDifference(d, gdal)).toBeNull()
    expect(columnTypes(d)).toEqual({
      text: ColumnType.String,
      int: ColumnType.Int,
      long: ColumnType.Long,
      wide: ColumnType.Double,
      dec: ColumnType.Double,
      float: ColumnType.Double,
      date: ColumnType.DateTime,
      usdate: ColumnType.DateTime,
      memo: ColumnType.String,
    })
    expect(d.features.map((f) => f.properties)).toEqual([
      { text: 'padded', int: 42, long: 123456789012, wide: 12345678901234567, dec: 3.142, float: -0.5, date: '2021-09-01', usdate: '1999-12-31', memo: '1' },
      { text: null, int: null, long: null, wide: null, dec: null, float: null, date: null, usdate: null, memo: null },
      { text: 'nul', int: -7, long: -1, wide: 1000, dec: -12, float: 125, date: null, usdate: '2003-01-02', memo: 'x' },
      { text: null, int: 12, long: 8, wide: 0, dec: 0.001, float: 0.5, date: '1999-12-31', usdate: null, memo: null },
    ])
  })

  it('unreadable numbers and dates are null (GDAL makes them 0 and "0000-00-00"); duplicate names get a suffix', async () => {
    const file = await writeShapefile('junk', {
      shapeType: 1,
      shapes: [{ type: 1, parts: [[[1, 2]]] }],
      fields: [
        { name: 'n', type: 'N', width: 5 },
        { name: 'x', type: 'N', width: 8, decimals: 2 },
        { name: 'd', type: 'D', width: 8 },
        { name: 'n', type: 'C', width: 5 },
      ],
      rows: [['n/a', 'k.A.', 'unknown', 'text']],
    })
    const d = await readShapefile(file)
    expect(d.columns.map((c) => c.name)).toEqual(['n', 'x', 'd', 'n_2'])
    expect(d.features[0].properties).toEqual({ n: null, x: null, d: null, n_2: 'text' })
  })

  it('logical fields are booleans (gdal3.js\'s GDAL 3.8 reads them as text; current GDAL as booleans)', async () => {
    const values = ['T', 'F', '?', null, 'y', 'N', 't', 'f']
    const file = await writeShapefile('logical', {
      shapeType: 1,
      shapes: values.map((_, i) => ({ type: 1, parts: [[[i, i]]] })),
      fields: [...ID_FIELD, { name: 'ok', type: 'L', width: 1 }],
      rows: values.map((v, i) => [String(i), v]),
    })
    const ours = await readShapefile(file)
    expect(columnTypes(ours).ok).toBe(ColumnType.Bool)
    expect(props(ours, 'ok')).toEqual([true, false, null, null, true, false, true, false])
    const gdal = await readWithGdal(file)
    expect(props(gdal, 'ok')).toEqual(['T', 'F', '?', null, 'y', 'N', 't', 'f'])
    expect(ours.features.map((f) => f.geometry)).toEqual(gdal.features.map((f) => f.geometry))
    expect(props(ours, 'id')).toEqual(props(gdal, 'id'))
  })

  it('deleted records in the middle and at both ends', async () => {
    const file = await writeShapefile('deletedhand', {
      shapeType: 5,
      shapes: [0, 1, 2, 3, 4].map((i) => ({ type: 5, parts: [cw(i * 10, 0, 5)] })),
      fields: ID_FIELD,
      rows: ids(5),
      deleted: [0, 2, 4],
    })
    expect(props(await expectSameAsGdal(file), 'id')).toEqual([2, 4])
  })

  const UMLAUTS = 'Grüße aus Möhnesee'
  const dbfWithLdid = async (name: string, ldid: number, bytes: Buffer) =>
    writeShapefile(name, {
      shapeType: 1,
      shapes: [{ type: 1, parts: [[[1, 2]]] }],
      fields: [{ name: 'gruss', type: 'C', width: 30 }],
      rows: [[bytes]],
      ldid,
    })
  // ü ö ß in the DOS code pages 437 and 850.
  const dos = Buffer.from(UMLAUTS.replace(/ü/g, '\x81').replace(/ö/g, '\x94').replace(/ß/g, '\xe1'), 'latin1')

  it.each([
    ['0x57 (ANSI)', 0x57, Buffer.from(UMLAUTS, 'latin1')],
    ['0x03 (Windows ANSI)', 0x03, Buffer.from(UMLAUTS, 'latin1')],
    ['0x02 (DOS multilingual, CP850)', 0x02, dos],
    ['0xC8 (Windows EE, CP1250)', 0xc8, Buffer.from(UMLAUTS, 'latin1')],
  ])('the language driver byte %s decides the encoding without .cpg', async (_what, ldid, bytes) => {
    const file = await dbfWithLdid(`ldid${ldid}`, ldid, bytes)
    expect(props(await expectSameAsGdal(file), 'gruss')).toEqual([UMLAUTS])
  })

  it('the language driver byte 0x01 (DOS USA, CP437): decoded here; gdal3.js lacks the code page', async () => {
    const file = await dbfWithLdid('ldid1', 0x01, dos)
    expect(props(await readShapefile(file), 'gruss')).toEqual([UMLAUTS])
    await expectInputError(readWithGdal(file), file, /not valid in the encoding/)
  })

  it('field names in the table\'s encoding; .cpg beats the language driver byte; the option beats both', async () => {
    const file = await writeShapefile('names', {
      shapeType: 1,
      shapes: [{ type: 1, parts: [[[1, 2]]] }],
      fields: [{ name: 'Straße', type: 'C', width: 10 }, { name: 'Größe', type: 'N', width: 4 }],
      rows: [['Weg', '12']],
      ldid: 0x01, // CP437 would make ß a Greek beta-like letter; the .cpg says Windows-1252
      cpg: 'ANSI 1252',
    })
    const d = await expectSameAsGdal(file)
    expect(d.columns.map((c) => c.name)).toEqual(['Straße', 'Größe'])
    expect((await readShapefile(file, { encoding: 'CP437' })).columns[0].name).toBe('Stra\u2580e') // 0xDF in CP437
  })

  it('differs from GDAL for 0x80–0x9F under ISO-8859-1/LDID 0x57: Windows-1252 (€) instead of control characters', async () => {
    const file = await writeShapefile('euro', {
      shapeType: 1,
      shapes: [{ type: 1, parts: [[[1, 2]]] }],
      fields: [{ name: 'preis', type: 'C', width: 20 }],
      rows: [[Buffer.from('5 \x80 \x84Gänsefüßchen\x93', 'latin1')]],
      ldid: 0x57,
    })
    expect(props(await readShapefile(file), 'preis')).toEqual(['5 € „Gänsefüßchen“'])
    expect(props(await readWithGdal(file), 'preis')).toEqual(['5 \u0080 \u0084Gänsefüßchen\u0093'])
  })

  it('text that is not valid in the declared encoding is an error unless the encoding was stated', async () => {
    const file = await writeShapefile('badutf8', {
      shapeType: 1,
      shapes: [{ type: 1, parts: [[[1, 2]]] }],
      fields: [{ name: 'ort', type: 'C', width: 20 }],
      rows: [[Buffer.from('M\xf6hnesee', 'latin1')]],
      cpg: 'UTF-8',
    })
    await expectInputError(readShapefile(file), file, /attribute "ort" .*not valid in the encoding chosen by badutf8\.cpg \("UTF-8"\).*--encoding/)
    await expectInputError(readWithGdal(file), file, /attribute "ort"/)
    expect(props(await readShapefile(file, { encoding: 'latin1' }), 'ort')).toEqual(['Möhnesee'])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Broken input: an InputError naming the file and the problem, quickly.

describe('readShapefile: broken input', () => {
  let good: string
  let dir: string
  beforeAll(async () => {
    good = await gdalShapefile('good', AREAS, ['-lco', 'ENCODING=UTF-8'])
    dir = path.join(tmp, 'broken')
    await fs.mkdir(dir)
  })
  const copy = async (name: string, exts = ['shp', 'shx', 'dbf', 'prj', 'cpg']) => {
    for (const ext of exts) await fs.copyFile(sibling(good, ext), path.join(dir, `${name}.${ext}`))
    return path.join(dir, `${name}.shp`)
  }

  it('a Shapefile without .dbf', async () => {
    const file = await copy('nodbf', ['shp', 'shx', 'prj'])
    await expectInputError(readShapefile(file), file, /incomplete: nodbf\.dbf is missing.*copy all of them/)
  })

  it('a truncated .shp (with and without .shx)', async () => {
    const file = await copy('trunc')
    const bytes = await fs.readFile(file)
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 40))
    await expectInputError(readShapefile(file), file, /trunc\.shp is truncated \(\d+ of \d+ bytes\)/)
    await fs.rm(sibling(file, 'shx'))
    await expectInputError(readShapefile(file), file, /trunc\.shp is truncated/)
  })

  it('a truncated .shp whose header was rewritten to match: a record reaches past the end', async () => {
    const file = await copy('trunc2')
    const bytes = await fs.readFile(file)
    const cut = Buffer.from(bytes.subarray(0, bytes.length - 40))
    cut.writeUInt32BE(cut.length / 2, 24)
    await fs.writeFile(file, cut)
    await expectInputError(readShapefile(file), file, /trunc2\.shp is damaged: shape 4 .*past the end of the file/)
    await fs.rm(sibling(file, 'shx'))
    await expectInputError(readShapefile(file), file, /trunc2\.shp is damaged: shape 4 .*past the end/)
  })

  it('a record length past the end of the file', async () => {
    const file = await copy('reclen')
    const bytes = await fs.readFile(file)
    bytes.writeUInt32BE(0x7fffffff, 100 + 4) // content length of the first record
    await fs.writeFile(file, bytes)
    await expectInputError(readShapefile(file), file, /shape 1 \(at byte 100, \d+ bytes\) reaches past the end/)
    await fs.rm(sibling(file, 'shx'))
    await expectInputError(readShapefile(file), file, /shape 1 .*reaches past the end/)
  })

  it('a bad file code, random bytes, zero-byte files', async () => {
    const file = await copy('code')
    const bytes = await fs.readFile(file)
    bytes.writeUInt32BE(1234, 0)
    await fs.writeFile(file, bytes)
    await expectInputError(readShapefile(file), file, /code\.shp is not a valid Shapefile part/)
    const noise = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251))
    const noisy = await copy('noise')
    await fs.writeFile(noisy, noise)
    await expectInputError(readShapefile(noisy), noisy, /noise\.shp is not a valid Shapefile part/)
    const zero = await copy('zero')
    await fs.writeFile(zero, '')
    await expectInputError(readShapefile(zero), zero, /the file is empty \(0 bytes\)/)
    const zerodbf = await copy('zerodbf')
    await fs.writeFile(sibling(zerodbf, 'dbf'), '')
    await expectInputError(readShapefile(zerodbf), zerodbf, /zerodbf\.dbf is empty \(0 bytes\)/)
  })

  it('a damaged .dbf: truncated, too short, fields wider than the records', async () => {
    const file = await copy('truncdbf')
    const dbfPath = sibling(file, 'dbf')
    const dbf = await fs.readFile(dbfPath)
    await fs.writeFile(dbfPath, dbf.subarray(0, dbf.length - 30))
    await expectInputError(readShapefile(file), file, /truncdbf\.dbf is truncated or damaged/)
    await fs.writeFile(dbfPath, dbf.subarray(0, 20))
    await expectInputError(readShapefile(file), file, /truncdbf\.dbf is not a valid dBASE table/)
    const wide = Buffer.from(dbf)
    wide.writeUInt16LE(2, 10) // record length 2
    await fs.writeFile(dbfPath, wide)
    await expectInputError(readShapefile(file), file, /truncdbf\.dbf is damaged: its fields need \d+ bytes per record but records have 2/)
  })

  it('.shp and .dbf that do not belong together', async () => {
    const file = await copy('mismatch', ['shp', 'shx', 'prj'])
    const other = await gdalShapefile('other', LINES, ['-lco', 'ENCODING=UTF-8'])
    await fs.copyFile(sibling(other, 'dbf'), sibling(file, 'dbf'))
    await expectInputError(readShapefile(file), file, /mismatch\.shp holds 4 shapes but mismatch\.dbf holds 3 records; the files do not belong together/)
  })

  it('damaged records: invalid part starts, more points than bytes, unknown shape types, MultiPatch', async () => {
    const file = await writeShapefile('records', {
      shapeType: 5,
      shapes: [{ type: 5, parts: [cw(0, 0, 1), cw(5, 5, 1)] }],
      fields: ID_FIELD,
      rows: ids(1),
    })
    const original = await fs.readFile(file)
    const content = 108 // first record content
    const patched = async (fn: (b: Buffer) => void) => {
      const b = Buffer.from(original)
      fn(b)
      await fs.writeFile(file, b)
    }
    await patched((b) => b.writeInt32LE(99, content + 44 + 4)) // second part starts beyond the points
    await expectInputError(readShapefile(file), file, /shape 1 has an invalid part start \(part 2 starts at point 99 of 10\)/)
    await patched((b) => b.writeInt32LE(7, content + 44) && b.writeInt32LE(3, content + 48)) // decreasing part starts
    await expectInputError(readShapefile(file), file, /invalid part start/)
    await patched((b) => b.writeUInt32LE(1_000_000, content + 40))
    await expectInputError(readShapefile(file), file, /shape 1 declares 2 parts and 1000000 points but holds only \d+ bytes/)
    await patched((b) => b.writeUInt32LE(0xffffffff, content + 36))
    await expectInputError(readShapefile(file), file, /declares 4294967295 parts/)
    await patched((b) => b.writeInt32LE(77, content))
    await expectInputError(readShapefile(file), file, /shape 1 has an unknown shape type \(77\)/)
    await patched((b) => b.writeInt32LE(31, content))
    await expectInputError(readShapefile(file), file, /MultiPatch .* not supported/)
  })

  it('a .shx that does not fit the .shp', async () => {
    const file = await copy('badshx')
    const shx = await fs.readFile(sibling(file, 'shx'))
    shx.writeUInt32BE(0x0fffffff, 100 + 8) // second record offset
    await fs.writeFile(sibling(file, 'shx'), shx)
    await expectInputError(readShapefile(file), file, /badshx\.shx points shape 2 to byte \d+, outside badshx\.shp/)
    // An unusable .shx (no header) is ignored: the .shp is read from record to record.
    await fs.writeFile(sibling(file, 'shx'), Buffer.alloc(50))
    expect(props(await readShapefile(file), 'gen')).toEqual(['Möhnesee', 'Weiße Inseln', 'Leer', 'See mit Insel'])
  })

  it('a missing file, a folder, another extension', async () => {
    const missing = path.join(dir, 'fehlt.shp')
    await expectInputError(readShapefile(missing), missing, /does not exist/)
    const folder = path.join(dir, 'ordner.shp')
    await fs.mkdir(folder)
    await expectInputError(readShapefile(folder), folder, /is a folder/)
    const other = path.join(dir, 'daten.gpkg')
    await expectInputError(readShapefile(other), other, /not a Shapefile/)
  })

  it('random damage to .shp, .shx and .dbf bytes: a result or an InputError, never anything else', async () => {
    const parts = {
      base: 'good',
      shp: await fs.readFile(good),
      shx: await fs.readFile(sibling(good, 'shx')),
      dbf: await fs.readFile(sibling(good, 'dbf')),
      prj: await fs.readFile(sibling(good, 'prj')),
      cpg: await fs.readFile(sibling(good, 'cpg')),
    }
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let errors = 0
    for (let round = 0; round < 600; round++) {
      const which = (['shp', 'shx', 'dbf'] as const)[round % 3]
      const damaged = { ...parts, [which]: Buffer.from(parts[which]) }
      const b = damaged[which]
      for (let k = 0; k < 1 + rand(4); k++) b[rand(b.length)] = rand(256)
      if (round % 50 === 0) damaged[which] = b.subarray(0, rand(b.length))
      try {
        parseShapefile(good, damaged)
      } catch (e) {
        if (!(e instanceof InputError)) throw e
        expect(e.file).toBe(good)
        errors++
      }
    }
    expect(errors).toBeGreaterThan(0)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Real data: the portal's reference layers, exported to Shapefiles by the native ogr2ogr.

const root = fileURLToPath(new URL('../..', import.meta.url))
const shared = path.resolve(root, '../shared/data/vector')
const hasOgr = spawnSync('ogr2ogr', ['--version'], { stdio: 'ignore' }).status === 0
const skipReason = !hasOgr ? 'ogr2ogr is not on PATH (apt-get install gdal-bin)' : !existsSync(shared) ? `${shared} is absent` : null
if (skipReason) console.warn(`SKIPPED real-data Shapefile check: ${skipReason}`)

describe.skipIf(skipReason !== null)('readShapefile ≡ readWithGdal: real data converted by native ogr2ogr', () => {
  const convert = (name: string, source: string, args: string[]) => {
    const out = path.join(tmp, 'real', name, `${name}.shp`)
    mkdirSync(path.dirname(out), { recursive: true })
    const p = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', ...args, out, path.join(shared, source)], { encoding: 'utf8' })
    if (p.status !== 0) throw new Error(`ogr2ogr failed: ${p.stderr}`)
    return out
  }

  it('NRW municipalities (multipolygons, UTF-8)', async () => {
    const file = convert('gemeinden', 'nrw_gemeinden_25832.fgb', ['-lco', 'ENCODING=UTF-8'])
    const d = await expectSameAsGdal(file)
    expect(d.features).toHaveLength(396)
    expect(d.crs).toBe('EPSG:25832')
    expect(props(d, 'GEN')).toContain('Möhnesee')
  })

  it('NRW schools (points, CP1252)', async () => {
    const file = convert('schulen', 'nrw_schulen_25832.fgb', ['-lco', 'ENCODING=CP1252'])
    expect(await fs.readFile(sibling(file, 'cpg'), 'latin1')).toMatch(/1252/)
    const d = await expectSameAsGdal(file)
    expect(d.features).toHaveLength(5507)
    expect(d.features.some((f) => Object.values(f.properties).some((v) => /[äöüß]/.test(String(v))))).toBe(true)
  })

  it('German districts (polygons with holes, GDAL\'s default encoding)', async () => {
    const file = convert('landkreise', 'de_landkreise_25832.fgb', [])
    const d = await expectSameAsGdal(file)
    expect(d.features).toHaveLength(400)
    const holes = d.features.filter((f) => f.geometry?.type === 'Polygon' && (f.geometry.coordinates as unknown[]).length > 1)
    expect(holes.length).toBeGreaterThan(0)
  })
})
