// The inventory's record contract: one JSON line per find in inventory.jsonl (see docs/inventory.md).

export type BBox = [number, number, number, number]

export type ProblemCode =
  | 'incomplete-set' // a Shapefile without .shx/.dbf/.prj, a world file without its image, …
  | 'damaged' // content does not match the format (bad magic, truncated header, broken structure)
  | 'unreadable' // permission denied or an I/O error
  | 'unknown-crs'
  | 'outside-area' // bbox does not touch the configured area (Kreis Soest by default)
  | 'stale' // not modified for --stale-years
  | 'duplicate' // same content as another find (field `duplicateOf`)
  | 'version' // one of several versions of one data set (field `versionGroup`)
  | 'broken-link'
  | 'link-loop'
  | 'name-encoding' // a name that is not valid UTF-8 (shown as CP1252, raw bytes in pathBase64)
  | 'missing-source' // a QGIS project refers to a file that is not there

export interface Problem {
  code: ProblemCode
  detail?: string
}

export interface Layer {
  name: string
  kind?: string
  crs: string | null
  bbox: BBox | null
  count: number | null
}

/** One find: a data set (a Shapefile set counts once), a damaged candidate, or an unreadable place. */
export interface Find {
  path: string
  /** Raw bytes of the path (base64) when it is not valid UTF-8. */
  pathBase64?: string
  format: string
  size: number
  modified: string | null
  owner?: number
  /** Other files that belong to this find (sidecars of a set), by name. */
  parts?: string[]
  crs: string | null
  /** CRS as written in the file when it could not be mapped to an EPSG code. */
  crsName?: string
  /** bbox in EPSG:25832 */
  bbox: BBox | null
  /** bbox in the file's own CRS when it could not be transformed */
  nativeBbox?: BBox
  count: number | null
  countKind?: 'features' | 'pixels' | 'points' | 'tables' | 'tiles' | 'entries' | 'rows'
  layers?: Layer[]
  /** What a QGIS project or a zip refers to / contains. */
  sources?: string[]
  hash: string | null
  duplicateOf?: string
  versionGroup?: string
  problems: Problem[]
}

/** What a recogniser learns about a file; the walker adds path, size, dates and problems it sees. */
export interface Recognised {
  format: string
  crs?: string | null
  crsName?: string
  nativeBbox?: BBox | null
  count?: number | null
  countKind?: Find['countKind']
  layers?: Layer[]
  sources?: string[]
  problems?: Problem[]
}
