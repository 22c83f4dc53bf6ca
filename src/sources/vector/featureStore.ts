// The loaded features of one vector layer, kept across map moves (pure). A move asks plan() for the cells it
// lacks; the load's result goes through merge(), which keeps each feature once (by its id, the position in the
// file) and says which features are new, so the map adds only those (GeoJSONSource.updateData) instead of
// replacing its whole source.
import type { BBox } from '../../model/catalog.ts'
import type { Geometry } from '../../projection/geometry.ts'
import { CellCoverage, cellRects, type Cell } from './cells.ts'
import type { LoadResult, VectorFeatureOut } from './fgbSource.ts'

export interface StoredFeature {
  geometry: Geometry
  properties: Record<string, unknown>
  /** Label point (lon/lat) of a polygon, computed in the worker. */
  label?: [number, number] | null
}

/** Up to this many boxes per load; more missing runs are read as their common box (one index search each). */
const MAX_RECTS = 3

export interface LoadPlan {
  cells: Cell[]
  rects: BBox[]
}

export interface Merged {
  /** Features not loaded before (all of them after a reset). */
  added: (VectorFeatureOut & { label?: [number, number] | null })[]
  /** The store was emptied first: the map's source must be replaced, not added to. */
  reset: boolean
}

export class FeatureStore {
  readonly features = new Map<number, StoredFeature>()
  private readonly coverage = new CellCoverage()

  /** maxKept: past this many features, a load replaces what is kept (memory stays bounded on long sessions). */
  constructor(private readonly maxKept = 100_000) {}

  /** What a view (EPSG:25832 box) still needs, or null when loaded cells cover it. */
  plan(view: BBox): LoadPlan | null {
    const cells = this.coverage.missing(view)
    if (!cells.length) return null
    let rects = cellRects(cells)
    if (rects.length > MAX_RECTS) rects = [[Math.min(...rects.map((r) => r[0])), Math.min(...rects.map((r) => r[1])), Math.max(...rects.map((r) => r[2])), Math.max(...rects.map((r) => r[3]))]]
    return { cells, rects }
  }

  /**
   * Takes a load's result for a plan's cells. A truncated load (more features than one load may bring) covers
   * nothing and replaces what is kept: the next move loads again rather than trusting a partial area.
   */
  merge(plan: LoadPlan, r: LoadResult): Merged {
    const reset = r.truncated || this.features.size + r.features.length > this.maxKept
    if (reset) this.clear()
    const added: Merged['added'] = []
    r.features.forEach((f, i) => {
      if (this.features.has(f.id)) return
      const label = r.labels?.[i]
      this.features.set(f.id, { geometry: f.geometry, properties: f.properties, ...(label !== undefined ? { label } : {}) })
      added.push(label !== undefined ? { ...f, label } : f)
    })
    if (!r.truncated) this.coverage.add(plan.cells)
    return { added, reset }
  }

  clear(): void {
    this.features.clear()
    this.coverage.clear()
  }
}
