import { describe, expect, it } from 'vitest'
import { routeUrl } from './policy.ts'

describe('service worker and external services', () => {
  const scope = 'https://geoportal.soest.de/karte/'
  it('never handles another origin (WMS/WMTS images, legends, GetFeatureInfo) nor paths outside its scope', () => {
    expect(routeUrl('https://www.wms.nrw.de/geobasis/wms_nw_dop?REQUEST=GetMap&BBOX=1,2,3,4', scope, 'cors')).toBe('pass')
    expect(routeUrl('https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/x/default/GLOBAL_WEBMERCATOR/12/1363/2139.png', scope, 'cors')).toBe('pass')
    // Even a path that looks like the catalog's own files, on another origin.
    expect(routeUrl('https://evil.example/karte/layers/x/1/x.fgb', scope, 'cors')).toBe('pass')
    expect(routeUrl('https://geoportal.soest.de/wms?REQUEST=GetMap', scope, 'cors')).toBe('pass')
    // A same-origin service inside the scope but not under layers/ is not cached either.
    expect(routeUrl('https://geoportal.soest.de/karte/wms?REQUEST=GetFeatureInfo', scope, 'cors')).toBe('pass')
    expect(routeUrl('https://geoportal.soest.de/karte/layers/x/1/x.fgb', scope, 'cors')).toBe('layer')
    expect(routeUrl('https://geoportal.soest.de/karte/catalog.json', scope, 'cors')).toBe('catalog')
  })
})
