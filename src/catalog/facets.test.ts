import { describe, expect, it } from 'vitest'
import type { LayerEntry } from '../model/catalog.ts'
import { applyFacets, FacetTable, hasSelection, inArea, intersects, layerFacets, toggleFacet, type FacetSelection } from './facets.ts'

const TODAY = new Date('2026-11-26T12:00:00Z')
const layer = (id: string, o: Partial<LayerEntry> = {}) =>
  ({ id, title: id, kind: 'vector', access: 'public', bbox4326: [8, 51.5, 8.2, 51.6], ...o }) as unknown as LayerEntry
const q = (grade: 'A' | 'B' | 'C' | 'D') => ({ grade, errors: 0, warnings: 0, missingMetadata: [] })
const layers = [
  // on time (monthly, last update 2026-11-01)
  layer('a', { category: 'Umweltdaten', department: 'Grünflächenamt', license: 'dl-de/zero-2.0', updateFrequency: 'monthly', lastUpdate: '2026-11-01', quality: q('A') }),
  // overdue (annual, 2024) → grade B becomes C
  layer('b', { category: 'Verwaltungsdaten', department: 'Grünflächenamt', updateFrequency: 'annual', lastUpdate: '2024-05-02', quality: q('B') }),
  layer('c', { category: 'Mobilitätsdaten', department: 'Tiefbauamt', license: 'CC BY 4.0', updateFrequency: 'quarterly', lastUpdate: '2026-09-01', quality: q('A') }),
  layer('d', { category: 'Umweltdaten', department: 'Tiefbauamt', license: 'dl-de/zero-2.0', access: 'internal', updateFrequency: 'never', lastUpdate: '2026-01-15', quality: q('C'), bbox4326: [9, 52, 9.1, 52.1] }),
  layer('e', { category: 'Geodaten', license: 'dl-de/zero-2.0' }),
]
const table = new FacetTable(layers, TODAY)
const all = layers.map((l) => l.id)
const run = (selection: FacetSelection, candidates = all) => applyFacets(table, candidates, selection)
const counts = (r: ReturnType<typeof run>, key: keyof ReturnType<typeof run>['facets']) => Object.fromEntries(r.facets[key].map((v) => [v.value, v.count]))

describe('catalog facets', () => {
  it('derives update status and the effective grade for the day', () => {
    expect(layerFacets(layers[0], TODAY)).toMatchObject({ update: 'on-time', grade: 'A' })
    expect(layerFacets(layers[1], TODAY)).toMatchObject({ update: 'overdue', grade: 'C', license: '' })
    expect(layerFacets(layers[3], TODAY)).toMatchObject({ update: 'not-scheduled', grade: 'C', access: 'internal' })
    expect(layerFacets(layers[4], TODAY)).toMatchObject({ update: 'unknown', grade: '', department: '' })
  })

  it('counts every value without a selection; categories in the data strategy order, only those present', () => {
    const r = run({})
    expect(r.ids).toEqual(all)
    expect(r.facets.category.map((v) => v.value)).toEqual(['Mobilitätsdaten', 'Geodaten', 'Verwaltungsdaten', 'Umweltdaten'])
    expect(counts(r, 'category')).toEqual({ Umweltdaten: 2, Verwaltungsdaten: 1, Mobilitätsdaten: 1, Geodaten: 1 })
    expect(r.facets.department.map((v) => [v.value, v.count])).toEqual([['Grünflächenamt', 2], ['Tiefbauamt', 2], ['', 1]])
    expect(counts(r, 'license')).toEqual({ 'dl-de/zero-2.0': 3, 'CC BY 4.0': 1, '': 1 })
    expect(counts(r, 'access')).toEqual({ public: 4, internal: 1 })
    expect(r.facets.update.map((v) => [v.value, v.count])).toEqual([['on-time', 2], ['overdue', 1], ['not-scheduled', 1], ['unknown', 1]])
    expect(r.facets.grade.map((v) => [v.value, v.count])).toEqual([['A', 2], ['C', 2], ['', 1]])
  })

  it('ORs values within a facet, ANDs facets, and counts each facet with the other facets applied', () => {
    const r = run({ category: ['Umweltdaten', 'Mobilitätsdaten'], department: ['Tiefbauamt'] })
    expect(r.ids).toEqual(['c', 'd'])
    // Category counts ignore the category selection but apply the department: Tiefbauamt has c and d.
    expect(counts(r, 'category')).toEqual({ Umweltdaten: 1, Mobilitätsdaten: 1 })
    expect(r.facets.category.filter((v) => v.selected).map((v) => v.value)).toEqual(['Mobilitätsdaten', 'Umweltdaten'])
    // Department counts apply the category selection: a (Grünflächenamt), c, d (Tiefbauamt).
    expect(counts(r, 'department')).toEqual({ Tiefbauamt: 2, Grünflächenamt: 1 })
    // Other facets count the result only.
    expect(counts(r, 'access')).toEqual({ public: 1, internal: 1 })
    expect(counts(r, 'grade')).toEqual({ A: 1, C: 1 })
  })

  it('keeps a selected value with count 0 so it can be unticked', () => {
    const r = run({ update: ['overdue'] }, ['a', 'c'])
    expect(r.ids).toEqual([])
    expect(r.facets.update).toContainEqual({ value: 'overdue', count: 0, selected: true })
    expect(counts(r, 'update')).toEqual({ 'on-time': 2, overdue: 0 })
  })

  it('filters by the effective grade and by "not stated"', () => {
    expect(run({ grade: ['C'] }).ids).toEqual(['b', 'd'])
    expect(run({ license: [''] }).ids).toEqual(['b'])
  })

  it('keeps only layers intersecting the map view', () => {
    expect(intersects([8, 51.5, 8.2, 51.6], [8.1, 51.55, 8.5, 51.9])).toBe(true)
    expect(intersects([8, 51.5, 8.2, 51.6], [8.3, 51.55, 8.5, 51.9])).toBe(false)
    expect([...inArea(layers, [8.05, 51.55, 8.1, 51.58])]).toEqual(['a', 'b', 'c', 'e'])
    expect([...inArea(layers, [9.05, 52.05, 9.06, 52.06])]).toEqual(['d'])
  })

  it('toggles values', () => {
    let s: FacetSelection = {}
    s = toggleFacet(s, 'access', 'public', true)
    s = toggleFacet(s, 'access', 'internal', true)
    expect(s).toEqual({ access: ['public', 'internal'] })
    s = toggleFacet(toggleFacet(s, 'access', 'public', false), 'access', 'internal', false)
    expect(s).toEqual({})
    expect(hasSelection(s)).toBe(false)
  })
})
