// Validation of a whole catalog folder: every entry, its files, checksums and metadata.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parseCatalog, type LayerDocument, type LayerEntry } from '../../src/model/catalog.ts'
import { validateMetadata, missingRecommended } from '../../src/model/metadata.ts'
import type { Finding } from '../../src/model/quality.ts'
import { timeliness, timelinessFinding, type Timeliness } from '../../src/quality/timeliness.ts'
import { checkFlatGeobufBytes } from '../../src/sources/vector/fgbHeader.ts'
import { CATALOG_FILE } from './store.ts'
import { parsePlacesFile } from '../../src/model/places.ts'
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
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path.join(dir, href))
  } catch {
    return [`${href}: missing`]
  }
  const listed = doc.files?.find((f) => f.name === path.basename(href))
  if (!listed) return [`${href}: not listed in layer.json`]
  if (listed.bytes !== bytes.length || createHash('sha256').update(bytes).digest('hex') !== listed.sha256) return [`${href}: checksum differs from layer.json (file changed after publishing)`]
  try {
    parsePlacesFile(JSON.parse(bytes.toString('utf8')), doc.id)
  } catch (e) {
    return [`${href}: ${(e as Error).message}`]
  }
  return []
}

async function checkLayer(dir: string, entry: LayerEntry, today: Date): Promise<LayerCheck> {
  const problems: string[] = []
  const result: LayerCheck = { id: entry.id, title: entry.title, problems, findings: [], timeliness: { status: 'unknown' }, missingMetadata: [] }
  let doc: LayerDocument
  try {
    doc = JSON.parse(await fs.readFile(path.join(dir, entry.metaHref), 'utf8')) as LayerDocument
  } catch (e) {
    problems.push(`${entry.metaHref}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not valid JSON'}`)
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
  const dataName = path.basename(entry.href)
  const expected = doc.files?.find((f) => f.name === dataName)
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path.join(dir, entry.href))
  } catch {
    problems.push(`${entry.href}: missing`)
    return result
  }
  if (!expected) problems.push(`${entry.href}: not listed in layer.json`)
  else {
    if (expected.bytes !== bytes.length) problems.push(`${entry.href}: ${bytes.length} bytes, layer.json says ${expected.bytes}`)
    else if (createHash('sha256').update(bytes).digest('hex') !== expected.sha256) problems.push(`${entry.href}: checksum differs from layer.json (file changed after publishing)`)
  }
  if (entry.kind === 'vector' && entry.placesHref !== undefined) problems.push(...(await checkPlaces(dir, entry.placesHref, doc)))
  if (entry.kind === 'vector') {
    const p = checkFlatGeobufBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    if (p) problems.push(`${entry.href} ${p}`)
  } else {
    try {
      const { fromArrayBuffer } = await import('geotiff')
      const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
      const img = await tiff.getImage(0)
      if (img.getWidth() !== entry.width || img.getHeight() !== entry.height) problems.push(`${entry.href}: size differs from catalog.json`)
    } catch (e) {
      problems.push(`${entry.href}: not a readable GeoTIFF (${(e as Error).message})`)
    }
  }
  return result
}

export async function checkCatalog(dir: string, today = new Date()): Promise<CatalogCheck> {
  const problems: string[] = []
  let raw: unknown
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, CATALOG_FILE), 'utf8'))
  } catch (e) {
    return { catalog: dir, ok: false, problems: [`${CATALOG_FILE}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not valid JSON'}`], layers: [] }
  }
  let parsed
  try {
    parsed = parseCatalog(raw)
  } catch (e) {
    return { catalog: dir, ok: false, problems: [(e as Error).message], layers: [] }
  }
  for (const r of parsed.rejected) problems.push(`catalog entry ${r.id}: ${r.reason}`)
  const layers = await Promise.all(parsed.catalog.layers.map((l) => checkLayer(dir, l, today)))
  // Folders no entry points to: leftovers of an interrupted publish, harmless but worth cleaning.
  const referenced = new Set(parsed.catalog.layers.map((l) => path.dirname(l.href)))
  for (const id of await fs.readdir(path.join(dir, 'layers')).catch(() => [] as string[])) {
    for (const v of await fs.readdir(path.join(dir, 'layers', id)).catch(() => [] as string[])) {
      if (!referenced.has(`layers/${id}/${v}`)) problems.push(`layers/${id}/${v}: not referenced by catalog.json (left over; safe to delete)`)
    }
  }
  const basemapProblems = (await Promise.all((parsed.catalog.basemaps ?? []).map((b) => basemapFileProblems(dir, b)))).flat()
  problems.push(...basemapProblems)
  const ok = parsed.rejected.length === 0 && basemapProblems.length === 0 && layers.every((l) => l.problems.length === 0)
  return { catalog: dir, ok, problems, layers }
}
