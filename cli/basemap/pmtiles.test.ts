import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tileIdToZxy, zxyToTileId } from 'pmtiles'
import { mulberry32 } from '../../scripts/random.ts'
import { openArchive } from './inspect.ts'
import { Compression, PmtilesWriter, TileType } from './pmtiles.ts'

const options = {
  tileType: TileType.Mvt,
  tileCompression: Compression.None,
  minZoom: 0,
  maxZoom: 14,
  bounds: [7.5, 51.2, 8.6, 51.8] as [number, number, number, number],
  center: [8.1, 51.57, 12] as [number, number, number],
  metadata: { name: 'test', vector_layers: [{ id: 'roads', fields: { name: 'String' }, minzoom: 0, maxzoom: 14 }], attribution: '© Test' },
}

const bytesOf = (s: string) => new TextEncoder().encode(s)
const textOf = (b: ArrayBuffer | Uint8Array) => new TextDecoder().decode(b)

describe('PMTiles v3 writer, read back with the pmtiles package', () => {
  it('writes header, metadata and tiles that the reader finds at their z/x/y', async () => {
    const w = new PmtilesWriter(options)
    const written = new Map<string, string>()
    const rand = mulberry32(7)
    for (let z = 0; z <= 14; z++) {
      for (let i = 0; i < 40; i++) {
        const x = Math.floor(rand() * 2 ** z)
        const y = Math.floor(rand() * 2 ** z)
        if (written.has(`${z}/${x}/${y}`)) continue
        // Every fifth tile repeats an earlier content: stored once.
        const content = i % 5 === 0 ? 'shared' : `tile ${z}/${x}/${y}`
        written.set(`${z}/${x}/${y}`, content)
        w.addTile(z, x, y, bytesOf(content))
      }
    }
    const archive = openArchive(w.finish())
    const h = await archive.getHeader()
    expect([h.specVersion, h.tileType, h.tileCompression, h.internalCompression, h.minZoom, h.maxZoom, h.clustered]).toEqual([3, 1, 1, 2, 0, 14, true])
    expect(h.minLon).toBeCloseTo(7.5, 6)
    expect(h.maxLat).toBeCloseTo(51.8, 6)
    expect(h.centerZoom).toBe(12)
    expect(h.numAddressedTiles).toBe(written.size)
    expect(h.numTileContents).toBe(new Set(written.values()).size)
    expect(await archive.getMetadata()).toEqual(options.metadata)
    for (const [key, content] of written) {
      const [z, x, y] = key.split('/').map(Number)
      const t = await archive.getZxy(z, x, y)
      expect(t && textOf(t.data), key).toBe(content)
    }
    // Tiles never written are absent, not some neighbour's.
    for (let z = 4; z <= 14; z++) {
      for (let x = 0; x < 3; x++) if (!written.has(`${z}/${x}/1`)) expect(await archive.getZxy(z, x, 1), `${z}/${x}/1`).toBeUndefined()
    }
  })

  it('stores a run of equal consecutive tiles as one directory entry', async () => {
    const w = new PmtilesWriter({ ...options, maxZoom: 10 })
    // Consecutive tile ids at z10: the same "sea" tile 500 times, then a different one.
    const first = zxyToTileId(10, 0, 0)
    for (let i = 0; i < 500; i++) {
      const [z, x, y] = tileIdToZxy(first + i)
      w.addTile(z, x, y, bytesOf('sea'))
    }
    const [z, x, y] = tileIdToZxy(first + 500)
    w.addTile(z, x, y, bytesOf('land'))
    const bytes = w.finish()
    const archive = openArchive(bytes)
    const h = await archive.getHeader()
    expect(h.numAddressedTiles).toBe(501)
    expect(h.numTileEntries).toBe(2)
    expect(h.numTileContents).toBe(2)
    for (const i of [0, 1, 250, 499]) {
      const [tz, tx, ty] = tileIdToZxy(first + i)
      expect(textOf((await archive.getZxy(tz, tx, ty))!.data)).toBe('sea')
    }
    expect(textOf((await archive.getZxy(z, x, y))!.data)).toBe('land')
    expect(await archive.getZxy(...(tileIdToZxy(first + 501) as [number, number, number]))).toBeUndefined()
  })

  it('moves entries to leaf directories when the root would pass 16 KiB, and the reader follows them', async () => {
    const w = new PmtilesWriter({ ...options, maxZoom: 15 })
    const rand = mulberry32(11)
    const keys: [number, number, number][] = []
    const seen = new Set<number>()
    while (keys.length < 30000) {
      const x = Math.floor(rand() * 2 ** 15)
      const y = Math.floor(rand() * 2 ** 15)
      const id = zxyToTileId(15, x, y)
      if (seen.has(id)) continue
      seen.add(id)
      keys.push([15, x, y])
      w.addTile(15, x, y, bytesOf(`${x},${y}`))
    }
    const bytes = w.finish()
    const archive = openArchive(bytes)
    const h = await archive.getHeader()
    expect(h.leafDirectoryLength).toBeGreaterThan(0)
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16384)
    for (let i = 0; i < keys.length; i += 97) {
      const [z, x, y] = keys[i]
      expect(textOf((await archive.getZxy(z, x, y))!.data)).toBe(`${x},${y}`)
    }
  })

  it('is deterministic and keeps gzip-compressed tiles as given', async () => {
    const make = () => {
      const w = new PmtilesWriter({ ...options, tileCompression: Compression.Gzip })
      w.addTile(1, 1, 0, new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
      return w.finish()
    }
    const a = make()
    expect(Buffer.compare(a, make())).toBe(0)
    const h = await openArchive(a).getHeader()
    expect(h.tileCompression).toBe(2)
    // The reader decompresses it (an empty gzip member).
    expect((await openArchive(a).getZxy(1, 1, 0))!.data.byteLength).toBe(0)
    expect(gunzipSync(a.subarray(h.rootDirectoryOffset, h.rootDirectoryOffset + h.rootDirectoryLength)).length).toBeGreaterThan(0)
  })

  it('is clustered: tile data in tile-id order, repeated contents pointing back (directory parsed per the spec)', async () => {
    const w = new PmtilesWriter({ ...options, maxZoom: 6 })
    const rand = mulberry32(3)
    const added = new Set<string>()
    for (let z = 0; z <= 6; z++) {
      for (let i = 0; i < 30; i++) {
        const x = Math.floor(rand() * 2 ** z)
        const y = Math.floor(rand() * 2 ** z)
        if (added.has(`${z}/${x}/${y}`)) continue
        added.add(`${z}/${x}/${y}`)
        w.addTile(z, x, y, bytesOf(i % 4 === 0 ? 'same' : `t${z}/${x}/${y}/${i}`))
      }
    }
    const bytes = w.finish()
    const h = await openArchive(bytes).getHeader()
    const dir = gunzipSync(bytes.subarray(h.rootDirectoryOffset, h.rootDirectoryOffset + h.rootDirectoryLength))
    let at = 0
    const varint = () => {
      let v = 0
      let shift = 0
      for (;;) {
        const b = dir[at++]
        v += (b & 0x7f) * 2 ** shift
        if (b < 0x80) return v
        shift += 7
      }
    }
    const n = varint()
    const ids: number[] = []
    let id = 0
    for (let i = 0; i < n; i++) ids.push((id += varint()))
    const runs = Array.from({ length: n }, varint)
    const lengths = Array.from({ length: n }, varint)
    const offsets: number[] = []
    for (let i = 0; i < n; i++) {
      const v = varint()
      offsets.push(v === 0 ? offsets[i - 1] + lengths[i - 1] : v - 1)
    }
    expect(at).toBe(dir.length)
    expect(runs.every((r) => r >= 1)).toBe(true)
    expect(ids.every((v, i) => i === 0 || v > ids[i - 1] + runs[i - 1] - 1)).toBe(true)
    // Clustered: each new content starts where the previous new content ended; repeats point back.
    let end = 0
    const seen = new Set<number>()
    for (let i = 0; i < n; i++) {
      if (seen.has(offsets[i])) continue
      expect(offsets[i]).toBe(end)
      seen.add(offsets[i])
      end += lengths[i]
    }
    expect(end).toBe(h.tileDataLength)
    expect(seen.size).toBe(h.numTileContents)
    expect(runs.reduce((a, b) => a + b, 0)).toBe(h.numAddressedTiles)
  })

  it('refuses the same tile twice', () => {
    const w = new PmtilesWriter(options)
    w.addTile(2, 1, 1, bytesOf('a'))
    expect(() => w.addTile(2, 1, 1, bytesOf('b'))).toThrow('tile 2/1/1 added twice')
  })
})
