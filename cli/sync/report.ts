// The one table a sync ends with, the overdue sources per department, and the exit code for cron and CI.
import { say, type CliLang } from '../report/lang.ts'
import type { LayerResult, LayerStatus, SyncResult } from './run.ts'

/** Exit codes: documented in docs/sync.md; 1 (the command failed as a whole) and 2 (usage) come from main. */
export const EXIT = { ok: 0, someFailed: 3, planInvalid: 4 } as const

export const exitCode = (r: SyncResult) => (r.layers.some((l) => l.status === 'failed') ? EXIT.someFailed : EXIT.ok)

const STATUS: Record<CliLang, Record<LayerStatus, string>> = {
  de: { published: 'veröffentlicht', unchanged: 'unverändert', failed: 'FEHLER', planned: 'wird veröffentlicht' },
  en: { published: 'published', unchanged: 'unchanged', failed: 'FAILED', planned: 'to publish' },
}
const RHYTHM_DE: Record<string, string> = { daily: 'täglich', weekly: 'wöchentlich', monthly: 'monatlich', quarterly: 'vierteljährlich', annual: 'jährlich', irregular: 'unregelmäßig', never: 'nie' }

function statusText(r: LayerResult, lang: CliLang): string {
  const s = STATUS[lang][r.status]
  // A changed source whose output is the same (e.g. only a timestamp in the file changed): say so.
  return r.status === 'published' && r.outcome === 'unchanged' ? `${s} (${say(lang)('Ausgabe gleich', 'same output')})` : s
}

export function formatSyncTable(result: SyncResult, lang: CliLang): string[] {
  const t = say(lang)
  const head = [t('Ebene', 'layer'), t('Ergebnis', 'result'), t('Objekte', 'features'), t('Note', 'grade'), t('Zeit', 'time')]
  const rows = result.layers.map((r) => [r.id, statusText(r, lang), r.features?.toString() ?? '', r.grade ?? '', r.seconds !== undefined ? `${r.seconds.toFixed(1)} s` : ''])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
  const lines = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
  for (const r of result.layers.filter((l) => l.status === 'failed')) lines.push(`✗ ${r.id}: ${r.message}`)
  const count = (s: LayerStatus) => result.layers.filter((l) => l.status === s).length
  lines.push(
    t(
      `${count('published')} veröffentlicht, ${count('unchanged')} unverändert, ${count('failed')} fehlgeschlagen${count('planned') ? `, ${count('planned')} würden veröffentlicht (Probelauf)` : ''} — ${result.seconds.toFixed(1)} s`,
      `${count('published')} published, ${count('unchanged')} unchanged, ${count('failed')} failed${count('planned') ? `, ${count('planned')} would be published (dry run)` : ''} — ${result.seconds.toFixed(1)} s`,
    ),
  )
  return lines
}

/** Layers whose sources have not changed for longer than their rhythm, grouped by department (none: last). */
export function overdueByDepartment(result: SyncResult): [string | null, LayerResult[]][] {
  const groups = new Map<string | null, LayerResult[]>()
  for (const r of result.layers) {
    if (r.overdueDays === undefined) continue
    const key = r.department ?? null
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  return [...groups].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
}

export function formatOverdue(result: SyncResult, lang: CliLang): string[] {
  const t = say(lang)
  const groups = overdueByDepartment(result)
  if (!groups.length) return []
  const lines = [t('Überfällig (Quelle länger unverändert als ihr Rhythmus):', 'Overdue (source unchanged for longer than its rhythm):')]
  for (const [department, layers] of groups) {
    lines.push(`  ${department ?? t('(keine Stelle angegeben)', '(no department given)')}:`)
    for (const r of layers) {
      const rhythm = lang === 'de' ? (RHYTHM_DE[r.rhythm!] ?? r.rhythm) : r.rhythm
      lines.push(`    ${r.id} — ${rhythm}, ${t('zuletzt veröffentlicht', 'last published')} ${r.lastPublished!.slice(0, 10)}, ${t(`${r.overdueDays} Tage überfällig`, `overdue by ${r.overdueDays} days`)}`)
    }
  }
  return lines
}
