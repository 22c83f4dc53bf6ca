// "Aktuell": computed when shown, not at publish, because a layer becomes overdue by the passing of time.
import { UPDATE_FREQUENCIES, type UpdateFrequency } from '../model/metadata.ts'
import type { Finding } from '../model/quality.ts'

export type TimelinessStatus = 'on-time' | 'overdue' | 'unknown' | 'not-scheduled'

export interface Timeliness {
  status: TimelinessStatus
  /** ISO date the next update is due, when the frequency is regular. */
  dueDate?: string
  overdueDays?: number
}

const DAY = 86_400_000
const CALENDAR_MONTHS: Partial<Record<UpdateFrequency, number>> = { monthly: 1, quarterly: 3, annual: 12 }

export function timeliness(lastUpdate: string | undefined, frequency: UpdateFrequency | undefined, today: Date): Timeliness {
  if (!lastUpdate || !frequency) return { status: 'unknown' }
  const days = UPDATE_FREQUENCIES[frequency]
  if (days === null) return { status: 'not-scheduled' }
  const last = new Date(`${lastUpdate}T00:00:00Z`)
  if (Number.isNaN(last.getTime())) return { status: 'unknown' }
  // Calendar months for monthly/quarterly/annual (a year after 2026-03-31 is 2027-03-31), days otherwise.
  const months = CALENDAR_MONTHS[frequency]
  const due = months
    ? Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + months, last.getUTCDate())
    : last.getTime() + days * DAY
  const dueDate = new Date(due).toISOString().slice(0, 10)
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const overdueDays = Math.floor((todayUtc - due) / DAY)
  return overdueDays > 0 ? { status: 'overdue', dueDate, overdueDays } : { status: 'on-time', dueDate }
}

/** The "aktuell" finding for a given day (not stored at publish: it changes with the date it is looked at). */
export function timelinessFinding(lastUpdate: string | undefined, frequency: UpdateFrequency | undefined, today: Date): Finding {
  const t = timeliness(lastUpdate, frequency, today)
  const base = { criterion: 'aktuell' as const, featureIds: [] }
  switch (t.status) {
    case 'overdue':
      return { ...base, severity: 'warning', message: `update overdue by ${t.overdueDays} days (due ${t.dueDate}, frequency ${frequency})`, code: 'overdue', params: { n: t.overdueDays!, due: t.dueDate!, frequency: frequency! } }
    case 'on-time':
      return { ...base, severity: 'info', message: `up to date (next update due ${t.dueDate})`, code: 'on_time', params: { due: t.dueDate! } }
    case 'not-scheduled':
      return { ...base, severity: 'info', message: `no regular updates (frequency ${frequency}; last update ${lastUpdate})`, code: 'not_scheduled', params: { frequency: frequency!, last: lastUpdate! } }
    default:
      return { ...base, severity: 'warning', message: 'last update or update frequency not declared', code: 'timeliness_unknown' }
  }
}
