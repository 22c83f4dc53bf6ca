// The layers the portal opens with when the share link names none.
import { defaultLayerOrder, MAX_START_LAYERS, type Catalog } from '../model/catalog.ts'

export { MAX_START_LAYERS }

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
