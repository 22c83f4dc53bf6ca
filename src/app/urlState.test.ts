import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatHash, MAX_HASH_CHARS, MAX_URL_LAYERS, MAX_VALUE_CHARS, mergeRest, parseHash } from './urlState.ts'

describe('URL hash state', () => {
  it('parses the OSM-style map key and layers', () => {
    const s = parseHash('#map=14/51.5711/8.1059&layers=a,b-c')
    expect(s.zoom).toBe(14)
    expect(s.center).toEqual([8.1059, 51.5711])
    expect(s.layers).toEqual(['a', 'b-c'])
  })

  it('round-trips and keeps unknown keys', () => {
    const h = '#map=12.5/51.5711/8.1059&layers=x,y&foo=bar'
    expect(formatHash(parseHash(h))).toBe(h)
  })

  it('distinguishes "no layers key" from "no layers"', () => {
    expect(parseHash('#map=3/1/2').layers).toBeUndefined()
    expect(parseHash('#layers=').layers).toEqual([])
  })

  it('ignores an invalid map key instead of jumping somewhere odd', () => {
    expect(parseHash('#map=abc/1/2').center).toBeUndefined()
    expect(parseHash('#map=10/95/2').center).toBeUndefined()
  })

  it('writes precision that follows the zoom', () => {
    expect(formatHash({ zoom: 4, center: [8.123456, 51.123456], rest: [] })).toBe('#map=4/51.12/8.12')
    expect(formatHash({ zoom: 17, center: [8.123456, 51.123456], rest: [] })).toBe('#map=17/51.123456/8.123456')
  })

  it('reads and writes the details page key next to map and layers', () => {
    const s = parseHash('#map=12/51.5000/8.1000&layers=a,b&layer=demo-bezirke&foo=bar')
    expect(s.layer).toBe('demo-bezirke')
    expect(s.layers).toEqual(['a', 'b'])
    expect(s.rest).toEqual([['foo', 'bar']])
    expect(formatHash(s)).toBe('#map=12/51.5000/8.1000&layers=a,b&layer=demo-bezirke&foo=bar')
    expect(formatHash({ ...s, layer: undefined })).toBe('#map=12/51.5000/8.1000&layers=a,b&foo=bar')
    expect(parseHash('#layer=').layer).toBeUndefined()
  })

  it('reads and writes named pages next to the map state', () => {
    const s = parseHash('#map=12/51.5000/8.1000&layers=a&page=dashboard&foo=bar')
    expect(s.page).toBe('dashboard')
    expect(s.layer).toBeUndefined()
    expect(s.rest).toEqual([['foo', 'bar']])
    expect(formatHash(s)).toBe('#map=12/51.5000/8.1000&layers=a&page=dashboard&foo=bar')
    expect(formatHash({ ...s, page: undefined })).toBe('#map=12/51.5000/8.1000&layers=a&foo=bar')
    expect(parseHash('#page=').page).toBeUndefined()
    expect(formatHash(parseHash('#page=barrierefreiheit'))).toBe('#page=barrierefreiheit')
  })

  describe('bounds (issue #20: a repeated id blanked the map, a 1.2 MB hash froze the tab)', () => {
    afterEach(() => vi.restoreAllMocks())

    it('keeps the first occurrence of a repeated layer id', () => {
      expect(parseHash('#layers=a,b,b').layers).toEqual(['a', 'b'])
      expect(parseHash('#layers=b,a,b,a,c').layers).toEqual(['b', 'a', 'c'])
    })

    it('skips what cannot be a layer id', () => {
      expect(parseHash('#layers=a,,B,x%20y,' + 'z'.repeat(65) + ',ok_1').layers).toEqual(['a', 'ok_1'])
    })

    it('ignores a malformed percent escape instead of throwing', () => {
      expect(() => parseHash('#layers=%E0&foo=%')).not.toThrow()
      expect(parseHash('#map=3/1/2&layers=%E0&foo=%').center).toEqual([2, 1])
    })

    it('range-checks the numbers of the map key', () => {
      for (const bad of ['25/1/2', '-1/1/2', '3/90.1/2', '3/1/180.5', '3/1/Infinity', '3/NaN/2', '1e400/1/2', '3/1']) expect(parseHash(`#map=${bad}`).center, bad).toBeUndefined()
      expect(parseHash('#map=24/-90/180').center).toEqual([180, -90])
    })

    it(`reads at most ${MAX_URL_LAYERS} layers`, () => {
      const ids = Array.from({ length: 500 }, (_, i) => `l${i}`)
      expect(parseHash(`#layers=${ids.join(',')}`).layers).toEqual(ids.slice(0, MAX_URL_LAYERS))
    })

    it('never keeps a layer id cut in half by the value or the hash cap', () => {
      // Ids of 63 characters behind filler: a cap falls inside one; it must not become a shorter (maybe real) id.
      const ids = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(60)}${String(i).padStart(3, '0')}`)
      const byValueCap = `#map=3/1/2&layers=${'BAD,'.repeat(2000)}${ids.join(',')}`
      const byHashCap = `#map=3/1/2${Array.from({ length: 15 }, (_, i) => `&k${i}=${'v'.repeat(1000)}`).join('')}&layers=${ids.join(',')}`
      for (const h of [byValueCap, byHashCap]) {
        const layers = parseHash(h).layers!
        expect(layers.length).toBeGreaterThan(0)
        expect(layers.length).toBeLessThan(ids.length)
        expect(ids.slice(0, layers.length)).toEqual(layers)
      }
    })

    it('parses a 1.2 MB hash in bounded work: only its first MAX_HASH_CHARS characters are read', () => {
      const decode = vi.spyOn(globalThis, 'decodeURIComponent')
      const decoded = () => decode.mock.calls.reduce((n, [s]) => n + String(s).length, 0)
      const huge = [
        `#map=14/51.5711/8.1059&layers=${Array.from({ length: 320_000 }, (_, i) => ['a', 'b', `l${i}`][i % 3]).join(',')}`,
        `#map=14/51.5711/8.1059${'&k=v'.repeat(300_000)}`,
        `#map=14/51.5711/8.1059&x=${'%41'.repeat(400_000)}`,
      ]
      for (const h of huge) {
        expect(h.length).toBeGreaterThan(1_200_000)
        decode.mockClear()
        const s = parseHash(h)
        expect(decoded()).toBeLessThanOrEqual(MAX_HASH_CHARS)
        expect(s.center).toEqual([8.1059, 51.5711])
        expect(s.layers?.length ?? 0).toBeLessThanOrEqual(MAX_URL_LAYERS)
        expect(s.rest.length).toBeLessThanOrEqual(MAX_HASH_CHARS / 4)
        expect(formatHash(s).length).toBeLessThanOrEqual(MAX_HASH_CHARS + 64)
        // Nothing past the cap changes the result.
        expect(parseHash(h.slice(0, MAX_HASH_CHARS + 1) + 'junk&layers=zzz')).toEqual(s)
      }
      expect(parseHash(huge[0]).layers!.slice(0, 3)).toEqual(['a', 'b', 'l2'])
    })
  })

  it('reads and writes the base map (a valid id or none); anything else falls back to the default', () => {
    const s = parseHash('#map=12/51.5000/8.1000&layers=a&basemap=stadtplan&foo=bar')
    expect(s.basemap).toBe('stadtplan')
    expect(s.rest).toEqual([['foo', 'bar']])
    expect(formatHash(s)).toBe('#map=12/51.5000/8.1000&layers=a&basemap=stadtplan&foo=bar')
    expect(parseHash('#basemap=none').basemap).toBe('none')
    expect(parseHash('#basemap=').basemap).toBeUndefined()
    expect(parseHash('#basemap=%3Cscript%3E').basemap).toBeUndefined()
    expect(formatHash({ ...s, basemap: undefined })).toBe('#map=12/51.5000/8.1000&layers=a&foo=bar')
  })
})

describe('marker (issue #15)', () => {
  it('round-trips marker=<lat>,<lon> with six decimals', () => {
    const s = parseHash('#map=17/51.5714/8.1058&marker=51.571234,8.105812')
    expect(s.marker).toEqual({ lat: 51.571234, lon: 8.105812 })
    expect(s.rest).toEqual([])
    expect(formatHash(s)).toBe('#map=17/51.571400/8.105800&marker=51.571234,8.105812')
    expect(formatHash({ marker: { lat: 51.5, lon: 8.1234567 }, rest: [] })).toBe('#marker=51.5,8.123457')
  })
  it('ignores malformed, out-of-range and over-long markers', () => {
    for (const v of ['abc', '91,8', '51.5,181', '51.5', '51.5,8.1,3', '1e1,8', `51.${'1'.repeat(40)},8`, '51.5;8.1', ' 51.5,8.1', '%E0']) {
      expect(parseHash(`#marker=${v}`).marker, v).toBeUndefined()
    }
  })
})

describe('mergeRest (a planners\' tool writing its keys)', () => {
  it('replaces, adds and removes keys, keeping the others and their order', () => {
    const rest: [string, string][] = [['foo', '1'], ['tbl', 'a'], ['bar', '2'], ['tbl', 'dup']]
    expect(mergeRest(rest, { tbl: 'b', tsel: '1-3' })).toEqual([['foo', '1'], ['tbl', 'b'], ['bar', '2'], ['tsel', '1-3']])
    expect(mergeRest(rest, { tbl: undefined, tsel: undefined })).toEqual([['foo', '1'], ['bar', '2']])
    expect(formatHash({ rest: mergeRest([], { tflt: 'art~contains~a|b' }) })).toBe('#tflt=art~contains~a%7Cb')
  })
})
