import path from 'node:path'
import { parse, UsageError, type Command } from '../args.ts'
import { cliLang, LANG_HELP, LANG_OPTION } from '../report/lang.ts'
import { loadPlan, PlanError } from '../sync/plan.ts'
import { EXIT, exitCode, formatOverdue, formatSyncTable, overdueByDepartment } from '../sync/report.ts'
import { runSync } from '../sync/run.ts'

const usage = `Usage: geoportal sync <plan.yaml|plan.json> [--catalog <dir>] [--dry-run] [--jobs <n>] [--json]

Keeps the layers of a plan current: every layer whose sources changed by content (source file and its parts,
metadata, style, options) is published again, in parallel on the machine's cores, the rest is left as it is.
A layer that fails leaves its catalog entry as it was; the other layers are published. Ends with one table and
the layers whose sources are overdue (unchanged for longer than their rhythm) per department. See docs/sync.md.

Options:
  --catalog <dir>    catalog folder (default: "catalog" in the plan, relative to the plan file)
  --dry-run          show what would be published; changes nothing
  --jobs <n>         layers prepared at once (default: the number of cores)
  --json             print the result as JSON
${LANG_HELP}

Exit codes: 0 all layers published or unchanged; 3 some layers failed (the others were published);
4 the plan is invalid (nothing published); 1 the sync could not run (e.g. catalog locked); 2 wrong usage.`

export const syncCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { catalog: { type: 'string' }, 'dry-run': { type: 'boolean' }, jobs: { type: 'string' }, json: { type: 'boolean' }, ...LANG_OPTION },
      usage,
    )
    if (positionals.length !== 1) throw new UsageError(`expected one plan file\n${usage}`)
    const lang = cliLang(values.lang)
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs)
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs must be a whole number ≥ 1')
    let plan
    try {
      plan = await loadPlan(positionals[0])
    } catch (e) {
      if (!(e instanceof PlanError)) throw e
      console.error(`geoportal sync: ${e.message}`)
      return EXIT.planInvalid
    }
    const catalog = values.catalog ?? (plan.catalog !== undefined ? path.resolve(plan.dir, plan.catalog) : undefined)
    if (!catalog) throw new UsageError('missing --catalog (or "catalog" in the plan)')
    const result = await runSync(plan, { catalog, dryRun: values['dry-run'] === true, ...(jobs ? { jobs } : {}) })
    const code = exitCode(result)
    if (values.json) {
      console.log(JSON.stringify({ catalog, dryRun: values['dry-run'] === true, ...result, overdue: Object.fromEntries(overdueByDepartment(result).map(([d, ls]) => [d ?? '', ls.map((l) => l.id)])), exitCode: code }))
    } else {
      for (const line of [...formatSyncTable(result, lang), ...formatOverdue(result, lang)]) console.log(line)
    }
    // One line per failed layer on stderr as well, for the cron mail / CI log.
    for (const r of result.layers) if (r.status === 'failed') console.error(`geoportal sync: ${r.id}: ${r.message}`)
    return code
  },
}
