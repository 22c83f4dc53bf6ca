// Base maps in the catalog folder: entries in catalog.json, self-hosted files under basemaps/<id>/. As for layers
// (catalog/store.ts): files are written completely before they replace anything, catalog.json is replaced by one
// atomic rename, and all of it runs under the catalog's lock. Every definition is checked with basemapProblem before anything is written.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { basemapProblem, NO_BASEMAP, type BasemapDefinition } from '../../src/model/basemap.ts'
import type { Catalog } from '../../src/model/catalog.ts'
import { CATALOG_FILE, readCatalog, serialiseCatalog, withCatalogLock, writeAtomic } from '../catalog/store.ts'

export const BASEMAP_DIR = 'basemaps'

export interface BasemapFile {
  name: string
  bytes: Uint8Array | string
}

export type BasemapOutcome = 'created' | 'updated'

async function writeCatalog(dir: string, catalog: Catalog): Promise<void> {
  await writeAtomic(path.join(dir, CATALOG_FILE), serialiseCatalog(catalog))
}

/** Paths a self-hosted definition for `id` must use (the contract of model/basemap.ts). */
export function selfHostedPaths(id: string): { url: string; style: string } {
  return { url: `${BASEMAP_DIR}/${id}/${id}.pmtiles`, style: `${BASEMAP_DIR}/${id}/style.json` }
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
    if (files.length) {
      // Each file is replaced by a rename of a complete temp file: at any moment the paths the catalog names hold
      // a whole archive and a whole style (old or new), never a half-written one.
      await fs.mkdir(folder, { recursive: true })
      try {
        for (const f of files) await writeAtomic(path.join(folder, f.name), f.bytes)
      } catch (e) {
        // A new base map that could not be written leaves nothing behind (a replaced one keeps its files).
        if (index < 0) await fs.rm(folder, { recursive: true, force: true })
        throw e
      }
    }
    const basemaps = [...list]
    if (index >= 0) basemaps[index] = def
    else basemaps.push(def)
    await writeCatalog(dir, { ...catalog, basemaps, ...(makeDefault ? { defaultBasemap: def.id } : {}) })
    // A replaced self-hosted base map that is now remote leaves no files behind.
    if (!files.length && index >= 0 && list[index].kind === 'pmtiles') await fs.rm(folder, { recursive: true, force: true })
    return index >= 0 ? 'updated' : 'created'
  })
}

/** Removes a base map (entry first, then its files); the default falls back to none named when it was this one. */
export async function removeBasemap(dir: string, id: string): Promise<boolean> {
  return withCatalogLock(dir, async () => {
    const catalog = await readCatalog(dir)
    const list = catalog.basemaps ?? []
    if (!list.some((b) => b.id === id)) return false
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
