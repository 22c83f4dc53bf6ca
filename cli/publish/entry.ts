// What every catalog entry repeats from the metadata, so the portal can filter and draw without layer.json.
import { ENTRY_DESCRIPTION_CHARS, type BBox, type LayerDocument, type LayerEntry } from '../../src/model/catalog.ts'
import { SEARCH_MANIFEST } from '../../src/model/addresses.ts'
import { PLACES_FILE } from '../../src/model/places.ts'
import { missingRecommended, type LayerMetadata } from '../../src/model/metadata.ts'
import { qualitySummary } from '../../src/quality/grade.ts'
import { transformBBox } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'

/** What a publisher gives for its layer's entry: the shared part comes from id, metadata and extent. */
export interface EntryParts<K extends LayerEntry['kind'], F extends object, L extends object = {}, T extends object = {}> {
  id: string
  kind: K
  metadata: LayerMetadata
  extent: { bbox: BBox; bbox4326: BBox }
  /** The kind's own fields (after `access`). */
  fields: F
  /** A service's fields before the extent and its style after the metadata fields (see layerEntry). */
  lead?: L
  tail?: T
}

/**
 * The one place a layer's catalog entry is assembled (before the commit adds the summary and the links, see
 * committedEntry). Key order is part of the catalog's bytes, so it is fixed here: id, title, kind, [lead], bbox,
 * bbox4326, access, [fields], the metadata facets, [tail] — service entries have always carried their service
 * fields before the extent and their style last, files-backed layers their fields after `access`.
 */
export function layerEntry<K extends LayerEntry['kind'], F extends object, L extends object = {}, T extends object = {}>(p: EntryParts<K, F, L, T>) {
  return {
    id: p.id,
    title: p.metadata.title,
    kind: p.kind,
    ...(p.lead as L),
    bbox: p.extent.bbox,
    bbox4326: p.extent.bbox4326,
    access: p.metadata.access,
    ...p.fields,
    ...pickEntryMeta(p.metadata),
    ...(p.tail as T),
  }
}

/** What the commit knows beyond the publisher's entry: the version folder and which files it holds. */
export interface CommittedParts {
  entry: Omit<LayerEntry, 'href' | 'metaHref'>
  document: Pick<LayerDocument, 'metadata' | 'quality' | 'attributes'>
  /** layers/<id>/<version> */
  rel: string
  dataFile?: string
  places?: boolean
  search?: boolean
  /** The officer's start mark of the entry this one replaces (geoportal start): a new version keeps it. */
  visible?: boolean
}

/** The entry as the catalog holds it: the publisher's entry, the summary of layer.json, the links to the files. */
export function committedEntry(p: CommittedParts): LayerEntry {
  return {
    ...p.entry,
    ...entrySummary(p.document),
    ...(p.dataFile ? { href: `${p.rel}/${p.dataFile}` } : {}),
    metaHref: `${p.rel}/layer.json`,
    ...(p.places ? { placesHref: `${p.rel}/${PLACES_FILE}` } : {}),
    ...(p.search ? { searchHref: `${p.rel}/${SEARCH_MANIFEST}` } : {}),
    ...(p.visible ? { visible: true } : {}),
  } as LayerEntry
}

function pickEntryMeta(m: LayerMetadata) {
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
