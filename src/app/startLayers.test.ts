import { describe, expect, it } from 'vitest'
import { syntheticCatalog } from '../../bench/_synthetic-catalog.ts'
import { defaultLayerOrder, parseCatalog, type Catalog } from '../model/catalog.ts'
import { readFileSync } from 'node:fs'
import { MAX_START_LAYERS, startLayers } from './startLayers.ts'
import { DEMO_START } from '../../scripts/make-demo.ts'

const marked = parseCatalog(JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8'))).catalog
/** The demo as catalogs published before `geoportal start` are: no marks. */
const demo: Catalog = { ...marked, layers: marked.layers.map(({ visible: _, ...l }) => l) }

describe('start layers (no layers in the share link)', () => {
  it('opens the demo with the layers marked by geoportal start (scripts/make-demo.ts), bottom to top', () => {
    expect(startLayers(marked)).toEqual(DEMO_START)
  })

  it('opens a catalog that marks none with all its layers, as before', () => {
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

  it('starts an external service layer only when it is marked: the first view asks no other origin unasked', () => {
    const wms = {
      id: 'alkis', title: 'ALKIS', kind: 'service', service: 'wms', url: 'https://www.wms.nrw.de/geobasis/wms_nw_alkis', layers: 'adv_alkis_flurstuecke',
      format: 'image/png', version: '1.3.0', metaHref: 'layers/alkis/v1/layer.json', bbox: [280000, 5560000, 540000, 5830000], bbox4326: [5.8, 50.3, 9.5, 52.6], access: 'public',
    }
    const c = parseCatalog({ ...demo, layers: [wms, ...demo.layers] }).catalog
    expect(parseCatalog({ layers: [wms] }).rejected).toEqual([])
    expect(startLayers(c)).toEqual(defaultLayerOrder(demo))
    const marked = parseCatalog({ ...demo, layers: [{ ...wms, visible: true }, ...demo.layers] }).catalog
    expect(startLayers(marked)).toEqual(['alkis'])
  })

  it('ignores marks that are not exactly true', () => {
    const c = { ...demo, layers: demo.layers.map((l) => ({ ...l, visible: 'yes' as unknown as boolean })) }
    expect(startLayers(c)).toEqual(defaultLayerOrder(c))
  })
})
