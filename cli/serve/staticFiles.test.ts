import { describe, expect, it } from 'vitest'
import { parseRange } from './staticFiles.ts'

describe('parseRange', () => {
  it('handles the Range forms readers send', () => {
    expect(parseRange(undefined, 100)).toBeNull()
    expect(parseRange('bytes=0-11', 100)).toEqual([0, 11])
    expect(parseRange('bytes=90-', 100)).toEqual([90, 99])
    expect(parseRange('bytes=-10', 100)).toEqual([90, 99])
    expect(parseRange('bytes=50-500', 100)).toEqual([50, 99])
  })
  it('refuses ranges beyond the file', () => {
    expect(parseRange('bytes=100-', 100)).toBe('invalid')
    expect(parseRange('bytes=0-0', 0)).toBe('invalid')
    expect(parseRange('items=0-1', 100)).toBe('invalid')
  })
})
