import { describe, expect, it } from 'vitest'
import { Projections, WORK_CRS } from '../../../projection/registry.ts'
import { colorize } from './colorize.ts'
import { coveringWindow, crop, inverseMap, sample, tileToMercator, type LevelGrid, type TileId } from './warp.ts'

const projections = new Projections()
const mercToWork = projections.forward('EPSG:3857', WORK_CRS)
const level: LevelGrid = { originX: 430000, originY: 5721000, resolution: 25, width: 640, height: 560 }

/** Tile containing lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number): TileId {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { z, x, y }
}

describe('inverse mapping with a control grid', () => {
  // The bound that matters: interpolated positions vs exact per-pixel transforms, in source pixels.
  for (const z of [8, 11, 14, 17]) {
    it(`is within 0.05 source pixel of the exact transform at zoom ${z}`, () => {
      const t = tileAt(8.1059, 51.5711, z)
      const lvl = { ...level, resolution: Math.max(0.1, 156543.03 / 2 ** z / 1.6) }
      const map = inverseMap(t, 256, mercToWork, lvl)
      let maxErr = 0
      for (let py = 0; py < 256; py += 3) {
        for (let px = 0; px < 256; px += 3) {
          const [e, n] = mercToWork(tileToMercator(t, 256, px + 0.5, py + 0.5))
          const sx = (e - lvl.originX) / lvl.resolution
          const sy = (lvl.originY - n) / lvl.resolution
          const k = (py * 256 + px) * 2
          maxErr = Math.max(maxErr, Math.hypot(map[k] - sx, map[k + 1] - sy))
        }
      }
      expect(maxErr).toBeLessThan(0.05)
    })
  }
})

describe('sample', () => {
  const data = new Float32Array(level.width * level.height).map((_, i) => i % level.width)
  const win = { x0: 0, y0: 0, width: level.width, height: level.height, data }

  it('bilinear reproduces a linear ramp between pixel centres', () => {
    const map = new Float64Array([10.5, 3.5, 10.75, 3.5, 11.0, 7.25])
    const v = sample(map, win, level, null, 'bilinear')
    expect(Array.from(v)).toEqual([10, 10.25, 10.5])
  })

  it('is transparent outside the raster and at nodata', () => {
    const withNoData = Float32Array.from(data)
    withNoData[5] = -1
    const map = new Float64Array([-1, 0, 5.5, 0.5, 700, 3])
    const v = sample(map, { ...win, data: withNoData }, level, -1, 'nearest')
    expect(Number.isNaN(v[0]) && Number.isNaN(v[1]) && Number.isNaN(v[2])).toBe(true)
  })

  it('covering window holds every mapped pixel', () => {
    const t = tileAt(8.1059, 51.5711, 13)
    const map = inverseMap(t, 256, mercToWork, level)
    const w = coveringWindow(map, level)!
    let outside = 0
    for (let i = 0; i < map.length; i += 2) {
      const [x, y] = [map[i], map[i + 1]]
      if (x < 0 || x >= level.width || y < 0 || y >= level.height) continue
      if (x < w[0] || x >= w[2] || y < w[1] || y >= w[3]) outside++
    }
    expect(outside).toBe(0)
  })
})

describe('colorize', () => {
  it('maps ramp ends to their colours and NaN to transparent', () => {
    const rgba = colorize(new Float32Array([0, 100, NaN]), [[0, '#000000'], [100, '#ff8000']])
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 255, 128, 0, 255, 0, 0, 0, 0])
  })
})

describe('inverse mapping with a border', () => {
  it('matches the plain mapping inside and extends it by one pixel around', () => {
    const t = tileAt(8.1059, 51.5711, 13)
    const plain = inverseMap(t, 256, mercToWork, level)
    const bordered = inverseMap(t, 256, mercToWork, level, 16, 1)
    expect(bordered.length).toBe(258 * 258 * 2)
    for (const [x, y] of [[0, 0], [100, 37], [255, 255]]) {
      const a = (y * 256 + x) * 2
      const b = ((y + 1) * 258 + x + 1) * 2
      expect(bordered[b]).toBeCloseTo(plain[a], 9)
      expect(bordered[b + 1]).toBeCloseTo(plain[a + 1], 9)
    }
    // One pixel left of the tile is one tile pixel's step away from the first column.
    const step = plain[2] - plain[0]
    expect(bordered[(1 * 258 + 0) * 2]).toBeCloseTo(plain[0] - step, 6)
    const values = Float32Array.from({ length: 258 * 258 }, (_, i) => i)
    expect(crop(values, 256, 1)[0]).toBe(259)
  })
})
