// The publisher's side of gdalWorker.mjs: gdal3.js in a worker thread that can be terminated. GDAL's WebAssembly
// runs synchronously, so a timer on the thread that runs it never fires while it loops; on this side it does.
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

/** A failed GDAL call, with the messages GDAL printed meanwhile. */
export class GdalCallError extends Error {
  constructor(
    message: string,
    readonly messages: string[],
    readonly no?: number,
  ) {
    super(message)
  }
}

/** The thread was terminated (deadline) while a call was running. */
export class GdalTerminated extends Error {}

interface Pending {
  resolve: (v: { result: unknown; messages: string[] }) => void
  reject: (e: Error) => void
}

export class GdalThread {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private seq = 0
  private dead = false
  readonly ready: Promise<void>

  constructor() {
    const require = createRequire(import.meta.url)
    const dist = path.join(path.dirname(require.resolve('gdal3.js/package.json')), 'dist', 'package')
    // gdal3.js reads its files from "./" + path, i.e. relative to the working directory.
    const rel = path.relative(process.cwd(), dist) || '.'
    this.worker = new Worker(new URL('./gdalWorker.mjs', import.meta.url), { workerData: { path: rel } })
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('gdal3.js worker did not start'))))
      this.worker.once('error', reject)
      this.worker.once('exit', (code) => reject(new GdalTerminated(`gdal3.js worker exited (${code}) while starting`)))
    })
    this.ready.catch(() => {})
    this.worker.on('message', (m: { id?: number; result?: unknown; error?: { message: string; no?: number }; messages?: string[] }) => {
      if (m.id === undefined) return
      const p = this.pending.get(m.id)
      if (!p) return
      this.pending.delete(m.id)
      if (!this.pending.size) this.worker.unref()
      if (m.error) p.reject(new GdalCallError(m.error.message, m.messages ?? [], m.error.no))
      else p.resolve({ result: m.result, messages: m.messages ?? [] })
    })
    const fail = (e: Error) => {
      this.dead = true
      for (const p of this.pending.values()) p.reject(e)
      this.pending.clear()
    }
    this.worker.on('error', (e) => fail(e))
    this.worker.on('exit', (code) => fail(new GdalTerminated(`gdal3.js worker stopped (${code})`)))
    // Idle, the thread must not keep the publisher's process alive; while a call runs it does.
    this.worker.unref()
  }

  get alive(): boolean {
    return !this.dead
  }

  /** Runs one gdalWorker.mjs operation; resolves with its result and GDAL's messages. */
  async call<T>(op: string, ...args: unknown[]): Promise<{ result: T; messages: string[] }> {
    await this.ready
    if (this.dead) throw new GdalTerminated('gdal3.js worker was stopped')
    const id = ++this.seq
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject })
      this.worker.ref()
      this.worker.postMessage({ id, op, args })
    })
  }

  async terminate(): Promise<void> {
    this.dead = true
    await this.worker.terminate()
  }
}
