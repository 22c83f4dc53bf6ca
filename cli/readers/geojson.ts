// GeoJSON input. RFC 7946 says lon/lat WGS84; older files may carry a "crs" member, which we honour.
import { normaliseCrs } from '../../src/projection/registry.ts'
import type { Geometry } from '../../src/projection/geometry.ts'
import { columnsFromFeatures, type Scalar, type VectorData, type VectorFeature } from '../vector/model.ts'
import { InputError } from './errors.ts'

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])

export function readGeoJson(text: string, file: string): VectorData {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw new InputError(file, `is not valid JSON (${(e as Error).message})`)
  }
  if (typeof doc !== 'object' || doc === null) throw new InputError(file, 'is not a GeoJSON object')
  const d = doc as Record<string, unknown>
  let raw: unknown[]
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) throw new InputError(file, 'FeatureCollection has no "features" list')
    raw = d.features
  } else if (d.type === 'Feature') raw = [d]
  else if (typeof d.type === 'string' && GEOMETRY_TYPES.has(d.type)) raw = [{ type: 'Feature', geometry: d, properties: {} }]
  else throw new InputError(file, `is not GeoJSON (type ${JSON.stringify(d.type)})`)

  let crs: string | null = 'EPSG:4326'
  let crsDeclared = false
  const crsMember = d.crs as { properties?: { name?: string } } | undefined
  if (crsMember?.properties?.name) {
    crs = normaliseCrs(crsMember.properties.name)
    if (!crs) throw new InputError(file, `declares an unknown CRS "${crsMember.properties.name}"; use e.g. "EPSG:25832"`)
    crsDeclared = true
  }
  const features: VectorFeature[] = raw.map((f, i) => {
    const feat = f as { type?: string; geometry?: unknown; properties?: unknown }
    if (feat?.type !== 'Feature') throw new InputError(file, `feature ${i} is not a GeoJSON Feature`)
    const g = feat.geometry as Geometry | null
    if (g !== null && (typeof g !== 'object' || !GEOMETRY_TYPES.has(g?.type))) {
      throw new InputError(file, `feature ${i} has an invalid geometry`)
    }
    const props = feat.properties
    return {
      geometry: g,
      properties: (typeof props === 'object' && props !== null ? props : {}) as Record<string, Scalar>,
    }
  })
  return { crs, crsDeclared, columns: columnsFromFeatures(features), features }
}
