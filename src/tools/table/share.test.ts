import { describe, expect, it } from 'vitest'
import { formatHash, parseHash } from '../../app/urlState.ts'
import { formatIds, formatTableLink, MAX_LINK_CONDITIONS, MAX_LINK_SELECTION, parseIds, parseTableLink, type TableLinkState } from './share.ts'

/** Through the real hash writer and reader, as a share link travels. */
function roundTrip(s: TableLinkState): TableLinkState {
  const rest = Object.entries(formatTableLink(s)).filter((e): e is [string, string] => e[1] !== undefined)
  const parsed = parseHash(formatHash({ rest }))
  const map = new Map(parsed.rest)
  return parseTableLink((k) => map.get(k))
}

describe('table state in the share link', () => {
  it('survives the hash with awkward names and values', () => {
    const s: TableLinkState = {
      layer: 'demo-baeume',
      conditions: [
        { column: 'art', op: 'contains', value: 'Linde | Eiche ~ 100% & more=' },
        { column: 'höhe:m', op: 'gt', value: '12,5' },
        { column: 'x', op: 'empty', value: '' },
      ],
      sort: { column: 'höhe:m', descending: true },
      selection: [3, 1, 2, 9, 20, 21],
      onlySelected: true,
    }
    expect(roundTrip(s)).toEqual({ ...s, selection: [1, 2, 3, 9, 20, 21] })
  })

  it('writes selections as ranges and reads them back', () => {
    expect(formatIds([5, 1, 2, 3, 3, 7])).toBe('1-3,5,7')
    expect(parseIds('1-3,5,7')).toEqual([1, 2, 3, 5, 7])
  })

  it('is bounded: huge ranges, too many conditions, junk and bad ids are dropped', () => {
    expect(parseIds('0-999999999').length).toBe(MAX_LINK_SELECTION)
    expect(parseIds('a,-1,1.5,2,,3-1')).toEqual([2])
    const many = Array.from({ length: 50 }, (_, i) => `c${i}~eq~${i}`).join('|')
    expect(parseTableLink((k) => (k === 'tflt' ? many : undefined)).conditions).toHaveLength(MAX_LINK_CONDITIONS)
    const bad = parseTableLink((k) => ({ tbl: '<script>', tflt: 'a~drop~1|b~eq~%E0|~eq~1|c~lt~2', tsort: 'x:sideways' })[k])
    expect(bad).toEqual({ layer: undefined, conditions: [{ column: 'c', op: 'lt', value: '2' }], sort: undefined, selection: [], onlySelected: false })
  })

  it('removes every key when the table closes', () => {
    expect(Object.values(formatTableLink(null)).every((v) => v === undefined)).toBe(true)
  })
})
