import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Catalog, FileLayerEntry } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { FileRangeSource } from './fileSource.ts'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-filesource-'))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await fs.rm(dir, { recursive: true, force: true })
})

describe('FileRangeSource', () => {
  it('reads ranges, short at the end and empty past it, with the file size', async () => {
    const file = path.join(dir, 'bytes.bin')
    await fs.writeFile(file, Uint8Array.from({ length: 1000 }, (_, i) => i % 251))
    const source = new FileRangeSource(file)
    try {
      const a = await source.read(10, 20)
      expect(Array.from(a.bytes)).toEqual(Array.from({ length: 20 }, (_, i) => (10 + i) % 251))
      expect(a.totalSize).toBe(1000)
      expect((await source.read(990, 50)).bytes.length).toBe(10)
      expect((await source.read(2000, 5)).bytes.length).toBe(0)
      const aborted = new AbortController()
      aborted.abort()
      await expect(source.read(0, 10, aborted.signal)).rejects.toThrow()
    } finally {
      await source.close()
    }
  })

  it('refuses a FIFO in the file’s place without waiting for a writer', async () => {
    const fifo = path.join(dir, 'layer.tif')
    try {
      execFileSync('mkfifo', [fifo])
    } catch {
      console.warn('skipped: mkfifo not available')
      return
    }
    const source = new FileRangeSource(fifo)
    await expect(source.read(0, 8)).rejects.toThrow(/layer\.tif is not a regular file/)
    await source.close()
  })
})

/** The offset of the TIFF's second IFD (the first overview) and of its ImageWidth value. */
function overviewWidthAt(bytes: Buffer): number {
  const first = bytes.readUInt32LE(4)
  const second = bytes.readUInt32LE(first + 2 + bytes.readUInt16LE(first) * 12)
  for (let i = 0, n = bytes.readUInt16LE(second); i < n; i++) {
    const entry = second + 2 + i * 12
    if (bytes.readUInt16LE(entry) === 256) return entry + 8
  }
  throw new Error('no ImageWidth in the second IFD')
}

describe('geoportal check reads COGs with the portal’s reader', () => {
  it('reports a COG whose overview header is damaged, though its checksum matches layer.json', async () => {
    const copy = path.join(dir, 'catalog')
    await fs.cp('data', copy, { recursive: true })
    const catalog = JSON.parse(await fs.readFile(path.join(copy, 'catalog.json'), 'utf8')) as Catalog
    const entry = catalog.layers.find((l) => l.id === 'demo-gelaende') as FileLayerEntry
    const tif = path.join(copy, entry.href)
    const bytes = await fs.readFile(tif)
    // The first overview's width 0: the full resolution still reads, the portal's reader refuses the file.
    bytes.writeUInt32LE(0, overviewWidthAt(bytes))
    await fs.writeFile(tif, bytes)
    const metaFile = path.join(copy, entry.metaHref)
    const meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] }
    const listed = meta.files.find((f) => f.name === path.basename(tif))!
    listed.sha256 = createHash('sha256').update(bytes).digest('hex')
    await fs.writeFile(metaFile, JSON.stringify(meta, null, 2))

    const out: string[] = []
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m))
    vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m))
    expect(await main(['check', '--catalog', copy])).toBe(1)
    const problems = out.join('\n').split('\n').filter((l) => l.includes(entry.href))
    expect(problems).toEqual([expect.stringMatching(/: has a damaged header \(image 1: 0×\d+ pixels/)])
  })
})
