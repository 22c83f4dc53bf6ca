import { describe, expect, it } from 'vitest'
import { basemapOrigins, basemapProblem, chooseBasemap, parseBasemapSettings } from './basemap.ts'

const pm = { id: 'stadtplan', title: 'Stadtplan', kind: 'pmtiles', url: 'basemaps/stadtplan/stadtplan.pmtiles', style: 'basemaps/stadtplan/style.json', attribution: 'Stadt Soest' }

describe('base-map definitions', () => {
  it('accepts each kind and refuses paths and URLs that leave their place', () => {
    expect(basemapProblem(pm)).toBeNull()
    expect(basemapProblem({ ...pm, url: '../x.pmtiles' })).toMatch(/inside the catalog/)
    expect(basemapProblem({ ...pm, style: 'https://evil.example/style.json' })).toMatch(/inside the catalog/)
    expect(basemapProblem({ ...pm, url: '/etc/x' })).toMatch(/inside the catalog/)
    expect(basemapProblem({ id: 'v', title: 'V', kind: 'style', url: 'https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/styles/bm_web_col.json', attribution: '© GeoBasis-DE / BKG' })).toBeNull()
    expect(basemapProblem({ id: 'v', title: 'V', kind: 'style', url: 'javascript:alert(1)', attribution: '' })).toMatch(/https/)
    expect(basemapProblem({ id: 'r', title: 'R', kind: 'xyz', tiles: ['https://t.example/{z}/{x}/{y}.png'], attribution: '' })).toBeNull()
    expect(basemapProblem({ id: 'r', title: 'R', kind: 'xyz', tiles: ['https://t.example/tile.png'], attribution: '' })).toMatch(/template/)
    expect(basemapProblem({ id: 'w', title: 'W', kind: 'wms', url: 'http://127.0.0.1:8080/wms', layers: 'dop', attribution: '' })).toBeNull()
    expect(basemapProblem({ id: 'none', title: 'W', kind: 'wms', url: 'http://x/wms', layers: 'dop', attribution: '' })).toBe('invalid id')
    expect(basemapProblem({ ...pm, kind: 'vector' })).toMatch(/unknown kind/)
  })

  it('reads settings leniently, keeps the legacy single base map, and lists the origins', () => {
    const { settings, rejected } = parseBasemapSettings({ basemaps: [pm, { ...pm }, { id: 'x' }], defaultBasemap: 'stadtplan', remoteConsent: true })
    expect(settings.basemaps.map((b) => b.id)).toEqual(['stadtplan'])
    expect(rejected.map((r) => r.reason)).toEqual(['base map: duplicate id', 'base map: missing title'])
    expect(settings.defaultBasemap).toBe('stadtplan')
    expect(settings.remoteConsent).toBe(true)
    const legacy = parseBasemapSettings({ basemap: { tiles: ['https://a.tile.example/{z}/{x}/{y}.png'], attribution: '© OSM' } }).settings
    expect(legacy.basemaps).toMatchObject([{ id: 'legacy', kind: 'xyz' }])
    expect(basemapOrigins(legacy.basemaps[0]!)).toEqual(['https://a.tile.example'])
    expect(basemapOrigins(pm as never)).toEqual([])
  })

  it('chooses the share link, then the default, then the first', () => {
    const s = parseBasemapSettings({ basemaps: [pm, { ...pm, id: 'b' }] }).settings
    expect(chooseBasemap(s, 'b')).toBe('b')
    expect(chooseBasemap(s, 'gone')).toBe('stadtplan')
    expect(chooseBasemap(s, 'none')).toBe('none')
    expect(chooseBasemap({ ...s, defaultBasemap: 'none' })).toBe('none')
    expect(chooseBasemap({ basemaps: [] })).toBe('none')
  })
})
