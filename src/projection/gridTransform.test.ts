import { describe, expect, it } from 'vitest'
import type { BBox } from '../model/catalog.ts'
import { GridTransform, differenceMetres, unitsOfCrs, type TargetUnits } from './gridTransform.ts'
import { Projections, type Converter, type Point } from './registry.ts'
import { mulberry32 } from '../../scripts/random.ts'

// Kreis Soest in EPSG:25832, and a lon/lat box containing its image (corners 7.767…8.569 E, 51.355…51.810 N).
const SOEST_UTM: BBox = [415000, 5690000, 470000, 5740000]
const SOEST_LONLAT: BBox = [7.76, 51.35, 8.58, 51.82]
// Values computed with PROJ 9.1 (cs2cs, ETRS89); the same as in registry.test.ts.
const PROJ_REFERENCE = [
  { lon: 8.104589, lat: 51.578419, e: 437954.3649, n: 5714530.3144 },
  { lon: 7.914136, lat: 51.558073, e: 424724.0532, n: 5712446.4132 },
  { lon: 8.0594, lat: 51.4897, e: 434696.3163, n: 5704703.1295 },
]
const MM = 0.001


/** Random points plus a regular lattice that includes the extent's edges and corners. */
function sample(b: BBox, random: number, lattice: number, seed: number): Float64Array {
  const rnd = mulberry32(seed)
  const out = new Float64Array(2 * (random + (lattice + 1) ** 2))
  let k = 0
  for (let i = 0; i < random; i++) {
    out[k++] = b[0] + rnd() * (b[2] - b[0])
    out[k++] = b[1] + rnd() * (b[3] - b[1])
  }
  for (let j = 0; j <= lattice; j++) {
    for (let i = 0; i <= lattice; i++) {
      out[k++] = i === lattice ? b[2] : b[0] + ((b[2] - b[0]) * i) / lattice
      out[k++] = j === lattice ? b[3] : b[1] + ((b[3] - b[1]) * j) / lattice
    }
  }
  return out
}

function maxError(gt: GridTransform, exact: Converter, pts: Float64Array, units: TargetUnits): number {
  const out = gt.transform(pts)
  let worst = 0
  for (let i = 0; i < pts.length; i += 2) {
    worst = Math.max(worst, differenceMetres(units, exact([pts[i], pts[i + 1]]), [out[i], out[i + 1]]))
  }
  return worst
}

const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
const toUtm = projections.forward('EPSG:4326', 'EPSG:25832')

describe('differenceMetres', () => {
  it('scales degrees by the local ellipsoid radii', () => {
    // 1e-5° of latitude ≈ 1.113 m and of longitude ≈ 0.693 m at 51.6° N.
    expect(differenceMetres('degree', [8, 51.6], [8, 51.60001])).toBeCloseTo(1.1130, 3)
    expect(differenceMetres('degree', [8, 51.6], [8.00001, 51.6])).toBeCloseTo(0.6932, 3)
    expect(differenceMetres('metre', [0, 0], [3, 4])).toBe(5)
  })

  it('infers target units from the CRS definitions', () => {
    expect(unitsOfCrs('EPSG:4326')).toBe('degree')
    expect(unitsOfCrs('EPSG:4258')).toBe('degree')
    expect(unitsOfCrs('EPSG:25832')).toBe('metre')
    expect(unitsOfCrs('EPSG:31467')).toBe('metre')
    expect(() => unitsOfCrs('EPSG:2154')).toThrow(/no definition/)
  })
})

describe('GridTransform over Kreis Soest', () => {
  const fwd = GridTransform.between(projections, 'EPSG:25832', 'EPSG:4326', SOEST_UTM)
  const inv = GridTransform.between(projections, 'EPSG:4326', 'EPSG:25832', SOEST_LONLAT)

  it('matches PROJ (cs2cs) reference points within 0.1 mm plus rounding, both directions', () => {
    const tol = 0.0001 + 0.00005 * Math.SQRT2
    for (const r of PROJ_REFERENCE) {
      const [e, n] = inv.forward([r.lon, r.lat])
      expect(Math.abs(e - r.e)).toBeLessThan(tol)
      expect(Math.abs(n - r.n)).toBeLessThan(tol)
      // The lon/lat side is given to 1e-6°, so go back from E/N and compare in metres to the rounded E/N.
      expect(differenceMetres('degree', fwd.forward([r.e, r.n]), toLonLat([r.e, r.n]))).toBeLessThan(0.0001)
      expect(differenceMetres('degree', fwd.forward([r.e, r.n]), [r.lon, r.lat])).toBeLessThan(0.05)
    }
  })

  it('EPSG:25832 → 4326: max error against proj4 ≤ 1 mm on a dense seeded sample', () => {
    const err = maxError(fwd, toLonLat, sample(SOEST_UTM, 200_000, 200, 1), 'degree')
    expect(err).toBeLessThanOrEqual(MM)
    expect(fwd.checkedError).toBeLessThanOrEqual(MM / 4)
  })

  it('EPSG:4326 → 25832: max error against proj4 ≤ 1 mm on a dense seeded sample', () => {
    const err = maxError(inv, toUtm, sample(SOEST_LONLAT, 200_000, 200, 2), 'metre')
    expect(err).toBeLessThanOrEqual(MM)
  })

  it('falls back to the exact converter outside the grid extent (bit-identical results)', () => {
    const outside: Point[] = [
      [414999.999, 5700000],
      [470000.001, 5700000],
      [440000, 5689000],
      [440000, 5740500],
      [380000, 5650000],
      [500000, 5800000],
    ]
    const buf = new Float64Array(outside.flat())
    fwd.transformInPlace(buf)
    outside.forEach((p, i) => {
      const [lon, lat] = toLonLat(p)
      expect(buf[2 * i]).toBe(lon)
      expect(buf[2 * i + 1]).toBe(lat)
    })
  })

  it('sends NaN through the exact converter rather than into the table', () => {
    const exact: Converter = (p) => (Number.isFinite(p[0]) && Number.isFinite(p[1]) ? toLonLat(p) : [NaN, NaN])
    const gt = new GridTransform(exact, SOEST_UTM, { targetUnits: 'degree' })
    const out = gt.transform(new Float64Array([NaN, 5700000, 440000, NaN, 440000, 5700000]))
    expect([...out.subarray(0, 4)].every(Number.isNaN)).toBe(true)
    expect(Number.isFinite(out[4])).toBe(true)
  })

  it('in-place and out-of-place agree exactly, also with a stride of 3 (z kept)', () => {
    const pts = sample(SOEST_UTM, 5000, 10, 3)
    const out = fwd.transform(pts)
    const copy = pts.slice()
    fwd.transformInPlace(copy)
    expect(copy).toEqual(out)
    const single = fwd.forward([pts[10], pts[11]])
    expect(single).toEqual([out[10], out[11]])

    const n = pts.length / 2
    const xyz = new Float64Array(3 * n)
    for (let i = 0; i < n; i++) xyz.set([pts[2 * i], pts[2 * i + 1], i * 0.5], 3 * i)
    const xyzOut = fwd.transform(xyz, new Float64Array(xyz.length), 3)
    fwd.transformInPlace(xyz, 3)
    expect(xyzOut).toEqual(xyz)
    for (let i = 0; i < n; i++) {
      expect(xyz[3 * i]).toBe(out[2 * i])
      expect(xyz[3 * i + 1]).toBe(out[2 * i + 1])
      expect(xyz[3 * i + 2]).toBe(i * 0.5)
    }
  })

  it('reprojects GeoJSON-like geometries in place, z kept, like the batch path', () => {
    const poly = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [437954.3649, 5714530.3144, 91.5],
            [438954, 5714530],
            [438954, 5715530],
            [437954.3649, 5714530.3144, 91.5],
          ],
        ],
        [
          [
            [424724.0532, 5712446.4132],
            [300000, 5712446], // outside: exact path
            [424724.0532, 5713446],
            [424724.0532, 5712446.4132],
          ],
        ],
      ],
    }
    const coll = { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [434696.3163, 5704703.1295] }, poly] }
    const before = JSON.parse(JSON.stringify(coll)) as typeof coll
    fwd.transformGeometry(coll)
    const [lon, lat] = coll.geometries[0].coordinates as number[]
    expect(differenceMetres('degree', [lon, lat], [8.0594, 51.4897])).toBeLessThan(0.05)
    const flatBefore = (before.geometries[1].coordinates as number[][][][]).flat(2)
    const flatAfter = poly.coordinates.flat(2)
    flatBefore.forEach((p, i) => {
      expect(flatAfter[i].slice(0, 2)).toEqual(fwd.forward([p[0], p[1]]))
      expect(flatAfter[i].length).toBe(p.length)
      if (p.length > 2) expect(flatAfter[i][2]).toBe(p[2])
    })
    expect(flatAfter[5]).toEqual(toLonLat([300000, 5712446]))
    fwd.transformGeometry({ type: 'Polygon', coordinates: [] }) // nothing to do, no error
  })
})

describe('GridTransform accuracy check', () => {
  it('a deliberately coarse grid exceeds 1 mm, and the check measures it', () => {
    // One cell over Soest is just too coarse for 25832 → 4326.
    const coarse = new GridTransform(toLonLat, SOEST_UTM, { cells: [1, 1], unchecked: true, targetUnits: 'degree' })
    const dense = maxError(coarse, toLonLat, sample(SOEST_UTM, 50_000, 100, 4), 'degree')
    expect(dense).toBeGreaterThan(MM)
    expect(coarse.checkedError).toBeGreaterThan(MM)
    // One cell over most of NRW is far too coarse.
    const wide: BBox = [280000, 5600000, 540000, 5800000]
    const veryCoarse = new GridTransform(toLonLat, wide, { cells: [1, 1], unchecked: true, targetUnits: 'degree' })
    expect(maxError(veryCoarse, toLonLat, sample(wide, 20_000, 50, 5), 'degree')).toBeGreaterThan(0.1)
  })

  it('refuses a grid it may not refine, and refines one it may until the bound holds', () => {
    const wide: BBox = [280000, 5600000, 540000, 5800000]
    expect(() => new GridTransform(toLonLat, wide, { cells: [1, 1], maxRefinements: 0, targetUnits: 'degree' })).toThrow(
      /cannot reach 0.001 m/,
    )
    const gt = new GridTransform(toLonLat, wide, { cells: [1, 1], targetUnits: 'degree' })
    expect(gt.nx).toBeGreaterThan(1)
    expect(maxError(gt, toLonLat, sample(wide, 100_000, 100, 6), 'degree')).toBeLessThanOrEqual(MM)
  })

  it('a tighter accuracy gives a finer grid that meets it', () => {
    const gt = new GridTransform(toLonLat, SOEST_UTM, { accuracy: 1e-6, targetUnits: 'degree' })
    expect(gt.nx).toBeGreaterThan(2)
    expect(maxError(gt, toLonLat, sample(SOEST_UTM, 50_000, 100, 7), 'degree')).toBeLessThanOrEqual(1e-6)
  })

  it('the checked error tracks the true maximum closely (so the 4× margin is generous)', () => {
    for (const n of [1, 2, 4, 8]) {
      const gt = new GridTransform(toUtm, SOEST_LONLAT, { cells: [n, n], unchecked: true })
      const dense = maxError(gt, toUtm, sample(SOEST_LONLAT, 40_000, 100, 10 + n), 'metre')
      expect(dense).toBeLessThan(1.5 * gt.checkedError)
    }
  })

  it('rejects an empty extent and bad options', () => {
    expect(() => new GridTransform(toLonLat, [1, 1, 1, 2])).toThrow(/empty grid extent/)
    expect(() => new GridTransform(toLonLat, SOEST_UTM, { cells: [0, 2] })).toThrow(/bad cell counts/)
    const gt = new GridTransform(toLonLat, SOEST_UTM, { targetUnits: 'degree' })
    expect(() => gt.transform(new Float64Array(4), new Float64Array(2))).toThrow(/output holds/)
    expect(() => gt.transform(new Float64Array(4), undefined, 1)).toThrow(/bad stride/)
  })
})
