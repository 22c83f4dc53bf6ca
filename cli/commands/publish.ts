import { promises as fs } from 'node:fs'
import path from 'node:path'
import { LAYER_ID, type BBox, type RasterStyle, type VectorStyle } from '../../src/model/catalog.ts'
import { validateMetadata, ACCESS_LEVELS } from '../../src/model/metadata.ts'
import { normaliseCrs, Projections } from '../../src/projection/registry.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { commitLayer, withCatalogLock } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import { readFlatGeobuf } from '../readers/flatgeobuf.ts'
import { readGeoJson } from '../readers/geojson.ts'
import { prepareRasterLayer } from '../publish/raster.ts'
import { defaultVectorStyle, parseStyle } from '../publish/style.ts'
import { prepareVectorLayer } from '../publish/vector.ts'
import type { VectorData } from '../vector/model.ts'

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
  --extent <bbox>    expected area "minE,minN,maxE,maxN" in EPSG:25832, for the "outside" quality check
  --json             print the result as JSON
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
} as const

async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch {
    throw new InputError(file, 'cannot be read')
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new InputError(file, `is not valid JSON (${(e as Error).message})`)
  }
}

function parseExtent(s: string): BBox {
  const v = s.split(',').map(Number)
  if (v.length !== 4 || v.some((n) => !Number.isFinite(n)) || v[0] >= v[2] || v[1] >= v[3]) {
    throw new UsageError(`--extent must be "minE,minN,maxE,maxN" in EPSG:25832, got "${s}"`)
  }
  return v as BBox
}

export async function loadProjections(): Promise<Projections> {
  const projections = new Projections()
  // Gauss-Krüger input needs BeTA2007; Debian's proj-data ships it. Without it, 31466/31467 are refused clearly.
  const grid = process.env.GEOPORTAL_BETA2007 ?? '/usr/share/proj/BETA2007.gsb'
  try {
    const b = await fs.readFile(grid)
    projections.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  } catch {
    // Not fatal: only Gauss-Krüger input needs it.
  }
  return projections
}

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
    const rawMeta = values.meta ? await readJson(values.meta) : {}
    if (typeof rawMeta !== 'object' || rawMeta === null) throw new InputError(values.meta!, 'must contain a JSON object')
    const metadata = validateMetadata(
      {
        ...rawMeta,
        ...(values.title ? { title: values.title } : {}),
        ...(values.access ? { access: values.access } : {}),
      },
      values.meta ?? 'metadata',
    )
    const ext = path.extname(file).toLowerCase()
    const kind = ext === '.tif' || ext === '.tiff' ? 'raster' : 'vector'
    const style = values.style ? parseStyle(await readJson(values.style), kind, values.style) : undefined
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await fs.readFile(file))
    } catch {
      throw new InputError(file, 'cannot be read (does it exist?)')
    }
    const projections = await loadProjections()
    let layer
    if (kind === 'raster') {
      layer = await prepareRasterLayer(bytes, { id, file, metadata, style: style as RasterStyle | undefined, projections })
    } else {
      let data: VectorData
      if (ext === '.geojson' || ext === '.json') data = readGeoJson(new TextDecoder().decode(bytes), file)
      else if (ext === '.fgb') data = await readFlatGeobuf(bytes, file)
      else throw new InputError(file, `has an unsupported format "${ext || '(no extension)'}"; use GeoJSON, FlatGeobuf or GeoTIFF`)
      if (values.crs) {
        const crs = normaliseCrs(values.crs)
        if (!crs) throw new UsageError(`--crs "${values.crs}" is not an EPSG code`)
        if (data.crs && data.crs !== crs && !(data.crs === 'EPSG:4326' && ext !== '.fgb')) {
          throw new InputError(file, `declares ${data.crs} but --crs says ${crs}`)
        }
        data.crs = crs
      }
      layer = prepareVectorLayer(data, {
        id,
        file,
        metadata,
        style: (style as VectorStyle | undefined) ?? defaultVectorStyle(id),
        projections,
        ...(values.extent ? { extent: parseExtent(values.extent) } : {}),
      })
    }
    const { outcome, entry } = await withCatalogLock(catalog, () => commitLayer(catalog, layer))
    if (values.json) console.log(JSON.stringify({ outcome, entry, quality: layer.document.quality }))
    else {
      const count = entry.kind === 'vector' ? `${entry.featureCount} features` : `${entry.width}×${entry.height} pixels`
      console.log(`${outcome}: ${id} (${count}, ${entry.bytes} bytes) in ${catalog}`)
    }
    return 0
  },
}
