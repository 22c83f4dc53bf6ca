// catalog.json: the index the portal reads first. Layer entries carry what the map needs to draw without
// further requests; the full metadata and quality report live in each layer's layer.json.
import type { AccessLevel, Category, LayerMetadata, UpdateFrequency } from './metadata.ts'
import { GRADES, type QualityReport, type QualitySummary, type RasterQualityReport } from './quality.ts'
import { parseBasemapSettings, type BasemapDefinition } from './basemap.ts'
import { serviceProblem, type ServiceLayerFields, type ServiceQualityReport } from './service.ts'

export type BBox = [number, number, number, number]

/**
 * The portal starts with at most this many layers; each one costs requests (and, for rasters, warping) on every phone that opens
 * the portal, and a catalog of 10,000 layers all switched on hung the tab (issue #20).
 */
export const MAX_START_LAYERS = 20

export interface VectorStyle {
  /** Fill (polygons), line colour or point colour, CSS hex; the colour of "other" values when classified. */
  color: string
  strokeColor?: string
  strokeWidth?: number
  opacity?: number
  radius?: number
  /** Attribute shown as label. */
  label?: string
  /** Categorised: a colour per attribute value. */
  categories?: { attribute: string; values: { value: string | number | boolean; color: string; label?: string }[] }
  /** Graduated: classes [breaks[i], breaks[i+1]) of a numeric attribute, one colour each. */
  classes?: { attribute: string; breaks: number[]; colors: string[] }
  /** Zoom range (MapLibre zoom levels) in which the layer is drawn. */
  minZoom?: number
  maxZoom?: number
}

/** One palette entry: stored index, CSS hex colour, optional label for legend and readout. */
export type PaletteEntry = [value: number, color: string, label?: string]

export interface RasterStyle {
  /**
   * How the bands are drawn: 'ramp' (default; band 1 through the colour ramp), 'rgb' (bands 1–3 are red, green,
   * blue; a 4th band is alpha) or 'palette' (band 1 holds indices, coloured by `palette`). The publisher takes
   * it from the file.
   */
  kind?: 'ramp' | 'rgb' | 'palette'
  /** palette only: the colour of each index that occurs; other indices are transparent. */
  palette?: PaletteEntry[]
  /**
   * Colour ramp stops [value, CSS hex], ascending by value. Always present, also for 'rgb' and 'palette' (there it
   * is the swatch in the layer list and what portals that predate `kind` draw).
   */
  ramp: [number, string][]
  /** Shade the colours by the relief (elevation models). */
  hillshade?: boolean
  /** bilinear (default) for continuous values; nearest for categories (land use classes …). */
  resampling?: 'bilinear' | 'nearest'
  opacity?: number
}

interface LayerBase {
  id: string
  title: string
  /** layer.json with metadata and quality report, relative to the catalog root. */
  metaHref: string
  /** Extent in EPSG:25832. */
  bbox: BBox
  /** Extent in lon/lat (EPSG:4326), for the map. */
  bbox4326: BBox
  access: AccessLevel
  category?: Category
  attribution?: string
  updateFrequency?: UpdateFrequency
  lastUpdate?: string
  demo?: boolean
  /** Shown when the portal opens without layers in the URL (set with `geoportal start`). */
  visible?: boolean
  // A summary of layer.json, so search, facets and the quality dashboard work for thousands of layers without
  // loading every layer.json. Written by the publisher; older catalogs may lack it.
  /** The description, shortened to ENTRY_DESCRIPTION_CHARS. */
  description?: string
  keywords?: string[]
  department?: string
  license?: string
  /** Attribute names (vector layers). */
  attributeNames?: string[]
  quality?: QualitySummary
}

export const ENTRY_DESCRIPTION_CHARS = 280

/** A layer with a data file in the catalog (vector and raster; not external services). */
interface FileLayerBase extends LayerBase {
  /** Data file, relative to the catalog root. */
  href: string
  bytes: number
}

export interface VectorLayerEntry extends FileLayerBase {
  kind: 'vector'
  geometryType: string
  featureCount: number
  style: VectorStyle
  /**
   * Below this zoom the view would hold too many features to stream: the portal shows a "zoom in" hint
   * instead of loading. Set at publish from the layer's density.
   */
  minZoom?: number
  /** Place search index (places.json, see src/model/places.ts), relative to the catalog root; only for layers
   * published with --searchable. */
  placesHref?: string
  /** Address/street index manifest (search.json, see src/model/addresses.ts), relative to the catalog root; its
   * shards search-<i>.json lie next to it. Only for layers published with --addresses or --streets. */
  searchHref?: string
}

export interface RasterLayerEntry extends FileLayerBase {
  kind: 'raster'
  width: number
  height: number
  /** 1 for values and palette images, 3 for RGB, 4 for RGBA (style.kind says how to draw them). */
  bands: number
  noData: number | null
  /** Value range from the file's statistics (RGB: over the three colour bands); physical values, see scale. */
  min: number
  max: number
  /**
   * Physical value = stored value × scale + offset (GDAL's band scale/offset, e.g. Int16 decimetres × 0.1 → metres).
   * The ramp's stops, min/max, the hillshade and the readout are physical. Absent: 1 and 0.
   */
  scale?: number
  offset?: number
  unit?: string
  style: RasterStyle
}

/** An external WMS / WMTS layer (src/model/service.ts): metadata in layer.json, no data file, no measured quality. */
export interface ServiceLayerEntry extends LayerBase, ServiceLayerFields {}

export type LayerEntry = VectorLayerEntry | RasterLayerEntry | ServiceLayerEntry
/** Layers whose data file is in the catalog. */
export type FileLayerEntry = VectorLayerEntry | RasterLayerEntry

export function hasDataFile(l: LayerEntry): l is FileLayerEntry {
  return l.kind !== 'service'
}

/** The single remote base map of catalogs before `basemaps` (read as a base map with id `legacy`). */
export interface BasemapConfig {
  /** A MapLibre style URL (e.g. basemap.de). Without it, the portal draws a plain background: no network request. */
  style?: string
  /** Or raster tile URL templates. */
  tiles?: string[]
  attribution?: string
}

export interface Catalog {
  version: 1
  title: string
  home?: { center: [number, number]; zoom: number }
  basemap?: BasemapConfig
  /** Base maps offered in the switcher (see model/basemap.ts); written by `geoportal basemap …`. */
  basemaps?: BasemapDefinition[]
  /** Shown when the share link names none; `none` for no base map. Default: the first of `basemaps`. */
  defaultBasemap?: string
  /** Remote base maps load only after the user agreed (remembered on the device). */
  remoteConsent?: boolean
  /** The contact named in the accessibility statement (#page=barrierefreiheit); filled in by the city. */
  accessibility?: { contact?: AccessibilityContact }
  /**
   * Where this catalog's layers are expected to lie, [minE, minN, maxE, maxN] in EPSG:25832: the publisher refuses
   * a vector layer that does not touch it (wrong CRS, swapped axes) unless told --allow-outside-area.
   * Default: Kreis Soest with a 25 km margin (cli/publish/plausible.ts).
   */
  expectedArea?: BBox
  layers: LayerEntry[]
}

export interface AccessibilityContact {
  name?: string
  email?: string
  phone?: string
}

/** layer.json: everything about one layer. */
export interface LayerDocument {
  id: string
  kind: 'vector' | 'raster' | 'service'
  metadata: LayerMetadata
  quality: QualityReport | RasterQualityReport | ServiceQualityReport
  /** Names of the files in the layer folder with their sizes and SHA-256. */
  files: { name: string; bytes: number; sha256: string }[]
  /** Attribute names in file order (vector). */
  attributes?: string[]
}

export const LAYER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/

export interface CatalogParseResult {
  catalog: Catalog
  /** Entries that could not be used, each with its reason; the rest of the catalog still works. */
  rejected: { id: string; reason: string }[]
}

function isBBox(v: unknown): v is BBox {
  return Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && Number.isFinite(n))
}

function layerProblem(l: Record<string, unknown>): string | null {
  if (typeof l.id !== 'string' || !LAYER_ID.test(l.id)) return 'invalid id'
  if (typeof l.title !== 'string') return 'missing title'
  if (l.kind !== 'vector' && l.kind !== 'raster' && l.kind !== 'service') return `unknown kind ${JSON.stringify(l.kind)}`
  for (const k of l.kind === 'service' ? (['metaHref'] as const) : (['href', 'metaHref'] as const)) {
    const v = l[k]
    // Relative paths inside the catalog only: a catalog must not point the portal at other origins.
    if (typeof v !== 'string' || v.includes('..') || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(v)) return `invalid ${k}`
  }
  // Place search (optional): the same rule as the other paths.
  const ph = l.placesHref
  if (ph !== undefined && (typeof ph !== 'string' || ph.includes('..') || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(ph))) return 'invalid placesHref'
  const sh = l.searchHref
  if (sh !== undefined && (typeof sh !== 'string' || sh.includes('..') || !sh.endsWith('/search.json') || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(sh))) return 'invalid searchHref'
  if (!isBBox(l.bbox) || !isBBox(l.bbox4326)) return 'invalid bbox'
  if (l.kind === 'service') return serviceProblem(l)
  if (typeof l.style !== 'object' || l.style === null) return 'missing style'
  if (l.kind === 'raster') return rasterProblem(l, l.style as RasterStyle)
  return null
}

const HEX = /^#[0-9a-fA-F]{6}$/

function rasterProblem(l: Record<string, unknown>, s: RasterStyle): string | null {
  if (!Array.isArray(s.ramp) || !s.ramp.every((r) => Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'string')) return 'raster style needs a ramp'
  const kind = s.kind ?? 'ramp'
  if (kind !== 'ramp' && kind !== 'rgb' && kind !== 'palette') return `unknown raster style kind ${JSON.stringify(s.kind)}`
  const bands = l.bands ?? 1
  if (typeof bands !== 'number' || !Number.isInteger(bands) || bands < 1) return 'invalid band count'
  if (kind === 'rgb' && bands !== 3 && bands !== 4) return `an RGB style needs 3 or 4 bands, not ${bands}`
  for (const k of ['scale', 'offset'] as const) if (l[k] !== undefined && !(typeof l[k] === 'number' && Number.isFinite(l[k]))) return `invalid ${k}`
  if (l.scale === 0) return 'invalid scale'
  if (kind === 'palette') {
    const p = s.palette
    const ok = Array.isArray(p) && p.length > 0 && p.every((e) => Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'string' && HEX.test(e[1]) && (e[2] === undefined || typeof e[2] === 'string'))
    if (!ok) return 'a palette style needs entries [value, "#rrggbb", label?]'
  }
  return null
}

/** Drops summary fields of the wrong type, so facets and the dashboard can trust their shapes. */
function withCleanSummary(l: Record<string, unknown>): Record<string, unknown> {
  const out = { ...l }
  for (const k of ['description', 'department', 'license'] as const) if (k in out && typeof out[k] !== 'string') delete out[k]
  for (const k of ['keywords', 'attributeNames'] as const) {
    if (k in out) {
      const v = out[k]
      if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string')
      else delete out[k]
    }
  }
  const q = out.quality as Record<string, unknown> | undefined
  if (q !== undefined) {
    const ok =
      typeof q === 'object' && q !== null && GRADES.includes(q.grade as never) && typeof q.errors === 'number' && typeof q.warnings === 'number' && Array.isArray(q.missingMetadata)
    if (ok) out.quality = { ...q, missingMetadata: (q.missingMetadata as unknown[]).filter((x) => typeof x === 'string') }
    else delete out.quality
  }
  return out
}

/** Parses untrusted catalog JSON. Throws only if the whole document is unusable. */
export function parseCatalog(json: unknown): CatalogParseResult {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as Catalog).layers)) {
    throw new Error('catalog.json: not a catalog (no "layers" list)')
  }
  const raw = json as Record<string, unknown>
  const rejected: CatalogParseResult['rejected'] = []
  const layers: LayerEntry[] = []
  const seen = new Set<string>()
  for (const l of raw.layers as Record<string, unknown>[]) {
    const id = typeof l?.id === 'string' ? l.id : '?'
    const problem = typeof l === 'object' && l !== null ? layerProblem(l) : 'not an object'
    if (problem) rejected.push({ id, reason: problem })
    else if (seen.has(id)) rejected.push({ id, reason: 'duplicate id' })
    else {
      seen.add(id)
      const clean = withCleanSummary(l)
      // A service entry without a style draws at full opacity; the rest of the code can rely on `style`.
      if (clean.kind === 'service' && clean.style === undefined) clean.style = {}
      layers.push(clean as unknown as LayerEntry)
    }
  }
  const catalog: Catalog = {
    version: 1,
    title: typeof raw.title === 'string' ? raw.title : 'Geoportal',
    layers,
  }
  if (raw.home && typeof raw.home === 'object') catalog.home = raw.home as Catalog['home']
  if (raw.basemap && typeof raw.basemap === 'object') catalog.basemap = raw.basemap as BasemapConfig
  if (isBBox(raw.expectedArea) && raw.expectedArea[0] < raw.expectedArea[2] && raw.expectedArea[1] < raw.expectedArea[3]) catalog.expectedArea = raw.expectedArea
  const bm = parseBasemapSettings(raw)
  rejected.push(...bm.rejected)
  if (bm.settings.basemaps.length) catalog.basemaps = bm.settings.basemaps
  if (bm.settings.defaultBasemap) catalog.defaultBasemap = bm.settings.defaultBasemap
  if (bm.settings.remoteConsent) catalog.remoteConsent = true
  // Accessibility contact: strings only (shown as text).
  const ac = (raw.accessibility as { contact?: Record<string, unknown> } | undefined)?.contact
  if (ac && typeof ac === 'object') {
    const contact: AccessibilityContact = {}
    for (const k of ['name', 'email', 'phone'] as const) if (typeof ac[k] === 'string' && ac[k]) contact[k] = ac[k]
    catalog.accessibility = { contact }
  }
  return { catalog, rejected }
}

/**
 * The order layers are drawn in by default, bottom to top: images (service layers, then rasters) below vectors,
 * otherwise catalog order.
 */
export function defaultLayerOrder(c: Catalog): string[] {
  const rank = { service: 0, raster: 1, vector: 2 } as const
  return c.layers.map((l, i) => ({ l, i })).sort((a, b) => rank[a.l.kind] - rank[b.l.kind] || a.i - b.i).map(({ l }) => l.id)
}

export function emptyCatalog(title = 'Geoportal Soest'): Catalog {
  return { version: 1, title, layers: [] }
}

/**
 * Checks the shape of an untrusted layer.json enough for the portal to read it (the publisher validated it in
 * full). Throws with a reason when it is unusable. Values are still only ever shown as text.
 */
export function parseLayerDocument(json: unknown, id: string): LayerDocument {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!isObj(json)) throw new Error(`layer.json of ${id}: not an object`)
  if (json.id !== id) throw new Error(`layer.json of ${id}: id is ${JSON.stringify(json.id)}`)
  const m = json.metadata
  if (!isObj(m) || typeof m.title !== 'string') throw new Error(`layer.json of ${id}: no metadata`)
  const q = json.quality
  if (!isObj(q) || !Array.isArray(q.findings)) throw new Error(`layer.json of ${id}: no quality report`)
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined)
  const metadata = { ...m, keywords: strings(m.keywords), attributes: isObj(m.attributes) ? m.attributes : undefined } as LayerDocument['metadata']
  const findings = q.findings.filter((f): f is Record<string, unknown> => isObj(f) && typeof f.message === 'string' && typeof f.criterion === 'string')
  return {
    id,
    kind: json.kind === 'raster' || json.kind === 'service' ? json.kind : 'vector',
    metadata,
    quality: { ...q, findings } as unknown as LayerDocument['quality'],
    files: Array.isArray(json.files) ? (json.files as LayerDocument['files']) : [],
    attributes: strings(json.attributes),
  }
}
