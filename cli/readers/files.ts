import { constants, promises as fs, type Stats } from 'node:fs'
import path from 'node:path'
import { irregularKind } from '../catalog/plain.ts'
import { InputError } from './errors.ts'

/**
 * The largest input file the publisher reads. It works in memory (a file is one Buffer, decoded in one go), and
 * the biggest inputs it can turn into a layer are below this: rasters are capped at 1 GiB of decoded samples,
 * text formats at V8's 512 MiB string limit. Anything larger is refused before a byte is read.
 */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3

export interface InputPartOptions {
  /** Return an empty buffer for a 0-byte file instead of refusing it (the reader has its own message). */
  allowEmpty?: boolean
  /** The problem when the part does not exist (default: "<what> does not exist"). */
  missing?: string
}

/**
 * Reads one part of an input (the file itself or a sibling such as .dbf); problems are reported against
 * `file`, the file the user named, with `what` saying which part. The path is resolved as given (a link the
 * officer made is followed), but what it leads to must be a regular file of at most MAX_INPUT_BYTES: a FIFO,
 * a device such as /dev/zero or a socket is refused at once instead of blocking or reading forever.
 */
export async function readInputPart(file: string, what: string, part = file, opts: InputPartOptions = {}): Promise<Buffer> {
  let stat: Stats
  try {
    stat = await fs.stat(part)
  } catch {
    throw new InputError(file, opts.missing ?? `${what} does not exist`)
  }
  checkRegular(file, what, part, stat)
  let h: fs.FileHandle
  try {
    // O_NONBLOCK: should a FIFO be swapped in after the stat, open returns at once instead of waiting for a writer.
    h = await fs.open(part, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    throw new InputError(file, `${what} cannot be read (${(e as Error).message})`)
  }
  try {
    const opened = await h.stat()
    checkRegular(file, what, part, opened)
    if (opened.size === 0 && !opts.allowEmpty) throw new InputError(file, `${what} is empty (0 bytes); export the data again from your GIS`)
    // Exactly the size fstat gave: a file growing while it is read does not make the read unbounded.
    const bytes = Buffer.allocUnsafe(opened.size)
    let filled = 0
    while (filled < bytes.length) {
      const { bytesRead } = await h.read(bytes, filled, bytes.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled)
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(file, `${what} cannot be read (${(e as Error).message})`)
  } finally {
    await h.close()
  }
}

/** Refuses what is not a regular input file of at most MAX_INPUT_BYTES, in the words every reader uses. */
export function checkRegular(file: string, what: string, part: string, stat: Stats): void {
  if (stat.isDirectory()) throw new InputError(file, `${what} is a folder; name the ${path.extname(part) || 'data'} file itself`)
  if (!stat.isFile()) throw new InputError(file, `${what} is ${irregularKind(stat) ?? 'neither a file nor a folder'}, not a regular file; save the data to a file and publish that`)
  if (stat.size > MAX_INPUT_BYTES) {
    throw new InputError(file, `${what} is ${stat.size} bytes; the publisher reads files of at most ${MAX_INPUT_BYTES} bytes (2 GiB) — split or tile the data`)
  }
}

/** An optional sibling (.prj, .cpg, -wal): null when absent or empty; refused like readInputPart otherwise. */
export async function readOptionalPart(file: string, what: string, part: string): Promise<Buffer | null> {
  const exists = await fs.stat(part).then(
    () => true,
    () => false,
  )
  if (!exists) return null
  const bytes = await readInputPart(file, what, part, { allowEmpty: true })
  return bytes.length ? bytes : null
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
