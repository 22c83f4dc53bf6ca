import { randomBytes } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Catalog } from '../../src/model/catalog.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { assertPlainTree, copyPlainTree } from '../catalog/plain.ts'
import { CATALOG_FILE, readCatalog, serialiseCatalog } from '../catalog/store.ts'
import { DCAT_FILE } from '../dcat/dcat.ts'
import { writeDcat } from './dcat.ts'
import { writeCsp } from '../build/csp.ts'

const usage = `Usage: geoportal build --catalog <dir> --out <dir> [--internal] [--inventory <dir>] [--base-url <url>]

Builds a deployable static site: the portal app plus the catalog. Copy <out> to any static web server
with HTTP Range support (see docs/deploy.md).

Options:
  --catalog <dir>  catalog folder made by "geoportal publish"
  --out <dir>      output folder: new, empty, or an earlier build (marked by .geoportal-site), which is replaced
                   once the new site is complete; never inside or around the catalog
  --internal       include internal layers (intranet build); default is public layers only
  --inventory <dir>  with --internal: the output of geoportal inventory, shown at #page=inventory
  --base-url <url> absolute URL where the site will be served; writes dcat.jsonld (DCAT-AP.de) for harvesting
                   by GovData and regional open-data portals (public layers only, also in internal builds)`

/** The package's root: the repository checkout, or the installed package (the compiled CLI lives in dist-cli/). */
const APP_ROOT = packageRoot(fileURLToPath(import.meta.url))

function packageRoot(from: string): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

/**
 * The app built at package time (`npm run build:app`, run by prepack): the compiled CLI of an installed package
 * copies it, so an officer's install needs neither Vite nor React. The TypeScript sources (a checkout) build the
 * app with Vite instead, so a site always has the app as it is in the working tree.
 */
export const PREBUILT_APP_DIR = path.join(APP_ROOT, 'dist-app')
const COMPILED = (globalThis as { __GEOPORTAL_COMPILED__?: boolean }).__GEOPORTAL_COMPILED__ === true

/**
 * Written into every site this command builds. A non-empty --out folder is replaced only when it carries this
 * file: a build never empties a folder it did not make (a home directory, a web root with other sites, a catalog).
 */
export const SITE_MARKER = '.geoportal-site'
const MARKER_TEXT = 'This folder was made by "geoportal build"; the next build into it replaces it as a whole.\n'

/** The part of a catalog that a build may publish. */
export function catalogForBuild(catalog: Catalog, internal: boolean): Catalog {
  return internal ? catalog : { ...catalog, layers: catalog.layers.filter((l) => l.access === 'public') }
}

/**
 * Puts the app into `outDir`, which must not exist yet or be empty: the compiled CLI copies the prebuilt app,
 * the sources build it with Vite.
 */
export async function buildApp(outDir: string): Promise<void> {
  const existing = await fs.readdir(outDir).catch(() => [] as string[])
  if (existing.length) throw new Error(`${outDir} is not empty; the app is built only into a new or empty folder`)
  if (COMPILED) return copyPrebuiltApp(outDir)
  return bundleApp(outDir)
}

async function copyPrebuiltApp(outDir: string): Promise<void> {
  if (!existsSync(path.join(PREBUILT_APP_DIR, 'index.html'))) {
    throw new Error(`the prebuilt app is missing (${PREBUILT_APP_DIR}/index.html); reinstall the geoportal package`)
  }
  await fs.mkdir(outDir, { recursive: true })
  await fs.cp(PREBUILT_APP_DIR, outDir, { recursive: true, errorOnExist: true, force: false })
}

/** Vite's "empty the folder" stays off: buildApp has checked that the folder is new or empty. */
async function bundleApp(outDir: string): Promise<void> {
  const { build } = await import('vite')
  try {
    await build({
      root: APP_ROOT,
      configFile: path.join(APP_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: false },
    })
  } catch (e) {
    // Vite's message starts with "Build failed with 1 error:" and has the cause on later lines; the CLI prints
    // one line, so the cause goes first.
    // Colour codes too: picocolors colours the message when CI is set.
    // eslint-disable-next-line no-control-regex
    const lines = String((e as Error).message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim().replace(/^Build failed with \d+ errors?:\s*/, ''))
    const cause = lines.filter((l) => l && !/^\[plugin [^\]]*\]$/.test(l) && !/^at /.test(l))
    throw new Error(`building the app into ${outDir} failed: ${cause.slice(0, 2).join(' ') || 'no reason given'}`)
  }
}

/** Copies the layer folders the build may publish with a walk that refuses links, FIFOs and devices. */
export async function copyCatalog(catalogDir: string, outDir: string, internal: boolean): Promise<Catalog> {
  const catalog = catalogForBuild(await readCatalog(catalogDir), internal)
  // Each layer's version folder (layer.json and the data file; a service layer has only layer.json) and each
  // self-hosted base map's folder (archive and style; remote base maps are only entries) — once each, as a folder
  // may be named by several entries.
  const dirs = new Set([
    ...catalog.layers.map((l) => path.dirname(l.metaHref)),
    ...(catalog.basemaps ?? []).flatMap((b) => (b.kind === 'pmtiles' ? [path.dirname(b.url), path.dirname(b.style)] : [])),
  ])
  for (const dir of dirs) await copyPlainTree(catalogDir, dir, outDir)
  await fs.writeFile(path.join(outDir, CATALOG_FILE), serialiseCatalog(catalog))
  return catalog
}

/** The real path of `p`, also when it (or its tail) does not exist yet: the longest existing prefix is resolved. */
async function realPathOf(p: string): Promise<string> {
  const tail: string[] = []
  let current = path.resolve(p)
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...tail.reverse())
    } catch (e) {
      const parent = path.dirname(current)
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw e
      tail.push(path.basename(current))
      current = parent
    }
  }
}

const isInside = (inner: string, outer: string) => inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep)

/**
 * Where the site may go: refuses an --out that is, contains or lies inside the catalog (real paths, so links
 * cannot hide it) or inside any other publisher catalog, that is a file, or that is a non-empty folder without
 * the marker of an earlier build. Returns the real path of the target.
 */
export async function checkOutputFolder(catalogDir: string, outArg: string): Promise<string> {
  const out = await realPathOf(outArg)
  const catalog = await fs.realpath(catalogDir)
  const shown = outArg === out ? out : `${outArg} (${out})`
  if (out === catalog) throw new Error(`--out ${shown} is the catalog folder; choose a folder outside the catalog for the site`)
  if (isInside(catalog, out)) throw new Error(`--out ${shown} contains the catalog ${catalog}; building there would replace it — choose a folder outside the catalog`)
  if (isInside(out, catalog)) throw new Error(`--out ${shown} lies inside the catalog ${catalog}; choose a folder outside the catalog for the site`)
  // Any folder above the target that is a publisher catalog (catalog.json without a build's marker).
  for (let up = path.dirname(out); ; up = path.dirname(up)) {
    const isCatalog = (await fs.lstat(path.join(up, CATALOG_FILE)).catch(() => null))?.isFile()
    if (isCatalog && !(await hasMarker(up))) throw new Error(`--out ${shown} lies inside the catalog ${up}; choose a folder outside any catalog for the site`)
    if (path.dirname(up) === up) break
  }
  const stat = await fs.lstat(out).catch(() => null)
  if (stat && !stat.isDirectory()) throw new Error(`--out ${shown} is a file, not a folder; name a new or empty folder (or an earlier build) for the site`)
  if (stat && (await fs.readdir(out)).length > 0 && !(await hasMarker(out))) {
    throw new Error(
      `--out ${shown} is not empty and was not made by geoportal build (no ${SITE_MARKER} in it), so it is left alone; name a new or empty folder, or delete this one yourself`,
    )
  }
  return out
}

const hasMarker = async (dir: string) => (await fs.lstat(path.join(dir, SITE_MARKER)).catch(() => null))?.isFile() === true

/**
 * Builds into a fresh folder next to the target and swaps it in only when complete: a failed build leaves the
 * previous site as it was. Returns warnings (an old site that could not be deleted after the swap).
 */
async function buildSite(out: string, fill: (dir: string) => Promise<void>): Promise<string[]> {
  const parent = path.dirname(out)
  await fs.mkdir(parent, { recursive: true })
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
  const fresh = path.join(parent, `.${path.basename(out)}.building-${tag}`)
  await fs.mkdir(fresh)
  try {
    await fill(fresh)
    await fs.writeFile(path.join(fresh, SITE_MARKER), MARKER_TEXT)
  } catch (e) {
    await fs.rm(fresh, { recursive: true, force: true })
    throw e
  }
  const existing = await fs.lstat(out).catch(() => null)
  if (!existing) {
    await fs.rename(fresh, out)
    return []
  }
  if ((await fs.readdir(out)).length === 0) {
    // An empty folder someone made (perhaps a mount point): keep it and move the site into it.
    for (const name of await fs.readdir(fresh)) await fs.rename(path.join(fresh, name), path.join(out, name))
    await fs.rmdir(fresh)
    return []
  }
  // An earlier build (checked: it has the marker). Two renames; should the second fail, the first is undone.
  const old = path.join(parent, `.${path.basename(out)}.old-${tag}`)
  await fs.rename(out, old)
  try {
    await fs.rename(fresh, out)
  } catch (e) {
    await fs.rename(old, out)
    await fs.rm(fresh, { recursive: true, force: true })
    throw e
  }
  try {
    await fs.rm(old, { recursive: true, force: true })
    return []
  } catch (e) {
    return [`the previous site was moved to ${old} but could not be deleted (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); delete it by hand`]
  }
}

export const buildCommand: Command = {
  usage,
  async run(argv) {
    const { values } = parse(
      argv,
      { catalog: { type: 'string' }, out: { type: 'string' }, internal: { type: 'boolean' }, inventory: { type: 'string' }, 'base-url': { type: 'string' } },
      usage,
    )
    const catalogDir = path.resolve(required(values.catalog, '--catalog'))
    const outArg = path.resolve(required(values.out, '--out'))
    const catalogFile = await fs.lstat(path.join(catalogDir, CATALOG_FILE)).catch(() => null)
    if (!catalogFile) throw new Error(`${catalogDir} has no ${CATALOG_FILE}; publish a layer first`)
    // Links, FIFOs or devices anywhere in the catalog stop the build before anything is written.
    await assertPlainTree(catalogDir)
    // The drives' inventory names internal paths: never in a public build.
    if (values.inventory && !values.internal) throw new UsageError('--inventory lists internal drives and is only allowed with --internal')
    const inventoryFiles = values.inventory ? await inventoryFilesOf(values.inventory) : []
    const out = await checkOutputFolder(catalogDir, outArg)
    let layers = 0
    const warnings = await buildSite(out, async (dir) => {
      await buildApp(dir)
      const catalog = await copyCatalog(catalogDir, dir, values.internal ?? false)
      layers = catalog.layers.length
      await writeCsp(dir, catalog)
      if (inventoryFiles.length) {
        await fs.mkdir(path.join(dir, 'inventory'))
        for (const f of inventoryFiles) await fs.copyFile(f, path.join(dir, 'inventory', path.basename(f)))
      }
      if (values['base-url']) {
        const { warnings } = await writeDcat(catalogDir, path.join(dir, DCAT_FILE), { baseUrl: values['base-url'] })
        for (const w of warnings) console.error(`warning: ${w}`)
      }
    })
    for (const w of warnings) console.error(`warning: ${w}`)
    console.log(`built ${outArg} with ${layers} layers${values.internal ? ' (internal build)' : ''}`)
    return 0
  },
}

/** The files of an inventory output folder the portal page reads (inventory.jsonl, run.json, summary CSVs). */
async function inventoryFilesOf(dir: string): Promise<string[]> {
  const main = path.join(dir, 'inventory.jsonl')
  if (!(await fs.lstat(main).catch(() => null))?.isFile()) throw new Error(`${dir} holds no inventory.jsonl; run geoportal inventory <dir>… --out ${dir} first`)
  const names = (await fs.readdir(dir)).filter((n) => n === 'run.json' || /^summary-by-\w+\.csv$/.test(n))
  return [main, ...names.map((n) => path.join(dir, n))]
}
