// The attribute table in the share link: `tbl=<layer id>`, `tflt=<conditions>`, `tsort=<column>:<asc|desc>`,
// `tsel=<ids as ranges>`, `tonly=1`. The link is anyone's input (issue #20): every part is read with bounds and
// whatever does not fit is dropped, never an error.
import { LAYER_ID } from '../../model/catalog.ts'
import { OPERATORS, type Condition, type Operator, type SortSpec } from './query.ts'

import { TABLE_LINK_KEYS } from './linkKeys.ts'

export { TABLE_LINK_KEYS }
/** At most this many conditions from a link. */
export const MAX_LINK_CONDITIONS = 8
/** Column names and values longer than this are dropped. */
export const MAX_LINK_TEXT = 200
/** At most this many selected ids in a link (and in what the table writes there). */
export const MAX_LINK_SELECTION = 2000
/** At most this many ranges are read (a range "a-b" counts once; ids past MAX_LINK_SELECTION are dropped). */
const MAX_LINK_RANGES = 2000

export interface TableLinkState {
  layer?: string
  conditions: Condition[]
  sort?: SortSpec
  selection: number[]
  onlySelected: boolean
}

// Conditions: "column~op~value" joined by "|"; "~", "|" and "%" inside names and values are percent-escaped
// (the hash writer escapes the whole value once more).
const esc = (s: string) => s.replace(/%/g, '%25').replace(/~/g, '%7E').replace(/\|/g, '%7C')
function unesc(s: string): string | undefined {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}

export function formatConditions(cs: readonly Condition[]): string {
  return cs
    .slice(0, MAX_LINK_CONDITIONS)
    .map((c) => `${esc(c.column)}~${c.op}~${esc(c.value)}`)
    .join('|')
}

export function parseConditions(text: string): Condition[] {
  const out: Condition[] = []
  for (const part of text.split('|', MAX_LINK_CONDITIONS)) {
    const [col, op, val = ''] = part.split('~', 3)
    const column = unesc(col ?? '')
    const value = unesc(val)
    if (!column || value === undefined || column.length > MAX_LINK_TEXT || value.length > MAX_LINK_TEXT) continue
    if (!OPERATORS.includes(op as Operator)) continue
    out.push({ column, op: op as Operator, value })
  }
  return out
}

/** Ascending ids as ranges: 1,2,3,7 → "1-3,7". */
export function formatIds(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].filter((i) => Number.isInteger(i) && i >= 0).sort((a, b) => a - b).slice(0, MAX_LINK_SELECTION)
  const parts: string[] = []
  for (let k = 0; k < sorted.length; ) {
    let j = k
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(j > k ? `${sorted[k]}-${sorted[j]}` : String(sorted[k]))
    k = j + 1
  }
  return parts.join(',')
}

export function parseIds(text: string): number[] {
  const out = new Set<number>()
  for (const part of text.split(',', MAX_LINK_RANGES)) {
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part)
    if (!m) continue
    const a = Number(m[1])
    const b = m[2] === undefined ? a : Number(m[2])
    for (let i = a; i <= b && out.size < MAX_LINK_SELECTION; i++) out.add(i)
    if (out.size >= MAX_LINK_SELECTION) break
  }
  return [...out].sort((x, y) => x - y)
}

export function parseTableLink(get: (key: string) => string | undefined): TableLinkState {
  const layer = get('tbl')
  const sortText = get('tsort')
  let sort: SortSpec | undefined
  if (sortText) {
    const i = sortText.lastIndexOf(':')
    const column = unesc(i < 0 ? sortText : sortText.slice(0, i))
    const dir = i < 0 ? 'asc' : sortText.slice(i + 1)
    if (column && column.length <= MAX_LINK_TEXT && (dir === 'asc' || dir === 'desc')) sort = { column, descending: dir === 'desc' }
  }
  return {
    layer: layer && LAYER_ID.test(layer) ? layer : undefined,
    conditions: parseConditions(get('tflt') ?? ''),
    sort,
    selection: parseIds(get('tsel') ?? ''),
    onlySelected: get('tonly') === '1',
  }
}

/** The link keys for a table state (undefined removes a key). */
export function formatTableLink(s: TableLinkState | null): Record<(typeof TABLE_LINK_KEYS)[number], string | undefined> {
  if (!s?.layer) return { tbl: undefined, tflt: undefined, tsort: undefined, tsel: undefined, tonly: undefined }
  return {
    tbl: s.layer,
    tflt: s.conditions.length ? formatConditions(s.conditions) : undefined,
    tsort: s.sort ? `${esc(s.sort.column)}:${s.sort.descending ? 'desc' : 'asc'}` : undefined,
    tsel: s.selection.length ? formatIds(s.selection) : undefined,
    tonly: s.onlySelected ? '1' : undefined,
  }
}
