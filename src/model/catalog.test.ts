import { describe, expect, it } from 'vitest'
import { parseLayerDocument } from './catalog.ts'

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
