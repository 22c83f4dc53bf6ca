import { LAYER_ID, type BBox } from '../../src/model/catalog.ts'
import { ACCESS_LEVELS } from '../../src/model/metadata.ts'
import { Projections } from '../../src/projection/registry.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { withCatalogLock, withdrawLayer, readCatalog } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { readJsonFile } from '../publish/input.ts'
import { readService } from '../service/capabilities.ts'
import { commitServiceLayer, serviceExtent, serviceMetadata } from '../service/add.ts'

const usage = `Usage: geoportal service add --catalog <dir> --url <GetCapabilities URL> [--layer <name>] [options]
       geoportal service remove <id> --catalog <dir>

Adds a layer of an external map service (WMS 1.1.1/1.3.0 or WMTS 1.0.0) to the catalog: the portal draws it from the
service (EPSG:3857), shows its legend and, for a queryable WMS, its GetFeatureInfo answer as text. The capabilities
give title, abstract, keywords, attribution, legend URL, scale limits, extent and queryability; a metadata file and
the flags below override them. Nothing is downloaded from the service. Without --layer the layers are listed.

add options:
  --catalog <dir>    catalog folder (created if missing)
  --url <url>        the service's GetCapabilities URL (http or https)
  --layer <name>     the layer to add (WMS layer name / WMTS layer identifier); without it: list the layers
  --id <id>          layer id (default: from the layer name); lowercase letters, digits, - and _
  --title <title>    title (default: the layer's title in the capabilities)
  --meta <file>      metadata JSON (docs/metadata.md); overrides what the capabilities say
  --access <level>   public (default) or internal
  --format <type>    image/png (default when offered; transparent) or image/jpeg
  --bbox <w,s,e,n>   lon/lat extent, when the capabilities give none
  --json             print the result (or the layer list) as JSON
  --help             this text

remove: takes the layer out of catalog.json, then deletes its folder (the same as "geoportal withdraw").

Examples (Geobasis NRW):
  geoportal service add --catalog data --url "https://www.wms.nrw.de/geobasis/wms_nw_dop?SERVICE=WMS&REQUEST=GetCapabilities" --layer nw_dop_rgb
  geoportal service add --catalog data --url "https://www.wms.nrw.de/geobasis/wms_nw_alkis?SERVICE=WMS&REQUEST=GetCapabilities" --layer adv_alkis_flurstuecke`

const options = {
  catalog: { type: 'string' },
  url: { type: 'string' },
  layer: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  meta: { type: 'string' },
  access: { type: 'string' },
  format: { type: 'string' },
  bbox: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** A catalog id from a service layer name ("nw_dop_rgb" stays; "Flurstücke:ALKIS" → "flurst-cke-alkis"). */
export function idFromLayerName(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64)
  return LAYER_ID.test(id) ? id : 'dienst'
}

function parseBBox(s: string): BBox {
  const v = s.split(',').map(Number)
  if (v.length !== 4 || !v.every(Number.isFinite) || v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    throw new UsageError(`--bbox "${s}" must be west,south,east,north in degrees`)
  }
  return v as BBox
}

async function add(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, usage)
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${usage}`)
  const url = required(values.url, '--url')
  if (values.access && !ACCESS_LEVELS.includes(values.access as never)) throw new UsageError('--access must be public or internal')
  if (values.id && !LAYER_ID.test(values.id)) throw new UsageError(`--id "${values.id}" must be lowercase letters, digits, - or _ (max 64)`)
  const bbox = values.bbox ? parseBBox(values.bbox) : undefined
  const reader = await readService(url)
  if (!values.layer) {
    if (values.json) console.log(JSON.stringify({ service: reader.type, title: reader.title, layers: reader.layers }, null, 2))
    else {
      console.log(`${reader.type.toUpperCase()} "${reader.title}": ${reader.layers.length} layer${reader.layers.length === 1 ? '' : 's'} (add one with --layer <name>)`)
      const width = Math.min(40, Math.max(4, ...reader.layers.map((l) => l.name.length)))
      for (const l of reader.layers) console.log(`  ${l.name.padEnd(width)}  ${l.title}`)
    }
    return 0
  }
  const catalog = required(values.catalog, '--catalog')
  const info = reader.layer(values.layer, { format: values.format })
  const rawMeta = values.meta ? await readJsonFile(values.meta) : {}
  if (typeof rawMeta !== 'object' || rawMeta === null || Array.isArray(rawMeta)) throw new InputError(values.meta!, 'must contain a JSON object')
  const metadata = serviceMetadata(info, { ...rawMeta, ...(values.title ? { title: values.title } : {}), ...(values.access ? { access: values.access } : {}) }, values.meta ?? 'metadata')
  const extent = serviceExtent(bbox ?? info.bbox4326, new Projections(), url)
  const id = values.id ?? idFromLayerName(values.layer)
  const { outcome, entry } = await commitServiceLayer(catalog, id, info, metadata, extent)
  if (values.json) console.log(JSON.stringify({ outcome, entry }, null, 2))
  else console.log(`${outcome}: ${id} (${info.service.toUpperCase()} layer "${info.layers}"${info.queryable ? ', queryable' : ''}) in ${catalog}`)
  return 0
}

async function remove(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { catalog: { type: 'string' } }, usage)
  if (positionals.length !== 1) throw new UsageError(`expected one layer id\n${usage}`)
  const catalog = required(values.catalog, '--catalog')
  const id = positionals[0]
  const entry = (await readCatalog(catalog)).layers.find((l) => l.id === id)
  if (!entry) throw new Error(`no layer "${id}" in ${catalog}`)
  if (entry.kind !== 'service') throw new Error(`"${id}" is a ${entry.kind} layer, not a service; use "geoportal withdraw"`)
  await withCatalogLock(catalog, () => withdrawLayer(catalog, id))
  console.log(`removed: ${id}`)
  return 0
}

export const serviceCommand: Command = {
  usage,
  async run(argv) {
    const [sub, ...rest] = argv
    if (sub === 'add') return add(rest)
    if (sub === 'remove') return remove(rest)
    throw new UsageError(`expected "add" or "remove"\n${usage}`)
  },
}
