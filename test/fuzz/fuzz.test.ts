// A few hundred fuzz cases with a fixed seed in CI time: every damaged file ends within the limit, either read
// or refused with a clear error naming it; no hang, no crash, no runaway memory. The hand-made cases
// (crafted.ts) run first: they are the bugs found by the fuzzer, kept fixed.
// Long runs: FUZZ_CASES=5000 (cases per test) and FUZZ_SEED=<n> (another seed) with `npx vitest run test/fuzz/fuzz.test.ts`,
// or the script itself (`npx tsx test/fuzz/fuzz.ts --help` in its header).
import { describe, expect, it } from 'vitest'
import { formatSummary, runFuzz } from './fuzz.ts'

const CASES = Number(process.env.FUZZ_CASES ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20261126)
// Generous per case: other test files run at the same time on 2 cores.
const testTimeout = Math.max(300_000, CASES * 2_000)

describe('fuzzing the readers', () => {
  it(`${CASES} damaged FlatGeobuf and GeoTIFF files: no hangs, no crashes, clear errors`, async () => {
    // 10 s per reader rather than the script's 5 s.
    const summary = await runFuzz({ cases: CASES, seed: SEED, timeoutMs: 10_000, log: () => {} })
    console.log(formatSummary(summary))
    expect(summary.cases).toBe(CASES + summary.crafted)
    expect(summary.crafted).toBeGreaterThanOrEqual(6)
    expect(summary.failures).toEqual([])
    expect({ hangs: summary.hangs, crashes: summary.crashes, memory: summary.memory, timeouts: summary.timeouts }).toEqual({ hangs: 0, crashes: 0, memory: 0, timeouts: 0 })
    expect(summary.unclear).toEqual([])
    // Both sides really ran, and damage was noticed.
    expect(summary.byTarget.publisher.ok + summary.byTarget.publisher.clean).toBe(summary.cases)
    expect(summary.byTarget.portal.ok + summary.byTarget.portal.clean).toBe(summary.cases)
    expect(summary.cleanErrors).toBeGreaterThan(summary.cases / 2)
    for (const c of summary.craftedResults) expect(c.outcome, c.name).toMatch(/^(ok|clean)$/)
  }, testTimeout)

  it(`${CASES} damaged GeoJSON, CSV, Shapefile and GeoPackage files through the publisher: only one-line InputErrors naming the file`, async () => {
    const summary = await runFuzz({ cases: CASES, seed: SEED, timeoutMs: 10_000, formats: ['geojson', 'csv', 'shp', 'gpkg'], log: () => {} })
    console.log(formatSummary(summary))
    expect(summary.cases).toBe(CASES)
    expect(summary.failures).toEqual([])
    expect({ hangs: summary.hangs, crashes: summary.crashes, memory: summary.memory, timeouts: summary.timeouts, unhandled: summary.unhandled }).toEqual({ hangs: 0, crashes: 0, memory: 0, timeouts: 0, unhandled: 0 })
    expect(summary.unclear).toEqual([])
    expect(summary.byTarget.publisher.ok + summary.byTarget.publisher.clean).toBe(summary.cases)
    expect(summary.byTarget.portal.ok + summary.byTarget.portal.clean).toBe(0)
    // Damage was noticed, and some mutations left a publishable file (the whole step ran to the end).
    expect(summary.cleanErrors).toBeGreaterThan(summary.cases / 2)
    expect(summary.ok).toBeGreaterThan(0)
    // Every reader was reached: its own messages are among the clear errors.
    const said = summary.cleanKinds.map(([k]) => k).join('\n')
    for (const reader of [/feature N \(line N\)/, /line N has N fields|quoted field|column separator/, /\.shp|\.dbf|\.shx/, /GeoPackage|GDAL/]) expect(said).toMatch(reader)
  }, testTimeout)
})
