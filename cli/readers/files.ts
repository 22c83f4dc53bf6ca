import { promises as fs } from 'node:fs'
import path from 'node:path'
import { InputError } from './errors.ts'

/**
 * Reads one part of an input (the file itself or a sibling such as .dbf); problems are reported against
 * `file`, the file the user named, with `what` saying which part.
 */
export async function readInputPart(file: string, what: string, part = file): Promise<Buffer> {
  let stat
  try {
    stat = await fs.stat(part)
  } catch {
    throw new InputError(file, `${what} does not exist`)
  }
  if (stat.isDirectory()) throw new InputError(file, `${what} is a folder; name the ${path.extname(part)} file itself`)
  if (stat.size === 0) throw new InputError(file, `${what} is empty (0 bytes); export the data again from your GIS`)
  try {
    return await fs.readFile(part)
  } catch (e) {
    throw new InputError(file, `${what} cannot be read (${(e as Error).message})`)
  }
}
