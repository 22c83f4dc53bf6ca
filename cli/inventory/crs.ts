// CRS identification for the inventory: .prj WKT, GML/NAS srsName, GeoTIFF and GeoPackage codes, and the
// transformation of a native bbox into EPSG:25832 (the area check and the portal page's map use it).
import { normaliseCrs, WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import { transformBBox } from '../../src/projection/geometry.ts'
import { identifyPrj } from '../readers/shapefile.ts'
import type { BBox } from './types.ts'

/** AdV (NAS/ALKIS) CRS names as used in srsName="urn:adv:crs:…". */
const ADV: Record<string, string> = {
  etrs89_utm32: 'EPSG:25832',
  etrs89_utm33: 'EPSG:25833',
  de_dhdn_3gk2: 'EPSG:31466',
  de_dhdn_3gk3: 'EPSG:31467',
  de_dhdn_3gk4: 'EPSG:31468',
  'etrs89_lat-lon': 'EPSG:4258',
  etrs89_lat_lon: 'EPSG:4258',
}

/** Kreis Soest in EPSG:25832 (extent of the BKG VG250 district polygon), the default area of --area. */
export const KREIS_SOEST: BBox = [418730, 5693263, 471336, 5731062]

export function crsFromPrj(text: string): { crs: string | null; name: string } {
  const r = identifyPrj(text)
  if (r.crs) return r
  // identifyPrj knows the zones the publisher supports; the inventory also names GK zone 4 by its parameters' name.
  if (/gauss.{0,12}zone_?4|3gk4/i.test(r.name.replace(/[^A-Za-z0-9]+/g, '_'))) return { crs: 'EPSG:31468', name: r.name }
  return r
}

export function crsFromName(name: string): string | null {
  const n = name.trim()
  const adv = /^urn:adv:crs:(.+)$/i.exec(n)
  if (adv) {
    const key = adv[1].toLowerCase().split('*')[0]
    return ADV[key] ?? null
  }
  if (/^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/\d+\/(\d+)$/i.test(n)) return `EPSG:${/(\d+)$/.exec(n)![1]}`
  return normaliseCrs(n)
}

export const crsFromCode = (code: number | null | undefined) => (code && code > 0 && code < 1_000_000 ? `EPSG:${code}` : null)

/**
 * A guess from value ranges for files that carry no CRS (DXF, CSV): only for ranges that fit one German CRS
 * around NRW and nothing else. Returned as a guess; the find keeps an `unknown-crs` problem saying so.
 */
export function guessCrs(b: BBox): string | null {
  const [x0, y0, x1, y1] = b
  const within = (lo: number, hi: number, a: number, c: number) => a >= lo && c <= hi
  if (within(280_000, 920_000, x0, x1) && within(5_200_000, 6_110_000, y0, y1)) return 'EPSG:25832'
  if (within(2_300_000, 2_700_000, x0, x1) && within(5_200_000, 6_110_000, y0, y1)) return 'EPSG:31466'
  if (within(3_300_000, 3_700_000, x0, x1) && within(5_200_000, 6_110_000, y0, y1)) return 'EPSG:31467'
  if (within(5, 16, x0, x1) && within(47, 56, y0, y1)) return 'EPSG:4326'
  return null
}

const GK4 = '+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 +ellps=bessel +nadgrids=BETA2007 +units=m +no_defs +type=crs'

/** Registers Gauss-Krüger zone 4 next to the zones the registry knows, when the BeTA2007 grid is loaded. */
export function extendProjections(p: Projections): Projections {
  if (p.has('EPSG:31467') && !p.has('EPSG:31468')) p.define('EPSG:31468', GK4)
  return p
}

/** bbox in EPSG:25832, or null when the CRS is unknown or the extent is not plausible for it. */
export function toWork(b: BBox | null | undefined, crs: string | null | undefined, p: Projections): BBox | null {
  if (!b || !crs || !b.every(Number.isFinite) || b[0] > b[2] || b[1] > b[3]) return null
  if (crs === WORK_CRS) return b
  if (!p.has(crs)) return null
  if ((crs === 'EPSG:4326' || crs === 'EPSG:4258') && (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)) return null
  try {
    // A single point (a one-feature file) needs one transformation, not twenty along the edges.
    const out = b[0] === b[2] && b[1] === b[3] ? pointBox(p.forward(crs, WORK_CRS)([b[0], b[1]])) : transformBBox(b, p.forward(crs, WORK_CRS), 4)
    return out.every(Number.isFinite) ? (out.map((v) => Math.round(v * 100) / 100) as BBox) : null
  } catch {
    return null
  }
}

const pointBox = ([x, y]: number[]): BBox => [x, y, x, y]

/** The area in another CRS, once per run and CRS (it was transformed again for every find). */
const areas = new WeakMap<Projections, Map<string, BBox | null>>()
function areaIn(area: BBox, crs: string, p: Projections): BBox | null {
  let m = areas.get(p)
  if (!m) areas.set(p, (m = new Map()))
  const key = `${crs}|${area.join(',')}`
  if (!m.has(key)) {
    let a: BBox | null = null
    try {
      a = transformBBox(area, p.forward(WORK_CRS, crs), 4)
      if (!a.every(Number.isFinite)) a = null
    } catch {
      /* fall back to the bbox in EPSG:25832 */
    }
    m.set(key, a)
  }
  return m.get(key)!
}

export const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]

/**
 * Whether a native bbox touches the area (EPSG:25832), compared in the find's own CRS: a world-wide lon/lat
 * extent has no meaningful UTM zone 32 image, while the area has one in every CRS near it.
 */
export function touchesArea(native: BBox | null | undefined, work: BBox | null, crs: string | null, area: BBox, p: Projections): boolean | null {
  if (crs && native && crs !== WORK_CRS && p.has(crs)) {
    const a = areaIn(area, crs, p)
    if (a) return intersects(native, a)
  }
  return work ? intersects(work, area) : null
}
