import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../scripts/random.ts'
import { compareValues, conditionReady, meets, parseNumber, queryRows, type Condition, type TableRow } from './query.ts'

const row = (id: number, properties: Record<string, unknown>, x = id * 10): TableRow => ({ id, properties, bbox: [x, 0, x + 5, 5], geometry: { type: 'Point', coordinates: [x, 0] } })
const rows: TableRow[] = [
  row(0, { name: 'Zwiebel', n: 10, s: '10' }),
  row(1, { name: 'Äpfel', n: 2, s: '2' }),
  row(2, { name: 'apfel', n: null, s: '' }),
  row(3, { name: 'Straße', n: 2.5, s: '2,5' }),
  row(4, { name: 'Strasse', n: -1, s: null }),
  row(5, { name: null, n: 100, s: 'x' }),
]
const c = (column: string, op: Condition['op'], value = ''): Condition => ({ column, op, value })
const ids = (positions: number[]) => positions.map((i) => rows[i].id)

describe('conditions', () => {
  it('reads typed numbers with comma or point, nothing else', () => {
    expect(parseNumber('12,5')).toBe(12.5)
    expect(parseNumber(' -3 ')).toBe(-3)
    expect(parseNumber('1e3')).toBe(1000)
    expect(parseNumber('12a')).toBeNull()
    expect(parseNumber('')).toBeNull()
  })

  it('compares numbers numerically, also numbers stored as text', () => {
    expect(meets(10, c('n', 'gt', '9'))).toBe(true)
    expect(meets(10, c('n', 'lt', '9'))).toBe(false)
    expect(meets('10', c('s', 'gt', '9'))).toBe(true) // as text "10" < "9"
    expect(meets('2,5', c('s', 'eq', '2.5'))).toBe(true)
    expect(meets(2.5, c('n', 'eq', '2,5'))).toBe(true)
  })

  it('compares text with German collation, ignoring case; contains ignores case', () => {
    expect(meets('Äpfel', c('name', 'eq', 'äpfel'))).toBe(true)
    expect(meets('Straße', c('name', 'contains', 'STRASSE'))).toBe(false)
    expect(meets('Straße', c('name', 'contains', 'straß'))).toBe(true)
    expect(meets('Zwiebel', c('name', 'gt', 'Äpfel'))).toBe(true)
    expect(meets('Äpfel', c('name', 'lt', 'Birne'))).toBe(true)
  })

  it('treats null, undefined and blank text as empty', () => {
    expect(meets(null, c('x', 'empty'))).toBe(true)
    expect(meets(undefined, c('x', 'empty'))).toBe(true)
    expect(meets('  ', c('x', 'empty'))).toBe(true)
    expect(meets(0, c('x', 'empty'))).toBe(false)
    expect(meets(null, c('x', 'eq', 'a'))).toBe(false)
    expect(meets(null, c('x', 'ne', 'a'))).toBe(true)
    expect(meets(null, c('x', 'lt', '5'))).toBe(false)
  })

  it('knows when a condition can be applied', () => {
    expect(conditionReady(c('n', 'gt', ''))).toBe(false)
    expect(conditionReady(c('n', 'empty'))).toBe(true)
    expect(conditionReady(c('', 'empty'))).toBe(false)
  })
})

describe('queryRows', () => {
  it('ANDs conditions', () => {
    expect(ids(queryRows(rows, { conditions: [c('n', 'gt', '0'), c('name', 'contains', 'e')] }))).toEqual([0, 1, 3])
    expect(ids(queryRows(rows, { conditions: [c('n', 'gt', '0'), c('n', 'lt', '5')] }))).toEqual([1, 3])
  })

  it('sorts numbers numerically with empty values last, both ways, ties in file order', () => {
    expect(ids(queryRows(rows, { conditions: [], sort: { column: 'n' } }))).toEqual([4, 1, 3, 0, 5, 2])
    expect(ids(queryRows(rows, { conditions: [], sort: { column: 'n', descending: true } }))).toEqual([5, 0, 3, 1, 4, 2])
  })

  it('sorts text by German collation (Ä with A, ß with ss), empty last', () => {
    expect(ids(queryRows(rows, { conditions: [], sort: { column: 'name' } }))).toEqual([1, 2, 3, 4, 0, 5])
    const order = ids(queryRows(rows, { conditions: [], sort: { column: 'name' } })).map((i) => rows[i].properties.name)
    expect(order.slice(0, 2).map((s) => String(s).toLowerCase()).sort()).toEqual(['apfel', 'äpfel'])
    expect(order.slice(2, 4).sort()).toEqual(['Strasse', 'Straße'])
    expect(order.slice(4)).toEqual(['Zwiebel', null])
  })

  it('sorts text with digits naturally ("2" < "2,5" < "10"), numbers before text', () => {
    expect(ids(queryRows(rows, { conditions: [], sort: { column: 's' } }))).toEqual([1, 3, 0, 5, 2, 4])
    expect(compareValues(3, 'a')).toBeLessThan(0)
    expect(compareValues('a', 3)).toBeGreaterThan(0)
  })

  it('limits to the view box and to a set of ids', () => {
    expect(ids(queryRows(rows, { conditions: [], within: [15, -1, 36, 1] }))).toEqual([1, 2, 3])
    expect(ids(queryRows(rows, { conditions: [c('n', 'gt', '2')], only: new Set([0, 3, 4]) }))).toEqual([0, 3])
  })
})

describe('sorting by ranks of distinct values', () => {
  it('gives the same order as a plain stable sort with compareValues, both ways (seeded random columns)', () => {
    const rand = mulberry32(7)
    const words = ['Äpfel', 'äpfel', 'Apfel', 'Straße', 'Strasse', 'Zebra', 'zebra', 'Öl', 'Ol', 'a10', 'a9', ' ', '']
    const pick = () => {
      const r = rand()
      return r < 0.1 ? null : r < 0.3 ? Math.round(rand() * 100) / 4 : words[Math.floor(rand() * words.length)]
    }
    const many: TableRow[] = Array.from({ length: 3000 }, (_, i) => row(i, { v: pick() }))
    for (const descending of [false, true]) {
      const naive = many
        .map((r, i) => i)
        .sort((x, y) => {
          const a = many[x].properties.v
          const b = many[y].properties.v
          const ea = a === null || (typeof a === 'string' && a.trim() === '')
          const eb = b === null || (typeof b === 'string' && b.trim() === '')
          if (ea || eb) return ea === eb ? x - y : ea ? 1 : -1
          return compareValues(a, b) * (descending ? -1 : 1) || x - y
        })
      expect(queryRows(many, { conditions: [], sort: { column: 'v', descending } })).toEqual(naive)
    }
  })

  it('sorts a number column (duplicates, negatives, empties) as a stable numeric sort, both ways', () => {
    const rand = mulberry32(11)
    const many: TableRow[] = Array.from({ length: 5000 }, (_, i) => row(i, { h: rand() < 0.05 ? null : Math.round((rand() - 0.3) * 400) / 8 }))
    for (const descending of [false, true]) {
      const naive = many
        .map((_, i) => i)
        .sort((x, y) => {
          const a = many[x].properties.h as number | null
          const b = many[y].properties.h as number | null
          if (a === null || b === null) return a === b ? x - y : a === null ? 1 : -1
          return (a - b) * (descending ? -1 : 1) || x - y
        })
      expect(queryRows(many, { conditions: [], sort: { column: 'h', descending } })).toEqual(naive)
    }
  })
})
