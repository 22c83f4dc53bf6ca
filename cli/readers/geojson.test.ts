import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from './errors.ts'
import { geometryProblem, MAX_GEOJSON_DEPTH, readGeoJson, readGeoJsonFile } from './geojson.ts'

const FILE = 'daten.geojson'
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features })
const pt = (x = 8.1, y = 51.57, properties: unknown = { name: 'A' }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties })

/** The one line a reader gives: an InputError starting with the file name. */
function problem(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    const m = (e as Error).message
    expect(m.startsWith(`${FILE}: `)).toBe(true)
    expect(m).not.toContain('\n')
    return m
  }
  throw new Error('expected an InputError')
}

describe('readGeoJson: what it reads', () => {
  it('reads a FeatureCollection, a single Feature and a bare geometry, with a BOM and the legacy "crs" member', () => {
    const d = readGeoJson('\ufeff' + fc([pt(), pt(8.2, 51.6, null)], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }), FILE)
    expect(d.features).toHaveLength(2)
    expect(d.features[1]).toEqual({ geometry: { type: 'Point', coordinates: [8.2, 51.6] }, properties: {} })
    expect(d).toMatchObject({ crs: 'EPSG:4326', crsDeclared: true })
    expect(readGeoJson(JSON.stringify(pt()), FILE).features).toHaveLength(1)
    const g = readGeoJson(JSON.stringify({ type: 'LineString', coordinates: [[1, 2], [3, 4]] }), FILE)
    expect(g).toMatchObject({ crs: 'EPSG:4326', crsDeclared: false, features: [{ geometry: { type: 'LineString' } }] })
  })

  it('takes members in any order ("features" before "type" and "crs") and keeps strings with brackets and escapes', () => {
    const text = `{"features":[{"type":"Feature","properties":{"n":"a]}\\"{[","m":[1,{"x":null}]},"geometry":null}],"crs":{"type":"name","properties":{"name":"EPSG:25832"}},"type":"FeatureCollection"}`
    const d = readGeoJson(text, FILE)
    expect(d.crs).toBe('EPSG:25832')
    expect(d.features[0].properties).toEqual({ n: 'a]}"{[', m: [1, { x: null }] })
  })

  it('streams a file chunk by chunk to the same result as reading it whole (features across chunk borders)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geojson-'))
    try {
      // ~3 MiB: three 1 MiB chunks, so features, strings and escapes are cut at chunk borders.
      const features = Array.from({ length: 6000 }, (_, i) => pt(8 + i * 1e-5, 51.5, { name: `Straße "${i}" \\ ü`, text: 'x'.repeat(i % 997) }))
      const text = fc(features)
      const file = path.join(dir, FILE)
      await fs.writeFile(file, text)
      const streamed = await readGeoJsonFile(file)
      expect(streamed.features).toHaveLength(6000)
      expect(streamed).toEqual(readGeoJson(text, FILE))
      expect(streamed.features[5999].properties.name).toBe('Straße "5999" \\ ü')
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe('readGeoJsonFile: only regular files', () => {
  it('refuses a named pipe at once instead of waiting for a writer, and a folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geojson-'))
    try {
      const fifo = path.join(dir, 'pipe.geojson')
      execFileSync('mkfifo', [fifo])
      await expect(readGeoJsonFile(fifo)).rejects.toThrow(/pipe\.geojson: the file is a FIFO \(named pipe\), not a regular file; save the data to a file and publish that$/)
      await expect(readGeoJsonFile('/dev/zero')).rejects.toThrow(/^\/dev\/zero: the file is a device, not a regular file/)
      await fs.mkdir(path.join(dir, 'ordner.geojson'))
      await expect(readGeoJsonFile(path.join(dir, 'ordner.geojson'))).rejects.toThrow(/ordner\.geojson: the file is a folder; name the \.geojson file itself/)
      const big = path.join(dir, 'riesig.geojson')
      await fs.writeFile(big, '{')
      await fs.truncate(big, 2 * 1024 ** 3 + 1)
      await expect(readGeoJsonFile(big)).rejects.toThrow(/riesig\.geojson: the file is 2147483649 bytes; the publisher reads files of at most 2147483648 bytes \(2 GiB\) — split or tile the data$/)
      await expect(readGeoJsonFile(path.join(dir, 'fehlt.geojson'))).rejects.toThrow(/fehlt\.geojson: cannot be read \(does it exist\?\)/)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe('readGeoJson: one clear line for every problem', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
  const cases: [string, string, RegExp][] = [
    ['deeply nested coordinates (stack overflow before)', fc([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: 0 } }]).replace('"coordinates":0', `"coordinates":${deep(200_000)}`), new RegExp(`is nested more than ${MAX_GEOJSON_DEPTH} levels deep at feature 0 \\(line 1\\)`)],
    ['deeply nested properties', fc([pt()]).replace('{"name":"A"}', `{"a":${deep(100)}}`), /is nested more than 64 levels deep at feature 0/],
    ['deep nesting outside the features', `{"type":"FeatureCollection","foo":${deep(1000)},"features":[]}`, /nested more than 64 levels deep at line 1/],
    ['a Polygon without coordinates', fc([pt(), { type: 'Feature', properties: {}, geometry: { type: 'Polygon' } }]), /feature 1 \(line 1\): geometry \(Polygon\) has no "coordinates"; it needs a list of rings/],
    ['a Polygon whose coordinates are a position', fc([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [8, 51] } }]), /feature 0 \(line 1\): geometry \(Polygon\): coordinates\[0\] is number 8; Polygon coordinates must be a list of rings/],
    ['a position with a string', fc([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[8, 51], [8, '51']] } }]), /feature 0 .*coordinates\[1\] is \[8,"51"\], not a position of 2 to 4 finite numbers/],
    ['a number too large for a double (Infinity)', fc([pt()]).replace('51.57', '1e999'), /feature 0 .*coordinates is \[8.1,null\]|feature 0 .*not a position of 2 to 4 finite numbers/],
    ['an unknown geometry type', fc([{ type: 'Feature', properties: {}, geometry: { type: 'Circle', coordinates: [1, 2] } }]), /feature 0 \(line 1\): geometry has the unknown type "Circle"; expected one of Point/],
    ['a geometry that is a string', fc([{ type: 'Feature', properties: {}, geometry: 'POINT(1 2)' }]), /feature 0 .*geometry is string "POINT\(1 2\)", not a GeoJSON geometry object/],
    ['a GeometryCollection without geometries', fc([{ type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection' } }]), /feature 0 .*GeometryCollection\) has no "geometries" list/],
    ['a bad part inside a GeometryCollection', fc([{ type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Point' }] } }]), /feature 0 .*geometry\.geometries\[1\] \(Point\) has no "coordinates"/],
    ['properties that are a list', fc([pt(8, 51, [1, 2])]), /feature 0 \(line 1\): "properties" is a list; it must be an object/],
    ['an element that is not a Feature', fc([pt(), pt(), { type: 'Point', coordinates: [1, 2] }]), /feature 2 \(line 1\) is not a GeoJSON Feature \(it is an object with "type": "Point"\)/],
    ['a feature that is null', fc([null]), /feature 0 \(line 1\) is not a GeoJSON Feature \(it is null\)/],
    ['a feature that is not valid JSON', fc([pt()]).replace('"properties"', '"properties" x'), /feature 0 \(line 1\) is not valid JSON \(/],
    ['a truncated file', fc([pt(), pt(), pt()]).slice(0, -40), /is not valid JSON: it ends early at line 1 after 2 features \(truncated\?\)/],
    ['a list at the root', JSON.stringify([pt()]), /is not a GeoJSON object \(it starts with "\[", not "\{"\)/],
    ['an empty file', '  \n', /is empty/],
    ['a FeatureCollection without features', JSON.stringify({ type: 'FeatureCollection' }), /FeatureCollection has no "features" list/],
    ['"features" that is an object', JSON.stringify({ type: 'FeatureCollection', features: { a: 1 } }), /"features" is an object, not a list of features/],
    ['features under another type', JSON.stringify({ type: 'Feature', features: [pt()] }), /has a "features" list but "type" is "Feature"/],
    ['not GeoJSON at all', JSON.stringify({ name: 'x' }), /is not GeoJSON \(type missing\)/],
    ['text after the object', fc([pt()]) + ' {}', /has more data after the end of the GeoJSON object/],
    ['a syntax error between features', fc([pt(), pt()]).replace('},{"type"', '}{"type"'), /is not valid JSON: unexpected "\{" at feature 1 \(line 1\)/],
    ['an unknown CRS', fc([pt()], { crs: { type: 'name', properties: { name: 'Lambert' } } }), /declares an unknown CRS "Lambert"/],
  ]
  for (const [name, text, message] of cases) {
    it(name, () => expect(problem(() => readGeoJson(text, FILE))).toMatch(message))
  }

  it('keeps JSON.parse\'s quote of a pretty-printed feature on one line', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [pt()] }, null, 2).replace('"properties"', '"properties" x')
    expect(problem(() => readGeoJson(text, FILE))).toMatch(/feature 0 \(line 4\) is not valid JSON \(Unexpected token 'x', .*is not valid JSON\)/)
  })

  it('counts lines, so the message points into the file', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [pt(), pt(), { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1]]] } }] }, null, 2)
    const line = text.split('\n').findIndex((l, i, all) => i > 0 && /"type": "Feature"/.test(l) && all.slice(0, i).filter((x) => /"type": "Feature"/.test(x)).length === 2) + 1
    expect(problem(() => readGeoJson(text, FILE))).toMatch(new RegExp(`feature 2 \\(line ${line - 1}\\)`))
  })

  it('checks geometries without recursion: a 100 000-deep GeometryCollection chain is refused, not a stack overflow', () => {
    let g: unknown = { type: 'Point', coordinates: [1, 2] }
    for (let i = 0; i < 100_000; i++) g = { type: 'GeometryCollection', geometries: [g] }
    expect(geometryProblem(g)).toBeNull()
    let bad: unknown = { type: 'Point' }
    for (let i = 0; i < 100_000; i++) bad = { type: 'GeometryCollection', geometries: [bad] }
    const m = geometryProblem(bad)!
    expect(m).toMatch(/^geometry(\.geometries\[0\])+ \(Point\) has no "coordinates"/)
    expect(m.length).toBeLessThan(400)
  })
})
