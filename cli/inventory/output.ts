// Summary tables (CSV, ";"-free RFC 4180 with "," as Excel on a German Windows opens them after import) built while
// inventory.jsonl is written: by folder, format, age, CRS and problem.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Find } from './types.ts'

interface Row {
  finds: number
  bytes: number
  problems: number
}

const AGE_BUCKETS: [string, number][] = [
  ['< 1 year', 1],
  ['1-2 years', 2],
  ['2-5 years', 5],
  ['5-10 years', 10],
  ['10-20 years', 20],
  ['>= 20 years', Infinity],
]

export class Summaries {
  private readonly tables = {
    folder: new Map<string, Row>(),
    format: new Map<string, Row>(),
    age: new Map<string, Row>(),
    crs: new Map<string, Row>(),
    problem: new Map<string, Row>(),
  }
  totals: Row = { finds: 0, bytes: 0, problems: 0 }

  constructor(private readonly now: number) {}

  add(f: Find) {
    const bump = (t: Map<string, Row>, k: string) => {
      let r = t.get(k)
      if (!r) t.set(k, (r = { finds: 0, bytes: 0, problems: 0 }))
      r.finds++
      r.bytes += f.size
      r.problems += f.problems.length ? 1 : 0
    }
    this.totals.finds++
    this.totals.bytes += f.size
    this.totals.problems += f.problems.length ? 1 : 0
    bump(this.tables.folder, f.path.slice(0, Math.max(1, f.path.lastIndexOf('/'))))
    bump(this.tables.format, f.format)
    bump(this.tables.crs, f.crs ?? 'unknown')
    if (f.modified) {
      const years = (this.now - Date.parse(f.modified)) / (365.25 * 86400_000)
      bump(this.tables.age, AGE_BUCKETS.find(([, y]) => years < y)![0])
    } else bump(this.tables.age, 'unknown')
    const codes = new Set(f.problems.map((p) => p.code))
    if (!codes.size) bump(this.tables.problem, 'none')
    for (const c of codes) bump(this.tables.problem, c)
  }

  write(dir: string) {
    for (const [name, table] of Object.entries(this.tables)) {
      const keys = name === 'age' ? [...AGE_BUCKETS.map(([k]) => k), 'unknown'].filter((k) => table.has(k)) : [...table.keys()].sort()
      const lines = [`${name},finds,bytes,with_problems`, ...keys.map((k) => {
        const r = table.get(k)!
        return `${csvField(k)},${r.finds},${r.bytes},${r.problems}`
      })]
      writeFileSync(join(dir, `summary-by-${name}.csv`), lines.join('\n') + '\n')
    }
  }
}

/** A CSV field; a leading =, +, - or @ is defused so that a crafted file name is no spreadsheet formula. */
export function csvField(s: string): string {
  const v = /^[=+\-@]/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}
