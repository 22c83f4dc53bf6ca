// Decompression bombs for every codec (bombs.ts), each in a fresh child process through the publisher and the
// portal's reader: refused with one message naming the file and the tile, with bounded memory (the process's
// peak resident set, not time). Before the bounded decoders the LZW bomb ended Node with a fatal V8 error
// (exit 133), PackBits and ZSTD ran past 2 GB, the LERC and JPEG headers asked for gigabytes.
import { describe, expect, it } from 'vitest'
import { codecBombs } from './bombs.ts'
import { decodeInChildren, seedsUnavailable } from './codecs.ts'

const skip = seedsUnavailable()
if (skip) console.warn(`codec bomb test skipped: ${skip}`)

describe.skipIf(!!skip)('decompression bombs in every GeoTIFF codec', () => {
  it('are refused in the publisher and the portal with bounded memory', async () => {
    const bombs = await codecBombs()
    const results = await decodeInChildren(
      bombs.map((b) => ({ name: 'bomb', bytes: b.bytes, what: b.name })),
      // The memory limit kills a child long before a bomb could take the machine down; the assertion below is stricter.
      { timeoutMs: 60_000, memoryLimitMb: 1500, workers: 1, fresh: true },
    )
    expect(results.map((r) => r.file.what).sort()).toEqual(bombs.map((b) => b.name).sort())
    for (const r of results) {
      const name = r.file.what
      console.log(`${name}: peak ${r.maxRssMb} MB; publisher: ${r.publisher?.message}; portal: ${r.portal?.message}`)
      expect(r.failure, name).toBeUndefined()
      expect(r.maxRssMb, name).toBeLessThan(500)
      expect(r.unhandled, name).toEqual([])
      for (const [target, o] of [['publisher', r.publisher], ['portal', r.portal]] as const) {
        expect(o?.ok, `${name} ${target}`).toBe(false)
        expect(o?.clean, `${name} ${target}: ${o?.message}`).toBe(true)
        expect(o?.message?.split('\n')).toHaveLength(1)
      }
      // The publisher does not read WebP at all (it says so); every other bomb is refused at its tile.
      const refusals = name.startsWith('WebP') ? [r.portal!.message!] : [r.publisher!.message!, r.portal!.message!]
      for (const m of refusals) expect(m, name).toMatch(/^case\d+\.tif:? is refused: tile 0 \(column 0, row 0\): .*(more than the 4194304 bytes its block of 1024 × 1024 pixels can hold|decodes to more than the 4194304 bytes)/)
    }
  }, 300_000)
})
