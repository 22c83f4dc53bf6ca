import { describe, expect, it } from 'vitest'
import { cover, evictions, parseContentRange, parseRange, route, staleShellCaches, type Piece } from './policy.ts'

describe('service worker routes', () => {
  it('sends each kind of file to its strategy', () => {
    expect(route('', 'navigate')).toBe('page')
    expect(route('index.html', 'navigate')).toBe('page')
    expect(route('index.html', 'no-cors')).toBe('page')
    expect(route('', 'cors')).toBe('pass')
    expect(route('catalog.json', 'cors')).toBe('catalog')
    expect(route('layers/demo/3fa58ded0a36/demo.fgb', 'cors')).toBe('layer')
    expect(route('layers/demo/3fa58ded0a36/layer.json', 'cors')).toBe('layer')
    // Base maps in a version folder never change (cli/basemap/store.ts): cache first, like layer files; the
    // unversioned layout of older catalogs may change in place and is left to the network.
    expect(route('basemaps/demo/0951248f0472/demo.pmtiles', 'cors')).toBe('layer')
    expect(route('basemaps/demo/0951248f0472/style.json', 'cors')).toBe('layer')
    expect(route('basemaps/demo/demo.pmtiles', 'cors')).toBe('pass')
    expect(route('basemaps/demo/style.json', 'cors')).toBe('pass')
    expect(route('basemaps/demo/0951248f047/style.json', 'cors')).toBe('pass')
    expect(route('basemaps/demo/0951248f0472/x/style.json', 'cors')).toBe('pass')
    expect(route('assets/index-abc.js', 'cors')).toBe('asset')
    expect(route('assets/index-abc.js.map', 'cors')).toBe('pass')
    expect(route('favicon.svg', 'no-cors')).toBe('shell')
    expect(route('dcat.jsonld', 'navigate')).toBe('pass')
    expect(route('sw.js', 'same-origin')).toBe('pass')
  })
})

describe('byte ranges', () => {
  it('parses single ranges like a server', () => {
    expect(parseRange(null, 100)).toBeNull()
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-4', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('unsupported')
    expect(parseRange('items=0-1', 100)).toBe('unsupported')
  })

  it('reads Content-Range', () => {
    expect(parseContentRange('bytes 0-99/1234')).toEqual({ start: 0, end: 99, total: 1234 })
    expect(parseContentRange('bytes 0-99/*')).toBeNull()
    expect(parseContentRange('bytes 5-4/10')).toBeNull()
    expect(parseContentRange(null)).toBeNull()
  })

  it('assembles a range from stored pieces, or says it cannot', () => {
    const p = (key: string, start: number, end: number): Piece => ({ key, start, end })
    const pieces = [p('a', 0, 99), p('b', 100, 199), p('c', 50, 149), p('d', 300, 399)]
    expect(cover(pieces, 10, 20)).toEqual([{ piece: pieces[0], from: 10, to: 21 }])
    // Prefers the piece that reaches furthest, so fewer pieces are read.
    expect(cover(pieces, 60, 180)).toEqual([
      { piece: pieces[2], from: 10, to: 100 },
      { piece: pieces[1], from: 50, to: 81 },
    ])
    expect(cover(pieces, 150, 320)).toBeNull()
    expect(cover([], 0, 0)).toBeNull()
  })
})

describe('cache bounds', () => {
  const e = (key: string, bytes: number, used: number) => ({ key, bytes, used })

  it('drops least recently used entries until count and bytes fit', () => {
    const entries = [e('old', 10, 1), e('new', 10, 5), e('mid', 10, 3)]
    expect(evictions(entries, { maxEntries: 3, maxBytes: 100 })).toEqual([])
    expect(evictions(entries, { maxEntries: 2, maxBytes: 100 })).toEqual(['old'])
    expect(evictions(entries, { maxEntries: 5, maxBytes: 15 })).toEqual(['old', 'mid'])
  })

  it('never drops what it is told to keep', () => {
    const entries = [e('catalog', 1, 0), e('a', 50, 2), e('b', 50, 3)]
    expect(evictions(entries, { maxEntries: 10, maxBytes: 60 }, new Set(['catalog', 'b']))).toEqual(['a'])
  })
})

describe('shell caches after an update', () => {
  const p = 'geoportal:/karte/shell:'
  it('keeps the current build and the one before it (a page of that build may still load chunks), drops older ones', () => {
    expect(staleShellCaches([`${p}a`, `${p}b`, `${p}c`], p, `${p}c`)).toEqual([`${p}a`])
    expect(staleShellCaches([`${p}a`, `${p}b`], p, `${p}b`)).toEqual([])
    expect(staleShellCaches([`${p}b`], p, `${p}b`)).toEqual([])
    // Other portals on the host and the data cache are never touched.
    expect(staleShellCaches(['geoportal:/intern/shell:x', 'geoportal:/intern/shell:y', `${p}a`, 'geoportal:/karte/data', `${p}b`, `${p}c`], p, `${p}c`)).toEqual([`${p}a`])
  })
})
