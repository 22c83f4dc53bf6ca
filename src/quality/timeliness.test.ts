import { describe, expect, it } from 'vitest'
import { timeliness } from './timeliness.ts'

describe('timeliness', () => {
  const today = new Date('2026-11-26T10:00:00Z')
  it('is overdue by whole days after the due date', () => {
    expect(timeliness('2025-06-30', 'annual', today)).toEqual({ status: 'overdue', dueDate: '2026-06-30', overdueDays: 149 })
  })
  it('is on time before the due date', () => {
    expect(timeliness('2026-10-01', 'monthly', today)).toEqual({ status: 'overdue', dueDate: '2026-11-01', overdueDays: 25 })
    expect(timeliness('2026-11-20', 'monthly', today).status).toBe('on-time')
  })
  it('has no due date for irregular updates or missing data', () => {
    expect(timeliness('2026-01-01', 'irregular', today).status).toBe('not-scheduled')
    expect(timeliness(undefined, 'annual', today).status).toBe('unknown')
  })
})
