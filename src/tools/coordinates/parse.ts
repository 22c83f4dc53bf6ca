// Typed coordinates (issue #15, reused by the coordinate tools of issue #16), pure: UTM zone 32 easting/northing
// (ETRS89, EPSG:25832) with or without the zone, latitude/longitude in decimal degrees or degrees-minutes-seconds,
// and Gauss-Krüger (DHDN, zones 2 and 3: EPSG:31466/31467). Which reading was taken, and why, travels with the
// result as notes, so the user sees how an ambiguous input was read.

export type CoordinateNote =
  /** Northing before easting (or longitude before latitude, as GeoJSON writes it): the numbers were turned round. */
  | 'swapped'
  /** Two plain degrees outside Germany's ranges: read as latitude first (ISO 6709), which is a guess. */
  | 'order-assumed'
  /** A 6-digit easting without a zone: read as UTM zone 32, the zone of NRW (zone 33 starts at 12° E). */
  | 'zone-assumed'
  /** Easting written with its zone in front ("32412345"), as in German official data. */
  | 'zone-prefixed'

export type ParsedCoordinate =
  | { kind: 'utm'; zone: 32; easting: number; northing: number; notes: CoordinateNote[] }
  | { kind: 'gk'; zone: 2 | 3; easting: number; northing: number; notes: CoordinateNote[] }
  | { kind: 'latlon'; lat: number; lon: number; notes: CoordinateNote[] }

export type CoordinateProblem =
  /** A UTM zone other than 32 was named. */
  | { problem: 'zone'; zone: number }
  /** Two numbers that are none of the known coordinate forms (e.g. an easting of a German CRS out of range). */
  | { problem: 'range' }

/** Northings of Germany in UTM and Gauss-Krüger (with margin). */
const NORTH = [5_150_000, 6_150_000]
const UTM_EAST = [160_000, 840_000]
const GK_EAST: Record<2 | 3, [number, number]> = { 2: [2_250_000, 2_750_000], 3: [3_250_000, 3_750_000] }
const LAT_DE = [47, 55.5]
const LON_DE = [5.5, 15.5]

const within = (v: number, [a, b]: readonly number[]) => v >= a && v <= b

/** Words that label a number ("E 412345 N 5712345", "Rechtswert …", "lat: …") and carry no meaning here. */
const LABEL = /^(?:lat|lon|lng|long|breite|laenge|länge|rechts(?:wert)?|hoch(?:wert)?|ost(?:wert)?|nord(?:wert)?|east(?:ing)?|north(?:ing)?|x|y|r|h|utm|etrs89|epsg:?25832|wgs84|gk|dhdn)[:=]?$/i
const HEMI = /^[NSEWO]$/i

interface Num {
  value: number
  hemi?: 'N' | 'S' | 'E' | 'W'
  decimal: boolean
}

const hemisphere = (c: string): Num['hemi'] => {
  const u = c.toUpperCase()
  return u === 'O' ? 'E' : (u as Num['hemi'])
}

/** Degrees, minutes, seconds of one coordinate: 51°34'12.5"N, 51° 34.2' N, N 51°34', 8°6'E … */
const DMS = /([NSEWO])?\s*(-?\d{1,3}(?:[.,]\d+)?)\s*°\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|'')\s*)?([NSEWO])?/gi

function parseDms(text: string): Num[] | null {
  const out: Num[] = []
  let rest = text
  for (const m of text.matchAll(DMS)) {
    const [all, before, d, mi, s, after] = m
    const deg = Number(d.replace(',', '.'))
    const min = mi ? Number(mi.replace(',', '.')) : 0
    const sec = s ? Number(s.replace(',', '.')) : 0
    if (min >= 60 || sec >= 60) return null
    const sign = deg < 0 || d.startsWith('-') ? -1 : 1
    const h = before ?? after
    out.push({ value: sign * (Math.abs(deg) + min / 60 + sec / 3600), hemi: h ? hemisphere(h) : undefined, decimal: true })
    rest = rest.replace(all, ' ')
  }
  // Anything left but separators means this was not (only) a coordinate.
  return out.length === 2 && /^[\s,;/]*$/.test(rest) ? out : null
}

function parseNumbers(text: string): Num[] | null {
  let parts = text.split(/\s*[;/]\s*|\s+|,\s+/).filter(Boolean)
  // "51.57,8.10" or "412345,5712345": one comma between two numbers. "51,57" alone is one number (decimal comma).
  if (parts.length === 1 && (parts[0].match(/,/g) ?? []).length === 1 && /\./.test(parts[0]) === false && /^\d{6,8},\d{7}/.test(parts[0])) parts = parts[0].split(',')
  else if (parts.length === 1 && /^[^,]*\.[^,]*,[^,]*\.[^,]*$/.test(parts[0])) parts = parts[0].split(',')
  const out: Num[] = []
  let pendingHemi: Num['hemi']
  for (const raw of parts) {
    if (LABEL.test(raw)) continue
    if (HEMI.test(raw)) {
      // A letter before a number labels the next one, after it the previous one ("N 51.5" / "51.5 N").
      if (out.length && out[out.length - 1].hemi === undefined && pendingHemi === undefined) out[out.length - 1].hemi = hemisphere(raw)
      else pendingHemi = hemisphere(raw)
      continue
    }
    const m = /^([NSEWO])?([-+]?\d+(?:[.,]\d+)?)([NSEWO])?$/i.exec(raw)
    if (!m) return null
    const value = Number(m[2].replace(',', '.'))
    const h = m[1] ?? m[3]
    out.push({ value, decimal: /[.,]/.test(m[2]), hemi: h ? hemisphere(h) : pendingHemi })
    pendingHemi = undefined
  }
  return out.length === 2 ? out : null
}

function latLon(a: Num, b: Num): ParsedCoordinate | null {
  const signed = (n: Num) => (n.hemi === 'S' || n.hemi === 'W' ? -Math.abs(n.value) : n.value)
  const isLat = (n: Num) => n.hemi === 'N' || n.hemi === 'S'
  const isLon = (n: Num) => n.hemi === 'E' || n.hemi === 'W'
  let lat: number
  let lon: number
  const notes: CoordinateNote[] = []
  if (isLat(a) || isLon(b)) [lat, lon] = [signed(a), signed(b)]
  else if (isLon(a) || isLat(b)) {
    ;[lat, lon] = [signed(b), signed(a)]
  } else if (within(a.value, LAT_DE) && within(b.value, LON_DE)) [lat, lon] = [a.value, b.value]
  else if (within(b.value, LAT_DE) && within(a.value, LON_DE)) {
    ;[lat, lon] = [b.value, a.value]
    notes.push('swapped')
  } else if (Math.abs(a.value) <= 90) {
    ;[lat, lon] = [a.value, b.value]
    notes.push('order-assumed')
  } else {
    ;[lat, lon] = [b.value, a.value]
    notes.push('swapped')
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null
  return { kind: 'latlon', lat, lon, notes }
}

function metric(a: number, b: number, zoneGiven: boolean): ParsedCoordinate | CoordinateProblem {
  const notes: CoordinateNote[] = []
  let [e, n] = [a, b]
  if (!within(n, NORTH) && within(e, NORTH)) {
    ;[e, n] = [b, a]
    notes.push('swapped')
  }
  if (!within(n, NORTH)) return { problem: 'range' }
  if (within(e, [32_000_000 + UTM_EAST[0], 32_000_000 + UTM_EAST[1]])) return { kind: 'utm', zone: 32, easting: e - 32_000_000, northing: n, notes: [...notes, 'zone-prefixed'] }
  if (within(e, UTM_EAST)) return { kind: 'utm', zone: 32, easting: e, northing: n, notes: zoneGiven ? notes : [...notes, 'zone-assumed'] }
  for (const zone of [2, 3] as const) if (!zoneGiven && within(e, GK_EAST[zone])) return { kind: 'gk', zone, easting: e, northing: n, notes }
  return { problem: 'range' }
}

/**
 * Reads typed coordinates. null: the text is not a coordinate at all (an address, a name) — search it as text.
 * A problem: two numbers that look like a coordinate but fit no form (say so instead of searching).
 * Examples: "32 412345 5712345", "32U 412345 5712345", "412345, 5712345", "E 412345 N 5712345", "32412345 5712345",
 * "51.57, 8.10", "51,57 8,10", "8.10 51.57" (turned round: note 'swapped'), "51°34'12\"N 8°06'E",
 * "N 51° 34.2' E 8° 6'", "3412345 5712345" (Gauss-Krüger zone 3).
 */
export function parseCoordinates(input: string): ParsedCoordinate | CoordinateProblem | null {
  let text = input.trim().replace(/[\u2032\u2019]/g, "'").replace(/[\u2033\u201d]/g, '"').replace(/\u2212/g, '-')
  if (!text || text.length > 120 || !/\d/.test(text)) return null
  // A UTM zone in front: "32 412345 …", "32U …", "UTM 32N …", "zone 32: …"
  let zone: number | undefined
  const z = /^(?:utm\s*)?(?:zone\s*)?(\d{2})\s*([c-hj-np-x])?(?:\s*[:,]?\s+)(?=\d)/i.exec(text)
  if (z && Number(z[1]) >= 1 && Number(z[1]) <= 60) {
    zone = Number(z[1])
    text = text.slice(z[0].length)
  }
  if (/°/.test(text)) {
    const dms = parseDms(text)
    return dms ? latLon(dms[0], dms[1]) : null
  }
  const nums = parseNumbers(text)
  if (!nums) return null
  const [a, b] = nums
  if (zone !== undefined) {
    if (zone !== 32) return { problem: 'zone', zone }
    return metric(a.value, b.value, true)
  }
  if (Math.abs(a.value) >= 1000 || Math.abs(b.value) >= 1000) {
    if (a.hemi || b.hemi) {
      // "E 412345 N 5712345": the letters are axis labels, not hemispheres.
      return a.hemi === 'N' ? metric(b.value, a.value, false) : metric(a.value, b.value, false)
    }
    return metric(a.value, b.value, false)
  }
  // Plain degrees need a fraction or a hemisphere: "12 14" is more likely house numbers than a place in Chad.
  if (!a.decimal && !b.decimal && !a.hemi && !b.hemi) return null
  return latLon(a, b)
}

export const isProblem = (r: ParsedCoordinate | CoordinateProblem): r is CoordinateProblem => 'problem' in r
