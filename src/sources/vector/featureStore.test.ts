import { describe, expect, it } from 'vitest'
import type { BBox } from '../../model/catalog.ts'
import type { LoadResult, VectorFeatureOut } from './fgbSource.ts'
import { FeatureStore } from './featureStore.ts'
import { cellBBox } from './cells.ts'

// A layer of points on a 500 m grid; a "load" returns those inside the requested boxes, as the FlatGeobuf
// reader does (each feature once per load, with its position in the file as id).
const points: VectorFeatureOut[] = []
for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) points.push({ type: 'Feature', id: points.length, geometry: { type: 'Point', coordinates: [400_000 + i * 500, 5_700_000 + j * 500] }, properties: { n: points.length } })
const inside = (p: VectorFeatureOut, r: BBox) => {
  const [x, y] = p.geometry.coordinates as number[]
  return x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]
}
const load = (rects: BBox[], max = Infinity): LoadResult => {
  const hit = points.filter((p) => rects.some((r) => inside(p, r)))
  return { features: hit.slice(0, max), covered: rects[0], truncated: hit.length > max }
}

describe('FeatureStore', () => {
  it('keeps features across moves and adds each feature once', () => {
    const store = new FeatureStore()
    const a: BBox = [401_000, 5_701_000, 405_000, 5_704_000]
    const p1 = store.plan(a)!
    const m1 = store.merge(p1, load(p1.rects))
    expect(m1.reset).toBe(false)
    expect(m1.added.length).toBe(store.features.size)
    const first = new Set(store.features.keys())
    // Back and forth: the area already loaded needs no load.
    expect(store.plan(a)).toBeNull()
    const b: BBox = [409_000, 5_701_000, 413_000, 5_704_000]
    const p2 = store.plan(b)!
    // Only cells that were missing are requested: none of the first load's cells again.
    const key = (c: { level: number; x: number; y: number }) => `${c.level}/${c.x}/${c.y}`
    const loaded = new Set(p1.cells.map(key))
    expect(p2.cells.some((c) => loaded.has(key(c)))).toBe(false)
    const m2 = store.merge(p2, load(p2.rects))
    // Features on a shared cell border come back but are not added again.
    expect(m2.added.every((f) => !first.has(f.id))).toBe(true)
    for (const id of first) expect(store.features.has(id)).toBe(true)
    const ids = [...first, ...m2.added.map((f) => f.id)]
    expect(new Set(ids).size).toBe(ids.length)
    expect(store.features.size).toBe(ids.length)
    expect(store.plan(a)).toBeNull()
    expect(store.plan(b)).toBeNull()
  })

  it('after loading everything, every feature is there exactly once', () => {
    const store = new FeatureStore()
    for (let x = 399_000; x < 420_000; x += 3000) {
      const plan = store.plan([x, 5_699_000, x + 4000, 5_720_000])
      if (plan) store.merge(plan, load(plan.rects))
    }
    expect(store.features.size).toBe(points.length)
    expect([...store.features.entries()].every(([id, f]) => f.properties.n === id)).toBe(true)
  })

  it('a truncated load replaces what is kept and covers nothing', () => {
    const store = new FeatureStore()
    const a: BBox = [401_000, 5_701_000, 405_000, 5_704_000]
    const p1 = store.plan(a)!
    store.merge(p1, load(p1.rects))
    const wide: BBox = [399_000, 5_699_000, 420_000, 5_720_000]
    const p2 = store.plan(wide)!
    const m = store.merge(p2, load(p2.rects, 100))
    expect(m.reset).toBe(true)
    expect(store.features.size).toBe(100)
    expect(store.plan(wide)).not.toBeNull()
    expect(store.plan(a)).not.toBeNull()
  })

  it('past maxKept features, a load starts afresh (bounded memory)', () => {
    const store = new FeatureStore(300)
    const a: BBox = [400_000, 5_700_000, 404_000, 5_704_000]
    const p1 = store.plan(a)!
    store.merge(p1, load(p1.rects))
    const kept = store.features.size
    expect(kept).toBeLessThan(300)
    const b: BBox = [410_000, 5_710_000, 416_000, 5_716_000]
    const p2 = store.plan(b)!
    const m = store.merge(p2, load(p2.rects))
    expect(m.reset).toBe(true)
    expect(store.features.size).toBe(m.added.length)
    expect(store.plan(a)).not.toBeNull()
  })

  it('keeps the worker’s label points with their features', () => {
    const store = new FeatureStore()
    const plan = store.plan([401_000, 5_701_000, 402_000, 5_702_000])!
    const r = load(plan.rects)
    r.labels = r.features.map((f) => f.geometry.coordinates as [number, number])
    const m = store.merge(plan, r)
    expect(m.added.every((f) => f.label === f.geometry.coordinates)).toBe(true)
    expect([...store.features.values()].every((f) => f.label === f.geometry.coordinates)).toBe(true)
  })
})
