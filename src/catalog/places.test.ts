import { describe, expect, it } from 'vitest'
import { parseCatalog } from '../model/catalog.ts'
import { parsePlacesFile } from '../model/places.ts'
import { indexPlaces, isPointLike, matchPlaces, type Place } from './places.ts'

const place = (name: string, layerId = 'bezirke'): Place => ({ name, layerId, point: [8.1, 51.57], bbox: [8.09, 51.56, 8.11, 51.58] })
const names = (hits: { place: Place }[]) => hits.map((h) => h.place.name)

describe('place matching', () => {
  const index = indexPlaces(
    ['Soest-Nordost (Demo)', 'Soest-Nord (Demo)', 'Soest-Nordwest (Demo)', 'Soest-Südost (Demo)', 'Soest-Süd (Demo)', 'Altstadt (Demo)', 'Große Straße', 'Am Großen Teich', 'Ölmühle', 'Bahnhof Soest'].map((n) => place(n)),
  )

  it('puts names starting with the query first, the shortest (exact) one before longer ones', () => {
    expect(names(matchPlaces(index, 'soest-nord'))).toEqual(['Soest-Nord (Demo)', 'Soest-Nordost (Demo)', 'Soest-Nordwest (Demo)'])
    expect(names(matchPlaces(index, 'Soest Nord'))).toEqual(['Soest-Nord (Demo)', 'Soest-Nordost (Demo)', 'Soest-Nordwest (Demo)'])
  })

  it('folds case, umlauts (ä = ae = a) and ß (= ss)', () => {
    for (const q of ['sudost', 'SÜDOST', 'suedost', 'soest-südost', 'Soest Sudost']) expect(names(matchPlaces(index, q))[0]).toBe('Soest-Südost (Demo)')
    for (const q of ['grosse strasse', 'Große Str', 'GROSSE']) expect(names(matchPlaces(index, q))[0]).toBe('Große Straße')
    expect(names(matchPlaces(index, 'olmuhle'))).toEqual(['Ölmühle'])
    expect(names(matchPlaces(index, 'oelm'))).toEqual(['Ölmühle'])
  })

  it('ranks a word prefix above a match inside a word', () => {
    const hits = matchPlaces(index, 'soest')
    // Names starting with "soest" first, then "Bahnhof Soest" (a later word starts with it).
    expect(names(hits).at(-1)).toBe('Bahnhof Soest')
    expect(hits.at(-1)!.rank).toBe(1)
    const inner = matchPlaces(index, 'stadt')
    expect(names(inner)).toEqual(['Altstadt (Demo)'])
    expect(inner[0].rank).toBe(2)
    // Inside a word only from three letters on.
    expect(matchPlaces(index, 'st').every((h) => h.rank < 2)).toBe(true)
  })

  it('needs every query word; empty queries and misses give nothing; the limit holds', () => {
    expect(names(matchPlaces(index, 'soest teich'))).toEqual([])
    expect(matchPlaces(index, '')).toEqual([])
    expect(matchPlaces(index, ' - ')).toEqual([])
    expect(matchPlaces(index, 'gibtesnicht')).toEqual([])
    expect(matchPlaces(index, 'soest', 2)).toHaveLength(2)
  })

  it('keeps the layer of each place', () => {
    const two = indexPlaces([place('Markt', 'strassen'), place('Markt', 'haltestellen')])
    expect(matchPlaces(two, 'markt').map((h) => h.place.layerId).sort()).toEqual(['haltestellen', 'strassen'])
  })

  it('tells points from areas', () => {
    expect(isPointLike({ name: 'x', point: [8, 51] })).toBe(true)
    expect(isPointLike({ name: 'x', point: [8, 51], bbox: [8, 51, 8.000001, 51.000001] })).toBe(true)
    expect(isPointLike(place('x'))).toBe(false)
  })
})

describe('parsePlacesFile (untrusted JSON)', () => {
  it('keeps usable entries and skips the rest', () => {
    const f = parsePlacesFile(
      {
        version: 1,
        attribute: 'name',
        places: [
          { name: 'Gut', point: [8.1, 51.5], bbox: [8, 51, 8.2, 51.6] },
          { name: 'Ohne bbox', point: [8.1, 51.5], bbox: [9, 51, 8, 52] },
          { name: '', point: [8.1, 51.5] },
          { name: 'Schlechter Punkt', point: [500, 51.5] },
          { name: 5, point: [8, 51] },
          null,
          'text',
        ],
      },
      'x',
    )
    expect(f.places).toEqual([
      { name: 'Gut', point: [8.1, 51.5], bbox: [8, 51, 8.2, 51.6] },
      { name: 'Ohne bbox', point: [8.1, 51.5] },
    ])
  })
  it('refuses what is not a place index', () => {
    expect(() => parsePlacesFile({ layers: [] }, 'x')).toThrow(/places\.json of x: not a place index/)
    expect(() => parsePlacesFile(null, 'x')).toThrow(/not a place index/)
  })
})

describe('placesHref in catalog.json', () => {
  const entry = (placesHref: unknown) => ({
    id: 'x', title: 'X', kind: 'vector', href: 'layers/x/1/x.fgb', metaHref: 'layers/x/1/layer.json', bbox: [0, 0, 1, 1], bbox4326: [0, 0, 1, 1], style: { color: '#000000' }, placesHref,
  })
  it('is optional and must stay inside the catalog', () => {
    expect(parseCatalog({ layers: [entry(undefined)] }).rejected).toEqual([])
    expect(parseCatalog({ layers: [entry('layers/x/1/places.json')] }).rejected).toEqual([])
    for (const bad of ['https://evil.example/places.json', '//evil.example/p.json', '../p.json', 'javascript:alert(1)', 5]) {
      expect(parseCatalog({ layers: [entry(bad)] }).rejected).toEqual([{ id: 'x', reason: 'invalid placesHref' }])
    }
  })
})
