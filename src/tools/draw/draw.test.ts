// The drawing tool's data: storage envelope (versioned, corrupt → empty with the reason), GeoJSON and KML export
// and the GeoJSON import round trip, undo history, circles on GRS80, and the measurement labels through the
// measure module. KML/GPX import needs the browser's DOMParser: test/browser/tools-draw.test.ts.
import { describe, expect, it } from 'vitest'
import { Projections } from '../../projection/registry.ts'
import { geodesicDistance } from '../measure/measure.ts'
import { fromGeoJSON, importFile, toGeoJSON, toKML } from './exchange.ts'
import { History } from './history.ts'
import { anchor, mapFeatures, measurementLabel } from './labels.ts'
import { circlePolygon, type Drawing } from './model.ts'
import { EMPTY, parseStored, serialize } from './storage.ts'

const toGrid = new Projections().forward('EPSG:4326', 'EPSG:25832')
const words = { length: 'Länge', area: 'Fläche', perimeter: 'Umfang' }

const sample: Drawing[] = [
  { id: 'a', kind: 'point', geometry: { type: 'Point', coordinates: [8.1059, 51.5711] }, colour: '#0a5fb4', width: 4, label: 'Brunnen' },
  { id: 'b', kind: 'line', geometry: { type: 'LineString', coordinates: [[8.1, 51.57], [8.11, 51.571], [8.112, 51.575]] }, colour: '#b93a0b', width: 3, label: '' },
  { id: 'c', kind: 'polygon', geometry: { type: 'Polygon', coordinates: [[[8.1, 51.57], [8.101, 51.57], [8.101, 51.571], [8.1, 51.57]]] }, colour: '#00735a', width: 2, label: 'Baufeld <A> & "B"' },
  { id: 'd', kind: 'circle', geometry: circlePolygon([8.105, 51.572], 50), colour: '#7b2d8e', width: 3, label: '' },
  { id: 'e', kind: 'text', geometry: { type: 'Point', coordinates: [8.107, 51.573] }, colour: '#1a1a1a', width: 3, label: 'Hinweis: Zufahrt' },
]
const strip = (ds: Drawing[]) => ds.map(({ id: _id, ...rest }) => rest)

describe('drawing storage', () => {
  it('round-trips the versioned envelope', () => {
    const text = serialize({ drawings: sample, showMeasurements: true })
    expect(JSON.parse(text)).toMatchObject({ format: 'geoportal-drawings', version: 1 })
    expect(parseStored(text)).toEqual({ state: { drawings: sample, showMeasurements: true } })
    expect(parseStored(null)).toEqual({ state: EMPTY })
  })

  it('ignores corrupt or foreign storage and says why', () => {
    expect(parseStored('{"format":"geoportal-drawings","version":1,"drawings":[')).toEqual({ state: EMPTY, problem: 'json' })
    expect(parseStored('[1,2]').problem).toBe('format')
    expect(parseStored(JSON.stringify({ format: 'geoportal-drawings', version: 2, drawings: [] })).problem).toBe('version')
    const bad = JSON.parse(serialize({ drawings: sample, showMeasurements: false }))
    bad.drawings[2].geometry.coordinates[0].pop()
    expect(parseStored(JSON.stringify(bad))).toEqual({ state: EMPTY, problem: 'drawing', index: 2 })
    bad.drawings[2].geometry = { type: 'Point', coordinates: [8, 51] }
    expect(parseStored(JSON.stringify(bad)).index).toBe(2)
  })
})

describe('drawing export and import', () => {
  it('re-imports its own GeoJSON as the same drawings (new ids)', () => {
    const back = fromGeoJSON(toGeoJSON(sample))
    expect('drawings' in back && strip(back.drawings)).toEqual(strip(sample))
  })

  it('writes KML with escaped names, aabbggrr colours and the kind in ExtendedData', () => {
    const kml = toKML(sample, 'Zeichnungen')
    expect(kml).toContain('<name>Baufeld &lt;A&gt; &amp; &quot;B&quot;</name>')
    expect(kml).toContain('<color>ffb45f0a</color>')
    expect(kml).toContain('<Data name="kind"><value>circle</value></Data>')
    expect(kml.match(/<Placemark>/g)).toHaveLength(5)
    expect(kml).toContain('<coordinates>8.1059,51.5711</coordinates>')
  })

  it('reads foreign GeoJSON: multi-geometries split, heights dropped, names as labels, kinds that do not fit ignored', () => {
    const r = fromGeoJSON(JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: 'Zwei Wege' }, geometry: { type: 'MultiLineString', coordinates: [[[8, 51, 80], [8.1, 51]], [[8.2, 51], [8.3, 51.1]]] } },
      { type: 'Feature', properties: { kind: 'circle', colour: 'red', width: 99 }, geometry: { type: 'Point', coordinates: [8, 51] } },
    ] }))
    expect('drawings' in r && r.drawings.map((d) => [d.kind, d.label, d.colour, d.width, d.geometry.coordinates])).toEqual([
      ['line', 'Zwei Wege', '#b93a0b', 3, [[8, 51], [8.1, 51]]],
      ['line', 'Zwei Wege', '#b93a0b', 3, [[8.2, 51], [8.3, 51.1]]],
      ['point', '', '#b93a0b', 3, [8, 51]],
    ])
  })

  it('names the problem of a bad file and the feature', () => {
    expect(fromGeoJSON('{"type":"FeatureCollection","features":[')).toEqual({ problem: 'json' })
    expect(fromGeoJSON('{"type":"FeatureCollection","features":[]}')).toEqual({ problem: 'empty' })
    expect(fromGeoJSON('{"hello":1}')).toEqual({ problem: 'format' })
    const f = (geometry: unknown) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [8, 51] } }, { type: 'Feature', properties: {}, geometry }] })
    expect(fromGeoJSON(f({ type: 'LineString', coordinates: [[8, 51]] }))).toEqual({ problem: 'geometry', index: 1 })
    expect(fromGeoJSON(f({ type: 'Point', coordinates: [800, 51] }))).toEqual({ problem: 'geometry', index: 1 })
    expect(fromGeoJSON(f({ type: 'GeometryCollection', geometries: [] }))).toEqual({ problem: 'type', index: 1 })
    expect(fromGeoJSON(f(null))).toEqual({ problem: 'geometry', index: 1 })
    expect(importFile('plan.dxf', '0\nSECTION', () => { throw new Error('not called') })).toEqual({ problem: 'format' })
  })
})

describe('drawing helpers', () => {
  it('undoes in reverse order, within its limit', () => {
    const h = new History<number>(2)
    h.push(1)
    h.push(2)
    h.push(3)
    expect([h.undo(), h.undo(), h.undo()]).toEqual([3, 2, undefined])
  })

  it('puts a circle of the given radius on GRS80', () => {
    const g = circlePolygon([8.105, 51.572], 50)
    expect(g.type === 'Polygon' && g.coordinates[0]).toHaveLength(65)
    for (const p of g.type === 'Polygon' ? g.coordinates[0] : []) expect(geodesicDistance([8.105, 51.572], p)).toBeCloseTo(50, 3)
  })

  it('labels with the measure module: UTM length, area and perimeter, point coordinates', () => {
    expect(measurementLabel(sample[1], toGrid, words, 'de')).toMatch(/^Länge \d\.\d{3},\d\d m$/)
    const square = measurementLabel(sample[2], toGrid, words, 'en')
    expect(square).toMatch(/^Fläche [\d,]+\.\d\d m²\nUmfang [\d,]+\.\d\d m$/)
    const [e, n] = toGrid([8.1059, 51.5711])
    expect(measurementLabel(sample[0], toGrid, words, 'en')).toBe(`E ${e.toFixed(2)}\nN ${n.toFixed(2)}`)
    const { shapes, labels } = mapFeatures(sample, (d) => measurementLabel(d, toGrid, words, 'de'))
    expect(shapes).toHaveLength(4)
    expect(labels.map((l) => l.properties!.text.split('\n')[0])).toEqual(['Brunnen', expect.stringMatching(/^Länge/), 'Baufeld <A> & "B"', expect.stringMatching(/^Fläche/), 'Hinweis: Zufahrt'])
    expect(anchor(sample[1])).toEqual([8.11, 51.571])
    expect(mapFeatures(sample, undefined).labels).toHaveLength(3)
  })
})
