// The service worker: an offline-capable app shell and the catalog data a user has viewed, so that a planner
// on a site visit keeps the map they opened. Built to <site>/sw.js by the plugin in vite.config.ts, which
// fills in the list of app-shell files; registered by src/app/serviceWorker.ts after the first map view.
// Its scope is the folder of the site, so it works under any sub-path. Decisions: ./policy.ts.
import { CATALOG_CHECK, CATALOG_STORED_HEADER, cover, evictions, parseContentRange, parseRange, routeUrl, staleShellCaches, type CachedEntry, type Piece } from './policy.ts'

interface ExtendableEvt extends Event {
  waitUntil(p: Promise<unknown>): void
}
interface FetchEvt extends ExtendableEvt {
  readonly request: Request
  respondWith(r: Response | Promise<Response>): void
}
interface MessageEvt extends ExtendableEvt {
  readonly data: unknown
}
interface WorkerScope {
  readonly registration: { readonly scope: string }
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', f: (e: ExtendableEvt) => void): void
  addEventListener(type: 'fetch', f: (e: FetchEvt) => void): void
  addEventListener(type: 'message', f: (e: MessageEvt) => void): void
}

const sw = self as unknown as WorkerScope

/** Filled in at build time: the app-shell files (relative to the scope) and a version derived from them. */
const BUILD = JSON.parse('__GEOPORTAL_SW_MANIFEST__') as { version: string; shell: string[] }

const SCOPE = sw.registration.scope
const SCOPE_PATH = new URL(SCOPE).pathname
// Caches are per origin: the scope in the name keeps two portals on one host (e.g. /geoportal/ and
// /geoportal-intern/) apart.
const PREFIX = `geoportal:${SCOPE_PATH}:`
const SHELL_CACHE = `${PREFIX}shell:${BUILD.version}`
const DATA_CACHE = `${PREFIX}data`
const INDEX_URL = new URL('index.html', SCOPE).href
const CATALOG_URL = new URL('catalog.json', SCOPE).href
/** Bookkeeping of the data cache (sizes, last use), stored in it under a URL no request ever uses. */
const LEDGER_URL = new URL('.geoportal-sw-ledger.json', SCOPE).href

/** Data cache bounds, dropped least recently used first (catalog.json stays). */
const LIMITS = { maxEntries: 500, maxBytes: 200 * 1024 * 1024 }
/** Layer files up to this size are fetched whole in the background once viewed (pan around offline); larger
 * ones keep the byte ranges that were actually read. */
const WHOLE_FILE_MAX = 4 * 1024 * 1024
/** A single range larger than this is not kept. */
const PIECE_MAX = 16 * 1024 * 1024
/** Network first, but with a slow network (a site visit) fall back to the cache after this long. */
const NETWORK_TIMEOUT_MS = 4000

const BYTES_HEADER = 'X-Geoportal-Bytes'

interface LedgerEntry extends CachedEntry {
  /** The layer file a piece belongs to, and its byte range and total size. */
  file?: string
  start?: number
  end?: number
  total?: number
}

// ---- install / activate ------------------------------------------------------------------------------------

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE)
      await cache.addAll(BUILD.shell.map((p) => new Request(new URL(p, SCOPE).href, { cache: 'no-cache' })))
      await sw.skipWaiting()
    })(),
  )
})

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const name of staleShellCaches(await caches.keys(), `${PREFIX}shell:`, SHELL_CACHE)) await caches.delete(name)
      // Take over the page that registered us, so that what it loads from now on is cached.
      await sw.clients.claim()
    })(),
  )
})

// ---- fetch -------------------------------------------------------------------------------------------------

sw.addEventListener('fetch', (e) => {
  const req = e.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  const kind = routeUrl(req.url, SCOPE, req.mode)
  if (kind === 'page') e.respondWith(page(req))
  else if (kind === 'catalog') e.respondWith(catalog(req, e))
  else if (kind === 'shell') e.respondWith(networkFirst(req, SHELL_CACHE, url.origin + url.pathname, e))
  else if (kind === 'asset') e.respondWith(cacheFirst(req))
  else if (kind === 'layer') e.respondWith(layer(req, url.origin + url.pathname, e))
})

/** The network's answer (kept for later), or the cached copy when the network fails or is slow. */
async function networkFirst(req: Request, cacheName: string, key: string, e: ExtendableEvt): Promise<Response> {
  const network = fetch(req).then((res) => {
    if (res.ok && res.type === 'basic') e.waitUntil(put(cacheName, key, res.clone()))
    return res
  })
  const cached = () => caches.open(cacheName).then((c) => c.match(key))
  const timeout = new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), NETWORK_TIMEOUT_MS))
  try {
    const first = await Promise.race([network, timeout])
    if (first !== 'slow') return first
    e.waitUntil(network.catch(() => {}))
    return (await cached()) ?? (await network)
  } catch (err) {
    const hit = await cached()
    if (hit) return hit
    throw err
  }
}

/** The installed build's index.html, at once (issue #21: a repeat visit waits for no round trip). */
async function page(req: Request): Promise<Response> {
  const hit = await (await caches.open(SHELL_CACHE)).match(INDEX_URL)
  return hit ?? fetch(req)
}

// ---- catalog.json: stale-while-revalidate ----------------------------------------------------------------------
// The copy kept from the last visit is answered at once; the network's answer replaces it in the background. So a
// changed catalog shows at the latest on the next visit, and at once where the page asks (checkCatalog) and offers
// to reload. Offline, the copy is all there is.

/** The background refresh under way (null: none since this worker started). */
let revalidation: Promise<void> | null = null

async function catalog(req: Request, e: ExtendableEvt): Promise<Response> {
  const hit = await (await caches.open(DATA_CACHE)).match(CATALOG_URL)
  const network = fetch(req)
  const refresh = network.then(async (res) => {
    if (res.ok && res.type === 'basic') await storeCatalog(res.clone())
  })
  if (!hit) {
    const res = await network
    e.waitUntil(refresh.catch(() => {}))
    return res
  }
  revalidation = refresh.catch(() => {})
  e.waitUntil(revalidation)
  return hit
}

/** Keeps a catalog answer; a copy with the same bytes keeps its stamp (the page's copy is then still the newest). */
async function storeCatalog(res: Response): Promise<void> {
  const body = await res.blob()
  const old = await (await caches.open(DATA_CACHE)).match(CATALOG_URL)
  if (old && (await old.text()) === (await body.text())) return
  await storeWhole(CATALOG_URL, new Response(body, { headers: { 'Content-Type': res.headers.get('Content-Type') ?? 'application/json' } }), undefined, { [CATALOG_STORED_HEADER]: String(Date.now()) })
}

/** Is the catalog the page shows (its stamp) older than the stored one? Waits for a refresh under way. */
async function catalogChanged(stamp: string): Promise<boolean> {
  await revalidation
  const stored = await (await caches.open(DATA_CACHE)).match(CATALOG_URL)
  return !!stored && stored.headers.get(CATALOG_STORED_HEADER) !== stamp
}

async function cacheFirst(req: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE)
  // The previous build's shell too (see staleShellCaches): a page of that build may still be open.
  const hit = (await cache.match(req, { ignoreSearch: true })) ?? (await caches.match(req, { ignoreSearch: true }))
  if (hit) return hit
  const res = await fetch(req)
  if (res.ok && res.status === 200 && res.type === 'basic') await cache.put(req, res.clone())
  return res
}

async function put(cacheName: string, key: string, res: Response): Promise<void> {
  if (cacheName === DATA_CACHE) return storeWhole(key, res)
  await (await caches.open(cacheName)).put(key, res)
}

// ---- layer files: cache first, with HTTP Range ---------------------------------------------------------------

async function layer(req: Request, file: string, e: ExtendableEvt): Promise<Response> {
  const range = req.headers.get('Range')
  const cached = await fromCache(file, range)
  if (cached) return cached
  // Range reads bypass the browser's HTTP cache: Chromium's in-memory cache can return overlapping ranges of a
  // file truncated (see CogReader), and it lets only one request per URL run at a time.
  const res = await fetch(range ? new Request(req, { cache: 'no-store' }) : req)
  if (res.ok && res.type === 'basic') e.waitUntil(keep(file, res.clone()).catch(() => {}))
  return res
}

/** A cached answer to a (Range) request for a layer file, or null when the cache does not hold those bytes. */
async function fromCache(file: string, range: string | null): Promise<Response | null> {
  const ledger = await loadLedger()
  const cache = await caches.open(DATA_CACHE)
  const whole = ledger.get(file) ? await cache.match(file) : undefined
  if (whole) {
    touch(file)
    const blob = await whole.blob()
    const type = whole.headers.get('Content-Type') ?? 'application/octet-stream'
    const r = parseRange(range, blob.size)
    if (r === null || r === 'unsupported') return new Response(blob, { status: 200, headers: { 'Content-Type': type, 'Content-Length': String(blob.size) } })
    if (r === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${blob.size}` } })
    return partial(blob.slice(r.start, r.end + 1), r.start, r.end, blob.size, type)
  }
  if (!range) return null
  const pieces = [...ledger.values()].filter((p) => p.file === file) as (LedgerEntry & Piece & { total: number })[]
  if (!pieces.length) return null
  const total = pieces[0].total
  const r = parseRange(range, total)
  if (r === null || typeof r === 'string') return null
  const parts = cover(pieces, r.start, r.end)
  if (!parts) return null
  const blobs: Blob[] = []
  for (const part of parts) {
    const res = await cache.match(part.piece.key)
    if (!res) return null
    blobs.push((await res.blob()).slice(part.from, part.to))
    touch(part.piece.key)
  }
  return partial(new Blob(blobs), r.start, r.end, total, 'application/octet-stream')
}

function partial(body: Blob, start: number, end: number, total: number, type: string): Response {
  return new Response(body, {
    status: 206,
    headers: { 'Content-Type': type, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${total}`, 'Accept-Ranges': 'bytes' },
  })
}

/** After a network answer for a layer file: keep the whole file (small files) or the bytes read (large ones). */
async function keep(file: string, res: Response): Promise<void> {
  if (res.status === 200) return storeWhole(file, res)
  const cr = parseContentRange(res.headers.get('Content-Range'))
  if (res.status !== 206 || !cr) return
  if (cr.total <= WHOLE_FILE_MAX) return fetchWhole(file)
  if (cr.end - cr.start + 1 > PIECE_MAX) return
  const key = `${file}?geoportal-bytes=${cr.start}-${cr.end}`
  const body = await res.blob()
  if (body.size !== cr.end - cr.start + 1) return
  await storeEntry(key, new Response(body, { headers: { 'Content-Type': 'application/octet-stream', [BYTES_HEADER]: String(body.size) } }), body.size, {
    file,
    start: cr.start,
    end: cr.end,
    total: cr.total,
  })
}

const inFlight = new Map<string, Promise<void>>()

/** Fetches a whole layer file into the cache (once at a time per file). Asked for as the range "bytes=0-", so
 * that the server's log shows only range reads of layer files, as the portal makes them. */
function fetchWhole(file: string): Promise<void> {
  let p = inFlight.get(file)
  if (!p) {
    p = (async () => {
      if ((await loadLedger()).has(file)) return
      const res = await fetch(file, { headers: { Range: 'bytes=0-' }, cache: 'no-store' })
      const cr = parseContentRange(res.headers.get('Content-Range'))
      const complete = res.status === 200 || (res.status === 206 && cr && cr.start === 0 && cr.end === cr.total - 1)
      if (!complete || (cr && cr.total > WHOLE_FILE_MAX)) {
        await res.body?.cancel()
        return
      }
      await storeWhole(file, res, cr?.total)
    })().finally(() => inFlight.delete(file))
    inFlight.set(file, p)
  }
  return p
}

/** Keeps a whole file (when it is as long as the server said: expected, or Content-Length). */
async function storeWhole(key: string, res: Response, expected?: number, headers: Record<string, string> = {}): Promise<void> {
  const body = await res.blob()
  // (Content-Length counts compressed bytes when the server compressed the response.)
  const length = res.headers.get('Content-Encoding') ? null : res.headers.get('Content-Length')
  const declared = expected ?? (length === null ? NaN : Number(length))
  if (body.size > LIMITS.maxBytes / 4 || (Number.isFinite(declared) && body.size !== declared)) return
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream'
  await storeEntry(key, new Response(body, { headers: { 'Content-Type': type, 'Content-Length': String(body.size), [BYTES_HEADER]: String(body.size), ...headers } }), body.size)
  // Pieces of a file that is now whole are no longer needed.
  const ledger = await loadLedger()
  const stale = [...ledger.values()].filter((p) => p.file === key).map((p) => p.key)
  if (stale.length) await drop(stale)
}

async function storeEntry(key: string, res: Response, bytes: number, extra: Partial<LedgerEntry> = {}): Promise<void> {
  const cache = await caches.open(DATA_CACHE)
  await cache.put(key, res)
  const ledger = await loadLedger()
  ledger.set(key, { key, bytes, used: Date.now(), ...extra })
  const over = evictions([...ledger.values()], LIMITS, new Set([CATALOG_URL, key]))
  if (over.length) await drop(over)
  await saveLedger()
}

async function drop(keys: string[]): Promise<void> {
  const cache = await caches.open(DATA_CACHE)
  const ledger = await loadLedger()
  for (const k of keys) {
    ledger.delete(k)
    await cache.delete(k)
  }
  await saveLedger()
}

// ---- the ledger: sizes and last use of the data cache's entries ---------------------------------------------

let ledgerPromise: Promise<Map<string, LedgerEntry>> | null = null
let lastSave = 0

function loadLedger(): Promise<Map<string, LedgerEntry>> {
  ledgerPromise ??= (async () => {
    const cache = await caches.open(DATA_CACHE)
    const map = new Map<string, LedgerEntry>()
    try {
      const saved = await cache.match(LEDGER_URL)
      if (saved) for (const e of (await saved.json()) as LedgerEntry[]) map.set(e.key, e)
    } catch {
      // A damaged ledger is rebuilt from the cache below.
    }
    // Entries the ledger does not know (it is written after the entry) count as old.
    for (const req of await cache.keys()) {
      if (req.url === LEDGER_URL || map.has(req.url)) continue
      const res = await cache.match(req)
      map.set(req.url, { key: req.url, bytes: Number(res?.headers.get(BYTES_HEADER) ?? 0), used: 0 })
    }
    return map
  })()
  return ledgerPromise
}

async function saveLedger(): Promise<void> {
  lastSave = Date.now()
  const ledger = await loadLedger()
  const cache = await caches.open(DATA_CACHE)
  await cache.put(LEDGER_URL, new Response(JSON.stringify([...ledger.values()]), { headers: { 'Content-Type': 'application/json' } }))
}

/** Marks an entry as used; the ledger is written at most every few seconds for that. */
function touch(key: string): void {
  void loadLedger().then((ledger) => {
    const e = ledger.get(key)
    if (e) e.used = Date.now()
    if (Date.now() - lastSave > 5000) void saveLedger()
  })
}

// ---- messages from the page ----------------------------------------------------------------------------------

/**
 * `geoportal-warm`: the page hands over what it loaded before this worker controlled it (its first visit): cache
 * that too. `geoportal-catalog-check`: is the catalog the page shows (its stamp) still the newest? Answered on the
 * message's port with `{ changed }`.
 */
sw.addEventListener('message', (e) => {
  const msg = e.data as { type?: string; urls?: unknown; stamp?: unknown } | null
  const port = (e as MessageEvt & { ports?: readonly MessagePort[] }).ports?.[0]
  if (msg?.type === CATALOG_CHECK && typeof msg.stamp === 'string' && port) {
    e.waitUntil(catalogChanged(msg.stamp).then((changed) => port.postMessage({ changed }), () => port.postMessage({ changed: false })))
    return
  }
  if (msg?.type !== 'geoportal-warm' || !Array.isArray(msg.urls)) return
  e.waitUntil(warm(msg.urls.filter((u): u is string => typeof u === 'string' && u.startsWith(SCOPE))))
})

async function warm(urls: string[]): Promise<void> {
  const ledger = await loadLedger()
  const seen = new Set<string>()
  for (const u of urls) {
    const url = new URL(u)
    const key = url.origin + url.pathname
    if (seen.has(key)) continue
    seen.add(key)
    const kind = routeUrl(u, SCOPE, 'no-cors')
    try {
      if (kind === 'layer' && !ledger.has(key)) await fetchWhole(key)
      else if (kind === 'catalog' && !ledger.has(key)) {
        const res = await fetch(key)
        if (res.ok) await storeCatalog(res)
      } else if (kind === 'asset') await cacheFirst(new Request(key))
    } catch {
      // Offline again or the file is gone: nothing to keep.
    }
  }
}
