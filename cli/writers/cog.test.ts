import { fromArrayBuffer } from 'geotiff'
import { describe, expect, it } from 'vitest'
import { writeCog } from './cog.ts'

describe('writeCog', () => {
  const width = 700
  const height = 530
  const data = new Float32Array(width * height)
  for (let i = 0; i < data.length; i++) data[i] = (i % width) + Math.floor(i / width) * 0.5
  data[0] = -9999
  const { bytes, stats, overviews } = writeCog({ width, height, data, originX: 430000, originY: 5720000, pixelSize: 10, epsg: 25832, noData: -9999 })

  it('is a tiled GeoTIFF with overviews, nodata and EPSG:25832', async () => {
    const tiff = await fromArrayBuffer(bytes.buffer as ArrayBuffer)
    expect(await tiff.getImageCount()).toBe(1 + overviews)
    expect(overviews).toBe(2)
    const img = await tiff.getImage(0)
    expect(img.getWidth()).toBe(width)
    expect(img.isTiled).toBe(true)
    expect(img.getOrigin()).toEqual([430000, 5720000, 0])
    expect(img.getResolution()).toEqual([10, -10, 0])
    expect(img.getGDALNoData()).toBe(-9999)
    expect((img.getGeoKeys() as Record<string, number>).ProjectedCSTypeGeoKey).toBe(25832)
    const ov = await tiff.getImage(1)
    expect([ov.getWidth(), ov.getHeight()]).toEqual([350, 265])
  })

  it('stores every value exactly', async () => {
    const tiff = await fromArrayBuffer(bytes.buffer as ArrayBuffer)
    const [back] = (await (await tiff.getImage(0)).readRasters({ interleave: false })) as unknown as Float32Array[]
    expect(Buffer.from(back.buffer).equals(Buffer.from(data.buffer))).toBe(true)
  })

  it('computes statistics without nodata', () => {
    expect(stats.min).toBe(0.5) // pixel 0 is nodata; pixel (0,1) = 0 + 0.5
    expect(stats.max).toBe(width - 1 + (height - 1) * 0.5)
    expect(stats.validCount).toBe(width * height - 1)
  })

  it('keeps every sample type, including Int8, Uint32, Int32 and Float64, and the GDAL scale/offset', async () => {
    const w = 300, h = 3
    for (const Ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]) {
      const src = new Ctor(w * h)
      const big = Ctor === Uint32Array ? 4_000_000_000 : Ctor === Int32Array ? -2_000_000_000 : Ctor === Float64Array ? 1e300 : Ctor === Int8Array ? -128 : 1
      for (let i = 0; i < src.length; i++) src[i] = i % 2 ? big : i % 100
      const out = writeCog({ width: w, height: h, data: src, originX: 0, originY: 0, pixelSize: 1, epsg: 25832, noData: null, scale: 0.01, offset: 5 })
      const img = await (await fromArrayBuffer(out.bytes.buffer as ArrayBuffer)).getImage(0)
      const [back] = (await img.readRasters({ interleave: false })) as unknown as ArrayLike<number>[]
      expect(back.constructor, Ctor.name).toBe(Ctor)
      expect(Array.from(back), Ctor.name).toEqual(Array.from(src))
      const xml = String(await img.fileDirectory.loadValue(42112))
      expect(xml).toContain('<Item name="SCALE" sample="0" role="scale">0.01</Item>')
      expect(xml).toContain('<Item name="OFFSET" sample="0" role="offset">5</Item>')
    }
  })
})
