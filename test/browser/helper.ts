// Browser test plumbing: Debian Chromium through playwright-core, and a static server with Range support.
import { existsSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { serveStatic } from '../../cli/serve/staticFiles.ts'
import { nginxUnavailable, startNginx } from './nginx.ts'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Why browser tests cannot run here, or null when they can. Printed by the specs when they skip. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      // Outside hosts resolve to nothing, so a stray third-party request fails fast (and the test sees it).
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
      '--disable-domain-reliability',
      '--no-pings',
      '--no-sandbox',
    ],
  })
}

export interface StaticServer {
  url: string
  /** Requests seen, in order, with their Range header. */
  requests: { path: string; range?: string; status: number }[]
  close(): Promise<void>
}

/**
 * Which server serveSite uses. GEOPORTAL_SERVER=nginx or =node chooses; unset means nginx when it is installed.
 * Without nginx the Node server stands in (the reason is printed once), unless REQUIRE_NGINX=1 (CI): then it is
 * an error. (test/browser/deploy.test.ts always uses nginx.)
 */
export function siteServerKind(): { kind: 'nginx' | 'node'; reason?: string } {
  const wanted = process.env.GEOPORTAL_SERVER || 'auto'
  if (!['nginx', 'node', 'auto'].includes(wanted)) throw new Error(`GEOPORTAL_SERVER must be nginx or node, not ${wanted}`)
  if (wanted === 'node') return { kind: 'node', reason: 'GEOPORTAL_SERVER=node' }
  const missing = nginxUnavailable()
  if (!missing) return { kind: 'nginx' }
  if (process.env.REQUIRE_NGINX === '1') throw new Error(`REQUIRE_NGINX=1 but ${missing}`)
  return { kind: 'node', reason: missing }
}

let fallbackReported = false

/** Serves a built site folder on a loopback port (optionally under a sub-path): nginx with deploy/geoportal.conf
 * when available (see siteServerKind), else a small Node server with Range support. */
export async function serveSite(root: string, basePath = '/'): Promise<StaticServer> {
  const { kind, reason } = siteServerKind()
  if (kind === 'nginx') {
    const n = await startNginx([{ root, basePath }])
    return {
      url: n.urls[0],
      get requests() {
        return n.requests
      },
      close: () => n.close(),
    }
  }
  if (!fallbackReported) {
    fallbackReported = true
    console.warn(`serving test sites with the Node server, not nginx: ${reason}`)
  }
  return serveWithNode(root, basePath)
}

/** The Node stand-in for a static host: Range support, no compression, no production headers. */
export async function serveWithNode(root: string, basePath = '/'): Promise<StaticServer> {
  const handler = serveStatic(root)
  const requests: StaticServer['requests'] = []
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/'
    if (!url.startsWith(basePath)) {
      res.statusCode = 404
      return res.end()
    }
    req.url = `/${url.slice(basePath.length)}`
    if (req.url === '/' || req.url.startsWith('/?')) req.url = `/index.html${req.url.slice(1)}`
    res.on('finish', () => requests.push({ path: url, range: req.headers.range, status: res.statusCode }))
    void handler(req, res, () => {
      res.statusCode = 404
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
