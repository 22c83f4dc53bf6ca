// The measured quality report stored with each layer. Criteria are the city's data-strategy words.

export const CRITERIA = [
  'aktuell',
  'vollständig',
  'konsistent',
  'korrekt',
  'genau',
  'redundanzfrei',
  'eindeutig',
  'verständlich',
] as const
export type Criterion = (typeof CRITERIA)[number]

export type Severity = 'info' | 'warning' | 'error'

/** What a finding says, so the portal can show it in the reader's language (message is the English text). */
export const FINDING_CODES = [
  'invalid_geometries', 'no_geometry', 'mixed_geometry_types', 'outside_area', 'duplicate_geometries', 'attribute_empty',
  'attribute_mixed_types', 'identifier_not_attribute', 'identifier_not_unique', 'no_identifier', 'metadata_missing',
  'attributes_undescribed', 'accuracy_undeclared', 'overdue', 'on_time', 'not_scheduled', 'timeliness_unknown',
  'raster_scaled',
] as const
export type FindingCode = (typeof FINDING_CODES)[number]

export interface Finding {
  criterion: Criterion
  severity: Severity
  message: string
  /** The message as a code and its values (numbers, names), for translation; older reports lack it. */
  code?: FindingCode
  params?: Record<string, string | number>
  /**
   * Ids of the features concerned, capped to keep reports small: 0-based positions in the published file;
   * ids ≥ the layer's featureCount are input features that were not published (no geometry).
   */
  featureIds: number[]
  /** Total number of features concerned (featureIds may be truncated). */
  count?: number
}

export interface AttributeStats {
  type: 'string' | 'number' | 'boolean' | 'date' | 'json' | 'mixed' | 'empty'
  nullRate: number
  distinct: number
}

export interface QualityReport {
  featureCount: number
  crs: string
  /** Source CRS before conversion to EPSG:25832. */
  sourceCrs: string
  bbox: [number, number, number, number] | null
  geometryTypes: Record<string, number>
  invalidGeometries: number
  duplicateGeometries: number
  outsideExtent: number
  /** Smallest coordinate step actually present, in metres (e.g. 0.01 for centimetre values). */
  coordinatePrecision: number | null
  attributes: Record<string, AttributeStats>
  findings: Finding[]
  /**
   * Personal data found by the publisher's scan (cli/publish/personal.ts), per column and kind; present only when
   * something was found. Never values: layer.json is published. How the officer classified the layer is the
   * metadata's personalData.
   */
  personalData?: { column: string; kind: string; count: number }[]
}

export interface RasterQualityReport {
  crs: string
  sourceCrs: string
  bbox: [number, number, number, number]
  width: number
  height: number
  resolution: number
  bands: number
  noDataRate: number
  /** Per band (multi-band rasters only): statistics of the stored values, nodata excluded. */
  bandStats?: { min: number; max: number; mean: number; stdDev: number }[]
  findings: Finding[]
}

export const MAX_FINDING_IDS = 1000

export const GRADES = ['A', 'B', 'C', 'D'] as const
export type Grade = (typeof GRADES)[number]

/** What the catalog entry repeats of a quality report (src/quality/grade.ts computes it). */
export interface QualitySummary {
  grade: Grade
  /** Findings of severity "error" / "warning" (without "aktuell"). */
  errors: number
  warnings: number
  /** Recommended metadata fields that are missing (see RECOMMENDED_FIELDS). */
  missingMetadata: string[]
}
