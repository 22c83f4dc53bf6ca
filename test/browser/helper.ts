// Browser test plumbing: Debian Chromium through playwright-core, and a static server with Range support.
import { existsSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { serveStatic } from '../../cli/serve/staticFiles.ts'

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

/** Serves a built site folder on a loopback port (optionally under a sub-path). */
export async function serveSite(root: string, basePath = '/'): Promise<StaticServer> {
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
