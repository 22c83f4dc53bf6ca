// The documented JSON Schema (docs/metadata.schema.json) and the validator must agree.
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { ACCESS_LEVELS, CATEGORIES, PERSONAL_DATA, UPDATE_FREQUENCIES, validateMetadata } from './metadata.ts'

const schema = JSON.parse(readFileSync('docs/metadata.schema.json', 'utf8'))
const sample = JSON.parse(readFileSync('docs/metadata.sample.json', 'utf8'))
// ajv is CommonJS: depending on the loader its class is the default export or that export's .default.
const AjvClass = ((Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020) as typeof Ajv2020
const ajv = new AjvClass({ allErrors: true, strict: false })
const schemaValid = ajv.compile(schema)
const validatorValid = (m: unknown) => {
  try {
    validateMetadata(m)
    return true
  } catch {
    return false
  }
}

describe('metadata schema', () => {
  it('the sample in docs/ is valid for both', () => {
    expect(schemaValid(sample), JSON.stringify(schemaValid.errors)).toBe(true)
    expect(validateMetadata(sample).title).toBe('Straßenbäume')
  })

  it('lists the same enumerations as the code', () => {
    expect(schema.properties.category.enum).toEqual([...CATEGORIES])
    expect(schema.properties.access.enum).toEqual([...ACCESS_LEVELS])
    expect(schema.properties.personalData.enum).toEqual([...PERSONAL_DATA])
    expect(schema.properties.updateFrequency.enum).toEqual(Object.keys(UPDATE_FREQUENCIES))
  })

  const cases: [string, unknown][] = [
    ['missing title', { description: 'x' }],
    ['blank title', { title: '  ' }],
    ['unknown field', { title: 'x', farbe: 'rot' }],
    ['bad category', { title: 'x', category: 'Bäume' }],
    ['bad date', { title: 'x', lastUpdate: '31.03.2026' }],
    ['negative accuracy', { title: 'x', positionalAccuracy: -1 }],
    ['bad email', { title: 'x', contact: { email: 'nope' } }],
    ['unknown contact field', { title: 'x', contact: { fax: '1' } }],
    ['keywords not strings', { title: 'x', keywords: [1] }],
    ['attribute with unknown key', { title: 'x', attributes: { a: { label: 'A' } } }],
    ['personal data in public layer', { title: 'x', personalData: 'personal', access: 'public' }],
    ['personal data, access not given', { title: 'x', personalData: 'personal' }],
    ['personal data, internal', { title: 'x', personalData: 'personal', access: 'internal' }],
    ['minimal', { title: 'x' }],
    ['demo flag', { title: 'x', demo: true }],
  ]
  for (const [name, m] of cases) {
    it(`agrees with the validator: ${name}`, () => {
      expect(schemaValid(m)).toBe(validatorValid(m))
    })
  }
})
