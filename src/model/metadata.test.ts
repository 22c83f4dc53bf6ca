import { describe, expect, it } from 'vitest'
import { MetadataError, missingRecommended, validateMetadata } from './metadata.ts'

describe('validateMetadata', () => {
  it('accepts a minimal record and defaults access to public', () => {
    const m = validateMetadata({ title: 'Bäume' })
    expect(m.access).toBe('public')
    expect(missingRecommended(m)).toContain('license')
  })

  it('reports all problems at once, each with its field', () => {
    try {
      validateMetadata({ category: 'Quatsch', lastUpdate: '31.01.2026', contact: { email: 'nope' }, colour: 1 }, 'meta.json')
      expect.unreachable()
    } catch (e) {
      const err = e as MetadataError
      expect(err).toBeInstanceOf(MetadataError)
      expect(err.problems.map((p) => p.field).sort()).toEqual(['category', 'colour', 'contact.email', 'lastUpdate', 'title'])
      expect(err.message).toMatch(/^meta\.json: /)
    }
  })

  it('keeps personal data out of public layers', () => {
    expect(() => validateMetadata({ title: 'x', personalData: 'personal' })).toThrow(/access: layers with personal data must be internal/)
    expect(validateMetadata({ title: 'x', personalData: 'personal', access: 'internal' }).access).toBe('internal')
  })
})
