// Address search: normalisation of street names and queries, which shards a query needs, and the ranking — on
// indexes made by the publisher's own code (cli/publish/addresses.ts), so index and matching are tested together.
import { describe, expect, it } from 'vitest'
import { buildAddressStreets, shardStreets } from '../../cli/publish/addresses.ts'
import type { VectorFeature } from '../../cli/vector/model.ts'
import { parseSearchManifest, parseSearchShard } from '../model/addresses.ts'
import { Projections } from '../projection/registry.ts'
import { canonicalWord, parseAddressQuery, significantWords, streetCompacts, streetWords } from './addressText.ts'
import { AddressIndex, shardsFor } from './addresses.ts'

const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
const dec = new TextDecoder()

function house(street: string, hnr: string | number, adz = '', plz = '59494', ort = 'Soest', at: [number, number] = [438000, 5714000]): VectorFeature {
  return { geometry: { type: 'Point', coordinates: at }, properties: { STN: street, HNR: hnr, ADZ: adz, PLZ: plz, ONM: ort } }
}

function indexOf(features: VectorFeature[], maxBytes?: number) {
  const { streets, addresses } = buildAddressStreets(features, { street: 'STN', number: 'HNR', addition: 'ADZ', postcode: 'PLZ', place: 'ONM' }, toLonLat)
  const files = shardStreets(streets, addresses, maxBytes)
  const manifest = parseSearchManifest(JSON.parse(dec.decode(files.manifest)), 'adr')
  const index = new AddressIndex()
  index.setManifest('adr', manifest)
  return { index, manifest, files, load: (query: string) => {
    for (const s of index.missing(query)) index.addShard('adr', s.shard, parseSearchShard(JSON.parse(dec.decode(files.shards[s.shard])), `s${s.shard}`))
  } }
}

describe('street name normalisation', () => {
  it('folds case, umlauts, ß and the abbreviation str.', () => {
    expect(streetWords('Brüderstraße')).toEqual(['bruederstrasse', 'bruderstrasse'])
    expect(streetWords('Brüderstr.')).toEqual(['bruederstrasse', 'bruderstrasse'])
    expect(streetCompacts('Ulricher Str.')).toEqual(['ulricherstrasse'])
    expect(streetCompacts('Brüder-Straße')).toEqual(['bruederstrasse', 'bruderstrasse'])
    expect(canonicalWord('bruederst')).toBe('bruederst')
  })
  it('keys shards by significant words, not articles or generic street types', () => {
    expect(significantWords('Am Markt')).toEqual(['markt'])
    expect(significantWords('Ulricher Straße')).toEqual(['ulricher'])
    expect(significantWords('An der')).toEqual(['an', 'der'])
  })
  it('reads house numbers, additions, postcodes and places from a query', () => {
    expect(parseAddressQuery('Brüderstr. 12')).toMatchObject({ street: ['bruederstrasse'], number: '12' })
    expect(parseAddressQuery('bruederstrasse 12a')).toMatchObject({ street: ['bruederstrasse'], number: '12', addition: 'a' })
    expect(parseAddressQuery('Brüderstraße 12 A')).toMatchObject({ number: '12', addition: 'a' })
    expect(parseAddressQuery('markt 1 soest')).toMatchObject({ street: ['markt'], number: '1', place: ['soest'] })
    expect(parseAddressQuery('59494 Soest, Markt 1')).toMatchObject({ postcode: '59494', street: ['soest', 'markt'], number: '1' })
    expect(parseAddressQuery('12 Brüderstraße')).toMatchObject({ street: ['bruederstrasse'], number: '12', place: [] })
    expect(parseAddressQuery('Brüderstraße')).toEqual({ street: ['bruederstrasse'], compact: 'bruederstrasse', place: [] })
  })
})

describe('address matching', () => {
  const features = [
    ...['1', '2', '10', '11', '12', '13', '120'].map((n, i) => house('Brüderstraße', n, '', '59494', 'Soest', [438000 + i * 15, 5714000])),
    house('Brüderstraße', '12', 'a', '59494', 'Soest', [438200, 5714010]),
    house('Brüderstraße', '12', 'b', '59494', 'Soest', [438215, 5714010]),
    house('Markt', 1, '', '59494', 'Soest', [437950, 5713950]),
    house('Markt', 2, '', '59494', 'Soest', [437960, 5713950]),
    house('Markt', 1, '', '59505', 'Bad Sassendorf', [445000, 5719000]),
    house('Am Markt', 1, '', '59494', 'Soest', [437000, 5713000]),
    house('Ulricher Straße', 5, '', '59494', 'Soest', [437500, 5714500]),
    house('Bahnhofstraße', 7, '', '59494', 'Soest', [438500, 5714800]),
  ]
  const { index, load } = indexOf(features)
  const search = (q: string, limit?: number) => {
    load(q)
    return index.match(q, limit)
  }
  const labels = (q: string, limit?: number) => search(q, limit).map((h) => h.label)

  it('finds "Brüderstraße 12" and its variants, the exact number first', () => {
    for (const q of ['Brüderstraße 12', 'Brüderstr. 12', 'bruederstrasse 12', 'BRUDERSTRASSE 12', 'brüder str 12', 'Brüderstr 12, Soest', '59494 Brüderstraße 12']) {
      const hits = search(q)
      expect(hits[0], q).toMatchObject({ kind: 'address', label: 'Brüderstraße 12', detail: '59494 Soest', rank: 0 })
    }
  })
  it('ranks exact number, then number with addition, then the street, then longer numbers', () => {
    expect(labels('Brüderstraße 12')).toEqual(['Brüderstraße 12', 'Brüderstraße 12a', 'Brüderstraße 12b', 'Brüderstraße', 'Brüderstraße 120'])
    expect(labels('bruederstrasse 12a')).toEqual(['Brüderstraße 12a', 'Brüderstraße'])
    expect(labels('Brüderstraße 1')).toEqual(['Brüderstraße 1', 'Brüderstraße', 'Brüderstraße 10', 'Brüderstraße 11', 'Brüderstraße 12', 'Brüderstraße 12a', 'Brüderstraße 12b', 'Brüderstraße 13', 'Brüderstraße 120'])
  })
  it('puts the house at its own position', () => {
    const [hit] = search('Brüderstraße 12a')
    const [lon, lat] = toLonLat([438200, 5714010])
    expect(hit.point[0]).toBeCloseTo(lon, 6)
    expect(hit.point[1]).toBeCloseTo(lat, 6)
  })
  it('narrows by place and postcode: "markt 1 soest"', () => {
    expect(search('markt 1 soest').map((h) => `${h.label}, ${h.detail}`)).toEqual(['Markt 1, 59494 Soest', 'Am Markt 1, 59494 Soest', 'Markt, 59494 Soest', 'Am Markt, 59494 Soest'])
    expect(search('markt 1 59505').map((h) => `${h.label}, ${h.detail}`)).toEqual(['Markt 1, 59505 Bad Sassendorf', 'Markt, 59505 Bad Sassendorf'])
    expect(search('markt 1 bad')[0].detail).toBe('59505 Bad Sassendorf')
  })
  it('without a number: the streets, whole names first', () => {
    expect(labels('markt')).toEqual(['Markt', 'Markt', 'Am Markt'])
    expect(labels('ulricher str')).toEqual(['Ulricher Straße'])
    expect(labels('bahnhof')).toEqual(['Bahnhofstraße'])
  })
  it('finds nothing for what is not there', () => {
    // A number the street does not have: the street itself (whole name typed), nothing for a partial name.
    expect(labels('Brüderstraße 99')).toEqual(['Brüderstraße'])
    expect(labels('Brüder 99')).toEqual([])
    expect(labels('Lindenweg 1')).toEqual([])
    expect(labels('12')).toEqual([])
  })
})

describe('shards', () => {
  // 60 streets of 40 houses each, many sharing a prefix: small shards force keys longer than two letters.
  const stems = ['Bahn', 'Bach', 'Baum', 'Berg', 'Birk', 'Brück', 'Brüder', 'Buch', 'Burg', 'Markt', 'Mühl', 'Ulrich']
  const features: VectorFeature[] = []
  stems.forEach((stem, i) => ['straße', 'weg', 'gasse', 'ring', 'hof'].forEach((end, j) => {
    for (let n = 1; n <= 40; n++) features.push(house(`${stem}${end}`, n, '', '59494', 'Soest', [436000 + i * 300 + n * 5, 5712000 + j * 300]))
  }))
  const { index, manifest, files, load } = indexOf(features, 4000)

  it('splits big prefixes and keeps every shard listed with its size', () => {
    expect(manifest.addresses).toBe(features.length)
    expect(manifest.shards.length).toBe(files.shards.length)
    expect(manifest.shards.map(([k]) => k)).toEqual(expect.arrayContaining(['bah', 'bac', 'ma', 'brued']))
    manifest.shards.forEach(([, bytes], i) => expect(files.shards[i].length).toBe(bytes))
  })
  it('fetches only the shards of the typed prefix', () => {
    const bahn = shardsFor(manifest, 'bahnstrasse').map((i) => manifest.shards[i][0])
    expect(bahn).toEqual(['bah'])
    // Two letters of a split prefix: the longer keys together, when they are few bytes.
    expect(shardsFor(manifest, 'ba').map((i) => manifest.shards[i][0]).sort()).toEqual(['bac', 'bah', 'bau'])
    expect(index.missing('Bahnstraße 4').length).toBe(1)
    load('Bahnstraße 4')
    expect(index.missing('Bahnstraße 4')).toEqual([])
    expect(index.match('Bahnstraße 4')[0].label).toBe('Bahnstraße 4')
    // Every street of every shard is found by its own name.
    for (const stem of stems) {
      load(`${stem}weg 40`)
      expect(index.match(`${stem}weg 40`)[0].label).toBe(`${stem}weg 40`)
    }
  })
  it('is deterministic', () => {
    const again = indexOf(features, 4000).files
    expect(again.manifest).toEqual(files.manifest)
    expect(again.shards).toEqual(files.shards)
  })
})
