// What every catalog entry repeats from the metadata, so the portal can filter and draw without layer.json.
import type { BBox } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import { transformBBox } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'

export function pickEntryMeta(m: LayerMetadata) {
  return {
    ...(m.category ? { category: m.category } : {}),
    ...(m.attribution ? { attribution: m.attribution } : {}),
    ...(m.updateFrequency ? { updateFrequency: m.updateFrequency } : {}),
    ...(m.lastUpdate ? { lastUpdate: m.lastUpdate } : {}),
    ...(m.demo ? { demo: true } : {}),
  }
}

/** The EPSG:25832 extent in lon/lat, rounded to ~1 cm so identical input gives an identical catalog. */
export function lonLatExtent(bbox: BBox, projections: Projections): BBox {
  return transformBBox(bbox, projections.forward(WORK_CRS, 'EPSG:4326')).map((v) => Math.round(v * 1e7) / 1e7) as BBox
}
