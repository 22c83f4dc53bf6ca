// Plausible placement of a vector layer (the "korrekt" criterion), checked on the source coordinates before
// reprojection: a layer that lies outside its CRS's area of use, or nowhere near the catalog's expected area, is
// almost always a wrong or missing CRS or swapped axes — refused with the likely cause and what to do, unless
// the officer says the place is right (--allow-outside-area). Single stray features stay a quality finding.
// A file without a declared CRS is never published on a guess: the message names the --crs that fits.
import type { BBox } from '../../src/model/catalog.ts'
import { FiniteExtent, transformBBox, type Geometry } from '../../src/projection/geometry.ts'
import { WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import { InputError } from '../readers/errors.ts'
import type { VectorFeature, VectorSource } from '../vector/model.ts'

/** Kreis Soest (the district's outline, EPSG:25832, from shared/data/vector/kreis_soest_25832.fgb). */
export const KREIS_SOEST_BBOX: BBox = [418730, 5693263, 471336, 5731062]
/** Data of the neighbouring towns (Hamm, Lippstadt's surroundings, the Sauerland edge) still belongs here. */
export const DEFAULT_AREA_MARGIN = 25_000

export interface PlacementArea {
  /** EPSG:25832. */
  bbox: BBox
  /** Where it comes from, for messages: "Kreis Soest with a 25 km margin", "--extent", "catalog.json expectedArea". */
  name: string
}

export const DEFAULT_AREA: PlacementArea = {
  bbox: [
    KREIS_SOEST_BBOX[0] - DEFAULT_AREA_MARGIN,
    KREIS_SOEST_BBOX[1] - DEFAULT_AREA_MARGIN,
    KREIS_SOEST_BBOX[2] + DEFAULT_AREA_MARGIN,
    KREIS_SOEST_BBOX[3] + DEFAULT_AREA_MARGIN,
  ],
  name: `Kreis Soest with a ${DEFAULT_AREA_MARGIN / 1000} km margin`,
}

export interface PlacementOptions {
  area?: PlacementArea
  /** The officer confirms the place: skip the area-of-use and expected-area checks (not the CRS guess). */
  allowOutsideArea?: boolean
  /** Without a declared CRS, take the only one the coordinates fit (marked in `data.crsGuessed`) instead of refusing. */
  guessCrs?: boolean
}

/** Where each CRS is made for, in lon/lat: EPSG's area of use widened so that data reaching over a zone edge passes. */
const AREA_OF_USE: Record<string, { box: BBox; text: string }> = {
  'EPSG:4326': { box: [-180, -90, 180, 90], text: 'the whole earth' },
  'EPSG:4258': { box: [-40, 25, 50, 88], text: 'Europe' },
  'EPSG:3857': { box: [-180, -85.06, 180, 85.06], text: 'the earth between 85° S and 85° N' },
  'EPSG:25832': { box: [0, 30, 18, 86], text: 'Europe around 9° E (UTM zone 32)' },
  'EPSG:25833': { box: [6, 30, 24, 86], text: 'Europe around 15° E (UTM zone 33)' },
  'EPSG:31466': { box: [2.5, 46, 11, 56], text: 'Germany around 6° E (Gauss-Krüger zone 2)' },
  'EPSG:31467': { box: [4, 46, 14, 56], text: 'Germany around 9° E (Gauss-Krüger zone 3)' },
}
const GEOGRAPHIC = new Set(['EPSG:4326', 'EPSG:4258'])
/** The CRSs a file around Soest is usually in, tried when one is missing or wrong. */
export const GUESS_CANDIDATES = ['EPSG:25832', 'EPSG:31467', 'EPSG:31466', 'EPSG:4326', 'EPSG:25833']

const round = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toString() : (Math.round(v * 1e4) / 1e4).toString())
const boxText = (b: BBox) => `${round(b[0])}, ${round(b[1])} to ${round(b[2])}, ${round(b[3])}`
const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
const inside = (a: BBox, b: BBox) => a[0] >= b[0] && a[2] <= b[2] && a[1] >= b[1] && a[3] <= b[3]

/** The extent of the finite source coordinates, and the first feature with a position a geographic CRS cannot hold. */
export interface ExtentFacts {
  bbox: BBox | null
  outOfRange: { index: number; position: number[] } | null
  /** Positions within ±180°/±90°. */
  inRange: number
}

/** ExtentFacts gathered position by position. */
export class SourceExtentScan {
  private readonly extent = new FiniteExtent()
  private outOfRange: { index: number; position: number[] } | null = null
  private inRange = 0
  add(f: VectorFeature, index: number): void {
    if (f.geometry) this.geometry(f.geometry as Geometry, index)
  }
  private geometry(g: Geometry, index: number): void {
    if (g.type === 'GeometryCollection') for (const c of g.geometries ?? []) this.geometry(c, index)
    else this.walk(g.coordinates, index)
  }
  /** Every position (plain loops: this runs for every coordinate of a layer). */
  private walk(c: unknown, index: number): void {
    if (!Array.isArray(c)) return
    if (typeof c[0] !== 'number') {
      for (let k = 0; k < c.length; k++) this.walk(c[k], index)
      return
    }
    const x = c[0] as number
    const y = c[1] as number
    if (!this.extent.add(x, y)) return
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      if (!this.outOfRange) this.outOfRange = { index, position: [x, y] }
    } else this.inRange++
  }
  /** The facts as for a geographic CRS (`outOfRange` only means something for one). */
  result(): ExtentFacts {
    return { bbox: this.extent.b, outOfRange: this.outOfRange, inRange: this.inRange }
  }
}

function sourceExtent(data: VectorSource): ExtentFacts {
  const scan = new SourceExtentScan()
  let index = 0
  for (const f of data.features) scan.add(f, index++)
  return scan.result()
}

/**
 * Raw coordinate ranges a CRS can hold around Germany, tested before transforming: Gauss-Krüger goes through the
 * BeTA2007 grid, and proj4 throws a TypeError (after logging on stdout) for points outside it.
 */
const SOURCE_RANGE: Record<string, BBox> = {
  'EPSG:4326': [-180, -90, 180, 90],
  'EPSG:4258': [-180, -90, 180, 90],
  'EPSG:31466': [2_100_000, 5_150_000, 2_900_000, 6_200_000],
  'EPSG:31467': [3_100_000, 5_150_000, 3_900_000, 6_200_000],
}

/**
 * Runs a proj4 transformation with console.log muted: proj4 reports every point outside a grid there, which
 * would add lines to the CLI's one-line errors and to its --json output. Failures still throw or give NaN.
 */
export function quietly<T>(fn: () => T): T {
  const log = console.log
  console.log = () => {}
  try {
    return fn()
  } finally {
    console.log = log
  }
}

/** The source extent in EPSG:25832, or null where the CRS cannot take it. */
function toWork(b: BBox, crs: string, projections: Projections): BBox | null {
  const range = SOURCE_RANGE[crs]
  if (range && !inside(b, range)) return null
  if (!projections.has(crs)) return null
  try {
    const w = quietly(() => transformBBox(b, projections.forward(crs, WORK_CRS), 8))
    return w.every(Number.isFinite) ? w : null
  } catch {
    return null
  }
}

/** The source extent in lon/lat, or null where it has none (beyond the CRS's range). */
function lonLatOf(b: BBox, crs: string, projections: Projections): BBox | null {
  if (!toWork(b, crs, projections)) return null
  if (GEOGRAPHIC.has(crs)) return b
  try {
    const t = quietly(() => transformBBox(b, projections.forward(crs, 'EPSG:4326'), 8))
    return t.every(Number.isFinite) ? t : null
  } catch {
    return null
  }
}

/** Is the extent inside the CRS's area of use? null when it is (or the CRS has none listed), else the reason. */
function outsideAreaOfUse(ll: BBox | null, crs: string): string | null {
  const use = AREA_OF_USE[crs]
  if (!use) return null
  if (ll && inside(ll, use.box)) return null
  const where = ll ? ` (${boxText(ll)} in longitude/latitude)` : ''
  return `lies outside the area ${crs} is made for, ${use.text}${where}`
}

/** CRSs under which the source extent lands in the area. */
function fittingCrs(b: BBox, area: BBox, projections: Projections, except: string | null): string[] {
  return GUESS_CANDIDATES.filter((c) => c !== except).filter((c) => {
    const w = toWork(b, c, projections)
    return w !== null && intersects(w, area)
  })
}

const swapped = (b: BBox): BBox => [b[1], b[0], b[3], b[2]]

/**
 * Refuses data whose placement is implausible; returns normally otherwise. `data.crs` is the source CRS (or
 * null); `crsDeclared === false` marks a format's default (GeoJSON without "crs"), which yields to the evidence.
 */
export function checkPlacement(data: VectorSource, projections: Projections, file: string, opts: PlacementOptions = {}, scanned?: ExtentFacts): void {
  const area = opts.area ?? DEFAULT_AREA
  const crs = data.crs
  // An unsupported CRS (or Gauss-Krüger without its grid) is reported as such by the reprojection.
  if (crs !== null && !projections.has(crs)) return
  const declared = crs !== null && data.crsDeclared !== false
  const geographic = crs !== null && GEOGRAPHIC.has(crs)
  // A streamed source is scanned together with the personal data check (one pass less over the file).
  const facts = scanned ?? sourceExtent(data)
  const { bbox: src, inRange } = facts
  const outOfRange = geographic ? facts.outOfRange : null
  if (!src) return // no coordinates: "contains no features with geometry" comes later
  const extentText = `its coordinates span ${boxText(src)}`
  const areaText = `the expected area (${area.name}: E ${round(area.bbox[0])}–${round(area.bbox[2])}, N ${round(area.bbox[1])}–${round(area.bbox[3])} in EPSG:25832)`

  // No CRS, or only a format's default that the coordinates do not fit: never guess silently.
  const defaultDoesNotFit = !declared && crs !== null && (toWork(src, crs, projections) === null || !intersects(toWork(src, crs, projections)!, area.bbox))
  if (crs === null || defaultDoesNotFit) {
    const fits = fittingCrs(src, area.bbox, projections, null)
    const what = crs === null ? 'declares no coordinate reference system' : `declares no coordinate reference system (without one, ${crs} longitude/latitude is assumed)`
    if (fits.length === 1 && opts.guessCrs) {
      data.crs = fits[0]
      data.crsDeclared = true
      data.crsGuessed = true
      return
    }
    if (fits.length === 1) throw new InputError(file, `${what}; ${extentText}, which fit ${fits[0]} in ${areaText}: publish again with --crs ${fits[0]} (or --guess-crs)`)
    if (fits.length > 1) throw new InputError(file, `${what}; ${extentText}, which fit ${fits.join(' or ')} in ${areaText}: state the right one with --crs`)
    if (crs === null) {
      throw new InputError(file, `declares no coordinate reference system and ${extentText}, which fit none of ${GUESS_CANDIDATES.join(', ')} in ${areaText}; state it with --crs EPSG:<code> (and --allow-outside-area if the data really lies elsewhere)`)
    }
    // A format default that fits nowhere: fall through to the checks below, which name the cause.
  }

  // A geographic position beyond ±180°/±90° cannot be reprojected (proj4 would wrap it somewhere).
  if (outOfRange && inRange > 0) {
    const p = outOfRange.position.map(round).join(', ')
    throw new InputError(file, `feature ${outOfRange.index} has the position [${p}], outside longitude −180…180 / latitude −90…90 of ${crs}; correct or remove the feature`)
  }

  const work = toWork(src, crs!, projections)
  const lonLat = lonLatOf(src, crs!, projections)
  const useProblem = outsideAreaOfUse(lonLat, crs!)
  const outside = work === null || !intersects(work, area.bbox)
  if (!useProblem && !outside) return
  // The override cannot place what has no place on the earth.
  const placeable = work !== null && lonLat !== null
  if (opts.allowOutsideArea && placeable) return

  const notLonLat = geographic && inRange === 0
  const problem = notLonLat
    ? `${extentText}, which are not longitude/latitude (−180…180 / −90…90) as ${crs} needs`
    : useProblem
      ? `${useProblem}: ${extentText} in ${crs}`
      : `lies outside ${areaText}: ${extentText} in ${crs}${work ? ` (${boxText(work)} in EPSG:25832)` : ''}`
  let cause: string
  const swappedWork = toWork(swapped(src), crs!, projections)
  const others = fittingCrs(src, area.bbox, projections, crs)
  if (swappedWork && intersects(swappedWork, area.bbox)) {
    cause = geographic
      ? 'latitude and longitude swapped? With them exchanged the layer lies in the expected area; swap the columns (CSV: --x <longitude column> --y <latitude column>) or the axis order in your GIS'
      : 'x and y (Rechtswert and Hochwert) swapped? With them exchanged the layer lies in the expected area; swap the columns (CSV: --x/--y) or the axis order in your GIS'
  } else if (others.length) {
    const fix = declared ? `correct the CRS the file declares (${crs}), or convert it to ${others[0]}` : `publish again with --crs ${others[0]}`
    cause = `wrong coordinate system? The coordinates fit ${others.join(' or ')} there: ${fix}`
  } else {
    cause = `wrong coordinate system, or data of another region? Neither swapped axes nor ${GUESS_CANDIDATES.filter((c) => c !== crs).join(', ')} put it there`
  }
  const override = placeable ? '; if the layer really lies there, publish with --allow-outside-area' : ''
  throw new InputError(file, `${problem} — ${cause}${override}`)
}
