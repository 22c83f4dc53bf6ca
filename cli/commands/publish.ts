import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { LAYER_ID, type RasterStyle, type VectorLayerEntry, type VectorStyle } from '../../src/model/catalog.ts'
import { ACCESS_LEVELS, validateMetadata, type LayerMetadata } from '../../src/model/metadata.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { commitLayer, OutputCheckError, readCatalog, withCatalogLock, type LayerFiles } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { placementArea, resolveArea } from '../publish/extent.ts'
import { inputKind, loadProjections, readBytes, openVectorInput, readJsonFile } from '../publish/input.ts'
import { prepareRasterLayer } from '../publish/raster.ts'
import { defaultVectorStyle, parseStyle } from '../publish/style.ts'
import { prepareVectorLayer } from '../publish/vector.ts'
import { parseAddressFields } from '../publish/addresses.ts'
import { progressReporter } from '../progress.ts'
import { DEFAULT_PALETTE, pickDefaultColour } from '../../src/catalog/palette.ts'
import { cliLang, LANG_HELP, LANG_OPTION, type CliLang } from '../report/lang.ts'
import { formatPublishSummary, outcomeLine, publishSummary } from '../report/summary.ts'

/**
 * A vector layer without a style file gets the default style in a colour chosen against the current catalog (so
 * inside the lock): a re-published layer keeps its colour, a new one takes the palette colour farthest from the
 * other layers' colours. Rasters keep their own default (a ramp over their values).
 */
export async function withDefaultStyle(catalogDir: string, layer: LayerFiles): Promise<LayerFiles> {
  if (layer.entry.kind !== 'vector') return layer
  const entry = layer.entry as Omit<VectorLayerEntry, 'href' | 'metaHref'>
  const { layers } = await readCatalog(catalogDir)
  const previous = layers.find((l) => l.id === entry.id)
  const colour = previous?.kind === 'vector' ? (previous.style as VectorStyle).color : pickDefaultColour(layers, entry.id)
  return { ...layer, entry: { ...entry, style: defaultVectorStyle(entry.geometryType, colour) } }
}
const usage = `Usage: geoportal publish <file> --catalog <dir> --id <id> --title <title> [options]

Converts <file> to web-ready EPSG:25832 (FlatGeobuf with spatial index, or Cloud-Optimized GeoTIFF),
measures its quality and adds it to the catalog. On any error the catalog stays as it was.

Inputs: GeoJSON (.geojson/.json), FlatGeobuf (.fgb), Shapefile (.shp with .shx/.dbf/.prj/.cpg),
GeoPackage (.gpkg), CSV with coordinate columns (.csv), GeoTIFF (.tif/.tiff/.cog; values, 8-bit RGB(A) or palette; other CRSs below are reprojected).
CRSs: EPSG:25832, 25833, 4326, 4258, and Gauss-Krüger 31466/31467 (through the BeTA2007 grid).

Options:
  --catalog <dir>    catalog folder (created if missing)
  --id <id>          layer id: lowercase letters, digits, - and _
  --title <title>    layer title (overrides the metadata file)
  --meta <file>      metadata JSON (see docs/metadata.md); fields not given are reported as missing
  --style <file>     style JSON (see docs/catalog-format.md); without one, a vector layer gets a default
                     style in a palette colour that differs from the catalog's other layers (kept on re-publish)
  --access <level>   public (default) or internal
  --crs <EPSG:code>  CRS of the input when the file does not declare one
  --guess-crs        a vector file without a declared CRS whose coordinates fit exactly one of EPSG:25832,
                     31467, 31466, 4326, 25833 in the expected area is published in that CRS, and the guess
                     is recorded in the layer's lineage (without it, such a file is refused naming the --crs)
  --layer <name>     GeoPackage layer (required when the file has several)
  --x <col> --y <col> CSV coordinate columns (detected when named like UTMRechtswert/UTMHochwert, x/y, lon/lat)
  --separator <sep>  CSV separator (default: "sep=" line or detected)
  --encoding <enc>   Shapefile attribute encoding, e.g. CP1252 (default: .cpg file or detected)
  --extent <area>    expected area: "minE,minN,maxE,maxN" in EPSG:25832, or a vector file with the area's
                     polygons (e.g. the city boundary); features outside it are a quality finding
  --allow-outside-area  publish a vector layer that lies outside the expected area (--extent, else
                     "expectedArea" in catalog.json, else Kreis Soest with a 25 km margin) or outside its CRS's
                     area of use; without it such a layer is refused with the likely cause (latitude and
                     longitude swapped? wrong CRS?)
  --searchable <attr> vector: write a place index (places.json) of this attribute's values (street, school,
                     district names …) for the portal's place search; see docs/catalog-format.md
  --addresses        vector: this is an address layer; write the sharded address index (search.json + shards) for
                     the portal's address search. Columns by default as in the official house coordinates
                     (HK-DE, NRW "Hauskoordinaten"): STN, HNR, ADZ, PLZ, ONM (also strasse, hausnummer …)
  --address-fields <role=attr,…>  map the address columns: street, number, addition, postcode, place
                     (e.g. street=strasse,number=hsnr,addition=zusatz); implies --addresses
  --streets <attr>   vector: a street layer; its names in <attr> go into the sharded street index
  --json             print the result as JSON (outcome, entry, quality, summary: grade, errors, warnings,
                     missingMetadata, nextStep)
${LANG_HELP}
  --progress         show progress on stderr (default when stderr is a terminal)
  --help             this text`

const options = {
  catalog: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  meta: { type: 'string' },
  style: { type: 'string' },
  access: { type: 'string' },
  crs: { type: 'string' },
  layer: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  separator: { type: 'string' },
  encoding: { type: 'string' },
  extent: { type: 'string' },
  searchable: { type: 'string' },
  addresses: { type: 'boolean' },
  'address-fields': { type: 'string' },
  streets: { type: 'string' },
  'allow-outside-area': { type: 'boolean' },
  'guess-crs': { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  ...LANG_OPTION,
} as const

/** A layer read, checked and written to files, ready for commitLayer (publish and sync's in-process staging share it). */
export interface PreparedLayer {
  file: string
  catalog: string
  layer: LayerFiles
  metadata: LayerMetadata
  /** A style file was given: the layer keeps it instead of a colour chosen against the catalog (withDefaultStyle). */
  styled: boolean
  values: ReturnType<typeof parsePublishArgs>['values']
  lang: CliLang
  progress: (step: string) => void
}

function parsePublishArgs(argv: string[]) {
  return parse(argv, options, usage)
}

/**
 * Everything `geoportal publish <argv>` does before the commit: arguments, metadata, style, reading and preparing the
 * layer (large files are written into `workDir`, which the caller removes after the commit). `quiet`: no progress
 * lines (sync prepares layers without them, as its child processes did).
 */
export async function preparePublish(argv: string[], workDir: string, opts: { quiet?: boolean } = {}): Promise<PreparedLayer> {
  const { values, positionals } = parsePublishArgs(argv)
  if (positionals.length !== 1) throw new UsageError(`expected one input file\n${usage}`)
  const file = positionals[0]
  const lang = cliLang(values.lang)
  const catalog = required(values.catalog, '--catalog')
  const id = required(values.id, '--id')
  if (!LAYER_ID.test(id)) throw new UsageError(`--id "${id}" must be lowercase letters, digits, - or _ (max 64)`)
  if (values.access && !ACCESS_LEVELS.includes(values.access as never)) {
    throw new UsageError(`--access must be public or internal`)
  }
  const rawMeta = values.meta ? await readJsonFile(values.meta) : {}
  if (typeof rawMeta !== 'object' || rawMeta === null) throw new InputError(values.meta!, 'must contain a JSON object')
  const metadata = validateMetadata(
    {
      ...rawMeta,
      ...(values.title ? { title: values.title } : {}),
      ...(values.access ? { access: values.access } : {}),
    },
    values.meta ?? 'metadata',
  )
  const progress = progressReporter(!opts.quiet && (values.progress ?? process.stderr.isTTY === true))
  const kind = inputKind(file)
  const style = values.style ? parseStyle(await readJsonFile(values.style), kind, values.style) : undefined
  const projections = await loadProjections()
  if (kind === 'raster' && values.searchable !== undefined) throw new InputError(file, '--searchable needs a vector layer (a raster has no names to search)')
  const addressing = values.addresses === true || values['address-fields'] !== undefined
  if (kind === 'raster' && (addressing || values.streets !== undefined)) throw new InputError(file, `${addressing ? '--addresses' : '--streets'} needs a vector layer`)
  const addresses = addressing ? parseAddressFields(values['address-fields'] ?? '', file) : undefined
  let layer: LayerFiles
  if (kind === 'raster') {
    layer = await prepareRasterLayer(await readBytes(file), { id, file, metadata, style: style as RasterStyle | undefined, projections })
  } else {
    progress(`reading ${file}`)
    const { crs, x, y, separator, encoding } = values
    const source = { crs, layer: values.layer, x, y, separator, encoding }
    const data = await openVectorInput(file, source)
    const area = values.extent ? await resolveArea(values.extent, projections) : undefined
    const placement = { area: await placementArea(area, catalog), allowOutsideArea: values['allow-outside-area'] === true, guessCrs: values['guess-crs'] === true }
    layer = await prepareVectorLayer(data, {
      id,
      file,
      metadata,
      // Without a style file the colour is chosen against the catalog, inside the lock (withDefaultStyle).
      style: (style as VectorStyle | undefined) ?? defaultVectorStyle('Unknown', DEFAULT_PALETTE[0]),
      projections,
      progress,
      ...(values.searchable !== undefined ? { searchable: values.searchable } : {}),
      ...(addresses ? { addresses } : {}),
      ...(values.streets !== undefined ? { streets: values.streets } : {}),
      placement,
      ...(area ? { area } : {}),
      workDir,
      source,
    })
  }
  return { file, catalog, layer, metadata, styled: style !== undefined, values, lang, progress }
}

export const publishCommand: Command = {
  usage,
  async run(argv) {
    // The vector writer's spill and data file (moved into the catalog on commit): any size in bounded memory.
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-publish-'))
    let prepared: PreparedLayer
    let committed: Awaited<ReturnType<typeof commitLayer>>
    try {
      prepared = await preparePublish(argv, workDir)
      const { catalog, layer, styled, progress } = prepared
      progress('updating the catalog')
      committed = await withCatalogLock(catalog, async () => commitLayer(catalog, styled ? layer : await withDefaultStyle(catalog, layer))).catch((e: unknown) => {
        throw e instanceof OutputCheckError ? new InputError(prepared.file, e.message) : e
      })
      progress('finished')
    } finally {
      await fs.rm(workDir, { recursive: true, force: true })
    }
    const { file, catalog, layer, metadata, values, lang } = prepared
    const { outcome, entry, warnings } = committed
    for (const w of warnings) console.error(`warning: ${w}`)
    if (entry.kind === 'service' || !entry.quality) throw new Error('publish wrote a service entry') // never: publish writes files
    const summary = publishSummary(entry.quality, { file, catalog, ...(values.meta ? { meta: values.meta } : {}) }, lang)
    if (values.json) console.log(JSON.stringify({ outcome, entry, quality: layer.document.quality, summary }))
    else {
      console.log(outcomeLine(outcome, entry, catalog, lang))
      const personal = 'personalData' in layer.document.quality ? layer.document.quality.personalData : undefined
      if (personal?.length) {
        const found = personal.map((p) => `${p.column} (${p.kind}, ${p.count})`).join(', ')
        console.log(`personal data recorded in layer.json: ${found}; access ${metadata.access}, personalData: ${metadata.personalData ?? 'not classified'}`)
      }
      for (const line of formatPublishSummary(summary, layer.document.quality, lang)) console.log(line)
    }
    return 0
  },
}
