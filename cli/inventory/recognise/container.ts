// Containers: GeoPackage and MBTiles (SQLite), zip archives (and KMZ, XLSX), QGIS projects with their sources.
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { crsFromCode, crsFromPrj } from '../crs.ts'
import type { BBox, Layer, Recognised } from '../types.ts'
import { BudgetError, SqliteFile, type MasterRow, type Value } from '../../io/sqlite/sqlite.ts'
import { recogniseKml, recogniseTable } from './text.ts'
import { listZip, readMember, type ZipEntry } from './zip.ts'

/** Tables whose rows are counted page by page only when the file is at most this big. */
const COUNT_BUDGET_PAGES = 16_384

/** Column names of a CREATE TABLE statement, in order, and which one is the rowid (INTEGER PRIMARY KEY). */
export function columnsOf(sql: string): { names: string[]; rowid: number } {
  const body = sql.slice(sql.indexOf('(') + 1, sql.lastIndexOf(')'))
  const cols: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of body) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      cols.push(cur)
      cur = ''
    } else cur += ch
  }
  cols.push(cur)
  const defs = cols.map((c) => c.trim()).filter((c) => c && !/^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i.test(c))
  return {
    names: defs.map((c) => c.replace(/^["`[]?([^"`\]\s]+)["`\]]?.*$/s, '$1').toLowerCase()),
    // SQLite stores an INTEGER PRIMARY KEY column as NULL in the record: its value is the rowid.
    rowid: defs.findIndex((c) => /^\S+\s+INTEGER\s+(NOT\s+NULL\s+)?PRIMARY\s+KEY/i.test(c)),
  }
}

async function rows(db: SqliteFile, table: MasterRow | undefined, limit = 100_000): Promise<Record<string, Value>[]> {
  if (!table) return []
  const { names, rowid: rowidColumn } = columnsOf(table.sql)
  const out: Record<string, Value>[] = []
  await db.scan(table.rootpage, (v, rowid) => {
    if (!v) return
    const r: Record<string, Value> = {}
    names.forEach((c, i) => (r[c] = i === rowidColumn ? rowid : (v[i] ?? null)))
    out.push(r)
    return out.length < limit
  })
  return out
}

const num = (v: Value | undefined) => (typeof v === 'number' ? v : null)

export async function recogniseSqlite(path: Buffer, size: number, extension: string): Promise<Recognised | null> {
  const db = await SqliteFile.open(path, size)
  try {
    const master = await db.master()
    const table = (name: string) => master.find((m) => m.type === 'table' && m.name.toLowerCase() === name)
    if (table('gpkg_contents')) return await geopackage(db, master, table)
    if (table('metadata') && table('tiles')) return await mbtiles(db, table)
    // SpatiaLite / other spatial SQLite: found, without detail.
    if (table('geometry_columns')) return { format: 'spatialite', crs: null, count: master.filter((m) => m.type === 'table').length, countKind: 'tables' }
    return extension === 'gpkg' ? { format: 'geopackage', crs: null, problems: [{ code: 'damaged', detail: 'SQLite database without gpkg_contents' }] } : null
  } finally {
    await db.close()
  }
}

async function geopackage(db: SqliteFile, master: MasterRow[], table: (n: string) => MasterRow | undefined): Promise<Recognised> {
  const contents = await rows(db, table('gpkg_contents'))
  const srs = new Map<number, string | null>()
  const srsNames = new Map<number, string>()
  for (const r of await rows(db, table('gpkg_spatial_ref_sys'))) {
    const id = num(r.srs_id)
    if (id === null) continue
    let crs = String(r.organization ?? '').toUpperCase() === 'EPSG' ? crsFromCode(num(r.organization_coordsys_id)) : null
    if (!crs && typeof r.definition === 'string' && r.definition !== 'undefined') crs = crsFromPrj(r.definition).crs
    srs.set(id, crs)
    srsNames.set(id, String(r.srs_name ?? ''))
  }
  const counts = new Map<string, number>()
  for (const r of await rows(db, table('gpkg_ogr_contents'))) if (typeof r.feature_count === 'number') counts.set(String(r.table_name).toLowerCase(), r.feature_count)
  const layers: Layer[] = []
  for (const c of contents) {
    const name = String(c.table_name)
    const id = num(c.srs_id)
    const crs = id === null ? null : (srs.get(id) ?? null)
    const x0 = num(c.min_x), y0 = num(c.min_y), x1 = num(c.max_x), y1 = num(c.max_y)
    let count = counts.get(name.toLowerCase()) ?? null
    const t = master.find((m) => m.type === 'table' && m.name.toLowerCase() === name.toLowerCase())
    if (count === null && t) {
      try {
        count = await db.count(t.rootpage, COUNT_BUDGET_PAGES)
      } catch (e) {
        if (!(e instanceof BudgetError)) throw e
      }
    }
    const layer: Layer = { name, kind: String(c.data_type ?? ''), crs, bbox: x0 !== null && y0 !== null && x1 !== null && y1 !== null ? [x0, y0, x1, y1] : null, count }
    if (!crs && id !== null && id > 0) layer.kind += ` (srs "${srsNames.get(id) ?? id}")`
    layers.push(layer)
  }
  const crsSet = new Set(layers.map((l) => l.crs))
  const crs = crsSet.size === 1 ? [...crsSet][0] : null
  const union = layers.reduce<BBox | null>((u, l) => (!l.bbox ? u : !u ? [...l.bbox] : [Math.min(u[0], l.bbox[0]), Math.min(u[1], l.bbox[1]), Math.max(u[2], l.bbox[2]), Math.max(u[3], l.bbox[3])]), null)
  const counted = layers.filter((l) => l.count !== null)
  return {
    format: 'geopackage',
    crs,
    crsName: crsSet.size > 1 ? `layers in ${[...crsSet].map(String).join(', ')}` : undefined,
    nativeBbox: crs ? union : null,
    count: counted.length === layers.length && layers.length ? counted.reduce((s, l) => s + l.count!, 0) : null,
    countKind: 'features',
    layers,
  }
}

async function mbtiles(db: SqliteFile, table: (n: string) => MasterRow | undefined): Promise<Recognised> {
  const meta = new Map<string, string>()
  for (const r of await rows(db, table('metadata'))) meta.set(String(r.name), String(r.value))
  const b = meta.get('bounds')?.split(',').map(Number)
  let count: number | null = null
  try {
    count = await db.count(table('tiles')!.rootpage, COUNT_BUDGET_PAGES)
  } catch (e) {
    if (!(e instanceof BudgetError)) throw e
  }
  return {
    format: 'mbtiles',
    // Tiles are Web Mercator; the bounds in the metadata are lon/lat.
    crs: 'EPSG:4326',
    crsName: `tiles in EPSG:3857 (${meta.get('format') ?? 'unknown tile format'})`,
    nativeBbox: b && b.length === 4 && b.every(Number.isFinite) ? (b as BBox) : null,
    count,
    countKind: 'tiles',
  }
}

/** Extensions that make a zip member geodata (a .shp counts once per set). */
const GEO_MEMBER = /\.(shp|gpkg|geojson|json|kml|gml|xml|dxf|dwg|tif|tiff|jp2|ecw|fgb|las|laz|gpx|mbtiles|qgs|csv|xlsx)$/i

/** A zip: the geodata inside (by name), incomplete Shapefile sets inside flagged. null when nothing geo is inside. */
export async function recogniseZip(path: Buffer, size: number): Promise<Recognised | null> {
  const entries = await listZip(path, size)
  const names = entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name)
  const lower = new Set(names.map((n) => n.toLowerCase()))
  const inside = names.filter((n) => GEO_MEMBER.test(n) && !/\.(json|xml|csv|tif|tiff)$/i.test(n))
  // Ambiguous extensions count only next to real geodata or with a world file / name hint.
  const weak = names.filter((n) => /\.(geojson|tif|tiff)$/i.test(n))
  const sources = [...inside, ...weak]
  if (!sources.length) return null
  const problems = []
  for (const shp of names.filter((n) => /\.shp$/i.test(n))) {
    const stem = shp.slice(0, -4).toLowerCase()
    const missing = ['.shx', '.dbf', '.prj'].filter((e) => !lower.has(stem + e))
    if (missing.length) problems.push({ code: 'incomplete-set' as const, detail: `${shp} in the zip lacks ${missing.join(', ')}` })
  }
  return { format: 'zip', crs: null, count: sources.length, countKind: 'entries', sources: sources.slice(0, 1000), problems }
}

/** KMZ: zipped KML; doc.kml may only link to layer files inside the archive, so every .kml member counts. */
export async function recogniseKmz(path: Buffer, size: number): Promise<Recognised> {
  const kmls = (await listZip(path, size)).filter((e) => /\.kml$/i.test(e.name))
  if (!kmls.length) return { format: 'kmz', crs: 'EPSG:4326', problems: [{ code: 'damaged', detail: 'no .kml inside' }] }
  const out: Recognised = { format: 'kmz', crs: 'EPSG:4326', count: 0, countKind: 'features', nativeBbox: null }
  for (const kml of kmls.slice(0, 100)) {
    const text = kml.size <= 32 * 1024 * 1024 ? (await readMember(path, kml, kml.compressedSize, kml.size)).toString('utf8') : null
    const r = recogniseKml(text)
    out.count = out.count === null || r.count === null || r.count === undefined ? null : out.count! + r.count
    const a = out.nativeBbox
    const b = r.nativeBbox
    if (b) out.nativeBbox = a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b
  }
  return out
}

/** XLSX: the first sheet's first rows turned into CSV text for the coordinate-column detection. */
export async function recogniseXlsx(path: Buffer, size: number): Promise<Recognised | null> {
  const entries = await listZip(path, size)
  const sheet = entries.find((e) => /^xl\/worksheets\/sheet1\.xml$/i.test(e.name)) ?? entries.find((e) => /^xl\/worksheets\/.*\.xml$/i.test(e.name))
  if (!sheet) return null
  const shared = entries.find((e) => /^xl\/sharedStrings\.xml$/i.test(e.name))
  const strings: string[] = []
  if (shared) {
    const xml = (await readMember(path, shared, 4 * 1024 * 1024, 8 * 1024 * 1024)).toString('utf8')
    for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>/g)) strings.push([...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => unxml(t[1])).join(''))
  }
  const xml = (await readMember(path, sheet, 1024 * 1024, 4 * 1024 * 1024)).toString('utf8')
  const dim = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(xml)
  const lines: string[] = []
  for (const row of xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: string[] = []
    for (const c of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = c[1].split('').reduce((s, ch) => s * 26 + ch.charCodeAt(0) - 64, 0) - 1
      const v = /<v>([^<]*)<\/v>/.exec(c[3] ?? '')?.[1] ?? /<t[^>]*>([^<]*)<\/t>/.exec(c[3] ?? '')?.[1] ?? ''
      cells[col] = /t="s"/.test(c[2]) ? (strings[Number(v)] ?? '') : unxml(v)
    }
    lines.push(Array.from(cells, (x) => `"${(x ?? '').replace(/"/g, '""')}"`).join(';'))
    if (lines.length > 200) break
  }
  if (lines.length < 2) return null
  // Every row read (the sheet ended within what was inflated): the table is complete, bbox and count exact.
  const complete = xml.includes('</sheetData>') && lines.length <= 200
  const total = complete ? lines.length - 1 : dim ? Number(dim[1]) - 1 : null
  return recogniseTable('xlsx', Buffer.from(lines.join('\n')), complete, total)
}

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** QGIS project: the data sources it references; local files that do not exist are a problem. */
export function recogniseQgs(format: 'qgs' | 'qgz', text: string, projectPath: string): Recognised {
  const sources = new Set<string>()
  const missing: string[] = []
  for (const m of text.matchAll(/<datasource>([^<]*)<\/datasource>/g)) {
    const ds = unxml(m[1]).trim()
    if (!ds) continue
    sources.add(ds)
    const file = localFile(ds)
    if (file && !existsSync(isAbsolute(file) ? file : resolve(dirname(projectPath), file))) missing.push(file)
  }
  const epsg = /<projectCrs>[\s\S]*?<authid>([^<]+)<\/authid>/.exec(text)?.[1]
  const out: Recognised = { format, crs: epsg && /^EPSG:\d+$/.test(epsg) ? epsg : null, count: sources.size, countKind: 'entries', sources: [...sources].slice(0, 1000) }
  if (missing.length) out.problems = [{ code: 'missing-source', detail: missing.slice(0, 20).join(', ') + (missing.length > 20 ? ` … (${missing.length})` : '') }]
  return out
}

/** The local file of a QGIS data source string, or null for databases and services. */
function localFile(ds: string): string | null {
  if (/^(dbname=|service=|url=|contextualWMSLegend|crs=|type=|host=|memory|virtual|postgres|https?:)/i.test(ds) || /\burl=/.test(ds)) return null
  let p = ds.split('|')[0]
  if (p.startsWith('file://')) p = decodeURIComponent(p.replace(/^file:\/\//, '').split('?')[0])
  if (p.startsWith('/vsizip/') || p.startsWith('/vsicurl/')) return null
  return p || null
}

export async function qgzProject(path: Buffer, size: number): Promise<string | null> {
  const entries: ZipEntry[] = await listZip(path, size)
  const qgs = entries.find((e) => /\.qgs$/i.test(e.name))
  if (!qgs) return null
  return (await readMember(path, qgs, 64 * 1024 * 1024, 64 * 1024 * 1024)).toString('utf8')
}
