import { describe, expect, it } from 'vitest'
import { formatter, pluralKey } from './format.ts'
import { translator } from './i18n.ts'
import { en } from './i18n.en.ts'

const de = formatter('de')
const gb = formatter('en')

describe('attribute values', () => {
  it('localise real numbers, without grouping (years and numbers stored as numbers)', () => {
    expect(de.value(45.86)).toBe('45,86')
    expect(gb.value(45.86)).toBe('45.86')
    expect(de.value(-0.5)).toBe('-0,5')
    expect(de.value(1998)).toBe('1998')
    expect(de.value(123456.75)).toBe('123456,75')
    expect(de.value(0.1 + 0.2)).toBe('0,3')
    expect(de.value(Number.NaN)).toBe('NaN')
  })

  it('leave strings as stored: postcodes, ids and decimal-looking text are not numbers', () => {
    for (const s of ['05071', '0815', '45.86', '1.000', 'Linde', '59494 Soest', '<b>x</b>']) expect(de.value(s)).toBe(s)
  })

  it('show ISO dates and date-times in the language, and leave impossible ones alone', () => {
    expect(de.value('2021-09-08')).toBe('8.9.2021')
    expect(gb.value('2021-09-08')).toBe('8 Sept 2021')
    expect(de.value('2021-09-08T14:30:00')).toBe('8.9.2021, 14:30')
    expect(gb.value('2021-09-08T14:30')).toBe('8 Sept 2021, 14:30')
    // With a zone: in the city's time (CEST in September).
    expect(de.value('2021-09-08T12:30:00Z')).toBe('8.9.2021, 14:30')
    expect(de.value('2021-02-31')).toBe('2021-02-31')
    expect(de.value('2021-13-01T10:00')).toBe('2021-13-01T10:00')
    expect(de.value('08/09/2021')).toBe('08/09/2021')
  })

  it('empty values are empty; objects are JSON', () => {
    expect(de.value(null)).toBe('')
    expect(de.value('')).toBe('')
    expect(de.value({ a: 1 })).toBe('{"a":1}')
    expect(de.value(true)).toBe('true')
  })
})

describe('dates of metadata', () => {
  it('are written without the ambiguous 08/09/2021', () => {
    expect(de.date('2021-09-08')).toBe('8.9.2021')
    expect(gb.date('2021-09-08')).toBe('8 Sept 2021')
    expect(gb.date('2021-09-08', { day: 'numeric', month: 'long', year: 'numeric' })).toBe('8 September 2021')
    expect(de.date(undefined)).toBe('')
  })
})

describe('plurals', () => {
  const tDe = translator('de')
  const tEn = translator('en', en)
  it('pick the singular form for 1 in German and English', () => {
    expect(tDe('features', { n: 1 })).toBe('1 Objekt')
    expect(tDe('features', { n: 2 })).toBe('2 Objekte')
    expect(tDe('features', { n: 0 })).toBe('0 Objekte')
    expect(tDe('placeCount', { n: 1 })).toBe('1 Ort gefunden')
    expect(tDe('placeCount', { n: 3 })).toBe('3 Orte gefunden')
    expect(tDe('status_overdue', { n: 1 })).toBe('überfällig seit 1 Tag')
    expect(tEn('features', { n: 1 })).toBe('1 feature')
    expect(tEn('features', { n: 1234 })).toBe('1,234 features')
    expect(tEn('placeCount', { n: 1 })).toBe('1 place found')
    expect(tEn('placeCount', { n: 2 })).toBe('2 places found')
    expect(tDe('features', { n: 12345 })).toBe('12.345 Objekte')
  })

  it('a fraction is plural; a key without a singular form is used as it is', () => {
    expect(tDe('metres', { n: 1.5 })).toBe('1,5 m')
    expect(tDe('metres', { n: 1 })).toBe('1 m')
    expect(pluralKey('features', 1, de, () => false)).toBe('features')
    expect(pluralKey('features', 1, de, () => true)).toBe('features_one')
    expect(pluralKey('features', 1.5, de, (k) => k === 'features_one')).toBe('features')
  })

  // Both tables have the same keys (the type Messages checks it), so the English table stands for both here.
  it('every singular form has its plural form with the same placeholders', () => {
    for (const table of [en as Record<string, string>]) {
      for (const [k, v] of Object.entries(table)) {
        if (!k.endsWith('_one')) continue
        const base = table[k.slice(0, -4)]
        expect(base, k).toBeDefined()
        expect(v.match(/\{\w+\}/g)?.sort(), k).toEqual(base.match(/\{\w+\}/g)?.sort())
      }
    }
  })
})

describe('legend labels', () => {
  it('write class breaks in the UI language', async () => {
    const { legendItems } = await import('../map/legend.ts')
    const layer = { id: 'b', kind: 'vector', title: 'B', geometryType: 'Polygon', style: { color: '#bdbdbd', classes: { attribute: 'x', breaks: [0, 2.5, 4000.75], colors: ['#c6dbef', '#08306b'] } } } as unknown as Parameters<typeof legendItems>[0]
    expect(legendItems(layer, 'andere', de.value).map((i) => i.label)).toEqual(['0 – 2,5', '2,5 – 4000,75'])
    expect(legendItems(layer, 'other', gb.value).map((i) => i.label)).toEqual(['0 – 2.5', '2.5 – 4000.75'])
  })
})

describe('quality findings', () => {
  it('count in the singular for one feature, in both languages', async () => {
    const { findingText } = await import('./layer/findingText.ts')
    const one = { code: 'duplicate_geometries' as const, message: '1 duplicate geometries', params: { n: 1 } }
    expect(findingText(one, translator('de'), 'de')).toBe('1 doppelte Geometrie')
    expect(findingText(one, translator('en', en), 'en')).toBe('1 duplicate geometry')
    expect(findingText({ ...one, params: { n: 2 } }, translator('de'), 'de')).toBe('2 doppelte Geometrien')
  })
})
