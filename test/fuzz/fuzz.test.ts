// A few hundred fuzz cases with a fixed seed in CI time: every damaged file ends within the limit, either read
// or refused with a clear error naming it; no hang, no crash, no runaway memory. The hand-made cases
// (crafted.ts) run first: they are the bugs found by the fuzzer, kept fixed.
import { describe, expect, it } from 'vitest'
import { formatSummary, runFuzz } from './fuzz.ts'

describe('fuzzing the readers', () => {
  it('300 damaged FlatGeobuf and GeoTIFF files: no hangs, no crashes, clear errors', async () => {
    // 10 s per reader rather than the script's 5 s: other test files run at the same time on 2 cores.
    const summary = await runFuzz({ cases: 300, seed: 20261126, timeoutMs: 10_000, log: () => {} })
    console.log(formatSummary(summary))
    expect(summary.cases).toBe(300 + summary.crafted)
    expect(summary.crafted).toBeGreaterThanOrEqual(6)
    expect(summary.failures).toEqual([])
    expect({ hangs: summary.hangs, crashes: summary.crashes, memory: summary.memory, timeouts: summary.timeouts }).toEqual({ hangs: 0, crashes: 0, memory: 0, timeouts: 0 })
    expect(summary.unclear).toEqual([])
    // Both sides really ran, and damage was noticed.
    expect(summary.byTarget.publisher.ok + summary.byTarget.publisher.clean).toBe(summary.cases)
    expect(summary.byTarget.portal.ok + summary.byTarget.portal.clean).toBe(summary.cases)
    expect(summary.cleanErrors).toBeGreaterThan(summary.cases / 2)
    for (const c of summary.craftedResults) expect(c.outcome, c.name).toMatch(/^(ok|clean)$/)
  }, 300_000)
})
