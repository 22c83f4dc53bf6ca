// Entry of the checks thread. A repository checkout runs checksWorker.ts through tsx (as cli/geoportal.mjs runs
// the CLI); the compiled CLI has this file copied next to its chunks (scripts/build-cli.mjs) and runs the compiled
// checksWorker.js beside them.
import { existsSync } from 'node:fs'

const sources = new URL('./checksWorker.ts', import.meta.url)
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(sources.href)
} else {
  const here = new URL('./checksWorker.js', import.meta.url)
  await import((existsSync(here) ? here : new URL('../checksWorker.js', import.meta.url)).href)
}
