import { describe, expect, it } from 'vitest'
import { rowWindow, scrollToRow } from './virtual.ts'

describe('rowWindow', () => {
  it('renders the rows in view plus overscan, spacers for the rest', () => {
    expect(rowWindow(0, 300, 30, 100_000, 5)).toEqual({ start: 0, end: 16, before: 0, after: (100_000 - 16) * 30 })
    const w = rowWindow(30 * 50_000, 300, 30, 100_000, 5)
    expect(w.start).toBe(49_995)
    expect(w.end).toBe(50_016)
    expect(w.before + (w.end - w.start) * 30 + w.after).toBe(100_000 * 30)
  })

  it('stays inside the rows at the end, for short lists and nonsense input', () => {
    const w = rowWindow(1e9, 300, 30, 100, 5)
    expect(w.end).toBe(100)
    expect(w.start).toBeLessThan(100)
    expect(w.after).toBe(0)
    expect(rowWindow(0, 300, 30, 3)).toEqual({ start: 0, end: 3, before: 0, after: 0 })
    expect(rowWindow(-50, 300, 30, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 })
  })
})

describe('scrollToRow', () => {
  it('scrolls just enough to show a row', () => {
    expect(scrollToRow(10, 0, 300, 30)).toBe(30) // row 10 ends at 330: scroll by 30
    expect(scrollToRow(2, 0, 300, 30)).toBe(0)
    expect(scrollToRow(2, 200, 300, 30)).toBe(60)
    expect(scrollToRow(10, 0, 300, 30, 30)).toBe(60) // a sticky header covers 30 px
  })
})
