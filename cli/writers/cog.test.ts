import { fromArrayBuffer } from 'geotiff'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
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

describe('writeCog: RGB, RGBA and palette', () => {
  const w = 300, h = 260
  const band = (f: (x: number, y: number) => number) => {
    const a = new Uint8Array(w * h)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) a[y * w + x] = f(x, y)
    return a
  }
  const r = band((x) => x % 256), g = band((_, y) => y % 256), b = band((x, y) => (x + y) % 200 + 1)
  const geo = { width: w, height: h, originX: 430000, originY: 5720000, pixelSize: 2, epsg: 25832 }

  it('writes pixel-interleaved RGB that reads back band by band, with per-band statistics', async () => {
    // Pixel (0,0) is nodata in every band: it must not count as a valid pixel.
    const rr = r.slice(), gg = g.slice(), bb = b.slice()
    rr[0] = gg[0] = bb[0] = 0
    const out = writeCog({ ...geo, bands: [rr, gg, bb], colour: { kind: 'rgb', alpha: false }, noData: 0 })
    const img = await (await fromArrayBuffer(out.bytes.buffer as ArrayBuffer)).getImage(0)
    expect(img.getSamplesPerPixel()).toBe(3)
    expect(img.fileDirectory.getValue('PhotometricInterpretation')).toBe(2)
    expect(img.fileDirectory.getValue('PlanarConfiguration')).toBe(1)
    expect(await img.fileDirectory.loadValue('Predictor')).toBe(2)
    const back = (await img.readRasters({ interleave: false })) as unknown as Uint8Array[]
    expect(back.map((x) => Buffer.from(x).equals(Buffer.from([rr, gg, bb][back.indexOf(x)])))).toEqual([true, true, true])
    expect(out.validPixels).toBe(w * h - 1)
    expect(out.bandStats.map((s) => s.max)).toEqual([255, 255, 200])
    // Band 2 (green = row) is 0 along row 0 = nodata there, so its minimum is 1; band 3 never reaches 0.
    expect(out.bandStats.map((s) => s.min)).toEqual([1, 1, 1])
    const xml = String(await img.fileDirectory.loadValue(42112))
    expect(xml).toContain('<Item name="STATISTICS_MAXIMUM" sample="2">200</Item>')
    expect(out.overviews).toBe(1)
  })

  it('marks the 4th band as unassociated alpha and makes overviews half transparent at alpha edges', async () => {
    const a = band((x) => (x < 150 ? 255 : 0))
    const out = writeCog({ ...geo, bands: [r, g, b, a], colour: { kind: 'rgb', alpha: true }, noData: null })
    const tiff = await fromArrayBuffer(out.bytes.buffer as ArrayBuffer)
    const img = await tiff.getImage(0)
    expect(Array.from(img.fileDirectory.getValue('ExtraSamples') as ArrayLike<number>)).toEqual([2])
    expect(out.validPixels).toBe(150 * h)
    const ov = await tiff.getImage(1)
    const [or, , , oa] = (await ov.readRasters({ interleave: false })) as unknown as Uint8Array[]
    // Overview column 74 averages source columns 148/149 (opaque); 75 averages 150/151 (transparent).
    expect([oa[74], oa[75]]).toEqual([255, 0])
    // Colours average only the visible pixels: (148 + 149) / 2 rounds to 149.
    expect(or[74]).toBe(149)
  })

  it('keeps palette indices and the colour table; overviews take a pixel, never an average of classes', async () => {
    const idx = band((x, y) => ((x >> 4) + (y >> 4)) % 3 === 0 ? 1 : 7)
    const colorMap = new Uint16Array(768)
    colorMap[1] = 65535 // index 1: red
    colorMap[256 + 7] = 65535 // index 7: green
    const out = writeCog({ ...geo, bands: [idx], colour: { kind: 'palette', colorMap }, noData: null })
    const tiff = await fromArrayBuffer(out.bytes.buffer as ArrayBuffer)
    const img = await tiff.getImage(0)
    expect(img.fileDirectory.getValue('PhotometricInterpretation')).toBe(3)
    expect(Array.from((await img.fileDirectory.loadValue('ColorMap')) as ArrayLike<number>)).toEqual(Array.from(colorMap))
    const [back] = (await img.readRasters({ interleave: false })) as unknown as Uint8Array[]
    expect(Buffer.from(back).equals(Buffer.from(idx))).toBe(true)
    const [ov] = (await (await tiff.getImage(1)).readRasters({ interleave: false })) as unknown as Uint8Array[]
    expect(new Set(ov)).toEqual(new Set([1, 7]))
  })

  it('refuses band sets it cannot describe', () => {
    expect(() => writeCog({ ...geo, bands: [r, g], noData: null })).toThrow(/RGB/)
    expect(() => writeCog({ ...geo, bands: [new Uint16Array(w * h), new Uint16Array(w * h), new Uint16Array(w * h)], colour: { kind: 'rgb', alpha: false }, noData: null })).toThrow(/8-bit/)
  })
})

describe('writeCog: the predictor of one band', () => {
  // Taller than the 16 strips compressed both ways: the choice is made mid-stream and the later strips follow it.
  const width = 64
  const height = 17 * 256 + 40
  const cases: [string, () => Float32Array, number][] = [
    // Smooth values: the floating-point predictor wins.
    ['smooth', () => Float32Array.from({ length: width * height }, (_, i) => 40 + Math.sin(i / 997) + (i % width) / 1000), 3],
    // A few distinct values in a seeded random order: DEFLATE finds the repeated 4-byte values; differenced bytes
    // repeat less, so plain wins.
    ['repeating', () => {
      const rand = mulberry32(19)
      return Float32Array.from({ length: width * height }, () => [87.29, 101.5, 99.01, 150.13][Math.floor(rand() * 4)])
    }, 1],
  ]
  for (const [name, make, predictor] of cases) {
    it(`${name} values: predictor ${predictor}, every level decodes to the values written`, async () => {
      const data = make()
      const out = writeCog({ width, height, data, originX: 0, originY: height, pixelSize: 1, epsg: 25832, noData: null })
      const tiff = await fromArrayBuffer(out.bytes.buffer as ArrayBuffer)
      const full = await tiff.getImage(0)
      expect(Number(await full.fileDirectory.loadValue('Predictor')) || 1).toBe(predictor)
      const [back] = (await full.readRasters()) as unknown as Float32Array[]
      expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(data.buffer))).toBe(true)
      for (let i = 1; i < (await tiff.getImageCount()); i++) {
        const level = await tiff.getImage(i)
        expect(Number(await level.fileDirectory.loadValue('Predictor')) || 1).toBe(predictor)
        const [values] = (await level.readRasters()) as unknown as Float32Array[]
        const [min, max] = data.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity])
        expect(values.every((v) => v >= min && v <= max)).toBe(true)
      }
    })
  }
})
