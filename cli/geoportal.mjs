#!/usr/bin/env node
// The publisher's entry point. TypeScript sources run through tsx, so no separate compile step is needed.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
