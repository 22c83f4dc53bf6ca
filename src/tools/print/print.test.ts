// The print's geometry against proj4 (the UTM projection the portal uses everywhere) and against the definitions:
// UTM scale factor and convergence from finite differences of the projection, the frame's grid size on paper,
// the zoom from MapLibre's 512-pixel world, tiles covering the image exactly once.
import { describe, expect, it } from 'vitest'
import { Projections } from '../../projection/registry.ts'
import { pageLayout, pageSize, parseScale, printFileName, scaleBar } from './page.ts'
import { gridConvergence, mercatorScale, mercLat, mercY, printFrame, printTiles, radii, utmScaleFactor } from './scale.ts'

const toUtm = new Projections().forward('EPSG:4326', 'EPSG:25832')
const SOEST: [number, number] = [8.1059, 51.5711]
const RAD = Math.PI / 180

describe('UTM scale factor and meridian convergence', () => {
  for (const [lon, lat] of [SOEST, [6.0, 50.3], [9.0, 52.0], [11.9, 54.5]] as [number, number][]) {
    it(`match proj4's UTM32 at ${lon}, ${lat}`, () => {
      const d = 1e-5
      const { M, N } = radii(lat)
      const p = toUtm([lon, lat])
      const east = toUtm([lon + d, lat])
      const north = toUtm([lon, lat + d])
      // Grid distance of a small step east / ellipsoid distance of that step.
      const kEast = Math.hypot(east[0] - p[0], east[1] - p[1]) / (N * Math.cos(lat * RAD) * d * RAD)
      const kNorth = Math.hypot(north[0] - p[0], north[1] - p[1]) / (M * d * RAD)
      expect(Math.abs(utmScaleFactor(lon, lat) - kEast)).toBeLessThan(2e-7)
      expect(Math.abs(utmScaleFactor(lon, lat) - kNorth)).toBeLessThan(2e-7)
      // The meridian's direction on the grid: true north is γ counter-clockwise … i.e. grid north is γ clockwise.
      const meridianAzimuth = Math.atan2(north[0] - p[0], north[1] - p[1]) / RAD
      expect(Math.abs(gridConvergence(lon, lat) + meridianAzimuth)).toBeLessThan(1e-5)
    })
  }

  it('gives Soest about −350 ppm and −0.70°: grid north lies west of true north', () => {
    expect((utmScaleFactor(...SOEST) - 1) * 1e6).toBeCloseTo(-353, 0)
    expect(gridConvergence(...SOEST)).toBeCloseTo(-0.7, 2)
  })
})

describe('print frame', () => {
  it('puts exactly scale × paper of UTM grid distance into the image, east–west and north–south', () => {
    const f = printFrame({ centre: SOEST, scale: 1000, dpi: 300, mapMm: { w: 190, h: 250 } })
    const [nw, ne, , sw] = f.corners.map(toUtm)
    // Along the frame's middle lines (the corners' sides are 0.7° off the grid, their length is the same).
    const mid = (a: number[], b: number[]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
    const west = toUtm([f.corners[0][0], SOEST[1]])
    const eastP = toUtm([f.corners[1][0], SOEST[1]])
    expect(Math.hypot(eastP[0] - west[0], eastP[1] - west[1])).toBeCloseTo(190, 2)
    const top = toUtm([SOEST[0], f.corners[0][1]])
    const bottom = toUtm([SOEST[0], f.corners[3][1]])
    expect(Math.hypot(top[0] - bottom[0], top[1] - bottom[1])).toBeCloseTo(f.mapMm.h, 2)
    expect(Math.abs(f.mapMm.h - 250)).toBeLessThan((25.4 / 300) * f.pixelRatio)
    expect(Math.hypot(ne[0] - nw[0], ne[1] - nw[1])).toBeCloseTo(190, 1)
    expect(Math.hypot(sw[0] - nw[0], sw[1] - nw[1])).toBeCloseTo(f.mapMm.h, 1)
    expect(mid(nw, ne)[1]).toBeGreaterThan(mid(sw, sw)[1])
    // Pixels: 300 dpi at pixel ratio 3, whole CSS pixels.
    expect(f.pixelRatio).toBe(3)
    expect(f.px.w).toBe(f.css.w * 3)
    expect(Math.abs(f.px.w - (190 / 25.4) * 300)).toBeLessThanOrEqual(3)
    // The zoom: MapLibre's CSS pixel is 2πa / (512 · 2^z) Mercator metres.
    expect((2 * Math.PI * 6378137) / (512 * 2 ** f.zoom)).toBeCloseTo(f.mercPerPx * 3, 9)
    // Web Mercator stretches north–south 0.26 % more than east–west at Soest.
    const ms = mercatorScale(SOEST[1])
    expect(ms.north / ms.east).toBeCloseTo(1.0026, 4)
    expect(mercLat(mercY(51.5711))).toBeCloseTo(51.5711, 12)
  })

  it('covers the image with tiles within the canvas limit, each pixel once', () => {
    const f = printFrame({ centre: SOEST, scale: 5000, dpi: 300, mapMm: { w: 400, h: 250 } })
    const { tileCss, tiles } = printTiles(f, 4096)
    expect(tileCss.w * f.pixelRatio).toBeLessThanOrEqual(4096)
    expect(tiles.length).toBeGreaterThan(1)
    expect(tiles.reduce((s, t) => s + t.w * t.h, 0)).toBe(f.css.w * f.css.h)
    // The first tile's centre is half a tile from the frame's north-west corner.
    const nw = toUtm(f.corners[0])
    const c = toUtm(tiles[0].centre)
    const half = ((tileCss.w / 2) * f.pixelRatio * f.mercPerPx) / mercatorScale(SOEST[1]).east * f.k
    expect(c[0] - nw[0]).toBeGreaterThan(half * 0.99)
    expect(c[0] - nw[0]).toBeLessThan(half * 1.02)
    // One tile when it fits.
    expect(printTiles(printFrame({ centre: SOEST, scale: 1000, dpi: 150, mapMm: { w: 190, h: 200 } }), 4096).tiles).toHaveLength(1)
  })
})

describe('page', () => {
  it('has the ISO sizes, turned for landscape, and a map box inside the margins', () => {
    expect(pageSize('A4', 'portrait')).toEqual({ w: 210, h: 297 })
    expect(pageSize('A3', 'landscape')).toEqual({ w: 420, h: 297 })
    expect(pageSize('A0', 'portrait')).toEqual({ w: 841, h: 1189 })
    const l = pageLayout('A4', 'landscape')
    expect(l.map.x).toBe(10)
    expect(l.map.w).toBe(277)
    expect(l.map.y + l.map.h).toBeLessThan(l.footer.y)
    expect(l.footer.y + l.footer.h).toBe(200)
  })

  it('reads scales as typed', () => {
    expect(parseScale('1:5000')).toEqual({ scale: 5000 })
    expect(parseScale('1 : 5.000')).toEqual({ scale: 5000 })
    expect(parseScale('2,500')).toEqual({ scale: 2500 })
    expect(parseScale('12 500')).toEqual({ scale: 12500 })
    expect(parseScale('1:100')).toEqual({ error: 'range' })
    expect(parseScale('1:60000')).toEqual({ error: 'range' })
    expect(parseScale('1:5.5')).toEqual({ error: 'format' })
    expect(parseScale('abc')).toEqual({ error: 'format' })
  })

  it('picks round scale bars', () => {
    expect(scaleBar(1000)).toEqual({ metres: 50, mm: 50, steps: [0, 10, 20, 30, 40, 50], unit: 'm' })
    expect(scaleBar(5000)).toMatchObject({ metres: 200, mm: 40, unit: 'm' })
    expect(scaleBar(5000).steps).toHaveLength(5)
    expect(scaleBar(25000)).toMatchObject({ metres: 1000, mm: 40, unit: 'km' })
    expect(scaleBar(50000)).toMatchObject({ metres: 2000, mm: 40, unit: 'km' })
  })

  it('names files without umlauts or spaces', () => {
    expect(printFileName({ title: 'Bebauungsplan Nr. 12 „Südlich Grünweg“', scale: 1000, paper: 'A4', orientation: 'landscape', date: '2026-12-07', ext: 'pdf' })).toBe(
      'geoportal-soest_bebauungsplan-nr-12-suedlich-gruenweg_1-1000_A4-quer_2026-12-07.pdf',
    )
    expect(printFileName({ title: '', scale: 500, paper: 'A3', orientation: 'portrait', date: '2026-12-07', ext: 'png' })).toBe('geoportal-soest_karte_2026-12-07.png')
  })
})
