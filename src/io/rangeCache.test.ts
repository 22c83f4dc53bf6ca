// CachingRangeSource against a RangeSource over memory that counts its reads.
import { describe, expect, it } from 'vitest'
import { CachingRangeSource } from './rangeCache.ts'
import type { RangeResult, RangeSource } from './source.ts'

function memory(size: number, fail = false) {
  const file = Uint8Array.from({ length: size }, (_, i) => i % 251)
  const reads: [number, number][] = []
  const source: RangeSource = {
    key: 'mem://file',
    async read(offset, length): Promise<RangeResult> {
      reads.push([offset, length])
      if (fail) throw new Error('network down')
      return { bytes: file.slice(offset, offset + length), totalSize: size }
    },
  }
  return { file, reads, source }
}

describe('CachingRangeSource', () => {
  it('answers reads inside a kept range without reading again, and others from the source', async () => {
    const m = memory(10_000)
    const c = new CachingRangeSource(m.source)
    await c.keep(0, 4096)
    expect((await c.read(100, 50)).bytes).toEqual(m.file.subarray(100, 150))
    expect((await c.read(4000, 96)).totalSize).toBe(10_000)
    expect(m.reads).toEqual([[0, 4096]])
    // Reaching past the kept range: read from the source, not kept.
    expect((await c.read(4000, 200)).bytes).toEqual(m.file.subarray(4000, 4200))
    await c.read(4000, 200)
    expect(m.reads).toEqual([[0, 4096], [4000, 200], [4000, 200]])
  })

  it('answers from a kept range that came back short at the end of the file', async () => {
    const m = memory(1000)
    const c = new CachingRangeSource(m.source)
    await c.keep(0, 65536)
    expect((await c.read(900, 500)).bytes).toEqual(m.file.subarray(900))
    expect((await c.read(2000, 10)).bytes.length).toBe(0)
    expect(m.reads).toHaveLength(1)
  })

  it('shares one kept read between reads made while it is on its way', async () => {
    const m = memory(10_000)
    const c = new CachingRangeSource(m.source)
    const kept = c.keep(0, 8192)
    const [a, b] = await Promise.all([c.read(0, 12), c.read(8000, 192), kept])
    expect([a.bytes.length, b.bytes.length]).toEqual([12, 192])
    expect(m.reads).toHaveLength(1)
  })

  it('forgets a failed read (the next one asks again) and keeps no more than its limit', async () => {
    const m = memory(10_000, true)
    const c = new CachingRangeSource(m.source)
    await expect(c.keep(0, 100)).rejects.toThrow('network down')
    await expect(c.read(0, 10)).rejects.toThrow('network down')
    expect(m.reads).toHaveLength(2)
    const small = memory(10_000)
    const limited = new CachingRangeSource(small.source, 1000)
    await limited.keep(0, 2000)
    await limited.read(0, 10)
    expect(small.reads).toHaveLength(2)
  })
})
