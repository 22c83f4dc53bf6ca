// The quality measurement's side of the publishing pass, shared by the pass itself and the checks thread.
import type { BBox } from '../../../src/model/catalog.ts'
import { geometryBBox } from '../../../src/projection/geometry.ts'
import type { VectorFeature } from '../../vector/model.ts'

/**
 * The feature's extent; an empty geometry (a Polygon with no rings, found by fuzzing: it stopped the FlatGeobuf
 * writer) becomes none, as the pass publishes it.
 */
export function drawnBBox(f: VectorFeature): BBox | null {
  const bbox = f.geometry && geometryBBox(f.geometry)
  if (!bbox) f.geometry = null
  return bbox
}

/** Where the features went in the published file: drawn ones along the spatial index, then those without geometry. */
export interface FileOrder {
  /** Position in the file → index among the drawn features. */
  order: Uint32Array
  /** Index among the drawn features → index as read (null while every feature was drawn). */
  drawnIndex: Uint32Array | null
  /** Indices as read of the features without geometry. */
  undrawn: number[]
}

/** `at(p)`: the index, as read, of the feature at position p of the published file (VectorQualityScan.report). */
export function positionsOf({ order, drawnIndex, undrawn }: FileOrder): (p: number) => number {
  const drawn = order.length
  return (p) => (p < drawn ? (drawnIndex ? drawnIndex[order[p]] : order[p]) : undrawn[p - drawn])
}

