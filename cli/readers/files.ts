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

/** base.<ext> next to a .shp, ignoring the case of the extension (old exports use .SHX/.DBF). */
export function sibling(entries: string[], base: string, ext: string): string | null {
  const wanted = `${base}.${ext}`.toLowerCase()
  return entries.find((e) => e === `${base}.${ext}`) ?? entries.find((e) => e.toLowerCase() === wanted) ?? null
}

/** Integers in Shapefile/dBASE headers: big-endian in .shp/.shx headers, little-endian elsewhere. */
export const be32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
export const le16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8)
export const le32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
