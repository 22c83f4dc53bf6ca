// The progress line: files/s, finds, and an ETA. The total is unknown during a walk; the ETA uses --expect-files
// when given, else the pending directories times the mean number of files per directory so far (marked "~").
import type { Counters } from './checkpoint.ts'

export function progressLine(c: Counters, seconds: number, pendingDirs: number, expectFiles: number | null): string {
  const rate = seconds > 0 ? c.files / seconds : 0
  let eta = ''
  if (rate > 0) {
    const remaining = expectFiles !== null ? Math.max(0, expectFiles - c.files) : pendingDirs * (c.dirs ? c.files / c.dirs : 0)
    eta = ` ETA ${expectFiles !== null ? '' : '~'}${duration(remaining / rate)}`
  }
  return `${c.files.toLocaleString('en')} files, ${c.dirs.toLocaleString('en')} folders, ${c.finds.toLocaleString('en')} finds, ${c.problems.toLocaleString('en')} problems, ${Math.round(rate).toLocaleString('en')} files/s${eta}`
}

export function duration(s: number): string {
  if (!Number.isFinite(s)) return '?'
  if (s < 60) return `${Math.round(s)} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
}
