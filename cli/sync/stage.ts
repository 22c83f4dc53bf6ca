// One layer of a sync, prepared in its own process: `geoportal publish` into a private staging catalog (a copy of
// the real catalog.json, so the expected area and the colour choice see the same catalog), then read back as the
// LayerFiles the real catalog's commit takes. The heavy part (reading, reprojecting, measuring, writing) runs in
// parallel; only the commit — under the real catalog's lock, checked, one atomic rename — is serial.
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LayerDocument, LayerEntry } from '../../src/model/catalog.ts'
import { SEARCH_MANIFEST } from '../../src/model/addresses.ts'
import type { QualitySummary } from '../../src/model/quality.ts'
import { CATALOG_FILE, type LayerFiles } from '../catalog/store.ts'
import type { PlanLayer } from './plan.ts'
import type { LayerSources } from './sources.ts'

const ENTRY = fileURLToPath(new URL('../geoportal.mjs', import.meta.url))

/** `geoportal publish` arguments for a plan layer (paths already resolved). */
export function publishArgs(l: PlanLayer, src: LayerSources, catalog: string): string[] {
  const args = ['publish', src.file, '--catalog', catalog, '--id', l.id, '--json']
  const values: [string, string | undefined][] = [
    ['title', l.title], ['meta', src.meta], ['style', src.style], ['access', l.access], ['searchable', l.searchable], ['crs', l.crs],
    ['extent', src.extent], ['layer', l.layer], ['encoding', l.encoding], ['x', l.x], ['y', l.y], ['separator', l.separator],
  ]
  for (const [name, v] of values) if (v !== undefined) args.push(`--${name}`, v)
  if (l.guessCrs) args.push('--guess-crs')
  if (l.allowOutsideArea) args.push('--allow-outside-area')
  return args
}

export interface Staged {
  layer: LayerFiles
  summary: QualitySummary
}

/** The publisher's one error line without its "geoportal publish: " prefix. */
const errorLine = (stderr: string) =>
  stderr
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('warning:'))
    .pop()
    ?.replace(/^geoportal publish: /, '') ?? 'failed without a message'

/** Publishes one layer into `stagingDir`; rejects with the publisher's one-line error. */
export async function stageLayer(l: PlanLayer, src: LayerSources, catalogText: string | null, stagingDir: string, signal?: AbortSignal): Promise<Staged> {
  const catalog = path.join(stagingDir, 'catalog')
  await fs.mkdir(catalog, { recursive: true })
  if (catalogText !== null) await fs.writeFile(path.join(catalog, CATALOG_FILE), catalogText)
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...publishArgs(l, src, catalog)], { stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.on('error', reject)
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }))
  })
  if (code !== 0) throw new Error(errorLine(stderr))
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { entry: LayerEntry; summary: QualitySummary }
  return { layer: await readStaged(catalog, result.entry), summary: result.summary }
}

/** The staged layer as commitLayer takes it: the same entry fields, document and file bytes. */
async function readStaged(catalog: string, entry: LayerEntry): Promise<LayerFiles> {
  const read = (rel: string) => fs.readFile(path.join(catalog, rel)).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
  const { files, ...document } = JSON.parse(await fs.readFile(path.join(catalog, entry.metaHref), 'utf8')) as LayerDocument
  const { href, metaHref, placesHref, searchHref, visible: _v, ...rest } = entry as LayerEntry & { href?: string; placesHref?: string; searchHref?: string }
  const dir = path.posix.dirname(metaHref)
  const names = files.map((f) => f.name)
  const manifestAt = names.indexOf(SEARCH_MANIFEST)
  return {
    entry: rest,
    document,
    ...(href ? { dataFile: { name: path.posix.basename(href), bytes: await read(href) } } : {}),
    ...(placesHref ? { places: await read(placesHref) } : {}),
    ...(searchHref && manifestAt >= 0
      ? { search: { manifest: await read(searchHref), shards: await Promise.all(names.slice(manifestAt + 1).map((n) => read(`${dir}/${n}`))) } }
      : {}),
  }
}
