// geoportal service add|remove against real services: Debian's MapServer (WMS, test/services/mapserver.ts) and a
// local WMTS modelled on Geobasis NRW / basemap.de (test/services/wmts.ts). No outside host is contacted.
import { promises as fs } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseCatalog, type Catalog, type ServiceLayerEntry } from '../../src/model/catalog.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'
import { mapserverUnavailable, startMapServer, type MapServer } from '../../test/services/mapserver.ts'
import { startWmtsServer, type WmtsServer } from '../../test/services/wmts.ts'
import { toDcat } from '../dcat/dcat.ts'
import { main } from '../main.ts'
import { copyCatalog } from './build.ts'

const box = useCliSandbox('service')
const readCatalog = async (dir = box.catalog) => JSON.parse(await fs.readFile(path.join(dir, 'catalog.json'), 'utf8')) as Catalog
const printed = () => (console.log as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => String(c[0])).join('\n')

const missing = mapserverUnavailable()
if (missing) console.warn(`skipped: MapServer tests — ${missing}`)

describe.skipIf(missing)('service add (WMS, MapServer)', () => {
  let ms: MapServer
  let caps: string
  beforeAll(async () => {
    ms = await startMapServer()
    caps = `${ms.url}?SERVICE=WMS&REQUEST=GetCapabilities`
  })
  afterAll(() => ms?.close())

  it('without --layer lists the layers (name, title) and writes nothing', async () => {
    expect(await main(['service', 'add', '--url', caps, '--catalog', box.catalog])).toBe(0)
    expect(printed()).toMatch(/WMS "Geoportal Soest Test-WMS": 3 layers/)
    expect(printed()).toMatch(/bezirke\s+Demo: Bezirke \(MapServer\)/)
    expect(printed()).toMatch(/gelaende\s+Demo: Gelände \(MapServer\)/)
    await expect(fs.access(box.catalog)).rejects.toThrow()
    vi.mocked(console.log).mockClear()
    expect(await main(['service', 'add', '--url', caps, '--json'])).toBe(0)
    expect(JSON.parse(printed()).layers).toContainEqual({ name: 'bezirke', title: 'Demo: Bezirke (MapServer)' })
  })

  it('with --layer writes an entry and a layer.json from the capabilities; check passes; DCAT gets a service distribution', async () => {
    expect(await main(['service', 'add', '--url', caps, '--layer', 'bezirke', '--catalog', box.catalog, '--access', 'public'])).toBe(0)
    expect(box.errors).toEqual([])
    const c = await readCatalog()
    const { catalog, rejected } = parseCatalog(c)
    expect(rejected).toEqual([])
    const e = catalog.layers[0] as ServiceLayerEntry
    expect(e).toMatchObject({
      id: 'bezirke',
      kind: 'service',
      service: 'wms',
      layers: 'bezirke',
      format: 'image/png',
      version: '1.3.0',
      queryable: true,
      infoFormat: 'text/plain',
      attribution: 'Demo-Daten Stadt Soest (MapServer)',
      title: 'Demo: Bezirke (MapServer)',
      description: 'Erfundene Stadtbezirke, von MapServer als WMS ausgeliefert.',
      keywords: ['Bezirk', 'Verwaltungsgrenze'],
      // MAXSCALEDENOM 250000 → map zoom log2(279541132 / 250000) = 10.13
      minZoom: 10.1,
    })
    expect(e.url).toBe(`${ms.url}?`)
    expect(e.legendUrl).toMatch(/request=GetLegendGraphic.*layer=bezirke/i)
    expect(e.capabilitiesUrl).toBe(caps)
    expect(e).not.toHaveProperty('href')
    // Extent from the capabilities' EPSG:4326 box (the districts' own extent, 8.0238–8.1902 E, 51.5166–51.6262 N).
    expect(e.bbox4326[0]).toBeCloseTo(8.0238, 3)
    expect(e.bbox4326[3]).toBeCloseTo(51.6262, 3)
    expect(e.bbox[0]).toBeGreaterThan(432000)
    expect(e.bbox[2]).toBeLessThan(444500)
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, e.metaHref), 'utf8'))
    expect(doc).toMatchObject({ id: 'bezirke', kind: 'service', quality: { external: true, findings: [] }, files: [] })
    expect(doc.metadata).toMatchObject({ title: 'Demo: Bezirke (MapServer)', category: 'Geodaten', access: 'public' })
    expect(doc.metadata.lineage).toContain(caps)
    // Only layer.json in the version folder: nothing of the service's data is copied.
    expect(await fs.readdir(path.dirname(path.join(box.catalog, e.metaHref)))).toEqual(['layer.json'])

    expect(await main(['check', '--catalog', box.catalog])).toBe(0)
    // The same input again: unchanged, byte-identical catalog.
    const before = await fs.readFile(path.join(box.catalog, 'catalog.json'))
    expect(await main(['service', 'add', '--url', caps, '--layer', 'bezirke', '--catalog', box.catalog])).toBe(0)
    expect(printed()).toMatch(/unchanged: bezirke/)
    expect(await fs.readFile(path.join(box.catalog, 'catalog.json'))).toEqual(before)

    const { document } = toDcat(catalog, { bezirke: doc }, { baseUrl: 'https://geoportal.soest.de/' })
    const ds = (document['@graph'] as Record<string, unknown>[]).find((n) => n['@type'] === 'dcat:Dataset')!
    const [dist, meta] = ds['dcat:distribution'] as Record<string, unknown>[]
    expect(dist['dct:format']).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/file-type/WMS_SRVC' })
    expect(dist['dcat:accessURL']).toEqual({ '@id': caps })
    expect(dist).not.toHaveProperty('dcat:downloadURL')
    expect(dist['dcat:accessService']).toMatchObject({ '@type': 'dcat:DataService', 'dcat:endpointURL': { '@id': `${ms.url}?` }, 'dcat:endpointDescription': { '@id': caps } })
    expect(meta['dcat:downloadURL']).toEqual({ '@id': `https://geoportal.soest.de/${e.metaHref}` })
    expect(ds).not.toHaveProperty('dct:conformsTo')
  })

  it('an internal service layer stays out of a public build; service remove takes it out', async () => {
    expect(await main(['service', 'add', '--url', caps, '--layer', 'gelaende', '--id', 'gelaende-intern', '--access', 'internal', '--catalog', box.catalog])).toBe(0)
    expect(await main(['service', 'add', '--url', caps, '--layer', 'bezirke', '--catalog', box.catalog])).toBe(0)
    const out = path.join(box.dir, 'site')
    await fs.mkdir(out)
    const built = await copyCatalog(box.catalog, out, false)
    expect(built.layers.map((l) => l.id)).toEqual(['bezirke'])
    expect(await fs.readdir(path.join(out, 'layers'))).toEqual(['bezirke'])
    expect(await fs.readFile(path.join(out, 'catalog.json'), 'utf8')).not.toContain('gelaende')
    expect(await main(['service', 'remove', 'gelaende-intern', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).layers.map((l) => l.id)).toEqual(['bezirke'])
    await expect(fs.access(path.join(box.catalog, 'layers', 'gelaende-intern'))).rejects.toThrow()
  })

  it('refuses a missing layer, an unreachable service, an error page and bad XML in one line, catalog untouched', async () => {
    expect(await main(['service', 'add', '--url', caps, '--layer', 'bezirke', '--catalog', box.catalog])).toBe(0)
    const before = await fs.readFile(path.join(box.catalog, 'catalog.json'))
    const bad = http.createServer((req, res) => {
      if (req.url?.startsWith('/broken')) res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<WMS_Capabilities version="1.3.0"><Service><Title>kaputt</Title></Serv')
      else if (req.url?.startsWith('/html')) res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Wartungsarbeiten</body></html>')
      else if (req.url?.startsWith('/exception')) res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<ServiceExceptionReport><ServiceException>msWMSLoadGetMapParams(): Wrong layer</ServiceException></ServiceExceptionReport>')
      else res.writeHead(500).end()
    })
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r))
    const port = (bad.address() as AddressInfo).port
    // A port nothing listens on: a server started and closed.
    const gone = http.createServer()
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r))
    const gonePort = (gone.address() as AddressInfo).port
    await new Promise<void>((r) => gone.close(() => r()))
    try {
      const cases: [string, string, RegExp][] = [
        [caps, 'nix', /no layer "nix" \(available: soest_test, gelaende, bezirke\)/],
        [`http://127.0.0.1:${gonePort}/wms?SERVICE=WMS&REQUEST=GetCapabilities`, 'x', /service not reachable \(ECONNREFUSED\)/],
        [`http://127.0.0.1:${port}/500`, 'x', /answered HTTP 500/],
        [`http://127.0.0.1:${port}/html`, 'x', /not a capabilities document/],
        [`http://127.0.0.1:${port}/exception`, 'x', /reported an error: msWMSLoadGetMapParams\(\): Wrong layer/],
        [`http://127.0.0.1:${port}/broken`, 'x', /not well-formed XML \(Missing end tag for element Service \(line 1, column 65\)\)/],
        ['ftp://example.org/wms', 'x', /only http\(s\) services/],
      ]
      for (const [url, layer, reason] of cases) {
        box.errors.length = 0
        expect(await main(['service', 'add', '--url', url, '--layer', layer, '--catalog', box.catalog]), url).toBe(1)
        expect(box.errors, url).toHaveLength(1)
        expect(box.errors[0], url).toMatch(/^geoportal service: /)
        expect(box.errors[0], url).toMatch(reason)
        expect(await fs.readFile(path.join(box.catalog, 'catalog.json')), url).toEqual(before)
      }
    } finally {
      await new Promise<void>((r) => bad.close(() => r()))
    }
  })
})

describe('service add (WMTS, local server modelled on Geobasis NRW / basemap.de)', () => {
  let s: WmtsServer
  beforeAll(async () => {
    s = await startWmtsServer()
  })
  afterAll(() => s?.close())

  it('resolves the RESTful template of the Web Mercator matrix set (not the UTM one) and the KVP one', async () => {
    expect(await main(['service', 'add', '--url', s.url, '--catalog', box.catalog])).toBe(0)
    expect(printed()).toMatch(/WMTS "Test-WMTS \(nach Geobasis NRW \/ basemap\.de\)": 2 layers/)
    expect(await main(['service', 'add', '--url', s.url, '--layer', 'demo_dop', '--catalog', box.catalog])).toBe(0)
    expect(await main(['service', 'add', '--url', s.url, '--layer', 'demo_kvp', '--id', 'kvp', '--catalog', box.catalog])).toBe(0)
    const { catalog, rejected } = parseCatalog(await readCatalog())
    expect(rejected).toEqual([])
    const [rest, kvp] = catalog.layers as ServiceLayerEntry[]
    expect(rest).toMatchObject({
      id: 'demo_dop',
      service: 'wmts',
      version: '1.0.0',
      url: `${s.base}/tile/1.0.0/demo_dop/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png`,
      legendUrl: `${s.base}/legend/demo_dop.png`,
      // Matrices 0 … 16 of 256 px tiles: map zoom up to 15.
      maxZoom: 15,
      bbox4326: [7.98, 51.5, 8.23, 51.64],
      license: 'Datenlizenz Deutschland – Zero – Version 2.0',
    })
    expect(rest.queryable).toBeUndefined()
    expect(kvp.url).toBe(`${s.base}/kvp?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=demo_kvp&STYLE=grau&FORMAT=image%2Fpng&TILEMATRIXSET=EPSG%3A3857&TILEMATRIX=EPSG%3A3857%3A{z}&TILEROW={y}&TILECOL={x}`)
    // The templates really fetch tiles from the server (z 12 around Soest).
    for (const t of [rest.url, kvp.url]) {
      const res = await fetch(t.replace('{z}', '12').replace('{x}', '2139').replace('{y}', '1363'))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
    }
    expect(s.tiles).toEqual([
      { z: 12, x: 2139, y: 1363, kvp: false },
      { z: 12, x: 2139, y: 1363, kvp: true },
    ])
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, rest.metaHref), 'utf8'))
    expect(doc.metadata.contact).toEqual({ name: 'Test-Landesvermessung', email: 'service@example.org' })
    expect(await main(['check', '--catalog', box.catalog])).toBe(0)
  })
})
