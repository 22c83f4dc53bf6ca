import { describe, expect, it } from 'vitest'
import type { PmtilesBasemap, StyleBasemap, WmsBasemap, XyzBasemap } from '../model/basemap.ts'
import { basemapHosts, basemapState, consentKey, needsConsent, parseConsents } from './choice.ts'
import { pmtilesParts, remoteStyleParts, wmsTileUrl, xyzParts } from './style.ts'

const pm: PmtilesBasemap = { id: 'stadtplan', title: 'Stadtplan', kind: 'pmtiles', url: 'basemaps/stadtplan/stadtplan.pmtiles', style: 'basemaps/stadtplan/style.json', attribution: 'Stadt Soest <b>' }
const pmStyle = {
  version: 8,
  glyphs: 'https://fonts.example/{fontstack}/{range}.pbf',
  sources: { basemap: { type: 'vector', url: 'https://elsewhere.example/tiles.json', tiles: ['https://elsewhere.example/{z}/{x}/{y}'], maxzoom: 15 } },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#eee' } },
    { id: 'streets', type: 'line', source: 'basemap', 'source-layer': 'streets' },
  ],
}
const xyz: XyzBasemap = { id: 'dop', title: 'Luftbild', kind: 'xyz', tiles: ['https://tiles.example/dop/{z}/{x}/{y}.jpeg'], attribution: '© GeoBasis NRW', maxZoom: 19 }
const wms: WmsBasemap = { id: 'wms', title: 'WMS', kind: 'wms', url: 'http://127.0.0.1:8080/cgi-bin/mapserv?map=/srv/soest.map&bbox=1,2,3,4', layers: 'dop,grenzen', attribution: 'Stadt Soest' }
const remote: StyleBasemap = { id: 'vektor', title: 'basemap.de', kind: 'style', url: 'https://sgx.geodatenzentrum.de/styles/bm_web_col.json', attribution: '© GeoBasis-DE / BKG' }

describe('base-map style parts', () => {
  it('points a self-hosted style at its archive through the pmtiles protocol, prefixed, without glyphs', () => {
    const p = pmtilesParts(pm, pmStyle, 'https://portal.example/basemaps/stadtplan/stadtplan.pmtiles')
    expect(p.sources).toEqual({
      'basemap:basemap': { type: 'vector', url: 'pmtiles://https://portal.example/basemaps/stadtplan/stadtplan.pmtiles', maxzoom: 15, attribution: 'Stadt Soest &#60;b&#62;' },
    })
    expect(p.layers.map((l) => [l.id, (l as { source?: string }).source])).toEqual([
      ['basemap:background', undefined],
      ['basemap:streets', 'basemap:basemap'],
    ])
    expect(JSON.stringify(p)).not.toMatch(/fonts\.example|elsewhere\.example/)
  })

  it('refuses a self-hosted style that is not one vector source named basemap, naming the file', () => {
    expect(() => pmtilesParts(pm, { ...pmStyle, sources: { osm: pmStyle.sources.basemap } }, 'x')).toThrow(/basemaps\/stadtplan\/style\.json must have exactly one vector source named "basemap" \(it has "osm"\)/)
    expect(() => pmtilesParts(pm, [], 'x')).toThrow(/style\.json is not a MapLibre style/)
    expect(() => pmtilesParts(pm, { ...pmStyle, layers: [{ id: 'x', type: 'line', source: 'other' }] }, 'x')).toThrow(/unknown source "other"/)
  })

  it('merges a remote style: sources and layers prefixed, relative URLs made absolute, our attribution as text', () => {
    const p = remoteStyleParts(remote, {
      version: 8,
      sprite: '../sprites/bm',
      glyphs: 'https://sgx.geodatenzentrum.de/fonts/{fontstack}/{range}.pbf',
      sources: { smarttiles: { type: 'vector', url: 'tiles.json', attribution: '<a href="javascript:x">x</a>' }, hillshade: { type: 'raster', tiles: ['/hs/{z}/{x}/{y}.png'] } },
      layers: [{ id: 'land', type: 'fill', source: 'smarttiles', 'source-layer': 'land' }],
    })
    expect(p.sources).toEqual({
      'basemap:smarttiles': { type: 'vector', url: 'https://sgx.geodatenzentrum.de/styles/tiles.json', attribution: '© GeoBasis-DE / BKG' },
      'basemap:hillshade': { type: 'raster', tiles: ['https://sgx.geodatenzentrum.de/hs/{z}/{x}/{y}.png'] },
    })
    expect(p.layers).toEqual([{ id: 'basemap:land', type: 'fill', source: 'basemap:smarttiles', 'source-layer': 'land' }])
    expect(p.sprite).toBe('https://sgx.geodatenzentrum.de/sprites/bm')
  })

  it('makes one raster source for XYZ templates', () => {
    const p = xyzParts(xyz)
    expect(p.sources['basemap:raster']).toEqual({ type: 'raster', tiles: xyz.tiles, tileSize: 256, maxzoom: 19, attribution: '© GeoBasis NRW' })
    expect(p.layers).toEqual([{ id: 'basemap:raster', type: 'raster', source: 'basemap:raster', paint: { 'raster-fade-duration': 0 } }])
  })

  it('writes WMS GetMap templates per version, keeping the service URL\'s own parameters', () => {
    const v13 = new URL(wmsTileUrl(wms).replace('{bbox-epsg-3857}', '1,2,3,4'))
    expect(Object.fromEntries(v13.searchParams)).toEqual({
      map: '/srv/soest.map',
      SERVICE: 'WMS',
      REQUEST: 'GetMap',
      VERSION: '1.3.0',
      LAYERS: 'dop,grenzen',
      STYLES: '',
      FORMAT: 'image/png',
      TRANSPARENT: 'FALSE',
      CRS: 'EPSG:3857',
      WIDTH: '256',
      HEIGHT: '256',
      BBOX: '1,2,3,4',
    })
    // The placeholder stays literal (MapLibre replaces it as written).
    expect(wmsTileUrl(wms)).toMatch(/&BBOX=\{bbox-epsg-3857\}$/)
    const v11 = new URL(wmsTileUrl({ ...wms, version: '1.1.1', format: 'image/jpeg' }))
    expect([v11.searchParams.get('SRS'), v11.searchParams.get('CRS'), v11.searchParams.get('VERSION'), v11.searchParams.get('FORMAT')]).toEqual(['EPSG:3857', null, '1.1.1', 'image/jpeg'])
  })
})

describe('base-map choice and consent', () => {
  const settings = { basemaps: [pm, xyz], remoteConsent: true }
  it('draws a self-hosted base map at once and asks before a remote one, until agreed for its origins', () => {
    expect(basemapState(settings, 'stadtplan', new Set())).toEqual({ active: pm, asking: null })
    expect(basemapState(settings, 'dop', new Set())).toEqual({ active: null, asking: xyz })
    expect(basemapState(settings, 'dop', new Set([consentKey(xyz)]))).toEqual({ active: xyz, asking: null })
    // Pointed at another provider, it asks again.
    expect(needsConsent(settings, { ...xyz, tiles: ['https://other.example/{z}/{x}/{y}.png'] }, new Set([consentKey(xyz)]))).toBe(true)
    expect(basemapState({ ...settings, remoteConsent: undefined }, 'dop', new Set())).toEqual({ active: xyz, asking: null })
    expect(basemapState(settings, 'none', new Set())).toEqual({ active: null, asking: null })
    expect(basemapState(settings, 'gone', new Set())).toEqual({ active: null, asking: null })
  })
  it('names the hosts and reads stored agreements leniently', () => {
    expect(basemapHosts(xyz)).toBe('tiles.example')
    expect([...parseConsents(JSON.stringify([consentKey(xyz), 3]))]).toEqual(['dop https://tiles.example'])
    expect(parseConsents('{oops').size).toBe(0)
    expect(parseConsents(null).size).toBe(0)
  })
})
