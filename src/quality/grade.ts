// A quality grade per layer, A (best) to D, so thousands of layers can be filtered and ranked without opening each
// report. The grade is computed at publish from the stored findings; "aktuell" is left out there because a layer
// becomes overdue by the passing of time — the portal applies it on the day it is looked at (effectiveGrade).
import { GRADES, type Finding, type Grade, type QualitySummary } from '../model/quality.ts'
import type { TimelinessStatus } from './timeliness.ts'

/**
 * A: no error and no warning. B: no error, at most two warnings (e.g. some metadata missing and a few duplicates).
 * C: one error finding, or more than two warnings. D: two or more error findings.
 */
export function gradeOf(errors: number, warnings: number): Grade {
  if (errors >= 2) return 'D'
  if (errors === 1 || warnings > 2) return 'C'
  return warnings > 0 ? 'B' : 'A'
}

export function qualitySummary(findings: Finding[], missingMetadata: string[]): QualitySummary {
  let errors = 0
  let warnings = 0
  for (const f of findings) {
    if (f.criterion === 'aktuell') continue
    if (f.severity === 'error') errors++
    else if (f.severity === 'warning') warnings++
  }
  return { grade: gradeOf(errors, warnings), errors, warnings, missingMetadata }
}

/** The grade on a given day: an overdue layer is one grade worse (down to D). */
export function effectiveGrade(grade: Grade, status: TimelinessStatus): Grade {
  if (status !== 'overdue') return grade
  return GRADES[Math.min(GRADES.length - 1, GRADES.indexOf(grade) + 1)]
}
