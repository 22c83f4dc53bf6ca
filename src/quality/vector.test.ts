import { describe, expect, it } from 'vitest'
import { validateMetadata } from '../model/metadata.ts'
import { vectorQuality } from './vector.ts'

const square = (x: number, y: number, s = 10) => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] })

describe('vectorQuality', () => {
  it('counts exactly the defects built into a layer', () => {
    const features = [
      { geometry: square(438000, 5714000), properties: { id: 1, name: 'a' } },
      { geometry: square(438100, 5714000), properties: { id: 2, name: null } },
      { geometry: square(438000, 5714000), properties: { id: 3, name: 'c' } }, // duplicate of 0
      { geometry: { type: 'Polygon', coordinates: [[[438200, 5714000], [438210, 5714000], [438210, 5714010], [438200, 5714010]]] }, properties: { id: 4, name: '' } }, // unclosed
      { geometry: { type: 'Polygon', coordinates: [[[438300, 5714000], [438310, 5714000], [438300, 5714000]]] }, properties: { id: 4, name: 'e' } }, // too short, id repeats
      { geometry: square(500000, 5800000), properties: { id: 6, name: 'f' } }, // outside
    ]
    const q = vectorQuality({
      features,
      attributeNames: ['id', 'name'],
      metadata: validateMetadata({ title: 'Test', identifier: 'id' }),
      sourceCrs: 'EPSG:25832',
      area: { bbox: [429000, 5705000, 447000, 5723000] },
    })
    expect(q.featureCount).toBe(6)
    expect(q.invalidGeometries).toBe(2)
    expect(q.duplicateGeometries).toBe(1)
    expect(q.outsideExtent).toBe(1)
    expect(q.attributes.name).toEqual({ type: 'string', nullRate: 2 / 6, distinct: 4 })
    expect(q.attributes.id.distinct).toBe(5)
    const find = (c: string, re: RegExp) => q.findings.find((f) => f.criterion === c && re.test(f.message))
    expect(find('konsistent', /invalid/)?.featureIds).toEqual([3, 4])
    expect(find('redundanzfrei', /duplicate/)?.featureIds).toEqual([2])
    expect(find('korrekt', /outside/)?.featureIds).toEqual([5])
    expect(find('eindeutig', /not unique/)?.featureIds).toEqual([4])
    expect(find('vollständig', /"name"/)?.featureIds).toEqual([1, 3])
    expect(q.coordinatePrecision).toBe(10) // every coordinate here is a multiple of 10 m
  })

  it('keeps the extent finite when a position is not (an Infinity in a Shapefile is an invalid geometry, not a place)', () => {
    const q = vectorQuality({
      features: [
        { geometry: square(438000, 5714000), properties: {} },
        { geometry: { type: 'Point', coordinates: [Infinity, 5714000] }, properties: {} },
        { geometry: { type: 'Point', coordinates: [-Infinity, -Infinity] }, properties: {} },
      ],
      attributeNames: [],
      metadata: validateMetadata({ title: 'Test' }),
      sourceCrs: 'EPSG:25832',
    })
    expect(q.bbox).toEqual([438000, 5714000, 438010, 5714010])
    expect(q.invalidGeometries).toBe(2)
  })
})
