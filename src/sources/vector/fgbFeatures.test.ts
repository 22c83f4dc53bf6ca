// Features by position over real HTTP Range requests, against flatgeobuf's own full scan; and the exports.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnsFromFeatures, type VectorFeature } from '../../../cli/vector/model.ts'
import { writeFlatGeobuf } from '../../../cli/writers/flatgeobuf.ts'
import { Projections } from '../../projection/registry.ts'
import { exportLayer, groupRuns, normaliseIds, readFeaturesAt } from './fgbFeatures.ts'

function squares(n: number): VectorFeature[] {
  return Array.from({ length: n }, (_, i) => {
    const x = 430000 + ((i * 7919) % 10000)
    const y = 5708000 + ((i * 104729) % 10000)
    return {
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]] },
      properties: { nr: i, name: i % 3 ? `Fläche; "${i}"` : `=SUMME(${i})`, area: 100.5 },
    }
  })
}
const points: VectorFeature[] = [
  { geometry: { type: 'Point', coordinates: [432553.84, 5709134.95] }, properties: { nr: 1, name: 'a' } },
  { geometry: { type: 'Point', coordinates: [433000, 5710000] }, properties: { nr: 2, name: 'b\nc' } },
]

const files: Record<string, Uint8Array> = {}
let server: http.Server
let base = ''
const requests: string[] = []
const projections = new Projections()

beforeAll(async () => {
  const f = squares(3000)
  files['/squares.fgb'] = writeFlatGeobuf(f, { columns: columnsFromFeatures(f), crsCode: 25832 })
  files['/points.fgb'] = writeFlatGeobuf(points, { columns: columnsFromFeatures(points), crsCode: 25832 })
  server = http.createServer((req, res) => {
    const body = files[req.url ?? '']
    if (!body) return res.writeHead(404).end()
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
    requests.push(`${req.url} ${req.headers.range ?? ''}`)
    if (!m) return res.writeHead(200, { 'Content-Length': body.length }).end(body)
    const a = +m[1]
    const b = Math.min(+m[2], body.length - 1)
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${body.length}`, 'Content-Length': b - a + 1 }).end(body.subarray(a, b + 1))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

async function scan(bytes: Uint8Array) {
  const out: { geometry: { coordinates: number[][][] }; properties: Record<string, unknown> }[] = []
  for await (const f of deserialize(bytes)) out.push(f as never)
  return out
}

describe('helpers', () => {
  it('groups positions into runs and normalises ids', () => {
    expect(groupRuns([1, 2, 3, 10, 11, 100], 5)).toEqual([[1, 3], [10, 11], [100, 100]])
    expect(groupRuns([1, 2, 3, 4], 5, 2)).toEqual([[1, 3], [4, 4]])
    expect(normaliseIds([5, 3, 3, -1, 1.5, 10, 9], 10)).toEqual([3, 5, 9])
    expect(normaliseIds([4, 3, 2, 1], 10, 2)).toEqual([1, 2])
  })
})

describe('readFeaturesAt', () => {
  it('returns exactly the features at those file positions, with the union of their boxes', async () => {
    const all = await scan(files['/squares.fgb'])
    const ids = [0, 1, 2, 500, 501, 1700, 2999, 4000]
    requests.length = 0
    const r = await readFeaturesAt(`${base}/squares.fgb`, ids, projections)
    expect(r.features.map((f) => f.id)).toEqual([0, 1, 2, 500, 501, 1700, 2999])
    expect(r.skipped).toBe(1)
    for (const f of r.features) expect(f.properties).toEqual(all[f.id].properties)
    // Geometry reprojected to lon/lat, the box covers the originals.
    const lon = (f: (typeof r.features)[number]) => (f.geometry.coordinates as number[][][])[0][0][0]
    expect(lon(r.features[0])).toBeGreaterThan(7)
    expect(lon(r.features[0])).toBeLessThan(9)
    const xs = ids.filter((i) => i < 3000).flatMap((i) => all[i].geometry.coordinates[0].map((p) => p[0]))
    expect(r.bbox![0]).toBeCloseTo(Math.min(...xs), 6)
    expect(r.bbox![2]).toBeCloseTo(Math.max(...xs), 6)
    expect(r.bbox4326![0]).toBeGreaterThan(7.9)
    // Header + a few leaf and feature requests, not one per feature.
    expect(requests.length).toBeLessThanOrEqual(1 + 4 + 5)
  })

  it('reads nothing for ids outside the file', async () => {
    const r = await readFeaturesAt(`${base}/points.fgb`, [7, 8], projections)
    expect(r).toMatchObject({ features: [], bbox: null, skipped: 2 })
  })
})

describe('exportLayer', () => {
  it('writes RFC 7946 GeoJSON in lon/lat with all features', async () => {
    const blob = await exportLayer(`${base}/squares.fgb`, 'geojson', projections, { geometryType: 'Polygon' })
    const fc = JSON.parse(await blob.text())
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(3000)
    const ring = fc.features[0].geometry.coordinates[0] as number[][]
    expect(ring[0][0]).toBeGreaterThan(7.9)
    expect(ring[0][1]).toBeGreaterThan(51.4)
    // Exterior ring counterclockwise.
    let a = 0
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
    expect(a).toBeGreaterThan(0)
  })

  it('writes CSV with BOM, semicolons, WKT in EPSG:25832 and easting/northing for points', async () => {
    const progress: number[] = []
    const blob = await exportLayer(`${base}/points.fgb`, 'csv', projections, { geometryType: 'Point', onProgress: (p) => progress.push(p.done) })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.subarray(3))
    // Lines in file order (Hilbert order), so compared as a set.
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('nr;name;wkt_epsg25832;ostwert;nordwert')
    expect(lines.slice(1).sort()).toEqual(['', '1;a;POINT (432553.84 5709134.95);432553,84;5709134,95', '2;"b\nc";POINT (433000 5710000);433000;5710000'])
    expect(progress.length).toBeGreaterThan(0)
  })
})
