// URL state in the hash, OSM-style: #map=<zoom>/<lat>/<lon>&layers=<id>,<id>, plus layer=<id> for a layer's
// details page and page=<name> for the other pages (dashboard, barrierefreiheit). Unknown keys are kept.
import { LAYER_ID } from '../model/catalog.ts'
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
  /** The place search's marker (#marker=<lat>,<lon>, issue #15). */
  marker?: { lat: number; lon: number }
  /** Other keys, preserved on write. */
  rest: [string, string][]
}

// Bounds: a share link is typed, pasted and edited by anyone, so its size is the sender's choice. Everything past
// a bound is ignored (never an error): the parse costs O(MAX_HASH_CHARS) whatever the hash holds, and the map
// is asked to draw at most MAX_URL_LAYERS layers.
/** The hash is read up to this many characters (100 layer ids of 64 characters fit with room to spare). */
export const MAX_HASH_CHARS = 16_384
/** A longer value is ignored (a layer list: read up to here). Counted before percent-decoding. */
export const MAX_VALUE_CHARS = 8_192
/** At most this many layers from `layers=`, the first occurrence of each id. */
export const MAX_URL_LAYERS = 100

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined // a malformed escape (%E0, or one cut in half by a cap): the key is ignored
  }
}

/**
 * The layer ids of `layers=`: valid ids only (LAYER_ID: anything else cannot name a layer), each once (a repeated
 * id would be added to the map twice), at most MAX_URL_LAYERS. A value cut by a cap loses its last, partial id:
 * "demo-bezirke" cut to "demo-bez" could name another layer.
 */
function parseLayers(raw: string, cut: boolean): string[] | undefined {
  let text = raw.slice(0, MAX_VALUE_CHARS + 1)
  if (cut || raw.length > MAX_VALUE_CHARS) text = text.slice(0, Math.max(0, text.lastIndexOf(',')))
  const value = decode(text)
  if (value === undefined) return undefined
  const out: string[] = []
  // At most a few thousand pieces (MAX_VALUE_CHARS); includes() looks at most MAX_URL_LAYERS ids.
  for (const id of value.split(',')) if (out.length < MAX_URL_LAYERS && !out.includes(id) && LAYER_ID.test(id)) out.push(id)
  return out
}

export function parseHash(hash: string): UrlState {
  const state: UrlState = { rest: [] }
  const body = hash.charAt(0) === '#' ? hash.slice(1) : hash
  if (!body) return state
  const parts = body.slice(0, MAX_HASH_CHARS).split('&')
  parts.forEach((part, i) => {
    // The hash cap may cut its last key's value: only a layer list can be used in part (whole ids).
    const cut = body.length > MAX_HASH_CHARS && i === parts.length - 1
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    if (!key) return
    const raw = eq < 0 ? '' : part.slice(eq + 1)
    if (key === 'layers') {
      state.layers = parseLayers(raw, cut)
      return
    }
    const value = cut || raw.length > MAX_VALUE_CHARS ? undefined : decode(raw)
    if (value === undefined) return
    if (key === 'map') {
      const [z, lat, lon] = value.split('/', 3).map(Number)
      if ([z, lat, lon].every(Number.isFinite) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && z >= 0 && z <= 24) {
        state.zoom = z
        state.center = [lon, lat]
      }
    } else if (key === 'layer') {
      if (value) state.layer = value
    } else if (key === 'page') {
      if (value) state.page = value
    } else if (key === 'basemap') {
      state.basemap = parseBasemapParam(value)
    } else if (key === 'marker') {
      state.marker = parseMarkerParam(value)
    } else state.rest.push([key, value])
  })
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
  if (s.marker) parts.push(`marker=${fixed(s.marker.lat)},${fixed(s.marker.lon)}`)
  for (const [k, v] of s.rest) parts.push(v ? `${k}=${encodeURIComponent(v)}` : k)
  return parts.length ? `#${parts.join('&')}` : ''
}

/** A base-map id as the catalog allows it (or `none`); anything else is ignored (the default applies). */
export function parseBasemapParam(value: string): string | undefined {
  return value === NO_BASEMAP || BASEMAP_ID.test(value) ? value : undefined
}

/** A marker value is two short decimal numbers; anything longer or else is ignored (no marker). */
export const MAX_MARKER_CHARS = 40

/** "51.5714,8.1058" → the marker; out of range, malformed or over MAX_MARKER_CHARS → undefined. */
export function parseMarkerParam(value: string): { lat: number; lon: number } | undefined {
  if (value.length > MAX_MARKER_CHARS) return undefined
  const m = /^(-?\d{1,2}(?:\.\d{1,9})?),(-?\d{1,3}(?:\.\d{1,9})?)$/.exec(value)
  if (!m) return undefined
  const lat = Number(m[1])
  const lon = Number(m[2])
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined
}

/** Six decimals (~0.1 m), trailing zeros dropped. */
const fixed = (v: number) => v.toFixed(6).replace(/\.?0+$/, '')

/**
 * The kept keys with some replaced, added (at the end) or removed (undefined): how a planners' tool writes its
 * part of the share link (ToolLink).
 */
export function mergeRest(rest: readonly [string, string][], values: Record<string, string | undefined>): [string, string][] {
  const out: [string, string][] = []
  const done = new Set<string>()
  for (const [k, v] of rest) {
    if (!(k in values)) out.push([k, v])
    else if (!done.has(k)) {
      done.add(k)
      const next = values[k]
      if (next !== undefined) out.push([k, next])
    }
  }
  for (const [k, v] of Object.entries(values)) if (!done.has(k) && v !== undefined) out.push([k, v])
  return out
}
