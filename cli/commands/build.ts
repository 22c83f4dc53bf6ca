import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Catalog } from '../../src/model/catalog.ts'
import { parse, required, type Command } from '../args.ts'
import { CATALOG_FILE, readCatalog, serialiseCatalog } from '../catalog/store.ts'
import { DCAT_FILE } from '../dcat/dcat.ts'
import { writeDcat } from './dcat.ts'
import { writeCsp } from '../build/csp.ts'

const usage = `Usage: geoportal build --catalog <dir> --out <dir> [--internal] [--base-url <url>]

Builds a deployable static site: the portal app plus the catalog. Copy <out> to any static web server
with HTTP Range support (see docs/deploy.md).

Options:
  --catalog <dir>  catalog folder made by "geoportal publish"
  --out <dir>      output folder (replaced)
  --internal       include internal layers (intranet build); default is public layers only
  --base-url <url> absolute URL where the site will be served; writes dcat.jsonld (DCAT-AP.de) for harvesting
                   by GovData and regional open-data portals (public layers only, also in internal builds)`

const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The part of a catalog that a build may publish. */
export function catalogForBuild(catalog: Catalog, internal: boolean): Catalog {
  return internal ? catalog : { ...catalog, layers: catalog.layers.filter((l) => l.access === 'public') }
}

export async function buildApp(outDir: string): Promise<void> {
  const { build } = await import('vite')
  await build({
    root: APP_ROOT,
    configFile: path.join(APP_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

export async function copyCatalog(catalogDir: string, outDir: string, internal: boolean): Promise<Catalog> {
  const catalog = catalogForBuild(await readCatalog(catalogDir), internal)
  for (const layer of catalog.layers) {
    const dir = path.dirname(layer.href)
    await fs.cp(path.join(catalogDir, dir), path.join(outDir, dir), { recursive: true })
  }
  // A self-hosted base map is two files of the catalog (archive and style); remote ones are only entries.
  for (const b of catalog.basemaps ?? []) {
    if (b.kind !== 'pmtiles') continue
    for (const f of [b.url, b.style]) {
      await fs.mkdir(path.dirname(path.join(outDir, f)), { recursive: true })
      await fs.cp(path.join(catalogDir, f), path.join(outDir, f))
    }
  }
  await fs.writeFile(path.join(outDir, CATALOG_FILE), serialiseCatalog(catalog))
  return catalog
}

export const buildCommand: Command = {
  summary: 'build a deployable static site from the app and a catalog',
  usage,
  async run(argv) {
    const { values } = parse(
      argv,
      { catalog: { type: 'string' }, out: { type: 'string' }, internal: { type: 'boolean' }, 'base-url': { type: 'string' } },
      usage,
    )
    const catalogDir = path.resolve(required(values.catalog, '--catalog'))
    const outDir = path.resolve(required(values.out, '--out'))
    await fs.access(path.join(catalogDir, CATALOG_FILE)).catch(() => {
      throw new Error(`${catalogDir} has no ${CATALOG_FILE}; publish a layer first`)
    })
    await buildApp(outDir)
    const catalog = await copyCatalog(catalogDir, outDir, values.internal ?? false)
    await writeCsp(outDir, catalog)
    if (values['base-url']) {
      const { warnings } = await writeDcat(catalogDir, path.join(outDir, DCAT_FILE), { baseUrl: values['base-url'] })
      for (const w of warnings) console.error(`warning: ${w}`)
    }
    console.log(`built ${outDir} with ${catalog.layers.length} layers${values.internal ? ' (internal build)' : ''}`)
    return 0
  },
}
