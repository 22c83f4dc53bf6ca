import { describe, expect, it } from 'vitest'
import { parseCatalog, parseLayerDocument } from './catalog.ts'

describe('parseLayerDocument', () => {
  const good = { id: 'a', kind: 'vector', metadata: { title: 'A', keywords: ['x', 3], access: 'public' }, quality: { findings: [{ criterion: 'genau', severity: 'info', message: 'm', featureIds: [] }, { bad: 1 }] }, files: [], attributes: ['n'] }

  it('keeps what the portal reads and drops malformed parts', () => {
    const d = parseLayerDocument(good, 'a')
    expect(d.metadata.keywords).toEqual(['x'])
    expect(d.quality.findings).toHaveLength(1)
    expect(d.attributes).toEqual(['n'])
  })

  it('refuses documents that are not the layer asked for or have no metadata', () => {
    expect(() => parseLayerDocument(good, 'b')).toThrow(/id is "a"/)
    expect(() => parseLayerDocument({ ...good, metadata: null }, 'a')).toThrow(/no metadata/)
    expect(() => parseLayerDocument([], 'a')).toThrow(/not an object/)
  })
})

describe('catalog entry summary', () => {
  const base = { id: 'a', title: 'A', kind: 'vector', href: 'layers/a/1/a.fgb', metaHref: 'layers/a/1/layer.json', bbox: [0, 0, 1, 1], bbox4326: [0, 0, 1, 1], style: { color: '#000' } }
  it('keeps well-formed summary fields', () => {
    const quality = { grade: 'B', errors: 0, warnings: 1, missingMetadata: ['license'] }
    const { catalog } = parseCatalog({ layers: [{ ...base, department: 'Tiefbau', keywords: ['Bäume'], quality }] })
    expect(catalog.layers[0]).toMatchObject({ department: 'Tiefbau', keywords: ['Bäume'], quality })
  })
  it('drops summary fields of the wrong type instead of rejecting the layer', () => {
    const { catalog, rejected } = parseCatalog({
      layers: [{ ...base, department: 3, keywords: ['ok', 4], attributeNames: 'x', quality: { grade: 'Z', errors: 0, warnings: 0, missingMetadata: [] } }],
    })
    expect(rejected).toEqual([])
    const l = catalog.layers[0]
    expect(l.department).toBeUndefined()
    expect(l.keywords).toEqual(['ok'])
    expect(l.attributeNames).toBeUndefined()
    expect(l.quality).toBeUndefined()
  })
})
