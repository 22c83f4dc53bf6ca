// What a plan layer is made of, by content: its source file (a glob picks the last match by name, as dated
// exports sort), the files that belong to it (a Shapefile's .shx/.dbf/.prj/.cpg), the metadata and style files and
// the publish options. Their hash decides whether the layer is published again; modification times are not used
// (a copy job touches them without changing anything).
import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import type { PlanLayer } from './plan.ts'

/** A source that cannot be resolved or read: this layer fails, the others go on. */
export class SourceError extends Error {}

const GLOB = /[*?[]/

function segmentRegex(segment: string): RegExp {
  let re = ''
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1)
      if (end < 0) re += '\\['
      else {
        re += `[${segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`
        i = end
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

async function entries(dir: string) {
  return fs.readdir(dir, { withFileTypes: true }).catch(() => [])
}

/** Files matching segments below dir (`**` = any depth, hidden files only when named). */
async function match(dir: string, segments: string[]): Promise<string[]> {
  if (!segments.length) return [dir]
  const [head, ...rest] = segments
  if (head === '**') {
    const here = await match(dir, rest)
    const deeper = await Promise.all((await entries(dir)).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => match(path.join(dir, e.name), segments)))
    return [...here, ...deeper.flat()]
  }
  if (!GLOB.test(head)) return match(path.join(dir, head), rest)
  const re = segmentRegex(head)
  const found = (await entries(dir)).filter((e) => re.test(e.name) && (head.startsWith('.') || !e.name.startsWith('.')) && (rest.length ? e.isDirectory() : e.isFile()))
  return (await Promise.all(found.map((e) => match(path.join(dir, e.name), rest)))).flat()
}

/** The one file a layer's source names: the path itself, or of a glob's matches the last by name. */
export async function resolveSource(source: string, planDir: string): Promise<{ file: string; matches: number }> {
  const abs = path.resolve(planDir, source)
  if (!GLOB.test(source)) return { file: abs, matches: 1 }
  const root = path.parse(abs).root
  const segments = abs.slice(root.length).split(path.sep)
  const found = [...new Set(await match(root, segments))].sort()
  if (!found.length) throw new SourceError(`${source}: matches no file`)
  return { file: found[found.length - 1], matches: found.length }
}

const SIDECARS: Record<string, string[]> = { '.shp': ['.shx', '.dbf', '.prj', '.cpg'] }

/** The source and the files read with it (Shapefile parts, any case), sorted. */
async function sourceParts(file: string): Promise<string[]> {
  const ext = path.extname(file).toLowerCase()
  const side = SIDECARS[ext]
  if (!side) return [file]
  const stem = path.basename(file, path.extname(file)).toLowerCase()
  const dir = path.dirname(file)
  const parts = (await entries(dir))
    .filter((e) => e.isFile() && path.basename(e.name, path.extname(e.name)).toLowerCase() === stem && side.includes(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(dir, e.name))
  return [file, ...parts.sort()]
}

async function fileHash(file: string, counted?: { bytes: number }): Promise<string> {
  const h = createHash('sha256')
  try {
    for await (const chunk of createReadStream(file)) {
      h.update(chunk as Buffer)
      if (counted) counted.bytes += (chunk as Buffer).length
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new SourceError(`${file}: cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`)
  }
  return h.digest('hex')
}

export interface LayerSources {
  /** The resolved source file. */
  file: string
  /** The metadata and style files, resolved. */
  meta?: string
  style?: string
  extent?: string
  /** Hash over the source parts, metadata, style and publish options. */
  hash: string
  /** Size of the source and its parts (what publishing it reads). */
  bytes: number
}

/** Options that change what is published; rhythm and department only change the report. */
function publishOptions(l: PlanLayer): Partial<PlanLayer> {
  const { rhythm: _r, department: _d, source: _s, ...rest } = l
  return rest
}

export async function layerSources(l: PlanLayer, planDir: string): Promise<LayerSources> {
  const { file } = await resolveSource(l.source, planDir)
  const parts = await sourceParts(file)
  const rel = (p: string | undefined) => (p === undefined ? undefined : path.resolve(planDir, p))
  const meta = rel(l.meta)
  const style = rel(l.style)
  // An extent is a box or a file with polygons: the file's content counts, a box is an option.
  const extentFile = l.extent !== undefined && !/^\s*-?[\d.]+\s*,/.test(l.extent) ? rel(l.extent) : undefined
  const counted = { bytes: 0 }
  const hashed = await Promise.all([
    ...parts.map(async (p) => `${path.basename(p)}\0${await fileHash(p, counted)}`),
    ...[meta, style, extentFile].filter((f): f is string => f !== undefined).map(async (p) => `${path.basename(p)}\0${await fileHash(p)}`),
  ])
  const hash = createHash('sha256').update(JSON.stringify({ v: 1, options: publishOptions(l), files: hashed })).digest('hex')
  return { file, ...(meta ? { meta } : {}), ...(style ? { style } : {}), ...(l.extent !== undefined ? { extent: extentFile ?? l.extent } : {}), hash, bytes: counted.bytes }
}
