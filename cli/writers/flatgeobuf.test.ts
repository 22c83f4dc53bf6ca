import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import { columnsFromFeatures, type VectorFeature } from '../vector/model.ts'
import { FileSink, FileSpill, FlatGeobufStream, radixOrder } from './fgbStream.ts'
import { hilbert, writeFlatGeobuf } from './flatgeobuf.ts'

function squares(n: number, seed = 1): VectorFeature[] {
  const rand = mulberry32(seed)
  return Array.from({ length: n }, (_, i) => {
    const x = 430000 + rand() * 10000
    const y = 5708000 + rand() * 10000
    const s = 5 + rand() * 20
    return {
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] },
      properties: { nr: i, name: `Fläche ${i}`, area: s * s, ok: i % 2 === 0, note: i % 5 ? null : 'x' },
    }
  })
}

async function readAll(bytes: Uint8Array, rect?: { minX: number; minY: number; maxX: number; maxY: number }) {
  const out: { geometry: { coordinates: number[][][] }; properties: Record<string, unknown> }[] = []
  for await (const f of deserialize(bytes, rect ? { rect } : undefined)) out.push(f as never)
  return out
}

describe('writeFlatGeobuf', () => {
  const features = squares(2000)
  const bytes = writeFlatGeobuf(features, { columns: columnsFromFeatures(features), crsCode: 25832, title: 'T' })

  it('round-trips geometry and typed attributes', async () => {
    const back = await readAll(bytes)
    expect(back).toHaveLength(2000)
    const byNr = new Map(back.map((f) => [f.properties.nr, f]))
    for (const src of features.slice(0, 50)) {
      const f = byNr.get(src.properties.nr)!
      expect(f.properties.name).toBe(src.properties.name)
      expect(f.properties.area).toBeCloseTo(src.properties.area as number, 9)
      expect(f.properties.ok).toBe(src.properties.ok)
      expect(f.properties.note ?? null).toBe(src.properties.note)
      expect(f.geometry.coordinates).toEqual((src.geometry!.coordinates as number[][][]))
    }
  })

  it('answers bbox queries exactly like a brute-force scan', async () => {
    const rand = mulberry32(7)
    for (let k = 0; k < 20; k++) {
      const minX = 430000 + rand() * 9000
      const minY = 5708000 + rand() * 9000
      const rect = { minX, minY, maxX: minX + rand() * 2000, maxY: minY + rand() * 2000 }
      const expected = features
        .filter((f) => {
          const c = (f.geometry!.coordinates as number[][][])[0]
          return !(c[1][0] < rect.minX || c[0][0] > rect.maxX || c[2][1] < rect.minY || c[0][1] > rect.maxY)
        })
        .map((f) => f.properties.nr)
        .sort((a, b) => (a as number) - (b as number))
      const got = (await readAll(bytes, rect)).map((f) => f.properties.nr).sort((a, b) => (a as number) - (b as number))
      expect(got).toEqual(expected)
    }
  })

  it('is deterministic', () => {
    const again = writeFlatGeobuf(features, { columns: columnsFromFeatures(features), crsCode: 25832, title: 'T' })
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true)
  })

  it('hilbert keeps neighbours close', () => {
    expect(hilbert(0, 0)).toBe(0)
    const a = hilbert(1000, 1000)
    expect(Math.abs(hilbert(1001, 1000) - a)).toBeLessThan(Math.abs(hilbert(40000, 1000) - a))
  })
})

describe('FlatGeobufStream (bounded memory)', () => {
  it('through a spill file gives the bytes of the in-memory writer', () => {
    const features = squares(3000, 5)
    const columns = columnsFromFeatures(features)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fgb-stream-'))
    try {
      const stream = new FlatGeobufStream(columns, new FileSpill(path.join(dir, 'spill')))
      for (const f of features) stream.add(f.geometry, f.properties)
      const out = path.join(dir, 'out.fgb')
      const sink = new FileSink(out)
      stream.writeTo(sink, { columns, crsCode: 25832, title: 'T' }, stream.order())
      sink.close()
      const expected = writeFlatGeobuf(features, { columns, crsCode: 25832, title: 'T' })
      expect(readFileSync(out).equals(Buffer.from(expected))).toBe(true)
      expect(existsSync(path.join(dir, 'spill'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('orders like a stable sort by descending key', () => {
    const rand = mulberry32(9)
    const keys = Uint32Array.from({ length: 5000 }, () => Math.floor(rand() * 300) * 0x01000193)
    const expected = Array.from(keys, (_, i) => i).sort((a, b) => keys[a] - keys[b])
    expect(Array.from(radixOrder(keys, keys.length))).toEqual(expected)
  })
})
