// Bounded reads: a recogniser never reads more than it asks for, so a 40 GB file costs what its header costs.
// Two ways to read: synchronous calls on local disks (page cache, microseconds a call — a round trip through
// libuv's thread pool costs more than the read), asynchronous ones on network shares (a call waits for the
// server, so many must be in flight). `useSyncReads` chooses once per run (see io.ts).
import { closeSync, fstatSync, openSync, promises as fs, readSync, statSync, type Stats } from 'node:fs'

let sync = false
export function useSyncReads(on: boolean): void {
  sync = on
}
export const syncReads = () => sync

function fill(fd: number, buf: Buffer, offset: number): number {
  let got = 0
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, offset + got)
    if (n === 0) break
    got += n
  }
  return got
}

async function fillAsync(fh: fs.FileHandle, buf: Buffer, offset: number): Promise<number> {
  let got = 0
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got
}

export async function readRange(path: Buffer | string, offset: number, length: number): Promise<Buffer> {
  if (sync) {
    const fd = openSync(path, 'r')
    try {
      const buf = Buffer.allocUnsafe(length)
      const got = fill(fd, buf, offset)
      return got === length ? buf : buf.subarray(0, got)
    } finally {
      closeSync(fd)
    }
  }
  const fh = await fs.open(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(length)
    const got = await fillAsync(fh, buf, offset)
    return got === length ? buf : buf.subarray(0, got)
  } finally {
    await fh.close()
  }
}

export const readHead = (path: Buffer | string, length: number) => readRange(path, 0, length)

/** Size, dates and the first `max` bytes of a file with one open (head undefined when it is no regular file). */
export async function statAndHead(path: Buffer, max: number): Promise<{ stats: Stats; head?: Buffer }> {
  if (sync) {
    const fd = openSync(path, 'r')
    try {
      const stats = fstatSync(fd)
      if (!stats.isFile()) return { stats }
      const head = Buffer.allocUnsafe(Math.min(stats.size, max))
      return { stats, head: head.subarray(0, fill(fd, head, 0)) }
    } finally {
      closeSync(fd)
    }
  }
  const fh = await fs.open(path, 'r')
  try {
    const stats = await fh.stat()
    if (!stats.isFile()) return { stats }
    const head = Buffer.allocUnsafe(Math.min(stats.size, max))
    return { stats, head: head.subarray(0, await fillAsync(fh, head, 0)) }
  } finally {
    await fh.close()
  }
}

export async function statFile(path: Buffer | string): Promise<Stats> {
  return sync ? statSync(path) : fs.stat(path)
}

/** The whole file if it is at most `max` bytes, else null. */
export async function readSmall(path: Buffer | string, size: number, max: number): Promise<Buffer | null> {
  if (size > max) return null
  return readRange(path, 0, size)
}

export const ascii = (b: Uint8Array, start = 0, end = b.length) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end)

export const startsWith = (b: Uint8Array, magic: number[] | string, at = 0) => {
  const m = typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic
  if (b.length < at + m.length) return false
  for (let i = 0; i < m.length; i++) if (b[at + i] !== m[i]) return false
  return true
}
