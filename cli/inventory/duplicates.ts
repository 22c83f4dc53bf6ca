// Duplicates as jdupes finds them: only finds whose sizes collide are read at all; of those, a partial hash of
// head and tail decides which need a full hash. Sets hash all their parts in name order.
import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'

const EDGE = 64 * 1024
/** Up to this size a find is hashed whole right away (head and tail would cover it). */
export const SMALL = 2 * EDGE

export async function partialHash(paths: Buffer[], size: number): Promise<string> {
  const h = createHash('sha256')
  h.update(String(size))
  for (const p of paths) {
    const fh = await fs.open(p, 'r')
    try {
      const { size: s } = await fh.stat()
      const head = Buffer.alloc(Math.min(EDGE, s))
      await fh.read(head, 0, head.length, 0)
      h.update(head)
      if (s > EDGE) {
        const tail = Buffer.alloc(Math.min(EDGE, s - EDGE))
        await fh.read(tail, 0, tail.length, s - tail.length)
        h.update(tail)
      }
    } finally {
      await fh.close()
    }
  }
  return h.digest('hex')
}

export async function fullHash(paths: Buffer[]): Promise<string> {
  const h = createHash('sha256')
  for (const p of paths) {
    const s = await fs.stat(p)
    if (s.size <= SMALL) {
      h.update(await fs.readFile(p))
      continue
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(p, { highWaterMark: 1 << 20 })
        .on('data', (c) => h.update(c))
        .on('end', resolve)
        .on('error', reject)
    })
  }
  return `sha256:${h.digest('hex')}`
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
