#!/usr/bin/env node
// The publisher's entry point. TypeScript sources run through tsx, so no separate compile step is needed.
import { register } from 'tsx/esm/api'

register()
// `geoportal check … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
