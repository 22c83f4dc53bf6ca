import { describe, expect, it } from 'vitest'
import type { LayerEntry } from '../model/catalog.ts'
import { contrastRatio, deltaE, DEFAULT_PALETTE, layerColours, pickDefaultColour, VISIONS } from './palette.ts'

const vector = (id: string, color: string, extra: Record<string, unknown> = {}) =>
  ({ id, kind: 'vector', geometryType: 'Polygon', style: { color, ...extra } }) as unknown as LayerEntry

/** Publishes n unstyled layers one after another, as the publisher does. */
function publishAll(n: number, start: LayerEntry[] = []): LayerEntry[] {
  const layers = [...start]
  for (let i = 0; i < n; i++) layers.push(vector(`l${i}`, pickDefaultColour(layers, `l${i}`)))
  return layers
}

describe('default palette', () => {
  it('is told apart in normal vision and with each dichromacy (ΔE76 > 15 for every pair)', () => {
    for (const a of DEFAULT_PALETTE) for (const b of DEFAULT_PALETTE) if (a !== b) for (const v of VISIONS) expect(deltaE(a, b, v), `${a} ${b} ${v}`).toBeGreaterThan(15)
  })

  it('has at least 3:1 contrast to white (roads, point halos) and differs from the highlight magenta in normal vision', () => {
    // With a dichromacy the rose comes within ΔE 8.5 of it; the highlight differs by its white halo and dark ring too.
    for (const c of DEFAULT_PALETTE) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(3)
    for (const c of DEFAULT_PALETTE) expect(deltaE(c, '#e6007e'), c).toBeGreaterThan(20)
  })

  it('the simulation is sane: red and green merge for a deuteranope, not for normal vision', () => {
    expect(deltaE('#ff0000', '#ff0000')).toBe(0)
    expect(deltaE('#cc3311', '#997700', 'normal')).toBeGreaterThan(30)
    expect(deltaE('#cc3311', '#997700', 'deuteranopia')).toBeLessThan(5)
    expect(deltaE('#cc3311', 'red')).toBeNaN()
  })
})

describe('pickDefaultColour', () => {
  it('gives N unstyled layers N different colours, up to the palette size, in palette order', () => {
    const layers = publishAll(DEFAULT_PALETTE.length)
    const colours = layers.map((l) => layerColours(l)[0])
    expect(colours).toEqual([...DEFAULT_PALETTE])
  })

  it('is deterministic and stable: adding a layer never changes the colours before it', () => {
    const a = publishAll(12)
    const b = publishAll(12)
    expect(a).toEqual(b)
    expect(publishAll(13).slice(0, 12)).toEqual(a)
  })

  it('beyond the palette, reuses the colour farthest from the rest — never the one just used', () => {
    const layers = publishAll(DEFAULT_PALETTE.length + 3)
    for (let i = 1; i < layers.length; i++) expect(layerColours(layers[i])[0]).not.toBe(layerColours(layers[i - 1])[0])
  })

  it('keeps away from the colours of styled layers (categories and classes too)', () => {
    const styled = [
      vector('radwege', '#D55E00'),
      vector('bezirke', '#bdbdbd', { strokeColor: '#332288', classes: { attribute: 'x', breaks: [0, 1], colors: ['#6699CC'] } }),
      vector('baeume', '#009E73', { categories: { attribute: 'art', values: [{ value: 'Linde', color: '#882255' }] } }),
    ]
    const c = pickDefaultColour(styled, 'neu')
    expect(['#D55E00', '#332288', '#6699CC', '#882255']).not.toContain(c)
    expect(DEFAULT_PALETTE).toContain(c)
    // A point layer's white stroke is a halo, not a colour of the layer.
    const points = { ...vector('p', '#117733', { strokeColor: '#ffffff' }), geometryType: 'Point' } as LayerEntry
    expect(layerColours(points)).toEqual(['#117733'])
  })

  it('ignores the layer itself and rasters', () => {
    const raster = { id: 'dgm', kind: 'raster', style: { ramp: [[0, '#D55E00']] } } as unknown as LayerEntry
    expect(pickDefaultColour([raster, vector('self', '#D55E00')], 'self')).toBe(DEFAULT_PALETTE[0])
  })
})
