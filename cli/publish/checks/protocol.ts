// Messages between the publishing pass (thread.ts) and the checks thread (checksWorker.ts).
import type { BBox } from '../../../src/model/catalog.ts'
import type { LayerMetadata } from '../../../src/model/metadata.ts'
import type { QualityReport } from '../../../src/model/quality.ts'
import type { Geometry } from '../../../src/projection/geometry.ts'
import { UsageError } from '../../args.ts'
import { InputError } from '../../readers/errors.ts'
import type { VectorInputOptions } from '../input.ts'
import type { FileOrder } from './quality.ts'
import type { SourceSeen } from './source.ts'

/** What the thread reads and measures: the file as the publisher opened it. */
export interface ChecksTask {
  file: string
  input: VectorInputOptions
  metadata: LayerMetadata
  /** The expected area, its polygons as data (the thread builds its own intersection test). */
  area?: { bbox: BBox; polygons?: Geometry[] }
  count: number
}

export interface ReportRequest {
  sourceCrs: string
  order: FileOrder
}

export type ChecksReply = { type: 'seen'; seen: SourceSeen } | { type: 'report'; report: QualityReport } | { type: 'error'; error: ErrorData }

/** An error as data: input and usage errors keep their class, so the CLI reports them as it would have. */
export interface ErrorData {
  kind: 'input' | 'usage' | 'other'
  message: string
  file?: string
  stack?: string
}

export function errorData(e: unknown): ErrorData {
  if (e instanceof InputError) return { kind: 'input', message: e.message, file: e.file }
  if (e instanceof UsageError) return { kind: 'usage', message: e.message }
  const err = e instanceof Error ? e : new Error(String(e))
  return { kind: 'other', message: err.message, ...(err.stack ? { stack: err.stack } : {}) }
}

export function errorFrom(d: ErrorData): Error {
  let e: Error
  if (d.kind === 'input') {
    e = new InputError(d.file!, '')
    e.message = d.message // the message already names the file
  } else if (d.kind === 'usage') e = new UsageError(d.message)
  else {
    e = new Error(`checks thread: ${d.message}`)
    if (d.stack) e.stack = d.stack
  }
  return e
}
