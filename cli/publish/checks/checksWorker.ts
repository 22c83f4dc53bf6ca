// The checks thread (started by thread.ts): reads the source file once more, beside the publishing pass that
// reads and encodes it, and runs what that pass would otherwise run on every feature as well: the source checks
// (geometry types, personal data; the pass walks the extent) and the quality measurement. Two cores then share
// a publish.
import { parentPort, workerData } from 'node:worker_threads'
import { VectorQualityScan } from '../../../src/quality/vector.ts'
import { openVectorInput } from '../input.ts'
import { errorData, type ChecksReply, type ChecksTask, type ReportRequest } from './protocol.ts'
import { drawnBBox, positionsOf } from './quality.ts'
import { SourceChecks } from './source.ts'

const port = parentPort!
const post = (m: ChecksReply) => port.postMessage(m)

async function run(task: ChecksTask): Promise<void> {
  const data = await openVectorInput(task.file, task.input)
  const names = data.columns.map((c) => c.name)
  const area = task.area?.polygons ? await (await import('../extent.ts')).polygonArea(task.area.bbox, task.area.polygons) : task.area
  const checks = new SourceChecks(names, { extent: false })
  const scan = new VectorQualityScan(names, task.metadata, area, task.count)
  // As in the publishing pass: after a feature the measurement cannot take, only the source checks go on (their
  // refusals come first); the pass, which fails on the same feature, reports it.
  let failed: unknown = null
  let i = 0
  for (const f of data.features) {
    checks.see(f, i++)
    if (failed) continue
    try {
      scan.add(f, drawnBBox(f))
    } catch (e) {
      failed = e
    }
  }
  post({ type: 'seen', seen: checks.seen() })
  port.once('message', (m: ReportRequest) => {
    try {
      if (failed) throw failed
      post({ type: 'report', report: scan.report(m.sourceCrs, positionsOf(m.order)) })
    } catch (e) {
      post({ type: 'error', error: errorData(e) })
    }
  })
}

run(workerData as ChecksTask).catch((e: unknown) => post({ type: 'error', error: errorData(e) }))
