// The finish pass reads walk.jsonl in 1 MiB chunks: lines and multi-byte characters cut by a chunk's end must
// come back whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { lines } from './run.ts'

it('reads every line whole across chunk ends, umlauts included', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-lines-'))
  try {
    // Line lengths that do not divide 1 MiB, so chunk ends fall inside lines and inside "ü" (two bytes).
    const want = Array.from({ length: 30_000 }, (_, i) => ({ path: `/daten/Grünflächen_${i}/${'ü'.repeat(i % 17)}.geojson`, size: i }))
    const file = path.join(dir, 'walk.jsonl')
    writeFileSync(file, want.map((f) => JSON.stringify(f)).join('\n') + '\n')
    expect([...lines(file)]).toEqual(want)
    // without a final newline
    writeFileSync(file, want.slice(0, 3).map((f) => JSON.stringify(f)).join('\n'))
    expect([...lines(file)]).toEqual(want.slice(0, 3))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
