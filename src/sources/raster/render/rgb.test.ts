import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../../scripts/random.ts'
import { colorizePalette, sampleRgb } from './rgb.ts'
import { sample, type LevelGrid } from './warp.ts'

const level: LevelGrid = { originX: 0, originY: 0, resolution: 1, width: 40, height: 30 }

/** A window over the whole level: `spp` interleaved random samples per pixel, and the same as separate bands. */
function randomWindow(spp: number, seed: number) {
  const rand = mulberry32(seed)
  const n = level.width * level.height
  const data = new Uint8Array(n * spp)
  for (let i = 0; i < data.length; i++) data[i] = 1 + Math.floor(rand() * 254)
  const bands = Array.from({ length: spp }, (_, c) => Uint8Array.from({ length: n }, (_, k) => data[k * spp + c]))
  return { data, bands, win: { x0: 0, y0: 0, width: level.width, height: level.height, data, samples: spp } }
}

function randomMap(count: number, seed: number) {
  const rand = mulberry32(seed)
  const map = new Float64Array(count * 2)
  // Some positions fall outside the raster on purpose.
  for (let i = 0; i < count; i++) {
    map[i * 2] = rand() * (level.width + 4) - 2
    map[i * 2 + 1] = rand() * (level.height + 4) - 2
  }
  return map
}

describe('sampleRgb', () => {
  for (const method of ['bilinear', 'nearest'] as const) {
    it(`samples each channel exactly as the single-band sampler does (${method})`, () => {
      const { bands, win } = randomWindow(3, 7)
      const map = randomMap(2000, 11)
      const rgba = sampleRgb(map, win, level, null, false, method)
      const perBand = bands.map((data) => sample(map, { ...win, data }, level, null, method))
      let outside = 0
      for (let i = 0; i < 2000; i++) {
        if (Number.isNaN(perBand[0][i])) {
          outside++
          expect(rgba[i * 4 + 3], `pixel ${i} outside is transparent`).toBe(0)
          continue
        }
        for (let c = 0; c < 3; c++) expect(rgba[i * 4 + c]).toBe(Math.round(perBand[c][i]))
        expect(rgba[i * 4 + 3]).toBe(255)
      }
      expect(outside).toBeGreaterThan(50)
    })
  }

  it('makes a pixel transparent only when all colour bands are nodata, and never blends nodata into an edge', () => {
    const { data, win } = randomWindow(3, 3)
    const at = (x: number, y: number) => (y * level.width + x) * 3
    data.set([0, 0, 0], at(10, 10)) // nodata pixel
    data.set([0, 50, 0], at(20, 10)) // one band 0: still a colour
    const map = new Float64Array([10.5, 10.5, 20.5, 10.5, 11.2, 10.6])
    const rgba = sampleRgb(map, win, level, 0, false, 'bilinear')
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, 0, 0])
    expect(Array.from(rgba.slice(4, 8))).toEqual([0, 50, 0, 255])
    // Between (10,10) and (11,10): a nodata neighbour → the nearest source pixel (11,10) unchanged.
    expect(Array.from(rgba.slice(8, 11))).toEqual(Array.from(data.slice(at(11, 10), at(11, 10) + 3)))
  })

  it('takes alpha from the 4th band and interpolates it', () => {
    const { data, win } = randomWindow(4, 5)
    const at = (x: number, y: number) => (y * level.width + x) * 4 + 3
    data[at(5, 5)] = 0
    data[at(6, 6)] = 100
    data[at(7, 6)] = 200
    data[at(6, 7)] = 100
    data[at(7, 7)] = 200
    const map = new Float64Array([5.5, 5.5, 7.0, 7.0])
    const rgba = sampleRgb(map, win, level, null, true, 'bilinear')
    expect(rgba[3]).toBe(0)
    expect(rgba[7]).toBe(150)
  })
})

describe('colorizePalette', () => {
  it('colours indices by their entry; missing entries and nodata are transparent', () => {
    const rgba = colorizePalette(new Float32Array([1, 7, 3, NaN]), [[1, '#ff0000'], [7, '#00ff00', 'Wald']])
    expect(Array.from(rgba)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0])
  })
})
