import { describe, expect, it } from 'vitest'
import { formatHash, parseHash } from './urlState.ts'

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
