// What MapLibre draws for a base map, as plain style parts (no map, no I/O): sources and layers whose ids all
// start with BASEMAP_PREFIX, so that src/map/basemapLayers.ts can put them under the catalog's layers and swap
// them without touching anything else on the map. Styles that must be fetched (pmtiles, style) are passed in.
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { BasemapDefinition, PmtilesBasemap, StyleBasemap, WmsBasemap, XyzBasemap } from '../model/basemap.ts'
import { escapeHtml } from './escape.ts'

/** Every source and layer of a base map has an id starting with this (the catalog's use `src-`/`lyr-`). */
export const BASEMAP_PREFIX = 'basemap:'
/** The source name a self-hosted base map's style uses for its archive (model/basemap.ts). */
export const PMTILES_SOURCE = 'basemap'

export interface BasemapParts {
  sources: Record<string, SourceSpecification>
  /** Bottom to top. */
  layers: LayerSpecification[]
  /** Sprite (icons) of a remote style, absolute. */
  sprite?: string
}

type StyleJson = { version?: unknown; sources?: unknown; layers?: unknown; sprite?: unknown }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const prefixed = (id: string) => `${BASEMAP_PREFIX}${id}`

/** A style file's problem in one line, or null. */
function styleProblem(style: unknown): string | null {
  if (!isObj(style)) return 'is not a MapLibre style (not a JSON object)'
  if (style.version !== 8) return 'is not a MapLibre style (version must be 8)'
  if (!isObj(style.sources)) return 'is not a MapLibre style (no sources)'
  if (!Array.isArray(style.layers) || !style.layers.every((l) => isObj(l) && typeof l.id === 'string' && typeof l.type === 'string')) {
    return 'is not a MapLibre style (layers must be objects with id and type)'
  }
  return null
}

/** The style's layers with prefixed ids and source references. */
function prefixLayers(layers: unknown[], sourceIds: Set<string>): LayerSpecification[] {
  return layers.map((raw) => {
    const l = { ...(raw as Record<string, unknown>) }
    l.id = prefixed(l.id as string)
    if (typeof l.source === 'string') {
      if (!sourceIds.has(l.source)) throw new Error(`layer ${JSON.stringify(raw && (raw as { id: string }).id)} uses the unknown source ${JSON.stringify(l.source)}`)
      l.source = prefixed(l.source)
    }
    return l as unknown as LayerSpecification
  })
}

/**
 * A self-hosted base map: its style file (one vector source named `basemap`) with that source pointed at the
 * archive through the pmtiles protocol. Glyphs and sprite are ignored: the portal draws text locally and a
 * self-hosted base map makes no request elsewhere.
 */
export function pmtilesParts(def: PmtilesBasemap, style: unknown, archiveUrl: string): BasemapParts {
  const problem = styleProblem(style)
  if (problem) throw new Error(`${def.style} ${problem}`)
  const s = style as Required<StyleJson> & { sources: Record<string, unknown>; layers: unknown[] }
  const names = Object.keys(s.sources)
  if (names.length !== 1 || names[0] !== PMTILES_SOURCE || !isObj(s.sources[PMTILES_SOURCE]) || s.sources[PMTILES_SOURCE].type !== 'vector') {
    throw new Error(`${def.style} must have exactly one vector source named "${PMTILES_SOURCE}" (it has ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'})`)
  }
  const source = { ...(s.sources[PMTILES_SOURCE] as Record<string, unknown>) }
  delete source.tiles
  source.url = `pmtiles://${archiveUrl}`
  source.attribution = escapeHtml(def.attribution)
  try {
    return { sources: { [prefixed(PMTILES_SOURCE)]: source as unknown as SourceSpecification }, layers: prefixLayers(s.layers, new Set(names)) }
  } catch (e) {
    throw new Error(`${def.style}: ${(e as Error).message}`)
  }
}

/** A URL of a style made absolute; its {z}/{x}/{y}-style placeholders stay as they are (URL() encodes braces). */
const absolute = (u: unknown, base: string) => (typeof u === 'string' ? new URL(u, base).href.replace(/%7B([\w-]+)%7D/gi, '{$1}') : u)

/**
 * A remote MapLibre style, merged under the catalog's layers: sources and layers prefixed, relative URLs made
 * absolute against the style's URL. Its glyphs are not used (the portal draws all text locally, so the catalog's
 * labels keep working; the style's font names become local font families); the catalog's attribution is shown
 * on the first source (the style's own attributions are HTML and not trusted).
 */
export function remoteStyleParts(def: StyleBasemap, style: unknown): BasemapParts {
  const problem = styleProblem(style)
  if (problem) throw new Error(`${def.url} ${problem}`)
  const s = style as StyleJson & { sources: Record<string, unknown>; layers: unknown[] }
  const sources: Record<string, SourceSpecification> = {}
  let first = true
  for (const [name, raw] of Object.entries(s.sources)) {
    if (!isObj(raw)) continue
    const src: Record<string, unknown> = { ...raw, url: absolute(raw.url, def.url) }
    if (src.url === undefined) delete src.url
    if (Array.isArray(raw.tiles)) src.tiles = raw.tiles.map((t) => absolute(t, def.url))
    if (typeof raw.data === 'string') src.data = absolute(raw.data, def.url)
    delete src.attribution
    if (first && def.attribution) src.attribution = escapeHtml(def.attribution)
    first = false
    sources[prefixed(name)] = src as unknown as SourceSpecification
  }
  const parts: BasemapParts = { sources, layers: prefixLayers(s.layers, new Set(Object.keys(sources).map((k) => k.slice(BASEMAP_PREFIX.length)))) }
  if (typeof s.sprite === 'string') parts.sprite = new URL(s.sprite, def.url).href
  return parts
}

function rasterParts(tiles: string[], attribution: string, opts: { tileSize?: number; minzoom?: number; maxzoom?: number } = {}): BasemapParts {
  const source: SourceSpecification = { type: 'raster', tiles, tileSize: opts.tileSize ?? 256, attribution: escapeHtml(attribution) }
  if (opts.minzoom !== undefined) source.minzoom = opts.minzoom
  if (opts.maxzoom !== undefined) source.maxzoom = opts.maxzoom
  return {
    sources: { [prefixed('raster')]: source },
    layers: [{ id: prefixed('raster'), type: 'raster', source: prefixed('raster'), paint: { 'raster-fade-duration': 0 } }],
  }
}

export function xyzParts(def: XyzBasemap): BasemapParts {
  return rasterParts(def.tiles, def.attribution, { tileSize: def.tileSize, minzoom: def.minZoom, maxzoom: def.maxZoom })
}

/**
 * The GetMap URL template of a WMS base map: one 256-px image per tile in EPSG:3857, whose bbox MapLibre fills
 * in. WMS 1.3.0 names the CRS `CRS`, 1.1.1 `SRS`; EPSG:3857 is easting/northing in both, so the bbox order does
 * not change with the version. Parameters already in the service URL (e.g. MapServer's `map=`) are kept, ours
 * replace any of the same name.
 */
export function wmsTileUrl(def: WmsBasemap): string {
  const version = def.version ?? '1.3.0'
  const u = new URL(def.url)
  const ours: [string, string][] = [
    ['SERVICE', 'WMS'],
    ['REQUEST', 'GetMap'],
    ['VERSION', version],
    ['LAYERS', def.layers],
    ['STYLES', def.styles ?? ''],
    ['FORMAT', def.format ?? 'image/png'],
    ['TRANSPARENT', 'FALSE'],
    [version === '1.3.0' ? 'CRS' : 'SRS', 'EPSG:3857'],
    ['WIDTH', '256'],
    ['HEIGHT', '256'],
  ]
  const names = new Set(ours.map(([k]) => k))
  const kept = [...u.searchParams].filter(([k]) => !names.has(k.toUpperCase()) && k.toUpperCase() !== 'BBOX')
  const query = [...kept, ...ours].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  // MapLibre replaces the placeholder literally: it must not be percent-encoded.
  query.push('BBOX={bbox-epsg-3857}')
  return `${u.origin}${u.pathname}?${query.join('&')}`
}

export function wmsParts(def: WmsBasemap): BasemapParts {
  return rasterParts([wmsTileUrl(def)], def.attribution)
}

/** The parts of a base map that needs no style file (xyz, wms); null for the others. */
export function directParts(def: BasemapDefinition): BasemapParts | null {
  return def.kind === 'xyz' ? xyzParts(def) : def.kind === 'wms' ? wmsParts(def) : null
}

/** Is this style layer or source part of a base map? */
export const isBasemapId = (id: string) => id.startsWith(BASEMAP_PREFIX)
