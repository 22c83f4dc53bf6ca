import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normaliseCrs, Projections } from './registry.ts'
import { transformBBox } from './geometry.ts'

// Values computed with PROJ 9.1 (cs2cs) for points around Soest; see docs/projection.md.
const SOEST = [
  { lon: 8.104589, lat: 51.578419, e: 437954.3649, n: 5714530.3144 },
  { lon: 7.914136, lat: 51.558073, e: 424724.0532, n: 5712446.4132 },
  { lon: 8.0594, lat: 51.4897, e: 434696.3163, n: 5704703.1295 },
]

describe('Projections', () => {
  it('ETRS89 lon/lat → EPSG:25832 matches PROJ within 1 mm', () => {
    const p = new Projections()
    const f = p.forward('EPSG:4258', 'EPSG:25832')
    for (const r of SOEST) {
      const [e, n] = f([r.lon, r.lat])
      expect(Math.abs(e - r.e)).toBeLessThan(0.001)
      expect(Math.abs(n - r.n)).toBeLessThan(0.001)
    }
  })

  it('refuses unknown CRSs with the list of supported ones', () => {
    const p = new Projections()
    expect(() => p.converter('EPSG:2154', 'EPSG:25832')).toThrow(/unsupported CRS EPSG:2154; supported: .*EPSG:25832/)
    expect(() => p.converter('EPSG:31467', 'EPSG:25832')).toThrow(/BeTA2007/)
  })

  const grid = '/usr/share/proj/BETA2007.gsb'
  it.skipIf(!existsSync(grid))(`Gauss-Krüger 31467 via BeTA2007 matches PROJ within 1 mm (needs ${grid})`, () => {
    const p = new Projections()
    const b = readFileSync(grid)
    p.loadBeta2007(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
    const [e, n] = p.forward('EPSG:31467', 'EPSG:25832')([3438003.5652, 5716375.9399])
    expect(Math.abs(e - 437954.3649)).toBeLessThan(0.001)
    expect(Math.abs(n - 5714530.3144)).toBeLessThan(0.001)
  })
  if (!existsSync(grid)) console.warn(`skipped: Gauss-Krüger test needs ${grid} (apt-get install proj-data)`)

  it('normalises CRS names', () => {
    expect(normaliseCrs('urn:ogc:def:crs:EPSG::25832')).toBe('EPSG:25832')
    expect(normaliseCrs('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('EPSG:4326')
    expect(normaliseCrs('EPSG:31467')).toBe('EPSG:31467')
    expect(normaliseCrs('something')).toBeNull()
  })

  it('densified bbox transform contains the curved edges', () => {
    const p = new Projections()
    const b = transformBBox([7, 51, 9, 52], p.forward('EPSG:4326', 'EPSG:25832'))
    // The northern edge bulges north in UTM; the corners alone would miss it.
    const [, nMid] = p.forward('EPSG:4326', 'EPSG:25832')([8, 52])
    expect(b[3]).toBeGreaterThanOrEqual(nMid)
  })
})
