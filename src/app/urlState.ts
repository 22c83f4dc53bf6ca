// URL state in the hash, OSM-style: #map=<zoom>/<lat>/<lon>&layers=<id>,<id>, plus layer=<id> for a layer's
// details page and page=<name> for the other pages (dashboard, barrierefreiheit). Unknown keys are kept.
import { BASEMAP_ID, NO_BASEMAP } from '../model/basemap.ts'

export interface UrlState {
  zoom?: number
  center?: [number, number]
  /** undefined = not in the URL (use the catalog default); [] = explicitly none. */
  layers?: string[]
  /** The layer whose details page is open (#layer=<id>). */
  layer?: string
  /** A named page (#page=dashboard, #page=barrierefreiheit); a layer page takes precedence. */
  page?: string
  /** The base map (#basemap=<id>, `none` for none); undefined = not in the URL. */
  basemap?: string
  /** Other keys, preserved on write. */
  rest: [string, string][]
}

export function parseHash(hash: string): UrlState {
  const state: UrlState = { rest: [] }
  const body = hash.replace(/^#/, '')
  if (!body) return state
  for (const part of body.split('&')) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1))
    if (key === 'map') {
      const [z, lat, lon] = value.split('/').map(Number)
      if ([z, lat, lon].every(Number.isFinite) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && z >= 0 && z <= 24) {
        state.zoom = z
        state.center = [lon, lat]
      }
    } else if (key === 'layers') {
      state.layers = value ? value.split(',').filter(Boolean) : []
    } else if (key === 'layer') {
      if (value) state.layer = value
    } else if (key === 'page') {
      if (value) state.page = value
    } else if (key === 'basemap') {
      state.basemap = parseBasemapParam(value)
    } else if (key) state.rest.push([key, value])
  }
  return state
}

/** Precision follows zoom, like OSM: enough digits to place the view to about a pixel. */
export function formatHash(s: UrlState): string {
  const parts: string[] = []
  if (s.center && s.zoom !== undefined) {
    const digits = Math.max(0, Math.ceil((s.zoom * Math.LN2) / Math.LN10))
    parts.push(`map=${s.zoom.toFixed(2).replace(/\.?0+$/, '')}/${s.center[1].toFixed(digits)}/${s.center[0].toFixed(digits)}`)
  }
  if (s.layers) parts.push(`layers=${s.layers.map(encodeURIComponent).join(',')}`)
  if (s.layer) parts.push(`layer=${encodeURIComponent(s.layer)}`)
  if (s.page) parts.push(`page=${encodeURIComponent(s.page)}`)
  if (s.basemap) parts.push(`basemap=${encodeURIComponent(s.basemap)}`)
  for (const [k, v] of s.rest) parts.push(v ? `${k}=${encodeURIComponent(v)}` : k)
  return parts.length ? `#${parts.join('&')}` : ''
}

/** A base-map id as the catalog allows it (or `none`); anything else is ignored (the default applies). */
export function parseBasemapParam(value: string): string | undefined {
  return value === NO_BASEMAP || BASEMAP_ID.test(value) ? value : undefined
}
