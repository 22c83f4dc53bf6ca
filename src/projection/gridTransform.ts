// Batch reprojection by interpolation in a precomputed grid of exact transforms.
//
// proj4 spends most of its time in per-point overhead (datum checks, array allocation, unit handling) and in
// trigonometric series. Over an area the size of a Kreis the transform is very smooth, so a piecewise bicubic
// patch fitted to exact values and exact derivatives at a handful of nodes reproduces it to well under a
// millimetre, at the cost of ~30 multiply-adds per vertex. Accuracy is not assumed but checked against the exact
// converter at construction, and the grid is refined until the check passes.
import type { BBox } from '../model/catalog.ts'
import type { Geometry, Position } from './geometry.ts'
import { CRS_DEFINITIONS, GK_DEFINITIONS, type Converter, type Point, type Projections } from './registry.ts'

/** Units of the target CRS; decides how a coordinate difference is turned into metres for the accuracy check. */
export type TargetUnits = 'metre' | 'degree'

export interface GridTransformOptions {
  /** Maximum allowed error in metres (default 0.001). */
  accuracy?: number
  /** Units of the converter's output (default 'metre'). */
  targetUnits?: TargetUnits
  /**
   * Fraction of `accuracy` the checked error must stay under (default 0.25). The check samples a few points per
   * cell; the margin covers the points between them (the error of a bicubic patch on a smooth function is itself
   * smooth and peaks inside the cell, which is sampled densely enough that a 4× margin is very generous — the
   * tests confirm it on a dense sample).
   */
  checkMargin?: number
  /** Cells per axis of the first grid tried (default [2, 2]); each refinement doubles both. */
  cells?: [number, number]
  /**
   * Refinements allowed before construction fails (default 5: from 2×2 up to 64×64 cells, a 1 MB table; a larger
   * need means the extent is far too big or the transform not smooth there, and the caller should use the exact
   * converter).
   */
  maxRefinements?: number
  /** Check sample points per cell and axis (default 4: cell quarters, centre and edge midpoints included). */
  checkPerCell?: number
  /**
   * Skips the accuracy check and refinement and uses `cells` as given. Only for diagnostics and tests that need
   * a grid known to be too coarse; `checkedError` is still measured.
   */
  unchecked?: boolean
}

const GRS80_A = 6378137
const GRS80_E2 = 0.00669438002290
const DEG = Math.PI / 180

/** Distance in metres between two points given in the target units (local ellipsoidal radii for degrees). */
export function differenceMetres(units: TargetUnits, a: Point | number[], b: Point | number[]): number {
  const dx = a[0] - b[0]
  const dy = a[1] - b[1]
  if (units === 'metre') return Math.hypot(dx, dy)
  const phi = ((a[1] + b[1]) / 2) * DEG
  const s = Math.sin(phi)
  const w = 1 - GRS80_E2 * s * s
  const n = GRS80_A / Math.sqrt(w) // prime vertical radius
  const m = (GRS80_A * (1 - GRS80_E2)) / (w * Math.sqrt(w)) // meridian radius
  return Math.hypot(dx * DEG * n * Math.cos(phi), dy * DEG * m)
}

/** Units of a CRS the registry knows, read from its proj4 definition. */
export function unitsOfCrs(code: string, definitions: Record<string, string> = { ...CRS_DEFINITIONS, ...GK_DEFINITIONS }): TargetUnits {
  const def = definitions[code]
  if (!def) throw new Error(`no definition for ${code}`)
  return /\+proj=longlat\b/.test(def) ? 'degree' : 'metre'
}

// Hermite basis as a matrix: coefficients of 1, t, t², t³ from [p(0), p(1), p'(0), p'(1)].
const HERMITE = [
  [1, 0, 0, 0],
  [0, 0, 1, 0],
  [-3, 3, -2, -1],
  [2, -2, 1, 1],
]

/** Coefficients per cell: 16 per output component, two components. */
const CELL_STRIDE = 32

/**
 * Fast reprojection over one extent of the source CRS, within `accuracy` metres of the exact converter it is
 * built from (verified when built). Build one per CRS pair and area and keep it: building costs a few hundred
 * exact transforms, using it ~25 ns per vertex. Outside the extent every point goes through the exact converter.
 */
export class GridTransform {
  /** Source extent covered by the grid [minX, minY, maxX, maxY]; outside it the exact converter is used. */
  readonly extent: BBox
  readonly nx: number
  readonly ny: number
  /** Largest error (metres) found at the check points; for an accepted grid it is ≤ accuracy × checkMargin. */
  readonly checkedError: number
  readonly accuracy: number
  readonly targetUnits: TargetUnits
  /** Exact transforms computed while building (nodes, derivative stencils and checks), for cost accounting. */
  readonly exactCalls: number

  private readonly grid: Grid
  private readonly scratch = new Float64Array(2)

  constructor(
    private readonly exact: Converter,
    extent: BBox,
    opts: GridTransformOptions = {},
  ) {
    const [minX, minY, maxX, maxY] = extent
    if (!(maxX > minX && maxY > minY)) throw new Error(`empty grid extent ${extent.join(',')}`)
    this.extent = [minX, minY, maxX, maxY]
    this.accuracy = opts.accuracy ?? 0.001
    this.targetUnits = opts.targetUnits ?? 'metre'
    const margin = opts.checkMargin ?? 0.25
    const perCell = opts.checkPerCell ?? 4
    const maxRefinements = opts.unchecked ? 0 : (opts.maxRefinements ?? 5)
    let [nx, ny] = opts.cells ?? [2, 2]
    if (!(nx >= 1 && ny >= 1 && Number.isInteger(nx) && Number.isInteger(ny))) throw new Error(`bad cell counts ${nx},${ny}`)

    let calls = 0
    const counted: Converter = (p) => {
      calls++
      return exact(p)
    }
    for (let attempt = 0; ; attempt++) {
      const grid = buildGrid(counted, this.extent, nx, ny)
      const err = checkError(grid, counted, this.targetUnits, perCell)
      if (opts.unchecked || err <= this.accuracy * margin) {
        this.grid = grid
        this.nx = nx
        this.ny = ny
        this.checkedError = err
        break
      }
      if (attempt >= maxRefinements) {
        throw new Error(
          `grid transform cannot reach ${this.accuracy} m over ${extent.join(',')}: ${err.toExponential(2)} m with ${nx}×${ny} cells`,
        )
      }
      nx *= 2
      ny *= 2
    }
    this.exactCalls = calls
  }

  /**
   * A grid transform between two CRSs of a Projections instance over an extent in `from`; the target units
   * are inferred from the definition of `to` unless given. The exact converter must be valid slightly
   * (3 % of a cell) beyond the extent, where the derivative stencils of the edge nodes reach.
   */
  static between(projections: Projections, from: string, to: string, extent: BBox, opts: GridTransformOptions = {}): GridTransform {
    return new GridTransform(projections.forward(from, to), extent, { ...opts, targetUnits: opts.targetUnits ?? unitsOfCrs(to) })
  }

  /** Bytes held by the coefficient table (it is meant to stay in the L1/L2 cache). */
  get tableBytes(): number {
    return this.grid.coef.byteLength
  }

  /**
   * Transforms interleaved coordinates (x0,y0,x1,y1,… or with `stride` > 2, e.g. x,y,z) from `src` into `dst`.
   * `dst` may be `src` (in place) and is allocated when omitted. Values past x,y in each stride are copied.
   */
  transform(src: Float64Array, dst: Float64Array = new Float64Array(src.length), stride = 2): Float64Array {
    if (dst.length < src.length) throw new Error(`output holds ${dst.length} values, input ${src.length}`)
    if (stride < 2 || !Number.isInteger(stride)) throw new Error(`bad stride ${stride}`)
    interpolate(this.grid, this.exact, src, dst, stride)
    return dst
  }

  /** Transforms interleaved coordinates in place. */
  transformInPlace(coords: Float64Array, stride = 2): Float64Array {
    return this.transform(coords, coords, stride)
  }

  /** One point; a drop-in Converter. Batches should use transform(), which avoids the per-call overhead. */
  forward = (p: Point): Point => {
    const s = this.scratch
    s[0] = p[0]
    s[1] = p[1]
    this.transform(s, s)
    return [s[0], s[1]]
  }

  /**
   * Reprojects a GeoJSON-like geometry in place (x,y of every position; z and further values are kept). Works
   * on the nested arrays directly: gathering them into a buffer first measured 2× slower than this.
   */
  transformGeometry(g: Geometry): void {
    if (g.type === 'GeometryCollection') {
      for (const c of g.geometries ?? []) this.transformGeometry(c)
      return
    }
    transformNested(this.grid, this.exact, g.coordinates)
  }
}

/** The interpolation table: cell (cx, cy) holds its coefficients at (cy·nx + cx)·CELL_STRIDE. */
interface Grid {
  readonly nx: number
  readonly ny: number
  readonly x0: number
  readonly y0: number
  readonly invDx: number
  readonly invDy: number
  readonly coef: Float64Array
}

function interpolate(g: Grid, exact: Converter, src: Float64Array, dst: Float64Array, stride: number): void {
  // Locals, not property reads, inside the loop: V8 keeps them in registers.
  const k = g.coef
  const x0 = g.x0
  const y0 = g.y0
  const ix = g.invDx
  const iy = g.invDy
  const nx = g.nx
  const ny = g.ny
  const n = src.length - (src.length % stride)
  // Values past x,y (z, m …) are carried over in one block copy rather than per vertex in the hot loop.
  if (stride > 2 && dst !== src) dst.set(src.subarray(0, n))
  for (let i = 0; i < n; i += stride) {
    let u = (src[i] - x0) * ix
    let v = (src[i + 1] - y0) * iy
    // Written so that NaN also takes the exact path.
    if (!(u >= 0 && u <= nx && v >= 0 && v <= ny)) {
      exactInto(exact, src, dst, i)
    } else {
      let cx = u | 0
      let cy = v | 0
      // The extent's upper edges belong to the last cell.
      if (cx === nx) cx--
      if (cy === ny) cy--
      u -= cx
      v -= cy
      const b = (cy * nx + cx) * CELL_STRIDE
      // Horner in u for each power of v, then in v; both components interleaved, which V8 schedules better
      // than two calls of one helper (measured 38 vs 32 M vertices/s).
      const a0 = ((k[b + 3] * u + k[b + 2]) * u + k[b + 1]) * u + k[b]
      const a1 = ((k[b + 7] * u + k[b + 6]) * u + k[b + 5]) * u + k[b + 4]
      const a2 = ((k[b + 11] * u + k[b + 10]) * u + k[b + 9]) * u + k[b + 8]
      const a3 = ((k[b + 15] * u + k[b + 14]) * u + k[b + 13]) * u + k[b + 12]
      const c0 = ((k[b + 19] * u + k[b + 18]) * u + k[b + 17]) * u + k[b + 16]
      const c1 = ((k[b + 23] * u + k[b + 22]) * u + k[b + 21]) * u + k[b + 20]
      const c2 = ((k[b + 27] * u + k[b + 26]) * u + k[b + 25]) * u + k[b + 24]
      const c3 = ((k[b + 31] * u + k[b + 30]) * u + k[b + 29]) * u + k[b + 28]
      dst[i] = ((a3 * v + a2) * v + a1) * v + a0
      dst[i + 1] = ((c3 * v + c2) * v + c1) * v + c0
    }
  }
}

// Kept out of the hot loop so its allocation and call do not weigh on the optimised interpolation code.
function exactInto(exact: Converter, src: Float64Array, dst: Float64Array, i: number): void {
  const r = exact([src[i], src[i + 1]])
  dst[i] = r[0]
  dst[i + 1] = r[1]
}

/** Largest error (metres) against `exact` over perCell × perCell points per cell, cell nodes excluded. */
function checkError(g: Grid, exact: Converter, units: TargetUnits, perCell: number): number {
  const minX = g.x0
  const minY = g.y0
  const sx = g.nx * perCell
  const sy = g.ny * perCell
  const pts = new Float64Array(2 * (sx + 1) * (sy + 1))
  let m = 0
  for (let j = 0; j <= sy; j++) {
    for (let i = 0; i <= sx; i++) {
      // Nodes are reproduced exactly by construction.
      if (i % perCell === 0 && j % perCell === 0) continue
      pts[m++] = minX + i / (perCell * g.invDx)
      pts[m++] = minY + j / (perCell * g.invDy)
    }
  }
  const src = pts.subarray(0, m)
  const out = new Float64Array(m)
  interpolate(g, exact, src, out, 2)
  let worst = 0
  for (let i = 0; i < m; i += 2) {
    const e = differenceMetres(units, exact([src[i], src[i + 1]]), [out[i], out[i + 1]])
    // A converter failing inside the extent (NaN) must fail the check, not slip past a comparison.
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e
  }
  return worst
}

function transformNested(g: Grid, exact: Converter, c: unknown): void {
  if (!Array.isArray(c) || c.length === 0) return
  const first: unknown = c[0]
  if (typeof first === 'number') interpolatePositions(g, exact, [c as Position])
  else if (Array.isArray(first) && typeof first[0] === 'number') interpolatePositions(g, exact, c as Position[])
  else for (const x of c) transformNested(g, exact, x)
}

/**
 * interpolate() for positions held as small arrays. A copy of the same arithmetic rather than a shared helper:
 * each loop stays specialised to its own array kind, and interleaving both components inline is what makes
 * the evaluation fast (see interpolate).
 */
function interpolatePositions(g: Grid, exact: Converter, ps: Position[]): void {
  const k = g.coef
  const x0 = g.x0
  const y0 = g.y0
  const ix = g.invDx
  const iy = g.invDy
  const nx = g.nx
  const ny = g.ny
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]
    let u = (p[0] - x0) * ix
    let v = (p[1] - y0) * iy
    if (!(u >= 0 && u <= nx && v >= 0 && v <= ny)) {
      const r = exact([p[0], p[1]])
      p[0] = r[0]
      p[1] = r[1]
      continue
    }
    let cx = u | 0
    let cy = v | 0
    if (cx === nx) cx--
    if (cy === ny) cy--
    u -= cx
    v -= cy
    const b = (cy * nx + cx) * CELL_STRIDE
    const a0 = ((k[b + 3] * u + k[b + 2]) * u + k[b + 1]) * u + k[b]
    const a1 = ((k[b + 7] * u + k[b + 6]) * u + k[b + 5]) * u + k[b + 4]
    const a2 = ((k[b + 11] * u + k[b + 10]) * u + k[b + 9]) * u + k[b + 8]
    const a3 = ((k[b + 15] * u + k[b + 14]) * u + k[b + 13]) * u + k[b + 12]
    const c0 = ((k[b + 19] * u + k[b + 18]) * u + k[b + 17]) * u + k[b + 16]
    const c1 = ((k[b + 23] * u + k[b + 22]) * u + k[b + 21]) * u + k[b + 20]
    const c2 = ((k[b + 27] * u + k[b + 26]) * u + k[b + 25]) * u + k[b + 24]
    const c3 = ((k[b + 31] * u + k[b + 30]) * u + k[b + 29]) * u + k[b + 28]
    p[0] = ((a3 * v + a2) * v + a1) * v + a0
    p[1] = ((c3 * v + c2) * v + c1) * v + c0
  }
}

/**
 * Bicubic Hermite patches from exact values and derivatives at the nodes. Derivatives come from central
 * differences of the exact converter with a step far below the cell size, so the patch error is the O(h⁴)
 * Hermite error rather than the O(h²)/O(h³) of derivatives taken across neighbouring nodes; the patches join
 * with continuous value and slope.
 */
function buildGrid(exact: Converter, extent: BBox, nx: number, ny: number): Grid {
  const [minX, minY, maxX, maxY] = extent
  const hx = (maxX - minX) / nx
  const hy = (maxY - minY) / ny
  // Step for the differences, 3 % of the cell. The derivative error enters the patch multiplied by the cell
  // size, so what matters is the step relative to the cell: smaller steps amplify the converter's own noise
  // (proj4 is smooth only to ~5e-8 m; at 0.1 % that alone gave a 25 µm floor), larger ones the truncation error
  // (∝ step², 10 % tripled the error of coarse grids). Measured over Soest, 3 % leaves the pure O(h⁴) patch
  // error down to 4e-8 m.
  const dx = hx * 0.03
  const dy = hy * 0.03
  const nodes = (nx + 1) * (ny + 1)
  // Per node and component: f, f_u, f_v, f_uv with derivatives scaled to the unit cell.
  const d = new Float64Array(nodes * 8)
  for (let j = 0; j <= ny; j++) {
    const y = j === ny ? maxY : minY + hy * j
    for (let i = 0; i <= nx; i++) {
      const x = i === nx ? maxX : minX + hx * i
      const f = exact([x, y])
      const xp = exact([x + dx, y])
      const xm = exact([x - dx, y])
      const yp = exact([x, y + dy])
      const ym = exact([x, y - dy])
      const pp = exact([x + dx, y + dy])
      const pm = exact([x + dx, y - dy])
      const mp = exact([x - dx, y + dy])
      const mm = exact([x - dx, y - dy])
      const o = (j * (nx + 1) + i) * 8
      for (let c = 0; c < 2; c++) {
        d[o + 4 * c] = f[c]
        d[o + 4 * c + 1] = ((xp[c] - xm[c]) / (2 * dx)) * hx
        d[o + 4 * c + 2] = ((yp[c] - ym[c]) / (2 * dy)) * hy
        d[o + 4 * c + 3] = ((pp[c] - pm[c] - mp[c] + mm[c]) / (4 * dx * dy)) * hx * hy
      }
    }
  }
  const coef = new Float64Array(nx * ny * CELL_STRIDE)
  const F = [new Float64Array(4), new Float64Array(4), new Float64Array(4), new Float64Array(4)]
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const n00 = (cy * (nx + 1) + cx) * 8
      const n10 = n00 + 8
      const n01 = n00 + (nx + 1) * 8
      const n11 = n01 + 8
      for (let c = 0; c < 2; c++) {
        const q = 4 * c
        // F[r][s]: rows p(u=0), p(u=1), p_u(0), p_u(1); columns likewise in v.
        const at = (node: number, k: number) => d[node + q + k]
        F[0].set([at(n00, 0), at(n01, 0), at(n00, 2), at(n01, 2)])
        F[1].set([at(n10, 0), at(n11, 0), at(n10, 2), at(n11, 2)])
        F[2].set([at(n00, 1), at(n01, 1), at(n00, 3), at(n01, 3)])
        F[3].set([at(n10, 1), at(n11, 1), at(n10, 3), at(n11, 3)])
        // A = H · F · Hᵀ; A[i][j] is the coefficient of uⁱ vʲ, stored j-major so Horner runs over u inside.
        const base = (cy * nx + cx) * CELL_STRIDE + 16 * c
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            let s = 0
            for (let r = 0; r < 4; r++) for (let t = 0; t < 4; t++) s += HERMITE[i][r] * F[r][t] * HERMITE[j][t]
            coef[base + 4 * j + i] = s
          }
        }
      }
    }
  }
  return { nx, ny, x0: minX, y0: minY, invDx: nx / (maxX - minX), invDy: ny / (maxY - minY), coef }
}
