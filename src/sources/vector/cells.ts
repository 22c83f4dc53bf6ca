// Which parts of a vector layer are loaded, as square cells of a fixed EPSG:25832 grid (pure).
//
// A view is loaded cell by cell: a move inside cells already loaded costs nothing, and a move beside them loads
// only the new cells, so the map adds the new features instead of replacing its whole source (which made every
// frame after a move long: MapLibre re-indexed and re-tiled the layer, and the worker sent everything again).
// Cells are 2^level km wide; a cell counts as loaded when it or a coarser cell that contains it was loaded.
import type { BBox } from '../../model/catalog.ts'

/** Cell width at level 0, in metres. */
const BASE = 1000
const MAX_LEVEL = 12

export interface Cell {
  level: number
  x: number
  y: number
}

const size = (level: number) => BASE * 2 ** level

/** The level whose cells are at least half as wide as the box (a view spans 2–3 cells across). */
export function cellLevel(rect: BBox): number {
  const span = Math.max(rect[2] - rect[0], rect[3] - rect[1], 1)
  return Math.min(MAX_LEVEL, Math.max(0, Math.ceil(Math.log2(span / 2 / BASE))))
}

/** The cells of a level that a box touches. */
export function cellsIn(rect: BBox, level: number): Cell[] {
  const s = size(level)
  const out: Cell[] = []
  for (let y = Math.floor(rect[1] / s); y <= Math.floor(rect[3] / s); y++) for (let x = Math.floor(rect[0] / s); x <= Math.floor(rect[2] / s); x++) out.push({ level, x, y })
  return out
}

export const cellBBox = (c: Cell): BBox => {
  const s = size(c.level)
  return [c.x * s, c.y * s, (c.x + 1) * s, (c.y + 1) * s]
}

/**
 * The boxes to request for a set of cells: one per run of neighbouring cells in a row, so an L-shaped gap is
 * two requests rather than one box over the loaded corner.
 */
export function cellRects(cells: Cell[]): BBox[] {
  const sorted = [...cells].sort((a, b) => a.level - b.level || a.y - b.y || a.x - b.x)
  const out: BBox[] = []
  let run: { level: number; y: number; x0: number; x1: number } | null = null
  const flush = () => {
    if (!run) return
    const a = cellBBox({ level: run.level, x: run.x0, y: run.y })
    const b = cellBBox({ level: run.level, x: run.x1, y: run.y })
    out.push([a[0], a[1], b[2], b[3]])
  }
  for (const c of sorted) {
    if (run && run.level === c.level && run.y === c.y && run.x1 + 1 === c.x) run.x1 = c.x
    else {
      flush()
      run = { level: c.level, y: c.y, x0: c.x, x1: c.x }
    }
  }
  flush()
  return out
}

export class CellCoverage {
  private readonly loaded = new Set<string>()

  private static key(c: Cell) {
    return `${c.level}/${c.x}/${c.y}`
  }

  /** True when the cell or a coarser cell containing it is loaded. */
  has(c: Cell): boolean {
    for (let k = 0; c.level + k <= MAX_LEVEL; k++) {
      if (this.loaded.has(CellCoverage.key({ level: c.level + k, x: Math.floor(c.x / 2 ** k), y: Math.floor(c.y / 2 ** k) }))) return true
    }
    return false
  }

  /** The cells of the box (at the level that fits it) that are not loaded yet. */
  missing(rect: BBox): Cell[] {
    return cellsIn(rect, cellLevel(rect)).filter((c) => !this.has(c))
  }

  add(cells: Cell[]): void {
    for (const c of cells) this.loaded.add(CellCoverage.key(c))
  }

  clear(): void {
    this.loaded.clear()
  }

  get size(): number {
    return this.loaded.size
  }
}
