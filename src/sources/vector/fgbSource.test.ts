// The map's FlatGeobuf loader against its catalog entry's size, over real HTTP Range requests (issue #20: a
// FlatGeobuf cut short by an interrupted upload was drawn in part, with no error).
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../model/catalog.ts'
import { Projections } from '../../projection/registry.ts'
import { flatGeobufLayout } from './fgbHeader.ts'
import { FgbVectorSource } from './fgbSource.ts'
import { labelPoint } from '../../projection/labelPoint.ts'

const data = new URL('../../../data/', import.meta.url)
const trees = (JSON.parse(readFileSync(new URL('catalog.json', data), 'utf8')) as Catalog).layers.find((l) => l.id === 'demo-baeume') as VectorLayerEntry
const whole = new Uint8Array(readFileSync(new URL(trees.href, data)))
const districts = (JSON.parse(readFileSync(new URL('catalog.json', data), 'utf8')) as Catalog).layers.find((l) => l.id === 'demo-bezirke') as VectorLayerEntry

/** Where the file's last feature starts (its last index leaf), so a cut can fall inside it. */
function lastFeatureStart(bytes: Uint8Array): number {
  const l = flatGeobufLayout(bytes)
  return l.featuresOffset + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(l.featuresOffset - 8, true))
}

const files: Record<string, Uint8Array> = {
  '/whole.fgb': whole,
  // Cut inside the last feature: the index still fits, so the file's own checks pass.
  '/cut.fgb': whole.subarray(0, Math.floor((lastFeatureStart(whole) + whole.length) / 2)),
  '/half.fgb': whole.subarray(0, whole.length >> 1),
  '/districts.fgb': new Uint8Array(readFileSync(new URL(districts.href, data))),
}
const heads: string[] = []
/** Range GET requests as "<path> <first>-<last>". */
const gets: string[] = []
let server: http.Server
let base = ''

beforeAll(async () => {
  // /total/… states the size in Content-Range as static servers do; /unknown/… answers "bytes a-b/*" (allowed by
  // RFC 9110), so only a HEAD request can tell the size.
  server = http.createServer((req, res) => {
    const [, mode, name] = /^\/(total|unknown)(\/.*)$/.exec(req.url ?? '') ?? []
    const body = files[name ?? '']
    if (!body) return res.writeHead(404).end()
    if (req.method === 'HEAD') {
      heads.push(req.url!)
      return res.writeHead(200, { 'Content-Length': body.length }).end()
    }
    gets.push(`${req.url} ${(req.headers.range ?? '').replace('bytes=', '')}`)
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
    if (!m) return res.writeHead(200, { 'Content-Length': body.length }).end(body)
    const a = +m[1]
    const b = Math.min(+m[2], body.length - 1)
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${mode === 'total' ? body.length : '*'}`, 'Content-Length': b - a + 1 }).end(body.subarray(a, b + 1))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const projections = new Projections()
const soest: [number, number, number, number] = [7.9, 51.4, 8.3, 51.7]
const load = (path: string, bytes?: number) => new FgbVectorSource(`${base}${path}`, projections, { extent: trees.bbox, bytes }).load(soest)

describe('FlatGeobuf size against the catalog entry', () => {
  it('loads the whole file', async () => {
    expect((await load('/total/whole.fgb', trees.bytes)).features).toHaveLength(trees.featureCount)
  })

  it('refuses a file cut inside its last feature, naming the file and both sizes', async () => {
    const cut = files['/cut.fgb'].length
    await expect(load('/total/cut.fgb', trees.bytes)).rejects.toThrow(`cut.fgb does not match the catalog: ${cut} bytes, the catalog says ${trees.bytes}`)
    // One HEAD request when the Range answers do not state the size.
    heads.length = 0
    await expect(load('/unknown/cut.fgb', trees.bytes)).rejects.toThrow(`does not match the catalog: ${cut} bytes`)
    expect(heads).toEqual(['/unknown/cut.fgb'])
  })

  it('refuses half a file (its own index check says so first)', async () => {
    await expect(load('/total/half.fgb', trees.bytes)).rejects.toThrow(/half\.fgb is truncated/)
  })

  it('refuses a file larger than the catalog says', async () => {
    await expect(load('/total/whole.fgb', trees.bytes - 1)).rejects.toThrow(`whole.fgb does not match the catalog: ${whole.length} bytes, the catalog says ${trees.bytes - 1}`)
  })

  it('draws what it can where the catalog states no size (older catalogs)', async () => {
    expect((await load('/total/cut.fgb')).features.length).toBeGreaterThan(0)
    expect((await load('/total/cut.fgb', 'x' as unknown as number)).features.length).toBeGreaterThan(0)
  })
})

describe('loading by boxes (the map loads cell by cell)', () => {
  it('gives each feature its position in the file as id, once per load even where boxes overlap', async () => {
    const source = new FgbVectorSource(`${base}/total/whole.fgb`, projections, { extent: trees.bbox, bytes: trees.bytes })
    const all = (await source.load(soest)).features
    const ids = all.map((f) => f.id).sort((a, b) => a - b)
    expect(ids).toEqual([...Array(trees.featureCount).keys()])
    // The ids are the file's positions: the same as reading the whole file in order.
    const inOrder = (await import('flatgeobuf/lib/mjs/geojson.js')).deserialize(whole)
    const byId = new Map(all.map((f) => [f.id, f]))
    let i = 0
    for await (const f of inOrder) expect(byId.get(i++)!.properties).toEqual(f.properties)
    // Two overlapping halves of the extent: every feature once.
    const [x0, y0, x1, y1] = trees.bbox
    const mid = (x0 + x1) / 2
    const r = await source.loadRects([
      [x0 - 1, y0 - 1, mid + 500, y1 + 1],
      [mid - 500, y0 - 1, x1 + 1, y1 + 1],
    ])
    expect(r.features.map((f) => f.id).sort((a, b) => a - b)).toEqual(ids)
    expect(r.labels).toBeUndefined()
  })

  it('computes label points in the loader when asked (off the map’s thread)', async () => {
    const source = new FgbVectorSource(`${base}/total/districts.fgb`, projections, { extent: districts.bbox, bytes: districts.bytes })
    const r = await source.loadRects([districts.bbox], undefined, { labels: true })
    expect(r.features).toHaveLength(districts.featureCount)
    expect(r.labels).toHaveLength(r.features.length)
    // Each feature's own label point (the one the map computed before), in lon/lat.
    r.features.forEach((f, i) => {
      expect(r.labels![i]).not.toBeNull()
      expect(r.labels![i]).toEqual(labelPoint(f.geometry))
    })
  })
})

describe('round trips (issue #21: a phone network pays ~150 ms for each)', () => {
  it('reads a small layer in one request, and its next views from what it kept', async () => {
    gets.length = 0
    const source = new FgbVectorSource(`${base}/total/districts.fgb`, projections, { extent: districts.bbox, bytes: districts.bytes })
    expect((await source.loadRects([districts.bbox])).features).toHaveLength(districts.featureCount)
    const [x0, y0, x1, y1] = districts.bbox
    expect((await source.loadRects([[x0, y0, (x0 + x1) / 2, (y0 + y1) / 2]])).features.length).toBeGreaterThan(0)
    expect(gets).toEqual([`/total/districts.fgb 0-${64 * 1024 - 1}`])
  })

  it('reads header and index of a larger layer once, ahead of the first load when asked to (prepare)', async () => {
    gets.length = 0
    const source = new FgbVectorSource(`${base}/total/whole.fgb`, projections, { extent: trees.bbox, bytes: trees.bytes })
    source.prepare()
    await source.loadRects([trees.bbox])
    await source.loadRects([trees.bbox])
    const { featuresOffset } = flatGeobufLayout(whole)
    // Header and index lie within [0, featuresOffset): read by one request (the first 64 KiB hold both), never again.
    const headerOrIndex = gets.filter((g) => Number(/ (\d+)-/.exec(g)![1]) < featuresOffset)
    expect(featuresOffset).toBeLessThan(64 * 1024)
    expect(headerOrIndex).toEqual([`/total/whole.fgb 0-${64 * 1024 - 1}`])
  })
})
