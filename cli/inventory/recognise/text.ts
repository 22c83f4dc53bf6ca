// Text formats recognised by their first bytes: GeoJSON, KML, GPX, GML/NAS, DXF, QGIS projects, CSV.
// Whole-file work (bbox, count) only up to FULL_READ bytes; larger files get format and CRS from their head.
import { FiniteExtent } from '../../../src/projection/geometry.ts'
import { readCsv } from '../../readers/csv.ts'
import { crsFromName, guessCrs } from '../crs.ts'
import type { BBox, Recognised } from '../types.ts'

export const FULL_READ = 32 * 1024 * 1024

export type TextKind = 'geojson' | 'kml' | 'gpx' | 'gml' | 'nas' | 'dxf' | 'qgs'

/** What a text head looks like, or null. `head` is the first few kB decoded as Latin-1 (markers are ASCII). */
export function sniffText(head: string): TextKind | null {
  const h = head.replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart()
  if (h.startsWith('{') && /"type"\s*:\s*"(FeatureCollection|Feature|Point|LineString|Polygon|Multi\w+|GeometryCollection)"/.test(h)) return 'geojson'
  if (h.startsWith('<')) {
    if (/<kml[\s>]/.test(h)) return 'kml'
    if (/<gpx[\s>]/.test(h)) return 'gpx'
    if (/<qgis[\s>]/.test(h)) return 'qgs'
    if (/adv-online\.de\/namespaces\/adv\/gid|<(\w+:)?(AX_\w+|NAS_Operationen|AX_Bestandsdatenauszug)/.test(h)) return 'nas'
    if (/www\.opengis\.net\/gml|<gml:/.test(h)) return 'gml'
    return null
  }
  if (/^0\s*\r?\n\s*SECTION\b/.test(h) || h.startsWith('AutoCAD Binary DXF')) return 'dxf'
  return null
}

function geojsonCrs(head: string): string | null {
  const m = /"crs"\s*:\s*\{[^}]*"name"\s*:\s*"([^"]+)"/.exec(head)
  return m ? crsFromName(m[1]) : 'EPSG:4326'
}

export function recogniseGeojson(head: string, whole: Buffer | null): Recognised {
  const crs = geojsonCrs(head)
  const out: Recognised = { format: 'geojson', crs, count: null, countKind: 'features' }
  if (!crs) out.crsName = /"name"\s*:\s*"([^"]+)"/.exec(head)?.[1]
  if (!whole) return out
  let doc: unknown
  try {
    doc = JSON.parse(whole.toString('utf8'))
  } catch (e) {
    return { ...out, problems: [{ code: 'damaged', detail: `not valid JSON (${(e as Error).message})` }] }
  }
  const ext = new FiniteExtent()
  const walk = (c: unknown, depth: number): void => {
    if (!Array.isArray(c) || depth > 6) return
    if (typeof c[0] === 'number') ext.add(c[0], c[1] as number)
    else for (const d of c) walk(d, depth + 1)
  }
  const geometry = (g: { type?: string; coordinates?: unknown; geometries?: unknown[] } | null | undefined) => {
    if (!g) return
    if (g.type === 'GeometryCollection') for (const x of g.geometries ?? []) geometry(x as never)
    else walk(g.coordinates, 0)
  }
  const d = doc as { type?: string; features?: { geometry?: never }[]; geometry?: never }
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) {
    for (const f of d.features) geometry(f?.geometry)
    out.count = d.features.length
  } else if (d.type === 'Feature') {
    geometry(d.geometry)
    out.count = 1
  } else {
    geometry(d as never)
    out.count = 1
  }
  out.nativeBbox = ext.b
  return out
}

const NUM = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g

export function recogniseKml(whole: string | null): Recognised {
  const out: Recognised = { format: 'kml', crs: 'EPSG:4326', count: null, countKind: 'features' }
  if (whole === null) return out
  const ext = new FiniteExtent()
  for (const m of whole.matchAll(/<coordinates>([^<]*)<\/coordinates>/g)) {
    for (const tuple of m[1].trim().split(/\s+/)) {
      const [x, y] = tuple.split(',').map(Number)
      ext.add(x, y)
    }
  }
  out.count = (whole.match(/<Placemark[\s>]/g) ?? []).length
  out.nativeBbox = ext.b
  return out
}

export function recogniseGpx(whole: string | null): Recognised {
  const out: Recognised = { format: 'gpx', crs: 'EPSG:4326', count: null, countKind: 'features' }
  if (whole === null) return out
  const ext = new FiniteExtent()
  for (const m of whole.matchAll(/<(?:wpt|trkpt|rtept)\s([^>]*)>/g)) {
    const lat = /lat="([^"]+)"/.exec(m[1])
    const lon = /lon="([^"]+)"/.exec(m[1])
    if (lat && lon) ext.add(Number(lon[1]), Number(lat[1]))
  }
  out.count = (whole.match(/<(wpt|trk|rte)[\s>]/g) ?? []).length
  out.nativeBbox = ext.b
  return out
}

/** GML and NAS: srsName of the first geometry or envelope; bbox from envelopes and coordinate lists. */
export function recogniseGml(kind: 'gml' | 'nas', head: string, whole: string | null): Recognised {
  const srs = /srsName\s*=\s*"([^"]+)"/.exec(whole ?? head)?.[1]
  const crs = srs ? crsFromName(srs) : null
  const out: Recognised = { format: kind, crs, count: null, countKind: 'features' }
  if (srs && !crs) out.crsName = srs
  if (whole === null) return out
  const ext = new FiniteExtent()
  // Latitude-first axis order (EPSG:4326/4258 in GML 3) is swapped back to x/y.
  const swap = /^(urn:ogc:def:crs:EPSG::(4326|4258)|http:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/(4326|4258))$/.test(srs ?? '')
  const pairs = (text: string) => {
    const v = text.match(NUM)?.map(Number) ?? []
    for (let i = 0; i + 1 < v.length; i += 2) swap ? ext.add(v[i + 1], v[i]) : ext.add(v[i], v[i + 1])
  }
  for (const m of whole.matchAll(/<(?:\w+:)?(lowerCorner|upperCorner|pos|posList)[^>]*>([^<]*)</g)) pairs(m[2])
  for (const m of whole.matchAll(/<(?:\w+:)?coordinates[^>]*>([^<]*)</g)) {
    for (const t of m[1].trim().split(/\s+/)) {
      const [x, y] = t.split(',').map(Number)
      ext.add(x, y)
    }
  }
  out.count = (whole.match(/<(\w+:)?(featureMember|member)[\s>]/g) ?? []).length || null
  if (kind === 'nas') out.count = (whole.match(/<(\w+:)?(AX|AP|AA)_\w+\s[^>]*gml:id=/g) ?? []).length || out.count
  out.nativeBbox = ext.b
  return out
}

/** DXF: $EXTMIN/$EXTMAX from the header section; DXF carries no CRS, so it is guessed from the range at most. */
export function recogniseDxf(head: string): Recognised {
  const out: Recognised = { format: 'dxf', crs: null, count: null }
  if (head.startsWith('AutoCAD Binary DXF')) return out
  const point = (name: string) => {
    const m = new RegExp(`\\$${name}\\s*\\r?\\n\\s*10\\s*\\r?\\n\\s*(\\S+)\\s*\\r?\\n\\s*20\\s*\\r?\\n\\s*(\\S+)`).exec(head)
    return m ? [Number(m[1]), Number(m[2])] : null
  }
  const lo = point('EXTMIN')
  const hi = point('EXTMAX')
  if (lo && hi && lo.every(Number.isFinite) && hi.every(Number.isFinite) && lo[0] <= hi[0] && lo[1] <= hi[1]) {
    out.nativeBbox = [lo[0], lo[1], hi[0], hi[1]]
    const guess = guessCrs(out.nativeBbox)
    if (guess) out.crsName = `guessed from the extent: ${guess}`
  }
  return out
}

/**
 * CSV (or a sheet rendered as CSV text) with coordinate columns, through the publisher's own CSV reader.
 * null when there are no coordinate columns. `complete` says whether `bytes` is the whole table.
 */
export function recogniseTable(format: string, bytes: Uint8Array, complete: boolean, rows: number | null = null): Recognised | null {
  let data
  try {
    data = readCsv(bytes, format)
  } catch (e) {
    const msg = (e as Error).message
    if (/several coordinate column pairs/.test(msg)) return { format, crs: null, count: rows, countKind: 'rows', crsName: 'several coordinate column pairs' }
    return null
  }
  const ext = new FiniteExtent()
  for (const f of data.features) {
    const c = f.geometry?.coordinates as number[] | undefined
    if (c) ext.add(c[0], c[1])
  }
  const out: Recognised = { format, crs: data.crs, count: complete ? data.features.length : rows, countKind: 'rows' }
  if (complete) out.nativeBbox = ext.b
  if (!data.crs && ext.b) {
    const guess = guessCrs(ext.b)
    if (guess) out.crsName = `guessed from the values: ${guess}`
  }
  return out
}

/** Column names of the CSV reader's coordinate pairs and CRS columns, normalised (lower case, letters and digits). */
const COORDINATE_NAMES = new Set([
  'utmrechtswert', 'utmhochwert', 'rechtswert', 'hochwert', 'rw', 'hw', 'x', 'y', 'xkoordinate', 'ykoordinate', 'koordx', 'koordy',
  'xcoord', 'ycoord', 'easting', 'northing', 'east', 'north', 'e', 'n', 'lon', 'lng', 'long', 'lat', 'longitude', 'latitude',
  'laenge', 'lange', 'breite', 'geolaenge', 'geobreite',
])

/**
 * The cheap test before a .txt is parsed as a table: does its first line (after a "sep=" line) name a
 * coordinate column? Most .txt files on a drive are notes and logs; parsing each as CSV cost more than the walk.
 */
export function coordinateHeader(head: string): boolean {
  let h = head.replace(/^\ufeff|^\xef\xbb\xbf/, '')
  if (/^"?sep=/i.test(h)) h = h.slice(h.indexOf('\n') + 1)
  const end = h.search(/\r?\n/)
  let line = end < 0 ? h : h.slice(0, end)
  // The head is Latin-1 text; UTF-8 names ("Länge") are decoded again, CP1252 ones are right already.
  const utf8 = Buffer.from(line, 'latin1').toString('utf8')
  if (!utf8.includes('\ufffd')) line = utf8
  let found = 0
  for (const t of line.split(/[;,\t|]/)) if (COORDINATE_NAMES.has(t.toLowerCase().normalize('NFD').replace(/[^a-z0-9]/g, ''))) found++
  return found >= 2
}
