import { describe, expect, it } from 'vitest'
import type { BBox } from '../../model/catalog.ts'
import { CellCoverage, cellBBox, cellLevel, cellRects, cellsIn } from './cells.ts'

describe('cells', () => {
  it('picks cells at least half as wide as the box, so a view spans 2–3 cells', () => {
    for (const width of [300, 1500, 7000, 40_000, 260_000]) {
      const rect: BBox = [400_000, 5_700_000, 400_000 + width, 5_700_000 + width * 0.6]
      const cells = cellsIn(rect, cellLevel(rect))
      const across = new Set(cells.map((c) => c.x)).size
      expect(across, `width ${width}`).toBeGreaterThanOrEqual(1)
      expect(across, `width ${width}`).toBeLessThanOrEqual(3)
      const w = cellBBox(cells[0])[2] - cellBBox(cells[0])[0]
      if (width > 2000) expect(w).toBeGreaterThanOrEqual(width / 2)
    }
  })

  it('covers the box with its cells', () => {
    const rect: BBox = [412_345, 5_701_234, 431_000, 5_713_000]
    const cells = cellsIn(rect, cellLevel(rect))
    const u = cells.map(cellBBox).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])])
    expect(u[0]).toBeLessThanOrEqual(rect[0])
    expect(u[1]).toBeLessThanOrEqual(rect[1])
    expect(u[2]).toBeGreaterThanOrEqual(rect[2])
    expect(u[3]).toBeGreaterThanOrEqual(rect[3])
  })

  it('merges neighbouring cells of a row into one box', () => {
    const rects = cellRects([
      { level: 0, x: 3, y: 7 },
      { level: 0, x: 1, y: 7 },
      { level: 0, x: 2, y: 7 },
      { level: 0, x: 5, y: 7 },
      { level: 0, x: 2, y: 8 },
    ])
    expect(rects).toEqual([
      [1000, 7000, 4000, 8000],
      [5000, 7000, 6000, 8000],
      [2000, 8000, 3000, 9000],
    ])
  })

  it('counts a cell as loaded when a coarser cell containing it is', () => {
    const cov = new CellCoverage()
    cov.add([{ level: 4, x: 25, y: 356 }])
    expect(cov.has({ level: 4, x: 25, y: 356 })).toBe(true)
    expect(cov.has({ level: 2, x: 100, y: 1424 })).toBe(true)
    expect(cov.has({ level: 2, x: 104, y: 1424 })).toBe(false)
    // Finer cells do not cover a coarser one.
    expect(cov.has({ level: 5, x: 12, y: 178 })).toBe(false)
  })

  it('lists only the cells a moved view adds', () => {
    const cov = new CellCoverage()
    const view: BBox = [410_000, 5_700_000, 420_000, 5_706_000]
    cov.add(cov.missing(view))
    expect(cov.missing(view)).toEqual([])
    // A small move inside the loaded cells costs nothing; a move east adds only the eastern column.
    expect(cov.missing([411_000, 5_700_500, 421_000, 5_706_500])).toEqual([])
    const moved = cov.missing([418_000, 5_700_000, 428_000, 5_706_000])
    expect(moved.length).toBeGreaterThan(0)
    for (const c of moved) expect(cellBBox(c)[0]).toBeGreaterThanOrEqual(420_000)
  })
})
