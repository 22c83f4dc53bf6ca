// Fuzzing every GeoTIFF codec (codecs.ts) in CI time: the bombs, then a few hundred damaged tiles and strips of
// each compression through the publisher and the portal's reader — 0 hangs, 0 crashes, no runaway memory, only
// clear errors naming the file or valid output. A long run: CODEC_FUZZ_CASES=5000 npx vitest run test/fuzz/codecs.test.ts
// (or npx tsx test/fuzz/codecs.ts --cases 5000 --seed 1).
import { describe, expect, it } from 'vitest'
import { formatCodecSummary, runCodecFuzz, seedsUnavailable } from './codecs.ts'

const skip = seedsUnavailable()
if (skip) console.warn(`codec fuzz skipped: ${skip}`)
const cases = Number(process.env.CODEC_FUZZ_CASES) || 360

describe.skipIf(!!skip)('fuzzing every GeoTIFF codec', () => {
  it(`${cases} damaged files of every compression: no hangs, no crashes, clear errors`, async () => {
    // 15 s per file: other test files run at the same time on 2 cores.
    const summary = await runCodecFuzz({ cases, seed: 20261207, timeoutMs: 15_000, memoryLimitMb: 1024 })
    console.log(formatCodecSummary(summary))
    expect(summary.cases).toBe(cases + summary.bombs)
    expect(summary.seeds).toEqual(expect.arrayContaining(['lzw-tiled', 'packbits-byte', 'deflate-strips', 'zstd-tiled', 'lerc-tiled', 'lerc-deflate', 'lerc-zstd', 'jpeg-ycbcr', 'webp-rgb', 'none-strips', 'our-cog-writer']))
    expect(summary.failures).toEqual([])
    expect(summary.unclear).toEqual([])
    expect(summary.unhandled).toEqual([])
    // Both readers answered every case, and damage was noticed as well as survived.
    for (const t of ['publisher', 'portal'] as const) {
      expect(summary.ok[t] + summary.clean[t]).toBe(summary.cases)
      expect(summary.ok[t]).toBeGreaterThan(0)
      expect(summary.clean[t]).toBeGreaterThan(summary.cases / 4)
    }
  }, 600_000)
})
