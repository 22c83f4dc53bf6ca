import { describe, expect, it } from 'vitest'
import { parseCatalog } from './catalog.ts'

describe('catalog accessibility contact', () => {
  it('keeps the contact of the accessibility statement as strings only', () => {
    const { catalog } = parseCatalog({ layers: [], accessibility: { contact: { name: 'Stadt Soest', email: 'a@b.de', phone: 42, url: 'x' } } })
    expect(catalog.accessibility).toEqual({ contact: { name: 'Stadt Soest', email: 'a@b.de' } })
    expect(parseCatalog({ layers: [] }).catalog.accessibility).toBeUndefined()
    expect(parseCatalog({ layers: [], accessibility: null }).catalog.accessibility).toBeUndefined()
    expect(parseCatalog({ layers: [], accessibility: { contact: 'x' } }).catalog.accessibility).toBeUndefined()
  })
})
