import { describe, expect, it } from 'vitest'
import { syntheticCatalog } from '../../bench/_synthetic-catalog.ts'
import { defaultLayerOrder, parseCatalog, type Catalog } from '../model/catalog.ts'
import { readFileSync } from 'node:fs'
import { MAX_START_LAYERS, startLayers } from './startLayers.ts'

const demo = parseCatalog(JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8'))).catalog

describe('start layers (no layers in the share link)', () => {
  it('opens the demo catalog, which marks none, with all its layers as before', () => {
    expect(demo.layers.some((l) => l.visible !== undefined)).toBe(false)
    expect(startLayers(demo)).toEqual(defaultLayerOrder(demo))
  })

  it('opens with exactly the marked layers, in draw order', () => {
    const c: Catalog = { ...demo, layers: demo.layers.map((l) => (l.id === 'demo-baeume' || l.id === 'demo-gelaende' ? { ...l, visible: true } : l)) }
    // Rasters below vectors, whatever the catalog order.
    expect(startLayers(c)).toEqual(['demo-gelaende', 'demo-baeume'])
  })

  it(`opens a catalog of 10,000 unmarked layers with none, and one with 10,000 marked with ${MAX_START_LAYERS}`, () => {
    const big = syntheticCatalog(10_000, 3)
    expect(startLayers(big)).toEqual([])
    const allMarked = { ...big, layers: big.layers.map((l) => ({ ...l, visible: true })) }
    expect(startLayers(allMarked)).toEqual(defaultLayerOrder(allMarked).slice(0, MAX_START_LAYERS))
    expect(startLayers({ ...big, layers: big.layers.slice(0, MAX_START_LAYERS) })).toHaveLength(MAX_START_LAYERS)
    expect(startLayers({ ...big, layers: big.layers.slice(0, MAX_START_LAYERS + 1) })).toEqual([])
  })

  it('ignores marks that are not exactly true', () => {
    const c = { ...demo, layers: demo.layers.map((l) => ({ ...l, visible: 'yes' as unknown as boolean })) }
    expect(startLayers(c)).toEqual(defaultLayerOrder(c))
  })
})
