// Batch reprojection EPSG:25832 ⇄ EPSG:4326 over Kreis Soest: proj4's cached converter (one call per point, the
// baseline) against GridTransform, both directions, measured alternately in the same run; accuracy against
// proj4 on every vertex and against PROJ's cs2cs on a sample when it is installed.
//   npx tsx bench/reproject.ts [vertices]      (or: npm run bench -- reproject [vertices])
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { spawnSync } from 'node:child_process'
import type { BBox } from '../src/model/catalog.ts'
import { transformGeometry, type Geometry } from '../src/projection/geometry.ts'
import { GridTransform, differenceMetres, type TargetUnits } from '../src/projection/gridTransform.ts'
import { Projections, type Point } from '../src/projection/registry.ts'
import { mulberry32 } from '../scripts/random.ts'

const VERTICES = Number(process.argv[2] ?? 1_000_000)
const SEED = 0x50e57
const ROUNDS = 7 // each round times proj4 once and ours several times; medians over rounds
const OURS_PER_ROUND = 3
const CS2CS = '/usr/bin/cs2cs'
const CS2CS_SAMPLE = 10_000
const SOEST_UTM: BBox = [415000, 5690000, 470000, 5740000]
const SOEST_LONLAT: BBox = [7.76, 51.35, 8.58, 51.82] // contains the image of SOEST_UTM


const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const mvps = (n: number, ms: number) => n / ms / 1000

function timeMs(fn: () => void): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

function maxErrorM(units: TargetUnits, a: Float64Array, b: Float64Array, n = a.length): number {
  let worst = 0
  for (let i = 0; i < n; i += 2) worst = Math.max(worst, differenceMetres(units, [a[i], a[i + 1]], [b[i], b[i + 1]]))
  return worst
}

/** Runs cs2cs on the first `count` points; returns x,y in the same axis order as proj4 (lon/lat, E/N). */
function cs2cs(from: string, to: string, pts: Float64Array, count: number): Float64Array {
  // With EPSG:4326 cs2cs follows the CRS's axis order: latitude first, on input and on output.
  const latFirstIn = from === 'EPSG:4326'
  const latFirstOut = to === 'EPSG:4326'
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const x = pts[2 * i].toFixed(12)
    const y = pts[2 * i + 1].toFixed(12)
    lines.push(latFirstIn ? `${y} ${x}` : `${x} ${y}`)
  }
  const r = spawnSync(CS2CS, ['-f', '%.12f', from, to], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 })
  if (r.status !== 0) throw new Error(`cs2cs failed: ${r.stderr}`)
  const rows = r.stdout.trim().split('\n')
  if (rows.length !== count) throw new Error(`cs2cs returned ${rows.length} rows for ${count}`)
  const out = new Float64Array(2 * count)
  rows.forEach((row, i) => {
    const [a, b] = row.trim().split(/\s+/).map(Number)
    out[2 * i] = latFirstOut ? b : a
    out[2 * i + 1] = latFirstOut ? a : b
  })
  return out
}

interface DirectionResult {
  from: string
  to: string
  proj4MVps: number
  oursMVps: number
  speedup: number
  maxErrorM: number
  maxErrorVsCs2csM: number | null
  proj4VsCs2csM: number | null
  grid: { cells: string; checkedErrorM: number; buildMs: number; exactCalls: number; tableBytes: number }
}

const projections = new Projections()

function runDirection(from: string, to: string, extent: BBox, src: Float64Array, units: TargetUnits): {
  result: DirectionResult
  exact: Float64Array
} {
  const n = src.length / 2
  const conv = projections.converter(from, to)
  let gt!: GridTransform
  const buildMs = timeMs(() => {
    gt = GridTransform.between(projections, from, to, extent)
  })
  const exact = new Float64Array(src.length)
  const ours = new Float64Array(src.length)
  const baseline = () => {
    for (let i = 0; i < n; i++) {
      const r = conv.forward([src[2 * i], src[2 * i + 1]]) as Point
      exact[2 * i] = r[0]
      exact[2 * i + 1] = r[1]
    }
  }
  const fast = () => gt.transform(src, ours)

  // Warm-up: let both reach optimised code before anything is timed.
  baseline()
  for (let i = 0; i < 5; i++) fast()
  const p4: number[] = []
  const us: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    p4.push(timeMs(baseline))
    for (let k = 0; k < OURS_PER_ROUND; k++) us.push(timeMs(fast))
  }
  const proj4MVps = mvps(n, median(p4))
  const oursMVps = mvps(n, median(us))
  const maxErr = maxErrorM(units, ours, exact)

  let vsCs2cs: number | null = null
  let proj4VsCs2cs: number | null = null
  if (existsSync(CS2CS)) {
    const m = Math.min(CS2CS_SAMPLE, n)
    const ref = cs2cs(from, to, src, m)
    vsCs2cs = maxErrorM(units, ours, ref, 2 * m)
    proj4VsCs2cs = maxErrorM(units, exact, ref, 2 * m)
  }
  return {
    exact,
    result: {
      from,
      to,
      proj4MVps,
      oursMVps,
      speedup: oursMVps / proj4MVps,
      maxErrorM: maxErr,
      maxErrorVsCs2csM: vsCs2cs,
      proj4VsCs2csM: proj4VsCs2cs,
      grid: { cells: `${gt.nx}x${gt.ny}`, checkedErrorM: gt.checkedError, buildMs, exactCalls: gt.exactCalls, tableBytes: gt.tableBytes },
    },
  }
}

/**
 * GeoJSON-shaped polygons (nested arrays, as the browser gets them from flatgeobuf): transformGeometry(g, proj4)
 * per point against GridTransform.transformGeometry. Each round takes the same geometries to lon/lat and back,
 * so no fresh arrays are timed: with freshly built arrays the garbage collector dominated and the figures
 * scattered by 3×, for both paths alike.
 */
function runGeometry(src: Float64Array): { vertices: number; proj4MVps: number; oursMVps: number } {
  const ring = 50
  const polys = Math.floor(Math.min(src.length / 2, 200_000) / ring)
  const make = (): Geometry[] => {
    const gs: Geometry[] = []
    for (let p = 0; p < polys; p++) {
      const coords: number[][] = []
      for (let v = 0; v < ring; v++) coords.push([src[2 * (p * ring + v)], src[2 * (p * ring + v) + 1]])
      gs.push({ type: 'Polygon', coordinates: [coords] })
    }
    return gs
  }
  const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
  const toUtm = projections.forward('EPSG:4326', 'EPSG:25832')
  const there = GridTransform.between(projections, 'EPSG:25832', 'EPSG:4326', SOEST_UTM)
  const back = GridTransform.between(projections, 'EPSG:4326', 'EPSG:25832', SOEST_LONLAT)
  const a = make()
  const b = make()
  const p4: number[] = []
  const us: number[] = []
  for (let r = 0; r < ROUNDS + 1; r++) {
    const tp = timeMs(() => {
      for (const g of a) transformGeometry(g, toLonLat)
      for (const g of a) transformGeometry(g, toUtm)
    })
    const to = timeMs(() => {
      for (const g of b) there.transformGeometry(g)
      for (const g of b) back.transformGeometry(g)
    })
    if (r > 0) {
      p4.push(tp / 2)
      us.push(to / 2)
    }
  }
  const n = polys * ring
  return { vertices: n, proj4MVps: mvps(n, median(p4)), oursMVps: mvps(n, median(us)) }
}

const rnd = mulberry32(SEED)
const utm = new Float64Array(2 * VERTICES)
for (let i = 0; i < VERTICES; i++) {
  utm[2 * i] = SOEST_UTM[0] + rnd() * (SOEST_UTM[2] - SOEST_UTM[0])
  utm[2 * i + 1] = SOEST_UTM[1] + rnd() * (SOEST_UTM[3] - SOEST_UTM[1])
}
const forward = runDirection('EPSG:25832', 'EPSG:4326', SOEST_UTM, utm, 'degree')
// The inverse direction reads the same places as lon/lat (the exact images of the UTM sample).
const inverse = runDirection('EPSG:4326', 'EPSG:25832', SOEST_LONLAT, forward.exact, 'metre')
const geometry = runGeometry(utm)

const f = forward.result
const i = inverse.result
const fmt = (x: number | null, d = 1) => (x === null ? 'n/a' : x.toFixed(d))
const exp = (x: number | null) => (x === null ? 'n/a (no cs2cs)' : `${x.toExponential(2)} m`)
console.log(`reproject: ${VERTICES.toLocaleString('en')} seeded vertices over Kreis Soest, single thread, medians of ${ROUNDS} (proj4) / ${ROUNDS * OURS_PER_ROUND} (grid) runs`)
for (const d of [f, i]) {
  console.log(
    `  ${d.from} → ${d.to}: proj4 ${fmt(d.proj4MVps, 2)} M/s, grid ${fmt(d.oursMVps)} M/s (${fmt(d.speedup)}×); ` +
      `max error vs proj4 ${exp(d.maxErrorM)}, vs cs2cs ${exp(d.maxErrorVsCs2csM)} (proj4 vs cs2cs ${exp(d.proj4VsCs2csM)}); ` +
      `grid ${d.grid.cells} cells, built in ${d.grid.buildMs.toFixed(1)} ms`,
  )
}
console.log(
  `  geometry path (${geometry.vertices.toLocaleString('en')} vertices as GeoJSON polygons): transformGeometry(g, proj4) ` +
    `${fmt(geometry.proj4MVps, 2)} M/s, GridTransform.transformGeometry ${fmt(geometry.oursMVps)} M/s (there and back, per direction)`,
)
const minOurs = Math.min(f.oursMVps, i.oursMVps)
const minSpeedup = Math.min(f.speedup, i.speedup)
const targetMet = minOurs >= 20 && minSpeedup >= 8 && Math.max(f.maxErrorM, i.maxErrorM) <= 0.001
console.log(`  target ≥ 20 M/s, ≥ 8× proj4, ≤ 1 mm: ${targetMet ? 'met' : 'NOT met'} (slowest direction ${minOurs.toFixed(1)} M/s, ${minSpeedup.toFixed(1)}×)`)

const r3 = (x: number) => Math.round(x * 1000) / 1000
const e3 = (x: number | null) => (x === null ? null : Number(x.toPrecision(3)))
console.log(
  JSON.stringify({
    bench: 'reproject',
    vertices: VERTICES,
    // Top-level figures are the portal's hot direction, EPSG:25832 → 4326; errors are the worse of both directions.
    proj4MVps: r3(f.proj4MVps),
    oursMVps: r3(f.oursMVps),
    speedup: r3(f.speedup),
    maxErrorM: e3(Math.max(f.maxErrorM, i.maxErrorM)),
    maxErrorVsCs2csM: f.maxErrorVsCs2csM === null ? null : e3(Math.max(f.maxErrorVsCs2csM, i.maxErrorVsCs2csM ?? 0)),
    inverseProj4MVps: r3(i.proj4MVps),
    inverseOursMVps: r3(i.oursMVps),
    inverseSpeedup: r3(i.speedup),
    minSpeedup: r3(minSpeedup),
    targetMet,
    // Other work on the machine slows both sides alike (they alternate), so the speedup is the steadier figure.
    loadAvg1: Number(loadavg()[0].toFixed(2)),
    directions: [f, i].map((d) => ({
      ...d,
      proj4MVps: r3(d.proj4MVps),
      oursMVps: r3(d.oursMVps),
      speedup: r3(d.speedup),
      maxErrorM: e3(d.maxErrorM),
      maxErrorVsCs2csM: e3(d.maxErrorVsCs2csM),
      proj4VsCs2csM: e3(d.proj4VsCs2csM),
      grid: { ...d.grid, checkedErrorM: e3(d.grid.checkedErrorM), buildMs: r3(d.grid.buildMs) },
    })),
    geometry: { vertices: geometry.vertices, proj4MVps: r3(geometry.proj4MVps), oursMVps: r3(geometry.oursMVps) },
  }),
)
