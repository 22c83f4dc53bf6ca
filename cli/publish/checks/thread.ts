// The checks thread seen from the publishing pass: started before the pass, asked for what it saw after it, and
// for the quality report once the file order is known. Used for large streamed files when a second core is free
// (checksThreadWanted); the pass then reads, encodes and walks the extent.
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { QualityReport } from '../../../src/model/quality.ts'
import { errorFrom, type ChecksReply, type ChecksTask } from './protocol.ts'
import type { FileOrder } from './quality.ts'
import type { SourceSeen } from './source.ts'

/**
 * Below this many features the thread gains nothing: its start and the second reading cost what it saves
 * (bench/publish.ts, Shapefiles: 100k 1.04–1.14 s against 1.06–1.33 s, 200k −15 %, 1M −35 %).
 */
export const CHECKS_THREAD_MIN_FEATURES = 100_000
/**
 * Shapefiles, when read as a stream (smaller ones are read whole: a second reading would hold a second copy in
 * memory); they are cheap to read. A GeoJSON file
 * is parsed twice by its streaming reader (a checking pass first): reading it twice more costs more than the
 * thread saves (200k polygons: 3.6 s against 3.3 s in one thread, docs/BENCHMARKS.md). Forced, any format works.
 */
const STREAMED = new Set(['.shp'])

export type ChecksMode = 'auto' | 'thread' | 'inline'

/** `GEOPORTAL_CHECKS=thread|inline` overrides the choice (tests and benchmarks of both ways). */
export function checksThreadWanted(file: string, source: { count: number; streamed: boolean }, mode: ChecksMode = 'auto'): boolean {
  const forced = process.env.GEOPORTAL_CHECKS
  const m = mode !== 'auto' ? mode : forced === 'thread' || forced === 'inline' ? forced : 'auto'
  if (m !== 'auto') return m === 'thread'
  const { count, streamed } = source
  return streamed && STREAMED.has(path.extname(file).toLowerCase()) && count >= CHECKS_THREAD_MIN_FEATURES && availableParallelism() > 1
}

export class ChecksThread {
  private readonly worker: Worker
  private readonly replies: ChecksReply[] = []
  private waiting: ((r: ChecksReply) => void) | null = null

  constructor(task: ChecksTask) {
    this.worker = new Worker(new URL('./checksWorker.mjs', import.meta.url), { workerData: task })
    this.worker.on('message', (m: ChecksReply) => this.deliver(m))
    // A crash ends a wait with an error (after close() nobody waits: the reply is dropped with the object).
    this.worker.on('error', (e) => this.stop(e instanceof Error ? e.message : String(e)))
    this.worker.on('exit', (code) => this.stop(`the checks thread stopped (exit code ${code})`))
  }

  private deliver(m: ChecksReply): void {
    if (this.waiting) {
      const w = this.waiting
      this.waiting = null
      w(m)
    } else this.replies.push(m)
  }

  private stop(message: string): void {
    this.deliver({ type: 'error', error: { kind: 'other', message } })
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
