// Raster entries in catalog.json: single-band catalogs written before style kinds existed stay valid; RGB and
// palette entries are checked enough that the tile service can trust them.
import { describe, expect, it } from 'vitest'
import { parseCatalog } from './catalog.ts'

const base = { id: 'r', title: 'R', kind: 'raster', href: 'layers/r/1/r.tif', metaHref: 'layers/r/1/layer.json', bbox: [0, 0, 1, 1], bbox4326: [0, 0, 1, 1], width: 1, height: 1, noData: null, min: 0, max: 1 }
const ramp = [[0, '#000000'], [1, '#ffffff']]
const reason = (l: Record<string, unknown>) => parseCatalog({ layers: [{ ...base, ...l }] }).rejected[0]?.reason ?? null

describe('raster catalog entries', () => {
  it('accepts single-band entries without a style kind (catalogs from before RGB support)', () => {
    expect(reason({ bands: 1, style: { ramp } })).toBeNull()
    expect(reason({ style: { ramp, hillshade: true } })).toBeNull()
  })

  it('accepts RGB with 3 or 4 bands and palettes with entries', () => {
    expect(reason({ bands: 3, style: { kind: 'rgb', ramp } })).toBeNull()
    expect(reason({ bands: 4, style: { kind: 'rgb', ramp, opacity: 0.7 } })).toBeNull()
    expect(reason({ bands: 1, style: { kind: 'palette', ramp, palette: [[1, '#ff0000', 'Wald'], [7, '#00ff00']] } })).toBeNull()
  })

  it('rejects entries the portal could not draw, with a reason', () => {
    expect(reason({ bands: 1, style: { kind: 'rgb', ramp } })).toMatch(/RGB style needs 3 or 4 bands/)
    expect(reason({ bands: 3, style: { kind: 'hsv', ramp } })).toMatch(/unknown raster style kind/)
    expect(reason({ bands: 1, style: { kind: 'palette', ramp } })).toMatch(/palette style needs entries/)
    expect(reason({ bands: 1, style: { kind: 'palette', ramp, palette: [[1, 'red']] } })).toMatch(/palette style needs entries/)
    expect(reason({ bands: 1.5, style: { ramp } })).toMatch(/band count/)
    expect(reason({ bands: 3, style: { kind: 'rgb' } })).toMatch(/needs a ramp/)
  })

  it('accepts a finite, non-zero scale and a finite offset only', () => {
    expect(reason({ bands: 1, scale: 0.1, offset: -5, style: { ramp } })).toBeNull()
    expect(reason({ bands: 1, scale: 0, style: { ramp } })).toMatch(/invalid scale/)
    expect(reason({ bands: 1, scale: '0.1', style: { ramp } })).toMatch(/invalid scale/)
    expect(reason({ bands: 1, offset: null, style: { ramp } })).toMatch(/invalid offset/)
  })
})
