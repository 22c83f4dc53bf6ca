// Validation of a whole catalog folder: every entry, its files, checksums and metadata.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parseCatalog, type LayerDocument, type LayerEntry } from '../../src/model/catalog.ts'
import { validateMetadata, missingRecommended } from '../../src/model/metadata.ts'
import type { Finding } from '../../src/model/quality.ts'
import { timeliness, timelinessFinding, type Timeliness } from '../../src/quality/timeliness.ts'
import { checkFlatGeobufBytes, MAX_HEADER_BYTES } from '../../src/sources/vector/fgbHeader.ts'
import { CATALOG_FILE } from './layout.ts'
import { parsePlacesFile } from '../../src/model/places.ts'
import { parseSearchManifest, parseSearchShard, SHARD_FILE, shardFileName } from '../../src/model/addresses.ts'
import { digestPlainFile, findIrregular, irregularMessage, IrregularEntryError, readPlainFile } from './plain.ts'
import { boundDecoders } from '../../src/sources/raster/read/decode/register.ts'
import { FileRangeSource } from '../io/fileSource.ts'
import { basemapFileProblems } from '../basemap/inspect.ts'

export interface LayerCheck {
  id: string
  title: string
  problems: string[]
  findings: Finding[]
  timeliness: Timeliness
  missingMetadata: string[]
}

export interface CatalogCheck {
  catalog: string
  ok: boolean
  problems: string[]
  layers: LayerCheck[]
}

/** The place index (publish --searchable): present, listed in layer.json with its checksum, readable. */
async function checkPlaces(dir: string, href: string, doc: LayerDocument): Promise<string[]> {
  const r = await listedFile(dir, href, doc)
  if ('problem' in r) return [r.problem]
  try {
    parsePlacesFile(JSON.parse(r.bytes.toString('utf8')), doc.id)
  } catch (e) {
    return [`${href}: ${(e as Error).message}`]
  }
  return []
}

/** One file of the layer folder: present, listed in layer.json with its size and checksum. */
async function listedFile(dir: string, href: string, doc: LayerDocument): Promise<{ bytes: Buffer } | { problem: string }> {
  let bytes: Buffer
  try {
    bytes = await readPlainFile(dir, href)
  } catch (e) {
    return { problem: readProblem(dir, href, e) }
  }
  const listed = doc.files?.find((f) => f.name === path.basename(href))
  if (!listed) return { problem: `${href}: not listed in layer.json` }
  if (listed.bytes !== bytes.length || createHash('sha256').update(bytes).digest('hex') !== listed.sha256) return { problem: `${href}: checksum differs from layer.json (file changed after publishing)` }
  return { bytes }
}

/** The address/street index (publish --addresses / --streets): the manifest and every shard it names, each listed
 * with its checksum and readable; the shard sizes as the manifest says; no stray shard listed. */
async function checkSearchIndex(dir: string, href: string, doc: LayerDocument): Promise<string[]> {
  const m = await listedFile(dir, href, doc)
  if ('problem' in m) return [m.problem]
  let manifest
  try {
    manifest = parseSearchManifest(JSON.parse(m.bytes.toString('utf8')), doc.id)
  } catch (e) {
    return [`${href}: ${(e as Error).message}`]
  }
  const problems: string[] = []
  const base = path.posix.dirname(href)
  for (const [i, [, size]] of manifest.shards.entries()) {
    const shardHref = `${base}/${shardFileName(i)}`
    const r = await listedFile(dir, shardHref, doc)
    if ('problem' in r) {
      problems.push(r.problem)
      continue
    }
    if (r.bytes.length !== size) problems.push(`${shardHref}: ${r.bytes.length} bytes, search.json says ${size}`)
    try {
      parseSearchShard(JSON.parse(r.bytes.toString('utf8')), shardHref)
    } catch (e) {
      problems.push(`${shardHref}: ${(e as Error).message}`)
    }
  }
  const stray = (doc.files ?? []).filter((f) => SHARD_FILE.test(f.name) && Number(SHARD_FILE.exec(f.name)![1]) >= manifest.shards.length)
  for (const f of stray) problems.push(`${base}/${f.name}: listed in layer.json but not in search.json`)
  return problems
}

async function checkLayer(dir: string, entry: LayerEntry, today: Date): Promise<LayerCheck> {
  const problems: string[] = []
  const result: LayerCheck = { id: entry.id, title: entry.title, problems, findings: [], timeliness: { status: 'unknown' }, missingMetadata: [] }
  let doc: LayerDocument
  let text: string
  try {
    text = (await readPlainFile(dir, entry.metaHref)).toString('utf8')
  } catch (e) {
    problems.push(readProblem(dir, entry.metaHref, e))
    return result
  }
  try {
    doc = JSON.parse(text) as LayerDocument
  } catch {
    problems.push(`${entry.metaHref}: not valid JSON`)
    return result
  }
  try {
    const meta = validateMetadata(doc.metadata, entry.metaHref)
    result.missingMetadata = missingRecommended(meta)
    result.timeliness = timeliness(meta.lastUpdate, meta.updateFrequency, today)
    if (meta.access !== entry.access) problems.push(`access in catalog.json (${entry.access}) differs from layer.json (${meta.access})`)
  } catch (e) {
    problems.push((e as Error).message)
  }
  const m = doc.metadata ?? {}
  result.findings = [timelinessFinding(m.lastUpdate, m.updateFrequency, today), ...(doc.quality?.findings ?? [])]
  // An external service has no data file here: its layer.json lists none, and what the portal draws is checked by
  // the service itself (parseCatalog already checked its URLs).
  if (entry.kind === 'service') {
    if (doc.kind !== 'service') problems.push(`${entry.metaHref}: kind is ${JSON.stringify(doc.kind)}, catalog.json says "service"`)
    if (doc.files?.length) problems.push(`${entry.metaHref}: a service layer lists no files`)
    return result
  }
  const dataName = path.basename(entry.href)
  const expected = doc.files?.find((f) => f.name === dataName)
  // A vector data file is hashed in chunks and only its header is kept (it may exceed what one Buffer holds);
  // a raster is read whole for geotiff.js.
  let size: number
  let sha256: string
  let bytes: Buffer
  try {
    if (entry.kind === 'vector') ({ size, sha256, head: bytes } = await digestPlainFile(dir, entry.href, MAX_HEADER_BYTES + 12))
    else {
      bytes = await readPlainFile(dir, entry.href)
      size = bytes.length
      sha256 = createHash('sha256').update(bytes).digest('hex')
    }
  } catch (e) {
    problems.push(readProblem(dir, entry.href, e))
    return result
  }
  if (!expected) problems.push(`${entry.href}: not listed in layer.json`)
  else {
    if (expected.bytes !== size) problems.push(`${entry.href}: ${size} bytes, layer.json says ${expected.bytes}`)
    else if (sha256 !== expected.sha256) problems.push(`${entry.href}: checksum differs from layer.json (file changed after publishing)`)
  }
  if (entry.kind === 'vector' && entry.placesHref !== undefined) problems.push(...(await checkPlaces(dir, entry.placesHref, doc)))
  if (entry.kind === 'vector' && entry.searchHref !== undefined) problems.push(...(await checkSearchIndex(dir, entry.searchHref, doc)))
  if (entry.kind === 'vector') {
    const p = checkFlatGeobufBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), size)
    if (p) problems.push(`${entry.href} ${p}`)
  } else {
    // The portal's own reader (every level, its limits and decoders) over the file, as the portal reads it over HTTP.
    const source = new FileRangeSource(path.join(dir, entry.href))
    try {
      const { CogReader } = await import('../../src/sources/raster/read/cog.ts')
      const reader = await CogReader.open(source)
      const full = reader.levels[0]
      if (full.width !== entry.width || full.height !== entry.height) problems.push(`${entry.href}: size differs from catalog.json`)
    } catch (e) {
      // The reader's message starts with the file's name; the line names it by its catalog path instead.
      const message = String((e as Error)?.message ?? e).replace(`${path.basename(entry.href)} `, '')
      problems.push(`${entry.href}: ${message.startsWith('is ') ? message.slice(3) : message}`)
    } finally {
      await source.close()
    }
  }
  return result
}

/** One problem line for a file of the catalog that could not be read. */
function readProblem(dir: string, rel: string, e: unknown): string {
  if (e instanceof IrregularEntryError) return irregularMessage(path.relative(dir, e.file).split(path.sep).join('/'), e.what)
  const code = (e as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' ? `${rel}: missing` : `${rel}: cannot be read (${(e as Error).message})`
}

export async function checkCatalog(dir: string, today = new Date()): Promise<CatalogCheck> {
  const problems: string[] = []
  let raw: unknown
  try {
    raw = JSON.parse((await readPlainFile(dir, CATALOG_FILE)).toString('utf8'))
  } catch (e) {
    const problem = e instanceof SyntaxError ? `${CATALOG_FILE}: not valid JSON` : readProblem(dir, CATALOG_FILE, e)
    return { catalog: dir, ok: false, problems: [problem], layers: [] }
  }
  let parsed
  try {
    parsed = parseCatalog(raw)
  } catch (e) {
    return { catalog: dir, ok: false, problems: [(e as Error).message], layers: [] }
  }
  for (const r of parsed.rejected) problems.push(`catalog entry ${r.id}: ${r.reason}`)
  const layers = await Promise.all(parsed.catalog.layers.map((l) => checkLayer(dir, l, today)))
  // Links, FIFOs and devices anywhere in the catalog fail the check: under a layer's folder they count for that
  // layer, elsewhere for the catalog (once each, also when a layer's read already ran into them).
  let irregular = 0
  for (const { rel, what } of await findIrregular(dir)) {
    irregular++
    const line = irregularMessage(rel, what)
    const owner = layers.find((l) => rel.startsWith(`layers/${l.id}/`) || rel === `layers/${l.id}`)
    const list = owner ? owner.problems : problems
    if (!list.includes(line)) list.push(line)
  }
  // Folders no entry points to: leftovers of an interrupted publish, harmless but worth cleaning.
  const referenced = new Set(parsed.catalog.layers.map((l) => path.dirname(l.metaHref)))
  for (const id of await plainFolders(dir, 'layers')) {
    for (const v of await plainFolders(dir, `layers/${id}`)) {
      if (!referenced.has(`layers/${id}/${v}`)) problems.push(`layers/${id}/${v}: not referenced by catalog.json (left over; safe to delete)`)
    }
  }
  const basemapProblems = (await Promise.all((parsed.catalog.basemaps ?? []).map((b) => basemapFileProblems(dir, b)))).flat()
  problems.push(...basemapProblems)
  const ok = parsed.rejected.length === 0 && irregular === 0 && basemapProblems.length === 0 && layers.every((l) => l.problems.length === 0)
  return { catalog: dir, ok, problems, layers }
}

/** Names of the folders in root/rel, not following links (they are reported as irregular instead). */
async function plainFolders(root: string, rel: string): Promise<string[]> {
  try {
    if (!(await fs.lstat(path.join(root, rel))).isDirectory()) return []
    return (await fs.readdir(path.join(root, rel), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
  } catch {
    return []
  }
}

/**
 * What `geoportal check` would say about layer `id` of a catalog not yet committed: publish runs this on its
 * written files with the catalog text it is about to commit, and commits only when the list is empty.
 */
export async function checkLayerBeforeCommit(dir: string, catalogText: string, id: string, today = new Date()): Promise<string[]> {
  const { catalog, rejected } = parseCatalog(JSON.parse(catalogText))
  const refused = rejected.find((r) => r.id === id)
  if (refused) return [`catalog entry ${id}: ${refused.reason}`]
  const entry = catalog.layers.find((l) => l.id === id)
  if (!entry) return [`catalog entry ${id}: missing`]
  const irregular = (await findIrregular(dir, `layers/${id}`)).map(({ rel, what }) => irregularMessage(rel, what))
  const { problems } = await checkLayer(dir, entry, today)
  return [...new Set([...irregular, ...problems])]
}
