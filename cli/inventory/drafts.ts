// --draft-catalog: chosen finds → one metadata draft each (the JSON `geoportal publish --meta` reads), prefilled
// from what the inventory found, plus drafts.jsonl naming the file, the publish command and the find's problems.
// Drafts are internal by default: the officer decides what becomes public.
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { validateMetadata, type LayerMetadata } from '../../src/model/metadata.ts'
import type { Find } from './types.ts'

/** Formats `geoportal publish` reads directly. */
const PUBLISHABLE = new Set(['shapefile', 'geopackage', 'geojson', 'csv', 'flatgeobuf', 'geotiff'])

export function draftId(path: string, taken: Set<string>): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')
  const slug = base
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 56) || 'ebene'
  let id = slug
  for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`
  taken.add(id)
  return id
}

export function draftMetadata(f: Find): LayerMetadata {
  const base = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')
  const title = base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || base
  const facts = [`Format: ${f.format}`, `Koordinatensystem: ${f.crs ?? 'unbekannt'}`, f.count !== null ? `Anzahl (${f.countKind ?? 'Objekte'}): ${f.count}` : null].filter(Boolean)
  const meta: Record<string, unknown> = {
    title: title.charAt(0).toUpperCase() + title.slice(1),
    description: `Entwurf aus der Bestandsaufnahme. ${facts.join('; ')}.`,
    keywords: [f.format],
    access: 'internal',
    lineage: `Gefunden von geoportal inventory: ${f.path}`,
  }
  if (f.modified) meta.lastUpdate = f.modified.slice(0, 10)
  return validateMetadata(meta, `draft for ${f.path}`)
}

/** Writes drafts for the finds whose path contains one of `select`; returns how many. */
export async function writeDrafts(inventoryFile: string, dir: string, select: string[]): Promise<number> {
  mkdirSync(dir, { recursive: true })
  const taken = new Set<string>()
  const lines: string[] = []
  const rl = createInterface({ input: createReadStream(inventoryFile), crlfDelay: Infinity })
  for await (const line of rl) {
    if (!line) continue
    const f = JSON.parse(line) as Find
    if (!PUBLISHABLE.has(f.format) || !select.some((s) => f.path.includes(s))) continue
    if (f.problems.some((p) => p.code === 'damaged' || p.code === 'unreadable')) continue
    const id = draftId(f.path, taken)
    const meta = draftMetadata(f)
    const metaFile = join(dir, `${id}.meta.json`)
    writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n')
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
    lines.push(JSON.stringify({
      id,
      path: f.path,
      meta: metaFile,
      publish: `geoportal publish ${q(f.path)} --catalog <catalog> --id ${id} --meta ${q(metaFile)}${f.crs ? '' : ' --crs EPSG:<code>'}`,
      crs: f.crs,
      bbox: f.bbox,
      count: f.count,
      problems: f.problems,
    }))
  }
  writeFileSync(join(dir, 'drafts.jsonl'), lines.length ? lines.join('\n') + '\n' : '')
  return lines.length
}
