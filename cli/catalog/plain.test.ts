import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyPlainFile, copyPlainTree, digestPlainFile, IrregularEntryError, readPlainFile } from './plain.ts'

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

async function readHead(file: string, n: number): Promise<string> {
  const h = await fs.open(file, 'r')
  try {
    const b = Buffer.alloc(n)
    await h.read(b, 0, n, 0)
    return b.toString('latin1')
  } finally {
    await h.close()
  }
}

describe('copyPlainTree (geoportal build copies the layer folders)', () => {
  it('copies in chunks byte for byte, runs of zeros and a short last chunk included', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plain-'))
    try {
      // 7-byte chunks over 10 000 bytes: zero runs that fill whole chunks (holes), partly, and at the end.
      const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i > 3000 && i < 3100) || i > 9950 ? 0 : (i % 251) + 1))
      mkdirSync(path.join(dir, 'cat/layers/a/v1/sub'), { recursive: true })
      writeFileSync(path.join(dir, 'cat/layers/a/v1/a.fgb'), bytes)
      writeFileSync(path.join(dir, 'cat/layers/a/v1/sub/layer.json'), '{}\n')
      await copyPlainTree(path.join(dir, 'cat'), 'layers/a/v1', path.join(dir, 'site'), 7)
      expect(readFileSync(path.join(dir, 'site/layers/a/v1/a.fgb')).equals(bytes)).toBe(true)
      expect(readFileSync(path.join(dir, 'site/layers/a/v1/sub/layer.json'), 'utf8')).toBe('{}\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('copies a data file over 2 GiB (a FlatGeobuf of 10 M features), which one Buffer cannot hold; holes stay holes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plain-'))
    try {
      const layer = path.join(dir, 'cat/layers/big/v1')
      mkdirSync(layer, { recursive: true })
      const file = path.join(layer, 'big.fgb')
      writeFileSync(file, 'fgb')
      truncateSync(file, 2 ** 31 + 1) // sparse: no disk space used
      writeFileSync(path.join(layer, 'tail.bin'), 'x')
      await copyPlainTree(path.join(dir, 'cat'), 'layers/big/v1', path.join(dir, 'site'))
      const copy = path.join(dir, 'site/layers/big/v1/big.fgb')
      expect(statSync(copy).size).toBe(2 ** 31 + 1)
      expect(await readHead(copy, 4)).toBe('fgb\0')
      expect(readFileSync(path.join(dir, 'site/layers/big/v1/tail.bin'), 'utf8')).toBe('x')
      // The copy is as sparse as the source: far less than 2 GiB on disk.
      expect(statSync(copy).blocks * 512).toBeLessThan(64 << 20)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('refuses a link inside a layer folder and an existing target, leaving no partial copy', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plain-'))
    try {
      mkdirSync(path.join(dir, 'cat/layers/a/v1'), { recursive: true })
      writeFileSync(path.join(dir, 'cat/layers/a/v1/a.fgb'), 'data')
      writeFileSync(path.join(dir, 'other'), 'x')
      await expect(copyPlainFile(path.join(dir, 'cat'), 'layers/a/v1/a.fgb', path.join(dir, 'other'))).rejects.toThrow(/EEXIST/)
      expect(readFileSync(path.join(dir, 'other'), 'utf8')).toBe('x')
      symlinkSync('/etc/passwd', path.join(dir, 'cat/layers/a/v1/p.fgb'))
      await expect(copyPlainTree(path.join(dir, 'cat'), 'layers/a/v1', path.join(dir, 'site'))).rejects.toThrow(IrregularEntryError)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
