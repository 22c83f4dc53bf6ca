import { describe, expect, it } from 'vitest'
import type { Finding } from '../model/quality.ts'
import { effectiveGrade, gradeOf, qualitySummary } from './grade.ts'

const f = (criterion: Finding['criterion'], severity: Finding['severity']): Finding => ({ criterion, severity, message: '', featureIds: [] })

describe('quality grade', () => {
  it('grades by error and warning findings', () => {
    expect(gradeOf(0, 0)).toBe('A')
    expect(gradeOf(0, 2)).toBe('B')
    expect(gradeOf(0, 3)).toBe('C')
    expect(gradeOf(1, 0)).toBe('C')
    expect(gradeOf(2, 0)).toBe('D')
  })
  it('ignores info findings and the time-dependent "aktuell" criterion', () => {
    const s = qualitySummary([f('aktuell', 'warning'), f('genau', 'info'), f('redundanzfrei', 'warning'), f('konsistent', 'error')], ['license'])
    expect(s).toEqual({ grade: 'C', errors: 1, warnings: 1, missingMetadata: ['license'] })
  })
  it('makes an overdue layer one grade worse, never below D', () => {
    expect(effectiveGrade('A', 'overdue')).toBe('B')
    expect(effectiveGrade('D', 'overdue')).toBe('D')
    expect(effectiveGrade('B', 'on-time')).toBe('B')
  })
})
