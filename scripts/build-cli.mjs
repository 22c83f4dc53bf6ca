#!/usr/bin/env node
// Compiles the publisher CLI (cli/main.ts and the src/ modules it shares with the portal) to plain JavaScript in
// dist-cli/, so an installed `geoportal` runs without a TypeScript loader. npm packages stay imports (installed as
// dependencies); dynamic imports become chunks of their own, loaded only by the command that needs them.
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
// An argument names another output folder (tests build a throw-away copy next to a copy of cli/geoportal.mjs).
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist-cli')
rmSync(out, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  // The checks thread of a publish (cli/publish/checks/) is a second entry sharing the chunks.
  entryPoints: { main: 'cli/main.ts', checksWorker: 'cli/publish/checks/checksWorker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  // The compiled CLI copies the prebuilt app (dist-app/) instead of running Vite (cli/commands/build.ts).
  define: { 'globalThis.__GEOPORTAL_COMPILED__': 'true' },
  logLevel: 'warning',
  legalComments: 'none',
})
// Worker threads are started by URL next to the code that starts them (cli/readers/gdalThread.ts,
// cli/publish/checks/thread.ts), which may land in main.js or in a chunk.
for (const dir of [out, path.join(out, 'chunks')]) {
  mkdirSync(dir, { recursive: true })
  copyFileSync(path.join(root, 'cli/readers/gdalWorker.mjs'), path.join(dir, 'gdalWorker.mjs'))
  copyFileSync(path.join(root, 'cli/publish/checks/checksWorker.mjs'), path.join(dir, 'checksWorker.mjs'))
}
