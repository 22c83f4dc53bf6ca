// Typed coordinates: every accepted form, the readings of ambiguous input (with their notes), what is not a
// coordinate, and the conversion to lon/lat against PROJ-computed reference points around Soest
// (shared/data/reference/soest_reference_points_computed.csv, values copied here; Gauss-Krüger through BeTA2007).
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Projections } from '../../projection/registry.ts'
import { crsOf, needsGrid, toLonLat } from './convert.ts'
import { isProblem, parseCoordinates, type ParsedCoordinate } from './parse.ts'

const ok = (text: string) => {
  const r = parseCoordinates(text)
  if (!r || isProblem(r)) throw new Error(`${text}: ${JSON.stringify(r)}`)
  return r
}

describe('parseCoordinates: UTM zone 32', () => {
  const utm = { kind: 'utm', zone: 32, easting: 412345, northing: 5712345 }
  it.each([
    ['32 412345 5712345', []],
    ['32U 412345 5712345', []],
    ['UTM 32N 412345 5712345', []],
    ['32 412345,5712345', []],
    ['412345, 5712345', ['zone-assumed']],
    ['412345,5712345', ['zone-assumed']],
    ['412345 5712345', ['zone-assumed']],
    ['412345;5712345', ['zone-assumed']],
    ['E 412345 N 5712345', ['zone-assumed']],
    ['Ostwert: 412345 Nordwert: 5712345', ['zone-assumed']],
    ['32412345 5712345', ['zone-prefixed']],
    ['5712345 412345', ['swapped', 'zone-assumed']],
    ['N 5712345 E 412345', ['zone-assumed']],
  ])('%s', (text, notes) => {
    expect(ok(text)).toEqual({ ...utm, notes })
  })
  it('keeps decimals of metres', () => {
    expect(ok('412345.67 5712345.5')).toMatchObject({ easting: 412345.67, northing: 5712345.5 })
    expect(ok('412345,67 5712345,5')).toMatchObject({ easting: 412345.67, northing: 5712345.5 })
  })
  it('refuses another UTM zone and numbers out of range, saying so', () => {
    expect(parseCoordinates('33 412345 5712345')).toEqual({ problem: 'zone', zone: 33 })
    expect(parseCoordinates('412345 1234567')).toEqual({ problem: 'range' })
    expect(parseCoordinates('32 3412345 5712345')).toEqual({ problem: 'range' })
  })
})

describe('parseCoordinates: Gauss-Krüger', () => {
  it('reads zone 3 (and 2) by the leading digit of the Rechtswert', () => {
    expect(ok('3438003.57 5716375.94')).toEqual({ kind: 'gk', zone: 3, easting: 3438003.57, northing: 5716375.94, notes: [] })
    expect(ok('R 3438003 H 5716375')).toMatchObject({ kind: 'gk', zone: 3 })
    expect(ok('5716375 3438003')).toMatchObject({ kind: 'gk', zone: 3, notes: ['swapped'] })
    expect(ok('2645927.93 5718097.93')).toMatchObject({ kind: 'gk', zone: 2 })
  })
})

describe('parseCoordinates: latitude and longitude', () => {
  it.each<[string, number, number, string[]]>([
    ['51.57, 8.10', 51.57, 8.1, []],
    ['51.57 8.10', 51.57, 8.1, []],
    ['51.57,8.10', 51.57, 8.1, []],
    ['51,57 8,10', 51.57, 8.1, []],
    ['51,57; 8,10', 51.57, 8.1, []],
    ['8.10, 51.57', 51.57, 8.1, ['swapped']],
    ['51.57N 8.10E', 51.57, 8.1, []],
    ['N 51.57 E 8.10', 51.57, 8.1, []],
    ['8.10 E 51.57 N', 51.57, 8.1, []],
    ['51.57 N 8.10 O', 51.57, 8.1, []],
    ['-33.86, 151.21', -33.86, 151.21, ['order-assumed']],
    ['33.86 S 151.21 E', -33.86, 151.21, []],
  ])('%s', (text, lat, lon, notes) => {
    const r = ok(text) as Extract<ParsedCoordinate, { kind: 'latlon' }>
    expect(r.kind).toBe('latlon')
    expect(r.lat).toBeCloseTo(lat, 9)
    expect(r.lon).toBeCloseTo(lon, 9)
    expect(r.notes).toEqual(notes)
  })
  it('reads degrees, minutes and seconds', () => {
    const cases: [string, number, number][] = [
      [`51°34'12"N 8°06'00"E`, 51 + 34 / 60 + 12 / 3600, 8.1],
      [`51° 34' 12" N, 8° 6' 0" E`, 51 + 34 / 60 + 12 / 3600, 8.1],
      [`N 51° 34.2' E 8° 6'`, 51.57, 8.1],
      [`51°34′12″N 8°6′E`, 51 + 34 / 60 + 12 / 3600, 8.1],
      [`8°6'E 51°34'12"N`, 51 + 34 / 60 + 12 / 3600, 8.1],
      [`51°34,2' 8°6'`, 51.57, 8.1],
    ]
    for (const [text, lat, lon] of cases) {
      const r = ok(text) as Extract<ParsedCoordinate, { kind: 'latlon' }>
      expect(r.lat, text).toBeCloseTo(lat, 9)
      expect(r.lon, text).toBeCloseTo(lon, 9)
    }
    expect(parseCoordinates(`51°75'N 8°E`)).toBeNull()
  })
})

describe('parseCoordinates: not coordinates', () => {
  it.each(['', 'Brüderstraße 12', 'markt 1 soest', '59494', '59494 Soest', '12 14', '12', 'Archigymnasium', '1 2 3', '51.57', `51° Soest`, '99.5 200.5', 'x'.repeat(200)])('%j', (text) => {
    expect(parseCoordinates(text)).toBeNull()
  })
})

describe('toLonLat', () => {
  const projections = new Projections()
  // soest_bahnhof_db_eva8000076 and soest_marktplatz_approx: lon, lat (ETRS89), E/N 25832, R/H 31467 (PROJ 9, BeTA2007).
  const points = [
    [8.104589, 51.578419, 437954.3649, 5714530.3144, 3438003.5652, 5716375.9399],
    [8.1058, 51.5714, 438028.7323, 5713748.6928, 3438077.9707, 5715594.0095],
  ]
  it('converts UTM 32 like PROJ (≤ 1e-6°)', () => {
    for (const [lon, lat, e, n] of points) {
      const [x, y] = toLonLat(ok(`32 ${e} ${n}`), projections)
      expect(Math.abs(x - lon)).toBeLessThan(1e-6)
      expect(Math.abs(y - lat)).toBeLessThan(1e-6)
    }
  })
  const grid = process.env.GEOPORTAL_BETA2007 ?? '/usr/share/proj/BETA2007.gsb'
  it.skipIf(!existsSync(grid))(`converts Gauss-Krüger zone 3 through BeTA2007 like PROJ (skipped without ${grid})`, () => {
    const gk = ok(`${points[0][4]} ${points[0][5]}`)
    expect(crsOf(gk)).toBe('EPSG:31467')
    expect(needsGrid(gk, projections)).toBe(true)
    expect(() => toLonLat(gk, projections)).toThrow(/BeTA2007/)
    const b = readFileSync(grid)
    projections.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
    expect(needsGrid(gk, projections)).toBe(false)
    for (const [lon, lat, , , r, h] of points) {
      const [x, y] = toLonLat(ok(`${r} ${h}`), projections)
      expect(Math.abs(x - lon)).toBeLessThan(1e-6)
      expect(Math.abs(y - lat)).toBeLessThan(1e-6)
    }
  })
  if (!existsSync(grid)) console.log(`toLonLat Gauss-Krüger skipped: no BeTA2007 grid at ${grid}`)
})
