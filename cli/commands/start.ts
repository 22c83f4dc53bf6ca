import { promises as fs } from 'node:fs'
import path from 'node:path'
import { MAX_START_LAYERS } from '../../src/model/catalog.ts'
import { parse, required, UsageError, type Command } from '../args.ts'
import { CATALOG_FILE, readCatalog, setStartLayers, withCatalogLock } from '../catalog/store.ts'

const usage = `Usage: geoportal start <id>… --catalog <dir>
       geoportal start --clear --catalog <dir>
       geoportal start --catalog <dir>

Sets the layers the portal shows when it opens without layers in the link ("visible": true in catalog.json):
exactly the given ones, bottom to top in the catalog's draw order; the marks of all other layers are removed.
--clear removes every mark (then a catalog of at most ${MAX_START_LAYERS} layers starts with all of them, a larger one
with none). Without ids it lists the start layers. Nothing else in catalog.json changes; a re-published layer
keeps its mark.

Options:
  --catalog <dir>  catalog folder
  --clear          no start marks
  --json           print the start layers as JSON
  --help           this text`

export const startCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { catalog: { type: 'string' }, clear: { type: 'boolean' }, json: { type: 'boolean' } }, usage)
    const catalog = required(values.catalog, '--catalog')
    if (values.clear && positionals.length) throw new UsageError('--clear takes no layer ids')
    if (positionals.length > MAX_START_LAYERS) throw new UsageError(`at most ${MAX_START_LAYERS} start layers (the portal opens no more), not ${positionals.length}`)
    const twice = positionals.find((id, i) => positionals.indexOf(id) !== i)
    if (twice) throw new UsageError(`layer "${twice}" is named twice`)
    // Never create a catalog folder for a typo: the lock would.
    await fs.access(path.join(catalog, CATALOG_FILE)).catch(() => {
      throw new Error(`${path.join(catalog, CATALOG_FILE)}: no catalog there`)
    })
    let start: string[]
    let changed = false
    if (!values.clear && !positionals.length) {
      start = (await readCatalog(catalog)).layers.filter((l) => l.visible === true).map((l) => l.id)
    } else {
      ;({ start, changed } = await withCatalogLock(catalog, () => setStartLayers(catalog, values.clear ? null : positionals)))
    }
    if (values.json) console.log(JSON.stringify({ changed, start }))
    else if (!values.clear && !positionals.length) console.log(start.length ? `start layers: ${start.join(', ')}` : 'no start layers marked')
    else console.log(`${changed ? 'start layers set' : 'start layers unchanged'}: ${start.length ? start.join(', ') : 'none marked'} in ${catalog}`)
    return 0
  },
}
