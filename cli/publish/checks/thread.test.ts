// The checks thread (issue #19, "quality checks … in a worker thread alongside writing"): a large streamed file
// declared in EPSG:25832 is read twice at once, encoded on one thread and checked on the other. It must publish
// what the one-thread way publishes, byte for byte, refuse what it refuses with the same line, and end on bad
// input instead of waiting for a thread that has failed.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateMetadata } from '../../../src/model/metadata.ts'
import { mulberry32 } from '../../../scripts/random.ts'
import { gdalToolsMissing } from '../../../test/helpers/gdal.ts'
import { InputError } from '../../readers/errors.ts'
import { polygonArea } from '../extent.ts'
import { openGeoJsonFile } from '../../readers/geojson.ts'
import { openShapefile } from '../../readers/shapefileStream.ts'
import { loadProjections } from '../input.ts'
import { defaultVectorStyle } from '../style.ts'
import { prepareVectorLayer, type VectorPublishOptions } from '../vector.ts'
import { ChecksThread, checksThreadWanted } from './thread.ts'

const sq = (x: number, y: number, s = 20) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]

/** Parcels with what the checks look at: no geometry, duplicates, bowties, repeated ids, phone numbers. */
function features(n: number, opts: { multi?: boolean; x0?: number; y0?: number } = {}) {
  const rand = mulberry32(23)
  const { x0 = 430000, y0 = 5708000 } = opts
  const out: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] = []
  for (let i = 0; i < n; i++) {
    const x = x0 + Math.floor(rand() * 20000)
    const y = y0 + Math.floor(rand() * 15000)
    let geometry: unknown = { type: 'Polygon', coordinates: sq(x, y) }
    if (i % 97 === 5) geometry = null
    if (opts.multi && i % 101 === 0) geometry = { type: 'MultiPolygon', coordinates: [sq(x, y), sq(x + 60, y)] }
    if (i % 89 === 20 && out[i - 7].geometry) geometry = JSON.parse(JSON.stringify(out[i - 7].geometry))
    if (i % 83 === 7) geometry = { type: 'Polygon', coordinates: [[[x, y], [x + 20, y + 20], [x + 20, y], [x, y + 20], [x, y]]] }
    out.push({ type: 'Feature', properties: { nr: i % 500 === 0 ? 1 : i, name: i % 3 ? `N${i % 50}` : null, tel: i % 2 ? `02921 ${100000 + i}` : null }, geometry })
  }
  return out
}

const projections = await loadProjections()
let dir = ''
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-checks-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function geojson(name: string, fs: unknown[]): string {
  const file = path.join(dir, name)
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:25832' } }, features: fs }))
  return file
}

/** Publishes `file` as `geoportal publish` opens it; returns what a commit would store, and the progress lines. */
async function publish(file: string, checks: 'thread' | 'inline', extra: Partial<VectorPublishOptions> = {}, access: 'public' | 'internal' = 'internal') {
  const metadata = validateMetadata({ title: 'Flurstücke', identifier: 'nr', access }, 'test')
  const steps: string[] = []
  // Streamed however small (the readers' threshold 0), as large files are: a damaged record then fails the pass.
  const data = file.endsWith('.shp') ? await openShapefile(file, {}, 0) : await openGeoJsonFile(file, 0)
  expect(Array.isArray(data.features)).toBe(false)
  const layer = await prepareVectorLayer(data, {
    id: 'p',
    file,
    metadata,
    style: defaultVectorStyle('Polygon', '#336699'),
    projections,
    searchable: 'name',
    workDir: mkdtempSync(path.join(dir, 'w-')),
    source: {},
    checks,
    progress: (s) => steps.push(s),
    ...extra,
  })
  const f = layer.dataFile!
  const bytes = 'bytes' in f ? f.bytes : new Uint8Array(readFileSync(f.file))
  return { bytes, document: JSON.stringify(layer.document), entry: JSON.stringify(layer.entry), places: layer.places, steps }
}

async function expectSame(file: string, extra: Partial<VectorPublishOptions> = {}) {
  const inline = await publish(file, 'inline', extra)
  const thread = await publish(file, 'thread', extra)
  expect(thread.steps.some((s) => s.includes('second thread'))).toBe(true)
  expect(inline.steps.some((s) => s.includes('second thread'))).toBe(false)
  expect(Buffer.from(thread.bytes).equals(Buffer.from(inline.bytes))).toBe(true)
  expect(thread.document).toBe(inline.document)
  expect(thread.entry).toBe(inline.entry)
  expect(thread.places).toEqual(inline.places)
  return JSON.parse(thread.document) as { quality: { findings: { code: string; count?: number; featureIds: number[] }[]; personalData?: unknown[]; outsideExtent: number } }
}

describe('the checks thread', { timeout: 120_000 }, () => {
  it('publishes the bytes, quality report and personal data findings of the one-thread way', async () => {
    const doc = await expectSame(geojson('parcels.geojson', features(4000)))
    const codes = Object.fromEntries(doc.quality.findings.map((f) => [f.code, f]))
    // The report is not an empty one that would trivially match.
    expect(codes.duplicate_geometries.count).toBeGreaterThan(20)
    expect(codes.invalid_geometries.count).toBeGreaterThan(20)
    expect(codes.identifier_not_unique.count).toBe(8)
    expect(codes.no_geometry.count).toBe(40)
    expect(doc.quality.personalData?.length).toBeGreaterThan(0)
  })

  it('Polygon + MultiPolygon: promoted on a second pass of its own, as without the thread', async () => {
    const doc = await expectSame(geojson('mixed.geojson', features(3000, { multi: true })))
    expect(Object.keys((doc.quality as unknown as { geometryTypes: object }).geometryTypes)).toEqual(['MultiPolygon'])
  })

  it('an --extent file: the thread tests the same polygons', async () => {
    const ring = [[435000, 5710000], [442000, 5710000], [442000, 5720000], [435000, 5720000], [435000, 5710000]]
    const area = await polygonArea([435000, 5710000, 442000, 5720000], [{ type: 'Polygon', coordinates: [ring] }])
    const doc = await expectSame(geojson('area.geojson', features(3000)), { area })
    expect(doc.quality.outsideExtent).toBeGreaterThan(1000)
  })

  const noGdal = gdalToolsMissing('ogr2ogr')
  it.skipIf(noGdal)(`a Shapefile: the same bytes${noGdal ? ` (skipped: ${noGdal})` : ''}`, async () => {
    const shp = path.join(dir, 'parcels.shp')
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, geojson('for-shp.geojson', features(3000))])
    await expectSame(shp)
  })

  it('refuses with the line the one-thread way gives: personal data, placement, a geometry the writer cannot take', async () => {
    const withCollection = (fs: ReturnType<typeof features>) => {
      fs[40].geometry = { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: sq(430000, 5708000) }] }
      return fs
    }
    const cases: [string, ReturnType<typeof features>, 'public' | 'internal', RegExp][] = [
      ['collection.geojson', withCollection(features(300)), 'internal', /collection\.geojson: feature 40: its geometry type GeometryCollection cannot be published/],
      ['personal.geojson', withCollection(features(300)), 'public', /personal\.geojson: may contain personal data/],
      ['far.geojson', withCollection(features(300, { x0: 3_000_000, y0: 1_000_000 })), 'internal', /far\.geojson: lies outside/],
    ]
    for (const [name, fs, access, expected] of cases) {
      const file = geojson(name, fs)
      const messages: string[] = []
      for (const mode of ['inline', 'thread'] as const) {
        const e = await publish(file, mode, {}, access).then(
          () => null,
          (err: unknown) => err,
        )
        expect(e).toBeInstanceOf(InputError)
        messages.push((e as Error).message)
      }
      expect(messages[0]).toMatch(expected)
      expect(messages[1]).toBe(messages[0])
    }
  })

  it.skipIf(noGdal)(`a record broken in the middle of the file ends the publish with one line naming it${noGdal ? ` (skipped: ${noGdal})` : ''}`, async () => {
    const shp = path.join(dir, 'broken.shp')
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, geojson('for-broken.geojson', features(2000))])
    // Record 1500's shape type (its offset from the .shx, in 16-bit words) becomes one no Shapefile has.
    const at = readFileSync(path.join(dir, 'broken.shx')).readUInt32BE(100 + 1500 * 8) * 2 + 8
    const bytes = readFileSync(shp)
    bytes.writeInt32LE(77, at)
    writeFileSync(shp, bytes)
    const messages: string[] = []
    for (const mode of ['inline', 'thread'] as const) {
      const e = await publish(shp, mode).then(
        () => null,
        (err: unknown) => err,
      )
      expect(e).toBeInstanceOf(InputError)
      messages.push((e as Error).message)
    }
    expect(messages[0]).toMatch(/^[^\n]*broken\.shp: is damaged: shape 1501 has an unknown shape type \(77\)[^\n]*$/)
    expect(messages[1]).toBe(messages[0])
  })

  it('a file changed between the two readings is refused, not published with the other reading\'s checks', async () => {
    // The pass reads one version, the thread (which reads `file`) another: as when the officer's GIS writes the
    // file again between the two readings.
    const data = await openGeoJsonFile(geojson('before.geojson', features(3000)), 0)
    const file = geojson('changing.geojson', features(2500))
    const metadata = validateMetadata({ title: 'x', access: 'internal' }, 'test')
    const options = { id: 'p', file, metadata, style: defaultVectorStyle('Polygon', '#336699'), projections, source: {}, checks: 'thread' as const }
    await expect(prepareVectorLayer(data, options)).rejects.toThrow(/changing\.geojson: changed while it was being published/)
  })

  it('an error in the thread reaches the caller as the error it is (a file gone before the thread read it)', async () => {
    const thread = new ChecksThread({ file: path.join(dir, 'gone.geojson'), input: {}, metadata: validateMetadata({ title: 'x' }, 'test'), count: 1 })
    try {
      await expect(thread.seen()).rejects.toThrow(InputError)
    } finally {
      thread.close()
    }
  })

  it('is chosen for large Shapefiles only, and can be forced either way', () => {
    const saved = process.env.GEOPORTAL_CHECKS
    delete process.env.GEOPORTAL_CHECKS
    try {
      const twoCores = os.availableParallelism() > 1
      const large = { count: 200_000, streamed: true }
      expect(checksThreadWanted('a.shp', large)).toBe(twoCores)
      expect(checksThreadWanted('a.SHP', large)).toBe(twoCores)
      expect(checksThreadWanted('a.geojson', large)).toBe(false)
      expect(checksThreadWanted('a.shp', { count: 50_000, streamed: true })).toBe(false)
      // Read whole (a small file): a second reading would be a second copy in memory.
      expect(checksThreadWanted('a.shp', { count: 200_000, streamed: false })).toBe(false)
      expect(checksThreadWanted('a.csv', { count: 10, streamed: false }, 'thread')).toBe(true)
      process.env.GEOPORTAL_CHECKS = 'inline'
      expect(checksThreadWanted('a.shp', large)).toBe(false)
      expect(checksThreadWanted('a.shp', large, 'thread')).toBe(true)
      process.env.GEOPORTAL_CHECKS = 'thread'
      expect(checksThreadWanted('a.csv', { count: 10, streamed: false })).toBe(true)
    } finally {
      if (saved === undefined) delete process.env.GEOPORTAL_CHECKS
      else process.env.GEOPORTAL_CHECKS = saved
    }
  })
})
