// The address index at publish (issue #15): an HK-DE house-coordinate CSV with its default column names, a mapping
// by --address-fields, a street layer by --streets; shards and manifest listed with checksums in layer.json and
// checked by `geoportal check`; one clear line and an unchanged catalog for bad mappings; internal indexes stay out
// of a public build.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AddressIndex } from '../../src/catalog/addresses.ts'
import type { Catalog, LayerDocument, VectorLayerEntry } from '../../src/model/catalog.ts'
import { parseSearchManifest, parseSearchShard, shardFileName } from '../../src/model/addresses.ts'
import { checkCatalog } from '../catalog/check.ts'
import { copyCatalog } from '../commands/build.ts'
import { main } from '../main.ts'
import { snapshotFiles, useCliSandbox } from '../../test/helpers/cliSandbox.ts'

/** House coordinates in the HK-DE layout (semicolons, ETRS89/UTM32 east and north). */
function hkde(rows: [string, string, string, number, number, string?][]): string {
  const head = 'NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;OST;NOR;STN;PLZ;ONM;ZON;POT'
  return [head, ...rows.map(([stn, hnr, adz, e, n, onm], i) => `N;DENW${String(i).padStart(12, '0')};A;05;5;74;040;0000;01234;${hnr};${adz};${e};${n};${stn};59494;${onm ?? 'Soest'};;`)].join('\n') + '\n'
}

const rows: [string, string, string, number, number, string?][] = [
  ['Brüderstraße', '12', '', 438010, 5714020],
  ['Brüderstraße', '12', 'a', 438030, 5714020],
  ['Brüderstraße', '14', '', 438050, 5714020],
  ['Markt', '1', '', 437950, 5713950],
  ['Ulricher Straße', '5', '', 437500, 5714500],
  ['Bahnhofstraße', '7', '', 438500, 5714800],
]

describe('geoportal publish --addresses', () => {
  const box = useCliSandbox('addresses')
  const write = async (name: string, content: string) => {
    const f = path.join(box.dir, name)
    await fs.writeFile(f, content)
    return f
  }
  const read = async (rel: string) => fs.readFile(path.join(box.catalog, rel))
  const csvArgs = ['--x', 'OST', '--y', 'NOR', '--crs', 'EPSG:25832', '--separator', ';']

  it('indexes HK-DE columns without a mapping: manifest and shards listed with checksums; check passes; search finds the house', async () => {
    const src = await write('hk.csv', hkde(rows))
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs, '--addresses'])).toBe(0)
    const entry = JSON.parse((await read('catalog.json')).toString()).layers[0] as VectorLayerEntry
    expect(entry.searchHref).toBe(`${path.posix.dirname(entry.href)}/search.json`)
    const manifest = parseSearchManifest(JSON.parse((await read(entry.searchHref!)).toString()), 'adressen')
    expect(manifest).toMatchObject({ streets: 4, addresses: 6 })
    expect(manifest.shards.map(([k]) => k)).toEqual(['ba', 'br', 'ma', 'ul'])
    const doc = JSON.parse((await read(entry.metaHref)).toString()) as LayerDocument
    expect(doc.files.map((f) => f.name)).toEqual(['adressen.fgb', 'search.json', ...manifest.shards.map((_, i) => shardFileName(i))])
    expect((await checkCatalog(box.catalog)).ok).toBe(true)

    const index = new AddressIndex()
    index.setManifest('adressen', manifest)
    const base = path.posix.dirname(entry.searchHref!)
    for (const s of index.missing('Brüderstr. 12a')) index.addShard('adressen', s.shard, parseSearchShard(JSON.parse((await read(`${base}/${shardFileName(s.shard)}`)).toString()), 'x'))
    expect(index.match('Brüderstr. 12a')[0]).toMatchObject({ kind: 'address', label: 'Brüderstraße 12a', detail: '59494 Soest' })
  })

  it('check names a changed shard, a missing shard and a changed manifest', async () => {
    const src = await write('hk.csv', hkde(rows))
    await main(['publish', src, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs, '--addresses'])
    const entry = JSON.parse((await read('catalog.json')).toString()).layers[0] as VectorLayerEntry
    const base = path.join(box.catalog, path.dirname(entry.searchHref!))
    await fs.writeFile(path.join(base, 'search-1.json'), '{"version":1,"streets":[]}\n')
    await fs.rm(path.join(base, 'search-2.json'))
    const problems = (await checkCatalog(box.catalog)).layers[0].problems.join('\n')
    expect(problems).toMatch(/search-1\.json: checksum differs from layer\.json/)
    expect(problems).toMatch(/search-2\.json: .*(not found|no such|missing|does not exist)/i)
    await fs.writeFile(path.join(base, 'search.json'), '{"version":1,"shards":[]}\n')
    expect((await checkCatalog(box.catalog)).layers[0].problems.join()).toMatch(/search\.json: checksum differs/)
  })

  it('maps other column names with --address-fields', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: rows.map(([stn, hnr, adz, e, n]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [e, n] }, properties: { strasse: stn, hsnr: Number(hnr), zusatz: adz || null, plz: 59494, ort: 'Soest' } })),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } },
    })
    const src = await write('adr.geojson', geojson)
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'adr', '--title', 'Adressen', '--address-fields', 'street=strasse,number=hsnr,addition=zusatz,postcode=plz,place=ort'])).toBe(0)
    const entry = JSON.parse((await read('catalog.json')).toString()).layers[0] as VectorLayerEntry
    const base = path.posix.dirname(entry.searchHref!)
    const br = parseSearchShard(JSON.parse((await read(`${base}/search-1.json`)).toString()), 'x')
    expect(br.streets).toEqual([expect.objectContaining({ n: 'Brüderstraße', z: '59494', o: 'Soest', h: ['12', expect.any(Number), expect.any(Number), '12a', expect.any(Number), expect.any(Number), '14', expect.any(Number), expect.any(Number)] })])
  })

  it('refuses a missing column or a bad mapping in one line; the catalog stays byte-identical', async () => {
    const src = await write('hk.csv', hkde(rows))
    await main(['publish', src, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs])
    const before = await snapshotFiles(box.catalog)
    const cases: [string[], RegExp][] = [
      [['--address-fields', 'street=strasse'], /hk\.csv: --address-fields: attribute "strasse" \(street\) does not exist; attributes: NBA, OI/],
      [['--address-fields', 'strasse'], /hk\.csv: --address-fields: "strasse" is not <role>=<attribute>/],
      [['--address-fields', 'floor=NBA'], /is not <role>=<attribute> with a role of street, number, addition, postcode, place/],
      [['--streets', 'name'], /hk\.csv: --streets: attribute "name" does not exist/],
    ]
    for (const [extra, message] of cases) {
      box.errors = []
      expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs, ...extra])).toBe(1)
      expect(box.errors).toHaveLength(1)
      expect(box.errors[0]).not.toContain('\n')
      expect(box.errors[0]).toMatch(message)
    }
    const plain = await write('plain.csv', 'name;OST;NOR\nA;438000;5714000\n')
    box.errors = []
    expect(await main(['publish', plain, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs, '--addresses'])).toBe(1)
    expect(box.errors[0]).toMatch(/plain\.csv: --addresses: no street attribute \(looked for STN, strassenname, strasse, straße, street\); name it with --address-fields street=<attribute>; attributes: name$/)
    expect(await snapshotFiles(box.catalog)).toEqual(before)
  })

  it('indexes a street layer with --streets (segments of one street merged)', async () => {
    const lines = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[8.100, 51.570], [8.101, 51.570]] }, properties: { name: 'Brüderstraße' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[8.101, 51.570], [8.102, 51.5702]] }, properties: { name: 'Brüderstraße' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[8.11, 51.575], [8.112, 51.575]] }, properties: { name: 'Am Markt' } },
      ],
    })
    const src = await write('strassen.geojson', lines)
    expect(await main(['publish', src, '--catalog', box.catalog, '--id', 'strassen', '--title', 'Straßen', '--streets', 'name'])).toBe(0)
    const entry = JSON.parse((await read('catalog.json')).toString()).layers[0] as VectorLayerEntry
    const manifest = parseSearchManifest(JSON.parse((await read(entry.searchHref!)).toString()), 'strassen')
    expect(manifest).toMatchObject({ streets: 2, addresses: 0 })
    expect(manifest.shards.map(([k]) => k)).toEqual(['br', 'ma'])
    const index = new AddressIndex()
    index.setManifest('strassen', manifest)
    const base = path.posix.dirname(entry.searchHref!)
    for (const s of index.missing('markt')) index.addShard('strassen', s.shard, parseSearchShard(JSON.parse((await read(`${base}/${shardFileName(s.shard)}`)).toString()), 'x'))
    const [hit] = index.match('markt')
    expect(hit).toMatchObject({ kind: 'street', label: 'Am Markt' })
    expect(hit.bbox![2] - hit.bbox![0]).toBeCloseTo(0.002, 5)
  })

  it('keeps the index of an internal layer out of a public build; re-publishing without --addresses drops it', async () => {
    const pub = await write('hk.csv', hkde(rows))
    const secret = await write('geheim.csv', hkde([['Geheimgasse', '1', '', 438000, 5714000]]))
    await main(['publish', pub, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs, '--addresses'])
    await main(['publish', secret, '--catalog', box.catalog, '--id', 'intern', '--title', 'Intern', ...csvArgs, '--addresses', '--access', 'internal'])
    const out = path.join(box.dir, 'site')
    await copyCatalog(box.catalog, out, false)
    const files = (await fs.readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
    expect(files.filter((f) => f.endsWith('search.json'))).toHaveLength(1)
    for (const f of files) expect((await fs.readFile(f)).toString('latin1')).not.toContain('Geheimgasse')
    const intranet = path.join(box.dir, 'intranet')
    await copyCatalog(box.catalog, intranet, true)
    expect((await fs.readdir(intranet, { recursive: true })).filter((f) => String(f).endsWith('search.json'))).toHaveLength(2)

    await main(['publish', pub, '--catalog', box.catalog, '--id', 'adressen', '--title', 'Adressen', ...csvArgs])
    const entry = (JSON.parse((await read('catalog.json')).toString()) as Catalog).layers[0] as VectorLayerEntry
    expect(entry.searchHref).toBeUndefined()
    expect(Object.keys(await snapshotFiles(path.join(box.catalog, 'layers', 'adressen'))).some((f) => /search/.test(f))).toBe(false)
  })
})
