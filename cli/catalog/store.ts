// The catalog folder on disk. One rule makes publishing crash-safe: layer files go into a new folder named by
// their content hash (never overwriting what the current catalog points to), and the single commit point is
// the atomic rename of catalog.json. A crash at any moment leaves the old or the new catalog, never a half.
// Before the commit the new layer is checked with the code of `geoportal check`; after it, nothing can fail any
// more: cleaning up old versions is best effort and reported as warnings. Nothing inside the catalog is
// followed: a link or FIFO anywhere in it stops publish and withdraw before they change anything (plain.ts).
import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { emptyCatalog, parseCatalog, type Catalog, type LayerDocument, type LayerEntry } from '../../src/model/catalog.ts'
import { committedEntry } from '../publish/entry.ts'
import { PLACES_FILE } from '../../src/model/places.ts'
import { searchIndexFiles } from '../publish/addresses.ts'
import { checkLayerBeforeCommit } from './check.ts'
import { CATALOG_FILE } from './layout.ts'
import { assertPlainTree, irregularKind, IrregularEntryError, readPlainFile } from './plain.ts'

export { CATALOG_FILE }

export async function readCatalog(dir: string): Promise<Catalog> {
  let text: string
  try {
    text = (await readPlainFile(dir, CATALOG_FILE)).toString('utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyCatalog()
    throw e
  }
  const { catalog, rejected } = parseCatalog(JSON.parse(text))
  if (rejected.length) {
    throw new Error(`${path.join(dir, CATALOG_FILE)}: invalid layer entries: ${rejected.map((r) => `${r.id} (${r.reason})`).join(', ')}`)
  }
  return catalog
}

async function writeFileDurable(file: string, data: Uint8Array | string): Promise<void> {
  const h = await fs.open(file, 'w')
  try {
    await h.writeFile(data)
    await h.sync()
  } finally {
    await h.close()
  }
}

/** Writes a file by writing a sibling temp file and renaming it over the target. */
export async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  await writeFileDurable(tmp, data)
  await fs.rename(tmp, file)
}

export function serialiseCatalog(c: Catalog): string {
  return `${JSON.stringify(c, null, 2)}\n`
}

/** Serialises concurrent publishers on one catalog with an exclusive lock file. */
export async function withCatalogLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(dir, { recursive: true })
  const lock = path.join(dir, '.lock')
  let handle: fs.FileHandle
  try {
    handle = await fs.open(lock, 'wx')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    const what = irregularKind(await fs.lstat(lock))
    if (what) throw new IrregularEntryError(lock, what)
    // A lock left by a killed process is stale when its pid is gone.
    const pid = Number((await fs.readFile(lock, 'utf8').catch(() => '')).trim())
    let alive = false
    if (pid) {
      try {
        process.kill(pid, 0)
        alive = true
      } catch {
        alive = false
      }
    }
    if (alive) throw new Error(`${dir} is being changed by another publish (process ${pid}); try again when it has finished`)
    await fs.rm(lock, { force: true })
    handle = await fs.open(lock, 'wx')
  }
  try {
    await handle.writeFile(String(process.pid))
    return await fn()
  } finally {
    await handle.close()
    await fs.rm(lock, { force: true })
  }
}

export interface LayerFiles {
  entry: Omit<LayerEntry, 'href' | 'metaHref'>
  /** The layer's data file; none for an external service layer (its folder holds only layer.json). */
  /** The layer's data file: in memory, or (a large layer) written to `file`, moved into the catalog on commit. */
  dataFile?: { name: string; bytes: Uint8Array } | { name: string; file: string; size: number; sha256: string }
  document: Omit<LayerDocument, 'files'>
  /** places.json (place search index, publish --searchable): written next to the data file, listed in files. */
  places?: Uint8Array
  /** The sharded address/street index (publish --addresses / --streets): search.json and search-<i>.json. */
  search?: { manifest: Uint8Array; shards: Uint8Array[] }
}

function dataFileEntry(f: NonNullable<LayerFiles['dataFile']>): { name: string; bytes: number; sha256: string } {
  return 'bytes' in f ? { name: f.name, bytes: f.bytes.length, sha256: sha256(f.bytes) } : { name: f.name, bytes: f.size, sha256: f.sha256 }
}

/** Writes the data file, or moves a written one (copies it across file systems), durably. */
async function placeDataFile(target: string, f: NonNullable<LayerFiles['dataFile']>): Promise<void> {
  if ('bytes' in f) return writeFileDurable(target, f.bytes)
  await fs.rename(f.file, target).catch(async () => fs.copyFile(f.file, target))
  const h = await fs.open(target, 'r+')
  try {
    await h.sync()
  } finally {
    await h.close()
  }
}

export type PublishOutcome = 'created' | 'updated' | 'unchanged'

/** The written layer failed the catalog check; nothing was committed. */
export class OutputCheckError extends Error {}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex')

/**
 * Adds or replaces one layer. Call inside withCatalogLock. `warnings`: cleanup after the commit that did not
 * work (the new version is live all the same).
 */
export async function commitLayer(dir: string, layer: LayerFiles): Promise<{ outcome: PublishOutcome; entry: LayerEntry; warnings: string[] }> {
  await assertPlainTree(dir)
  const catalog = await readCatalog(dir)
  const { id } = layer.entry
  const doc: LayerDocument = {
    ...layer.document,
    files: [
      ...(layer.dataFile ? [dataFileEntry(layer.dataFile)] : []),
      ...(layer.places ? [{ name: PLACES_FILE, bytes: layer.places.length, sha256: sha256(layer.places) }] : []),
      ...(layer.search ? searchIndexFiles(layer.search).map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256(f.bytes) })) : []),
    ],
  }
  const docText = `${JSON.stringify(doc, null, 2)}\n`
  const version = sha256(docText).slice(0, 12)
  const rel = `layers/${id}/${version}`
  const index = catalog.layers.findIndex((l) => l.id === id)
  const previous = index >= 0 ? catalog.layers[index] : undefined
  const entry = committedEntry({
    entry: layer.entry,
    document: layer.document,
    rel,
    ...(layer.dataFile ? { dataFile: layer.dataFile.name } : {}),
    places: !!layer.places,
    search: !!layer.search,
    // The start mark is the officer's (geoportal start), not the data's: a new version keeps it.
    visible: previous?.visible === true,
  })
  if (previous && JSON.stringify(previous) === JSON.stringify(entry)) {
    try {
      await fs.access(path.join(dir, entry.metaHref))
      // A publish killed after its commit leaves the previous version's folder: clear it now.
      return { outcome: 'unchanged', entry, warnings: await removeUnreferenced(dir, id, version) }
    } catch {
      // Files are missing: fall through and write them again.
    }
  }
  const target = path.join(dir, rel)
  const staging = path.join(dir, 'layers', id, `.staging-${randomBytes(4).toString('hex')}`)
  await fs.mkdir(staging, { recursive: true })
  if (layer.dataFile) await placeDataFile(path.join(staging, layer.dataFile.name), layer.dataFile)
  if (layer.places) await writeFileDurable(path.join(staging, PLACES_FILE), layer.places)
  if (layer.search) for (const f of searchIndexFiles(layer.search)) await writeFileDurable(path.join(staging, f.name), f.bytes)
  await writeFileDurable(path.join(staging, 'layer.json'), docText)
  await fs.rm(target, { recursive: true, force: true })
  await fs.rename(staging, target)
  const layers = [...catalog.layers]
  if (index >= 0) layers[index] = entry
  else layers.push(entry)
  const catalogText = serialiseCatalog({ ...catalog, layers })
  // The output must pass `geoportal check` before anything points to it (a 1 MiB+ FlatGeobuf header, say).
  const problems = await checkLayerBeforeCommit(dir, catalogText, id)
  if (problems.length) {
    await fs.rm(target, { recursive: true, force: true })
    throw new OutputCheckError(`layer "${id}" was not published: its output would fail geoportal check: ${problems.join('; ')}`)
  }
  await writeAtomic(path.join(dir, CATALOG_FILE), catalogText)
  return { outcome: previous ? 'updated' : 'created', entry, warnings: await removeUnreferenced(dir, id, version) }
}

/** Removes a layer from the catalog, then its files (best effort: `warnings` for what stayed behind). */
export async function withdrawLayer(dir: string, id: string): Promise<{ removed: boolean; warnings: string[] }> {
  await assertPlainTree(dir)
  const catalog = await readCatalog(dir)
  if (!catalog.layers.some((l) => l.id === id)) return { removed: false, warnings: [] }
  await writeAtomic(path.join(dir, CATALOG_FILE), serialiseCatalog({ ...catalog, layers: catalog.layers.filter((l) => l.id !== id) }))
  const warnings = await removeAfterCommit(path.join(dir, 'layers', id), `the files of the withdrawn layer (layers/${id})`)
  return { removed: true, warnings }
}

/**
 * Sets which layers the portal shows at start (`visible: true`): exactly `ids`, or none with `ids` null. Works on
 * the catalog's JSON as written, so nothing but the marks changes; an unknown id changes nothing. Call inside
 * withCatalogLock.
 */
export async function setStartLayers(dir: string, ids: readonly string[] | null): Promise<{ changed: boolean; start: string[] }> {
  await assertPlainTree(dir)
  await readCatalog(dir) // validates: a catalog the portal would reject is not touched
  const file = path.join(dir, CATALOG_FILE)
  const raw = JSON.parse((await readPlainFile(dir, CATALOG_FILE)).toString('utf8')) as { layers: Record<string, unknown>[] }
  const known = new Set(raw.layers.map((l) => l.id))
  const unknown = (ids ?? []).filter((id) => !known.has(id))
  if (unknown.length) throw new Error(`${file}: no layer ${unknown.map((id) => `"${id}"`).join(', ')}`)
  const wanted = new Set(ids ?? [])
  let changed = false
  for (const l of raw.layers) {
    const on = wanted.has(l.id as string)
    if (on === (l.visible === true) && (on || !('visible' in l))) continue
    changed = true
    if (on) l.visible = true
    else delete l.visible
  }
  if (changed) await writeAtomic(file, `${JSON.stringify(raw, null, 2)}\n`)
  return { changed, start: raw.layers.filter((l) => l.visible === true).map((l) => l.id as string) }
}

/** Deletes older versions and leftovers of crashed runs; only after the new catalog is committed. */
async function removeUnreferenced(dir: string, id: string, keep: string): Promise<string[]> {
  const layerDir = path.join(dir, 'layers', id)
  const warnings: string[] = []
  let names: string[]
  try {
    names = await fs.readdir(layerDir)
  } catch (e) {
    return [`could not list layers/${id} to remove old versions (${(e as Error).message}); the new version is live`]
  }
  for (const name of names) {
    if (name !== keep) warnings.push(...(await removeAfterCommit(path.join(layerDir, name), `the old version layers/${id}/${name}`)))
  }
  return warnings
}

/** A removal after the commit: its failure leaves litter, not a broken catalog, so it is a warning. */
async function removeAfterCommit(target: string, what: string): Promise<string[]> {
  try {
    await fs.rm(target, { recursive: true, force: true })
    return []
  } catch (e) {
    return [`could not remove ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the catalog is committed — delete it by hand (geoportal check lists leftovers)`]
  }
}
