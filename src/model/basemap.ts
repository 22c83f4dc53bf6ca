// Base maps: what the map is drawn on. Not catalog layers (no quality report, no layer page): the catalog lists
// them under `basemaps`, the publisher's `geoportal basemap …` commands write them, the portal offers them in its
// switcher. Untrusted JSON is checked here, in one place, for the CLI and the browser alike.

/**
 * - `pmtiles`: a self-hosted vector base map: one PMTiles archive (vector tiles, Protomaps basemap schema or our
 *   own builder's output) and a MapLibre style file, both relative to the catalog root. No third-party request.
 * - `style`: a remote MapLibre style URL (e.g. basemap.de Web Vektor).
 * - `xyz`: raster tile URL templates with {z}/{x}/{y} (basemap.de Web Raster, orthophotos; also a WMTS layer's
 *   RESTful or KVP GoogleMapsCompatible template, resolved from its capabilities by the CLI).
 * - `wms`: WMS GetMap in EPSG:3857 (one image per 256 px tile).
 */
export type BasemapKind = 'pmtiles' | 'style' | 'xyz' | 'wms'

interface BasemapBase {
  /** Stable id, used in the share link (`basemap=<id>`). */
  id: string
  /** Shown in the switcher (German first). */
  title: string
  titleEn?: string
  /** Always shown while the base map is on. Plain text. */
  attribution: string
  /** Made by the demo script from synthetic data. */
  demo?: boolean
}

export interface PmtilesBasemap extends BasemapBase {
  kind: 'pmtiles'
  /** The .pmtiles archive, relative to the catalog root (served with Range requests by the same host). */
  url: string
  /**
   * MapLibre style JSON, relative to the catalog root. Its one vector source is named `basemap`; the portal points
   * that source at `url` (pmtiles protocol) when it loads the style. Glyphs are drawn locally (no glyph server).
   */
  style: string
}

export interface StyleBasemap extends BasemapBase {
  kind: 'style'
  /** Absolute https URL of a MapLibre style. */
  url: string
}

export interface XyzBasemap extends BasemapBase {
  kind: 'xyz'
  /** Absolute https URL templates with {z}, {x}, {y} (Web Mercator / GoogleMapsCompatible). */
  tiles: string[]
  tileSize?: 256 | 512
  minZoom?: number
  maxZoom?: number
}

export interface WmsBasemap extends BasemapBase {
  kind: 'wms'
  /** Absolute http(s) URL of the service (GetMap parameters are added by the portal). */
  url: string
  /** Comma-separated WMS layer names. */
  layers: string
  format?: 'image/png' | 'image/jpeg'
  version?: '1.1.1' | '1.3.0'
  styles?: string
}

export type BasemapDefinition = PmtilesBasemap | StyleBasemap | XyzBasemap | WmsBasemap

/** What the catalog says about base maps. */
export interface BasemapSettings {
  basemaps: BasemapDefinition[]
  /** The base map shown when the share link names none; `none` for no base map. Default: the first one. */
  defaultBasemap?: string
  /**
   * Remote base maps (anything not self-hosted) are loaded only after the user agreed in the portal, as many
   * German public bodies require. The agreement is remembered on the device.
   */
  remoteConsent?: boolean
}

export const NO_BASEMAP = 'none'
export const BASEMAP_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A path inside the catalog: relative, no `..`, no scheme, no protocol-relative `//`. */
export function isCatalogPath(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && !v.split(/[\\/]/).includes('..') && !/^[a-z][a-z0-9+.-]*:|^[\\/]/i.test(v)
}

/** An absolute http(s) URL; `https` only unless `allowHttp` (a WMS on the city's intranet may be plain http). */
export function isRemoteUrl(v: unknown, allowHttp = false): v is string {
  if (typeof v !== 'string') return false
  try {
    const u = new URL(v)
    return u.protocol === 'https:' || (allowHttp && u.protocol === 'http:')
  } catch {
    return false
  }
}

/** Why a base-map definition is unusable, or null. */
export function basemapProblem(b: unknown): string | null {
  if (!isObj(b)) return 'not an object'
  if (typeof b.id !== 'string' || !BASEMAP_ID.test(b.id) || b.id === NO_BASEMAP) return 'invalid id'
  if (typeof b.title !== 'string' || !b.title.trim()) return 'missing title'
  if (typeof b.attribution !== 'string') return 'missing attribution'
  switch (b.kind) {
    case 'pmtiles':
      if (!isCatalogPath(b.url)) return 'url must be a path inside the catalog'
      if (!isCatalogPath(b.style)) return 'style must be a path inside the catalog'
      return null
    case 'style':
      return isRemoteUrl(b.url) ? null : 'url must be an https URL'
    case 'xyz':
      if (!Array.isArray(b.tiles) || b.tiles.length === 0) return 'tiles must list URL templates'
      for (const t of b.tiles) if (!isRemoteUrl(t) || !/\{z\}/.test(t) || !/\{x\}/.test(t) || !/\{y\}/.test(t)) return `invalid tile template ${JSON.stringify(t)}`
      if (b.tileSize !== undefined && b.tileSize !== 256 && b.tileSize !== 512) return 'tileSize must be 256 or 512'
      return null
    case 'wms':
      if (!isRemoteUrl(b.url, true)) return 'url must be an http(s) URL'
      if (typeof b.layers !== 'string' || !b.layers.trim()) return 'layers missing'
      if (b.format !== undefined && b.format !== 'image/png' && b.format !== 'image/jpeg') return 'format must be image/png or image/jpeg'
      if (b.version !== undefined && b.version !== '1.1.1' && b.version !== '1.3.0') return 'version must be 1.1.1 or 1.3.0'
      return null
    default:
      return `unknown kind ${JSON.stringify(b.kind)}`
  }
}

/**
 * Reads the catalog's base-map settings leniently: unusable entries are listed in `rejected`, the rest works.
 * The pre-2027 single `basemap: { style | tiles, attribution }` is read as one remote base map with id `legacy`.
 */
export function parseBasemapSettings(raw: Record<string, unknown>): { settings: BasemapSettings; rejected: { id: string; reason: string }[] } {
  const rejected: { id: string; reason: string }[] = []
  const basemaps: BasemapDefinition[] = []
  const seen = new Set<string>()
  const list: unknown[] = Array.isArray(raw.basemaps) ? [...raw.basemaps] : []
  const legacy = raw.basemap
  if (isObj(legacy) && !Array.isArray(raw.basemaps)) {
    const attribution = typeof legacy.attribution === 'string' ? legacy.attribution : ''
    if (typeof legacy.style === 'string') list.push({ id: 'legacy', title: 'Hintergrundkarte', kind: 'style', url: legacy.style, attribution })
    else if (Array.isArray(legacy.tiles)) list.push({ id: 'legacy', title: 'Hintergrundkarte', kind: 'xyz', tiles: legacy.tiles, attribution })
  }
  for (const b of list) {
    const id = isObj(b) && typeof b.id === 'string' ? b.id : '?'
    const problem = basemapProblem(b)
    if (problem) rejected.push({ id, reason: `base map: ${problem}` })
    else if (seen.has(id)) rejected.push({ id, reason: 'base map: duplicate id' })
    else {
      seen.add(id)
      basemaps.push(b as BasemapDefinition)
    }
  }
  const settings: BasemapSettings = { basemaps }
  const d = raw.defaultBasemap
  if (typeof d === 'string' && (d === NO_BASEMAP || seen.has(d))) settings.defaultBasemap = d
  if (raw.remoteConsent === true) settings.remoteConsent = true
  return { settings, rejected }
}

/** Self-hosted base maps make no request to another origin. */
export function isRemoteBasemap(b: BasemapDefinition): boolean {
  return b.kind !== 'pmtiles'
}

/** The origins a base map loads from (for the Content-Security-Policy of a build); [] when self-hosted. */
export function basemapOrigins(b: BasemapDefinition): string[] {
  const urls = b.kind === 'pmtiles' ? [] : b.kind === 'xyz' ? b.tiles : [b.url]
  return [...new Set(urls.map((u) => new URL(u.replace(/\{[a-z]+\}/gi, '0')).origin))]
}

/** The base map to show: the share link's choice if it names one that exists, else the catalog's default. */
export function chooseBasemap(settings: BasemapSettings, requested?: string | null): string {
  const ids = new Set(settings.basemaps.map((b) => b.id))
  if (requested && (requested === NO_BASEMAP || ids.has(requested))) return requested
  if (settings.defaultBasemap) return settings.defaultBasemap
  return settings.basemaps[0]?.id ?? NO_BASEMAP
}
