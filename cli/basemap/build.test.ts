import { describe, expect, it } from 'vitest'
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps'
import { Projections } from '../../src/projection/registry.ts'
import type { VectorData, VectorFeature } from '../vector/model.ts'
import { columnsFromFeatures } from '../vector/model.ts'
import { buildBasemap, type RoleInput } from './build.ts'
import { decodeTile, tileOf } from './decode.ts'
import { openArchive } from './inspect.ts'
import { protomapsStyle } from './style.ts'
import { roadClass } from './schema.ts'

const E0 = 438000
const N0 = 5714000
const data = (features: VectorFeature[], crs = 'EPSG:25832'): VectorData => ({ crs, columns: columnsFromFeatures(features), features })
const rect = (x: number, y: number, w: number, h: number) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]]
const projections = new Projections()
const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')

function inputs(): RoleInput[] {
  return [
    { role: 'roads', file: 'roads.fgb', data: data([
      { geometry: { type: 'LineString', coordinates: [[E0 - 3000, N0], [E0 + 3000, N0]] }, properties: { name: 'Hellweg', klasse: 'Bundesstraße' } },
      { geometry: { type: 'LineString', coordinates: [[E0, N0 - 500], [E0, N0 + 500]] }, properties: { name: 'Amselweg', klasse: 'residential' } },
      { geometry: { type: 'LineString', coordinates: [[E0 + 50, N0 - 500], [E0 + 50, N0 + 500]] }, properties: { name: 'Teichpfad', klasse: 'footway' } },
      { geometry: { type: 'LineString', coordinates: [[E0 + 70, N0 - 500], [E0 + 70, N0 + 500]] }, properties: { name: 'Sonderweg', klasse: 'Raumschiffbahn' } },
    ]) },
    { role: 'buildings', file: 'houses.gpkg', data: data([{ geometry: { type: 'Polygon', coordinates: rect(E0 + 20, N0 + 20, 15, 12) }, properties: {} }]) },
    { role: 'green', file: 'parks.geojson', data: data([
      { geometry: { type: 'Polygon', coordinates: rect(E0 - 900, N0 - 900, 600, 500) }, properties: { name: 'Stadtpark', kind: 'park' } },
      { geometry: { type: 'Polygon', coordinates: rect(E0 + 900, N0 - 900, 600, 500) }, properties: { name: 'Wäldchen', kind: 'forest' } },
      { geometry: { type: 'Polygon', coordinates: rect(E0 + 900, N0 + 900, 8, 8) }, properties: { name: 'Beet', kind: 'Blumenbeet' } },
    ]) },
    // Places in WGS84: inputs in different CRSs in one build.
    { role: 'places', file: 'places.csv', data: data([
      { geometry: { type: 'Point', coordinates: toLonLat([E0, N0]) }, properties: { name: 'Demo-Stadt', einwohner: 48000 } },
      { geometry: { type: 'Point', coordinates: toLonLat([E0 + 2000, N0 + 2000]) }, properties: { name: 'Kleindorf', einwohner: 300 } },
      // Unknown population: not 0 inhabitants, just no rank of its own.
      { geometry: { type: 'Point', coordinates: toLonLat([E0 - 2000, N0 - 2000]) }, properties: { name: 'Irgendwo', einwohner: null } },
    ], 'EPSG:4326') },
    { role: 'boundaries', file: 'kreis.fgb', adminLevel: 6, data: data([{ geometry: { type: 'Polygon', coordinates: rect(E0 - 4000, N0 - 4000, 8000, 8000) }, properties: { GEN: 'Kreis' } }]) },
  ]
}

const opts = { title: 'Test', attribution: '© Test', roadClassAttr: 'klasse', populationAttr: 'einwohner' }

async function featuresAt(archive: ReturnType<typeof openArchive>, z: number, e: number, n: number) {
  const [lon, lat] = toLonLat([e, n])
  const [x, y] = tileOf(lon, lat, z)
  return decodeTile(archive, z, x, y)
}

describe('basemap build (Protomaps schema), read back with pmtiles and @mapbox/vector-tile', () => {
  it('writes the schema layers with kind, kind_detail, name and min_zoom, each from its zoom', async () => {
    const result = buildBasemap(inputs(), projections, opts)
    expect(result.maxZoom).toBe(15)
    expect(result.features).toEqual({ earth: 1, landuse: 3, roads: 4, buildings: 1, boundaries: 1, places: 3 })
    expect(result.unknownRoadClasses).toEqual(['Raumschiffbahn'])
    const archive = openArchive(result.archive)
    const meta = (await archive.getMetadata()) as { vector_layers: { id: string; fields: Record<string, string>; minzoom: number; maxzoom: number }[]; attribution: string }
    expect(meta.attribution).toBe('© Test')
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['earth', 'landuse', 'roads', 'buildings', 'boundaries', 'places'])
    expect(meta.vector_layers.find((l) => l.id === 'roads')).toMatchObject({ fields: { kind: 'String', kind_detail: 'String', min_zoom: 'Number', name: 'String' }, minzoom: 7, maxzoom: 15 })
    expect(meta.vector_layers.find((l) => l.id === 'buildings')!.minzoom).toBe(13)

    const z15 = await featuresAt(archive, 15, E0 + 25, N0 + 25)
    const roads = z15.filter((f) => f.layer === 'roads')
    expect(roads.map((r) => [r.properties.name, r.properties.kind, r.properties.kind_detail]).sort()).toEqual([
      ['Amselweg', 'minor_road', 'residential'],
      ['Hellweg', 'major_road', 'primary'],
      ['Sonderweg', 'minor_road', 'unclassified'],
      ['Teichpfad', 'path', 'footway'],
    ])
    expect(z15.find((f) => f.layer === 'buildings')?.properties).toEqual({ kind: 'building', min_zoom: 13 })
    expect(z15.find((f) => f.layer === 'earth')?.properties.kind).toBe('earth')

    // Zoom ranges: the federal road from z7, residential streets from z12, footways from z14, houses from z13.
    const names = async (z: number) => (await featuresAt(archive, z, E0 + 25, N0 + 25)).filter((f) => f.layer === 'roads').map((f) => f.properties.name).sort()
    expect(await names(7)).toEqual(['Hellweg'])
    expect(await names(11)).toEqual(['Hellweg'])
    expect(await names(12)).toEqual(['Amselweg', 'Hellweg', 'Sonderweg'])
    expect(await names(14)).toEqual(['Amselweg', 'Hellweg', 'Sonderweg', 'Teichpfad'])
    expect((await featuresAt(archive, 12, E0 + 25, N0 + 25)).some((f) => f.layer === 'buildings')).toBe(false)
    expect((await featuresAt(archive, 13, E0 + 25, N0 + 25)).some((f) => f.layer === 'buildings')).toBe(true)

    // Places: the town from z9 (population_rank 6), the hamlet from z12; each where it is.
    expect((await featuresAt(archive, 8, E0, N0)).some((f) => f.properties.name === 'Demo-Stadt')).toBe(false)
    const town = (await featuresAt(archive, 9, E0, N0)).find((f) => f.layer === 'places')!
    expect(town.properties).toMatchObject({ name: 'Demo-Stadt', kind: 'locality', population_rank: 6, min_zoom: 9, population: 48000 })
    const [lon, lat] = toLonLat([E0, N0])
    const [tlon, tlat] = town.geometry.coordinates as number[]
    expect(Math.abs(tlon - lon)).toBeLessThan(0.01)
    expect(Math.abs(tlat - lat)).toBeLessThan(0.01)
    const somewhere = (await featuresAt(archive, 8, E0 - 2000, N0 - 2000)).find((f) => f.properties.name === 'Irgendwo')
    expect(somewhere?.properties).toEqual({ name: 'Irgendwo', kind: 'locality', population_rank: 9, min_zoom: 8 })
    expect((await featuresAt(archive, 11, E0 + 2000, N0 + 2000)).some((f) => f.properties.name === 'Kleindorf')).toBe(false)
    expect((await featuresAt(archive, 12, E0 + 2000, N0 + 2000)).some((f) => f.properties.name === 'Kleindorf')).toBe(true)

    // Green: the schema's kinds; an unknown kind becomes a park; a tiny bed is left out until it shows.
    const park = (await featuresAt(archive, 13, E0 - 600, N0 - 650)).find((f) => f.layer === 'landuse')
    expect(park?.properties).toMatchObject({ kind: 'park', name: 'Stadtpark' })
    expect((await featuresAt(archive, 13, E0 + 1200, N0 - 650)).find((f) => f.properties.name === 'Wäldchen')?.properties.kind).toBe('forest')
    expect((await featuresAt(archive, 12, E0 + 904, N0 + 904)).some((f) => f.properties.name === 'Beet')).toBe(false)
    expect((await featuresAt(archive, 15, E0 + 904, N0 + 904)).find((f) => f.properties.name === 'Beet')?.properties.kind).toBe('park')

    // Boundaries: polygon outlines as lines with the administrative level.
    const b = (await featuresAt(archive, 10, E0 - 4000, N0)).find((f) => f.layer === 'boundaries')!
    expect(b.type).toMatch(/LineString/)
    expect(b.properties).toMatchObject({ kind: 'county', kind_detail: 6 })
  })

  it('covers the data area with land from the zoom where it is bigger than a pixel, and is deterministic', async () => {
    const a = buildBasemap(inputs(), projections, opts)
    const b = buildBasemap(inputs(), projections, opts)
    expect(Buffer.compare(a.archive, b.archive)).toBe(0)
    const archive = openArchive(a.archive)
    const h = await archive.getHeader()
    expect([h.minZoom, h.maxZoom, h.tileType, h.tileCompression]).toEqual([0, 15, 1, 2])
    const [lon, lat] = toLonLat([E0, N0])
    expect(h.minLon).toBeLessThan(lon)
    expect(h.maxLon).toBeGreaterThan(lon)
    // The area is 8 km wide: at z6 some 10 pixels; below, geojson-vt drops it as too small to draw.
    for (let z = 6; z <= 15; z++) {
      const [x, y] = tileOf(lon, lat, z)
      expect((await decodeTile(archive, z, x, y)).some((f) => f.layer === 'earth'), `earth at z${z}`).toBe(true)
    }
  })

  it('reads the population from a key of a JSON attribute (column.key)', async () => {
    const places: RoleInput = { role: 'places', file: 'gemeinden.fgb', data: data([{ geometry: { type: 'Point', coordinates: [E0, N0] }, properties: { GEN: 'Soest', destatis: '{"RS": "059740040040", "population": 47460}' } }]) }
    const r = buildBasemap([places], projections, { title: 'T', attribution: '', populationAttr: 'destatis.population' })
    const soest = (await featuresAt(openArchive(r.archive), 9, E0, N0)).find((f) => f.layer === 'places')
    expect(soest?.properties).toMatchObject({ name: 'Soest', population: 47460, population_rank: 6, min_zoom: 9 })
    expect(() => buildBasemap([places], projections, { title: 'T', attribution: '', populationAttr: 'einwohner.gesamt' })).toThrow('gemeinden.fgb: has no attribute "einwohner.gesamt" for the population')
  })

  it('stops at zoom 12 with only boundaries and places, unless told otherwise', () => {
    const few = inputs().filter((i) => i.role === 'places' || i.role === 'boundaries')
    expect(buildBasemap(few, projections, opts).maxZoom).toBe(12)
    expect(buildBasemap(few, projections, { ...opts, maxZoom: 10 }).maxZoom).toBe(10)
  })

  it('names the file and feature of bad input in one line', () => {
    const bad = (role: RoleInput['role'], f: VectorFeature, crs: string | null = 'EPSG:25832') => () =>
      buildBasemap([{ role, file: 'x.fgb', data: { ...data([f]), crs } }], projections, { title: 'T', attribution: '' })
    expect(bad('buildings', { geometry: { type: 'Point', coordinates: [E0, N0] }, properties: {} })).toThrow('x.fgb: feature 1: buildings need polygons, found Point')
    expect(bad('roads', { geometry: { type: 'Polygon', coordinates: rect(E0, N0, 5, 5) }, properties: {} })).toThrow('x.fgb: feature 1: roads need lines, found Polygon')
    expect(bad('roads', { geometry: { type: 'LineString', coordinates: [[E0, N0], [NaN, N0]] }, properties: {} })).toThrow('x.fgb: feature 1: coordinate is not a number')
    expect(bad('roads', { geometry: { type: 'LineString', coordinates: [[8.1, 51.5], [8.2, 51.6]] }, properties: {} }, null)).toThrow('x.fgb: declares no CRS; give it with --crs')
    expect(bad('roads', { geometry: { type: 'LineString', coordinates: [[E0, N0], [E0 + 1, N0]] }, properties: {} }, 'EPSG:4326')).toThrow('x.fgb: feature 1: lies outside the world in EPSG:4326 (wrong --crs?)')
    expect(() => buildBasemap(inputs(), projections, { ...opts, nameAttr: 'strasse' })).toThrow('roads.fgb: has no attribute "strasse" for the names (attributes: name, klasse)')
  })
})

describe('road classes', () => {
  it('maps OSM values, German categories and the schema kinds; links; unknown values are minor roads', () => {
    expect(roadClass('motorway_link').cls).toEqual({ kind: 'highway', kind_detail: 'motorway', min_zoom: 11, is_link: true })
    expect(roadClass('Kreisstraße').cls).toMatchObject({ kind: 'major_road', kind_detail: 'tertiary' })
    expect(roadClass('Fuß- und Radweg').cls).toMatchObject({ kind: 'path', kind_detail: 'cycleway' })
    expect(roadClass('minor_road').cls).toMatchObject({ kind: 'minor_road' })
    expect(roadClass(null)).toEqual({ cls: { kind: 'minor_road', kind_detail: 'unclassified', min_zoom: 12 }, known: true })
    expect(roadClass('Feldweg?')).toMatchObject({ known: false, cls: { kind: 'minor_road' } })
  })
})

describe('the style for the Protomaps schema', () => {
  const style = protomapsStyle('Demo', 'basemaps/demo/demo.pmtiles', '© Demo')

  it('has one vector source "basemap", no glyph server, no sprite, only local fonts and no icons', () => {
    expect(Object.keys(style.sources)).toEqual(['basemap'])
    expect(style.sources.basemap).toEqual({ type: 'vector', url: 'pmtiles://basemaps/demo/demo.pmtiles', attribution: '© Demo' })
    expect(style).not.toHaveProperty('glyphs')
    expect(style).not.toHaveProperty('sprite')
    const text = JSON.stringify(style.layers)
    expect(text).not.toMatch(/icon-image/)
    // Every font the style names is the local sans-serif (the Devanagari case of the Protomaps labels aside).
    const fonts = new Set([...text.matchAll(/"(Noto Sans[^"]*|sans-serif)"/g)].map((m) => m[1]))
    expect([...fonts].filter((f) => !f.includes('Devanagari'))).toEqual(['sans-serif'])
  })

  it('paints land beyond the archive (background in the earth colour)', () => {
    expect(style.layers[0]).toEqual({ id: 'background', type: 'background', paint: { 'background-color': namedFlavor('light').earth } })
  })

  it('keeps the Protomaps light layers (German labels) that need no sprite', () => {
    const ids = style.layers.map((l) => l.id)
    const upstream = (protomapsLayers('basemap', namedFlavor('light'), { lang: 'de' }) as { id: string }[]).map((l) => l.id)
    expect(upstream.filter((id) => !ids.includes(id)).sort()).toEqual(['pois', 'roads_oneway', 'roads_shields'])
    expect(ids).toEqual(expect.arrayContaining(['earth', 'water', 'buildings', 'roads_minor', 'roads_labels_minor', 'places_locality', 'boundaries']))
    expect(JSON.stringify(style.layers.find((l) => l.id === 'roads_labels_minor'))).toMatch(/name:de/)
  })
})
