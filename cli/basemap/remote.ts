// Remote base maps for `geoportal basemap add`: a MapLibre style URL, XYZ templates, a WMS, and a WMTS layer whose
// capabilities (read with @camptocamp/ogc-client's parser) resolve to an XYZ template of its Web Mercator
// (GoogleMapsCompatible) tile matrix set. The result is checked with basemapProblem by the store.
import { promises as fs } from 'node:fs'
import { readInfoFromCapabilities, readLayersFromCapabilities, readMatrixSetsFromCapabilities } from '@camptocamp/ogc-client/dist/wmts/capabilities.js'
import type { TileMatrix, WmtsMatrixSet } from '@camptocamp/ogc-client/dist/wmts/model.js'
import { parseXmlString } from '@camptocamp/ogc-client/dist/shared/xml-utils.js'
import type { BasemapDefinition } from '../../src/model/basemap.ts'
import { UsageError } from '../args.ts'
import { InputError } from '../readers/errors.ts'

type Common = { id: string; title: string; titleEn?: string; attribution: string }

export interface RemoteOptions {
  style?: string
  xyz?: string[]
  'tile-size'?: string
  'min-zoom'?: string
  'max-zoom'?: string
  wmts?: string
  layer?: string
  'matrix-set'?: string
  wms?: string
  layers?: string
  format?: string
  version?: string
}

const zoomOption = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined
  const z = Number(v)
  if (!Number.isInteger(z) || z < 0 || z > 24) throw new UsageError(`${name} must be a whole number from 0 to 24`)
  return z
}

export async function remoteDefinition(common: Common, o: RemoteOptions): Promise<BasemapDefinition> {
  if (o.style) return { ...common, kind: 'style', url: o.style }
  if (o.wms) {
    if (!o.layers) throw new UsageError('--wms needs --layers <names>')
    return {
      ...common,
      kind: 'wms',
      url: o.wms,
      layers: o.layers,
      ...(o.format ? { format: o.format as 'image/png' } : {}),
      ...(o.version ? { version: o.version as '1.3.0' } : {}),
    }
  }
  const minZoom = zoomOption(o['min-zoom'], '--min-zoom')
  const maxZoom = zoomOption(o['max-zoom'], '--max-zoom')
  if (o.xyz) {
    const tileSize = o['tile-size'] === undefined ? undefined : Number(o['tile-size'])
    return { ...common, kind: 'xyz', tiles: o.xyz, ...(tileSize !== undefined ? { tileSize: tileSize as 256 } : {}), ...(minZoom !== undefined ? { minZoom } : {}), ...(maxZoom !== undefined ? { maxZoom } : {}) }
  }
  if (o.wmts) {
    if (!o.layer) throw new UsageError('--wmts needs --layer <name>')
    const xml = await readCapabilities(o.wmts)
    const w = wmtsTemplate(xml, o.wmts, o.layer, o['matrix-set'], o.format)
    return { ...common, kind: 'xyz', tiles: [w.template], tileSize: w.tileSize, minZoom: minZoom ?? w.minZoom, maxZoom: maxZoom ?? w.maxZoom }
  }
  throw new UsageError('no base-map source given')
}

async function readCapabilities(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    try {
      return await fs.readFile(source, 'utf8')
    } catch {
      throw new InputError(source, 'cannot be read (does it exist?)')
    }
  }
  const url = new URL(source)
  if (!/GetCapabilities/i.test(url.search) && !/\.xml$/i.test(url.pathname)) {
    url.searchParams.set('SERVICE', 'WMTS')
    url.searchParams.set('REQUEST', 'GetCapabilities')
  }
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) })
  } catch (e) {
    throw new InputError(source, `does not answer (${(e as Error).message})`)
  }
  if (!res.ok) throw new InputError(source, `answers HTTP ${res.status} to GetCapabilities`)
  return res.text()
}

const WEB_MERCATOR = /(^|[:/])(3857|900913|102100)$/
const ORIGIN = 20037508.3427892

/** A Web Mercator matrix set whose tile matrices are the XYZ zoom levels (origin top-left, 2^z tiles). */
function zoomLevels(set: WmtsMatrixSet): { matrix: TileMatrix; z: number }[] | null {
  if (!WEB_MERCATOR.test(set.crs) && set.wellKnownScaleSet?.includes('GoogleMapsCompatible') !== true) return null
  const out: { matrix: TileMatrix; z: number }[] = []
  for (const m of set.tileMatrices) {
    const z = Math.round(Math.log2(m.matrixWidth))
    if (2 ** z !== m.matrixWidth || m.matrixHeight !== m.matrixWidth) return null
    if (Math.abs(m.topLeft[0] + ORIGIN) > 1 || Math.abs(m.topLeft[1] - ORIGIN) > 1) return null
    out.push({ matrix: m, z })
  }
  return out.length ? out : null
}

export interface WmtsTemplate {
  template: string
  tileSize: 256 | 512
  minZoom: number
  maxZoom: number
  matrixSet: string
}

/** Resolves a WMTS layer to one XYZ URL template (RESTful when offered, else KVP). */
export function wmtsTemplate(xml: string, source: string, layerName: string, matrixSetId?: string, formatHint?: string): WmtsTemplate {
  let doc
  try {
    doc = parseXmlString(xml)
  } catch (e) {
    throw new InputError(source, `is not readable WMTS capabilities (${(e as Error).message.split('\n')[0]})`)
  }
  const layers = readLayersFromCapabilities(doc)
  const sets = readMatrixSetsFromCapabilities(doc)
  if (!layers.length) throw new InputError(source, 'lists no WMTS layers (is it a WMTS GetCapabilities document?)')
  const layer = layers.find((l) => l.name === layerName)
  if (!layer) throw new InputError(source, `has no layer "${layerName}" (layers: ${layers.map((l) => l.name).join(', ')})`)
  const linked = layer.matrixSets.map((l) => l.identifier)
  const candidates = sets.filter((s) => linked.includes(s.identifier) && (!matrixSetId || s.identifier === matrixSetId))
  const chosen = candidates.map((s) => ({ s, levels: zoomLevels(s) })).find((c) => c.levels)
  if (!chosen) {
    const what = matrixSetId ? `tile matrix set "${matrixSetId}" is not` : 'no tile matrix set is'
    throw new InputError(source, `layer "${layerName}": ${what} GoogleMapsCompatible (EPSG:3857, 2^z tiles from the top-left); sets: ${linked.join(', ')}`)
  }
  const set = chosen.s
  const levels = chosen.levels!
  // {z} stands for a tile matrix identifier only when each is a common prefix followed by its zoom level.
  const prefix = levels[0].matrix.identifier.slice(0, levels[0].matrix.identifier.length - String(levels[0].z).length)
  if (!levels.every(({ matrix, z }) => matrix.identifier === `${prefix}${z}`)) {
    throw new InputError(source, `tile matrix set "${set.identifier}": identifiers (${levels.map((l) => l.matrix.identifier).slice(0, 3).join(', ')} …) are not zoom levels, so no {z} template fits`)
  }
  const tileSize = levels[0].matrix.tileWidth
  if (tileSize !== 256 && tileSize !== 512) throw new InputError(source, `tile matrix set "${set.identifier}" has ${tileSize}-pixel tiles; 256 or 512 are supported`)
  const style = layer.defaultStyle || layer.styles[0]?.name || 'default'
  const dims = Object.fromEntries((layer.dimensions ?? []).map((d) => [d.identifier, d.defaultValue]))
  const formats = layer.resourceLinks.map((r) => r.format)
  const rest = layer.resourceLinks.filter((r) => r.encoding === 'REST')
  const preferred = (links: { format: string }[]) => links.find((r) => r.format === formatHint) ?? links.find((r) => r.format === 'image/png') ?? links[0]
  let template: string
  const restLink = preferred(rest) as (typeof rest)[number] | undefined
  if (restLink) {
    const values: Record<string, string> = { ...dims, TileMatrixSet: set.identifier, TileMatrix: `${prefix}{z}`, TileRow: '{y}', TileCol: '{x}', Style: style, Layer: layer.name }
    template = restLink.url.replace(/\{([A-Za-z]+)\}/g, (m, k: string) => {
      const key = Object.keys(values).find((v) => v.toLowerCase() === k.toLowerCase())
      return key ? values[key] : m
    })
  } else {
    const info = readInfoFromCapabilities(doc)
    const kvp = info.getTileUrls.kvp
    if (!kvp) throw new InputError(source, `layer "${layerName}" has neither a RESTful template nor a KVP GetTile URL`)
    const format = formatHint ?? (formats.includes('image/png') ? 'image/png' : formats[0] ?? 'image/png')
    const url = new URL(kvp, /^https?:/i.test(source) ? source : undefined)
    const params: Record<string, string> = { SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: layer.name, STYLE: style, FORMAT: format, TILEMATRIXSET: set.identifier, TILEMATRIX: `${prefix}{z}`, TILEROW: '{y}', TILECOL: '{x}', ...dims }
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    template = url.toString().replace(/%7B([xyz])%7D/gi, '{$1}')
  }
  return { template, tileSize, minZoom: Math.min(...levels.map((l) => l.z)), maxZoom: Math.max(...levels.map((l) => l.z)), matrixSet: set.identifier }
}
