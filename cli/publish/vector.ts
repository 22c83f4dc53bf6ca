// Vector publishing: reproject to EPSG:25832, measure quality, write indexed FlatGeobuf.
import type { BBox, VectorLayerEntry, VectorStyle } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import { transformGeometry } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import { vectorQuality } from '../../src/quality/vector.ts'
import { InputError } from '../readers/errors.ts'
import type { LayerFiles } from '../catalog/store.ts'
import type { VectorData } from '../vector/model.ts'
import { writeFlatGeobuf } from '../writers/flatgeobuf.ts'
import { lonLatExtent, pickEntryMeta } from './entry.ts'

export interface VectorPublishOptions {
  id: string
  file: string
  metadata: LayerMetadata
  style: VectorStyle
  projections: Projections
  /** Expected area (EPSG:25832) for the "outside" check. */
  extent?: BBox
}

export function missingCrsMessage(): string {
  return 'declares no coordinate reference system; state it with --crs EPSG:25832 (or 4326, 25833, 31466, 31467)'
}

export function prepareVectorLayer(data: VectorData, opts: VectorPublishOptions): LayerFiles {
  const { projections, metadata, id } = opts
  if (!data.crs) throw new InputError(opts.file, missingCrsMessage())
  if (!projections.has(data.crs)) {
    throw new InputError(opts.file, `uses ${data.crs}, which is not supported; supported: ${projections.supported().join(', ')}`)
  }
  const toWork = projections.forward(data.crs, WORK_CRS)
  // Features without geometry cannot be drawn or indexed: they are counted in the quality report, not published.
  const features = data.features
  for (const f of features) if (f.geometry) transformGeometry(f.geometry, toWork)
  const quality = vectorQuality({
    features,
    attributeNames: data.columns.map((c) => c.name),
    metadata,
    sourceCrs: data.crs,
    extent: opts.extent,
  })
  const drawable = features.filter((f) => f.geometry && quality.bbox)
  if (!drawable.length || !quality.bbox) throw new InputError(opts.file, 'contains no features with geometry')
  const columns = data.columns.map((c) => ({
    ...c,
    ...(metadata.attributes?.[c.name]?.title ? { title: metadata.attributes[c.name].title } : {}),
    ...(metadata.attributes?.[c.name]?.description ? { description: metadata.attributes[c.name].description } : {}),
  }))
  const bytes = writeFlatGeobuf(drawable, { columns, crsCode: 25832, title: metadata.title, description: metadata.description })
  const bbox = quality.bbox
  const types = Object.keys(quality.geometryTypes)
  const entry: Omit<VectorLayerEntry, 'href' | 'metaHref'> = {
    id,
    title: metadata.title,
    kind: 'vector',
    bbox,
    bbox4326: lonLatExtent(bbox, projections),
    access: metadata.access,
    geometryType: types.length === 1 ? types[0] : 'Mixed',
    featureCount: drawable.length,
    style: opts.style,
    bytes: bytes.length,
    ...pickEntryMeta(metadata),
  }
  return {
    entry,
    dataFile: { name: `${id}.fgb`, bytes },
    document: { id, kind: 'vector', metadata, quality, attributes: columns.map((c) => c.name) },
  }
}
