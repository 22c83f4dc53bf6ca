import { parseArgs, type ParseArgsConfig } from 'node:util'

export interface Command {
  usage: string
  /** Help for `<command> <sub> --help` when the command has subcommands with their own options. */
  helpFor?(argv: string[]): string
  run(argv: string[]): Promise<number>
}

export class UsageError extends Error {}

/** node:util parseArgs with errors turned into UsageError (exit code 2). */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`)
  }
}

export function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`missing ${name}`)
  return value
}
