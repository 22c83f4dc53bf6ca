// Messages between the map and the vector worker.
import type { BBox } from '../../model/catalog.ts'
import type { LoadResult } from './fgbSource.ts'

export type WorkerRequest =
  | { type: 'load'; id: number; url: string; extent?: BBox; bytes?: number; maxFeatures?: number; rects: BBox[]; labels?: boolean }
  | { type: 'abort'; id: number }
  /** Read and check header and index now, ahead of the first load (issue #21: before the map exists). */
  | { type: 'open'; url: string; extent?: BBox; bytes?: number; maxFeatures?: number }

export type WorkerReply = { id: number; ok: true; result: LoadResult } | { id: number; ok: false; name: string; message: string }
