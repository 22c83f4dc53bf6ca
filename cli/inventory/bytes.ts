// Bounded reads: a recogniser never reads more than it asks for, so a 40 GB file costs what its header costs.
import { promises as fs } from 'node:fs'

export async function readRange(path: Buffer | string, offset: number, length: number): Promise<Buffer> {
  const fh = await fs.open(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, offset + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    return got === length ? buf : buf.subarray(0, got)
  } finally {
    await fh.close()
  }
}

export const readHead = (path: Buffer | string, length: number) => readRange(path, 0, length)

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
