import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCatalog, type Catalog } from '../../src/model/catalog.ts'
import { catalogOrigins, contentSecurityPolicy, nginxCspConf, withMetaPolicy, writeCsp } from './csp.ts'

const base: Catalog = { version: 1, title: 'T', layers: [] }
const withBasemaps: Catalog = {
  ...base,
  basemaps: [
    { id: 'stadtplan', title: 'S', kind: 'pmtiles', url: 'basemaps/s.pmtiles', style: 'basemaps/s.json', attribution: '' },
    { id: 'dop', title: 'D', kind: 'xyz', tiles: ['https://tiles.example:8443/{z}/{x}/{y}.jpeg', 'https://b.tiles.example/{z}/{x}/{y}.jpeg'], attribution: '' },
    { id: 'wms', title: 'W', kind: 'wms', url: 'http://wms.stadt.example/cgi-bin/mapserv?map=x', layers: 'a', attribution: '' },
    { id: 'vektor', title: 'V', kind: 'style', url: 'https://tiles.example:8443/style.json', attribution: '' },
  ],
}

describe('Content-Security-Policy of a build', () => {
  it("is deploy/geoportal.conf's default policy when every base map is self-hosted", () => {
    const conf = readFileSync(new URL('../../deploy/geoportal.conf', import.meta.url), 'utf8')
    const nginxDefault = /set \$geoportal_csp "([^"]+)"/.exec(conf)![1]
    expect(contentSecurityPolicy(base)).toBe(nginxDefault)
    expect(contentSecurityPolicy({ ...base, basemaps: withBasemaps.basemaps!.slice(0, 1) })).toBe(nginxDefault)
    expect(catalogOrigins(base)).toEqual([])
  })

  it('adds exactly the origins of remote base maps to connect-src and img-src, each once', () => {
    expect(catalogOrigins(withBasemaps)).toEqual(['http://wms.stadt.example', 'https://b.tiles.example', 'https://tiles.example:8443'])
    const p = contentSecurityPolicy(withBasemaps)
    const d = Object.fromEntries(p.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1).join(' ')]))
    expect(d['connect-src']).toBe("'self' http://wms.stadt.example https://b.tiles.example https://tiles.example:8443")
    expect(d['img-src']).toBe("'self' data: blob: http://wms.stadt.example https://b.tiles.example https://tiles.example:8443")
    for (const k of ['default-src', 'script-src', 'style-src', 'worker-src', 'font-src']) expect(d[k]).toBe("'self'")
    expect(d['frame-ancestors']).toBe("'self'")
  })

  it('adds the origins of the service layers the build publishes (WMS, WMTS), each once', () => {
    const { catalog } = parseCatalog({
      ...withBasemaps,
      layers: [
        { id: 'alkis', title: 'ALKIS', kind: 'service', service: 'wms', url: 'https://www.wms.nrw.de/geobasis/wms_nw_alkis', layers: 'adv_alkis_flurstuecke', format: 'image/png', version: '1.3.0', metaHref: 'layers/alkis/v/layer.json', bbox: [280000, 5560000, 540000, 5830000], bbox4326: [5.8, 50.3, 9.5, 52.6], access: 'public' },
        { id: 'dop', title: 'DOP', kind: 'service', service: 'wmts', url: 'https://tiles.example:8443/dop/{z}/{y}/{x}.jpeg', layers: 'dop', format: 'image/jpeg', version: '1.0.0', metaHref: 'layers/dop/v/layer.json', bbox: [280000, 5560000, 540000, 5830000], bbox4326: [5.8, 50.3, 9.5, 52.6], access: 'public' },
      ],
    })
    expect(catalog.layers).toHaveLength(2)
    expect(catalogOrigins(catalog)).toEqual(['http://wms.stadt.example', 'https://b.tiles.example', 'https://tiles.example:8443', 'https://www.wms.nrw.de'])
    // What a public build leaves out (internal layers) adds no origin: csp sees the built catalog.
    expect(catalogOrigins({ ...base, layers: [] })).toEqual([])
  })

  it('reads the legacy single base map too', () => {
    expect(catalogOrigins({ ...base, basemap: { style: 'https://sgx.geodatenzentrum.de/x/style.json' } })).toEqual(['https://sgx.geodatenzentrum.de'])
  })

  it('leaves out of the meta policy what only a header can express', () => {
    const meta = contentSecurityPolicy(withBasemaps, { meta: true })
    expect(meta).not.toMatch(/frame-ancestors|report-uri|sandbox/)
    expect(meta).toContain("connect-src 'self' http://wms.stadt.example")
  })

  it('writes the meta tag before the first script and the nginx include; a rebuild replaces them', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-csp-'))
    try {
      const html = '<!doctype html>\n<html lang="de">\n  <head>\n    <meta charset="utf-8" />\n    <script type="module" crossorigin src="./assets/index-x.js"></script>\n  </head>\n</html>\n'
      await fs.writeFile(path.join(dir, 'index.html'), html)
      await writeCsp(dir, withBasemaps)
      await writeCsp(dir, withBasemaps)
      const out = await fs.readFile(path.join(dir, 'index.html'), 'utf8')
      expect(out.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1)
      expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script'))
      expect(out).toContain(`content="${contentSecurityPolicy(withBasemaps, { meta: true })}"`)
      expect(await fs.readFile(path.join(dir, 'csp.conf'), 'utf8')).toBe(nginxCspConf(contentSecurityPolicy(withBasemaps)))
      expect(nginxCspConf("default-src 'self'")).toMatch(/^set \$geoportal_csp "default-src 'self'";$/m)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses an index.html it cannot place the policy in', () => {
    expect(() => withMetaPolicy('<html><head><script src="x.js"></script></head></html>', "default-src 'self'")).toThrow(/no <meta charset>/)
  })
})
