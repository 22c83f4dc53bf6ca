// Reading a PMTiles archive back with the maintained reader (`pmtiles`), from bytes in memory: checks an archive
// the officer adds, and lets tests read what the writer wrote exactly as the portal will.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles'
import type { BasemapDefinition } from '../../src/model/basemap.ts'
import { InputError } from '../readers/errors.ts'
import { LAYER_ORDER } from './schema.ts'

/** A pmtiles Source over bytes in memory. */
export class BufferSource implements Source {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly key = 'memory',
  ) {}

  getKey(): string {
    return this.key
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const part = this.bytes.slice(offset, offset + length)
    return { data: part.buffer as ArrayBuffer }
  }
}

export const openArchive = (bytes: Uint8Array, key?: string) => new PMTiles(new BufferSource(bytes, key))

/** Throws one clear line unless the bytes are a PMTiles v3 archive of vector tiles with a readable directory. */
export async function checkPmtilesArchive(bytes: Uint8Array, file: string): Promise<void> {
  if (bytes.length < 127 || new TextDecoder().decode(bytes.subarray(0, 7)) !== 'PMTiles') throw new InputError(file, 'is not a PMTiles archive')
  if (bytes[7] !== 3) throw new InputError(file, `is a PMTiles version ${bytes[7]} archive; version 3 is needed (convert with "pmtiles convert")`)
  const archive = openArchive(bytes, file)
  let header
  let metadata: unknown
  try {
    header = await archive.getHeader()
    metadata = await archive.getMetadata()
    // Reading one tile walks the directories: a truncated or corrupt archive fails here, not in the portal.
    await archive.getZxy(header.minZoom, 0, 0)
  } catch (e) {
    throw new InputError(file, `is damaged (${(e as Error).message})`)
  }
  if (header.tileType !== TileType.Mvt) throw new InputError(file, 'holds raster tiles; a self-hosted base map needs vector tiles (MVT)')
  // The generated style draws the Protomaps schema: an archive with other layers would show an empty map.
  const layers = ((metadata as { vector_layers?: { id?: unknown }[] } | null)?.vector_layers ?? []).map((l) => String(l.id))
  if (!layers.some((l) => LAYER_ORDER.includes(l))) {
    throw new InputError(file, `has no layer of the Protomaps basemap schema (${LAYER_ORDER.join(', ')}); its layers: ${layers.join(', ') || 'none listed'}`)
  }
}

/** What is wrong with a self-hosted base map's files in a catalog folder (for `geoportal check`); [] when sound. */
export async function basemapFileProblems(dir: string, b: BasemapDefinition): Promise<string[]> {
  if (b.kind !== 'pmtiles') return []
  const problems: string[] = []
  try {
    await checkPmtilesArchive(new Uint8Array(await fs.readFile(path.join(dir, b.url))), b.url)
  } catch (e) {
    problems.push(`base map ${b.id}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `${b.url}: missing` : (e as Error).message}`)
  }
  try {
    const style = JSON.parse(await fs.readFile(path.join(dir, b.style), 'utf8')) as { sources?: Record<string, { type?: string }>; layers?: unknown }
    if (style.sources?.basemap?.type !== 'vector' || !Array.isArray(style.layers)) problems.push(`base map ${b.id}: ${b.style}: not a MapLibre style with a vector source "basemap"`)
  } catch (e) {
    problems.push(`base map ${b.id}: ${b.style}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not valid JSON'}`)
  }
  return problems
}
