// What every catalog entry repeats from the metadata, so the portal can filter and draw without layer.json.
import { ENTRY_DESCRIPTION_CHARS, type BBox, type LayerDocument, type LayerEntry } from '../../src/model/catalog.ts'
import { missingRecommended, type LayerMetadata } from '../../src/model/metadata.ts'
import { qualitySummary } from '../../src/quality/grade.ts'
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

/** Attribute names kept in the entry, enough for search; the full list is in layer.json. */
const ENTRY_ATTRIBUTES = 60

/** What the entry repeats of layer.json for search, facets and the quality dashboard (see LayerBase). */
export function entrySummary(doc: Pick<LayerDocument, 'metadata' | 'quality' | 'attributes'>): Partial<LayerEntry> {
  const m = doc.metadata
  const description = m.description?.trim()
  return {
    ...(description ? { description: description.length > ENTRY_DESCRIPTION_CHARS ? `${description.slice(0, ENTRY_DESCRIPTION_CHARS - 1).trimEnd()}…` : description } : {}),
    ...(m.keywords?.length ? { keywords: m.keywords } : {}),
    ...(m.department ? { department: m.department } : {}),
    ...(m.license ? { license: m.license } : {}),
    ...(doc.attributes?.length ? { attributeNames: doc.attributes.slice(0, ENTRY_ATTRIBUTES) } : {}),
    quality: qualitySummary(doc.quality.findings, missingRecommended(m)),
  }
}

/** The EPSG:25832 extent in lon/lat, rounded to ~1 cm so identical input gives an identical catalog. */
export function lonLatExtent(bbox: BBox, projections: Projections): BBox {
  return transformBBox(bbox, projections.forward(WORK_CRS, 'EPSG:4326')).map((v) => Math.round(v * 1e7) / 1e7) as BBox
}

/** Features the portal should stream for one view at most (the view plus its loading margin). */
export const VIEW_FEATURE_BUDGET = 30_000

/**
 * The lowest zoom at which a typical view (1280×800 px, plus the 25 % loading margin on each side) holds no
 * more than VIEW_FEATURE_BUDGET features, assuming even density over the layer's extent; undefined when the
 * whole layer fits. Dense clusters are still capped by the portal's per-request limit.
 */
export function suggestedMinZoom(featureCount: number, bbox: BBox, lat: number): number | undefined {
  if (featureCount <= VIEW_FEATURE_BUDGET) return undefined
  const area = Math.max(1, (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]))
  const viewArea = (VIEW_FEATURE_BUDGET * area) / (2.25 * featureCount)
  const metresPerPixel = Math.sqrt(viewArea / (1280 * 800))
  const z = Math.log2((40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * metresPerPixel))
  return z > 0 ? Math.ceil(z * 2) / 2 : undefined
}
