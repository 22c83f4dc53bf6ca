import { describe, expect, it } from 'vitest'
import type { LayerEntry } from '../model/catalog.ts'
import type { QualitySummary } from '../model/quality.ts'
import { dashboardRows, dashboardSummary, departments } from './dashboard.ts'

const today = new Date('2026-11-26T12:00:00Z')

function layer(id: string, extra: Partial<LayerEntry> & { quality?: QualitySummary } = {}): LayerEntry {
  return {
    id,
    title: extra.title ?? id,
    kind: 'vector',
    href: `layers/${id}/v/${id}.fgb`,
    metaHref: `layers/${id}/v/layer.json`,
    bbox: [0, 0, 1, 1],
    bbox4326: [0, 0, 1, 1],
    access: 'public',
    bytes: 1,
    geometryType: 'Point',
    featureCount: 1,
    style: { color: '#000000' },
    lastUpdate: '2026-10-01',
    updateFrequency: 'annual',
    ...extra,
  } as LayerEntry
}
const q = (grade: QualitySummary['grade'], errors = 0, warnings = 0, missingMetadata: string[] = []): QualitySummary => ({ grade, errors, warnings, missingMetadata })

describe('quality dashboard ranking', () => {
  it('ranks by the grade of the day: an overdue layer is one grade worse', () => {
    const rows = dashboardRows(
      [
        layer('a', { quality: q('A') }),
        layer('b', { quality: q('B', 0, 1) }),
        // Stored A, but overdue (annual, last update 2025-01-01) ⇒ B today, and overdue beats fewer warnings.
        layer('c', { quality: q('A'), lastUpdate: '2025-01-01' }),
        layer('d', { quality: q('D', 2) }),
      ],
      today,
    )
    expect(rows.map((r) => r.layer.id)).toEqual(['d', 'b', 'c', 'a'])
    expect(rows[2].grade).toBe('B')
    expect(rows[2].storedGrade).toBe('A')
    expect(rows[2].timeliness).toMatchObject({ status: 'overdue', dueDate: '2026-01-01', overdueDays: 329 })
  })

  it('breaks ties by errors, warnings, overdue days, missing metadata, then title', () => {
    const rows = dashboardRows(
      [
        layer('t2', { title: 'Zebra', quality: q('C', 1, 0) }),
        layer('t1', { title: 'Ameise', quality: q('C', 1, 0) }),
        layer('m', { title: 'M', quality: q('C', 1, 0, ['license', 'contact']) }),
        layer('o1', { title: 'O1', quality: q('B', 0, 1), lastUpdate: '2025-06-01' }),
        layer('o2', { title: 'O2', quality: q('B', 0, 1), lastUpdate: '2025-01-01' }),
        layer('w', { title: 'W', quality: q('C', 0, 3) }),
        layer('e', { title: 'E', quality: q('C', 1, 2) }),
      ],
      today,
    )
    expect(rows.map((r) => r.layer.id)).toEqual(['e', 'm', 't1', 't2', 'w', 'o2', 'o1'])
  })

  it('lists layers without a quality summary last, and counts them', () => {
    const rows = dashboardRows([layer('x'), layer('a', { quality: q('A') })], today)
    expect(rows.map((r) => r.layer.id)).toEqual(['a', 'x'])
    expect(rows[1].grade).toBeUndefined()
    expect(dashboardSummary(rows)).toEqual({ layers: 2, overdue: 0, withMissingMetadata: 0, perGrade: { A: 1, B: 0, C: 0, D: 0 }, ungraded: 1 })
  })

  it('summarises and filters by department', () => {
    const layers = [
      layer('a', { department: 'Grünflächenamt', quality: q('B', 0, 1, ['license']), lastUpdate: '2024-05-02' }),
      layer('b', { department: 'Abteilung Geoinformation', quality: q('A') }),
      layer('c', { quality: q('A', 0, 0, ['department']) }),
    ]
    const all = dashboardRows(layers, today)
    expect(dashboardSummary(all)).toEqual({ layers: 3, overdue: 1, withMissingMetadata: 2, perGrade: { A: 2, B: 0, C: 1, D: 0 }, ungraded: 0 })
    expect(departments(layers)).toEqual(['Abteilung Geoinformation', 'Grünflächenamt', ''])
    expect(dashboardRows(layers, today, 'Grünflächenamt').map((r) => r.layer.id)).toEqual(['a'])
    expect(dashboardRows(layers, today, '').map((r) => r.layer.id)).toEqual(['c'])
  })
})
