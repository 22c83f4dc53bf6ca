// The Content-Security-Policy of a build, computed from its catalog: the portal's own rules (the same as
// deploy/geoportal.conf's default, which a unit test keeps equal) plus exactly the origins the catalog's base maps
// load from — `'self'` alone when everything is self-hosted. "geoportal build" writes it twice, because a meta
// policy and a header are both enforced (a request must pass both):
//  - as <meta http-equiv="Content-Security-Policy"> into index.html, so the policy travels with the site to any
//    host. A meta policy cannot express frame-ancestors, report-uri/report-to or sandbox (browsers ignore them
//    there), so those stay in the header only.
//  - as csp.conf (`set $geoportal_csp "…";`) for nginx: the site's server block includes it after
//    deploy/geoportal.conf, whose add_header sends $geoportal_csp (docs/deploy.md).
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Catalog } from '../../src/model/catalog.ts'
import { basemapOrigins, parseBasemapSettings } from '../../src/model/basemap.ts'
import { serviceLayerOrigins } from '../../src/model/service.ts'

export const CSP_CONF_FILE = 'csp.conf'

/** Directive → sources, in the order they are written. */
const BASE_POLICY: [string, string[]][] = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  // MapLibre's control icons are data: SVGs; raster tiles become blob: images.
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'"]],
  ['manifest-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'self'"]],
]

/** Ignored in a <meta> policy (CSP 3, §6.1): header only. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox'])

/** MapLibre fetches styles, tiles and sprites (connect-src) and some images through <img> (img-src). */
const REMOTE_DIRECTIVES = new Set(['connect-src', 'img-src'])

const ORIGIN = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/

/**
 * Every origin other than the site's own that the built portal may load from: the catalog's base maps (the
 * legacy `basemap` too). Sorted, each once. Service layers add theirs here.
 */
export function catalogOrigins(catalog: Catalog): string[] {
  const { settings } = parseBasemapSettings(catalog as unknown as Record<string, unknown>)
  const origins = new Set<string>()
  for (const b of settings.basemaps) {
    for (const o of basemapOrigins(b)) {
      // URL.origin is normalised; this is the belt to it, as the value ends up in a header and in HTML.
      if (!ORIGIN.test(o)) throw new Error(`catalog.json: base map ${b.id}: origin ${JSON.stringify(o)} cannot be put into a Content-Security-Policy`)
      origins.add(o)
    }
  }
  // Service layers (WMS/WMTS) of the catalog the build publishes: their images, legends and feature info.
  for (const o of serviceLayerOrigins(catalog.layers)) {
    if (!ORIGIN.test(o)) throw new Error(`catalog.json: a service layer's origin ${JSON.stringify(o)} cannot be put into a Content-Security-Policy`)
    origins.add(o)
  }
  return [...origins].sort()
}

/** The policy for a catalog, as a header value; `meta` leaves out what a <meta> policy cannot express. */
export function contentSecurityPolicy(catalog: Catalog, opts: { meta?: boolean } = {}): string {
  const origins = catalogOrigins(catalog)
  return BASE_POLICY.filter(([d]) => !(opts.meta && HEADER_ONLY.has(d)))
    .map(([d, sources]) => [d, ...sources, ...(REMOTE_DIRECTIVES.has(d) ? origins : [])].join(' '))
    .join('; ')
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** index.html with the meta policy as the first element after <meta charset>, before anything that loads. */
export function withMetaPolicy(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(policy)}" />`
  const cleaned = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, '')
  const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(cleaned)
  if (!charset) throw new Error('index.html has no <meta charset>: cannot place the Content-Security-Policy before the scripts')
  const at = charset.index + charset[0].length
  return `${cleaned.slice(0, at)}\n    ${tag}${cleaned.slice(at)}`
}

/** The nginx include for the site (see deploy/geoportal.conf). */
export function nginxCspConf(policy: string): string {
  return [
    '# Written by "geoportal build": the Content-Security-Policy of this build (its base maps\' origins included).',
    '# Include it after deploy/geoportal.conf in the same server/location block (docs/deploy.md); it replaces the',
    '# default policy that file sets. Rebuilding rewrites it, so header and <meta> policy stay in step.',
    `set $geoportal_csp "${policy}";`,
    '',
  ].join('\n')
}

/** Writes the build's policy into <outDir>/index.html (meta) and <outDir>/csp.conf (nginx). */
export async function writeCsp(outDir: string, catalog: Catalog): Promise<{ origins: string[] }> {
  const index = path.join(outDir, 'index.html')
  const html = await fs.readFile(index, 'utf8')
  await fs.writeFile(index, withMetaPolicy(html, contentSecurityPolicy(catalog, { meta: true })))
  await fs.writeFile(path.join(outDir, CSP_CONF_FILE), nginxCspConf(contentSecurityPolicy(catalog)))
  return { origins: catalogOrigins(catalog) }
}
