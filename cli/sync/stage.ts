// One layer of a sync, prepared for the commit in one of two ways, both from the same `geoportal publish`
// arguments (publishArgs), so a synced layer is exactly what publish makes:
// - in this process (prepareInProcess): publish's own preparation, no Node start and no staging copy — one layer
//   after the other; the usual way (defaultStaging in run.ts says when);
// - in a child process (stageLayer), for large layers with the compiled CLI and several cores: `geoportal publish` into a private
//   staging catalog (a copy of the real catalog.json, so the expected area and the colour choice see the same
//   catalog), read back as the LayerFiles the real catalog's commit takes. The heavy part (reading, reprojecting,
//   measuring, writing) runs in parallel.
// Only the commit — under the real catalog's lock, checked, one atomic rename — is serial.
import { spawn } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { preparePublish } from '../commands/publish.ts'
import type { LayerDocument, LayerEntry } from '../../src/model/catalog.ts'
import { SEARCH_MANIFEST } from '../../src/model/addresses.ts'
import { CATALOG_FILE, type LayerFiles } from '../catalog/store.ts'
import type { PlanLayer } from './plan.ts'
import type { LayerSources } from './sources.ts'

/** Whether this is the compiled CLI (scripts/build-cli.mjs defines the flag). */
export const COMPILED = (globalThis as { __GEOPORTAL_COMPILED__?: boolean }).__GEOPORTAL_COMPILED__ === true

/**
 * The CLI's entry point, cli/geoportal.mjs, found upwards from this code: the sources (cli/sync/), the compiled CLI
 * in a checkout or an installed package (dist-cli/ or dist-cli/chunks/, next to cli/).
 */
export function cliEntry(from = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'cli', 'geoportal.mjs')
    if (existsSync(entry)) return entry
    if (path.dirname(dir) === dir) throw new Error(`no cli/geoportal.mjs above ${from}`)
  }
}

/** `geoportal publish` arguments (after the command name) for a plan layer (paths already resolved). */
export function publishArgs(l: PlanLayer, src: LayerSources, catalog: string): string[] {
  const args = [src.file, '--catalog', catalog, '--id', l.id, '--json']
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
  /** The plan gave a style file: the layer keeps it (else withDefaultStyle chooses the colour at the commit). */
  styled: boolean
}

/**
 * Prepares the layer in this process with publish's own code (its large files go into `workDir`, which must live
 * until the commit). Rejects with the publisher's one-line error.
 */
export async function prepareInProcess(l: PlanLayer, src: LayerSources, catalog: string, workDir: string): Promise<Staged> {
  await fs.mkdir(workDir, { recursive: true })
  try {
    const p = await preparePublish(publishArgs(l, src, catalog), workDir, { quiet: true })
    return { layer: p.layer, styled: p.styled }
  } catch (e) {
    throw new Error(((e as Error).message ?? String(e)).split('\n')[0])
  }
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
    // The child runs what this process runs: the compiled CLI when this is compiled. The children already keep the
    // cores busy, one layer each: a checks thread per child (cli/publish/checks/) would only compete with them.
    const env = { ...process.env, ...(COMPILED ? { GEOPORTAL_CLI: 'compiled' } : {}), GEOPORTAL_CHECKS: process.env.GEOPORTAL_CHECKS ?? 'inline' }
    const child = spawn(process.execPath, [cliEntry(), 'publish', ...publishArgs(l, src, catalog)], { stdio: ['ignore', 'pipe', 'pipe'], env, ...(signal ? { signal } : {}) })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.on('error', reject)
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }))
  })
  if (code !== 0) throw new Error(errorLine(stderr))
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { entry: LayerEntry }
  return { layer: await readStaged(catalog, result.entry), styled: src.style !== undefined }
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
