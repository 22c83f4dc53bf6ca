// A parsed coordinate to lon/lat (WGS84) through the registry: UTM 32 directly, Gauss-Krüger once the BeTA2007
// grid is loaded (the caller loads it on demand: it is a file of its own, not part of the first view).
import type { Projections } from '../../projection/registry.ts'
import type { ParsedCoordinate } from './parse.ts'

/** The EPSG code a parsed coordinate is in. */
export function crsOf(c: ParsedCoordinate): string {
  if (c.kind === 'latlon') return 'EPSG:4326'
  if (c.kind === 'utm') return 'EPSG:25832'
  return c.zone === 2 ? 'EPSG:31466' : 'EPSG:31467'
}

/** Whether converting needs the BeTA2007 grid that is not loaded yet. */
export const needsGrid = (c: ParsedCoordinate, projections: Projections) => c.kind === 'gk' && !projections.has(crsOf(c))

/** [lon, lat] rounded to ~1 cm; throws when the registry cannot convert (Gauss-Krüger without the grid). */
export function toLonLat(c: ParsedCoordinate, projections: Projections): [number, number] {
  const r7 = (v: number) => Math.round(v * 1e7) / 1e7
  if (c.kind === 'latlon') return [r7(c.lon), r7(c.lat)]
  const [lon, lat] = projections.forward(crsOf(c), 'EPSG:4326')([c.easting, c.northing])
  return [r7(lon), r7(lat)]
}
