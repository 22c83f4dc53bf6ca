// Byte ranges over HTTP. Every read is a Range request; a server that ignores Range is reported, because
// streaming layers depend on it.
import type { RangeResult, RangeSource } from './source.ts'
import { withTimeout } from './timeout.ts'

export type { RangeResult, RangeSource } from './source.ts'

export interface HttpRangeOptions {
  /** A read that takes longer fails with a message naming the file (a server can stall mid-answer). */
  timeoutMs?: number
  /** Let the browser's HTTP cache answer (FlatGeobuf feature reads, as flatgeobuf's own client did); by default
   * reads bypass it (see fetchRange). */
  httpCache?: boolean
}

/** A file on a web server, read in byte ranges (see RangeSource). */
export class HttpRangeSource implements RangeSource {
  constructor(
    readonly key: string,
    private readonly opts: HttpRangeOptions = {},
  ) {}

  read(offset: number, length: number, signal?: AbortSignal): Promise<RangeResult> {
    const read = fetchRange(this.key, offset, length, signal, this.opts.httpCache ? 'default' : 'no-store')
    return this.opts.timeoutMs === undefined ? read : withTimeout(read, this.opts.timeoutMs, this.key.split('/').pop() ?? this.key, signal)
  }
}

/** One range of a URL, without a timeout of its own (the FlatGeobuf readers time their whole load). */
export async function fetchRange(url: string, start: number, length: number, signal?: AbortSignal, cache: RequestCache = 'no-store'): Promise<RangeResult> {
  // no-store: Chromium's memory cache has returned overlapping range responses cut short (seen with COGs, see
  // docs/deploy.md); these reads are small and the service worker caches layer files anyway.
  const res = await fetch(url, { headers: { Range: `bytes=${start}-${start + length - 1}` }, signal, cache })
  if (res.status === 416) return { bytes: new Uint8Array(0), totalSize: 0 }
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (res.status === 200) {
    // The server sent the whole file: usable, but say so (large layers need Range support).
    console.warn(`${url}: server ignores HTTP Range requests`)
    return { bytes: bytes.subarray(start, start + length), totalSize: bytes.length }
  }
  const total = /\/(\d+)$/.exec(res.headers.get('Content-Range') ?? '')
  return { bytes, totalSize: total ? Number(total[1]) : null }
}

/**
 * The size of a file from one HEAD request (for servers whose Range answers do not state the total), or null
 * when the server does not say it. A compressed answer's Content-Length is not the file's size.
 */
export async function fetchSize(url: string, signal?: AbortSignal): Promise<number | null> {
  const res = await fetch(url, { method: 'HEAD', signal, cache: 'no-store' })
  const length = res.headers.get('Content-Length')
  if (!res.ok || !/^\d+$/.test(length ?? '') || (res.headers.get('Content-Encoding') ?? 'identity') !== 'identity') return null
  return Number(length)
}
