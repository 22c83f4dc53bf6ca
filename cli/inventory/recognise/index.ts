// Recognition of the files of one directory: groups siblings by stem (Shapefile sets, world files, .prj/.aux.xml
// sidecars), decides by content which files are geodata, and reads what is cheap (CRS, bbox, count).
import type { Stats } from 'node:fs'
import type { Projections } from '../../../src/projection/registry.ts'
import { ascii, readHead, readRange, readSmall, startsWith, statAndHead, statFile } from '../bytes.ts'
import { crsFromPrj, guessCrs, toWork, touchesArea } from '../crs.ts'
import { decodeName, extensionOf, join, stemOf } from '../names.ts'
import { mapLimit } from '../duplicates.ts'
import type { BBox, Find, Problem, Recognised } from '../types.ts'
import { recogniseDwg, recogniseEcw, recogniseFlatGeobuf, recogniseJp2, recogniseLas } from './binary.ts'
import { qgzProject, recogniseKmz, recogniseQgs, recogniseSqlite, recogniseXlsx, recogniseZip } from './container.ts'
import { imageSize, parseAuxXml, parseWorldFile, worldBbox } from './image.ts'
import { readTiffInfo, TiffError } from './tiff.ts'
import { coordinateHeader, FULL_READ, recogniseDxf, recogniseGeojson, recogniseGml, recogniseGpx, recogniseKml, recogniseTable, sniffText } from './text.ts'

export interface RecogniseOptions {
  projections: Projections
  /** bbox (EPSG:25832) a find must touch; null: no check */
  area: BBox | null
  /** finds modified before this time (ms) are stale; null: no check */
  staleBefore: number | null
}

const HEAD = 64 * 1024
/** Extensions that say little: most such files are no geodata, so only their first bytes are read at first. */
const WEAK = new Set(['txt', 'dat', 'bin', 'bak', 'old', 'tmp', 'orig', 'sav', 'alt', 'neu', 'kopie', 'copy', '001', ''])
const WEAK_HEAD = 4096
const SHAPE_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg', 'sbn', 'sbx', 'qix', 'fix', 'shp.xml', 'atx', 'aih', 'ain', 'qpj']
const WORLD = new Set(['tfw', 'tifw', 'tiffw', 'jgw', 'jpgw', 'jpegw', 'pgw', 'pngw', 'gfw', 'gifw', 'bpw', 'bmpw', 'j2w', 'wld'])
const IMAGES = new Set(['tif', 'tiff', 'jpg', 'jpeg', 'png', 'gif', 'bmp', 'jp2', 'j2k'])
/** Extensions worth opening; everything else with an extension is skipped unopened (the walk's speed depends on it). */
const CANDIDATES = new Set([
  'shp', 'shx', 'dbf', 'gpkg', 'sqlite', 'db', 'mbtiles', 'geojson', 'json', 'kml', 'kmz', 'gml', 'xml', 'nas', 'dxf', 'dwg',
  'csv', 'txt', 'xlsx', 'tif', 'tiff', 'jp2', 'j2k', 'ecw', 'fgb', 'las', 'laz', 'gpx', 'qgs', 'qgz', 'zip', ...WORLD,
  // renamed or backed-up files: opened and recognised by content
  'dat', 'bin', 'bak', 'old', 'tmp', 'orig', 'sav', 'alt', 'neu', 'kopie', 'copy', '001',
])

/** Last extensions (after the last dot) that can belong to a find; "xml" covers .aux.xml and .shp.xml. */
const RELEVANT = new Set([...CANDIDATES, ...IMAGES, ...SHAPE_PARTS, 'xml', ''])

/** The lower-case ASCII extension after the last dot, from the raw name ("?" when it is not plain ASCII). */
function rawExtension(name: Buffer): string {
  const dot = name.lastIndexOf(0x2e)
  if (dot <= 0) return ''
  if (name.length - dot > 9) return '?'
  let ext = ''
  for (let i = dot + 1; i < name.length; i++) {
    let c = name[i]
    if (c > 0x7f) return '?'
    if (c >= 0x41 && c <= 0x5a) c += 0x20
    ext += String.fromCharCode(c)
  }
  return ext
}

export interface FileEntry {
  name: Buffer
  /** from lstat when the walker already has it (links), else read here */
  stats?: Stats
}

interface Item {
  entry: FileEntry
  text: string
  valid: boolean
  lower: string
  ext: string
  stem: string
}

/** All finds of one directory. Never throws for a file: problems become part of the find. */
export async function recogniseDirectory(dir: Buffer, files: FileEntry[], opts: RecogniseOptions): Promise<Find[]> {
  const items: Item[] = []
  for (const entry of files) {
    // Recognition by extension first: the 95 % of names that cannot be geodata are not even decoded.
    if (!RELEVANT.has(rawExtension(entry.name))) continue
    const { text, valid } = decodeName(entry.name)
    const lower = text.toLowerCase()
    const ext = extensionOf(lower)
    items.push({ entry, text, valid, lower, ext, stem: stemOf(lower, ext) })
  }
  const byStem = new Map<string, Item[]>()
  for (const it of items) {
    if (!CANDIDATES.has(it.ext) && it.ext !== '' && !IMAGES.has(it.ext) && it.ext !== 'aux.xml' && it.ext !== 'prj') continue
    let g = byStem.get(it.stem)
    if (!g) byStem.set(it.stem, (g = []))
    g.push(it)
  }
  // Files are recognised concurrently (bounded): on a share the latency of each open, not the CPU, is the cost.
  const tasks: (() => Promise<Find | null>)[] = []
  const dirText = decodeName(dir)
  for (const group of byStem.values()) {
    const exts = new Map(group.map((g) => [g.ext, g]))
    const used = new Set<Item>()
    const shp = exts.get('shp') ?? null
    // A Shapefile set: .shp, or .shx+.dbf left behind without it.
    if (shp || (exts.has('shx') && exts.has('dbf'))) {
      const parts = group.filter((g) => SHAPE_PARTS.includes(g.ext))
      parts.forEach((p) => used.add(p))
      tasks.push(() => shapefile(dir, dirText, shp, parts, opts))
    }
    for (const it of group) {
      if (used.has(it) || ['shx', 'dbf', 'prj', 'cpg', 'aux.xml', 'ovr'].includes(it.ext) || SHAPE_PARTS.includes(it.ext)) continue
      if (WORLD.has(it.ext)) {
        // Orphan world file: its image is gone.
        if (!group.some((g) => IMAGES.has(g.ext))) {
          tasks.push(() => fileFind(dir, dirText, it, opts, async () => ({ format: 'worldfile', crs: null, problems: [{ code: 'incomplete-set', detail: 'world file without its image' }] })))
        }
        continue
      }
      const world = group.find((g) => WORLD.has(g.ext)) ?? null
      const aux = items.find((g) => g.lower === `${it.lower}.aux.xml`) ?? null
      // A photo or scan without georeferencing is not opened (TIFF and JPEG 2000 may carry their own).
      if (IMAGES.has(it.ext) && !world && !aux && !['tif', 'tiff', 'jp2', 'j2k'].includes(it.ext)) continue
      const prj = exts.get('prj') ?? null
      const parts = [world, aux, prj].filter((x): x is Item => x !== null)
      tasks.push(() => fileFind(dir, dirText, it, opts, (path, size, head) => recogniseFile(dir, path, size, it, world, aux, prj, head), parts, true))
    }
  }
  return (await mapLimit(tasks, FILES_AT_ONCE, (t) => t())).filter((f): f is Find => f !== null)
}

const FILES_AT_ONCE = 8

/** The find of one file (plus sidecar parts); null when the recogniser says it is not geodata. */
async function fileFind(
  dir: Buffer,
  dirText: { text: string; valid: boolean },
  it: Item,
  opts: RecogniseOptions,
  recognise: (path: Buffer, size: number, head?: Buffer) => Promise<Recognised | null>,
  parts: Item[] = [],
  withHead = false,
): Promise<Find | null> {
  const path = join(dir, it.entry.name)
  let stats = it.entry.stats
  const problems: Problem[] = []
  let head: Buffer | undefined
  try {
    if (withHead && !stats) {
      // One open for size and first bytes: the walk's cost is the number of file operations per candidate.
      // Names that are weak hints (.txt, backups) get a small head first; the rest is read only if it looks like data.
      const r = await statAndHead(path, WEAK.has(it.ext) ? WEAK_HEAD : HEAD)
      stats = r.stats
      head = r.head
    } else stats ??= await statFile(path)
  } catch (e) {
    return baseFind(path, dirText, it, stats ?? null, problemOf(e), 'unknown')
  }
  if (!stats.isFile()) return null
  let r: Recognised | null
  try {
    r = await recognise(path, stats.size, head)
  } catch (e) {
    if (isIoError(e)) return baseFind(path, dirText, it, stats, problemOf(e), guessFormat(it.ext))
    r = { format: guessFormat(it.ext), crs: null, problems: [{ code: 'damaged', detail: (e as Error).message.split('\n')[0] }] }
  }
  if (!r) return null
  const find = baseFind(path, dirText, it, stats, null, r.format)
  if (parts.length) {
    find.parts = parts.map((p) => p.text)
    for (const p of parts) {
      const s = await statFile(join(dir, p.entry.name)).catch(() => null)
      if (s) find.size += s.size
    }
  }
  complete(find, r, opts, problems)
  return find
}

function baseFind(path: Buffer, dirText: { valid: boolean }, it: Item, stats: Stats | null, problem: Problem | null, format: string): Find {
  const { text, valid } = decodeName(path)
  const f: Find = {
    path: text,
    format,
    size: stats?.size ?? 0,
    modified: stats ? stats.mtime.toISOString() : null,
    crs: null,
    bbox: null,
    count: null,
    hash: null,
    problems: problem ? [problem] : [],
  }
  if (stats) f.owner = stats.uid
  if (!valid || !it.valid || !dirText.valid) {
    f.pathBase64 = path.toString('base64')
    f.problems.push({ code: 'name-encoding', detail: 'name is not valid UTF-8 (shown as CP1252)' })
  }
  return f
}

const FORMAT_BY_EXT: Record<string, string> = {
  gpkg: 'geopackage', mbtiles: 'mbtiles', geojson: 'geojson', kml: 'kml', kmz: 'kmz', gml: 'gml', nas: 'nas', dxf: 'dxf', dwg: 'dwg',
  csv: 'csv', xlsx: 'xlsx', tif: 'geotiff', tiff: 'geotiff', jp2: 'jpeg2000', j2k: 'jpeg2000', ecw: 'ecw', fgb: 'flatgeobuf', las: 'las',
  laz: 'laz', gpx: 'gpx', qgs: 'qgs', qgz: 'qgz', zip: 'zip', shp: 'shapefile',
}
const guessFormat = (ext: string) => FORMAT_BY_EXT[ext] ?? (ext || 'unknown')

const isIoError = (e: unknown) => typeof (e as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((e as { code: string }).code)

function problemOf(e: unknown): Problem {
  const code = (e as { code?: string }).code
  if (code === 'ENOENT') return { code: 'broken-link', detail: 'target does not exist' }
  if (code === 'ELOOP') return { code: 'link-loop', detail: 'symbolic link loop' }
  return { code: 'unreadable', detail: `${code ?? 'error'}: ${(e as Error).message.split('\n')[0]}` }
}

/** Fills CRS, bbox (EPSG:25832), count and the per-find problems that follow from them. */
function complete(find: Find, r: Recognised, opts: RecogniseOptions, extra: Problem[]) {
  find.format = r.format
  find.crs = r.crs ?? null
  if (r.crsName) find.crsName = r.crsName
  if (r.count !== undefined) find.count = r.count
  if (r.countKind && r.count !== null && r.count !== undefined) find.countKind = r.countKind
  if (r.layers) find.layers = r.layers.map((l) => ({ ...l, bbox: toWork(l.bbox, l.crs, opts.projections) }))
  if (r.sources) find.sources = r.sources
  find.problems.push(...(r.problems ?? []), ...extra)
  const damaged = find.problems.some((p) => p.code === 'damaged' || p.code === 'unreadable')
  find.bbox = toWork(r.nativeBbox, find.crs, opts.projections)
  if (!find.bbox && r.nativeBbox) find.nativeBbox = r.nativeBbox
  if (!find.bbox && find.layers?.some((l) => l.bbox)) {
    for (const l of find.layers) if (l.bbox) find.bbox = find.bbox ? [Math.min(find.bbox[0], l.bbox[0]), Math.min(find.bbox[1], l.bbox[1]), Math.max(find.bbox[2], l.bbox[2]), Math.max(find.bbox[3], l.bbox[3])] : [...l.bbox]
  }
  // Containers and projects have no CRS of their own; everything else without one is a problem.
  if (!find.crs && !damaged && !['zip', 'qgs', 'qgz', 'worldfile'].includes(find.format)) {
    const guess = r.nativeBbox ? guessCrs(r.nativeBbox) : null
    find.problems.push({ code: 'unknown-crs', detail: guess ? `no CRS stated; the values fit ${guess}` : find.crsName ? `not identified: ${find.crsName}` : 'no CRS stated' })
  }
  if (opts.area && touchesArea(r.nativeBbox, find.bbox, find.crs, opts.area, opts.projections) === false) find.problems.push({ code: 'outside-area' })
  if (opts.staleBefore !== null && find.modified && Date.parse(find.modified) < opts.staleBefore) find.problems.push({ code: 'stale', detail: `last modified ${find.modified.slice(0, 10)}` })
}

async function shapefile(dir: Buffer, dirText: { text: string; valid: boolean }, shp: Item | null, parts: Item[], opts: RecogniseOptions): Promise<Find> {
  const main = shp ?? parts.find((p) => p.ext === 'dbf')!
  const f = await fileFind(dir, dirText, main, opts, async (path, size) => {
    const has = new Set(parts.map((p) => p.ext))
    const missing = ['shp', 'shx', 'dbf', 'prj'].filter((e) => !has.has(e))
    const problems: Problem[] = missing.length ? [{ code: 'incomplete-set', detail: `missing .${missing.join(', .')}` }] : []
    const r: Recognised = { format: 'shapefile', crs: null, countKind: 'features', problems }
    if (shp) {
      const head = await readRange(path, 0, 100)
      if (head.length < 100 || head.readUInt32BE(0) !== 9994) problems.push({ code: 'damaged', detail: '.shp header is not a Shapefile header (file code 9994)' })
      else {
        const declared = head.readUInt32BE(24) * 2
        if (declared !== size) problems.push({ code: 'damaged', detail: `.shp header announces ${declared} bytes, the file has ${size}` })
        r.nativeBbox = [head.readDoubleLE(36), head.readDoubleLE(44), head.readDoubleLE(52), head.readDoubleLE(60)]
      }
    }
    const dbf = parts.find((p) => p.ext === 'dbf')
    if (dbf) {
      const h = await readRange(join(dir, dbf.entry.name), 0, 32).catch(() => null)
      if (h && h.length >= 8) r.count = h.readUInt32LE(4)
    }
    const prj = parts.find((p) => p.ext === 'prj')
    if (prj) {
      const text = (await readSmall(join(dir, prj.entry.name), 1 << 20, 1 << 20).catch(() => null))?.toString('utf8') ?? ''
      const c = crsFromPrj(text)
      r.crs = c.crs
      if (!c.crs) r.crsName = c.name || 'unreadable .prj'
    }
    return r
  }, parts.filter((p) => p !== main))
  return f!
}

/** One file by content. */
async function recogniseFile(dir: Buffer, path: Buffer, size: number, it: Item, world: Item | null, aux: Item | null, prj: Item | null, given?: Buffer): Promise<Recognised | null> {
  const ext = it.ext
  let head = given ?? (size === 0 ? Buffer.alloc(0) : await readHead(path, Math.min(size, HEAD)))
  const read = (o: number, l: number) => readRange(path, o, l)
  if (size === 0) {
    return FORMAT_BY_EXT[ext] && !['csv', 'txt', 'json', 'xml', 'db', 'sqlite'].includes(ext) ? { format: FORMAT_BY_EXT[ext], crs: null, problems: [{ code: 'damaged', detail: 'empty file (0 bytes)' }] } : null
  }
  let text = ascii(head, 0, Math.min(head.length, 4096))
  if (head.length < Math.min(size, HEAD)) {
    // A short head (weak names): the rest only for what looks like data by magic bytes, text markers or a
    // first line with coordinate column names.
    if (!hasMagic(head, text) && !sniffText(text) && !(ext === 'txt' && coordinateHeader(text))) return null
    head = await readHead(path, Math.min(size, HEAD))
    text = ascii(head, 0, Math.min(head.length, 4096))
  }
  // Magic bytes first: a GeoPackage called .dat or a GeoTIFF called .bin is still found.
  if (startsWith(head, 'SQLite format 3\0')) return recogniseSqlite(path, size, ext)
  if (startsWith(head, 'LASF')) return recogniseLas(ext === 'laz' ? 'laz' : 'las', head, read, size)
  if (startsWith(head, 'fgb')) return recogniseFlatGeobuf(head.length < size && head.length >= 12 && 12 + head.readUInt32LE(8) > head.length ? await readRange(path, 0, Math.min(size, 12 + head.readUInt32LE(8))) : head, size)
  if (startsWith(head, 'II*\0') || startsWith(head, 'MM\0*') || startsWith(head, 'II+\0') || startsWith(head, 'MM\0+')) return tiff(head, read, size, it, world, aux, prj, dir)
  if (startsWith(head, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(head, [0xff, 0x4f, 0xff, 0x51])) return georefImage(await recogniseJp2(head, read), head, it, world, aux, prj, dir)
  if (/^AC(10\d\d|[12]\.\d\d)/.test(text)) return recogniseDwg(head)
  if (startsWith(head, 'PK\x03\x04') || startsWith(head, 'PK\x05\x06')) {
    if (ext === 'kmz') return recogniseKmz(path, size)
    if (ext === 'xlsx') return recogniseXlsx(path, size)
    if (ext === 'qgz') {
      const project = await qgzProject(path, size)
      return project === null ? { format: 'qgz', crs: null, problems: [{ code: 'damaged', detail: 'no .qgs inside' }] } : recogniseQgs('qgz', project, decodeName(path).text)
    }
    return recogniseZip(path, size)
  }
  if (IMAGES.has(ext) && (world || aux)) return georefImage({ format: 'image', crs: null }, head, it, world, aux, prj, dir)
  const kind = sniffText(text)
  if (kind) {
    const whole = size <= FULL_READ ? await readRange(path, 0, size) : null
    const str = whole ? whole.toString(kind === 'dxf' ? 'latin1' : 'utf8') : null
    switch (kind) {
      case 'geojson': return recogniseGeojson(ascii(head), whole)
      case 'kml': return recogniseKml(str)
      case 'gpx': return recogniseGpx(str)
      case 'gml': case 'nas': return recogniseGml(kind, ascii(head), str)
      case 'dxf': return recogniseDxf(ascii(head))
      case 'qgs': return recogniseQgs('qgs', str ?? '', decodeName(path).text)
    }
  }
  if (ext === 'csv' || (ext === 'txt' && coordinateHeader(text))) {
    const complete = size <= FULL_READ
    let bytes = complete ? await readRange(path, 0, size) : await readRange(path, 0, 1 << 20)
    if (!complete) bytes = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1)
    return recogniseTable('csv', bytes, complete)
  }
  // Found by name where content cannot tell (ECW), or a known extension whose content does not fit: damaged.
  if (ext === 'ecw') return recogniseEcw(head)
  const expected = FORMAT_BY_EXT[ext]
  if (expected && !['csv', 'zip', 'xlsx'].includes(ext) && ext !== 'tif' && ext !== 'tiff') {
    return { format: expected, crs: null, problems: [{ code: 'damaged', detail: `content is not ${expected} (first bytes ${JSON.stringify(text.slice(0, 16))})` }] }
  }
  if (ext === 'tif' || ext === 'tiff') return { format: 'geotiff', crs: null, problems: [{ code: 'damaged', detail: 'not a TIFF file (wrong byte-order mark)' }] }
  return null
}

const MAGIC = ['SQLite format 3\0', 'LASF', 'fgb', 'II*\0', 'MM\0*', 'II+\0', 'MM\0+', 'PK\x03\x04', 'PK\x05\x06']
/** Formats recognised by their first bytes (the checks of recogniseFile, for the short-head test). */
const hasMagic = (head: Buffer, text: string) =>
  MAGIC.some((m) => startsWith(head, m)) || startsWith(head, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(head, [0xff, 0x4f, 0xff, 0x51]) || /^AC(10\d\d|[12]\.\d\d)/.test(text)

async function tiff(head: Buffer, read: (o: number, l: number) => Promise<Buffer>, size: number, it: Item, world: Item | null, aux: Item | null, prj: Item | null, dir: Buffer): Promise<Recognised | null> {
  let info
  try {
    info = await readTiffInfo(head, read, size)
  } catch (e) {
    if (e instanceof TiffError) return { format: 'geotiff', crs: null, problems: [{ code: 'damaged', detail: e.message }] }
    throw e
  }
  const r: Recognised = { format: 'geotiff', crs: info.crs, crsName: info.crsName, nativeBbox: info.bbox, count: info.width * info.height, countKind: 'pixels' }
  if (info.georeferenced || info.crs) return world || aux ? georefImage(r, head, it, null, aux, prj, dir, info) : r
  if (!world && !aux) return null // a plain scan or photo
  return georefImage({ format: 'image', crs: null }, head, it, world, aux, prj, dir, info)
}

async function georefImage(r: Recognised, head: Buffer, it: Item, world: Item | null, aux: Item | null, prj: Item | null, dir: Buffer, dims?: { width: number; height: number }): Promise<Recognised> {
  const size = dims ?? imageSize(head) ?? (r.count ? null : null)
  let w: number[] | null = null
  const problems: Problem[] = [...(r.problems ?? [])]
  if (aux) {
    const text = (await readSmall(join(dir, aux.entry.name), 1 << 20, 1 << 20).catch(() => null))?.toString('utf8') ?? ''
    const a = parseAuxXml(text)
    if (a.wkt && !r.crs) {
      const c = crsFromPrj(a.wkt)
      r.crs = c.crs
      if (!c.crs) r.crsName = c.name
    }
    w = a.world
  }
  if (world) {
    const text = (await readSmall(join(dir, world.entry.name), 4096, 4096).catch(() => null))?.toString('latin1') ?? ''
    w = parseWorldFile(text) ?? w
    if (!parseWorldFile(text)) problems.push({ code: 'damaged', detail: `world file ${world.text} does not hold six numbers` })
  }
  if (!r.crs && prj) {
    const text = (await readSmall(join(dir, prj.entry.name), 1 << 20, 1 << 20).catch(() => null))?.toString('utf8') ?? ''
    const c = crsFromPrj(text)
    r.crs = c.crs
    if (!c.crs) r.crsName = c.name
  }
  if (w && size && !r.nativeBbox) r.nativeBbox = worldBbox(w, size.width, size.height)
  if (size) {
    r.count = size.width * size.height
    r.countKind = 'pixels'
  }
  if (r.format === 'image') r.format = `image+${world ? world.ext : 'aux.xml'}`
  return { ...r, problems }
}
