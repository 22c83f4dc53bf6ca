import { promises as fs } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { Projections } from '../../src/projection/registry.ts'
import { main } from '../main.ts'
import { copyCatalog } from './build.ts'
import { snapshotFiles, useCliSandbox } from '../../test/helpers/cliSandbox.ts'
import { writeFlatGeobuf } from '../writers/flatgeobuf.ts'
import { columnsFromFeatures, type VectorFeature } from '../vector/model.ts'
import { decodeTile, tileOf } from '../basemap/decode.ts'
import { openArchive } from '../basemap/inspect.ts'
import { Compression, PmtilesWriter, TileType } from '../basemap/pmtiles.ts'

const box = useCliSandbox('basemap')
const FIXTURE = path.resolve('test/fixtures/wmts/basemapde-capabilities.xml')
const E0 = 438000
const N0 = 5714000
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')

const write = async (name: string, content: string | Uint8Array) => {
  const f = path.join(box.dir, name)
  await fs.writeFile(f, content)
  return f
}
const fgb = (features: VectorFeature[]) => writeFlatGeobuf(features, { columns: columnsFromFeatures(features), crsCode: 25832 })
const readCatalog = async () => JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
const snapshot = () => snapshotFiles(box.catalog)
/** The files a self-hosted base map's entry names (basemaps/<id>/<version>/…), as paths in the catalog folder. */
const hosted = async (id: string) => {
  const b = (await readCatalog()).basemaps!.find((x) => x.id === id) as { url: string; style: string }
  return { url: b.url, style: b.style, archive: path.join(box.catalog, b.url), styleFile: path.join(box.catalog, b.style) }
}

async function inputs() {
  const roads = await write('strassen.fgb', fgb([
    { geometry: { type: 'LineString', coordinates: [[E0 - 800, N0], [E0 + 800, N0]] }, properties: { strassenname: 'Marktstraße', widmung: 'Gemeindestraße' } },
    { geometry: { type: 'LineString', coordinates: [[E0, N0 - 800], [E0, N0 + 800]] }, properties: { strassenname: 'Hellweg', widmung: 'Bundesstraße' } },
  ]))
  const houses = await write('gebaeude.fgb', fgb([{ geometry: { type: 'Polygon', coordinates: [[[E0 + 20, N0 + 20], [E0 + 40, N0 + 20], [E0 + 40, N0 + 35], [E0 + 20, N0 + 35], [E0 + 20, N0 + 20]]] }, properties: { funktion: 'Wohnhaus' } }]))
  const [lon, lat] = toLonLat([E0 + 300, N0 + 300])
  const water = await write('teich.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Großer Teich' }, geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.003, lat], [lon + 0.003, lat + 0.002], [lon, lat + 0.002], [lon, lat]]] } }] }))
  return { roads, houses, water }
}

async function buildDemo(extra: string[] = []) {
  const { roads, houses, water } = await inputs()
  return main(['basemap', 'build', '--catalog', box.catalog, '--id', 'stadt', '--title', 'Stadtplan', '--attribution', '© Stadt Soest', '--roads', roads, '--buildings', houses, '--water', water, ...extra])
}

describe('geoportal basemap build', () => {
  it('builds archive and style into basemaps/<id>/ and registers the entry', async () => {
    expect(await buildDemo(['--default'])).toBe(0)
    const c = await readCatalog()
    const version = /^basemaps\/stadt\/([0-9a-f]{12})\/stadt\.pmtiles$/.exec(c.basemaps![0].kind === 'pmtiles' ? c.basemaps![0].url : '')?.[1]
    expect(version).toBeTruthy()
    expect(c.basemaps).toEqual([{ id: 'stadt', title: 'Stadtplan', kind: 'pmtiles', url: `basemaps/stadt/${version}/stadt.pmtiles`, style: `basemaps/stadt/${version}/style.json`, attribution: '© Stadt Soest' }])
    expect(c.defaultBasemap).toBe('stadt')
    const style = JSON.parse(await fs.readFile(path.join(box.catalog, `basemaps/stadt/${version}/style.json`), 'utf8'))
    expect(style.sources.basemap.url).toBe(`pmtiles://basemaps/stadt/${version}/stadt.pmtiles`)
    const archive = openArchive(new Uint8Array(await fs.readFile(path.join(box.catalog, `basemaps/stadt/${version}/stadt.pmtiles`))))
    const [lon, lat] = toLonLat([E0 + 30, N0 + 30])
    const [x, y] = tileOf(lon, lat, 15)
    const features = await decodeTile(archive, 15, x, y)
    // Street names come from strassenname, classes from the German road categories in widmung.
    const roads = features.filter((f) => f.layer === 'roads').map((f) => [f.properties.name, f.properties.kind]).sort()
    expect(roads).toEqual([['Hellweg', 'major_road'], ['Marktstraße', 'minor_road']])
    expect(features.some((f) => f.layer === 'buildings')).toBe(true)
    const [plon, plat] = toLonLat([E0 + 400, N0 + 400])
    const pond = (await decodeTile(archive, 15, ...tileOf(plon, plat, 15))).find((f) => f.layer === 'water')
    expect(pond?.properties).toMatchObject({ name: 'Großer Teich', kind: 'water' })
    // The leftovers of staging are gone.
    expect((await fs.readdir(path.join(box.catalog, 'basemaps'))).sort()).toEqual(['stadt'])
  })

  it('goes into a site build with its two files (remote base maps as entries only)', async () => {
    expect(await buildDemo()).toBe(0)
    expect(await main(['basemap', 'add', '--catalog', box.catalog, '--id', 'vektor', '--title', 'V', '--attribution', 'A', '--style', 'https://example.org/s.json'])).toBe(0)
    const site = path.join(box.dir, 'site')
    await fs.mkdir(site)
    const c = await copyCatalog(box.catalog, site, false)
    expect(c.basemaps!.map((b) => b.id)).toEqual(['stadt', 'vektor'])
    const { url } = await hosted('stadt')
    const folder = path.dirname(url)
    expect((await fs.readdir(path.join(site, folder))).sort()).toEqual(['stadt.pmtiles', 'style.json'])
    for (const f of ['stadt.pmtiles', 'style.json']) {
      expect(Buffer.compare(await fs.readFile(path.join(site, folder, f)), await fs.readFile(path.join(box.catalog, folder, f)))).toBe(0)
    }
    expect(await fs.readdir(path.join(site, 'basemaps'))).toEqual(['stadt'])
  })

  it('never follows a symlinked base-map folder: remove, rebuild and build stop, check reports it', async () => {
    expect(await buildDemo()).toBe(0)
    const outside = path.join(box.dir, 'fremd')
    await fs.rename(path.join(box.catalog, 'basemaps/stadt'), outside)
    await fs.symlink(outside, path.join(box.catalog, 'basemaps/stadt'))
    const before = (await fs.readdir(outside)).sort()
    box.errors = []
    expect(await main(['basemap', 'remove', 'stadt', '--catalog', box.catalog])).toBe(1)
    expect(await buildDemo()).toBe(1)
    expect(box.errors.every((e) => /basemaps\/stadt is a symbolic link/.test(e))).toBe(true)
    expect((await fs.readdir(outside)).sort()).toEqual(before)
    const site = path.join(box.dir, 'site')
    await fs.mkdir(site)
    await expect(copyCatalog(box.catalog, site, false)).rejects.toThrow(/symbolic link/)
    box.errors = []
    expect(await main(['check', '--catalog', box.catalog])).toBe(1)
  })

  it('reports its phases on stderr with --progress, and prints the summary on stdout', async () => {
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0)
    expect(await buildDemo(['--progress', '--json'])).toBe(0)
    const progress = written.join('')
    expect(progress).toMatch(/reading .*strassen\.fgb … done/)
    expect(progress).toMatch(/cutting tiles at zoom 0 … done[\s\S]*cutting tiles at zoom 15 … done/)
    expect(progress).toMatch(/updating the catalog … done\n.*finished\n$/)
    const summary = JSON.parse(String(vi.mocked(console.log).mock.calls.at(-1)?.[0]))
    expect(summary).toMatchObject({ outcome: 'created', id: 'stadt', minZoom: 0, maxZoom: 15, features: { roads: 2, buildings: 1, water: 1, earth: 1 } })
  })

  it('is checked by geoportal check: a damaged archive or a missing style fails the check', async () => {
    expect(await buildDemo()).toBe(0)
    expect(await main(['check', '--catalog', box.catalog])).toBe(0)
    const log = vi.mocked(console.log)
    const { archive, styleFile } = await hosted('stadt')
    await fs.writeFile(archive, (await fs.readFile(archive)).subarray(0, 300))
    await fs.rm(styleFile)
    log.mockClear()
    expect(await main(['check', '--catalog', box.catalog])).toBe(1)
    const out = log.mock.calls.map((c) => String(c[0])).join('\n')
    expect(out).toMatch(/! base map stadt: basemaps\/stadt\/[0-9a-f]{12}\/stadt\.pmtiles: is damaged/)
    expect(out).toMatch(/! base map stadt: basemaps\/stadt\/[0-9a-f]{12}\/style\.json: missing/)
  })

  it('takes place names from a CSV with coordinate columns', async () => {
    const csv = await write('orte.csv', 'Ort;Rechts;Hoch;EW\nDemo-Stadt;438000;5714000;48000\nKleindorf;440000;5716000;300\n')
    expect(await main(['basemap', 'build', '--catalog', box.catalog, '--id', 'orte', '--title', 'Orte', '--attribution', 'A', '--places', csv, '--x', 'Rechts', '--y', 'Hoch', '--crs', 'EPSG:25832', '--name-attr', 'Ort', '--population', 'EW'])).toBe(0)
    const archive = openArchive(new Uint8Array(await fs.readFile((await hosted('orte')).archive)))
    const [lon, lat] = toLonLat([E0, N0])
    const town = (await decodeTile(archive, 10, ...tileOf(lon, lat, 10))).find((f) => f.layer === 'places')
    expect(town?.properties).toMatchObject({ name: 'Demo-Stadt', population: 48000, kind: 'locality' })
    const [tlon, tlat] = town!.geometry.coordinates as number[]
    expect(Math.abs(tlon - lon) + Math.abs(tlat - lat)).toBeLessThan(0.001)
  })

  it('takes public vector layers of the catalog by @id, and refuses internal ones', async () => {
    const area = await write('gebiet.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Demo-Stadt' }, geometry: { type: 'Polygon', coordinates: [[[8.08, 51.56], [8.13, 51.56], [8.13, 51.59], [8.08, 51.59], [8.08, 51.56]]] } }] }))
    expect(await main(['publish', area, '--catalog', box.catalog, '--id', 'gebiet', '--title', 'Gebiet'])).toBe(0)
    expect(await main(['publish', area, '--catalog', box.catalog, '--id', 'intern', '--title', 'Intern', '--access', 'internal'])).toBe(0)
    const base = ['basemap', 'build', '--catalog', box.catalog, '--id', 'b', '--title', 'B', '--attribution', 'A']
    expect(await main([...base, '--boundaries', '@gebiet', '--places', '@gebiet'])).toBe(0)
    const archive = openArchive(new Uint8Array(await fs.readFile((await hosted('b')).archive)))
    const place = (await decodeTile(archive, 10, ...tileOf(8.105, 51.575, 10))).find((f) => f.layer === 'places')
    expect(place?.properties.name).toBe('Demo-Stadt')
    const before = await snapshot()
    box.errors = []
    expect(await main([...base, '--boundaries', '@intern'])).toBe(2)
    expect(box.errors[0]).toMatch(/@intern: layer "intern" is internal; a base map is public/)
    expect(await main([...base, '--boundaries', '@fehlt'])).toBe(2)
    expect(box.errors[1]).toMatch(/@fehlt: no layer "fehlt"/)
    expect(await snapshot()).toEqual(before)
  })

  it('replaces an existing base map of the same id under a new version path, and removes the old version', async () => {
    expect(await buildDemo()).toBe(0)
    const first = await hosted('stadt')
    // The same input gives the same version: the URLs (and the caches keyed by them) stay valid.
    expect(await buildDemo()).toBe(0)
    expect(await hosted('stadt')).toEqual(first)
    expect(await buildDemo(['--maxzoom', '14'])).toBe(0)
    const c = await readCatalog()
    expect(c.basemaps).toHaveLength(1)
    const second = await hosted('stadt')
    expect(path.dirname(second.url)).not.toBe(path.dirname(first.url))
    const h = await openArchive(new Uint8Array(await fs.readFile(second.archive))).getHeader()
    expect(h.maxZoom).toBe(14)
    expect((await fs.readdir(path.join(box.catalog, 'basemaps'))).sort()).toEqual(['stadt'])
    expect(await fs.readdir(path.join(box.catalog, 'basemaps/stadt'))).toEqual([path.basename(path.dirname(second.url))])
  })

  it('moves a base map of the unversioned layout (before #21) into a version folder when rebuilt', async () => {
    expect(await buildDemo()).toBe(0)
    const { archive, styleFile } = await hosted('stadt')
    const c = await readCatalog()
    const old = path.join(box.catalog, 'basemaps/stadt')
    await fs.rename(archive, path.join(old, 'stadt.pmtiles'))
    await fs.rename(styleFile, path.join(old, 'style.json'))
    await fs.rm(path.dirname(archive), { recursive: true })
    await fs.writeFile(path.join(box.catalog, 'catalog.json'), `${JSON.stringify({ ...c, basemaps: [{ ...c.basemaps![0], url: 'basemaps/stadt/stadt.pmtiles', style: 'basemaps/stadt/style.json' }] }, null, 2)}\n`)
    expect(await main(['check', '--catalog', box.catalog])).toBe(0)
    expect(await buildDemo()).toBe(0)
    expect((await hosted('stadt')).url).toMatch(/^basemaps\/stadt\/[0-9a-f]{12}\/stadt\.pmtiles$/)
    expect((await fs.readdir(old)).length).toBe(1)
  })

  it('leaves the catalog byte-identical and prints one line naming the file on bad input', async () => {
    expect(await buildDemo()).toBe(0)
    const before = await snapshot()
    const points = await write('punkte.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[8.1, 51.5], [8.11, 51.5]] } }, { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [8.1, 51.5] } }] }))
    const broken = await write('kaputt.fgb', new Uint8Array([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 0, 1, 2, 3]))
    const cases: [string[], RegExp][] = [
      [['--roads', points], /punkte\.geojson: feature 2: roads need lines, found Point/],
      [['--buildings', broken], /kaputt\.fgb/],
      [['--roads', path.join(box.dir, 'fehlt.shp')], /fehlt\.(shp|shx|dbf)/],
      [['--roads', points, '--name-attr', 'strasse'], /punkte\.geojson: has no attribute "strasse"/],
    ]
    for (const [args, message] of cases) {
      box.errors = []
      expect(await main(['basemap', 'build', '--catalog', box.catalog, '--id', 'stadt', '--title', 'T', '--attribution', 'A', ...args]), message.source).toBe(1)
      expect(box.errors).toHaveLength(1)
      expect(box.errors[0]).toMatch(message)
      expect(box.errors[0]).not.toContain('\n')
      expect(await snapshot()).toEqual(before)
    }
  })

  it('answers usage errors with exit code 2 and prints help', async () => {
    const log = vi.mocked(console.log)
    expect(await main(['basemap', 'build', '--catalog', box.catalog, '--id', 'x', '--title', 'T', '--attribution', 'A'])).toBe(2)
    expect(box.errors[0]).toMatch(/no input: give at least one of --earth, --water/)
    expect(await main(['basemap', 'build', '--catalog', box.catalog, '--id', 'Not Valid', '--title', 'T', '--attribution', 'A', '--roads', 'x.fgb'])).toBe(2)
    expect(await main(['basemap', 'build', '--bogus'])).toBe(2)
    expect(await main(['basemap', 'frobnicate'])).toBe(2)
    expect(await main(['basemap', 'build', '--help'])).toBe(0)
    expect(String(log.mock.calls.at(-1)?.[0])).toMatch(/--buildings <file>[\s\S]*--road-class <attr>/)
    expect(await main(['basemap', 'add', '--help'])).toBe(0)
    expect(String(log.mock.calls.at(-1)?.[0])).toMatch(/--wmts <URL or file> --layer <name>/)
    expect(await main(['basemap', '--help'])).toBe(0)
    expect(String(log.mock.calls.at(-1)?.[0])).toMatch(/build[\s\S]*add[\s\S]*list[\s\S]*remove[\s\S]*default/)
    await expect(fs.access(path.join(box.catalog, 'catalog.json'))).rejects.toThrow()
  })
})

describe('geoportal basemap add|list|remove|default|consent', () => {
  let server: http.Server
  let base: string
  const requests: string[] = []
  beforeAll(async () => {
    const xml = await fs.readFile(FIXTURE)
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '')
      if (req.url?.startsWith('/wmts')) res.writeHead(200, { 'content-type': 'application/xml' }).end(xml)
      else res.writeHead(404).end('not found')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const add = (id: string, ...args: string[]) => main(['basemap', 'add', '--catalog', box.catalog, '--id', id, '--title', `Titel ${id}`, '--attribution', `© ${id}`, ...args])

  it('adds a WMTS layer from capabilities served over HTTP as an xyz entry with the RESTful template', async () => {
    requests.length = 0
    expect(await add('basemapde', '--wmts', `${base}/wmts`, '--layer', 'de_basemapde_web_raster_farbe')).toBe(0)
    expect(requests).toEqual(['/wmts?SERVICE=WMTS&REQUEST=GetCapabilities'])
    expect((await readCatalog()).basemaps).toEqual([{
      id: 'basemapde', title: 'Titel basemapde', attribution: '© basemapde', kind: 'xyz', tileSize: 256, minZoom: 0, maxZoom: 18,
      tiles: ['https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png'],
    }])
  })

  it('falls back to the KVP GetTile URL, and reads capabilities from a file', async () => {
    expect(await add('grau', '--wmts', FIXTURE, '--layer', 'de_basemapde_web_raster_grau', '--max-zoom', '16')).toBe(0)
    const b = (await readCatalog()).basemaps![0]
    expect(b).toMatchObject({ kind: 'xyz', maxZoom: 16 })
    const url = new URL((b as { tiles: string[] }).tiles[0].replace(/\{([xyz])\}/g, '$1'))
    expect(Object.fromEntries(url.searchParams)).toEqual({ SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: 'de_basemapde_web_raster_grau', STYLE: 'default', FORMAT: 'image/png', TILEMATRIXSET: 'GLOBAL_WEBMERCATOR', TILEMATRIX: 'z', TILEROW: 'y', TILECOL: 'x' })
  })

  it('refuses WMTS layers without a Web Mercator set, unknown layers and unreachable services in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--wmts', FIXTURE, '--layer', 'nur_utm'], /basemapde-capabilities\.xml: layer "nur_utm": no tile matrix set is GoogleMapsCompatible/],
      [['--wmts', FIXTURE, '--layer', 'gibtsnicht'], /has no layer "gibtsnicht" \(layers: de_basemapde_web_raster_farbe, de_basemapde_web_raster_grau, nur_utm\)/],
      [['--wmts', `${base}/nichts`, '--layer', 'x'], /nichts: answers HTTP 404 to GetCapabilities/],
      [['--wmts', 'http://127.0.0.1:9/wmts', '--layer', 'x'], /127\.0\.0\.1:9\/wmts: does not answer/],
      [['--wmts', await write('keinxml.xml', 'kein <xml'), '--layer', 'x'], /keinxml\.xml: is not readable WMTS capabilities/],
    ]
    for (const [args, message] of cases) {
      box.errors = []
      expect(await add('w', ...args)).toBe(1)
      expect(box.errors).toHaveLength(1)
      expect(box.errors[0]).toMatch(message)
    }
    await expect(fs.access(path.join(box.catalog, 'catalog.json'))).rejects.toThrow()
  })

  it('adds a style URL, XYZ templates and a WMS; refuses invalid ones without touching the catalog', async () => {
    expect(await add('vektor', '--style', 'https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/styles/bm_web_col.json', '--title-en', 'Vector')).toBe(0)
    expect(await add('osm', '--xyz', 'https://tile.example.org/{z}/{x}/{y}.png', '--tile-size', '256')).toBe(0)
    expect(await add('dop', '--wms', 'https://www.wms.nrw.de/geobasis/wms_nw_dop', '--layers', 'nw_dop_rgb', '--format', 'image/jpeg')).toBe(0)
    const c = await readCatalog()
    expect(c.basemaps!.map((b) => b.kind)).toEqual(['style', 'xyz', 'wms'])
    expect(c.basemaps![0]).toMatchObject({ titleEn: 'Vector' })
    const before = await snapshot()
    const bad: [string[], RegExp][] = [
      [['--style', 'http://insecure.example.org/style.json'], /base map "x": url must be an https URL/],
      [['--xyz', 'https://tile.example.org/tiles.png'], /invalid tile template/],
      [['--wms', 'https://wms.example.org', '--layers', 'a', '--format', 'image/gif'], /format must be image\/png or image\/jpeg/],
      [['--style', 'https://a.example.org/s.json', '--xyz', 'https://b.example.org/{z}/{x}/{y}.png'], /give exactly one of/],
    ]
    for (const [args, message] of bad) {
      box.errors = []
      expect(await add('x', ...args)).not.toBe(0)
      expect(box.errors[0]).toMatch(message)
      expect(await snapshot()).toEqual(before)
    }
  })

  it('adds a PMTiles archive (copied, style generated) and refuses a file that is not one', async () => {
    expect(await buildDemo()).toBe(0)
    const { archive } = await hosted('stadt')
    expect(await add('osm-extrakt', '--pmtiles', archive)).toBe(0)
    const extract = await hosted('osm-extrakt')
    expect(extract.url).toMatch(/^basemaps\/osm-extrakt\/[0-9a-f]{12}\/osm-extrakt\.pmtiles$/)
    const copied = await fs.readFile(extract.archive)
    expect(Buffer.compare(copied, await fs.readFile(archive))).toBe(0)
    const style = JSON.parse(await fs.readFile(extract.styleFile, 'utf8'))
    expect(style.sources.basemap.url).toBe(`pmtiles://${extract.url}`)
    const before = await snapshot()
    const other = new PmtilesWriter({ tileType: TileType.Mvt, tileCompression: Compression.None, minZoom: 0, maxZoom: 0, bounds: [7, 51, 9, 52], center: [8, 51.5, 0], metadata: { vector_layers: [{ id: 'flurstuecke' }] } })
    other.addTile(0, 0, 0, new Uint8Array(0))
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('kein Archiv'), /nicht\.pmtiles: is not a PMTiles archive/],
      [other.finish(), /nicht\.pmtiles: has no layer of the Protomaps basemap schema \(earth, .*\); its layers: flurstuecke/],
      [(await fs.readFile(archive)).subarray(0, 400), /nicht\.pmtiles: is damaged/],
    ]
    for (const [bytes, message] of cases) {
      box.errors = []
      expect(await add('kaputt', '--pmtiles', await write('nicht.pmtiles', bytes))).toBe(1)
      expect(box.errors).toHaveLength(1)
      expect(box.errors[0]).toMatch(message)
      expect(await snapshot()).toEqual(before)
    }
  })

  it('lists, sets the default, removes with its files, and switches consent', async () => {
    expect(await buildDemo()).toBe(0)
    expect(await add('vektor', '--style', 'https://example.org/style.json')).toBe(0)
    const log = vi.mocked(console.log)
    log.mockClear()
    expect(await main(['basemap', 'list', '--catalog', box.catalog])).toBe(0)
    const table = log.mock.calls.map((c) => String(c[0])).join('\n')
    expect(table).toMatch(/^\s+id\s+kind\s+title\s+source/m)
    expect(table).toMatch(/\*\s+stadt\s+pmtiles\s+Stadtplan\s+basemaps\/stadt\/[0-9a-f]{12}\/stadt\.pmtiles/)
    expect(table).toMatch(/default: stadt/)

    expect(await main(['basemap', 'default', 'vektor', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).defaultBasemap).toBe('vektor')
    expect(await main(['basemap', 'default', 'none', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).defaultBasemap).toBe('none')
    box.errors = []
    expect(await main(['basemap', 'default', 'gibtsnicht', '--catalog', box.catalog])).toBe(1)
    expect(box.errors[0]).toMatch(/no base map "gibtsnicht" .*known: stadt, vektor/)

    expect(await main(['basemap', 'consent', 'on', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).remoteConsent).toBe(true)
    log.mockClear()
    expect(await main(['basemap', 'list', '--catalog', box.catalog, '--json'])).toBe(0)
    expect(JSON.parse(String(log.mock.calls[0][0]))).toMatchObject({ defaultBasemap: 'none', remoteConsent: true, basemaps: [{ id: 'stadt' }, { id: 'vektor' }] })
    expect(await main(['basemap', 'consent', 'off', '--catalog', box.catalog])).toBe(0)
    expect((await readCatalog()).remoteConsent).toBeUndefined()

    expect(await main(['basemap', 'default', 'stadt', '--catalog', box.catalog])).toBe(0)
    expect(await main(['basemap', 'remove', 'stadt', '--catalog', box.catalog])).toBe(0)
    const c = await readCatalog()
    expect(c.basemaps!.map((b) => b.id)).toEqual(['vektor'])
    expect(c.defaultBasemap).toBeUndefined()
    await expect(fs.access(path.join(box.catalog, 'basemaps/stadt'))).rejects.toThrow()
    box.errors = []
    expect(await main(['basemap', 'remove', 'stadt', '--catalog', box.catalog])).toBe(1)
    expect(box.errors[0]).toMatch(/no base map "stadt"/)
  })
})
