// A small static file handler with HTTP Range support, for serving a catalog folder in development.
// (Production uses any static server with Range support; see docs/deploy.md.)
import { createReadStream, promises as fs } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.fgb': 'application/octet-stream',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
}

/** Parses a single "bytes=a-b" range against a file size; null = whole file, 'invalid' = 416. */
export function parseRange(header: string | undefined, size: number): [number, number] | null | 'invalid' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  return start > end || start >= size ? 'invalid' : [start, end]
}

/** Serves files under root; calls next() for anything it does not have. */
export function serveStatic(root: string) {
  const base = path.resolve(root)
  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = path.resolve(base, `.${urlPath}`)
    if (!file.startsWith(base + path.sep)) return next()
    let stat
    try {
      stat = await fs.stat(file)
    } catch {
      return next()
    }
    if (!stat.isFile()) return next()
    res.setHeader('Content-Type', MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
    res.setHeader('Accept-Ranges', 'bytes')
    res.setHeader('Cache-Control', 'no-cache')
    const range = parseRange(req.headers.range, stat.size)
    if (range === 'invalid') {
      res.statusCode = 416
      res.setHeader('Content-Range', `bytes */${stat.size}`)
      return res.end()
    }
    const [start, end] = range ?? [0, stat.size - 1]
    if (range) {
      res.statusCode = 206
      res.setHeader('Content-Range', `bytes ${start}-${end}/${stat.size}`)
    }
    res.setHeader('Content-Length', String(stat.size === 0 ? 0 : end - start + 1))
    if (req.method === 'HEAD' || stat.size === 0) return res.end()
    createReadStream(file, { start, end }).pipe(res)
  }
}
