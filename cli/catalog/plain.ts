import { createHash } from 'node:crypto'
// A catalog holds only regular files and folders. Anything else inside it — a symbolic link, a FIFO, a device,
// a socket — is an error for every command and is never followed: a symlinked layer folder would let publish
// delete files elsewhere, a symlinked data file would put /etc/passwd into a site, and a FIFO would hang a read.
// Every path below the catalog root is inspected with lstat, component by component. The root itself is the
// officer's choice (it may be a symlink to the real folder) and is followed.
import { constants, promises as fs, type Dirent, type Stats } from 'node:fs'
import path from 'node:path'

/** Something inside a catalog that is not a regular file or folder. */
export class IrregularEntryError extends Error {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(irregularMessage(file, what))
  }
}

export function irregularMessage(file: string, what: string): string {
  return `${file} is ${what}; a catalog may hold only regular files and folders (it is never followed) — remove it`
}

/** What an entry is, in words; null for a regular file or a folder. */
export function irregularKind(s: Stats | Dirent): string | null {
  if (s.isFile() || s.isDirectory()) return null
  if (s.isSymbolicLink()) return 'a symbolic link'
  if (s.isFIFO()) return 'a FIFO (named pipe)'
  if (s.isSocket()) return 'a socket'
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device'
  return 'neither a regular file nor a folder'
}

export interface IrregularEntry {
  /** Path relative to the catalog root, with "/" separators. */
  rel: string
  what: string
}

/** Every irregular entry below `root` (or below root/rel), without descending into anything but folders. */
export async function findIrregular(root: string, rel = ''): Promise<IrregularEntry[]> {
  const found: IrregularEntry[] = []
  const walk = async (relDir: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(path.join(root, relDir), { withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = relDir ? `${relDir}/${e.name}` : e.name
      const what = irregularKind(e)
      if (what) found.push({ rel: r, what })
      else if (e.isDirectory()) await walk(r)
    }
  }
  if (rel) {
    const s = await lstatPlain(root, rel).catch((e) => {
      if (e instanceof IrregularEntryError) {
        found.push({ rel: path.relative(root, e.file).split(path.sep).join('/'), what: e.what })
        return null
      }
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    })
    if (s?.isDirectory()) await walk(rel)
  } else await walk('')
  return found
}

/** Throws an IrregularEntryError for the first irregular entry below `root`. */
export async function assertPlainTree(root: string): Promise<void> {
  const [first] = await findIrregular(root)
  if (first) throw new IrregularEntryError(path.join(root, first.rel), first.what)
}

/** Throws for the first irregular entry at or below root/rel (a missing rel is fine): call before writing or deleting
 * there, so a planted link cannot lead the write or the delete out of the catalog. */
export async function assertPlainFolder(root: string, rel: string): Promise<void> {
  const [bad] = await findIrregular(root, rel)
  if (bad) throw new IrregularEntryError(path.join(root, bad.rel), bad.what)
}

/**
 * lstat of root/rel, refusing when it or any folder on the way is irregular (a symlinked `layers/<id>` must not
 * lead a read or a delete out of the catalog). Missing paths throw the usual ENOENT error.
 */
export async function lstatPlain(root: string, rel: string): Promise<Stats> {
  const parts = rel.split(/[\\/]/).filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) throw new Error(`${rel}: path leaves the catalog`)
  let current = root
  let s: Stats | undefined
  for (let i = 0; i < parts.length; i++) {
    current = path.join(current, parts[i])
    s = await fs.lstat(current)
    const what = irregularKind(s)
    if (what) throw new IrregularEntryError(current, what)
    if (i < parts.length - 1 && !s.isDirectory()) {
      throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' })
    }
  }
  return s ?? (await fs.stat(root))
}

/**
 * Runs `use` on root/rel opened without following any link on the way, refused unless it is a regular file.
 * O_NOFOLLOW and O_NONBLOCK close the gap between lstat and open: a link or a FIFO swapped in meanwhile fails the
 * open (or is seen by fstat) instead of being followed or blocking.
 */
async function withPlainFile<T>(root: string, rel: string, use: (h: fs.FileHandle) => Promise<T>): Promise<T> {
  const s = await lstatPlain(root, rel)
  const file = path.join(root, rel)
  if (!s.isFile()) throw Object.assign(new Error(`${file} is a folder, not a file`), { code: 'EISDIR' })
  const h = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const what = irregularKind(await h.stat())
    if (what) throw new IrregularEntryError(file, what)
    return await use(h)
  } finally {
    await h.close()
  }
}

/** Reads a regular file inside a catalog without following any link on the way. */
export function readPlainFile(root: string, rel: string): Promise<Buffer> {
  return withPlainFile(root, rel, (h) => h.readFile())
}

/** Chunk size of the catalog's streaming reads and copies. */
const CHUNK_BYTES = 1 << 22

/**
 * Size, SHA-256 and the first `prefix` bytes of root/rel, read in 4 MiB chunks with readPlainFile's guards: for
 * data files of any size (a FlatGeobuf of 10 M features is over 2 GiB, more than one Buffer can hold).
 */
export function digestPlainFile(root: string, rel: string, prefix: number): Promise<{ size: number; sha256: string; head: Buffer }> {
  return withPlainFile(root, rel, async (h) => {
    const hash = createHash('sha256')
    const buf = Buffer.allocUnsafe(CHUNK_BYTES)
    const head: Buffer[] = []
    let size = 0
    for (;;) {
      const { bytesRead } = await h.read(buf, 0, buf.length, size)
      if (bytesRead === 0) break
      const chunk = buf.subarray(0, bytesRead)
      hash.update(chunk)
      if (size < prefix) head.push(Buffer.from(chunk.subarray(0, prefix - size)))
      size += bytesRead
    }
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(head) }
  })
}

/**
 * Copies the regular file root/rel to `dest` (which must not exist) in chunks, with readPlainFile's guards: a data
 * file of any size (over 2 GiB, more than one Buffer holds) in constant memory. Verified as it goes: every write is
 * completed, and the copy must have exactly the size the source had when it was opened (a file that changes
 * meanwhile fails the build instead of shipping half). Runs of zeros a chunk long stay holes, so a sparse source
 * gives a sparse copy. `chunkBytes` is for tests.
 */
export function copyPlainFile(root: string, rel: string, dest: string, chunkBytes = CHUNK_BYTES): Promise<number> {
  return withPlainFile(root, rel, async (h) => {
    const expected = (await h.stat()).size
    const out = await fs.open(dest, 'wx')
    let size = 0
    try {
      const buf = Buffer.allocUnsafe(chunkBytes)
      const zero = Buffer.alloc(chunkBytes)
      let pendingHole = false
      const changed = (why: string) => new Error(`${path.join(root, rel)} changed while it was copied (${expected} bytes when opened, ${why}); build again when no publish is running`)
      // Exactly the size fstat gave: a file that grows meanwhile does not make the copy unbounded.
      while (size < expected) {
        const { bytesRead } = await h.read(buf, 0, Math.min(buf.length, expected - size), size)
        if (bytesRead === 0) throw changed(`${size} read`)
        if (bytesRead === buf.length && buf.equals(zero)) pendingHole = true
        else {
          for (let done = 0; done < bytesRead; ) done += (await out.write(buf, done, bytesRead - done, size + done)).bytesWritten
          pendingHole = false
        }
        size += bytesRead
      }
      if ((await h.read(buf, 0, 1, size)).bytesRead) throw changed('more when read')
      // A trailing hole is written as the file's length.
      if (pendingHole) await out.truncate(size)
      const written = (await out.stat()).size
      if (written !== size) throw changed(`${written} written`)
    } catch (e) {
      await out.close()
      await fs.rm(dest, { force: true })
      throw e
    }
    await out.close()
    return size
  })
}

/**
 * Copies root/rel (a folder) to destRoot/rel with its own walk: only regular files and folders are copied;
 * anything else is refused before it is read (fs.cp would copy a symlink or follow it). Files are streamed
 * (copyPlainFile), so a layer's data file may be of any size.
 */
export async function copyPlainTree(root: string, rel: string, destRoot: string, chunkBytes = CHUNK_BYTES): Promise<void> {
  await assertPlainFolder(root, rel)
  const copy = async (r: string): Promise<void> => {
    await fs.mkdir(path.join(destRoot, r), { recursive: true })
    for (const e of await fs.readdir(path.join(root, r), { withFileTypes: true })) {
      const child = `${r}/${e.name}`
      if (e.isDirectory()) await copy(child)
      else if (e.isFile()) await copyPlainFile(root, child, path.join(destRoot, child), chunkBytes)
      else throw new IrregularEntryError(path.join(root, child), irregularKind(e) ?? 'irregular')
    }
  }
  await copy(rel)
}
