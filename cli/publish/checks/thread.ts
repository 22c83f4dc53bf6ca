// The checks thread seen from the publishing pass: started before the pass, asked for what it saw after it, and
// for the quality report once the file order is known. Used for large streamed files when a second core is free
// (checksThreadWanted); the pass then only reads and encodes.
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { QualityReport } from '../../../src/model/quality.ts'
import { errorFrom, type ChecksReply, type ChecksTask } from './protocol.ts'
import type { FileOrder } from './quality.ts'
import type { SourceSeen } from './source.ts'

/** Below this many features a second reading of the file costs more than the thread saves (bench/publish.ts). */
export const CHECKS_THREAD_MIN_FEATURES = 20_000
/** The formats read as a stream: a second reading holds no second copy of the file in memory. */
const STREAMED = new Set(['.shp', '.geojson', '.json'])

export type ChecksMode = 'auto' | 'thread' | 'inline'

/** `GEOPORTAL_CHECKS=thread|inline` overrides the choice (tests and benchmarks of both ways). */
export function checksThreadWanted(file: string, count: number, mode: ChecksMode = 'auto'): boolean {
  const forced = process.env.GEOPORTAL_CHECKS
  const m = mode !== 'auto' ? mode : forced === 'thread' || forced === 'inline' ? forced : 'auto'
  if (m !== 'auto') return m === 'thread'
  return STREAMED.has(path.extname(file).toLowerCase()) && count >= CHECKS_THREAD_MIN_FEATURES && availableParallelism() > 1
}

export class ChecksThread {
  private readonly worker: Worker
  private readonly replies: ChecksReply[] = []
  private waiting: ((r: ChecksReply) => void) | null = null
  private stopped: Error | null = null

  constructor(task: ChecksTask) {
    this.worker = new Worker(new URL('./checksWorker.mjs', import.meta.url), { workerData: task })
    this.worker.on('message', (m: ChecksReply) => this.deliver(m))
    this.worker.on('error', (e) => this.stop(e instanceof Error ? e : new Error(String(e))))
    this.worker.on('exit', (code) => this.stop(new Error(`the checks thread stopped (exit code ${code})`)))
  }

  private deliver(m: ChecksReply): void {
    if (this.waiting) {
      const w = this.waiting
      this.waiting = null
      w(m)
    } else this.replies.push(m)
  }

  private stop(e: Error): void {
    this.stopped ??= e
    this.deliver({ type: 'error', error: { kind: 'other', message: this.stopped.message } })
  }

  private async next(): Promise<ChecksReply> {
    const m = this.replies.shift() ?? (await new Promise<ChecksReply>((resolve) => (this.waiting = resolve)))
    if (m.type === 'error') throw errorFrom(m.error)
    return m
  }

  async seen(): Promise<SourceSeen> {
    const m = await this.next()
    if (m.type !== 'seen') throw new Error(`checks thread: expected what it saw, got ${m.type}`)
    return m.seen
  }

  async report(sourceCrs: string, order: FileOrder): Promise<QualityReport> {
    this.worker.postMessage({ sourceCrs, order })
    const m = await this.next()
    if (m.type !== 'report') throw new Error(`checks thread: expected the report, got ${m.type}`)
    return m.report
  }

  close(): void {
    void this.worker.terminate()
  }
}
