import react from '@vitejs/plugin-react'
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

export default defineConfig({
  // Relative asset URLs: the built site works at any sub-path of any static host.
  base: './',
  plugins: [react(), catalogDir()],
  server: { open: false },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
})
