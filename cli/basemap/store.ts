// Base maps in the catalog folder: entries in catalog.json, self-hosted files under basemaps/<id>/<version>/. As for
// layers (catalog/store.ts): the files go into a new folder named by their content hash, catalog.json is replaced
// by one atomic rename, older versions are removed after that, and all of it runs under the catalog's lock. The
// versioned paths never change their bytes, so nginx and the service worker keep them like layer files (issue
// #21: a repeat visit reads the base map from the cache). Every definition is checked with basemapProblem before
// anything is written.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { basemapProblem, NO_BASEMAP, type BasemapDefinition, type PmtilesBasemap } from '../../src/model/basemap.ts'
import type { Catalog } from '../../src/model/catalog.ts'
import { assertPlainFolder } from '../catalog/plain.ts'
import { CATALOG_FILE, readCatalog, serialiseCatalog, withCatalogLock, writeAtomic } from '../catalog/store.ts'
import { protomapsStyle } from './style.ts'

export const BASEMAP_DIR = 'basemaps'

export interface BasemapFile {
  /** Relative to basemaps/<id>/: `<version>/<file>`. */
  name: string
  bytes: Uint8Array | string
}

export type BasemapOutcome = 'created' | 'updated'

async function writeCatalog(dir: string, catalog: Catalog): Promise<void> {
  await writeAtomic(path.join(dir, CATALOG_FILE), serialiseCatalog(catalog))
}

/** Paths a self-hosted definition for `id` uses: a folder per version, named by the content (12 hex digits). */
export function selfHostedPaths(id: string, version: string): { url: string; style: string } {
  return { url: `${BASEMAP_DIR}/${id}/${version}/${id}.pmtiles`, style: `${BASEMAP_DIR}/${id}/${version}/style.json` }
}

/**
 * A self-hosted base map from its archive: the definition's paths and the files (archive and generated style).
 * The version hashes the archive and the style (without its own path), so a new archive or a new style — e.g. from
 * an update of @protomaps/basemaps — gets new URLs, and the same input the same ones.
 */
export function selfHostedBasemap(id: string, title: string, attribution: string, archive: Uint8Array): { paths: Pick<PmtilesBasemap, 'url' | 'style'>; files: BasemapFile[] } {
  const version = createHash('sha256').update(archive).update(JSON.stringify(protomapsStyle(title, '', attribution))).digest('hex').slice(0, 12)
  const paths = selfHostedPaths(id, version)
  const style = `${JSON.stringify(protomapsStyle(title, paths.url, attribution))}\n`
  return { paths, files: [{ name: `${version}/${path.basename(paths.url)}`, bytes: archive }, { name: `${version}/${path.basename(paths.style)}`, bytes: style }] }
}

/**
 * Adds or replaces a base map; `files` (self-hosted) go to basemaps/<id>/. With `makeDefault` it becomes the
 * catalog's default. Throws (before touching anything) when the definition is invalid.
 */
export async function commitBasemap(dir: string, def: BasemapDefinition, files: BasemapFile[], makeDefault = false): Promise<BasemapOutcome> {
  const problem = basemapProblem(def)
  if (problem) throw new Error(`base map "${def.id}": ${problem}`)
  return withCatalogLock(dir, async () => {
    const catalog = await readCatalog(dir)
    const list = catalog.basemaps ?? []
    const index = list.findIndex((b) => b.id === def.id)
    const folder = path.join(dir, BASEMAP_DIR, def.id)
    await assertPlainFolder(dir, path.join(BASEMAP_DIR, def.id))
    if (files.length) {
      // The new version's folder is written completely before the catalog names it; each file is a rename of a
      // complete temp file, so also a rebuild of the same version never shows a half-written file.
      const versions = [...new Set(files.map((f) => f.name.split('/')[0]))]
      const existed = await Promise.all(versions.map((v) => fs.access(path.join(folder, v)).then(() => true, () => false)))
      try {
        for (const f of files) {
          await fs.mkdir(path.dirname(path.join(folder, f.name)), { recursive: true })
          await writeAtomic(path.join(folder, f.name), f.bytes)
        }
      } catch (e) {
        // A new base map that could not be written leaves nothing behind (a replaced one keeps its files).
        if (index < 0) await fs.rm(folder, { recursive: true, force: true })
        else for (const [i, v] of versions.entries()) if (!existed[i]) await fs.rm(path.join(folder, v), { recursive: true, force: true })
        throw e
      }
    }
    const basemaps = [...list]
    if (index >= 0) basemaps[index] = def
    else basemaps.push(def)
    await writeCatalog(dir, { ...catalog, basemaps, ...(makeDefault ? { defaultBasemap: def.id } : {}) })
    // Older versions (and the unversioned files of catalogs from before #21) go; a replaced self-hosted base map
    // that is now remote leaves no files behind.
    if (files.length) await removeOtherVersions(folder, new Set(files.map((f) => f.name.split('/')[0])))
    else if (index >= 0 && list[index].kind === 'pmtiles') await fs.rm(folder, { recursive: true, force: true })
    return index >= 0 ? 'updated' : 'created'
  })
}

/** After the commit: what the catalog no longer names is litter, so a failure to remove it is a warning. */
async function removeOtherVersions(folder: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await fs.readdir(folder)) {
    if (keep.has(name)) continue
    try {
      await fs.rm(path.join(folder, name), { recursive: true, force: true })
    } catch (e) {
      console.warn(`warning: could not remove ${path.join(folder, name)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the catalog is committed — delete it by hand`)
    }
  }
}

/** Removes a base map (entry first, then its files); the default falls back to none named when it was this one. */
export async function removeBasemap(dir: string, id: string): Promise<boolean> {
  return withCatalogLock(dir, async () => {
    const catalog = await readCatalog(dir)
    const list = catalog.basemaps ?? []
    if (!list.some((b) => b.id === id)) return false
    await assertPlainFolder(dir, path.join(BASEMAP_DIR, id))
    const next: Catalog = { ...catalog, basemaps: list.filter((b) => b.id !== id) }
    if (!next.basemaps!.length) delete next.basemaps
    if (next.defaultBasemap === id) delete next.defaultBasemap
    await writeCatalog(dir, next)
    await fs.rm(path.join(dir, BASEMAP_DIR, id), { recursive: true, force: true })
    return true
  })
}

/** Sets the default base map (an id of the catalog or `none`). */
export async function setDefaultBasemap(dir: string, id: string): Promise<void> {
  await withCatalogLock(dir, async () => {
    const catalog = await readCatalog(dir)
    if (id !== NO_BASEMAP && !(catalog.basemaps ?? []).some((b) => b.id === id)) {
      throw new Error(`no base map "${id}" in ${dir} (known: ${(catalog.basemaps ?? []).map((b) => b.id).join(', ') || 'none'})`)
    }
    await writeCatalog(dir, { ...catalog, defaultBasemap: id })
  })
}

/** Sets whether remote base maps wait for the user's consent. */
export async function setRemoteConsent(dir: string, on: boolean): Promise<void> {
  await withCatalogLock(dir, async () => {
    const catalog = await readCatalog(dir)
    const next: Catalog = { ...catalog }
    if (on) next.remoteConsent = true
    else delete next.remoteConsent
    await writeCatalog(dir, next)
  })
}
