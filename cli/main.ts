// Command dispatch. Each command parses its own arguments; failures end as one line on stderr.
import { UsageError, type Command } from './args.ts'

/**
 * Each command's module is imported only when that command runs: `geoportal --help` loads none of them (nor
 * proj4, turf, geotiff, GDAL …), which keeps the compiled CLI's start under 0.2 s. The summaries live here for
 * that reason; a new command is one entry.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  publish: { summary: 'convert a file, measure its quality and add it to a catalog', load: async () => (await import('./commands/publish.ts')).publishCommand },
  quality: { summary: 'measure the quality of a file without publishing it', load: async () => (await import('./commands/quality.ts')).qualityCommand },
  check: { summary: 'validate a catalog and summarise its quality', load: async () => (await import('./commands/check.ts')).checkCommand },
  withdraw: { summary: 'remove a layer from a catalog', load: async () => (await import('./commands/withdraw.ts')).withdrawCommand },
  start: { summary: 'set the layers shown when the portal opens', load: async () => (await import('./commands/start.ts')).startCommand },
  dcat: { summary: 'export the public layers as DCAT-AP.de metadata (JSON-LD)', load: async () => (await import('./commands/dcat.ts')).dcatCommand },
  build: { summary: 'build a deployable static site from the app and a catalog', load: async () => (await import('./commands/build.ts')).buildCommand },
  service: { summary: 'add (or remove) a layer of an external WMS / WMTS', load: async () => (await import('./commands/service.ts')).serviceCommand },
  basemap: { summary: 'build, add, list, remove base maps; choose the default', load: async () => (await import('./commands/basemap.ts')).basemapCommand },
  inventory: {
    summary: 'find the geodata on drives: formats, CRS, extent, duplicates, problems',
    load: async () => (await import('./commands/inventory.ts')).inventoryCommand,
  },
  sync: { summary: 'publish the changed layers of a plan (for cron / systemd timers)', load: async () => (await import('./commands/sync.ts')).syncCommand },
}

const USAGE = `geoportal — publish geodata for Geoportal Soest

Usage: geoportal <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run "geoportal <command> --help" for the options of a command.`

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 1
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!entry) {
    console.error(`geoportal: unknown command "${name}" (try geoportal --help)`)
    return 2
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.helpFor ? command.helpFor(rest) : command.usage)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    console.error(`geoportal ${name}: ${message.split('\n')[0]}`)
    if (process.env.GEOPORTAL_DEBUG && e instanceof Error) console.error(e.stack)
    return e instanceof UsageError ? 2 : 1
  }
}
