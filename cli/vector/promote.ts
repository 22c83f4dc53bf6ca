// Polygon and MultiPolygon (likewise lines, points) in one layer are ordinary: Shapefile and GeoPackage exports
// write a single part as Polygon and several as MultiPolygon. Such a layer is published as one Multi type, so the
// FlatGeobuf header names one geometry type (QGIS, ogrinfo) and the quality report has nothing to warn about.
import type { Geometry } from '../../src/projection/geometry.ts'
import type { VectorFeature } from './model.ts'

const MULTI: Record<string, string> = { Point: 'MultiPoint', LineString: 'MultiLineString', Polygon: 'MultiPolygon' }

/** The one Multi type a set of geometry types promotes to (e.g. Polygon + MultiPolygon), or null when they differ in kind. */
export function multiTypeOf(types: Iterable<string>): string | null {
  const kinds = new Set([...types].map((t) => t.replace(/^Multi/, '')))
  if (kinds.size !== 1) return null
  const multi = MULTI[[...kinds][0]]
  return multi ?? null
}

/**
 * Turns the single-part geometries into their Multi form when the layer mixes single and multi parts of one
 * kind; anything else (one type only, or points with polygons) stays as it is. Returns the promoted count.
 */
export function promoteToMulti(features: VectorFeature[]): number {
  const types = new Set<string>()
  for (const f of features) if (f.geometry) types.add(f.geometry.type)
  if (types.size < 2) return 0
  const multi = multiTypeOf(types)
  if (!multi) return 0
  let promoted = 0
  for (const f of features) {
    const g = f.geometry
    if (!g || g.type === multi) continue
    f.geometry = promoteGeometry(g, multi)
    promoted++
  }
  return promoted
}

/** A single-part geometry as its Multi form (the caller knows `multi` is its kind's Multi type). */
export function promoteGeometry(g: Geometry, multi: string): Geometry {
  return g.type === multi ? g : ({ type: multi, coordinates: [(g as { coordinates: unknown }).coordinates] } as Geometry)
}
