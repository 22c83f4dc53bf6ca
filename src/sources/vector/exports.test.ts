import { describe, expect, it } from 'vitest'
import { csvCell, csvFeatureLine, csvHeader, geoJsonFeature, rfc7946, toWkt } from './exports.ts'

describe('CSV cells', () => {
  it('quotes semicolons, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('sagte "Hallo"')).toBe('"sagte ""Hallo"""')
    expect(csvCell('Zeile 1\nZeile 2')).toBe('"Zeile 1\nZeile 2"')
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"')
    expect(csvCell('Straße, Ecke')).toBe('Straße, Ecke')
  })

  it('keeps values as data: formula-like text gets a leading apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+49 2921 1')).toBe("'+49 2921 1")
    expect(csvCell('-1+1')).toBe("'-1+1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('writes numbers with a decimal comma (German spreadsheets), and empty for null', () => {
    expect(csvCell(-3.25)).toBe('-3,25')
    expect(csvCell(42)).toBe('42')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(true)).toBe('true')
    expect(csvCell({ a: 1 })).toBe('{""a"":1}'.replace(/^/, '"').replace(/$/, '"'))
  })

  it('writes a header with BOM and the geometry columns', () => {
    expect(csvHeader(['nr', 'name'], 'Point')).toBe('\uFEFFnr;name;wkt_epsg25832;ostwert;nordwert\r\n')
    expect(csvHeader(['nr'], 'Polygon')).toBe('\uFEFFnr;wkt_epsg25832\r\n')
  })

  it('writes a feature line in column order, with WKT and coordinates', () => {
    expect(csvFeatureLine({ name: 'x;y', nr: 1 }, { type: 'Point', coordinates: [432553.8412, 5709134.9] }, ['nr', 'name', 'fehlt'], 'Point')).toBe(
      '1;"x;y";;POINT (432553.841 5709134.9);432553,841;5709134,9\r\n',
    )
    expect(csvFeatureLine({ nr: 2 }, null, ['nr'], 'Point')).toBe('2;;;\r\n')
  })
})

describe('WKT', () => {
  it('writes every geometry type', () => {
    expect(toWkt({ type: 'Point', coordinates: [1, 2, 3] })).toBe('POINT (1 2)')
    expect(toWkt({ type: 'LineString', coordinates: [[1, 2], [3, 4]] })).toBe('LINESTRING (1 2, 3 4)')
    expect(toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))')
    expect(toWkt({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] })).toBe('MULTIPOINT ((1 2), (3 4))')
    expect(toWkt({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] })).toBe('MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))')
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] })).toBe(
      'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))',
    )
    expect(toWkt({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] })).toBe('GEOMETRYCOLLECTION (POINT (1 2))')
    expect(toWkt({ type: 'Polygon', coordinates: [] })).toBe('POLYGON EMPTY')
    expect(toWkt(null)).toBe('')
  })
})

describe('GeoJSON', () => {
  it('orients rings as RFC 7946 asks and rounds to 7 decimals', () => {
    // Clockwise exterior, counterclockwise hole: both reversed.
    const g = rfc7946({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
        [[2, 2], [4, 2], [4, 4], [2, 2]],
      ],
    })
    expect(g.coordinates).toEqual([
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[2, 2], [4, 4], [4, 2], [2, 2]],
    ])
    expect(rfc7946({ type: 'Point', coordinates: [8.123456789, 51.987654321] }).coordinates).toEqual([8.1234568, 51.9876543])
  })

  it('keeps property values as they are', () => {
    const f = JSON.parse(geoJsonFeature({ name: '=1+1', n: 2, x: null }, { type: 'Point', coordinates: [8, 51] }))
    expect(f).toEqual({ type: 'Feature', properties: { name: '=1+1', n: 2, x: null }, geometry: { type: 'Point', coordinates: [8, 51] } })
  })
})
