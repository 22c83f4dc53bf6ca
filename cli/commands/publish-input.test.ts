// Input problems through the real CLI (in-process): each ends in ONE line naming the file (and the feature where
// there is one), what is wrong and what to do, and leaves the catalog byte for byte as it was. Also the
// plausibility of a layer's place (issue #20, item 9) and the CRS hint for files without one (issue #19).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Catalog, VectorLayerEntry } from '../../src/model/catalog.ts'
import type { QualityReport } from '../../src/model/quality.ts'
import type { Projections } from '../../src/projection/registry.ts'
import { main } from '../main.ts'
import { loadProjections } from '../publish/input.ts'
import { MAX_CSV_BYTES } from '../readers/csv.ts'
import { snapshotFiles, useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const box = useCliSandbox('publish-input')
let projections: Projections
beforeAll(async () => {
  projections = await loadProjections()
})

const write = async (name: string, content: string | Uint8Array) => {
  const f = path.join(box.dir, name)
  await fs.writeFile(f, content)
  return f
}
/** Points around Soest's market square, in lon/lat. */
const SOEST: [number, number][] = [[8.1046, 51.5784], [8.1146, 51.5684], [8.0946, 51.5884]]
const inCrs = (crs: string, swap = false) =>
  SOEST.map(([lon, lat]) => {
    const [x, y] = crs === 'EPSG:4326' ? [lon, lat] : projections.forward('EPSG:4326', crs)([lon, lat])
    return swap ? [y, x] : [x, y]
  })
const geojson = (coords: number[][], crs?: string) =>
  JSON.stringify({
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: coords.map((c, i) => ({ type: 'Feature', properties: { nr: i }, geometry: { type: 'Point', coordinates: c } })),
  })
const csv = (header: string, coords: number[][]) => `name;${header}\n${coords.map((c, i) => `P${i};${c[0]};${c[1]}`).join('\n')}\n`

const snapshot = () => snapshotFiles(box.catalog)
const publish = (file: string, id: string, ...extra: string[]) => main(['publish', file, '--catalog', box.catalog, '--id', id, '--title', id, ...extra])

/** Publishes a good layer first, then the bad file: exit 1, one line with the file name, catalog unchanged. */
async function refused(file: string, ...extra: string[]): Promise<string> {
  expect(await publish(await write('ok.geojson', geojson(inCrs('EPSG:4326'))), 'ok')).toBe(0)
  const before = await snapshot()
  box.errors = []
  expect(await publish(file, 'neu', ...extra)).toBe(1)
  expect(box.errors).toHaveLength(1)
  const line = box.errors[0]
  expect(line).not.toContain('\n')
  expect(line).toContain(`${file}: `)
  expect(await snapshot()).toEqual(before)
  return line
}

describe('GeoJSON problems: one line with file and feature (issue #20, item 8)', () => {
  const point = (coordinates: unknown) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } })
  const cases: [string, () => string, RegExp][] = [
    // Before: "Maximum call stack size exceeded" from the extent walk, no file name.
    ['100 000 nested lists', () => geojson(inCrs('EPSG:4326')).replace('[8.1046,51.5784]', '['.repeat(100_000) + ']'.repeat(100_000)), /: is nested more than 64 levels deep at feature 0 \(line 1\); GeoJSON needs fewer than 15/],
    // Before: "Cannot read properties of undefined (reading 'length')" and the like.
    ['a Polygon without coordinates', () => JSON.stringify({ type: 'FeatureCollection', features: [point([8.1, 51.5]), { type: 'Feature', properties: {}, geometry: { type: 'Polygon' } }] }), /: feature 1 \(line 1\): geometry \(Polygon\) has no "coordinates"; it needs a list of rings/],
    ['a MultiPolygon with positions one level too high', () => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[8.1, 51.5], [8.2, 51.5], [8.2, 51.6], [8.1, 51.5]]] } }] }), /: feature 0 \(line 1\): geometry \(MultiPolygon\): coordinates\[0\]\[0\]\[0\] is number 8.1; MultiPolygon coordinates must be a list of polygons/],
    ['a Point with one number', () => JSON.stringify({ type: 'FeatureCollection', features: [point([8.1])] }), /: feature 0 \(line 1\): geometry \(Point\): coordinates is \[8.1\], not a position of 2 to 4 finite numbers/],
    ['properties as a string', () => JSON.stringify({ type: 'FeatureCollection', features: [{ ...point([8.1, 51.5]), properties: 'Soest' }] }), /: feature 0 \(line 1\): "properties" is string "Soest"; it must be an object/],
    ['a truncated file', () => geojson(inCrs('EPSG:4326')).slice(0, -30), /: is not valid JSON: it ends early at line 1 after 2 features \(truncated\?\); copy or export the file again/],
  ]
  for (const [name, make, message] of cases) {
    it(name, async () => expect(await refused(await write('bad.geojson', make()))).toMatch(message))
  }
})

describe('found by fuzzing', () => {
  it('publishes a layer with empty geometries (a MultiPolygon without polygons), counting them as without geometry', async () => {
    // Before: "feature 1 has an empty geometry" from the FlatGeobuf writer, no file name, nothing published.
    const features = [[], [[]], [[[]]]].map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates } }))
    const file = await write('leer.geojson', JSON.stringify({ type: 'FeatureCollection', features: [...JSON.parse(geojson(inCrs('EPSG:4326'))).features, ...features] }))
    expect(await publish(file, 'leer')).toBe(0)
    const catalog = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    const entry = catalog.layers[0] as VectorLayerEntry
    expect(entry.featureCount).toBe(3)
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, entry.metaHref), 'utf8')) as { quality: QualityReport }
    expect(doc.quality.findings.find((f) => f.code === 'no_geometry')).toMatchObject({ count: 3, featureIds: [3, 4, 5] })
  })
})

describe('found by fuzzing (2)', () => {
  it('refuses coordinates beyond the earth even with --allow-outside-area', async () => {
    // Before: "extent cannot be transformed", no file name.
    const file = await write('fern.geojson', geojson([[438e9, 5714e9]], 'EPSG:25832'))
    expect(await refused(file, '--allow-outside-area')).toMatch(/fern\.geojson: lies outside the area EPSG:25832 is made for, Europe around 9° E \(UTM zone 32\): its coordinates span 438000000000, 5714000000000 to .* — wrong coordinate system, or data of another region\?[^;]*$/)
  })

  it('names 1 500 equal CSV columns apart, skipping a name the file already has', async () => {
    // The fuzzer found 40 000 equal names taking minutes (the suffix search started at _2 for every column);
    // such a table is now refused by the column limit, this keeps the naming itself right.
    const { readCsv } = await import('../readers/csv.ts')
    const header = ['x', 'y', 'c_3', ...Array.from({ length: 1_500 }, () => 'c')]
    const d = readCsv(new TextEncoder().encode(`${header.join(';')}\n${['437954', '5714530', ...header.slice(2).map(() => '1')].join(';')}\n`), 'breit.csv', { crs: 'EPSG:25832' })
    const names = d.columns.map((c) => c.name)
    expect(names.slice(0, 5)).toEqual(['c_3', 'c', 'c_2', 'c_4', 'c_5'])
    expect(new Set(names).size).toBe(1_501)
    expect(names.at(-1)).toBe('c_1501')
  })
})

describe('large inputs', () => {
  it('publishes a GeoJSON larger than the longest string V8 can make (600 MiB, whitespace between two features)', async () => {
    // Before: "Cannot create a string longer than 0x1fffffe8 characters" (the file was decoded into one string).
    const file = path.join(box.dir, 'gross.geojson')
    const [a, b] = JSON.parse(geojson(inCrs('EPSG:4326'))).features.map((f: unknown) => JSON.stringify(f))
    const h = await fs.open(file, 'w')
    try {
      await h.write(`{"type":"FeatureCollection","features":[${a}`)
      const blank = Buffer.alloc(1 << 20, ' ')
      for (let i = 0; i < 600; i++) await h.write(blank)
      await h.write(`,${b}]}`)
    } finally {
      await h.close()
    }
    expect((await fs.stat(file)).size).toBeGreaterThan(0x1fffffe8)
    expect(await publish(file, 'gross')).toBe(0)
    const catalog = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    expect((catalog.layers[0] as VectorLayerEntry).featureCount).toBe(2)
    await fs.rm(file)
  }, 120_000)

  it('refuses a CSV above 512 MiB before reading it, with the conversion to use', async () => {
    // A sparse file: the size is real, the disk stays empty. Before: "Cannot create a string longer than
    // 0x1fffffe8 characters" after reading it all, without the file name.
    const file = path.join(box.dir, 'riesig.csv')
    await fs.writeFile(file, 'name;x;y\n')
    await fs.truncate(file, MAX_CSV_BYTES + 1)
    expect(await refused(file)).toMatch(/riesig\.csv: is 512 MiB; CSV files up to 512 MiB can be published\. Convert it first, e\.g\. ogr2ogr -f FlatGeobuf out\.fgb ".*riesig\.csv" -oo X_POSSIBLE_NAMES=<x column> .*, and publish out\.fgb$/)
  })
})

describe('plausible place (issue #20, item 9)', () => {
  it('refuses swapped latitude/longitude in GeoJSON, naming the cause and the override', async () => {
    const line = await refused(await write('vertauscht.geojson', geojson(inCrs('EPSG:4326', true))))
    expect(line).toMatch(/vertauscht\.geojson: lies outside the expected area \(Kreis Soest with a 25 km margin: E 393730–496336, N 5668263–5756062 in EPSG:25832\): its coordinates span 51\.5684, 8\.0946 to 51\.5884, 8\.1146 in EPSG:4326/)
    expect(line).toMatch(/— latitude and longitude swapped\? .*; if the layer really lies there, publish with --allow-outside-area$/)
  })

  it('refuses swapped lon/lat columns in a CSV', async () => {
    const line = await refused(await write('punkte.csv', csv('lat;lon', inCrs('EPSG:4326'))))
    expect(line).toMatch(/punkte\.csv: lies outside the expected area .* latitude and longitude swapped\?/)
  })

  it('refuses swapped Rechtswert/Hochwert in a UTM CSV', async () => {
    const line = await refused(await write('utm.csv', csv('Hochwert;Rechtswert', inCrs('EPSG:25832'))), '--crs', 'EPSG:25832')
    expect(line).toMatch(/utm\.csv: lies outside the area EPSG:25832 is made for, Europe around 9° E \(UTM zone 32\).* — x and y \(Rechtswert and Hochwert\) swapped\?/)
  })

  it('refuses absurd coordinates ([500, 95]) for the whole layer, and a single absurd feature with its index', async () => {
    expect(await refused(await write('absurd.geojson', geojson([[500, 95]])))).toMatch(
      /absurd\.geojson: its coordinates span 500, 95 to 500, 95, which are not longitude\/latitude \(−180…180 \/ −90…90\) as EPSG:4326 needs — wrong coordinate system/,
    )
    expect(await refused(await write('einer.geojson', geojson([...inCrs('EPSG:4326'), [500, 95]])))).toMatch(
      /einer\.geojson: feature 3 has the position \[500, 95\], outside longitude −180…180 \/ latitude −90…90 of EPSG:4326; correct or remove the feature/,
    )
  })

  it('refuses a declared CRS the coordinates do not fit, naming the one they fit', async () => {
    const line = await refused(await write('gk.geojson', geojson(inCrs('EPSG:31467'), 'EPSG:25832')))
    expect(line).toMatch(/gk\.geojson: lies outside the area EPSG:25832 is made for.* — wrong coordinate system\? The coordinates fit EPSG:31467 there: correct the CRS the file declares \(EPSG:25832\), or convert it to EPSG:31467/)
  })

  it('refuses data of another region unless --allow-outside-area, and then publishes it', async () => {
    const munich = [[11.576, 48.137], [11.58, 48.14]]
    const file = await write('muenchen.geojson', geojson(munich))
    expect(await refused(file)).toMatch(/muenchen\.geojson: lies outside the expected area .* — wrong coordinate system, or data of another region\?.*; if the layer really lies there, publish with --allow-outside-area/)
    expect(await publish(file, 'muenchen', '--allow-outside-area')).toBe(0)
    const catalog = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    expect((catalog.layers.find((l) => l.id === 'muenchen') as VectorLayerEntry).featureCount).toBe(2)
  })

  it('takes the expected area from --extent and from catalog.json "expectedArea"', async () => {
    const file = await write('soest.geojson', geojson(inCrs('EPSG:4326')))
    // An area around Munich: Soest's points are now the ones out of place.
    expect(await refused(file, '--extent', '680000,5320000,700000,5340000')).toMatch(/soest\.geojson: lies outside the expected area \(--extent: E 680000–700000/)
    const catalogFile = path.join(box.catalog, 'catalog.json')
    const catalog = JSON.parse(await fs.readFile(catalogFile, 'utf8')) as Catalog
    await fs.writeFile(catalogFile, JSON.stringify({ ...catalog, expectedArea: [680000, 5320000, 700000, 5340000] }))
    box.errors = []
    expect(await publish(file, 'soest')).toBe(1)
    expect(box.errors[0]).toMatch(/lies outside the expected area \(expectedArea in catalog\.json: E 680000–700000/)
    expect(await publish(await write('muenchen.geojson', geojson([[11.576, 48.137]])), 'muenchen')).toBe(0)
    // The setting survives the publisher rewriting catalog.json.
    expect((JSON.parse(await fs.readFile(catalogFile, 'utf8')) as Catalog).expectedArea).toEqual([680000, 5320000, 700000, 5340000])
  })

  it('leaves an unsupported CRS to its own message', async () => {
    expect(await refused(await write('lambert.geojson', geojson([[652000, 6862000]], 'EPSG:2154')))).toMatch(/lambert\.geojson: uses EPSG:2154, which is not supported; supported: /)
  })

  it('publishes NRW- and Germany-wide layers (they touch the area)', async () => {
    const file = await write('nrw.geojson', geojson([[6.0, 50.4], [9.4, 52.5], [13.4, 52.5]]))
    expect(await publish(file, 'weit')).toBe(0)
  })
})

describe('CRS guessing that helps (issue #19)', () => {
  const guesses: [string, () => Promise<string>, string][] = [
    // Before: "coordinates must be finite numbers", no file name.
    ['a UTM32 GeoJSON without "crs"', () => write('utm32.geojson', geojson(inCrs('EPSG:25832'))), 'EPSG:25832'],
    ['a Gauss-Krüger zone 3 CSV (x/y)', () => write('gk3.csv', csv('x;y', inCrs('EPSG:31467'))), 'EPSG:31467'],
    ['a Gauss-Krüger zone 2 CSV (Rechtswert/Hochwert)', () => write('gk2.csv', csv('Rechtswert;Hochwert', inCrs('EPSG:31466'))), 'EPSG:31466'],
    ['a WGS84 CSV with x/y columns', () => write('wgs.csv', csv('X;Y', inCrs('EPSG:4326'))), 'EPSG:4326'],
  ]
  for (const [name, make, crs] of guesses) {
    it(`${name}: refused with the exact --crs ${crs}, then published with it`, async () => {
      const file = await make()
      const line = await refused(file)
      expect(line).toMatch(new RegExp(`${path.basename(file).replace('.', '\\.')}: declares no coordinate reference system.*; its coordinates span .*, which fit ${crs} in the expected area .*: publish again with --crs ${crs} \\(or --guess-crs\\)$`))
      expect(await publish(file, 'neu', '--crs', crs)).toBe(0)
    })
  }

  it('--guess-crs publishes with the only CRS that fits and records the guess in the lineage', async () => {
    const file = await write('utm32.geojson', geojson(inCrs('EPSG:25832')))
    const meta = await write('m.json', JSON.stringify({ title: 'Punkte', lineage: 'Vermessung 2024.' }))
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'punkte', '--meta', meta, '--guess-crs'])).toBe(0)
    const catalog = JSON.parse(await fs.readFile(path.join(box.catalog, 'catalog.json'), 'utf8')) as Catalog
    const entry = catalog.layers[0] as VectorLayerEntry
    expect(entry.bbox[0]).toBeCloseTo(inCrs('EPSG:25832')[2][0], 3)
    const doc = JSON.parse(await fs.readFile(path.join(box.catalog, entry.metaHref), 'utf8')) as { metadata: { lineage: string }; quality: QualityReport }
    expect(doc.metadata.lineage).toBe('Vermessung 2024. Coordinate reference system EPSG:25832 not declared by the source file; guessed from its coordinates (geoportal publish --guess-crs).')
    expect(doc.quality.sourceCrs).toBe('EPSG:25832')
    // A file no CRS fits is still refused.
    box.errors = []
    expect(await main(['publish', await write('nirgends.csv', csv('x;y', [[1, 2]])), '--catalog', box.catalog, '--id', 'n', '--title', 'n', '--guess-crs'])).toBe(1)
    expect(box.errors[0]).toMatch(/nirgends\.csv: declares no coordinate reference system and its coordinates span 1, 2 to 1, 2, which fit none of/)
  })

  it('geoportal quality never reports an Infinity extent: the same hint, and a finite extent with --crs', async () => {
    const file = await write('utm32.geojson', geojson(inCrs('EPSG:25832')))
    box.errors = []
    expect(await main(['quality', file, '--json'])).toBe(1)
    expect(box.errors[0]).toMatch(/utm32\.geojson: declares no coordinate reference system.*publish again with --crs EPSG:25832/)
    const out: string[] = []
    const log = console.log
    console.log = (s: string) => void out.push(s)
    try {
      expect(await main(['quality', file, '--json', '--crs', 'EPSG:25832'])).toBe(0)
    } finally {
      console.log = log
    }
    const report = JSON.parse(out.join('\n')) as QualityReport
    expect(report.bbox!.every(Number.isFinite)).toBe(true)
    expect(report.bbox![0]).toBeGreaterThan(430000)
    expect(out.join('\n')).not.toContain('Infinity')
  })
})
