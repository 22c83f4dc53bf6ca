import { describe, expect, it } from 'vitest'
import type { RasterLayerEntry } from '../model/catalog.ts'
import { legendItems, MAX_PALETTE_ITEMS } from './legend.ts'
import { formatRasterValues } from './rasterValue.ts'

const entry = (style: RasterLayerEntry['style'], unit?: string) => ({ id: 'r', title: 'R', kind: 'raster', unit, style }) as RasterLayerEntry
const ramp: [number, string][] = [[0, '#000000'], [255, '#ffffff']]

describe('raster readout text', () => {
  it('shows a value with its unit, every band of an RGB(A) image, and a palette index with its label', () => {
    expect(formatRasterValues(entry({ ramp }, 'm'), [101.256])).toBe('101.26 m')
    expect(formatRasterValues(entry({ kind: 'rgb', ramp }), [12, 34, 56])).toBe('R 12 · G 34 · B 56')
    expect(formatRasterValues(entry({ kind: 'rgb', ramp }), [12, 34, 56, 255])).toBe('R 12 · G 34 · B 56 · A 255')
    const palette = { kind: 'palette' as const, ramp, palette: [[3, '#00ff00', 'Wald'], [4, '#0000ff']] as [number, string, string?][] }
    expect(formatRasterValues(entry(palette), [3])).toBe('Wald (3)')
    expect(formatRasterValues(entry(palette), [4])).toBe('4')
  })
})

describe('raster legend', () => {
  it('has no swatches for a photo, the labelled classes of a palette, and a cut-off list for a 256-colour palette', () => {
    expect(legendItems(entry({ kind: 'rgb', ramp }))).toEqual([])
    const labelled = entry({ kind: 'palette', ramp, palette: [[1, '#ff0000', 'Acker'], [2, '#00ff00'], [3, '#0000ff', 'Wasser']] })
    expect(legendItems(labelled)).toEqual([{ color: '#ff0000', label: 'Acker' }, { color: '#0000ff', label: 'Wasser' }])
    const photo = entry({ kind: 'palette', ramp, palette: Array.from({ length: 200 }, (_, i) => [i, '#123456'] as [number, string]) })
    const items = legendItems(photo)
    expect(items).toHaveLength(MAX_PALETTE_ITEMS + 1)
    expect(items[MAX_PALETTE_ITEMS].label).toBe(`… (+${200 - MAX_PALETTE_ITEMS})`)
    expect(legendItems(entry({ ramp }, 'm')).map((i) => i.label)).toEqual(['0 m', '255 m'])
  })
})
