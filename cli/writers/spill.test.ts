// The spill file reads through cached blocks: whatever the order of the reads (Hilbert-like runs, blocks'
// edges, features larger than a block, no locality at all, which turns the cache off), the bytes are those
// written.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import { FileSpill, MemorySpill } from './fgbStream.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-spill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('FileSpill', () => {
  it('reads back every record in any order, through and past its block cache', () => {
    const rand = mulberry32(5)
    const file = new FileSpill(path.join(dir, 'a.spill'))
    const memory = new MemorySpill()
    const at: number[] = [0]
    for (let i = 0; i < 60000; i++) {
      // Mostly feature-sized records (28 MB: more blocks than the cache holds), some larger than a 16 KiB block.
      const len = i % 997 === 0 ? 70000 + Math.floor(rand() * 100000) : 1 + Math.floor(rand() * 800)
      const rec = new Uint8Array(len).fill(Math.floor(rand() * 256))
      rec[0] = i & 255
      rec[len - 1] = i >> 8
      file.append(rec)
      memory.append(rec)
      at.push(at[i] + len)
    }
    const n = at.length - 1
    const check = (order: number[]) => {
      for (const i of order) {
        const a = new Uint8Array(at[i + 1] - at[i])
        const b = new Uint8Array(a.length)
        file.read(at[i], a)
        memory.read(at[i], b)
        if (!Buffer.from(a).equals(Buffer.from(b))) throw new Error(`record ${i} differs`)
      }
    }
    const runs: number[] = []
    for (let s = 0; s < n; s += 64) for (let i = Math.min(n, s + 64) - 1; i >= s; i--) runs.push(i) // backwards in runs
    check(runs)
    check(runs) // again: the first blocks were evicted meanwhile
    check(Array.from({ length: n }, () => Math.floor(rand() * n))) // no locality
    check(Array.from({ length: n }, (_, i) => i))
    expect(n).toBe(60000)
    file.close()
    memory.close()
  })
})
