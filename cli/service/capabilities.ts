// Reading a WMS or WMTS GetCapabilities document with @camptocamp/ogc-client (its Node build: no DOM, no worker),
// and turning one of its layers into what a catalog entry needs. Network and XML problems become one line naming
// the URL. The capabilities are fetched once by us first (timeout, HTTP status, size, well-formed XML — with the XML
// parser ogc-client itself uses) so that an unreachable service or a broken document fails with a clear reason before
// ogc-client reads it (a failed ogc-client read also leaves an unhandled rejection behind, see ogcRead).
import { EndpointError, WmsEndpoint, WmtsEndpoint } from '@camptocamp/ogc-client'
import { parseXml } from '@rgrove/parse-xml'
import { INFO_FORMATS, SCALE_AT_ZOOM_0, zoomRange, type ServiceType } from '../../src/model/service.ts'

export class ServiceError extends Error {}

/** Capabilities larger than this are refused (Geobasis NRW's largest are a few MB). */
const MAX_CAPABILITIES_BYTES = 32 * 1024 * 1024
const TIMEOUT_MS = 30_000

export interface ServiceLayerChoice {
  name: string
  title: string
}

/** What one layer of a service gives the catalog entry and its metadata. */
export interface ServiceLayerInfo {
  service: ServiceType
  /** WMS: the GetMap endpoint; WMTS: the {z}/{x}/{y} tile template. */
  url: string
  layers: string
  styles?: string
  format: 'image/png' | 'image/jpeg'
  version: string
  capabilitiesUrl: string
  title: string
  abstract?: string
  keywords?: string[]
  attribution?: string
  legendUrl?: string
  minZoom?: number
  maxZoom?: number
  queryable: boolean
  infoFormat?: string
  /** Lon/lat extent [west, south, east, north], if the capabilities give one. */
  bbox4326?: [number, number, number, number]
  provider?: { name?: string; email?: string; phone?: string }
  fees?: string
  constraints?: string
}

/** Fetches the document (no cookies, no referrer) and checks that it looks like capabilities. */
async function fetchCapabilities(url: string): Promise<{ text: string; type: ServiceType }> {
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow', headers: { Accept: 'application/xml, text/xml' } })
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause
    const why = (e as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (e as Error).message)
    throw new ServiceError(`${url}: service not reachable (${why})`)
  }
  if (!res.ok) throw new ServiceError(`${url}: the service answered HTTP ${res.status}`)
  const size = Number(res.headers.get('content-length') ?? 0)
  if (size > MAX_CAPABILITIES_BYTES) throw new ServiceError(`${url}: capabilities of ${size} bytes are larger than ${MAX_CAPABILITIES_BYTES}`)
  const text = await res.text()
  const root = /<(?:[\w-]+:)?(WMS_Capabilities|WMT_MS_Capabilities|Capabilities|ServiceExceptionReport|ExceptionReport)\b/.exec(text.slice(0, 20_000))
  if (!root) throw new ServiceError(`${url}: not a capabilities document (no WMS_Capabilities or WMTS Capabilities element)`)
  if (root[1].endsWith('ExceptionReport')) {
    const msg = /<(?:[\w-]+:)?(?:ServiceException|ExceptionText)\b[^>]*>([\s\S]*?)</.exec(text)?.[1]?.trim()
    throw new ServiceError(`${url}: the service reported an error${msg ? `: ${msg.slice(0, 200)}` : ''}`)
  }
  try {
    parseXml(text)
  } catch (e) {
    throw new ServiceError(`${url}: the capabilities are not well-formed XML (${(e as Error).message.split('\n')[0]})`)
  }
  return { text, type: root[1] === 'Capabilities' ? 'wmts' : 'wms' }
}

/**
 * Runs an ogc-client read. Its cache helper leaves a second, unhandled copy of a failed read's rejection
 * (useCache: `taskRun.then(() => tasksMap.delete(key))` without a catch), which would end the process with a stack
 * trace: those copies are swallowed while the read runs; the handled one becomes our one-line error.
 */
async function ogcRead<T>(url: string, read: () => Promise<T>): Promise<T> {
  const swallow = (reason: unknown) => {
    if (!(reason instanceof EndpointError) && !(reason instanceof Error && reason.name === 'ServiceExceptionError')) throw reason
  }
  process.on('unhandledRejection', swallow)
  try {
    return await read()
  } catch (e) {
    throw new ServiceError(`${url}: capabilities not readable (${(e as Error).message.split('\n')[0]})`)
  } finally {
    // Let the stray copy surface (it does on the next turns) before the guard goes.
    await new Promise((r) => setTimeout(r, 50))
    process.off('unhandledRejection', swallow)
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN)

function lonLatBox(b: unknown): [number, number, number, number] | undefined {
  if (!Array.isArray(b) || b.length !== 4) return undefined
  const v = b.map(num) as [number, number, number, number]
  if (!v.every(Number.isFinite) || v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) return undefined
  return v
}

/** The image format to ask for: transparent PNG when offered, else JPEG. */
function pickFormat(offered: string[] | undefined, url: string): 'image/png' | 'image/jpeg' {
  const list = (offered ?? []).map((f) => f.toLowerCase())
  if (!list.length || list.some((f) => f === 'image/png' || f.startsWith('image/png;'))) return 'image/png'
  if (list.includes('image/jpeg')) return 'image/jpeg'
  throw new ServiceError(`${url}: the service offers neither image/png nor image/jpeg (${list.join(', ')})`)
}

export interface ServiceReader {
  type: ServiceType
  title: string
  /** The layers that can be drawn (WMS: named layers; WMTS: all). */
  layers: ServiceLayerChoice[]
  layer(name: string, opts?: { format?: string }): ServiceLayerInfo
}

/** Reads a service's capabilities (WMS 1.1.1/1.3.0 or WMTS 1.0.0, told apart by the document). */
export async function readService(url: string, want?: ServiceType): Promise<ServiceReader> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new ServiceError(`${url}: not a URL`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ServiceError(`${url}: only http(s) services can be added`)
  const { type } = await fetchCapabilities(url)
  if (want && want !== type) throw new ServiceError(`${url}: is a ${type.toUpperCase()}, not a ${want.toUpperCase()}`)
  return type === 'wms' ? wmsReader(url) : wmtsReader(url)
}

async function wmsReader(url: string): Promise<ServiceReader> {
  const endpoint = await ogcRead(url, () => new WmsEndpoint(url).isReady())
  const info = endpoint.getServiceInfo()
  const flat: { name?: string; title: string }[] = []
  const walk = (ls: { name?: string; title: string; children?: unknown[] }[]) => {
    for (const l of ls) {
      flat.push(l)
      if (l.children) walk(l.children as never)
    }
  }
  walk(endpoint.getLayers())
  const named = flat.filter((l): l is ServiceLayerChoice => typeof l.name === 'string' && l.name !== '')
  // CRSs and scale limits are inherited from parent layers (WMS 7.2.4.8): collect them along the path.
  const ancestors = (name: string) => {
    const path: string[] = []
    const find = (ls: { name?: string; children?: unknown[] }[], trail: string[]): boolean => {
      for (const l of ls) {
        const here = l.name ? [...trail, l.name] : trail
        if (l.name === name) return path.push(...here), true
        if (l.children && find(l.children as never, here)) return true
      }
      return false
    }
    find(endpoint.getLayers(), [])
    return path.map((n) => endpoint.getLayerByName(n))
  }
  return {
    type: 'wms',
    title: info.title,
    layers: named.map((l) => ({ name: l.name, title: l.title })),
    layer(name, opts = {}) {
      const chain = ancestors(name)
      const full = chain[chain.length - 1]
      if (!full) throw new ServiceError(`${url}: no layer "${name}" (available: ${named.map((l) => l.name).join(', ') || 'none'})`)
      const crs = new Set(chain.flatMap((l) => l.availableCrs ?? []).map((c) => c.toUpperCase()))
      if (!['EPSG:3857', 'EPSG:900913'].some((c) => crs.has(c))) {
        throw new ServiceError(`${url}: layer "${name}" is not offered in EPSG:3857 (Web Mercator), which the portal's map needs (offered: ${[...crs].join(', ') || 'none'})`)
      }
      const version = endpoint.getVersion() === '1.3.0' ? '1.3.0' : '1.1.1'
      const getMap = endpoint.getOperationUrl('GetMap') || url
      const base = new URL(getMap)
      for (const k of [...base.searchParams.keys()]) if (/^(service|request|version)$/i.test(k)) base.searchParams.delete(k)
      const style = full.styles?.[0]
      const min = [...chain].reverse().find((l) => l.minScaleDenominator !== undefined)?.minScaleDenominator
      const max = [...chain].reverse().find((l) => l.maxScaleDenominator !== undefined)?.maxScaleDenominator
      const infoFormats = (info.infoFormats ?? []).map((f) => f.toLowerCase())
      const infoFormat = INFO_FORMATS.find((f) => infoFormats.includes(f))
      const boxes = Object.entries(full.boundingBoxes ?? {}).find(([c]) => /^(EPSG:4326|CRS:84)$/i.test(c))
      const attribution = [...chain].reverse().find((l) => l.attribution?.title)?.attribution?.title
      return {
        service: 'wms',
        url: base.href,
        layers: name,
        ...(style && style.name !== 'default' ? { styles: style.name } : {}),
        format: opts.format ? checkFormat(opts.format, url) : pickFormat(info.outputFormats, url),
        version,
        capabilitiesUrl: endpoint.getCapabilitiesUrl(),
        title: full.title || name,
        ...(full.abstract ? { abstract: full.abstract } : {}),
        ...(full.keywords?.length ? { keywords: full.keywords } : {}),
        ...(attribution ? { attribution } : {}),
        ...(style?.legendUrl ? { legendUrl: style.legendUrl } : {}),
        ...zoomRange(num(min), num(max)),
        queryable: full.queryable === true && infoFormat !== undefined,
        ...(full.queryable && infoFormat ? { infoFormat } : {}),
        ...(boxes ? { bbox4326: lonLatBox(boxes[1]) } : {}),
        provider: providerOf(info),
        ...(info.fees ? { fees: info.fees } : {}),
        ...(info.constraints ? { constraints: info.constraints } : {}),
      }
    },
  }
}

function checkFormat(f: string, url: string): 'image/png' | 'image/jpeg' {
  if (f !== 'image/png' && f !== 'image/jpeg') throw new ServiceError(`${url}: --format must be image/png or image/jpeg`)
  return f
}

function providerOf(info: { provider?: { name?: string; contact?: { name?: string; organization?: string; email?: string; phone?: string } } }) {
  const c = info.provider?.contact
  const name = c?.organization || info.provider?.name || c?.name
  const out: { name?: string; email?: string; phone?: string } = {}
  if (name) out.name = name
  if (c?.email) out.email = c.email
  if (c?.phone) out.phone = c.phone
  return Object.keys(out).length ? out : undefined
}

const WEB_MERCATOR_ORIGIN = 20037508.342789244

/**
 * A tile matrix set the portal can draw as {z}/{x}/{y}: EPSG:3857, 256 px tiles, origin at the top left of the Web
 * Mercator square and each matrix at zoom z's scale (GoogleMapsCompatible, possibly starting or ending at other
 * levels). Returns the identifier pattern (prefix + z + suffix) and the zoom range, or a reason.
 */
export function googleLevels(set: { crs: string; tileMatrices: { identifier: string; scaleDenominator: number; topLeft: [number, number]; tileWidth: number; tileHeight: number }[] }): { prefix: string; suffix: string; minZoom: number; maxZoom: number } | string {
  if (!/(3857|900913)$/.test(set.crs)) return `its CRS is ${set.crs}, not EPSG:3857`
  let pattern: { prefix: string; suffix: string } | null = null
  const zooms: number[] = []
  for (const m of set.tileMatrices) {
    const z = Math.log2(SCALE_AT_ZOOM_0 / num(m.scaleDenominator))
    if (Math.abs(z - Math.round(z)) > 1e-3) return `matrix "${m.identifier}" has scale 1:${m.scaleDenominator}, not a Web Mercator zoom level`
    if (num(m.tileWidth) !== 256 || num(m.tileHeight) !== 256) return `matrix "${m.identifier}" has ${m.tileWidth}×${m.tileHeight} px tiles, not 256×256`
    const [x, y] = m.topLeft.map(num)
    // Axis order differs between servers (EPSG:3857 is east/north, some write north/east): accept both.
    const corner = (a: number, b: number) => Math.abs(a + WEB_MERCATOR_ORIGIN) < 1 && Math.abs(b - WEB_MERCATOR_ORIGIN) < 1
    if (!corner(x, y) && !corner(y, x)) return `matrix "${m.identifier}" does not start at the Web Mercator corner`
    const zoom = Math.round(z)
    const at = m.identifier.lastIndexOf(String(zoom))
    if (at < 0 || /\d$/.test(m.identifier.slice(0, at))) return `matrix identifier "${m.identifier}" does not name zoom ${zoom}`
    const p = { prefix: m.identifier.slice(0, at), suffix: m.identifier.slice(at + String(zoom).length) }
    if (pattern && (pattern.prefix !== p.prefix || pattern.suffix !== p.suffix)) return `matrix identifiers follow no single pattern ("${m.identifier}")`
    pattern = p
    zooms.push(zoom)
  }
  if (!pattern || !zooms.length) return 'it has no tile matrices'
  return { ...pattern, minZoom: Math.min(...zooms), maxZoom: Math.max(...zooms) }
}

async function wmtsReader(url: string): Promise<ServiceReader> {
  const endpoint = await ogcRead(url, () => new WmtsEndpoint(url).isReady())
  const info = endpoint.getServiceInfo()
  const layers = endpoint.getLayers()
  return {
    type: 'wmts',
    title: info.title,
    layers: layers.map((l) => ({ name: l.name, title: (l as { title?: string }).title ?? l.name })),
    layer(name, opts = {}) {
      const l = layers.find((x) => x.name === name)
      if (!l) throw new ServiceError(`${url}: no layer "${name}" (available: ${layers.map((x) => x.name).join(', ') || 'none'})`)
      const reasons: string[] = []
      let chosen: { id: string; levels: Exclude<ReturnType<typeof googleLevels>, string> } | null = null
      for (const link of l.matrixSets) {
        const set = endpoint.getMatrixSetByIdentifier(link.identifier)
        if (!set) continue
        const levels = googleLevels(set)
        if (typeof levels === 'string') reasons.push(`${link.identifier}: ${levels}`)
        else if (!chosen) chosen = { id: link.identifier, levels }
      }
      if (!chosen) throw new ServiceError(`${url}: layer "${name}" has no Web Mercator (GoogleMapsCompatible) tile matrix set the map can use (${reasons.join('; ') || 'none linked'})`)
      const formats = [...new Set(l.resourceLinks.map((r) => r.format))]
      const format = opts.format ? checkFormat(opts.format, url) : pickFormat(formats.length ? formats : undefined, url)
      const style = l.defaultStyle || l.styles[0]?.name || 'default'
      const z = `${chosen.levels.prefix}{z}${chosen.levels.suffix}`
      const dims = endpoint.getDefaultDimensions(name)
      const rest = l.resourceLinks.find((r) => r.encoding === 'REST' && r.format === format)
      let template: string
      if (rest) {
        template = rest.url
          .replace(/\{TileMatrixSet\}/gi, chosen.id)
          .replace(/\{TileMatrix\}/gi, z)
          .replace(/\{TileRow\}/gi, '{y}')
          .replace(/\{TileCol\}/gi, '{x}')
          .replace(/\{Style\}/gi, style)
          .replace(/\{(\w+)\}/g, (m, k: string) => (['z', 'x', 'y'].includes(k) ? m : (Object.entries(dims).find(([d]) => d.toLowerCase() === k.toLowerCase())?.[1] ?? m)))
      } else {
        const kvp = info.getTileUrls?.kvp
        if (!kvp) throw new ServiceError(`${url}: layer "${name}" has neither a RESTful template nor a KVP GetTile URL for ${format}`)
        const base = new URL(kvp)
        const q = new URLSearchParams(base.search)
        for (const k of [...q.keys()]) if (/^(service|request|version|layer|style|format|tilematrixset|tilematrix|tilerow|tilecol)$/i.test(k)) q.delete(k)
        q.set('SERVICE', 'WMTS')
        q.set('REQUEST', 'GetTile')
        q.set('VERSION', '1.0.0')
        q.set('LAYER', name)
        q.set('STYLE', style)
        q.set('FORMAT', format)
        q.set('TILEMATRIXSET', chosen.id)
        for (const [d, v] of Object.entries(dims)) q.set(d, v)
        // The placeholders must stay literal for MapLibre: appended after the encoded parameters.
        template = `${base.origin}${base.pathname}?${q.toString()}&TILEMATRIX=${encodeURIComponent(chosen.levels.prefix)}{z}${encodeURIComponent(chosen.levels.suffix)}&TILEROW={y}&TILECOL={x}`
      }
      if (/\{(?!z\}|x\}|y\})[^}]*\}/.test(template)) throw new ServiceError(`${url}: the tile template of "${name}" keeps an unknown placeholder: ${template}`)
      const legend = l.styles.find((s) => s.name === style)?.legendUrl
      const abstract = (l as { abstract?: string }).abstract
      return {
        service: 'wmts',
        url: template,
        layers: name,
        format,
        version: '1.0.0',
        capabilitiesUrl: url,
        title: (l as { title?: string }).title || name,
        ...(abstract ? { abstract } : {}),
        ...(legend ? { legendUrl: legend } : {}),
        // Tile level k (256 px) is map zoom k − 1.
        ...(chosen.levels.minZoom > 1 ? { minZoom: chosen.levels.minZoom - 1 } : {}),
        maxZoom: Math.max(0, chosen.levels.maxZoom - 1),
        queryable: false,
        ...(l.latLonBoundingBox ? { bbox4326: lonLatBox(l.latLonBoundingBox) } : {}),
        provider: providerOf(info),
        ...(info.fees ? { fees: info.fees } : {}),
        ...(info.constraints ? { constraints: info.constraints } : {}),
      }
    },
  }
}
