// The folder boundaries of docs/architecture.md, enforced: prose drifts, this test does not. Each folder lists
// the folders its files may import from (relative imports resolved to files; packages are not checked here).
// A new folder must be added to RULES, or the test fails and names it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

/** folder (relative to the repository, '/'-separated) → folders it may import from besides itself. */
const RULES: Record<string, string[]> = {
  'src/model': [],
  'src/io': [],
  'src/sw': [],
  'src/projection': ['src/model'],
  'src/quality': ['src/model', 'src/projection'],
  'src/catalog': ['src/model', 'src/quality'],
  // Pure logic of the planners' tools (geodesy, coordinate parsing, filters); no map, no UI.
  'src/tools': ['src/model', 'src/projection', 'src/quality', 'src/catalog'],
  'src/basemap': ['src/model', 'src/io'],
  'src/sources': ['src/io', 'src/projection', 'src/model', 'src/quality'],
  'src/map': ['src/tools', 'src/sources', 'src/basemap', 'src/model', 'src/projection', 'src/io', 'src/catalog', 'src/quality'],
  // UI: components may use the map's types and pure logic, never I/O modules directly.
  'src/ui': ['src/tools', 'src/map', 'src/model', 'src/catalog', 'src/quality', 'src/projection', 'src/basemap', 'src/sources'],
  'src/app': ['src/tools', 'src/ui', 'src/map', 'src/model', 'src/catalog', 'src/quality', 'src/projection', 'src/basemap', 'src/sources', 'src/io', 'src/sw'],
  // The publisher shares the pure parts of src/ and never the UI or the map.
  // The read-only SQLite reader (GeoPackage layers, the inventory's container checks): plain Node, nothing else.
  'cli/io/sqlite': [],
  cli: ['src/model', 'src/quality', 'src/projection', 'src/sources', 'src/io', 'src/basemap', 'src/catalog'],
  scripts: ['cli', 'src/model', 'src/quality', 'src/projection', 'src/sources', 'src/io', 'src/basemap', 'src/catalog'],
}

/** Files inside these folders are exempt: tests and benchmarks may import everything. */
const FREE = ['test', 'bench']

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (name === 'node_modules') continue
    if (statSync(p).isDirectory()) files(p, out)
    else if (/\.(tsx?|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p)
  }
  return out
}

const posix = (p: string) => relative(ROOT, p).split(sep).join('/')
const ruleOf = (file: string) => Object.keys(RULES).filter((k) => file === k || file.startsWith(k + '/')).sort((a, b) => b.length - a.length)[0]
const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

describe('folder boundaries (docs/architecture.md)', () => {
  const all = ['src', 'cli', 'scripts'].flatMap((d) => files(join(ROOT, d)))

  it('every folder of src/, cli/ and scripts/ has a rule', () => {
    const unruled = [...new Set(all.map(posix).filter((f) => !ruleOf(f)).map((f) => f.split('/').slice(0, 2).join('/')))]
    expect(unruled).toEqual([])
  })

  it('imports stay inside the allowed folders', () => {
    const broken: string[] = []
    for (const file of all) {
      const from = posix(file)
      const rule = ruleOf(from)
      if (!rule) continue
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(IMPORT)) {
        const target = posix(resolve(dirname(file), m[1] ?? m[2]))
        if (target === rule || target.startsWith(rule + '/')) continue
        if (FREE.some((f) => target.startsWith(f + '/'))) continue
        if (!RULES[rule].some((allowed) => target === allowed || target.startsWith(allowed + '/'))) broken.push(`${from} → ${target}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('the rule can fail: a UI file importing the service worker is caught', () => {
    const rule = ruleOf('src/ui/map/MapView.tsx')
    expect(rule).toBe('src/ui')
    expect(RULES[rule!].some((a) => 'src/sw/policy.ts'.startsWith(a + '/'))).toBe(false)
  })
})
