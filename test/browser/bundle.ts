// Sizes of a built app: which JavaScript index.html makes the browser load before the first map view, and how
// much that is gzipped. Used by the budget test and the first-view benchmark.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/** The level deploy/geoportal.conf serves with (gzip_comp_level). */
const GZIP_LEVEL = 6

export interface FileSize {
  file: string
  bytes: number
  gzip: number
}

export interface BundleSizes {
  /** JS that index.html loads up front: its module scripts, modulepreloads and their static imports. */
  upfront: FileSize[]
  /** Worker scripts the up-front JS starts (MapLibre's worker), needed for the first map view as well. */
  workers: FileSize[]
  /** All other JS of the build (loaded on demand), and the service worker. */
  lazy: FileSize[]
  serviceWorker: FileSize | null
  /** Sources (from the source maps) bundled into the up-front JS. */
  upfrontSources: string[]
  totals: { upfrontGzip: number; workersGzip: number; firstViewGzip: number; allJsGzip: number; allJsBytes: number }
}

function size(appDir: string, file: string): FileSize {
  const b = readFileSync(path.join(appDir, file))
  return { file, bytes: b.length, gzip: gzipSync(b, { level: GZIP_LEVEL }).length }
}

const sum = (xs: FileSize[], k: 'bytes' | 'gzip') => xs.reduce((s, x) => s + x[k], 0)

/** The chunks these files load before they run: themselves and their static imports (import … from "./x.js" /
 * import "./x.js"), followed inside the chunks. */
export function staticGraph(appDir: string, files: string[]): Set<string> {
  const graph = new Set<string>()
  const visit = (file: string) => {
    if (graph.has(file)) return
    graph.add(file)
    const code = readFileSync(path.join(appDir, file), 'utf8')
    for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']\.\/([\w.-]+\.js)["']/g)) visit(path.posix.join(path.posix.dirname(file), m[1]))
  }
  files.forEach(visit)
  return graph
}

export function bundleSizes(appDir: string): BundleSizes {
  const html = readFileSync(path.join(appDir, 'index.html'), 'utf8')
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.?\/?([^"]+)"/g),
  ].map((m) => m[1])
  if (!refs.length) throw new Error(`${appDir}/index.html loads no module script`)
  const upfront = staticGraph(appDir, refs)
  const assets = readdirSync(path.join(appDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`)
  const upfrontCode = [...upfront].map((f) => readFileSync(path.join(appDir, f), 'utf8')).join('\n')
  const workers = assets.filter((f) => !upfront.has(f) && /worker/i.test(f) && upfrontCode.includes(path.basename(f)))
  const lazy = assets.filter((f) => !upfront.has(f) && !workers.includes(f))
  const sources = new Set<string>()
  for (const f of upfront) {
    const map = path.join(appDir, `${f}.map`)
    if (existsSync(map)) for (const s of (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources) sources.add(s)
  }
  const sizes = {
    upfront: [...upfront].map((f) => size(appDir, f)),
    workers: workers.map((f) => size(appDir, f)),
    lazy: lazy.map((f) => size(appDir, f)),
    serviceWorker: existsSync(path.join(appDir, 'sw.js')) ? size(appDir, 'sw.js') : null,
  }
  const all = [...sizes.upfront, ...sizes.workers, ...sizes.lazy]
  return {
    ...sizes,
    upfrontSources: [...sources],
    totals: {
      upfrontGzip: sum(sizes.upfront, 'gzip'),
      workersGzip: sum(sizes.workers, 'gzip'),
      firstViewGzip: sum(sizes.upfront, 'gzip') + sum(sizes.workers, 'gzip'),
      allJsGzip: sum(all, 'gzip'),
      allJsBytes: sum(all, 'bytes'),
    },
  }
}

export const kB = (n: number) => Math.round(n / 100) / 10

/** A readable table of the sizes. */
export function formatSizes(s: BundleSizes): string {
  const row = (label: string, f: FileSize) => `  ${label.padEnd(10)} ${f.file.padEnd(44)} ${String(kB(f.bytes)).padStart(8)} kB ${String(kB(f.gzip)).padStart(7)} kB gz`
  return [
    ...s.upfront.map((f) => row('up front', f)),
    ...s.workers.map((f) => row('worker', f)),
    `  first view: ${kB(s.totals.firstViewGzip)} kB gzipped (up-front JS ${kB(s.totals.upfrontGzip)} kB + workers ${kB(s.totals.workersGzip)} kB); ` +
      `all JS ${kB(s.totals.allJsBytes)} kB, ${kB(s.totals.allJsGzip)} kB gzipped` +
      (s.serviceWorker ? `; sw.js ${kB(s.serviceWorker.gzip)} kB gzipped` : ''),
  ].join('\n')
}
