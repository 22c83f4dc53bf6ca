import { parse, required, UsageError, type Command } from '../args.ts'
import { withCatalogLock, withdrawLayer } from '../catalog/store.ts'

const usage = `Usage: geoportal withdraw <id> --catalog <dir>

Removes a layer from the catalog (first from catalog.json, then its files).`

export const withdrawCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { catalog: { type: 'string' } }, usage)
    if (positionals.length !== 1) throw new UsageError(`expected one layer id\n${usage}`)
    const catalog = required(values.catalog, '--catalog')
    const { removed, warnings } = await withCatalogLock(catalog, () => withdrawLayer(catalog, positionals[0]))
    for (const w of warnings) console.error(`warning: ${w}`)
    if (!removed) throw new Error(`no layer "${positionals[0]}" in ${catalog}`)
    console.log(`withdrawn: ${positionals[0]}`)
    return 0
  },
}
