// The layers the portal opens with when the share link names none.
import { defaultLayerOrder, type Catalog } from '../model/catalog.ts'

/**
 * At most this many layers start: each one costs requests (and, for rasters, warping) on every phone that opens
 * the portal, and a catalog of 10,000 layers all switched on hung the tab (issue #20).
 */
export const MAX_START_LAYERS = 20

/**
 * The catalog's start layers, bottom to top: the entries marked `visible: true` (the first MAX_START_LAYERS in
 * draw order). A catalog that marks none — the demo and every catalog published before the mark existed; the
 * publisher does not write it — starts with all its layers when it has at most MAX_START_LAYERS (as before), and
 * with none when it is larger (unmarked service layers never start): which 20 of thousands would be an arbitrary choice, so the layer list and its
 * search are where the visitor picks.
 */
export function startLayers(c: Catalog): string[] {
  // External services (WMS/WMTS) start only when marked: a first view should ask no other origin unasked.
  const external = new Set(c.layers.filter((l) => l.kind === 'service' && l.visible !== true).map((l) => l.id))
  const order = defaultLayerOrder(c).filter((id) => !external.has(id))
  const marked = new Set(c.layers.filter((l) => l.visible === true).map((l) => l.id))
  if (marked.size) return order.filter((id) => marked.has(id)).slice(0, MAX_START_LAYERS)
  return order.length <= MAX_START_LAYERS ? order : []
}
