// "Aktuell": computed when shown, not at publish, because a layer becomes overdue by the passing of time.
import { UPDATE_FREQUENCIES, type UpdateFrequency } from '../model/metadata.ts'

export type TimelinessStatus = 'on-time' | 'overdue' | 'unknown' | 'not-scheduled'

export interface Timeliness {
  status: TimelinessStatus
  /** ISO date the next update is due, when the frequency is regular. */
  dueDate?: string
  overdueDays?: number
}

const DAY = 86_400_000

export function timeliness(lastUpdate: string | undefined, frequency: UpdateFrequency | undefined, today: Date): Timeliness {
  if (!lastUpdate || !frequency) return { status: 'unknown' }
  const days = UPDATE_FREQUENCIES[frequency]
  if (days === null) return { status: 'not-scheduled' }
  const last = Date.parse(`${lastUpdate}T00:00:00Z`)
  if (Number.isNaN(last)) return { status: 'unknown' }
  const due = last + days * DAY
  const dueDate = new Date(due).toISOString().slice(0, 10)
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const overdueDays = Math.floor((todayUtc - due) / DAY)
  return overdueDays > 0 ? { status: 'overdue', dueDate, overdueDays } : { status: 'on-time', dueDate }
}
