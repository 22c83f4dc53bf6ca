// External OGC map services (WMS, WMTS) as catalog layers: drawn from the city's or the state's servers, with
// metadata in layer.json like any other layer but no data file and no measured quality (the data is not ours).
// Untrusted JSON is checked here for the CLI and the browser alike; every value is text, URLs are http(s) only.

import type { Finding } from './quality.ts'

export type ServiceType = 'wms' | 'wmts'

/**
 * The quality part of a service layer's layer.json: nothing is measured (the data lives on another server); the
 * report says so, so that the portal and `geoportal check` can tell "not measured" from "no problems".
 */
export interface ServiceQualityReport {
  external: true
  /** Always empty: findings would be measurements. */
  findings: Finding[]
}

export interface ServiceLayerFields {
  kind: 'service'
  service: ServiceType
  /**
   * WMS: the GetMap / GetFeatureInfo endpoint (http(s); the portal adds the request parameters).
   * WMTS: the tile URL template for a GoogleMapsCompatible (EPSG:3857) matrix set with {z}, {x}, {y} — RESTful
   * or KVP, resolved from the capabilities by `geoportal service add`.
   */
  url: string
  /** WMS: comma-separated layer names (LAYERS); WMTS: the layer identifier (for the record). */
  layers: string
  /** WMS STYLES (comma-separated, "" = default). */
  styles?: string
  /** Image format: image/png (transparent) or image/jpeg (photos). */
  format: string
  /** WMS 1.1.1 or 1.3.0; WMTS 1.0.0. */
  version: string
  /** The GetCapabilities document it was read from (layer page, DCAT access URL). */
  capabilitiesUrl?: string
  /** Legend image (the capabilities' LegendURL or a GetLegendGraphic request). */
  legendUrl?: string
  /**
   * Zoom range in MapLibre zoom levels (a 512 px world at zoom 0, like the vector styles' minZoom): for a WMS from its
   * scale limits (beyond maxZoom it draws nothing); for a WMTS from its tile matrices (tile level k of 256 px tiles is
   * map zoom k − 1; beyond maxZoom its finest tiles are enlarged).
   */
  minZoom?: number
  maxZoom?: number
  /** WMS: answers GetFeatureInfo. */
  queryable?: boolean
  /** WMS: the GetFeatureInfo format to ask for (text/plain preferred; application/json, GML, text/html). */
  infoFormat?: string
  style: { opacity?: number }
}

/** OGC scale denominator of tile level 0 of GoogleMapsCompatible (one 256 px tile for the world, 0.28 mm pixels). */
export const SCALE_AT_ZOOM_0 = 559082264.0287178

/**
 * MapLibre zoom for an OGC scale denominator in EPSG:3857. MapLibre's zoom 0 is a 512 px world, so map zoom z shows
 * the scale of 256 px tile level z + 1.
 */
export function zoomForScale(scaleDenominator: number): number {
  return Math.log2(SCALE_AT_ZOOM_0 / 2 / scaleDenominator)
}

/** MaxScaleDenominator (most zoomed out) → minZoom; MinScaleDenominator → maxZoom; rounded to 0.1. */
export function zoomRange(minScaleDenominator?: number, maxScaleDenominator?: number): { minZoom?: number; maxZoom?: number } {
  const r = (z: number) => Math.round(Math.min(24, Math.max(0, z)) * 10) / 10
  const out: { minZoom?: number; maxZoom?: number } = {}
  if (maxScaleDenominator !== undefined && maxScaleDenominator > 0 && Number.isFinite(maxScaleDenominator)) {
    const z = r(zoomForScale(maxScaleDenominator))
    if (z > 0) out.minZoom = z
  }
  if (minScaleDenominator !== undefined && minScaleDenominator > 0 && Number.isFinite(minScaleDenominator)) out.maxZoom = r(zoomForScale(minScaleDenominator))
  return out
}

export const SERVICE_FORMATS = ['image/png', 'image/jpeg'] as const
export const INFO_FORMATS = ['text/plain', 'application/json', 'application/geo+json', 'application/vnd.ogc.gml', 'application/vnd.ogc.gml/3.1.1', 'text/xml', 'text/html'] as const

/** An absolute http(s) URL (a WMS on the city's intranet may be plain http). */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false
  try {
    const u = new URL(v)
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password
  } catch {
    return false
  }
}

const isZoom = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 24)

/** Why a `kind: 'service'` entry is unusable, or null. (id, title, metaHref and bbox are checked by the caller.) */
export function serviceProblem(l: Record<string, unknown>): string | null {
  if (l.service !== 'wms' && l.service !== 'wmts') return `unknown service ${JSON.stringify(l.service)} (wms or wmts)`
  if (!isHttpUrl(l.url)) return 'service url must be an http(s) URL'
  if (l.service === 'wmts' && !['{z}', '{x}', '{y}'].every((p) => (l.url as string).includes(p))) return 'a WMTS url must be a tile template with {z}, {x} and {y}'
  if (typeof l.layers !== 'string' || !l.layers.trim()) return 'service layers missing'
  if (l.styles !== undefined && typeof l.styles !== 'string') return 'invalid styles'
  if (!SERVICE_FORMATS.includes(l.format as never)) return `format must be ${SERVICE_FORMATS.join(' or ')}`
  const versions = l.service === 'wms' ? ['1.1.1', '1.3.0'] : ['1.0.0']
  if (!versions.includes(l.version as string)) return `version must be ${versions.join(' or ')}`
  for (const k of ['legendUrl', 'capabilitiesUrl'] as const) if (l[k] !== undefined && !isHttpUrl(l[k])) return `${k} must be an http(s) URL`
  if (!isZoom(l.minZoom) || !isZoom(l.maxZoom)) return 'invalid zoom range'
  if (l.queryable !== undefined && typeof l.queryable !== 'boolean') return 'invalid queryable'
  if (l.infoFormat !== undefined && !INFO_FORMATS.includes(l.infoFormat as never)) return `infoFormat must be one of ${INFO_FORMATS.join(', ')}`
  if (l.style !== undefined && (typeof l.style !== 'object' || l.style === null)) return 'invalid style'
  const o = (l.style as { opacity?: unknown } | undefined)?.opacity
  if (o !== undefined && !(typeof o === 'number' && o >= 0 && o <= 1)) return 'invalid opacity'
  return null
}

/** The origins a service layer loads from (Content-Security-Policy img-src / connect-src of a build). */
export function serviceOrigins(l: { url: string; legendUrl?: string }): string[] {
  const urls = [l.url, ...(l.legendUrl ? [l.legendUrl] : [])]
  return [...new Set(urls.map((u) => new URL(u.replace(/\{[a-z]+\}/gi, '0')).origin))]
}

/** The GetCapabilities URL of the entry: as recorded by `geoportal service add`, else built from the endpoint. */
export function capabilitiesUrl(entry: ServiceLayerFields): string {
  if (entry.capabilitiesUrl) return entry.capabilitiesUrl
  if (entry.service === 'wmts') {
    const u = new URL(entry.url.replace(/\{[a-z]+\}/gi, '0'))
    return `${u.origin}${u.pathname.split('/').slice(0, -1).join('/')}/WMTSCapabilities.xml`
  }
  const u = new URL(entry.url)
  u.searchParams.set('SERVICE', 'WMS')
  u.searchParams.set('REQUEST', 'GetCapabilities')
  return u.href
}

/** Every origin the catalog's service layers load from, for the Content-Security-Policy of a build. */
export function serviceLayerOrigins(layers: readonly { kind: string }[]): string[] {
  const services = layers.filter((l) => l.kind === 'service') as unknown as ServiceLayerFields[]
  return [...new Set(services.flatMap((l) => serviceOrigins(l)))]
}
