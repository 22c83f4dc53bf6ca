#!/usr/bin/env node
// `geoportal --help` start time (issue #19: ≤ 0.2 s): the compiled CLI (dist-cli/, `npm run build:cli` first) and
// the TypeScript sources through tsx, against a bare `node -e 0`; 10 runs each, alternating, medians.
// Usage: node bench/cli-start.mjs [runs]
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!existsSync(`${root}dist-cli/main.js`)) throw new Error('no dist-cli/main.js: run npm run build:cli first')
const runs = Number(process.argv[2] ?? 10)
const variants = {
  node: [['-e', '0'], {}],
  compiled: [['cli/geoportal.mjs', '--help'], { GEOPORTAL_CLI: 'compiled' }],
  tsx: [['cli/geoportal.mjs', '--help'], {}],
}
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let i = 0; i < runs; i++) {
  for (const [name, [args, env]] of Object.entries(variants)) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
    if (r.status !== 0 && name !== 'node') throw new Error(`${name} exited ${r.status}`)
    times[name].push(performance.now() - t0)
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v))]))
console.log(`median of ${runs}: node -e 0 ${m.node} ms, compiled --help ${m.compiled} ms, tsx --help ${m.tsx} ms`)
console.log(JSON.stringify({ bench: 'cli-start', runs, nodeMs: m.node, compiledHelpMs: m.compiled, tsxHelpMs: m.tsx, goalMs: 200 }))
