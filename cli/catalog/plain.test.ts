import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { digestPlainFile, readPlainFile } from './plain.ts'

describe('digestPlainFile', () => {
  it('gives size, SHA-256 and the head of a file as reading it whole would', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plain-'))
    try {
      const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))
      writeFileSync(path.join(dir, 'a.fgb'), bytes)
      const d = await digestPlainFile(dir, 'a.fgb', 100)
      expect(d.size).toBe(10_000)
      expect(d.sha256).toBe(createHash('sha256').update(await readPlainFile(dir, 'a.fgb')).digest('hex'))
      expect(d.head.equals(bytes.subarray(0, 100))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a data file over 2 GiB (a FlatGeobuf of 10 M features), which one Buffer cannot hold', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plain-'))
    try {
      const file = path.join(dir, 'big.fgb')
      writeFileSync(file, 'fgb')
      truncateSync(file, 2 ** 31 + 1) // sparse: no disk space used
      await expect(readPlainFile(dir, 'big.fgb')).rejects.toThrow()
      const d = await digestPlainFile(dir, 'big.fgb', 12)
      expect(d.size).toBe(2 ** 31 + 1)
      expect(d.head.subarray(0, 3).toString()).toBe('fgb')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
