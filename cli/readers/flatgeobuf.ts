// FlatGeobuf input (e.g. from QGIS/ogr2ogr). The header's CRS is taken as declared.
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { Geometry } from '../../src/projection/geometry.ts'
import type { Column, Scalar, VectorData, VectorFeature } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { checkFlatGeobufHeader } from '../../src/sources/vector/fgbHeader.ts'

export async function readFlatGeobuf(bytes: Uint8Array, file: string): Promise<VectorData> {
  const problem = checkFlatGeobufHeader(bytes, bytes.length)
  if (problem) throw new InputError(file, problem)
  let header: HeaderMeta | null = null
  const features: VectorFeature[] = []
  try {
    for await (const f of deserialize(bytes, { headerMetaFn: (h: HeaderMeta) => (header = h) } as never)) {
      const feat = f as { geometry: Geometry | null; properties?: Record<string, Scalar> }
      features.push({ geometry: feat.geometry ?? null, properties: { ...(feat.properties ?? {}) } })
    }
  } catch (e) {
    throw new InputError(file, `is a damaged FlatGeobuf file (${(e as Error).message})`)
  }
  const h = header as HeaderMeta | null
  if (!h) throw new InputError(file, 'has no FlatGeobuf header')
  if (features.length !== h.featuresCount) {
    throw new InputError(file, `is truncated: header announces ${h.featuresCount} features, ${features.length} read`)
  }
  const code = h.crs?.code
  const columns: Column[] = (h.columns ?? []).map((c) => ({
    name: c.name,
    type: c.type,
    ...(c.title ? { title: c.title } : {}),
    ...(c.description ? { description: c.description } : {}),
  }))
  return { crs: code ? `EPSG:${code}` : null, columns, features }
}
