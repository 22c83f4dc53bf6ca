import react from '@vitejs/plugin-react'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlibConstants } from 'node:zlib'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import { serveStatic } from './cli/serve/staticFiles.ts'

/** In development the catalog folder (default: the embedded demo in data/) is served at the site root. */
function catalogDir(): Plugin {
  const dir = path.resolve(process.env.GEOPORTAL_CATALOG ?? 'data')
  return {
    name: 'geoportal-catalog',
    configureServer(server) {
      server.middlewares.use(serveStatic(dir))
    },
  }
}

/**
 * The BeTA2007 grid for Gauss-Krüger coordinates (src/map/gaussKrueger.ts fetches grids/BETA2007.gsb on demand) is
 * not part of the repository: it is taken from the machine's PROJ data (Debian: proj-data; or GEOPORTAL_BETA2007)
 * and served in development / emitted into the build. Without it the site works; Gauss-Krüger input and readout say
 * that the grid is missing.
 */
function beta2007Grid(): Plugin {
  const file = path.resolve(process.env.GEOPORTAL_BETA2007 ?? '/usr/share/proj/BETA2007.gsb')
  const name = 'grids/BETA2007.gsb'
  return {
    name: 'geoportal-beta2007',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.split('?')[0].endsWith(`/${name}`) || !existsSync(file)) return next()
        res.setHeader('Content-Type', 'application/octet-stream')
        res.end(readFileSync(file))
      })
    },
    generateBundle() {
      if (existsSync(file)) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(file) })
      else this.warn(`${file} not found (install proj-data or set GEOPORTAL_BETA2007): Gauss-Krüger coordinates will be unavailable`)
    },
  }
}

/** registry.ts's proj4 in the built portal: only the projections it uses (see src/projection/proj4-portal.js). */
function slimProj4(): Plugin {
  let root = process.cwd()
  return {
    name: 'geoportal-slim-proj4',
    enforce: 'pre',
    configResolved(config) {
      root = config.root
    },
    resolveId(id, importer) {
      if (id === 'proj4' && importer && path.resolve(importer.split('?')[0]) === path.join(root, 'src/projection/registry.ts')) return path.join(root, 'src/projection/proj4-portal.js')
    },
  }
}

/**
 * jsPDF (the print tool's PDF writer, loaded on demand) gets its own copy of fflate. Sharing the copy that the base
 * map's pmtiles reader uses up front would put fflate's compressor into the first view's chunk (+3.3 kB gzipped).
 */
function ownFflateForJsPdf(): Plugin {
  return {
    name: 'geoportal-jspdf-fflate',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (id !== 'fflate' || !importer?.split(path.sep).join('/').includes('/node_modules/jspdf/')) return
      const r = await this.resolve(id, importer, { skipSelf: true })
      return r && { ...r, id: `${r.id}?jspdf` }
    },
  }
}

const SW_MANIFEST_PLACEHOLDER = /(["'`])__GEOPORTAL_SW_MANIFEST__\1/

/**
 * Builds the service worker src/sw/sw.ts to sw.js next to index.html (a fixed name: its URL must not change, and
 * its folder is its scope) and writes into it the app shell to cache at install: index.html, the JS and CSS
 * index.html loads, the files that JS references up front (MapLibre's worker) and the public files (favicon).
 */
function serviceWorker(): Plugin {
  let root = ''
  let publicDir = ''
  return {
    name: 'geoportal-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      root = config.root
      publicDir = config.publicDir
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.join(root, 'src/sw/sw.ts'), fileName: 'sw.js' })
    },
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js']
      if (sw?.type !== 'chunk') return this.error('sw.js was not built')
      // Service workers are registered as classic scripts: sw.ts and what it imports must end up in this one file.
      if (sw.imports.length || sw.dynamicImports.length) return this.error(`sw.js must not import other chunks (${[...sw.imports, ...sw.dynamicImports].join(', ')})`)
      const shell = new Set<string>(['index.html'])
      const visit = (fileName: string) => {
        const c = bundle[fileName]
        if (c?.type !== 'chunk' || shell.has(fileName)) return
        shell.add(fileName)
        for (const css of c.viteMetadata?.importedCss ?? []) shell.add(css)
        for (const i of c.imports) visit(i)
      }
      for (const c of Object.values(bundle)) if (c.type === 'chunk' && c.isEntry && c.fileName !== 'sw.js') visit(c.fileName)
      const upfrontCode = [...shell].map((f) => bundle[f]).map((c) => (c?.type === 'chunk' ? c.code : '')).join('\n')
      for (const a of Object.values(bundle)) {
        if (a.type === 'asset' && !a.fileName.endsWith('.map') && a.fileName !== 'index.html' && upfrontCode.includes(path.basename(a.fileName))) shell.add(a.fileName)
      }
      for (const f of readdirSync(publicDir, { withFileTypes: true })) if (f.isFile() && !f.name.startsWith('.')) shell.add(f.name)
      const html = bundle['index.html']
      const version = createHash('sha256')
        .update([...shell].sort().join('\n'))
        .update(html?.type === 'asset' ? html.source : '')
        .digest('hex')
        .slice(0, 12)
      const manifest = JSON.stringify({ version, shell: [...shell] })
      if (!SW_MANIFEST_PLACEHOLDER.test(sw.code)) return this.error('sw.js: manifest placeholder not found')
      sw.code = sw.code.replace(SW_MANIFEST_PLACEHOLDER, JSON.stringify(manifest))
    },
  }
}

/**
 * Nothing the first view needs waits for the script that asks for it (issue #21): index.html names the worker
 * scripts the up-front JavaScript starts (MapLibre's worker, the vector worker — otherwise fetched only once
 * MapLibre has been downloaded and run, ~1.8 s later on slow 4G) and catalog.json, so the browser fetches them
 * alongside the main chunks. The workers' module fetches then come from the HTTP cache (assets/ is immutable);
 * the catalog preload is used by src/app/firstRequests.ts's fetch (same URL, same CORS mode and credentials).
 */
function firstViewPreloads(): Plugin {
  return {
    name: 'geoportal-first-view-preloads',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle
        if (!bundle) return
        const upfront = new Set<string>()
        const visit = (fileName: string) => {
          const c = bundle[fileName]
          if (c?.type !== 'chunk' || upfront.has(fileName)) return
          upfront.add(fileName)
          for (const i of c.imports) visit(i)
        }
        for (const c of Object.values(bundle)) if (c.type === 'chunk' && c.isEntry && c.fileName !== 'sw.js') visit(c.fileName)
        const code = [...upfront].map((f) => bundle[f]).map((c) => (c?.type === 'chunk' ? c.code : '')).join('\n')
        const workers = Object.values(bundle)
          .filter((a) => a.type === 'asset' && /worker[^/]*\.js$/i.test(a.fileName) && code.includes(path.basename(a.fileName)))
          .map((a) => a.fileName)
          .sort()
        return [
          { tag: 'link', attrs: { rel: 'preload', href: './catalog.json', as: 'fetch', crossorigin: 'anonymous' }, injectTo: 'head' },
          // preload, not modulepreload: fetched into the HTTP cache without being compiled on the page's thread.
          ...workers.map((f) => ({ tag: 'link', attrs: { rel: 'preload', href: `./${f}`, as: 'script', crossorigin: 'anonymous' }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}

/** The early entry's source (src/app/early.ts): built as an entry of its own, see earlyEntry. */
const EARLY_ENTRY = 'src/app/early.ts'

/**
 * The modules the early entry imports (all but itself) form one chunk, shared with the main entry. Left to the
 * automatic chunking, the few of them that chunks loaded on demand import as well became chunks of their own:
 * more files and +2 kB gzipped up front, each compressed apart.
 */
function earlyGraphChunk(): (id: string, ctx: { getModuleInfo(id: string): { importedIds: readonly string[] } | null }) => string | null {
  const entry = path.resolve(import.meta.dirname, EARLY_ENTRY)
  let graph: Set<string> | undefined
  return (id, ctx) => {
    if (!graph) {
      const seen = new Set<string>()
      const visit = (m: string) => {
        if (seen.has(m)) return
        seen.add(m)
        for (const i of ctx.getModuleInfo(m)?.importedIds ?? []) visit(i)
      }
      visit(entry)
      seen.delete(entry)
      graph = seen
    }
    return graph.has(id) ? 'first' : null
  }
}

/**
 * The early entry (issue #21) gets a module script of its own in index.html, before the main one. Vite would join
 * all module scripts of one HTML page into one entry, which runs only once its whole graph — MapLibre and React
 * included — is in; as a separate input it is a small chunk that runs as soon as it arrives and starts the
 * catalog and first data requests. A module file, not an inline script: the build's CSP allows no inline script.
 */
function earlyEntry(): Plugin {
  let dev = false
  return {
    name: 'geoportal-early-entry',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (dev) return [{ tag: 'script', attrs: { type: 'module', src: `/${EARLY_ENTRY}` }, injectTo: 'head' }]
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.split(path.sep).join('/').endsWith(`/${EARLY_ENTRY}`))
        if (!chunk) throw new Error(`${EARLY_ENTRY} was not built as an entry`)
        // Before the main script: module scripts run in document order, so after it the early entry would wait
        // for MapLibre's chunk after all.
        const main = html.indexOf('<script type="module"')
        if (main < 0) throw new Error('index.html has no module script')
        return `${html.slice(0, main)}<script type="module" crossorigin src="./${chunk.fileName}"></script>\n    ${html.slice(main)}`
      },
    },
  }
}

/**
 * Brotli copies of the JavaScript and CSS (assets/*.br) for nginx's brotli_static (deploy/geoportal-brotli.conf):
 * compressed once here at quality 10 — ~17 % smaller than the gzip nginx sends, where on-the-fly Brotli (level 5)
 * saves ~7 %. Quality 11 would save 1.5 % more for 2.5× the build time. The files are immutable, like their
 * originals; a server without the module ignores them.
 */
function precompress(): Plugin {
  const compress = promisify(brotliCompress)
  return {
    name: 'geoportal-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir
      if (!dir) return
      const files = Object.keys(bundle).filter((f) => /^assets\/[^/]+\.(js|css)$/.test(f) && !f.endsWith('.map'))
      await Promise.all(
        files.map(async (f) => {
          const source = readFileSync(path.join(dir, f))
          if (source.length < 1024) return
          const br = await compress(source, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 10, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: source.length } })
          writeFileSync(path.join(dir, `${f}.br`), br)
        }),
      )
    },
  }
}

/**
 * A production build is a production build, whoever starts it. Vite picks React's production or development
 * build (and JSX transform) by NODE_ENV, which a test runner sets to "test": the site the browser tests check
 * and the budget test measures would carry development React. So NODE_ENV is "production" while Vite resolves
 * and runs the build, and the caller's value is restored when the build ends.
 */
function productionNodeEnv(command: string, mode: string): Plugin {
  const previous = process.env.NODE_ENV
  const active = command === 'build' && mode === 'production' && previous !== 'production'
  if (active) process.env.NODE_ENV = 'production'
  const restore = () => {
    if (!active) return
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
  return {
    name: 'geoportal-production-node-env',
    buildEnd(error) {
      if (error) restore()
    },
    closeBundle: restore,
  }
}

export default defineConfig(({ command, mode }) => ({
  // Relative asset URLs: the built site works at any sub-path of any static host.
  base: './',
  plugins: [productionNodeEnv(command, mode), slimProj4(), ownFflateForJsPdf(), react(), catalogDir(), serviceWorker(), beta2007Grid(), earlyEntry(), firstViewPreloads(), precompress()],
  server: { open: false },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Two entries: the page (index.html, with main.tsx) and the early entry (see earlyEntry).
      input: { index: path.resolve(import.meta.dirname, 'index.html'), early: path.resolve(import.meta.dirname, EARLY_ENTRY) },
      // The bundler's notes on slow plugins are for its own developers; a publisher's `build` shows none.
      checks: { bundlerTimings: false },
      output: {
        // The large libraries get chunks of their own: an update of the app does not make returning visitors
        // download MapLibre and React again (assets/ is cached for a year, immutable).
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 2 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 1 },
            // Below those two: the early entry's graph has neither (budget.test.ts checks it).
            { name: earlyGraphChunk() },
          ],
        },
      },
    },
  },
  worker: { format: 'es', plugins: () => [slimProj4()] },
}))
