// .prj: which coordinate reference system (ESRI or OGC WKT, WKT2).
import { normaliseCrs } from '../../../src/projection/registry.ts'
import { InputError } from '../errors.ts'

// ---------------------------------------------------------------------------------------------------------------
// .prj: which CRS.

type WktValue = WktNode | string | number
interface WktNode {
  key: string
  args: WktValue[]
}

/** A tolerant WKT (1 or 2) parser: KEYWORD[ "text" | number | IDENT | KEYWORD[...] , ... ]; null if unreadable. */
export function parseWkt(text: string): WktNode | null {
  let i = 0
  const n = text.length
  const ws = () => {
    while (i < n && /\s/.test(text[i])) i++
  }
  const node = (depth: number): WktNode | null => {
    if (depth > 32) return null
    ws()
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))
    if (!m) return null
    i += m[0].length
    ws()
    if (text[i] !== '[' && text[i] !== '(') return null
    const close = text[i] === '[' ? ']' : ')'
    i++
    const args: WktValue[] = []
    for (;;) {
      ws()
      if (i >= n) return null
      if (text[i] === close) {
        i++
        return { key: m[0].toUpperCase(), args }
      }
      if (args.length > 0) {
        if (text[i] !== ',') return null
        i++
        ws()
      }
      if (text[i] === '"') {
        let s = ''
        i++
        for (;;) {
          if (i >= n) return null
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              s += '"'
              i += 2
              continue
            }
            i++
            break
          }
          s += text[i++]
        }
        args.push(s)
      } else {
        const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64))
        if (num) {
          args.push(Number(num[0]))
          i += num[0].length
          continue
        }
        const save = i
        const child = node(depth + 1)
        if (child) {
          args.push(child)
          continue
        }
        i = save
        const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i, i + 64))
        if (!ident) return null
        args.push(ident[0])
        i += ident[0].length
      }
    }
  }
  return node(0)
}

const children = (node: WktNode, ...keys: string[]) =>
  node.args.filter((a): a is WktNode => typeof a === 'object' && keys.includes(a.key))
const child = (node: WktNode | undefined, ...keys: string[]) => (node ? children(node, ...keys)[0] : undefined)
const nameOf = (node: WktNode | undefined) => (node && typeof node.args[0] === 'string' ? node.args[0] : '')
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
const near = (a: number | undefined, b: number, tol = 1e-9) => a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b))

/** Names of the supported CRSs as ESRI and EPSG spell them (normalised), for a .prj that has only a name. */
const CRS_NAMES: Record<string, string> = {
  etrs_1989_utm_zone_32n: 'EPSG:25832',
  etrs89_utm_zone_32n: 'EPSG:25832',
  etrs_89_utm_zone_32n: 'EPSG:25832',
  etrs_1989_utm_zone_33n: 'EPSG:25833',
  etrs89_utm_zone_33n: 'EPSG:25833',
  etrs_89_utm_zone_33n: 'EPSG:25833',
  gcs_wgs_1984: 'EPSG:4326',
  wgs_84: 'EPSG:4326',
  wgs84: 'EPSG:4326',
  wgs_1984: 'EPSG:4326',
  gcs_etrs_1989: 'EPSG:4258',
  etrs89: 'EPSG:4258',
  etrs_89: 'EPSG:4258',
  wgs_1984_web_mercator_auxiliary_sphere: 'EPSG:3857',
  wgs_84_pseudo_mercator: 'EPSG:3857',
  dhdn_3_degree_gauss_zone_2: 'EPSG:31466',
  dhdn_3_degree_gauss_kruger_zone_2: 'EPSG:31466',
  dhdn_gauss_kruger_zone_2: 'EPSG:31466',
  dhdn_3_degree_gauss_zone_3: 'EPSG:31467',
  dhdn_3_degree_gauss_kruger_zone_3: 'EPSG:31467',
  dhdn_gauss_kruger_zone_3: 'EPSG:31467',
}

type Datum = 'etrs89' | 'wgs84' | 'dhdn'

/** The geodetic datum of a GEOGCS/BASEGEOGCRS node, checked against its ellipsoid when that is given. */
function datumOf(geog: WktNode | undefined): Datum | null | undefined {
  if (!geog) return undefined
  const datum = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE')
  const name = norm(nameOf(datum) || nameOf(geog))
  const ellipsoid = child(datum, 'SPHEROID', 'ELLIPSOID') ?? child(geog, 'SPHEROID', 'ELLIPSOID')
  const a = ellipsoid && typeof ellipsoid.args[1] === 'number' ? ellipsoid.args[1] : undefined
  let kind: Datum | null = null
  if (/etrs|european_terrestrial_reference/.test(name)) kind = 'etrs89'
  else if (/wgs_?(19)?84|world_geodetic_system_1984/.test(name)) kind = 'wgs84'
  else if (/dhdn|deutsches_hauptdreiecksnetz|potsdam/.test(name)) kind = 'dhdn'
  if (kind && a !== undefined && !near(a, kind === 'dhdn' ? 6377397.155 : 6378137, 1e-6)) return null
  // A prime meridian other than Greenwich or an angular unit other than degrees: not one of ours.
  const primem = child(geog, 'PRIMEM')
  if (primem && typeof primem.args[1] === 'number' && primem.args[1] !== 0) return null
  const unit = child(geog, 'UNIT', 'ANGLEUNIT')
  if (unit && typeof unit.args[1] === 'number' && !near(unit.args[1], Math.PI / 180, 1e-8)) return null
  return kind
}

const PARAMETER_KEYS: Record<string, string> = {
  central_meridian: 'lon0',
  longitude_of_natural_origin: 'lon0',
  longitude_of_origin: 'lon0',
  longitude_of_center: 'lon0',
  latitude_of_origin: 'lat0',
  latitude_of_natural_origin: 'lat0',
  scale_factor: 'k',
  scale_factor_at_natural_origin: 'k',
  false_easting: 'fe',
  false_northing: 'fn',
  standard_parallel_1: 'sp1',
  latitude_of_1st_standard_parallel: 'sp1',
  auxiliary_sphere_type: 'aux',
}

/** EPSG code of a projected CRS node from its datum, projection method, parameters and unit; null if none fits. */
function projectedCode(root: WktNode): string | null {
  const datum = datumOf(child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS', 'GEODCRS'))
  const conversion = child(root, 'CONVERSION') ?? root
  const method = norm(nameOf(child(conversion, 'PROJECTION', 'METHOD')))
  const p: Record<string, number> = {}
  for (const param of children(conversion, 'PARAMETER')) {
    const key = PARAMETER_KEYS[norm(nameOf(param))]
    if (key && typeof param.args[1] === 'number') p[key] = param.args[1]
  }
  const unit = child(root, 'UNIT', 'LENGTHUNIT')
  if (unit && typeof unit.args[1] === 'number' && unit.args[1] !== 1) return null
  const lat0 = p.lat0 ?? 0
  const fn = p.fn ?? 0
  if (/^(transverse_mercator|gauss_kruger|gauss_krueger)$/.test(method) && lat0 === 0 && fn === 0) {
    if (datum === 'etrs89' && near(p.k, 0.9996) && near(p.fe, 500000)) {
      if (near(p.lon0, 9)) return 'EPSG:25832'
      if (near(p.lon0, 15)) return 'EPSG:25833'
    }
    if (datum === 'dhdn' && near(p.k, 1)) {
      if (near(p.lon0, 6) && near(p.fe, 2500000)) return 'EPSG:31466'
      if (near(p.lon0, 9) && near(p.fe, 3500000)) return 'EPSG:31467'
    }
    return null
  }
  // Web Mercator: spherical Mercator on WGS84 coordinates. A plain "Mercator"/"Mercator_1SP" on the WGS84 ellipsoid
  // is World Mercator (EPSG:3395), not this, unless the name or a PROJ4 extension says it is spherical.
  const proj4 = child(root, 'EXTENSION')
  const spherical =
    /^(mercator_auxiliary_sphere|popular_visualisation_pseudo_mercator|pseudo_mercator)$/.test(method) ||
    (/^mercator(_1sp)?$/.test(method) &&
      (/pseudo_mercator|web_mercator/.test(norm(nameOf(root))) ||
        (proj4 !== undefined && /\+a=6378137\b.*\+b=6378137\b/.test(String(proj4.args[1] ?? '')))))
  if (spherical && datum === 'wgs84' && (p.lon0 ?? 0) === 0 && (p.fe ?? 0) === 0 && fn === 0 && (p.aux ?? 0) === 0 && (p.sp1 ?? 0) === 0) {
    return 'EPSG:3857'
  }
  return null
}

/** The CRS of a .prj as "EPSG:<code>", or null with the name to quote when it cannot be identified. */
export function identifyPrj(text: string): { crs: string | null; name: string } {
  let root = parseWkt(text.replace(/^\ufeff/, ''))
  if (!root) return { crs: null, name: /^\s*[A-Za-z_]+\[\s*"([^"]*)"/.exec(text)?.[1] ?? '' }
  // Compound (horizontal + vertical) and bound CRSs: the horizontal part decides.
  if (root.key === 'COMPD_CS' || root.key === 'COMPOUNDCRS') {
    root = children(root, 'PROJCS', 'GEOGCS', 'PROJCRS', 'PROJECTEDCRS', 'GEOGCRS', 'GEODCRS')[0] ?? root
  } else if (root.key === 'BOUNDCRS') {
    root = child(child(root, 'SOURCECRS'), 'PROJCS', 'GEOGCS', 'PROJCRS', 'PROJECTEDCRS', 'GEOGCRS', 'GEODCRS') ?? root
  }
  const name = nameOf(root)
  // An explicit EPSG authority on the CRS itself settles it (OGC WKT as written by QGIS and GDAL).
  for (const id of children(root, 'AUTHORITY', 'ID')) {
    if (String(id.args[0]).toUpperCase() === 'EPSG' && /^\d+$/.test(String(id.args[1]))) {
      return { crs: `EPSG:${Number(id.args[1])}`, name }
    }
  }
  const byName = CRS_NAMES[norm(name)] ?? null
  let structural: string | null = null
  let described = false // whether the WKT says more than a name
  if (['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.key)) {
    described = children(root.key === 'PROJCS' ? root : (child(root, 'CONVERSION') ?? root), 'PARAMETER').length > 0
    structural = projectedCode(root)
  } else if (['GEOGCS', 'GEOGCRS', 'GEODCRS'].includes(root.key)) {
    const datum = datumOf(root)
    described = child(root, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE') !== undefined
    structural = datum === 'etrs89' ? 'EPSG:4258' : datum === 'wgs84' ? 'EPSG:4326' : null
  }
  // The parameters decide; a name that contradicts them (e.g. "…UTM_Zone_32N" with a zone-prefixed false easting)
  // is not trusted. Only a WKT that gives nothing but a name is identified by the name.
  if (structural) return { crs: byName && byName !== structural ? null : structural, name }
  return { crs: described ? null : byName, name }
}

export function prjCrs(file: string, prj: Buffer, stated: string | undefined): string | null {
  const text = prj.toString('utf8')
  const { crs, name } = identifyPrj(text)
  if (crs) return crs
  if (stated) {
    const c = normaliseCrs(stated)
    if (c) return c
  }
  throw new InputError(
    file,
    `has a .prj whose coordinate reference system ("${name || 'unnamed'}") was not recognised; state its CRS with ` +
      `--crs EPSG:<code> or save the data again in EPSG:25832 (ETRS89 / UTM zone 32N)`,
  )
}
