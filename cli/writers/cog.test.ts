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
})
