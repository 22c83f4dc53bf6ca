// Command dispatch. Each command parses its own arguments; failures end as one line on stderr.
import { basemapCommand } from './commands/basemap.ts'
import { buildCommand } from './commands/build.ts'
import { checkCommand } from './commands/check.ts'
import { dcatCommand } from './commands/dcat.ts'
import { publishCommand } from './commands/publish.ts'
import { qualityCommand } from './commands/quality.ts'
import { withdrawCommand } from './commands/withdraw.ts'
import { inventoryCommand } from './commands/inventory.ts'
import { serviceCommand } from './commands/service.ts'
import { startCommand } from './commands/start.ts'
import { syncCommand } from './commands/sync.ts'
import { UsageError, type Command } from './args.ts'

const COMMANDS: Record<string, Command> = {
  publish: publishCommand,
  quality: qualityCommand,
  check: checkCommand,
  withdraw: withdrawCommand,
  start: startCommand,
  dcat: dcatCommand,
  build: buildCommand,
  service: serviceCommand,
  basemap: basemapCommand,
  inventory: inventoryCommand,
  sync: syncCommand,
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
  const command = COMMANDS[name]
  if (!command) {
    console.error(`geoportal: unknown command "${name}" (try geoportal --help)`)
    return 2
  }
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
