import { LAYER_ID, type RasterStyle, type VectorStyle } from '../../src/model/catalog.ts'
import { ACCESS_LEVELS, validateMetadata } from '../../src/model/metadata.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { commitLayer, withCatalogLock } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { resolveArea } from '../publish/extent.ts'
import { inputKind, loadProjections, readBytes, readJsonFile, readVectorInput } from '../publish/input.ts'
import { prepareRasterLayer } from '../publish/raster.ts'
import { defaultVectorStyle, parseStyle } from '../publish/style.ts'
import { prepareVectorLayer } from '../publish/vector.ts'
import { progressReporter } from '../progress.ts'
const usage = `Usage: geoportal publish <file> --catalog <dir> --id <id> --title <title> [options]

Converts <file> to web-ready EPSG:25832 (FlatGeobuf with spatial index, or Cloud-Optimized GeoTIFF),
measures its quality and adds it to the catalog. On any error the catalog stays as it was.

Inputs: GeoJSON (.geojson/.json), FlatGeobuf (.fgb), GeoTIFF (.tif/.tiff).

Options:
  --catalog <dir>    catalog folder (created if missing)
  --id <id>          layer id: lowercase letters, digits, - and _
  --title <title>    layer title (overrides the metadata file)
  --meta <file>      metadata JSON (see docs/metadata.md); fields not given are reported as missing
  --style <file>     style JSON (see docs/catalog-format.md)
  --access <level>   public (default) or internal
  --crs <EPSG:code>  CRS of the input when the file does not declare one
  --extent <area>    expected area for the "outside" quality check: "minE,minN,maxE,maxN" in EPSG:25832,
                     or a vector file with the area's polygons (e.g. the city boundary)
  --json             print the result as JSON
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
  extent: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
} as const

export const publishCommand: Command = {
  summary: 'convert a file, measure its quality and add it to a catalog',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, options, usage)
    if (positionals.length !== 1) throw new UsageError(`expected one input file\n${usage}`)
    const file = positionals[0]
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
    const progress = progressReporter(values.progress ?? process.stderr.isTTY === true)
    const kind = inputKind(file)
    const style = values.style ? parseStyle(await readJsonFile(values.style), kind, values.style) : undefined
    const projections = await loadProjections()
    let layer
    if (kind === 'raster') {
      layer = await prepareRasterLayer(await readBytes(file), { id, file, metadata, style: style as RasterStyle | undefined, projections })
    } else {
      progress(`reading ${file}`)
      const data = await readVectorInput(file, { crs: values.crs })
      layer = prepareVectorLayer(data, {
        id,
        file,
        metadata,
        style: (style as VectorStyle | undefined) ?? defaultVectorStyle(id),
        projections,
        progress,
        ...(values.extent ? { area: await resolveArea(values.extent, projections) } : {}),
      })
    }
    progress('updating the catalog')
    const { outcome, entry } = await withCatalogLock(catalog, () => commitLayer(catalog, layer))
    progress('finished')
    if (values.json) console.log(JSON.stringify({ outcome, entry, quality: layer.document.quality }))
    else {
      const count = entry.kind === 'vector' ? `${entry.featureCount} features` : `${entry.width}×${entry.height} pixels`
      console.log(`${outcome}: ${id} (${count}, ${entry.bytes} bytes) in ${catalog}`)
    }
    return 0
  },
}
