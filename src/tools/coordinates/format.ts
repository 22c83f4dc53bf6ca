// Coordinates as planners read and paste them: EPSG:25832 and Gauss-Krüger in metres without thousands grouping
// (so that the text can be pasted back into a coordinate field or a CAD), lat/lon in decimal degrees and in
// degrees-minutes-seconds. The language sets the decimal mark.
export type Lang = 'de' | 'en'

const fixed = (x: number, digits: number, lang: Lang) => {
  const s = x.toFixed(digits)
  return lang === 'de' ? s.replace('.', ',') : s
}

/** Easting and northing with centimetres, e.g. "412345,67" / "5712345,89". */
export function formatMetres(e: number, n: number, lang: Lang): { e: string; n: string } {
  return { e: fixed(e, 2, lang), n: fixed(n, 2, lang) }
}

/** Decimal degrees with 6 decimals (about 0.1 m). */
export function formatDegrees(lon: number, lat: number, lang: Lang): { lat: string; lon: string } {
  return { lat: `${fixed(lat, 6, lang)}°`, lon: `${fixed(lon, 6, lang)}°` }
}

/** Degrees, minutes and seconds with hemisphere letters (N/S; E/O in German, E/W in English). */
export function formatDms(lon: number, lat: number, lang: Lang): { lat: string; lon: string } {
  const dms = (v: number, pos: string, neg: string) => {
    const a = Math.abs(v)
    let d = Math.floor(a)
    let m = Math.floor((a - d) * 60)
    let s = Math.round(((a - d) * 60 - m) * 60 * 100) / 100
    if (s >= 60) (s -= 60), (m += 1)
    if (m >= 60) (m -= 60), (d += 1)
    return `${d}° ${String(m).padStart(2, '0')}′ ${fixed(s, 2, lang).padStart(5, '0')}″ ${v < 0 ? neg : pos}`
  }
  return { lat: dms(lat, 'N', 'S'), lon: dms(lon, lang === 'de' ? 'O' : 'E', 'W') }
}

export interface CoordinateSet {
  utm: [number, number]
  lonLat: [number, number]
  /** Gauss-Krüger zone 3 (EPSG:31467), when the BeTA2007 grid is loaded. */
  gk?: [number, number]
}

/** The text a copy button puts on the clipboard: one system per line, named by its EPSG code. */
export function coordinateText(c: CoordinateSet, lang: Lang, systems: { lonLat?: boolean; gk?: boolean } = { lonLat: true, gk: true }): string {
  const u = formatMetres(c.utm[0], c.utm[1], lang)
  const lines = [`EPSG:25832 E ${u.e} N ${u.n}`]
  if (systems.lonLat) {
    const d = formatDegrees(c.lonLat[0], c.lonLat[1], lang)
    lines.push(`EPSG:4326 ${d.lat} ${d.lon}`)
  }
  if (systems.gk && c.gk) {
    const g = formatMetres(c.gk[0], c.gk[1], lang)
    lines.push(`EPSG:31467 R ${g.e} H ${g.n}`)
  }
  return lines.join('\n')
}
