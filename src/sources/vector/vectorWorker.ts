// The map side of the vector worker: one worker per map, requests multiplexed by id, aborts forwarded.
import type { BBox } from '../../model/catalog.ts'
import type { LoadOptions, LoadResult } from './fgbSource.ts'
import type { WorkerReply, WorkerRequest } from './workerProtocol.ts'

export interface VectorSource {
  /** The features intersecting these EPSG:25832 boxes, each once, in lon/lat (see FgbVectorSource.loadRects). */
  loadRects(rects: BBox[], signal?: AbortSignal, opts?: LoadOptions): Promise<LoadResult>
}

export class VectorWorkerClient {
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
