// The columns of a table from its CREATE TABLE statement (sqlite_master.sql): names, declared types, which one is
// the rowid alias (INTEGER PRIMARY KEY), literal defaults (rows written before an ALTER TABLE … ADD COLUMN lack
// the new column and read as its default), and the features a plain record walk cannot serve (WITHOUT ROWID,
// generated columns). Only as much SQL as CREATE TABLE needs: tokens, nesting, quoting.
import { SqliteError, type Value } from './sqlite.ts'

export interface TableColumn {
  name: string
  /** The declared type as written ("TEXT(20)", "INTEGER", "" when none). */
  type: string
  /** True for the INTEGER PRIMARY KEY column, whose value is the rowid (stored as NULL in the record). */
  rowid: boolean
  /** The literal DEFAULT, or null. */
  default: Value
  /** GENERATED ALWAYS AS (…): not stored (VIRTUAL) or stored; either way computed by SQL. */
  generated: boolean
}

export interface TableSchema {
  columns: TableColumn[]
  withoutRowid: boolean
  /** CREATE VIRTUAL TABLE (e.g. an R-tree or FTS table): its rows are not in a b-tree of its own. */
  virtual: boolean
}

type Token = { kind: 'word' | 'quoted' | 'string' | 'number' | 'punct'; text: string }

const MAX_SQL = 1_000_000

function tokenize(sql: string): Token[] {
  if (sql.length > MAX_SQL) throw new SqliteError(`a table definition of ${sql.length} characters`)
  const out: Token[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i]
    if (/\s/.test(c)) i++
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
    } else if (c === '"' || c === '`' || c === "'" || c === '[') {
      const close = c === '[' ? ']' : c
      let j = i + 1
      let text = ''
      for (;;) {
        if (j >= sql.length) throw new SqliteError('unterminated quote in a table definition')
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            text += close
            j += 2
            continue
          }
          break
        }
        text += sql[j++]
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted', text })
      i = j + 1
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1
      while (j < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j])) j++
      out.push({ kind: 'word', text: sql.slice(i, j) })
      i = j
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i.exec(sql.slice(i, i + 64))
      const text = m ? m[0] : c
      out.push({ kind: 'number', text })
      i += text.length
    } else {
      out.push({ kind: 'punct', text: c })
      i++
    }
  }
  return out
}

const CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'])
const TABLE_CONSTRAINT = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])

const upper = (t: Token | undefined) => (t && t.kind === 'word' ? t.text.toUpperCase() : '')

/** Parses CREATE [TEMP] [VIRTUAL] TABLE … ( column defs, table constraints ) [options]. */
export function parseCreateTable(sql: string): TableSchema {
  const t = tokenize(sql)
  let i = 0
  const expectWord = (w: string) => {
    if (upper(t[i]) !== w) throw new SqliteError(`not a CREATE TABLE statement (expected ${w})`)
    i++
  }
  expectWord('CREATE')
  if (['TEMP', 'TEMPORARY'].includes(upper(t[i]))) i++
  const virtual = upper(t[i]) === 'VIRTUAL'
  if (virtual) return { columns: [], withoutRowid: false, virtual: true }
  expectWord('TABLE')
  while (i < t.length && !(t[i].kind === 'punct' && t[i].text === '(')) {
    if (upper(t[i]) === 'AS') throw new SqliteError('a table created AS SELECT has no column list to read')
    i++
  }
  if (i >= t.length) throw new SqliteError('a table definition without columns')
  i++
  // Split the body at top-level commas.
  const parts: Token[][] = [[]]
  let depth = 0
  for (; i < t.length; i++) {
    const tok = t[i]
    if (tok.kind === 'punct' && tok.text === '(') depth++
    else if (tok.kind === 'punct' && tok.text === ')') {
      if (depth === 0) break
      depth--
    } else if (tok.kind === 'punct' && tok.text === ',' && depth === 0) {
      parts.push([])
      continue
    }
    parts[parts.length - 1].push(tok)
  }
  const options = t.slice(i + 1).map(upper)
  const withoutRowid = options.some((w, k) => w === 'WITHOUT' && options[k + 1] === 'ROWID')
  const columns: TableColumn[] = []
  let tablePk: string[] | null = null
  for (const part of parts) {
    if (!part.length) continue
    const head = upper(part[0])
    if (part[0].kind === 'word' && TABLE_CONSTRAINT.has(head)) {
      const k = part.findIndex((x) => upper(x) === 'PRIMARY')
      if (k >= 0) {
        const open = part.findIndex((x, j) => j > k && x.kind === 'punct' && x.text === '(')
        const close = part.findIndex((x, j) => j > open && x.kind === 'punct' && x.text === ')')
        tablePk = part.slice(open + 1, close).filter((x) => x.kind === 'word' || x.kind === 'quoted').map((x) => x.text)
        tablePk = tablePk.filter((n) => !['ASC', 'DESC', 'COLLATE'].includes(n.toUpperCase()))
      }
      continue
    }
    columns.push(parseColumn(part))
  }
  // A table constraint PRIMARY KEY(x) on one INTEGER column makes x the rowid alias, as a column constraint does.
  if (tablePk && tablePk.length === 1) {
    const c = columns.find((x) => x.name.toLowerCase() === tablePk![0].toLowerCase())
    if (c && c.type.toUpperCase() === 'INTEGER') c.rowid = true
  }
  if (withoutRowid) for (const c of columns) c.rowid = false
  return { columns, withoutRowid, virtual: false }
}

function parseColumn(part: Token[]): TableColumn {
  const name = part[0].text
  let k = 1
  const typeWords: string[] = []
  let depth = 0
  for (; k < part.length; k++) {
    const tok = part[k]
    if (depth === 0 && tok.kind === 'word' && CONSTRAINT_START.has(tok.text.toUpperCase())) break
    if (tok.kind === 'punct' && tok.text === '(') depth++
    if (tok.kind === 'punct' && tok.text === ')') depth--
    typeWords.push(tok.text)
  }
  const type = typeWords.join(' ').replace(/ ?\( ?/g, '(').replace(/ ?\) ?/g, ')').replace(/ ?, ?/g, ',')
  const rest = part.slice(k)
  const words = rest.map(upper)
  let rowid = false
  const pk = words.indexOf('PRIMARY')
  if (pk >= 0 && words[pk + 1] === 'KEY' && type.toUpperCase() === 'INTEGER' && words[pk + 2] !== 'DESC') rowid = true
  // Only at the top level: CHECK (CAST(x AS …)) is no generated column.
  let level = 0
  const generated = rest.some((x) => {
    if (x.kind === 'punct') level += x.text === '(' ? 1 : x.text === ')' ? -1 : 0
    return level === 0 && (upper(x) === 'GENERATED' || upper(x) === 'AS')
  })
  let def: Value = null
  const d = words.indexOf('DEFAULT')
  if (d >= 0) def = literal(rest.slice(d + 1))
  return { name, type, rowid, default: def, generated }
}

/** A DEFAULT's literal value (number, string, NULL, TRUE/FALSE, a signed or parenthesised number); otherwise null. */
function literal(t: Token[]): Value {
  let k = 0
  while (t[k]?.kind === 'punct' && t[k].text === '(') k++
  let sign = 1
  if (t[k]?.kind === 'punct' && (t[k].text === '-' || t[k].text === '+')) {
    if (t[k].text === '-') sign = -1
    k++
  }
  const tok = t[k]
  if (!tok) return null
  if (tok.kind === 'string') return tok.text
  if (tok.kind === 'number') return sign * Number(tok.text)
  const w = upper(tok)
  if (w === 'TRUE') return 1
  if (w === 'FALSE') return 0
  return null
}
