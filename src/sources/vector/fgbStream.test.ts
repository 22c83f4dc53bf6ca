// The streaming decoder against flatgeobuf's own reader, with the file cut into chunks of every awkward size.
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { describe, expect, it } from 'vitest'
import { columnsFromFeatures, type VectorFeature } from '../../../cli/vector/model.ts'
import { writeFlatGeobuf } from '../../../cli/writers/flatgeobuf.ts'
import { FlatGeobufStreamDecoder, type DecodedFeature } from './fgbStream.ts'

const features: VectorFeature[] = Array.from({ length: 700 }, (_, i) => {
  const x = 430000 + ((i * 7919) % 9000)
  const y = 5708000 + ((i * 104729) % 9000)
  return i % 2
    ? { geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 10, y], [x + 10, y + 12], [x, y + 12], [x, y]]] }, properties: { nr: i, name: `Fläche ${i}`, h: i / 4 } }
    : { geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 5, y], [x, y + 5], [x, y]]] }, properties: { nr: i, name: i % 3 ? 'Straße' : null, h: -i } }
})
const file = writeFlatGeobuf(features, { columns: columnsFromFeatures(features), crsCode: 25832 })

function decodeIn(bytes: Uint8Array, sizes: (i: number) => number, total: number | null = bytes.length): DecodedFeature[] {
  const d = new FlatGeobufStreamDecoder('test.fgb', total)
  const out: DecodedFeature[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes(i))
    out.push(...d.push(bytes.slice(at, at + n)))
    at += n
  }
  d.end()
  return out
}

describe('FlatGeobufStreamDecoder', () => {
  it('decodes every feature as flatgeobuf does, however the bytes are cut', async () => {
    const expected: { geometry: unknown; properties: unknown }[] = []
    for await (const f of deserialize(file)) expected.push(f as never)
    expect(expected).toHaveLength(700)
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) % 5000) + 1
    for (const sizes of [() => file.length, () => 1, () => 7, () => 4096, random]) {
      const got = decodeIn(file, sizes)
      expect(got.map((f) => f.id)).toEqual(expected.map((_, i) => i))
      expect(got.map((f) => f.geometry)).toEqual(expected.map((f) => f.geometry))
      expect(got.map((f) => f.properties)).toEqual(expected.map((f) => f.properties))
    }
  })

  it('has the header (columns) before the first feature', () => {
    const d = new FlatGeobufStreamDecoder('test.fgb', file.length)
    const headerEnd = 12 + new DataView(file.buffer, file.byteOffset).getUint32(8, true)
    expect(d.push(file.subarray(0, headerEnd - 1))).toEqual([])
    expect(d.header).toBeNull()
    expect(d.push(file.subarray(headerEnd - 1, headerEnd))).toEqual([])
    expect(d.header?.columns?.map((c) => c.name)).toEqual(['nr', 'name', 'h'])
  })

  it('names the file and the problem for truncated, empty and damaged files', () => {
    expect(() => decodeIn(file.subarray(0, file.length - 30), () => 999, null)).toThrow(/^test\.fgb is truncated \(699 of 700 features\)$/)
    expect(() => decodeIn(new Uint8Array(0), () => 1, 0)).toThrow(/^test\.fgb is (empty|too short)/)
    expect(() => decodeIn(new TextEncoder().encode('{"type":"FeatureCollection"}'), () => 10)).toThrow(/^test\.fgb is not a FlatGeobuf file/)
    // A feature's size prefix overwritten with an absurd length: refused at once, no waiting for bytes that never come.
    const broken = file.slice()
    const probe = new FlatGeobufStreamDecoder('probe.fgb', file.length)
    probe.push(file.subarray(0, 4096))
    const featuresOffset = probe.layout!.featuresOffset
    new DataView(broken.buffer).setUint32(featuresOffset, 0xfffffff0, true)
    expect(() => decodeIn(broken, () => 1000)).toThrow(/^test\.fgb is damaged \(feature 0 announces \d+ bytes\)$/)
  })
})
