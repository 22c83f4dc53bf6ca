// The map side of the vector worker: one worker per map, requests multiplexed by id, aborts forwarded.
import type { BBox } from '../../model/catalog.ts'
import type { LoadOptions, LoadResult } from './fgbSource.ts'
import type { WorkerReply, WorkerRequest } from './workerProtocol.ts'

export interface VectorSource {
  /** The features intersecting these EPSG:25832 boxes, each once, in lon/lat (see FgbVectorSource.loadRects). */
  loadRects(rects: BBox[], signal?: AbortSignal, opts?: LoadOptions): Promise<LoadResult>
}

/** Started by the entry before the map exists (see VectorWorkerClient.early), handed to the first map. */
let started: VectorWorkerClient | null = null

export class VectorWorkerClient {
  /**
   * The worker, started now so that it loads and reads the start layers' headers while MapLibre and React are
   * still starting (issue #21). The next take() gets this instance.
   */
  static early(): VectorWorkerClient | null {
    if (typeof Worker === 'undefined') return null
    return (started ??= new VectorWorkerClient())
  }

  /** The worker started early, if any (once), or a new one. Its taker owns it (and destroys it). */
  static take(): VectorWorkerClient {
    const c = started ?? new VectorWorkerClient()
    started = null
    return c
  }

  private readonly worker: Worker
  private nextId = 1
  private readonly pending = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>()

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'geoportal-vector' })
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const r = e.data
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (r.ok) p.resolve(r.result)
      else p.reject(Object.assign(new Error(r.message), { name: r.name }))
    }
    this.worker.onerror = (e) => {
      const err = new Error(`vector worker failed: ${e.message}`)
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    }
  }

  /** Reads a file's header and index ahead of its first load (same url and options as source()). */
  open(url: string, opts: { extent?: BBox; bytes?: number; maxFeatures?: number } = {}): void {
    this.worker.postMessage({ type: 'open', url, ...opts } satisfies WorkerRequest)
  }

  source(url: string, opts: { extent?: BBox; bytes?: number; maxFeatures?: number } = {}): VectorSource {
    return {
      loadRects: (rects, signal, load) =>
        new Promise<LoadResult>((resolve, reject) => {
          const id = this.nextId++
          this.pending.set(id, { resolve, reject })
          const msg: WorkerRequest = { type: 'load', id, url, rects, labels: load?.labels, ...opts }
          this.worker.postMessage(msg)
          signal?.addEventListener(
            'abort',
            () => {
              this.worker.postMessage({ type: 'abort', id } satisfies WorkerRequest)
              this.pending.delete(id)
              reject(new DOMException('aborted', 'AbortError'))
            },
            { once: true },
          )
        }),
    }
  }

  destroy(): void {
    this.worker.terminate()
    this.pending.clear()
  }
}
