#!/usr/bin/env node
// The publisher's entry point. TypeScript sources run through tsx, so no separate compile step is needed.
import { register } from 'tsx/esm/api'

// The inventory keeps many small reads in flight (walk + recognition); libuv's default of 4 threads is the limit
// on a share's latency. Set before the first asynchronous file operation creates the pool.
if (process.argv[2] === 'inventory') process.env.UV_THREADPOOL_SIZE ??= '16'

register()
// `geoportal check … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
