// Measured quality of a vector layer: pure function of features (EPSG:25832) and metadata.
// Shared by the publisher (stored in layer.json) and, later, by in-browser checks.
import type { BBox } from '../model/catalog.ts'
import { missingRecommended, type LayerMetadata } from '../model/metadata.ts'
import { MAX_FINDING_IDS, type AttributeStats, type Finding, type QualityReport } from '../model/quality.ts'
import { eachPosition, geometryBBox, unionBBox, type Geometry } from '../projection/geometry.ts'
import { DistinctCounter, hashValue, IndexSet, RepeatFinder } from './bounded.ts'
import { geometryKey } from './canonical.ts'
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
  /** The polygons `intersects` tests, as data: a worker thread builds its own test from them. */
  polygons?: Geometry[]
}

/** Null rate, value types and distinct values of one attribute, value by value. */
class AttributeScan {
  n = 0
  readonly nulls = new IndexSet()
  readonly types = new Set<string>()
  readonly distinct = new DistinctCounter()
  add(v: unknown, i: number): void {
    this.n++
    if (v === null || v === undefined || v === '') {
      this.nulls.add(i)
      return
    }
    this.types.add(typeof v === 'object' ? 'json' : (typeof v as string))
    this.distinct.add(typeof v === 'object' ? JSON.stringify(v) : v)
  }
  stats(): AttributeStats {
    const t = this.types.size === 0 ? 'empty' : this.types.size > 1 ? 'mixed' : ([...this.types][0] as AttributeStats['type'])
    return { type: t, nullRate: this.n ? this.nulls.size / this.n : 0, distinct: this.distinct.size }
  }
}

/** Samples coordinates for the precision estimate: the smallest power-of-ten step all are multiples of. */
class PrecisionScan {
  finest = 1e3
  seen = 0
  add(g: Geometry): void {
    if (this.seen > 20000) return
    eachPosition(g, (p) => {
      if (this.seen++ > 20000) return
      for (const v of [p[0], p[1]]) {
        while (this.finest > 1e-9 && Math.abs(v / this.finest - Math.round(v / this.finest)) > 1e-6) this.finest /= 10
      }
    })
  }
  get value(): number | null {
    return this.seen ? this.finest : null
  }
}

const cap = (ids: number[]) => ids.slice(0, MAX_FINDING_IDS)

/**
 * Vector quality measured feature by feature in bounded memory (bitmaps of feature indices, 64-bit hashes for
 * duplicates and identifier repeats, no geometries or values kept), so that layers of any size can be measured
 * in the pass that writes them. Findings name features by their position in the published file: `report` takes
 * the file order (`at(p)` = index, as added, of the feature at position p).
 */
export class VectorQualityScan {
  private n = 0
  private bbox: BBox | null = null
  private readonly geometryTypes: Record<string, number> = {}
  private readonly invalid = new IndexSet()
  private readonly reasons = new Map<string, number>()
  private readonly empty = new IndexSet()
  private readonly outside = new IndexSet()
  private readonly geometries: RepeatFinder
  private readonly identifiers: RepeatFinder | null
  private readonly attributes: Map<string, AttributeScan>
  private readonly precision = new PrecisionScan()
  private readonly key = new Uint32Array(2)
  private readonly valueHash = new Uint32Array(2)

  constructor(
    private readonly attributeNames: string[],
    private readonly metadata: LayerMetadata,
    private readonly area?: ExpectedArea,
    capacity = 0,
  ) {
    this.geometries = new RepeatFinder(capacity)
    this.identifiers = metadata.identifier && attributeNames.includes(metadata.identifier) ? new RepeatFinder(capacity) : null
    this.attributes = new Map(attributeNames.map((a) => [a, new AttributeScan()]))
  }

  /** The next feature; `bbox` is its geometry's extent when the caller has it already. */
  add(f: { geometry: Geometry | null; properties: Record<string, unknown> }, bbox?: BBox | null): void {
    const i = this.n++
    for (const [name, scan] of this.attributes) scan.add(f.properties[name], i)
    if (this.identifiers) {
      hashValue(f.properties[this.metadata.identifier!], this.valueHash)
      this.identifiers.add(this.valueHash[0], this.valueHash[1])
    }
    const g = f.geometry
    if (!g) {
      this.empty.add(i)
      this.geometries.skip()
      return
    }
    this.geometryTypes[g.type] = (this.geometryTypes[g.type] ?? 0) + 1
    const problem = invalidReason(g)
    if (problem) {
      this.invalid.add(i)
      this.reasons.set(problem, (this.reasons.get(problem) ?? 0) + 1)
    }
    const b = bbox === undefined ? geometryBBox(g) : bbox
    if (!b) {
      this.empty.add(i)
      this.geometries.skip()
      return
    }
    this.precision.add(g)
    // A non-finite position (NaN/Infinity in a Shapefile) is an invalid geometry, not a place: it must not
    // stretch the layer's extent to Infinity.
    if (problem !== 'non-finite coordinate') this.bbox = unionBBox(this.bbox, b)
    const area = this.area
    if (area) {
      const e = area.bbox
      const disjointBox = b[2] < e[0] || b[0] > e[2] || b[3] < e[1] || b[1] > e[3]
      if (disjointBox || (area.intersects && !area.intersects(g))) this.outside.add(i)
    }
    // Duplicates as GEOS's ST_Equals sees them (start point, orientation, part order do not matter).
    geometryKey(g, this.key)
    this.geometries.add(this.key[0], this.key[1])
  }

  report(sourceCrs: string, at: (p: number) => number = (p) => p): QualityReport {
    const { n, metadata } = this
    const findings: Finding[] = []
    const add = (f: Omit<Finding, 'featureIds'> & { ids?: IndexSet }) => {
      const { ids, ...rest } = f
      const count = ids?.size ?? 0
      findings.push({ ...rest, featureIds: cap(ids ? ids.positions(n, at, MAX_FINDING_IDS) : []), ...(count ? { count } : {}) })
    }
    const { geometryTypes, invalid, reasons, empty, outside } = this
    const duplicates = this.geometries.repeats(at)
    if (invalid.size) {
      const why = [...reasons].map(([r, n]) => `${r}: ${n}`).join(', ')
      add({ criterion: 'konsistent', severity: 'error', message: `${invalid.size} invalid geometries (${why})`, code: 'invalid_geometries', params: { n: invalid.size, reasons: why }, ids: invalid })
    }
    if (empty.size) add({ criterion: 'vollständig', severity: 'warning', message: `${empty.size} features without geometry`, code: 'no_geometry', params: { n: empty.size }, ids: empty })
    // Single and multi parts of one kind (Polygon + MultiPolygon) are how exports write ordinary data, and the
    // publisher promotes them to the Multi type (cli/vector/promote.ts): only different kinds are worth a warning.
    if (new Set(Object.keys(geometryTypes).map((t) => t.replace(/^Multi/, ''))).size > 1) {
      const types = Object.keys(geometryTypes).join(', ')
      add({ criterion: 'konsistent', severity: 'warning', message: `mixed geometry types: ${types}`, code: 'mixed_geometry_types', params: { types } })
    }
    if (outside.size) add({ criterion: 'korrekt', severity: 'error', message: `${outside.size} features outside the expected area`, code: 'outside_area', params: { n: outside.size }, ids: outside })
    if (duplicates.size) add({ criterion: 'redundanzfrei', severity: 'warning', message: `${duplicates.size} duplicate geometries`, code: 'duplicate_geometries', params: { n: duplicates.size }, ids: duplicates })

    const attributes: Record<string, AttributeStats> = {}
    for (const name of this.attributeNames) {
      const scan = this.attributes.get(name)!
      const s = (attributes[name] = scan.stats())
      if (s.nullRate > 0) {
        add({
          criterion: 'vollständig',
          severity: s.nullRate > 0.5 ? 'warning' : 'info',
          message: `attribute "${name}" is empty in ${(s.nullRate * 100).toFixed(1)} % of features`,
          code: 'attribute_empty',
          params: { name, percent: Math.round(s.nullRate * 1000) / 10 },
          ids: scan.nulls,
        })
      }
      if (s.type === 'mixed') add({ criterion: 'konsistent', severity: 'warning', message: `attribute "${name}" has mixed value types`, code: 'attribute_mixed_types', params: { name } })
    }
    if (metadata.identifier) {
      const name = metadata.identifier
      if (!this.identifiers) {
        add({ criterion: 'eindeutig', severity: 'error', message: `declared identifier "${name}" is not an attribute`, code: 'identifier_not_attribute', params: { name } })
      } else {
        const dup = this.identifiers.repeats(at)
        if (dup.size) add({ criterion: 'eindeutig', severity: 'error', message: `identifier "${name}" is not unique (${dup.size} repeats)`, code: 'identifier_not_unique', params: { name, n: dup.size }, ids: dup })
      }
    } else {
      add({ criterion: 'eindeutig', severity: 'info', message: 'no identifier attribute declared', code: 'no_identifier' })
    }
    const missing = missingRecommended(metadata)
    if (missing.length) add({ criterion: 'verständlich', severity: 'warning', message: `metadata missing: ${missing.join(', ')}`, code: 'metadata_missing', params: { fields: missing.join(', ') } })
    const undescribed = this.attributeNames.filter((n) => !metadata.attributes?.[n]?.title && !metadata.attributes?.[n]?.description)
    if (undescribed.length) {
      add({ criterion: 'verständlich', severity: 'info', message: `attributes without title or description: ${undescribed.join(', ')}`, code: 'attributes_undescribed', params: { names: undescribed.join(', ') } })
    }
    if (metadata.positionalAccuracy === undefined) {
      add({ criterion: 'genau', severity: 'info', message: 'positional accuracy not declared', code: 'accuracy_undeclared' })
    }
    return {
      featureCount: n,
      crs: 'EPSG:25832',
      sourceCrs,
      bbox: this.bbox,
      geometryTypes,
      invalidGeometries: invalid.size,
      duplicateGeometries: duplicates.size,
      outsideExtent: outside.size,
      coordinatePrecision: this.precision.value,
      attributes,
      findings,
    }
  }
}

/** Quality of features held in memory, in their order. */
export function vectorQuality(input: QualityInput): QualityReport {
  const scan = new VectorQualityScan(input.attributeNames, input.metadata, input.area, input.features.length)
  for (const f of input.features) scan.add(f)
  return scan.report(input.sourceCrs)
}
