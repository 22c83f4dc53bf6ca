// The pages of an identify answer (issue #15): every hit is one page — a vector feature, a raster layer's value,
// a service's GetFeatureInfo answer — topmost layer first, as the map draws them. Pure.
import type { FeatureHit, RasterValue } from '../../map/MapController.ts'

export type InfoPage = { kind: 'feature'; layerId: string; hit: FeatureHit } | { kind: 'raster'; layerId: string; value: RasterValue }

/** drawOrder: the layers on the map, bottom to top. A layer not in it (removed meanwhile) goes last. */
export function infoPages(hits: FeatureHit[], rasterValues: RasterValue[], drawOrder: readonly string[]): InfoPage[] {
  const rank = (id: string) => {
    const i = drawOrder.indexOf(id)
    return i < 0 ? Infinity : drawOrder.length - 1 - i
  }
  const pages: InfoPage[] = [
    ...hits.map((hit) => ({ kind: 'feature' as const, layerId: hit.layerId, hit })),
    ...rasterValues.map((value) => ({ kind: 'raster' as const, layerId: value.layerId, value })),
  ]
  // Array.prototype.sort is stable: features of one layer keep the map's order.
  return pages.sort((a, b) => rank(a.layerId) - rank(b.layerId))
}
