import { describe, expect, it } from 'vitest'
import type { VectorLayerEntry } from '../model/catalog.ts'
import { CLUSTER_MIN_FEATURES, clusterCount, clusterLayerId, clusterSourceOptions, countTextColor, isClustered } from './cluster.ts'
import { interactiveLayerIds, styleLayers } from './style.ts'

const entry = (geometryType: string, featureCount: number, label?: string): VectorLayerEntry =>
  ({ id: 'schulen', title: 'Schulen', kind: 'vector', geometryType, featureCount, bbox: [0, 0, 1, 1], bbox4326: [0, 0, 1, 1], href: 'x.fgb', bytes: 1, style: { color: '#0072B2', ...(label ? { label } : {}) } }) as unknown as VectorLayerEntry

describe('clustering dense point layers', () => {
  it('clusters point layers above the threshold only', () => {
    expect(isClustered(entry('Point', CLUSTER_MIN_FEATURES + 1))).toBe(true)
    expect(isClustered(entry('Point', CLUSTER_MIN_FEATURES))).toBe(false)
    expect(isClustered(entry('Polygon', 100_000))).toBe(false)
    expect(clusterSourceOptions(entry('Point', 5507))).toMatchObject({ cluster: true })
    expect(clusterSourceOptions(entry('Point', 10))).toEqual({})
  })

  it('draws clusters with counts; single points and labels only where there is no cluster', () => {
    const layers = styleLayers(entry('Point', 5507, 'name'), 'src-schulen') as { id: string; type: string; filter?: unknown }[]
    expect(layers.map((l) => l.id)).toEqual(['lyr-schulen-point', clusterLayerId('schulen'), `${clusterLayerId('schulen')}-count`, 'lyr-schulen-label'])
    expect(JSON.stringify(layers[0].filter)).toContain('point_count')
    expect(JSON.stringify(layers[3].filter)).toContain('point_count')
    // The cluster circle answers clicks (zoom in, identify tells the count); its count text does not.
    expect(interactiveLayerIds(entry('Point', 5507))).toEqual(['lyr-schulen-point', clusterLayerId('schulen')])
    // Below the threshold: as before.
    expect(styleLayers(entry('Point', 20), 'src').map((l) => l.id)).toEqual(['lyr-schulen-point'])
  })

  it('reads a cluster’s count from its rendered feature', () => {
    expect(clusterCount({ properties: { cluster: true, cluster_id: 12, point_count: 37 } })).toBe(37)
    expect(clusterCount({ properties: { Schulnummer: '100001' } })).toBeNull()
  })

  it('writes counts in the colour that contrasts more with the circle', () => {
    expect(countTextColor('#0072B2')).toBe('#ffffff')
    expect(countTextColor('#E69F00')).toBe('#1a1a1a')
    expect(countTextColor('#000000')).toBe('#ffffff')
    expect(countTextColor('#F0E442')).toBe('#1a1a1a')
  })
})
