// The measure tool's numbers against references from other programs (test/golden/measure.json, made by
// scripts/measure-golden.ts with PROJ's cs2cs and GeographicLib's C++ Planimeter/GeodSolve): within 1 cm for
// lengths and 0.01 % (and 1 cm² per metre of perimeter) for areas — in practice far closer.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Projections } from '../../projection/registry.ts'
import { formatDifference, measurementText } from './format.ts'
import { measure, planarArea, type LonLat, type MeasureKind } from './measure.ts'

interface GoldenCase {
  name: string
  kind: MeasureKind
  vertices: LonLat[]
  grid: [number, number][]
  planar: { length: number; area?: number }
  geodesic: { length: number; area?: number }
  segments: { planar: number; geodesic: number }[]
}
const golden = JSON.parse(readFileSync(new URL('../../../test/golden/measure.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] }
const toGrid = new Projections().forward('EPSG:4326', 'EPSG:25832')

const LENGTH_TOLERANCE = 0.01
const areaTolerance = (a: number) => Math.min(a * 1e-4, 0.01 * 1000)

describe('measure against PROJ and GeographicLib', () => {
  it('has the references', () => expect(golden.cases.length).toBeGreaterThanOrEqual(9))

  for (const c of golden.cases) {
    it(`${c.name}: grid and GRS80 values within 1 cm / 0.01 %`, () => {
      const m = measure(c.kind, c.vertices, toGrid)
      m.grid.forEach((p, i) => {
        expect(Math.abs(p[0] - c.grid[i][0])).toBeLessThan(0.001)
        expect(Math.abs(p[1] - c.grid[i][1])).toBeLessThan(0.001)
      })
      expect(Math.abs(m.planar.length - c.planar.length)).toBeLessThan(LENGTH_TOLERANCE)
      expect(Math.abs(m.geodesic.length - c.geodesic.length)).toBeLessThan(LENGTH_TOLERANCE)
      expect(m.segments).toHaveLength(c.segments.length)
      m.segments.forEach((s, i) => {
        expect(Math.abs(s.planar - c.segments[i].planar)).toBeLessThan(LENGTH_TOLERANCE)
        expect(Math.abs(s.geodesic - c.segments[i].geodesic)).toBeLessThan(LENGTH_TOLERANCE)
      })
      if (c.kind === 'polygon') {
        expect(Math.abs(m.planar.area! - c.planar.area!)).toBeLessThan(areaTolerance(c.planar.area!))
        expect(Math.abs(m.geodesic.area! - c.geodesic.area!)).toBeLessThan(areaTolerance(c.geodesic.area!))
      } else {
        expect(m.planar.area).toBeUndefined()
      }
    })
  }

  it('the grid and the ellipsoid differ by the UTM scale factor, and the test would see a swap', () => {
    const c = golden.cases.find((x) => x.name === 'Soest – Lippstadt')!
    const m = measure(c.kind, c.vertices, toGrid)
    // Soest lies ~60 km west of 9° E: k ≈ 0.9996 · (1 + x²/2R²) ≈ 0.99964.
    const ratio = m.planar.length / m.geodesic.length
    expect(ratio).toBeGreaterThan(0.9996)
    expect(ratio).toBeLessThan(0.9997)
    expect(Math.abs(m.geodesic.length - c.planar.length)).toBeGreaterThan(LENGTH_TOLERANCE)
  })

  it('orientation does not change the area; a polygon of two vertices has no area and no closing segment', () => {
    const ccw = golden.cases.find((x) => x.name === 'old town ring')!
    const cw = golden.cases.find((x) => x.name === 'old town ring clockwise')!
    expect(measure('polygon', cw.vertices, toGrid).geodesic.area).toBeCloseTo(measure('polygon', ccw.vertices, toGrid).geodesic.area!, 4)
    const two = measure('polygon', ccw.vertices.slice(0, 2), toGrid)
    expect(two.segments).toHaveLength(1)
    expect(two.planar.area).toBe(0)
    expect(two.geodesic.area).toBe(0)
    expect(two.geodesic.length).toBeCloseTo(two.segments[0].geodesic, 9)
    expect(measure('line', [[8.1, 51.5]], toGrid).geodesic.length).toBe(0)
    expect(planarArea([[0, 0], [10, 0], [10, 10], [0, 10]])).toBe(100)
  })

  it('copies as text with the German decimal comma and a visible difference', () => {
    const c = golden.cases.find((x) => x.name === 'old town ring')!
    const labels = { line: 'Strecke', polygon: 'Fläche', length: 'Länge', perimeter: 'Umfang', area: 'Fläche', grid: 'UTM', ellipsoid: 'GRS80', difference: 'Differenz', vertices: 'Punkte' }
    const text = measurementText(measure('polygon', c.vertices, toGrid), labels, 'de')
    expect(text.split('\n')).toHaveLength(3)
    expect(text).toMatch(/^Fläche \(6 Punkte\)\nUmfang: UTM \d\.\d{3},\d\d m; GRS80 \d\.\d{3},\d\d m; Differenz −\d,\d\d m \(−\d{3} ppm\)\nFläche: UTM [\d.]+,\d\d m²; GRS80 [\d.]+,\d\d m²; Differenz −[\d.]+,\d\d m² \(−\d{3} ppm\)$/)
    expect(formatDifference(1000.5, 1000, 'm', 'en')).toBe('+0.50 m (+500 ppm)')
  })
})
