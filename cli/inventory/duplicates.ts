// Duplicates as jdupes finds them: only finds whose sizes collide are read at all; of those, a partial hash of
// head and tail decides which need a full hash. Sets hash all their parts in name order. Full hashes of large
// files run in worker threads (reading and hashing off the main thread, several files at once); small files are
// hashed where they are read, which costs less than a message to a worker.
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, fstatSync, openSync, promises as fs, readFileSync, readSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { syncReads } from './bytes.ts'

const EDGE = 64 * 1024
/** Up to this size a find is hashed whole right away (head and tail would cover it). */
export const SMALL = 2 * EDGE
/** From this total size on, a full hash goes to a worker thread. */
const WORKER_FROM = 4 * 1024 * 1024

export async function partialHash(paths: Buffer[], size: number): Promise<string> {
  const h = createHash('sha256')
  h.update(String(size))
  for (const p of paths) {
    if (syncReads()) {
      const fd = openSync(p, 'r')
      try {
        const s = fstatSync(fd).size
        const head = Buffer.allocUnsafe(Math.min(EDGE, s))
        h.update(head.subarray(0, readSync(fd, head, 0, head.length, 0)))
        if (s > EDGE) {
          const tail = Buffer.allocUnsafe(Math.min(EDGE, s - EDGE))
          h.update(tail.subarray(0, readSync(fd, tail, 0, tail.length, s - tail.length)))
        }
      } finally {
        closeSync(fd)
      }
      continue
    }
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

/** Full hash; `size` (the find's total) chooses a worker thread for large finds when a pool is given. */
export async function fullHash(paths: Buffer[], size = 0, pool: HashPool | null = null): Promise<string> {
  if (pool && size >= WORKER_FROM) return pool.hash(paths)
  const h = createHash('sha256')
  for (const p of paths) {
    if (syncReads() && size <= SMALL) {
      h.update(readFileSync(p))
      continue
    }
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

// Plain JavaScript, evaluated: a worker does not inherit the TypeScript loader of the CLI.
const WORKER = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, closeSync } = require('node:fs')
const buf = Buffer.allocUnsafe(1 << 20)
parentPort.on('message', ({ id, paths }) => {
  try {
    const h = createHash('sha256')
    for (const p of paths) {
      const fd = openSync(Buffer.from(p), 'r')
      try {
        let n
        while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n))
      } finally {
        closeSync(fd)
      }
    }
    parentPort.postMessage({ id, hash: 'sha256:' + h.digest('hex') })
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) })
  }
})
`

/** A few worker threads that hash whole files; created on first use, ended by `close`. */
export class HashPool {
  private workers: { w: Worker; busy: boolean }[] = []
  private queue: { paths: Buffer[]; resolve: (h: string) => void; reject: (e: Error) => void }[] = []
  private waiting = new Map<number, { resolve: (h: string) => void; reject: (e: Error) => void; slot: { w: Worker; busy: boolean } }>()
  private next = 0
  constructor(private readonly size: number) {}

  hash(paths: Buffer[]): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ paths, resolve, reject })
      this.pump()
    })
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.workers.find((s) => !s.busy)
      if (!slot && this.workers.length < this.size) {
        slot = { w: new Worker(WORKER, { eval: true }), busy: false }
        const s = slot
        s.w.on('message', (m: { id: number; hash?: string; error?: string }) => {
          const job = this.waiting.get(m.id)!
          this.waiting.delete(m.id)
          s.busy = false
          if (m.hash) job.resolve(m.hash)
          else job.reject(new Error(m.error))
          this.pump()
        })
        this.workers.push(slot)
      }
      if (!slot) return
      const job = this.queue.shift()!
      const id = this.next++
      slot.busy = true
      this.waiting.set(id, { ...job, slot })
      slot.w.postMessage({ id, paths: job.paths.map((p) => new Uint8Array(p)) })
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((s) => s.w.terminate()))
    this.workers = []
  }
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
