// The decisions of the service worker (sw.ts) as pure functions: which requests it handles and how, byte ranges,
// and which cached entries to drop. No browser APIs here, so they are unit-tested in Node.

/** How the service worker answers a GET request inside its scope. */
export type Route =
  /**
   * The page itself: the index.html of the app shell this worker installed, without waiting for the network (the
   * browser checks sw.js for a new build on every navigation; a new build's worker brings its own index.html, used
   * from the next visit on). The network only while no copy is cached.
   */
  | 'page'
  /** catalog.json: the last copy at once, refreshed in the background (stale-while-revalidate); see sw.ts. */
  | 'catalog'
  /**
   * Content-addressed files (layers/<id>/<version>/…, basemaps/<id>/<version>/…): never change → cache first;
   * Range requests answered from cached bytes.
   */
  | 'layer'
  /** assets/…: hashed file names, never change → cache first. */
  | 'asset'
  /** Other files of the app shell (favicon): network first, cache when offline. */
  | 'shell'
  /** Everything else (dcat.jsonld, sw.js, source maps, base maps of the unversioned layout): not touched. */
  | 'pass'

/**
 * A self-hosted base map's files in a version folder (cli/basemap/store.ts): 12 hex digits of their content hash.
 * Base maps of catalogs written before that (basemaps/<id>/<file>) may change in place, so they are not cached.
 */
const VERSIONED_BASEMAP = /^basemaps\/[^/]+\/[0-9a-f]{12}\/[^/]+$/

/**
 * On the cached catalog.json: when this copy was stored (ms since epoch). The page gets it with its catalog and
 * later asks the worker (message CATALOG_CHECK with `stamp`) whether the copy it shows is still the newest.
 */
export const CATALOG_STORED_HEADER = 'X-Geoportal-Catalog-Stored'
export const CATALOG_CHECK = 'geoportal-catalog-check'

/** rel: the request path relative to the scope, without query (e.g. "layers/x/1/x.fgb"). */
export function route(rel: string, mode: string): Route {
  if (rel === '' || rel === 'index.html') return mode === 'navigate' || rel === 'index.html' ? 'page' : 'pass'
  if (rel === 'catalog.json') return 'catalog'
  if (rel.startsWith('layers/') || VERSIONED_BASEMAP.test(rel)) return 'layer'
  if (rel.startsWith('assets/')) return rel.endsWith('.map') ? 'pass' : 'asset'
  if (rel === 'favicon.svg') return 'shell'
  return 'pass'
}

/**
 * The route of any request URL: requests to other origins (external WMS/WMTS images, legends, GetFeatureInfo) and
 * outside the scope are never touched — third-party answers are not cached, whatever their headers say.
 */
export function routeUrl(url: string, scope: string, mode: string): Route {
  const u = new URL(url)
  const s = new URL(scope)
  if (u.origin !== s.origin || !u.pathname.startsWith(s.pathname)) return 'pass'
  return route(u.pathname.slice(s.pathname.length), mode)
}

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

/**
 * A Range header against a resource of `size` bytes: null = no Range header (whole resource),
 * 'unsatisfiable' = 416, 'unsupported' = several ranges or not bytes (the whole resource may be sent instead).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | null | 'unsatisfiable' | 'unsupported' {
  if (header == null) return null
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!m) return 'unsupported'
  if (m[1] === '' && m[2] === '') return 'unsatisfiable'
  let start: number
  let end: number
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0) return 'unsatisfiable'
    start = Math.max(0, size - n)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
    if (m[2] !== '' && Number(m[2]) < start) return 'unsatisfiable'
  }
  return start >= size || start > end ? 'unsatisfiable' : { start, end }
}

/** "bytes 0-99/1234" → { start: 0, end: 99, total: 1234 }; null when absent, malformed or of unknown length. */
export function parseContentRange(header: string | null | undefined): (ByteRange & { total: number }) | null {
  const m = header ? /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(header) : null
  if (!m) return null
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return start <= end && end < total ? { start, end, total } : null
}

export interface Piece extends ByteRange {
  key: string
}

/**
 * Stored pieces of a file (byte ranges) that together hold bytes start..end, with the part of each to use
 * (from/to relative to the piece, to exclusive), or null when something is missing.
 */
export function cover(pieces: Piece[], start: number, end: number): { piece: Piece; from: number; to: number }[] | null {
  const out: { piece: Piece; from: number; to: number }[] = []
  let pos = start
  while (pos <= end) {
    let best: Piece | null = null
    for (const p of pieces) if (p.start <= pos && p.end >= pos && (!best || p.end > best.end)) best = p
    if (!best) return null
    const last = Math.min(end, best.end)
    out.push({ piece: best, from: pos - best.start, to: last - best.start + 1 })
    pos = last + 1
  }
  return out
}

export interface CachedEntry {
  key: string
  bytes: number
  /** Last use (ms since epoch). */
  used: number
}

export interface CacheLimits {
  maxEntries: number
  maxBytes: number
}

/** Keys to delete so that the entries fit the limits, least recently used first; `keep` is never dropped. */
export function evictions(entries: CachedEntry[], limits: CacheLimits, keep: ReadonlySet<string> = new Set()): string[] {
  let count = entries.length
  let bytes = entries.reduce((s, e) => s + e.bytes, 0)
  const out: string[] = []
  for (const e of [...entries].sort((a, b) => a.used - b.used || a.key.localeCompare(b.key))) {
    if (count <= limits.maxEntries && bytes <= limits.maxBytes) break
    if (keep.has(e.key)) continue
    out.push(e.key)
    count--
    bytes -= e.bytes
  }
  return out
}

/**
 * Shell caches to delete when a new build's worker activates: all but the current one and the newest older one
 * (`names` in creation order, as CacheStorage lists them). The previous build's files stay for one more build, so
 * a page of that build — opened from the cache just before the new worker took over — still finds the chunks it
 * had cached, whose hashed names the new build's host may no longer serve.
 */
export function staleShellCaches(names: readonly string[], prefix: string, current: string): string[] {
  const older = names.filter((n) => n.startsWith(prefix) && n !== current)
  return older.slice(0, -1)
}
