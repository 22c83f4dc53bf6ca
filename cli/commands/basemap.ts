// `geoportal basemap build|add|list|remove|default`: the catalog's base maps, configured with the CLI.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { NO_BASEMAP, BASEMAP_ID, type BasemapDefinition } from '../../src/model/basemap.ts'
import type { Catalog } from '../../src/model/catalog.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { readCatalog } from '../catalog/store.ts'
import { buildBasemap, type RoleInput } from '../basemap/build.ts'
import { ROLES, type Role } from '../basemap/schema.ts'
import { commitBasemap, removeBasemap, selfHostedBasemap, setDefaultBasemap, setRemoteConsent } from '../basemap/store.ts'
import { checkPmtilesArchive } from '../basemap/inspect.ts'
import { remoteDefinition } from '../basemap/remote.ts'
import { loadProjections, readBytes, readVectorInput } from '../publish/input.ts'
import { progressReporter } from '../progress.ts'

const buildUsage = `Usage: geoportal basemap build --catalog <dir> --id <id> --title <title> --attribution <text> <inputs> [options]

Builds a self-hosted vector base map from the city's data: one PMTiles archive (Protomaps basemap schema) and a
MapLibre style (German labels, drawn without glyph or sprite server) in <catalog>/basemaps/<id>/<version>/, registered in
catalog.json. On any error the catalog stays as it was.

Inputs (any format and CRS "geoportal publish" reads; each option may be given several times):
  --buildings <file>   building footprints (polygons), from zoom 13
  --roads <file>       streets and paths (lines); class from --road-class, names drawn along them
  --water <file>       water areas (polygons) and rivers/streams (lines)
  --green <file>       parks, forests, meadows (polygons; a "kind" attribute such as forest or grass is used)
  --boundaries <file>  administrative areas (polygons, drawn as boundary lines) or boundary lines
  --places <file>      place names (points, or polygons labelled inside at one point)
  --earth <file>       land area (polygons); default: the data's extent
  Instead of a file, @<layer id> takes a vector layer published in the catalog (public layers only: a base map
  is public), e.g. --boundaries @stadtgebiet.

Options:
  --catalog <dir>        catalog folder (created if missing)
  --id <id>              base map id: lowercase letters, digits, - and _
  --title <title>        shown in the portal's base-map switcher
  --attribution <text>   shown on the map while the base map is on (e.g. "© Stadt Soest")
  --name-attr <attr>     attribute with names (default: name, NAME, GEN, bezeichnung … whichever exists)
  --road-class <attr>    attribute with the road class (default: highway, fclass, kind, klasse … whichever exists);
                         values: OSM highway values (motorway … residential, service, footway, track) or
                         Autobahn, Bundesstraße, Landesstraße, Kreisstraße, Gemeindestraße, Wirtschaftsweg, Fußweg, Radweg
  --population <attr>    places: attribute with the population (bigger places show at lower zooms); "column.key"
                         reads a key of a JSON attribute, e.g. destatis.population in the BKG's VG250
  --admin-levels <list>  boundaries: administrative level per --boundaries file, in order (2 state … 6 district,
                         8 municipality; default 8)
  --maxzoom <z>          highest zoom with tiles (default 15, or 12 with only boundaries and places);
                         the portal enlarges the last level beyond
  --crs <EPSG:code>      CRS of inputs that do not declare one
  --layer <name>         GeoPackage layer (when a file has several)
  --encoding <enc>       Shapefile attribute encoding
  --x <col> --y <col>    CSV coordinate columns (detected when named like UTMRechtswert/UTMHochwert, x/y, lon/lat)
  --separator <sep>      CSV separator
  --default              make it the catalog's default base map
  --demo                 mark it as made from synthetic demo data
  --json                 print the result as JSON
  --progress             show progress on stderr (default when stderr is a terminal)`

const addUsage = `Usage: geoportal basemap add --catalog <dir> --id <id> --title <title> --attribution <text> <source> [--default]

Adds (or replaces) a base map. <source> is one of:
  --pmtiles <file>            a PMTiles archive in the Protomaps basemap schema (e.g. an extract of the Protomaps
                              OpenStreetMap build): copied into the catalog, style generated; no third-party request
  --style <https URL>         a remote MapLibre style (e.g. basemap.de Web Vektor)
  --xyz <https URL template>  raster tiles with {z}/{x}/{y} (may be given several times); --tile-size 256|512
  --wmts <URL or file> --layer <name> [--matrix-set <id>] [--format <mime>]
                              a WMTS layer: its capabilities are read and the GoogleMapsCompatible (EPSG:3857)
                              tile matrix set is written as an xyz entry with the resolved tile template
  --wms <URL> --layers <names> [--format image/png|image/jpeg] [--version 1.3.0|1.1.1]
                              WMS GetMap in EPSG:3857
Options: --title-en <title>, --min-zoom/--max-zoom (xyz), --default (make it the default).
Remote base maps make the portal request another origin: a public build lists it in its Content-Security-Policy.`

const usage = `Usage: geoportal basemap <build|add|list|remove|default|consent> …

  build     build a self-hosted vector base map from the city's data (see "geoportal basemap build --help")
  add       add a PMTiles archive, a remote style, XYZ tiles, a WMTS layer or a WMS (see "geoportal basemap add --help")
  list      list the base maps: geoportal basemap list --catalog <dir> [--json]
  remove    remove one: geoportal basemap remove <id> --catalog <dir>
  default   choose the default: geoportal basemap default <id|none> --catalog <dir>
  consent   remote base maps only after the user agreed: geoportal basemap consent <on|off> --catalog <dir>`

const buildOptions = {
  catalog: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  attribution: { type: 'string' },
  ...(Object.fromEntries(ROLES.map((r) => [r, { type: 'string', multiple: true }])) as Record<Role, { type: 'string'; multiple: true }>),
  'name-attr': { type: 'string' },
  'road-class': { type: 'string' },
  population: { type: 'string' },
  'admin-levels': { type: 'string' },
  maxzoom: { type: 'string' },
  crs: { type: 'string' },
  layer: { type: 'string' },
  encoding: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  separator: { type: 'string' },
  default: { type: 'boolean' },
  demo: { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
} as const

function checkId(id: string): string {
  if (!BASEMAP_ID.test(id) || id === NO_BASEMAP) throw new UsageError(`--id "${id}" must be lowercase letters, digits, - or _ (max 64), not "none"`)
  return id
}

async function build(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, buildOptions, buildUsage)
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}": inputs are given with a role, e.g. --roads ${positionals[0]}`)
  const catalog = required(values.catalog, '--catalog')
  const id = checkId(required(values.id, '--id'))
  const title = required(values.title, '--title')
  const attribution = required(values.attribution, '--attribution')
  const maxZoom = values.maxzoom === undefined ? undefined : Number(values.maxzoom)
  if (maxZoom !== undefined && !(Number.isInteger(maxZoom) && maxZoom >= 0 && maxZoom <= 16)) throw new UsageError('--maxzoom must be a whole number from 0 to 16')
  const levels = (values['admin-levels'] ?? '').split(',').filter((s) => s.trim()).map(Number)
  if (levels.some((l) => !Number.isInteger(l) || l < 1 || l > 12)) throw new UsageError('--admin-levels must list whole numbers from 1 to 12, e.g. 6,8')
  const files = ROLES.flatMap((role) => (values[role] ?? []).map((file) => ({ role, file })))
  if (!files.length) throw new UsageError(`no input: give at least one of ${ROLES.map((r) => `--${r}`).join(', ')}\n${buildUsage}`)
  if (levels.length > (values.boundaries?.length ?? 0)) throw new UsageError('--admin-levels lists more levels than --boundaries files')
  const progress = progressReporter(values.progress ?? process.stderr.isTTY === true)
  const projections = await loadProjections()
  const inputs: RoleInput[] = []
  let boundary = 0
  const published = files.some((f) => f.file.startsWith('@')) ? await readCatalog(catalog) : null
  for (const { role, file: given } of files) {
    const file = published ? publishedLayerFile(published, catalog, given) : given
    progress(`reading ${file}`)
    const { crs, layer, encoding, x, y, separator } = values
    const data = await readVectorInput(file, { crs, layer, encoding, x, y, separator })
    inputs.push({ role, file, data, ...(role === 'boundaries' && levels[boundary] !== undefined ? { adminLevel: levels[boundary] } : {}) })
    if (role === 'boundaries') boundary++
  }
  const result = buildBasemap(inputs, projections, {
    title,
    attribution,
    progress,
    ...(values['name-attr'] ? { nameAttr: values['name-attr'] } : {}),
    ...(values['road-class'] ? { roadClassAttr: values['road-class'] } : {}),
    ...(values.population ? { populationAttr: values.population } : {}),
    ...(maxZoom !== undefined ? { maxZoom } : {}),
  })
  const hosted = selfHostedBasemap(id, title, attribution, result.archive)
  const def: BasemapDefinition = { id, title, kind: 'pmtiles', ...hosted.paths, attribution, ...(values.demo ? { demo: true } : {}) }
  progress('updating the catalog')
  const outcome = await commitBasemap(catalog, def, hosted.files, values.default === true)
  progress('finished')
  const summary = { outcome, id, bytes: result.archive.length, tiles: result.tiles, minZoom: result.minZoom, maxZoom: result.maxZoom, features: result.features, unknownRoadClasses: result.unknownRoadClasses }
  if (values.json) console.log(JSON.stringify(summary))
  else {
    const layers = Object.entries(result.features).map(([l, n]) => `${l} ${n}`).join(', ')
    console.log(`${outcome}: base map ${id} (${result.tiles} tiles z${result.minZoom}–${result.maxZoom}, ${result.archive.length} bytes; ${layers}) in ${catalog}`)
    if (result.unknownRoadClasses.length) console.log(`road classes not in the schema, drawn as minor roads: ${result.unknownRoadClasses.join(', ')}`)
  }
  return 0
}

/** `@<id>`: the data file of a public vector layer of the catalog; anything else is a path. */
function publishedLayerFile(c: Catalog, dir: string, given: string): string {
  if (!given.startsWith('@')) return given
  const id = given.slice(1)
  const layer = c.layers.find((l) => l.id === id)
  if (!layer) throw new UsageError(`${given}: no layer "${id}" in ${dir}`)
  if (layer.kind !== 'vector') throw new UsageError(`${given}: layer "${id}" is a raster; base maps are built from vector layers`)
  if (layer.access !== 'public') throw new UsageError(`${given}: layer "${id}" is ${layer.access}; a base map is public, so it takes public layers only`)
  return path.join(dir, layer.href)
}

const addOptions = {
  catalog: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  'title-en': { type: 'string' },
  attribution: { type: 'string' },
  pmtiles: { type: 'string' },
  style: { type: 'string' },
  xyz: { type: 'string', multiple: true },
  'tile-size': { type: 'string' },
  'min-zoom': { type: 'string' },
  'max-zoom': { type: 'string' },
  wmts: { type: 'string' },
  layer: { type: 'string' },
  'matrix-set': { type: 'string' },
  wms: { type: 'string' },
  layers: { type: 'string' },
  format: { type: 'string' },
  version: { type: 'string' },
  default: { type: 'boolean' },
} as const

async function add(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, addOptions, addUsage)
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n${addUsage}`)
  const catalog = required(values.catalog, '--catalog')
  const id = checkId(required(values.id, '--id'))
  const title = required(values.title, '--title')
  const attribution = required(values.attribution, '--attribution')
  const sources = (['pmtiles', 'style', 'xyz', 'wmts', 'wms'] as const).filter((k) => values[k] !== undefined)
  if (sources.length !== 1) throw new UsageError(`give exactly one of --pmtiles, --style, --xyz, --wmts, --wms\n${addUsage}`)
  const common = { id, title, attribution, ...(values['title-en'] ? { titleEn: values['title-en'] } : {}) }
  let def: BasemapDefinition
  const files: { name: string; bytes: Uint8Array | string }[] = []
  if (values.pmtiles) {
    const bytes = await readBytes(values.pmtiles)
    await checkPmtilesArchive(bytes, values.pmtiles)
    const hosted = selfHostedBasemap(id, title, attribution, bytes)
    def = { ...common, kind: 'pmtiles', ...hosted.paths }
    files.push(...hosted.files)
  } else {
    def = await remoteDefinition(common, values)
  }
  const outcome = await commitBasemap(catalog, def, files, values.default === true)
  console.log(`${outcome}: base map ${id} (${def.kind}) in ${catalog}`)
  return 0
}

async function list(argv: string[]): Promise<number> {
  const { values } = parse(argv, { catalog: { type: 'string' }, json: { type: 'boolean' } }, usage)
  const dir = required(values.catalog, '--catalog')
  const c = await readCatalog(dir)
  const basemaps = c.basemaps ?? []
  const chosen = c.defaultBasemap ?? basemaps[0]?.id ?? NO_BASEMAP
  if (values.json) {
    console.log(JSON.stringify({ basemaps, defaultBasemap: chosen, remoteConsent: c.remoteConsent === true }))
    return 0
  }
  if (!basemaps.length) {
    console.log(`no base maps in ${dir}`)
    return 0
  }
  const where = (b: BasemapDefinition) => (b.kind === 'pmtiles' ? b.url : b.kind === 'xyz' ? b.tiles[0] : b.url)
  const rows = basemaps.map((b) => [b.id === chosen ? '*' : '', b.id, b.kind, b.title + (b.demo && !/demo/i.test(b.title) ? ' (Demo)' : ''), where(b)])
  const header = ['', 'id', 'kind', 'title', 'source']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  for (const r of [header, ...rows]) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd())
  console.log(`default: ${chosen}${c.remoteConsent ? '; remote base maps load after consent' : ''}`)
  return 0
}

async function remove(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { catalog: { type: 'string' } }, usage)
  if (positionals.length !== 1) throw new UsageError(`expected one base map id\n${usage}`)
  const dir = required(values.catalog, '--catalog')
  if (!(await removeBasemap(dir, positionals[0]))) throw new Error(`no base map "${positionals[0]}" in ${dir}`)
  console.log(`removed: base map ${positionals[0]}`)
  return 0
}

async function setDefault(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { catalog: { type: 'string' } }, usage)
  if (positionals.length !== 1) throw new UsageError(`expected one base map id or "none"\n${usage}`)
  const dir = required(values.catalog, '--catalog')
  await setDefaultBasemap(dir, positionals[0])
  console.log(`default base map: ${positionals[0]}`)
  return 0
}

async function consent(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { catalog: { type: 'string' } }, usage)
  if (positionals.length !== 1 || !['on', 'off'].includes(positionals[0])) throw new UsageError(`expected on or off\n${usage}`)
  const dir = required(values.catalog, '--catalog')
  await fs.mkdir(dir, { recursive: true })
  await setRemoteConsent(dir, positionals[0] === 'on')
  console.log(`remote base maps ${positionals[0] === 'on' ? 'load only after the user agreed' : 'load without asking'}`)
  return 0
}

const SUB: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  build: { run: build, usage: buildUsage },
  add: { run: add, usage: addUsage },
  list: { run: list, usage },
  remove: { run: remove, usage },
  default: { run: setDefault, usage },
  consent: { run: consent, usage },
}

export const basemapCommand: Command = {
  usage,
  helpFor: (argv) => SUB[argv[0]]?.usage ?? usage,
  async run(argv) {
    const [name, ...rest] = argv
    const sub = name ? SUB[name] : undefined
    if (!sub) throw new UsageError(`${name ? `unknown subcommand "${name}"` : 'missing subcommand'}: one of ${Object.keys(SUB).join(', ')}\n${usage}`)
    return sub.run(rest)
  },
}
