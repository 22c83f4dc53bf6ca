// The quality dashboard's ranking: all layers worst first, from catalog.json alone (the per-layer quality summary,
// lastUpdate and updateFrequency), so it works for thousands of layers without loading any layer.json.
import type { LayerEntry } from '../model/catalog.ts'
import { GRADES, type Grade } from '../model/quality.ts'
import { effectiveGrade } from './grade.ts'
import { timeliness, type Timeliness } from './timeliness.ts'

export interface DashboardRow {
  layer: LayerEntry
  /** The grade on the given day (overdue ⇒ one grade worse); undefined when the catalog entry has no summary. */
  grade?: Grade
  /** The grade stored at publish. */
  storedGrade?: Grade
  errors: number
  warnings: number
  timeliness: Timeliness
  /** Missing recommended metadata fields (RECOMMENDED_FIELDS names). */
  missingMetadata: string[]
}

export interface DashboardSummary {
  layers: number
  overdue: number
  withMissingMetadata: number
  perGrade: Record<Grade, number>
  /** Layers without a quality summary (catalogs written before it existed). */
  ungraded: number
}

export function dashboardRow(layer: LayerEntry, today: Date): DashboardRow {
  const tl = timeliness(layer.lastUpdate, layer.updateFrequency, today)
  const q = layer.quality
  // An external service's data is not measured here: no grade (its metadata completeness still counts).
  const graded = q && layer.kind !== 'service' ? q : undefined
  return {
    layer,
    grade: graded ? effectiveGrade(graded.grade, tl.status) : undefined,
    storedGrade: graded?.grade,
    errors: q?.errors ?? 0,
    warnings: q?.warnings ?? 0,
    timeliness: tl,
    missingMetadata: q?.missingMetadata ?? [],
  }
}

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true })

/** Worst first: effective grade (ungraded last), then errors, warnings, overdue days, missing metadata; ties by title. */
export function compareRows(a: DashboardRow, b: DashboardRow): number {
  const rank = (g?: Grade) => (g ? GRADES.indexOf(g) : -1)
  return (
    rank(b.grade) - rank(a.grade) ||
    b.errors - a.errors ||
    b.warnings - a.warnings ||
    (b.timeliness.overdueDays ?? 0) - (a.timeliness.overdueDays ?? 0) ||
    b.missingMetadata.length - a.missingMetadata.length ||
    collator.compare(a.layer.title, b.layer.title) ||
    (a.layer.id < b.layer.id ? -1 : a.layer.id > b.layer.id ? 1 : 0)
  )
}

/** Rows for the given layers (optionally of one department), worst first. */
export function dashboardRows(layers: readonly LayerEntry[], today: Date, department?: string): DashboardRow[] {
  return layers
    .filter((l) => department === undefined || (l.department ?? '') === department)
    .map((l) => dashboardRow(l, today))
    .sort(compareRows)
}

export function dashboardSummary(rows: readonly DashboardRow[]): DashboardSummary {
  const perGrade = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>
  let overdue = 0
  let withMissingMetadata = 0
  let ungraded = 0
  for (const r of rows) {
    if (r.grade) perGrade[r.grade]++
    else ungraded++
    if (r.timeliness.status === 'overdue') overdue++
    if (r.missingMetadata.length) withMissingMetadata++
  }
  return { layers: rows.length, overdue, withMissingMetadata, perGrade, ungraded }
}

/** The departments named in the catalog, sorted; '' stands for layers without a department (listed last). */
export function departments(layers: readonly LayerEntry[]): string[] {
  const named = [...new Set(layers.map((l) => l.department).filter((d): d is string => !!d))].sort(collator.compare)
  return layers.some((l) => !l.department) ? [...named, ''] : named
}
