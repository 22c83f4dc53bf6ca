// The Protomaps basemap schema (https://docs.protomaps.com/basemaps/layers), as far as a city's own data fills it:
// which layer a role goes to, which `kind`/`kind_detail` a feature gets, and from which zoom it is in the tiles.
// Matching the schema means the styles of `@protomaps/basemaps` draw our archives, and a Protomaps OSM extract
// dropped in instead draws with the same style.

export const ROLES = ['earth', 'water', 'green', 'roads', 'buildings', 'boundaries', 'places'] as const
export type Role = (typeof ROLES)[number]

/** Vector tile layer of each role (green areas are `landuse` in the schema). */
export const ROLE_LAYER: Record<Role, string> = {
  earth: 'earth',
  water: 'water',
  green: 'landuse',
  roads: 'roads',
  buildings: 'buildings',
  boundaries: 'boundaries',
  places: 'places',
}

/** Layer order inside a tile (bottom to top, as the style draws them). */
export const LAYER_ORDER = ['earth', 'landuse', 'water', 'roads', 'buildings', 'boundaries', 'places']

export interface RoadClass {
  kind: 'highway' | 'major_road' | 'minor_road' | 'path' | 'other' | 'rail'
  kind_detail: string
  min_zoom: number
  is_link?: boolean
}

const road = (kind: RoadClass['kind'], kind_detail: string, min_zoom: number): RoadClass => ({ kind, kind_detail, min_zoom })

/**
 * Road classes by value of the class attribute: OpenStreetMap `highway` values (also in Geofabrik's `fclass`)
 * and the German road categories (Widmung) of municipal street registers. Keys are lower case without ß/umlauts.
 */
const ROAD_CLASSES: Record<string, RoadClass> = {
  motorway: road('highway', 'motorway', 5),
  trunk: road('major_road', 'trunk', 6),
  primary: road('major_road', 'primary', 7),
  secondary: road('major_road', 'secondary', 9),
  tertiary: road('major_road', 'tertiary', 10),
  residential: road('minor_road', 'residential', 12),
  unclassified: road('minor_road', 'unclassified', 12),
  living_street: road('minor_road', 'living_street', 12),
  road: road('minor_road', 'road', 12),
  service: road('minor_road', 'service', 13),
  pedestrian: road('path', 'pedestrian', 13),
  footway: road('path', 'footway', 14),
  cycleway: road('path', 'cycleway', 14),
  path: road('path', 'path', 14),
  steps: road('path', 'steps', 14),
  bridleway: road('path', 'bridleway', 14),
  track: road('path', 'track', 13),
  rail: road('rail', 'rail', 11),
  autobahn: road('highway', 'motorway', 5),
  bundesstrasse: road('major_road', 'primary', 7),
  landesstrasse: road('major_road', 'secondary', 9),
  kreisstrasse: road('major_road', 'tertiary', 10),
  hauptstrasse: road('major_road', 'tertiary', 10),
  sammelstrasse: road('minor_road', 'residential', 12),
  gemeindestrasse: road('minor_road', 'residential', 12),
  anliegerstrasse: road('minor_road', 'residential', 12),
  wohnstrasse: road('minor_road', 'living_street', 12),
  nebenstrasse: road('minor_road', 'residential', 12),
  erschliessungsstrasse: road('minor_road', 'residential', 12),
  wirtschaftsweg: road('path', 'track', 13),
  fussweg: road('path', 'footway', 14),
  gehweg: road('path', 'footway', 14),
  radweg: road('path', 'cycleway', 14),
  fuss_und_radweg: road('path', 'cycleway', 14),
  // The schema's own kinds, for data already classified that way.
  highway: road('highway', 'motorway', 5),
  major_road: road('major_road', 'primary', 7),
  minor_road: road('minor_road', 'residential', 12),
  other: road('other', 'other', 14),
}

const fold = (v: string) =>
  v.trim().toLowerCase().replace(/ß/g, 'ss').replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/[\s-]+/g, '_')

/** The class of a road value; `_link` values (motorway_link …) are links of their road; unknown ones minor roads. */
export function roadClass(value: unknown): { cls: RoadClass; known: boolean } {
  if (value === null || value === undefined || value === '') return { cls: road('minor_road', 'unclassified', 12), known: true }
  const v = fold(String(value))
  const link = /^(.*)_link$/.exec(v)
  if (link && ROAD_CLASSES[link[1]]) return { cls: { ...ROAD_CLASSES[link[1]], min_zoom: 11, is_link: true }, known: true }
  const cls = ROAD_CLASSES[v]
  return cls ? { cls, known: true } : { cls: road('minor_road', 'unclassified', 12), known: false }
}

/** Attributes tried for the road class when --road-class is not given. */
export const ROAD_CLASS_ATTRIBUTES = ['highway', 'fclass', 'kind', 'class', 'klasse', 'strassenklasse', 'widmung']
/** Attributes tried for names when --name-attr is not given (GEN: the BKG's VG250 administrative areas). */
export const NAME_ATTRIBUTES = ['name', 'Name', 'NAME', 'GEN', 'bezeichnung', 'Bezeichnung', 'BEZEICHNUNG', 'strassenname', 'STRNAME']

/** `kind` values a feature may bring itself (attribute `kind`), per role; others get the role's default. */
export const ROLE_KINDS: Partial<Record<Role, string[]>> = {
  water: ['water', 'lake', 'river', 'stream', 'canal', 'drain', 'ditch', 'basin', 'reservoir', 'swimming_pool'],
  green: ['park', 'forest', 'wood', 'grass', 'grassland', 'scrub', 'cemetery', 'allotments', 'village_green', 'playground', 'nature_reserve', 'protected_area', 'golf_course', 'farmland', 'meadow', 'garden'],
  places: ['locality', 'neighbourhood', 'macrohood', 'region', 'country'],
}

/** Protomaps boundaries: kind by administrative level (kind_detail). */
export function boundaryKind(level: number): { kind: string; min_zoom: number } {
  if (level <= 2) return { kind: 'country', min_zoom: 0 }
  if (level <= 4) return { kind: 'region', min_zoom: 4 }
  if (level <= 6) return { kind: 'county', min_zoom: 7 }
  return { kind: 'locality', min_zoom: 9 }
}

const POPULATION_STEPS = [0, 200, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000]

/** population_rank as the schema has it: the higher, the bigger the place (0–15). */
export function populationRank(population: number): number {
  let r = 0
  for (let i = 0; i < POPULATION_STEPS.length; i++) if (population >= POPULATION_STEPS[i]) r = i
  return r
}

/** From which zoom a place is in the tiles: big places early, villages late, quarters at street level. */
export function placeMinZoom(kind: string, rank: number | null): number {
  if (kind === 'country') return 0
  if (kind === 'region') return 4
  if (kind === 'neighbourhood' || kind === 'macrohood') return kind === 'macrohood' ? 11 : 12
  if (rank === null) return 8
  return Math.max(4, Math.min(12, 15 - rank))
}

/** From which zoom a polygon of this area (m²) at this latitude covers at least 4×4 pixels (256-pixel tiles). */
export function areaMinZoom(areaM2: number, lat: number): number {
  if (!(areaM2 > 0)) return 30
  const worldPixel0 = (2 * Math.PI * 6378137 * Math.cos((lat * Math.PI) / 180)) / 256
  return Math.max(0, Math.ceil(Math.log2(worldPixel0 / Math.sqrt(areaM2 / 16))))
}
