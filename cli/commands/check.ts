import { parse, required, type Command } from '../args.ts'
import { checkCatalog } from '../catalog/check.ts'
import { formatFindings, severityCounts } from '../report/format.ts'
import { cliLang, fieldList, LANG_HELP, LANG_OPTION, say } from '../report/lang.ts'

const usage = `Usage: geoportal check --catalog <dir> [--json] [--verbose]

Validates every layer of a catalog (files present, checksums, metadata, file headers) and its self-hosted base
maps (archive readable, style present), and prints a quality summary: findings per layer, overdue updates,
missing metadata. Exit code 0 when the catalog is sound, 1 when any layer or base map has a problem (findings
about data quality do not fail the check).

${LANG_HELP}`

export const checkCommand: Command = {
  usage,
  async run(argv) {
    const { values } = parse(argv, { catalog: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, ...LANG_OPTION }, usage)
    const lang = cliLang(values.lang)
    const t = say(lang)
    const result = await checkCatalog(required(values.catalog, '--catalog'))
    if (values.json) {
      console.log(JSON.stringify(result, null, 2))
      return result.ok ? 0 : 1
    }
    for (const p of result.problems) console.log(`! ${p}`)
    for (const l of result.layers) {
      const c = severityCounts(l.findings)
      const status = { 'on-time': t('fristgerecht', 'on time'), 'not-scheduled': t('ohne Rhythmus', 'not scheduled'), unknown: t('unbekannt', 'unknown'), overdue: '' }
      const due =
        l.timeliness.status === 'overdue'
          ? t(`seit ${l.timeliness.overdueDays} Tagen überfällig (fällig am ${l.timeliness.dueDate})`, `overdue by ${l.timeliness.overdueDays} days (due ${l.timeliness.dueDate})`)
          : status[l.timeliness.status]
      console.log(`${l.problems.length ? '✗' : '✓'} ${l.id} — ${l.title}: ${c.error} ${t('Fehler', 'errors')}, ${c.warning} ${t('Warnungen', 'warnings')}, ${c.info} ${t('Hinweise', 'notes')}; ${t('Aktualisierung', 'update')}: ${due}`)
      for (const p of l.problems) console.log(`    ✗ ${p}`)
      if (l.missingMetadata.length) console.log(`    · ${t('fehlende Metadaten', 'metadata missing')}: ${fieldList(l.missingMetadata, lang)}`)
      if (values.verbose) for (const line of formatFindings(l.findings, lang, '    ')) console.log(line)
    }
    const bad = result.layers.filter((l) => l.problems.length).length
    console.log(t(`${result.layers.length} Ebenen, ${bad} mit Problemen${result.ok ? '' : ' — Prüfung fehlgeschlagen'}`, `${result.layers.length} layers, ${bad} with problems${result.ok ? '' : ' — check failed'}`))
    return result.ok ? 0 : 1
  },
}
