// Web Worker entry: FlatGeobuf reading and reprojection off the main thread, so a large view never freezes
// the page. The worker is one instance per map; its sources live as long as it does.
import { Projections } from '../../projection/registry.ts'
import { FgbVectorSource } from './fgbSource.ts'
import type { WorkerReply, WorkerRequest } from './workerProtocol.ts'

// flatgeobuf logs every range read with console.debug.
console.debug = () => {}

const projections = new Projections()
const sources = new Map<string, FgbVectorSource>()
const running = new Map<number, AbortController>()

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const m = e.data
  if (m.type === 'abort') {
    running.get(m.id)?.abort()
    return
  }
  let source = sources.get(m.url)
  if (!source) {
    source = new FgbVectorSource(m.url, projections, { extent: m.extent, bytes: m.bytes, maxFeatures: m.maxFeatures })
    sources.set(m.url, source)
  }
  if (m.type === 'open') {
    source.prepare()
    return
  }
  const abort = new AbortController()
  running.set(m.id, abort)
  let reply: WorkerReply
  try {
    reply = { id: m.id, ok: true, result: await source.loadRects(m.rects, abort.signal, { labels: m.labels }) }
  } catch (err) {
    const error = err as Error
    reply = { id: m.id, ok: false, name: error?.name ?? 'Error', message: error?.message ?? String(err) }
  } finally {
    running.delete(m.id)
  }
  ;(self as unknown as Worker).postMessage(reply)
}
