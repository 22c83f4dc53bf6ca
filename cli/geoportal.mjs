#!/usr/bin/env node
// The publisher's entry point. An installed package runs the compiled CLI (dist-cli/, made by
// scripts/build-cli.mjs at package time): plain JavaScript, no TypeScript loader. A repository checkout runs the
// TypeScript sources through tsx (a dev dependency), so an edit needs no compile step; GEOPORTAL_CLI=compiled makes
// a checkout run its compiled output instead (the install test and the benchmark do).
import { existsSync } from 'node:fs'

// The inventory keeps many small reads in flight (walk + recognition); libuv's default of 4 threads is the limit
// on a share's latency. Set before the first asynchronous file operation creates the pool.
if (process.argv[2] === 'inventory') process.env.UV_THREADPOOL_SIZE ??= '16'

// `geoportal check … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})
const sources = new URL('./main.ts', import.meta.url)
const compiled = new URL('../dist-cli/main.js', import.meta.url)
let main
if (existsSync(sources) && process.env.GEOPORTAL_CLI !== 'compiled') {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import(sources.href))
} else {
  ;({ main } = await import(compiled.href))
}
process.exitCode = await main(process.argv.slice(2))
