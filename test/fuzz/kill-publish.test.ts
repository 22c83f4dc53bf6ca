// Publishing under faults in CI time: ten publishes killed with SIGKILL (half of them in the commit window) on
// a catalog that already has layers; the catalog is always the old or the new state, complete and checksummed,
// and the next publish always works. The full run: npx tsx test/fuzz/kill-publish.ts --runs 50.
import { describe, expect, it } from 'vitest'
import { formatKillSummary, runKillPublish } from './kill-publish.ts'

describe('publish killed at random moments', () => {
  it('leaves the old or the new catalog, never a broken one, and never blocks the next publish', async () => {
    const s = await runKillPublish({ runs: 10, seed: 20261126, features: 12_000, log: () => {} })
    console.log(formatKillSummary(s))
    expect(s.violations).toEqual([])
    expect(s.runs).toBe(10)
    expect(s.oldState + s.newState).toBe(10)
    // The seeded kills really interrupt publishing (the rest finished just before their kill came).
    expect(s.killed).toBeGreaterThanOrEqual(5)
  }, 120_000)
})
