// `geoportal basemap build`: a city's vector data (buildings, roads, water, green, boundaries, places) in any CRS
// the publisher reads → one PMTiles archive of gzip-compressed Mapbox Vector Tiles in the Protomaps basemap
// schema. Pure: VectorData in, bytes out; reading files and the catalog are the command's business.
// Tiles are cut with geojson-vt (which also simplifies per zoom and drops polygons too small to see) and encoded
// with @maplibre/vt-pbf; each feature carries the schema's `min_zoom`, and tiles below it leave it out.
import { gzipSync } from 'node:zlib'
import GeoJSONVT from 'geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import type { Projections } from '../../src/projection/registry.ts'
import { eachPosition, transformGeometry, type Geometry } from '../../src/projection/geometry.ts'
import { labelPoint, representativePoint } from '../../src/projection/labelPoint.ts'
import { InputError } from '../readers/errors.ts'
import type { Scalar, VectorData } from '../vector/model.ts'
import type { ProgressFn } from '../progress.ts'
import { Compression, PmtilesWriter, TileType } from './pmtiles.ts'
import {
  areaMinZoom, boundaryKind, LAYER_ORDER, NAME_ATTRIBUTES, placeMinZoom, populationRank, ROAD_CLASS_ATTRIBUTES, ROLE_KINDS, ROLE_LAYER, roadClass, type Role,
} from './schema.ts'

export interface RoleInput {
  role: Role
  /** For messages. */
  file: string
  data: VectorData
  /** Boundaries: administrative level (2 country … 8 municipality); default 8. */
  adminLevel?: number
}

export interface BuildOptions {
  title: string
  attribution: string
  description?: string
  /** Attribute with the name (default: the first of NAME_ATTRIBUTES a file has). */
  nameAttr?: string
  /** Attribute with the road class (default: the first of ROAD_CLASS_ATTRIBUTES a file has). */
  roadClassAttr?: string
  /** Places: attribute with the population (gives population_rank and min_zoom); "column.key" reads a JSON attribute. */
  populationAttr?: string
  /** Highest zoom with tiles (the portal overzooms beyond). Default 15 with streets/buildings/water/green, else 12. */
  maxZoom?: number
  progress?: ProgressFn
}

export interface BuildResult {
  archive: Uint8Array
  tiles: number
  minZoom: number
  maxZoom: number
  bounds: [number, number, number, number]
  /** Features per tile layer. */
  features: Record<string, number>
  /** Road class values the schema does not know (drawn as minor roads). */
  unknownRoadClasses: string[]
}

type Props = Record<string, string | number | boolean>
interface OutFeature {
  type: 'Feature'
  geometry: Geometry
  properties: Props
}

const EXTENT = 4096
const MAX_LAT = 85.0511

/** Tolerance (geojson-vt, in 1/16 pixel of a 256-pixel tile at extent 4096) per layer: buildings keep corners. */
const TOLERANCE: Record<string, number> = { buildings: 1, places: 0 }

function polygonArea(rings: number[][][]): number {
  // Equirectangular metres around the ring's latitude: good enough to decide from which zoom a polygon shows.
  let total = 0
  rings.forEach((r, i) => {
    let a = 0
    const k = Math.cos(((r[0]?.[1] ?? 0) * Math.PI) / 180) * 111320
    for (let j = 0, p = r.length - 1; j < r.length; p = j++) a += (r[p][0] * k - r[j][0] * k) * (r[p][1] + r[j][1]) * 110574
    total += (i === 0 ? 1 : -1) * Math.abs(a / 2)
  })
  return Math.max(0, total)
}

function geometryArea(g: Geometry): number {
  if (g.type === 'Polygon') return polygonArea(g.coordinates as number[][][])
  if (g.type === 'MultiPolygon') return (g.coordinates as number[][][][]).reduce((s, p) => s + polygonArea(p), 0)
  return 0
}

const isPolygon = (g: Geometry) => g.type === 'Polygon' || g.type === 'MultiPolygon'
const isLine = (g: Geometry) => g.type === 'LineString' || g.type === 'MultiLineString'
const isPoint = (g: Geometry) => g.type === 'Point' || g.type === 'MultiPoint'

/** Polygon outlines as lines (boundaries are lines in the schema: a shared border is one stroke, not a fill edge). */
function outlines(g: Geometry): Geometry {
  const polys = g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][])
  return { type: 'MultiLineString', coordinates: polys.flat() }
}

function pickAttribute(input: RoleInput, explicit: string | undefined, candidates: string[], what: string): string | null {
  const names = input.data.columns.map((c) => c.name)
  if (explicit) {
    // "destatis.population": a key inside a JSON attribute (the BKG's VG250 carries population that way).
    const column = names.includes(explicit) ? explicit : explicit.split('.')[0]
    if (!names.includes(column)) throw new InputError(input.file, `has no attribute "${explicit}" for the ${what} (attributes: ${names.join(', ') || 'none'})`)
    return explicit
  }
  return candidates.find((c) => names.includes(c)) ?? null
}

/** An attribute's value, or with "column.key" a key of a JSON object attribute (stored as object or JSON text). */
function attribute(props: Record<string, Scalar>, spec: string): Scalar | undefined {
  if (spec in props || !spec.includes('.')) return props[spec]
  const [column, ...keys] = spec.split('.')
  let v: unknown = props[column]
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v)
    } catch {
      return undefined
    }
  }
  for (const k of keys) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined
  return v as Scalar | undefined
}

const text = (v: Scalar | undefined): string | null => {
  if (v === null || v === undefined) return null
  const s = (typeof v === 'object' ? JSON.stringify(v) : String(v)).trim()
  return s ? s : null
}

/** Turns one input file into schema features in lon/lat. */
function convert(input: RoleInput, projections: Projections, opts: BuildOptions, unknownRoads: Set<string>): OutFeature[] {
  const { role, file, data } = input
  if (!data.crs) throw new InputError(file, 'declares no CRS; give it with --crs')
  const toLonLat = projections.forward(data.crs, 'EPSG:4326')
  const nameAttr = role === 'earth' || role === 'buildings' ? null : pickAttribute(input, opts.nameAttr, NAME_ATTRIBUTES, 'names')
  const classAttr = role === 'roads' ? pickAttribute(input, opts.roadClassAttr, ROAD_CLASS_ATTRIBUTES, 'road class') : null
  const popAttr = role === 'places' && opts.populationAttr ? pickAttribute(input, opts.populationAttr, [], 'population') : null
  const out: OutFeature[] = []
  data.features.forEach((f, i) => {
    const g = f.geometry
    if (!g) return
    const where = `feature ${i + 1}`
    const want = (ok: boolean, expected: string) => {
      if (!ok) throw new InputError(file, `${where}: ${role} need ${expected}, found ${g.type}`)
    }
    if (role === 'earth' || role === 'buildings' || role === 'green') want(isPolygon(g), 'polygons')
    else if (role === 'roads') want(isLine(g), 'lines')
    else if (role === 'water') want(isPolygon(g) || isLine(g), 'polygons or lines')
    else if (role === 'boundaries') want(isPolygon(g) || isLine(g), 'polygons or lines')
    else want(isPoint(g) || isPolygon(g), 'points or polygons')
    eachPosition(g, (p) => {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new InputError(file, `${where}: coordinate is not a number`)
    })
    let geometry: Geometry
    if (role === 'places' && isPolygon(g)) {
      // One label per place, inside its area (a polygon would be labelled once per tile piece).
      const p = labelPoint(g) ?? representativePoint(g)
      if (!p) return
      geometry = { type: 'Point', coordinates: [p[0], p[1]] }
    } else geometry = structuredClone(g)
    transformGeometry(geometry, toLonLat)
    eachPosition(geometry, (p) => {
      if (!(Math.abs(p[1]) <= MAX_LAT && Math.abs(p[0]) <= 180)) throw new InputError(file, `${where}: lies outside the world in ${data.crs} (wrong --crs?)`)
    })
    const props: Props = {}
    const name = nameAttr ? text(attribute(f.properties, nameAttr)) : null
    if (name) props.name = name
    const ownKind = text(f.properties.kind)
    const kindFor = (fallback: string) => (ownKind && ROLE_KINDS[role]?.includes(ownKind) ? ownKind : fallback)
    const lat = firstLat(geometry)
    switch (role) {
      case 'earth':
        props.kind = 'earth'
        props.min_zoom = 0
        break
      case 'water':
        props.kind = kindFor(isLine(geometry) ? 'river' : 'water')
        props.min_zoom = isLine(geometry) ? (props.kind === 'river' ? 9 : 12) : Math.min(14, areaMinZoom(geometryArea(geometry), lat))
        break
      case 'green':
        props.kind = kindFor('park')
        props.min_zoom = Math.min(14, Math.max(6, areaMinZoom(geometryArea(geometry), lat)))
        break
      case 'buildings':
        props.kind = 'building'
        props.min_zoom = 13
        break
      case 'roads': {
        const value = classAttr ? f.properties[classAttr] : null
        const { cls, known } = roadClass(value)
        if (!known) unknownRoads.add(String(value))
        props.kind = cls.kind
        props.kind_detail = cls.kind_detail
        if (cls.is_link) props.is_link = true
        props.min_zoom = cls.min_zoom
        break
      }
      case 'boundaries': {
        const level = input.adminLevel ?? 8
        const b = boundaryKind(level)
        if (isPolygon(geometry)) geometry = outlines(geometry)
        props.kind = b.kind
        props.kind_detail = level
        props.min_zoom = b.min_zoom
        delete props.name
        break
      }
      case 'places': {
        props.kind = kindFor('locality')
        const raw = popAttr ? attribute(f.properties, popAttr) : null
        const pop = raw === null || raw === undefined || raw === '' ? NaN : Number(raw)
        const rank = Number.isFinite(pop) && pop >= 0 ? populationRank(pop) : null
        if (Number.isFinite(pop) && pop >= 0) props.population = Math.round(pop)
        props.population_rank = rank ?? 9
        props.min_zoom = placeMinZoom(String(props.kind), rank)
        if (!name) return
        break
      }
    }
    const own = Number(f.properties.min_zoom)
    if (f.properties.min_zoom !== undefined && f.properties.min_zoom !== null && Number.isFinite(own)) props.min_zoom = Math.max(0, Math.round(own))
    out.push({ type: 'Feature', geometry, properties: props })
  })
  return out
}

function firstLat(g: Geometry): number {
  let lat = 0
  let found = false
  eachPosition(g, (p) => {
    if (!found) {
      lat = p[1]
      found = true
    }
  })
  return lat
}

function lonLatBounds(features: OutFeature[]): [number, number, number, number] | null {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of features) {
    eachPosition(f.geometry, (p) => {
      if (p[0] < b[0]) b[0] = p[0]
      if (p[1] < b[1]) b[1] = p[1]
      if (p[0] > b[2]) b[2] = p[0]
      if (p[1] > b[3]) b[3] = p[1]
    })
  }
  return b[0] <= b[2] ? b : null
}

const lonToX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z
const latToY = (lat: number, z: number) => {
  const s = Math.sin((lat * Math.PI) / 180)
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z
}

/** Tile column and row of a lon/lat position. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  return [Math.floor(lonToX(lon, z)), Math.floor(latToY(lat, z))]
}

/** Tile column/row range covering a lon/lat box at zoom z. */
export function tileRange(b: [number, number, number, number], z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)))
  return { x0: clamp(lonToX(b[0], z)), x1: clamp(lonToX(b[2], z)), y0: clamp(latToY(b[3], z)), y1: clamp(latToY(b[1], z)) }
}

type FieldType = 'String' | 'Number' | 'Boolean'

export function buildBasemap(inputs: RoleInput[], projections: Projections, opts: BuildOptions): BuildResult {
  const progress = opts.progress ?? (() => {})
  if (!inputs.length) throw new Error('no input: give at least one of --buildings, --roads, --water, --green, --boundaries, --places, --earth')
  const byLayer = new Map<string, OutFeature[]>()
  const unknownRoads = new Set<string>()
  for (const input of inputs) {
    progress(`converting ${input.file} (${input.role})`)
    const layer = ROLE_LAYER[input.role]
    const list = byLayer.get(layer) ?? []
    list.push(...convert(input, projections, opts, unknownRoads))
    byLayer.set(layer, list)
  }
  const all = [...byLayer.values()].flat()
  const dataBounds = lonLatBounds(all)
  if (!dataBounds) throw new Error(`no features with geometry in ${inputs.map((i) => i.file).join(', ')}`)
  if (!byLayer.get('earth')?.length) {
    // Without a land polygon the style paints its grey "background": give the data's area (with a margin) as land.
    const mx = (dataBounds[2] - dataBounds[0]) * 0.1 + 0.01
    const my = (dataBounds[3] - dataBounds[1]) * 0.1 + 0.01
    const [w, s, e, n] = [dataBounds[0] - mx, Math.max(-MAX_LAT, dataBounds[1] - my), dataBounds[2] + mx, Math.min(MAX_LAT, dataBounds[3] + my)]
    byLayer.set('earth', [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }, properties: { kind: 'earth', min_zoom: 0 } }])
  }
  const bounds = lonLatBounds(byLayer.get('earth')!.concat(all))!
  const detailed = ['roads', 'buildings', 'water', 'landuse'].some((l) => byLayer.get(l)?.length)
  const maxZoom = opts.maxZoom ?? (detailed ? 15 : 12)
  const minZoom = 0
  const layers = LAYER_ORDER.filter((l) => byLayer.get(l)?.length)
  const indexes = new Map<string, GeoJSONVT>()
  const layerMinZoom = new Map<string, number>()
  const fields = new Map<string, Map<string, FieldType>>()
  const counts: Record<string, number> = {}
  for (const l of layers) {
    const features = byLayer.get(l)!
    for (const f of features) f.properties.min_zoom = Math.min(maxZoom, Number(f.properties.min_zoom))
    counts[l] = features.length
    layerMinZoom.set(l, Math.min(...features.map((f) => Number(f.properties.min_zoom))))
    const types = new Map<string, FieldType>()
    for (const f of features) for (const [k, v] of Object.entries(f.properties)) types.set(k, typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String')
    fields.set(l, new Map([...types].sort(([a], [b]) => a.localeCompare(b))))
    indexes.set(l, new GeoJSONVT({ type: 'FeatureCollection', features } as never, { maxZoom, indexMaxZoom: 4, tolerance: TOLERANCE[l] ?? 3, extent: EXTENT, buffer: 64 }))
  }
  const centre: [number, number, number] = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(maxZoom, 12)]
  const writer = new PmtilesWriter({
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    minZoom,
    maxZoom,
    bounds,
    center: centre,
    metadata: {
      name: opts.title,
      description: opts.description ?? 'Protomaps basemap schema, built by geoportal basemap build',
      attribution: opts.attribution,
      type: 'baselayer',
      format: 'pbf',
      generator: 'geoportal basemap build',
      vector_layers: layers.map((l) => ({ id: l, fields: Object.fromEntries(fields.get(l)!), minzoom: layerMinZoom.get(l)!, maxzoom: maxZoom })),
    },
  })
  for (let z = minZoom; z <= maxZoom; z++) {
    progress(`cutting tiles at zoom ${z}`)
    const { x0, x1, y0, y1 } = tileRange(bounds, z)
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const tileLayers: Record<string, { features: unknown[] }> = {}
        let any = false
        for (const l of layers) {
          if (layerMinZoom.get(l)! > z) continue
          const t = indexes.get(l)!.getTile(z, x, y)
          if (!t) continue
          const features = t.features.filter((f) => Number((f.tags as Props | null)?.min_zoom ?? 0) <= z)
          if (!features.length) continue
          tileLayers[l] = { features }
          any = true
        }
        if (!any) continue
        const mvt = fromGeojsonVt(tileLayers as never, { version: 2, extent: EXTENT })
        writer.addTile(z, x, y, new Uint8Array(gzipSync(mvt, { level: 9 })))
      }
    }
  }
  progress('writing the archive')
  const archive = writer.finish()
  return { archive, tiles: writer.tileCount, minZoom, maxZoom, bounds, features: counts, unknownRoadClasses: [...unknownRoads].sort() }
}
