import { describe, expect, it } from 'vitest'
import { findingText } from './findingText.ts'
import { en as english } from '../i18n.en.ts'
import { translator } from '../i18n.ts'

const de = translator('de')
const en = translator('en', english)

describe('findingText', () => {
  it('translates a finding by its code, with its names', () => {
    const f = { message: 'metadata missing: license, lineage', code: 'metadata_missing' as const, params: { fields: 'license, lineage' } }
    expect(findingText(f, de, 'de')).toBe('fehlende Metadaten: Lizenz, Herkunft')
    expect(findingText(f, en, 'en')).toBe('metadata missing: licence, lineage')
  })
  it('translates geometry problems and frequencies, and formats numbers for the language', () => {
    const invalid = { message: '', code: 'invalid_geometries' as const, params: { n: 1200, reasons: 'self-intersection: 3, unclosed ring: 1197' } }
    expect(findingText(invalid, de, 'de')).toBe('1.200 ungültige Geometrien (Selbstüberschneidung: 3, nicht geschlossener Ring: 1197)')
    const overdue = { message: '', code: 'overdue' as const, params: { n: 5, due: '2026-11-21', frequency: 'annual' } }
    expect(findingText(overdue, de, 'de')).toBe('Aktualisierung seit 5 Tagen überfällig (fällig am 21.11.2026, Rhythmus: jährlich)')
  })
  it('shows the stored message for reports without a known code', () => {
    expect(findingText({ message: 'something new' }, de, 'de')).toBe('something new')
    expect(findingText({ message: 'from the future', code: 'nope' as never }, de, 'de')).toBe('from the future')
  })
})
