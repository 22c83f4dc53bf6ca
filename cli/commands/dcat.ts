import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Catalog, LayerDocument } from '../../src/model/catalog.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { readPlainFile } from '../catalog/plain.ts'
import { CATALOG_FILE, readCatalog, writeAtomic } from '../catalog/store.ts'
import { normaliseBaseUrl, serialiseDcat, toDcat, type DcatOptions } from '../dcat/dcat.ts'

const usage = `Usage: geoportal dcat --catalog <dir> --base-url <url> [--out <file>] [--publisher <name>]

Writes the public layers of a catalog as DCAT-AP.de metadata (JSON-LD) for GovData and open-data portals to
harvest (see docs/dcat.md). Internal layers are never included. Without --out the document goes to stdout;
warnings about incomplete metadata go to stderr.

Options:
  --catalog <dir>          catalog folder made by "geoportal publish"
  --base-url <url>         absolute URL the built site is served from, e.g. https://geoportal.soest.de/
  --out <file>             write the document to <file> (usually <site>/dcat.jsonld)
  --publisher <name>       publishing organisation (default: Stadt Soest)
  --publisher-uri <iri>    a stable IRI of the publisher
  --contributor-id <iri>   GovData contributor id (http://dcat-ap.de/def/contributors/…), once assigned`

export interface DcatInput {
  catalog: Catalog
  /** layer.json of each public layer that could be read, by layer id. */
  docs: Record<string, LayerDocument>
  warnings: string[]
}

/** Reads catalog.json and the layer.json of each public layer (internal layers' files are not even opened). */
export async function readDcatInput(catalogDir: string): Promise<DcatInput> {
  await fs.access(path.join(catalogDir, CATALOG_FILE)).catch(() => {
    throw new Error(`${catalogDir} has no ${CATALOG_FILE}; publish a layer first`)
  })
  const catalog = await readCatalog(catalogDir)
  const docs: Record<string, LayerDocument> = {}
  const warnings: string[] = []
  for (const layer of catalog.layers) {
    if (layer.access !== 'public') continue
    try {
      const doc = JSON.parse((await readPlainFile(catalogDir, layer.metaHref)).toString('utf8')) as LayerDocument
      if (typeof doc !== 'object' || doc === null || typeof doc.metadata !== 'object' || doc.metadata === null) {
        throw new Error('not a layer document')
      }
      docs[layer.id] = doc
    } catch (e) {
      warnings.push(`${layer.id}: cannot read ${layer.metaHref}: ${(e as Error).message}`)
    }
  }
  return { catalog, docs, warnings }
}

/** The DCAT-AP.de document of a catalog folder, serialised, with all warnings. */
export async function buildDcat(
  catalogDir: string,
  opts: DcatOptions,
): Promise<{ text: string; datasets: string[]; warnings: string[] }> {
  const input = await readDcatInput(catalogDir)
  const { document, datasets, warnings } = toDcat(input.catalog, input.docs, opts)
  return { text: serialiseDcat(document), datasets, warnings: [...input.warnings, ...warnings] }
}

/**
 * Writes dcat.jsonld for a catalog folder (atomically). For "geoportal build":
 * writeDcat(catalogDir, path.join(outDir, DCAT_FILE), { baseUrl }).
 */
export async function writeDcat(
  catalogDir: string,
  outFile: string,
  opts: DcatOptions,
): Promise<{ datasets: string[]; warnings: string[] }> {
  const { text, datasets, warnings } = await buildDcat(catalogDir, opts)
  await fs.mkdir(path.dirname(path.resolve(outFile)), { recursive: true })
  await writeAtomic(outFile, text)
  return { datasets, warnings }
}

export const dcatCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        catalog: { type: 'string' },
        'base-url': { type: 'string' },
        out: { type: 'string' },
        publisher: { type: 'string' },
        'publisher-uri': { type: 'string' },
        'contributor-id': { type: 'string' },
      },
      usage,
    )
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${usage}`)
    const catalogDir = path.resolve(required(values.catalog, '--catalog'))
    const baseUrl = required(values['base-url'], '--base-url')
    try {
      normaliseBaseUrl(baseUrl)
    } catch (e) {
      throw new UsageError(`--base-url: ${(e as Error).message}`)
    }
    const opts: DcatOptions = { baseUrl }
    if (values.publisher || values['publisher-uri']) {
      opts.publisher = { name: values.publisher ?? 'Stadt Soest', uri: values['publisher-uri'] }
    }
    if (values['contributor-id']) opts.contributorId = values['contributor-id']
    const { text, datasets, warnings } = await buildDcat(catalogDir, opts)
    for (const w of warnings) console.error(`warning: ${w}`)
    if (values.out) {
      const out = path.resolve(values.out)
      await fs.mkdir(path.dirname(out), { recursive: true })
      await writeAtomic(out, text)
      console.log(`wrote ${out}: ${datasets.length} dataset(s)`)
    } else {
      process.stdout.write(text)
    }
    return 0
  },
}
