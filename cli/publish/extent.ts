// The expected area for the "outside" check: a bbox "minE,minN,maxE,maxN" (EPSG:25832) or a vector file
// (e.g. the city boundary) whose polygons are the area.
import { existsSync } from 'node:fs'
import type { BBox } from '../../src/model/catalog.ts'
import { geometryBBox, transformGeometry, unionBBox, type Geometry } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import type { ExpectedArea } from '../../src/quality/vector.ts'
import { UsageError } from '../args.ts'
import { readVectorInput } from './input.ts'
import { readCatalog } from '../catalog/store.ts'
import { DEFAULT_AREA, type PlacementArea } from './plausible.ts'

export function parseBBox(s: string): BBox | null {
  const v = s.split(',').map(Number)
  if (v.length !== 4 || v.some((n) => !Number.isFinite(n)) || v[0] >= v[2] || v[1] >= v[3]) return null
  return v as BBox
}

export async function resolveArea(arg: string, projections: Projections): Promise<ExpectedArea> {
  const bbox = parseBBox(arg)
  if (bbox) return { bbox }
  if (!existsSync(arg)) throw new UsageError(`--extent must be "minE,minN,maxE,maxN" in EPSG:25832 or a vector file, got "${arg}"`)
  const data = await readVectorInput(arg)
  if (!data.crs) throw new UsageError(`--extent file ${arg} declares no CRS`)
  const conv = projections.forward(data.crs, WORK_CRS)
  const polygons: Geometry[] = []
  let box: BBox | null = null
  for (const f of data.features) {
    if (!f.geometry || !/Polygon$/.test(f.geometry.type)) continue
    transformGeometry(f.geometry, conv)
    polygons.push(f.geometry)
    box = unionBBox(box, geometryBBox(f.geometry))
  }
  if (!box) throw new UsageError(`--extent file ${arg} contains no polygons`)
  return polygonArea(box, polygons)
}

/** The area of these polygons (EPSG:25832), `box` their extent. */
export async function polygonArea(box: BBox, polygons: Geometry[]): Promise<ExpectedArea> {
  // Turf is large; load it only when an area file is used.
  const { booleanIntersects } = await import('@turf/turf')
  return {
    bbox: box,
    intersects: (g) => polygons.some((p) => booleanIntersects(g as never, p as never)),
    polygons,
  }
}

/**
 * The area a layer must touch to be published: --extent when given, else the catalog's `expectedArea`, else
 * Kreis Soest with a margin.
 */
export async function placementArea(extent: ExpectedArea | undefined, catalogDir?: string): Promise<PlacementArea> {
  if (extent) return { bbox: extent.bbox, name: '--extent' }
  if (catalogDir) {
    const configured = (await readCatalog(catalogDir)).expectedArea
    if (configured) return { bbox: configured, name: 'expectedArea in catalog.json' }
  }
  return DEFAULT_AREA
}
