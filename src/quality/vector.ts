// Measured quality of a vector layer: pure function of features (EPSG:25832) and metadata.
// Shared by the publisher (stored in layer.json) and, later, by in-browser checks.
import type { BBox } from '../model/catalog.ts'
import { missingRecommended, type LayerMetadata } from '../model/metadata.ts'
import { MAX_FINDING_IDS, type AttributeStats, type Finding, type QualityReport } from '../model/quality.ts'
import { eachPosition, geometryBBox, unionBBox, type Geometry } from '../projection/geometry.ts'
import { canonicalCoordinates } from './canonical.ts'
import { invalidReason } from './validity.ts'

export interface QualityInput {
  features: { geometry: Geometry | null; properties: Record<string, unknown> }[]
  attributeNames: string[]
  metadata: LayerMetadata
  sourceCrs: string
  /** Expected area in EPSG:25832; features that do not touch it are reported as outside. */
  area?: ExpectedArea
}

export interface ExpectedArea {
  bbox: BBox
  /**
   * Exact test for features whose bbox touches the area's bbox (e.g. "intersects the city boundary").
   * Without it, the bbox alone is the area.
   */
  intersects?: (g: Geometry) => boolean
}

function attributeStats(values: unknown[]): AttributeStats {
  let nulls = 0
  const types = new Set<string>()
  const distinct = new Set<unknown>()
  for (const v of values) {
    if (v === null || v === undefined || v === '') {
      nulls++
      continue
    }
    types.add(typeof v === 'object' ? 'json' : (typeof v as string))
    distinct.add(typeof v === 'object' ? JSON.stringify(v) : v)
  }
  const t = types.size === 0 ? 'empty' : types.size > 1 ? 'mixed' : ([...types][0] as AttributeStats['type'])
  return { type: t, nullRate: values.length ? nulls / values.length : 0, distinct: distinct.size }
}

/** The smallest power-of-ten step that all sampled coordinates are multiples of (1e-3 = millimetres). */
function coordinatePrecision(features: QualityInput['features']): number | null {
  let finest = 1e3
  let seen = 0
  for (const f of features) {
    if (!f.geometry) continue
    eachPosition(f.geometry, (p) => {
      if (seen++ > 20000) return
      for (const v of [p[0], p[1]]) {
        while (finest > 1e-9 && Math.abs(v / finest - Math.round(v / finest)) > 1e-6) finest /= 10
      }
    })
    if (seen > 20000) break
  }
  return seen ? finest : null
}

const cap = (ids: number[]) => ids.slice(0, MAX_FINDING_IDS)



export function vectorQuality(input: QualityInput): QualityReport {
  const { features, metadata } = input
  const findings: Finding[] = []
  const add = (f: Omit<Finding, 'featureIds'> & { ids?: number[] }) => {
    const { ids = [], ...rest } = f
    findings.push({ ...rest, featureIds: cap(ids), ...(ids.length ? { count: ids.length } : {}) })
  }
  let bbox: BBox | null = null
  const geometryTypes: Record<string, number> = {}
  const invalid: number[] = []
  const reasons = new Map<string, number>()
  const empty: number[] = []
  const outside: number[] = []
  const duplicates: number[] = []
  const seenGeom = new Map<string, number>()
  const hashBuf = new Float64Array(1)
  const hashBits = new Uint32Array(hashBuf.buffer)
  features.forEach((f, i) => {
    const g = f.geometry
    if (!g) {
      empty.push(i)
      return
    }
    geometryTypes[g.type] = (geometryTypes[g.type] ?? 0) + 1
    const problem = invalidReason(g)
    if (problem) {
      invalid.push(i)
      reasons.set(problem, (reasons.get(problem) ?? 0) + 1)
    }
    const b = geometryBBox(g)
    if (!b) {
      empty.push(i)
      return
    }
    // A non-finite position (NaN/Infinity in a Shapefile) is an invalid geometry, not a place: it must not
    // stretch the layer's extent to Infinity.
    if (problem !== 'non-finite coordinate') bbox = unionBBox(bbox, b)
    const area = input.area
    if (area) {
      const e = area.bbox
      const disjointBox = b[2] < e[0] || b[0] > e[2] || b[3] < e[1] || b[1] > e[3]
      if (disjointBox || (area.intersects && !area.intersects(g))) outside.push(i)
    }
    // Duplicates as GEOS's ST_Equals sees them (start point, orientation, part order do not matter): a
    // 64-bit hash of the canonical coordinates is the map key; a hash match is confirmed by comparing them.
    const canonical = canonicalCoordinates(g)
    let h1 = 0x811c9dc5
    let h2 = 0x01000193
    let n = 0
    const mix = (c: unknown): void => {
      const a = c as unknown[]
      if (typeof a[0] !== 'number') {
        for (const x of a) mix(x)
        h1 = Math.imul(h1 ^ 0x9e3779b9, 0x01000193) // part boundary
        return
      }
      for (let k = 0; k < 2; k++) {
        hashBuf[0] = a[k] as number
        h1 = Math.imul(h1 ^ hashBits[0], 0x01000193) ^ hashBits[1]
        h2 = Math.imul(h2 ^ hashBits[1], 0x5bd1e995) ^ hashBits[0]
        n++
      }
    }
    mix(canonical)
    const key = `${g.type}:${h1 >>> 0}:${h2 >>> 0}:${n}`
    const first = seenGeom.get(key)
    if (first !== undefined && JSON.stringify(canonicalCoordinates(features[first].geometry!)) === JSON.stringify(canonical)) duplicates.push(i)
    else if (first === undefined) seenGeom.set(key, i)
  })
  if (invalid.length) {
    const why = [...reasons].map(([r, n]) => `${r}: ${n}`).join(', ')
    add({ criterion: 'konsistent', severity: 'error', message: `${invalid.length} invalid geometries (${why})`, code: 'invalid_geometries', params: { n: invalid.length, reasons: why }, ids: invalid })
  }
  if (empty.length) add({ criterion: 'vollständig', severity: 'warning', message: `${empty.length} features without geometry`, code: 'no_geometry', params: { n: empty.length }, ids: empty })
  // Single and multi parts of one kind (Polygon + MultiPolygon) are how exports write ordinary data, and the
  // publisher promotes them to the Multi type (cli/vector/promote.ts): only different kinds are worth a warning.
  if (new Set(Object.keys(geometryTypes).map((t) => t.replace(/^Multi/, ''))).size > 1) {
    const types = Object.keys(geometryTypes).join(', ')
    add({ criterion: 'konsistent', severity: 'warning', message: `mixed geometry types: ${types}`, code: 'mixed_geometry_types', params: { types } })
  }
  if (outside.length) add({ criterion: 'korrekt', severity: 'error', message: `${outside.length} features outside the expected area`, code: 'outside_area', params: { n: outside.length }, ids: outside })
  if (duplicates.length) add({ criterion: 'redundanzfrei', severity: 'warning', message: `${duplicates.length} duplicate geometries`, code: 'duplicate_geometries', params: { n: duplicates.length }, ids: duplicates })

  const attributes: Record<string, AttributeStats> = {}
  for (const name of input.attributeNames) {
    const values = features.map((f) => f.properties[name])
    const s = (attributes[name] = attributeStats(values))
    if (s.nullRate > 0) {
      const ids = values.flatMap((v, i) => (v === null || v === undefined || v === '' ? [i] : []))
      add({
        criterion: 'vollständig',
        severity: s.nullRate > 0.5 ? 'warning' : 'info',
        message: `attribute "${name}" is empty in ${(s.nullRate * 100).toFixed(1)} % of features`,
        code: 'attribute_empty',
        params: { name, percent: Math.round(s.nullRate * 1000) / 10 },
        ids,
      })
    }
    if (s.type === 'mixed') add({ criterion: 'konsistent', severity: 'warning', message: `attribute "${name}" has mixed value types`, code: 'attribute_mixed_types', params: { name } })
  }
  if (metadata.identifier) {
    const name = metadata.identifier
    if (!input.attributeNames.includes(name)) {
      add({ criterion: 'eindeutig', severity: 'error', message: `declared identifier "${name}" is not an attribute`, code: 'identifier_not_attribute', params: { name } })
    } else {
      const first = new Map<unknown, number>()
      const dup: number[] = []
      features.forEach((f, i) => {
        const v = f.properties[name]
        if (first.has(v)) dup.push(i)
        else first.set(v, i)
      })
      if (dup.length) add({ criterion: 'eindeutig', severity: 'error', message: `identifier "${name}" is not unique (${dup.length} repeats)`, code: 'identifier_not_unique', params: { name, n: dup.length }, ids: dup })
    }
  } else {
    add({ criterion: 'eindeutig', severity: 'info', message: 'no identifier attribute declared', code: 'no_identifier' })
  }
  const missing = missingRecommended(metadata)
  if (missing.length) add({ criterion: 'verständlich', severity: 'warning', message: `metadata missing: ${missing.join(', ')}`, code: 'metadata_missing', params: { fields: missing.join(', ') } })
  const undescribed = input.attributeNames.filter((n) => !metadata.attributes?.[n]?.title && !metadata.attributes?.[n]?.description)
  if (undescribed.length) {
    add({ criterion: 'verständlich', severity: 'info', message: `attributes without title or description: ${undescribed.join(', ')}`, code: 'attributes_undescribed', params: { names: undescribed.join(', ') } })
  }
  if (metadata.positionalAccuracy === undefined) {
    add({ criterion: 'genau', severity: 'info', message: 'positional accuracy not declared', code: 'accuracy_undeclared' })
  }
  return {
    featureCount: features.length,
    crs: 'EPSG:25832',
    sourceCrs: input.sourceCrs,
    bbox,
    geometryTypes,
    invalidGeometries: invalid.length,
    duplicateGeometries: duplicates.length,
    outsideExtent: outside.length,
    coordinatePrecision: coordinatePrecision(features),
    attributes,
    findings,
  }
}
