import { describe, expect, it } from 'vitest'
import type { LayerDocument, LayerEntry } from '../model/catalog.ts'
import { buildIndex, fold, search, tokens } from './search.ts'

const entry = (id: string, title: string, category?: string) => ({ id, title, category }) as unknown as LayerEntry
const entries = [
  entry('baeume', 'Demo: Straßenbäume', 'Umweltdaten'),
  entry('radwege', 'Demo: Radwege', 'Mobilitätsdaten'),
  entry('schulen', 'Schulen', 'Verwaltungsdaten'),
  entry('bezirke', 'Stadtbezirke', 'Demografische Daten und Strukturdaten'),
]
const doc = (id: string, metadata: Partial<LayerDocument['metadata']>, attributes?: string[]) =>
  ({ id, kind: 'vector', metadata: { title: id, access: 'public', ...metadata }, quality: { findings: [] }, files: [], attributes }) as unknown as LayerDocument
const ids = (q: string, docs = {}) => search(buildIndex(entries, docs), q).map((h) => h.id)

describe('catalog search', () => {
  it('folds case, umlauts and ß', () => {
    expect(fold('Straße')).toBe('strasse')
    expect(fold('BÄUME')).toBe('baeume')
    expect(tokens('Straßenbäume')).toEqual(['strassenbaeume', 'strassenbaume'])
  })

  it('finds titles with umlaut and ß variants, and by word prefix', () => {
    for (const q of ['strasse', 'Straße', 'STRASSENBAEUME', 'strassenbäume', 'straßenbaume']) expect(ids(q)).toEqual(['baeume'])
    expect(ids('radweg')).toEqual(['radwege'])
    expect(ids('schule')).toEqual(['schulen'])
  })

  it('finds words inside compound words (four letters or more)', () => {
    expect(ids('baume')).toEqual(['baeume'])
    expect(ids('baeume')).toEqual(['baeume'])
    expect(ids('bezirk')).toEqual(['bezirke'])
    // Short fragments match only at the start of a word.
    expect(ids('ume')).toEqual([])
  })

  it('searches the category from the catalog', () => {
    expect(ids('mobilitaet')).toEqual(['radwege'])
    expect(ids('demografisch')).toEqual(['bezirke'])
  })

  it('searches keywords, description, department and attributes once layer.json is loaded', () => {
    const docs = {
      baeume: doc('baeume', { keywords: ['Baumkataster'], description: 'Art, Pflanzjahr und Höhe', department: 'Grünflächenamt' }, ['baum_nr', 'art']),
      bezirke: doc('bezirke', { attributes: { einwohner: { title: 'Einwohnerzahl' } } }),
    }
    expect(ids('Baumkataster')).toEqual([])
    expect(ids('Baumkataster', docs)).toEqual(['baeume'])
    expect(ids('pflanzjahr', docs)).toEqual(['baeume'])
    expect(ids('gruenflaechen', docs)).toEqual(['baeume'])
    expect(ids('baum_nr', docs)).toEqual(['baeume'])
    expect(ids('einwohnerzahl', docs)).toEqual(['bezirke'])
  })

  it('needs every word and ranks title hits first', () => {
    expect(ids('demo radweg')).toEqual(['radwege'])
    expect(ids('radweg schule')).toEqual([])
    const docs = { bezirke: doc('bezirke', { description: 'Schulen sind nicht enthalten' }) }
    expect(ids('schulen', docs)).toEqual(['schulen', 'bezirke'])
  })

  it('matches everything for an empty query', () => {
    expect(ids('  ')).toEqual(['baeume', 'radwege', 'schulen', 'bezirke'])
  })
})

describe('catalog search over the catalog summary (no layer.json needed)', () => {
  const summary = [
    { ...entry('spiel', 'Spielplätze', 'Verwaltungsdaten'), keywords: ['Freizeit'], department: 'Grünflächenamt', attributeNames: ['geraete'], description: 'Öffentliche Spielplätze an der Straße' },
    { ...entry('schulen', 'Grundschulen', 'Verwaltungsdaten'), department: 'Schulamt' },
    entry('strassen', 'Straßennetz', 'Mobilitätsdaten'),
  ] as unknown as LayerEntry[]
  const find = (q: string) => search(buildIndex(summary), q).map((h) => h.id)

  it('searches keywords, department, attribute names and description from catalog.json', () => {
    expect(find('freizeit')).toEqual(['spiel'])
    expect(find('gruenflaechenamt')).toEqual(['spiel'])
    expect(find('geraete')).toEqual(['spiel'])
    expect(find('oeffentlich')).toEqual(['spiel'])
  })

  it('finds "schule" in "Grundschulen" and "strasse" in both spellings, title hits first', () => {
    expect(find('schule')).toEqual(['schulen'])
    expect(find('strasse')).toEqual(['strassen', 'spiel'])
    expect(find('STRAßE')).toEqual(['strassen', 'spiel'])
    // Three letters: only at the start of a word.
    expect(find('chu')).toEqual([])
  })

  it('adds layer.json documents later without rebuilding', () => {
    const index = buildIndex(summary)
    expect(index.search('Klettergerüst').length).toBe(0)
    const d = doc('spiel', { attributes: { geraete: { title: 'Klettergerüst' } } })
    expect(index.enrich({ spiel: d })).toBe(1)
    expect(index.enrich({ spiel: d })).toBe(0)
    expect(index.search('klettergeruest').map((h) => h.id)).toEqual(['spiel'])
    // The summary stays searchable.
    expect(index.search('freizeit').map((h) => h.id)).toEqual(['spiel'])
  })
})
