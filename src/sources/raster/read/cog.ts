// Reading windows from a (Cloud-Optimized) GeoTIFF over HTTP Range requests with geotiff.js.
// Only I/O and level bookkeeping here; drawing is in ../render. geotiff.js (with its decoders) is loaded on
// demand when the first raster layer opens, so it stays out of the JavaScript needed for the first map view.
import type { BaseClient, BaseResponse, GeoTIFF, GeoTIFFImage } from 'geotiff'
import { HttpRangeSource, type RangeSource } from '../../../io/http.ts'
import { withTimeout } from '../../../io/timeout.ts'
import type { LevelGrid } from '../render/warp.ts'
import { geoRef } from './georef.ts'
import { boundDecoders } from './decode/register.ts'
import { BlockLimitError } from './decode/limits.ts'

export interface CogLevel extends LevelGrid {
  image: GeoTIFFImage
}

/** Rasters beyond these limits are refused rather than risking the tab's memory. */
export const MAX_WINDOW_PIXELS = 4096 * 4096
/** Full resolution and overviews: a COG of 2^32 × 2^32 pixels has 24 halvings; masks double that. */
export const MAX_IMAGES = 64

export class CogReader {
  private constructor(
    readonly url: string,
    readonly levels: CogLevel[],
    readonly noData: number | null,
    private readonly timeoutMs: number,
    /** Samples per pixel: 1 (values, palette indices), 3 (RGB) or 4 (RGBA). */
    readonly samples = 1,
    /** The 4th sample is unassociated alpha (ExtraSamples = 2). */
    readonly alpha = false,
  ) {}

  /** Opens a COG by URL, or through any RangeSource (the publisher's `check` reads files with FileRangeSource). */
  static async open(from: string | RangeSource, timeoutMs = 20_000, signal?: AbortSignal): Promise<CogReader> {
    const source = typeof from === 'string' ? new HttpRangeSource(from) : from
    const url = source.key
    const name = url.split('/').pop()
    const open = async () => {
      const geotiff = await import('geotiff')
      boundDecoders(geotiff)
      const tiff: GeoTIFF = await geotiff.fromCustomClient(noStoreClient(geotiff, source), {}, signal)
      const first = await tiff.getImage(0)
      const { originX, originY, resX } = geoRef(first)
      const levels: CogLevel[] = []
      // Not getImageCount(): an IFD chain that links back to itself (found by test/fuzz) makes it read forever.
      for (let i = 0; ; i++) {
        if (i >= MAX_IMAGES) throw new Error(`has a damaged header (more than ${MAX_IMAGES} images: does its IFD chain loop?)`)
        let image: GeoTIFFImage
        try {
          image = i === 0 ? first : await tiff.getImage(i)
        } catch (e) {
          if (String((e as Error)?.message).startsWith('No image at index')) break
          throw e
        }
        // Masks are separate IFDs with their own subfile type; only reduced-resolution images are levels.
        if (i > 0 && (Number(image.fileDirectory.getValue('NewSubfileType') ?? 0) & 4) !== 0) continue
        const width = image.getWidth()
        const height = image.getHeight()
        const resolution = (resX * first.getWidth()) / width
        // Damaged headers (found by test/fuzz) give sizes or georeferencing the maths below cannot use.
        if (!(width >= 1 && height >= 1 && Number.isFinite(resolution) && resolution > 0 && Number.isFinite(originX) && Number.isFinite(originY))) {
          throw new Error(`has a damaged header (image ${i}: ${width}×${height} pixels of ${resolution} m at ${originX}, ${originY})`)
        }
        levels.push({ image, originX, originY, resolution, width, height })
      }
      const samples = first.getSamplesPerPixel()
      const extra = Array.from((first.fileDirectory.getValue('ExtraSamples') as ArrayLike<number> | undefined) ?? [])
      return new CogReader(url, levels, first.getGDALNoData(), timeoutMs, samples, samples >= 4 && extra[0] === 2)
    }
    return withTimeout(open().catch((e) => Promise.reject(unreadable(name, e, 'is not a readable GeoTIFF'))), timeoutMs, `${name}`, signal)
  }

  /** The coarsest level whose pixels are still at least as fine as the target resolution (metres). */
  levelFor(targetResolution: number): CogLevel {
    let best = this.levels[0]
    for (const l of this.levels) if (l.resolution <= targetResolution * 1.0001 && l.resolution >= best.resolution) best = l
    return best
  }

  async readWindow(level: CogLevel, win: [number, number, number, number], signal?: AbortSignal): Promise<ArrayLike<number>> {
    const pixels = (win[2] - win[0]) * (win[3] - win[1])
    if (pixels > MAX_WINDOW_PIXELS) throw new Error(`window of ${pixels} pixels exceeds the limit`)
    const name = this.url.split('/').pop()
    const read = (level.image.readRasters({ window: win, samples: [0], interleave: false, signal }) as Promise<unknown>).catch((e) =>
      Promise.reject(unreadable(name, e, 'is damaged: its pixel data cannot be read')),
    )
    const bands = (await withTimeout(read, this.timeoutMs, `${name}`, signal)) as ArrayLike<number>[]
    return bands[0]
  }

  /**
   * All samples of a window, pixel-interleaved (R, G, B[, A] per pixel) — how our COGs store them, so no
   * reordering. For multi-band rasters; single-band ones use readWindow.
   */
  async readPixels(level: CogLevel, win: [number, number, number, number], signal?: AbortSignal): Promise<ArrayLike<number>> {
    const pixels = (win[2] - win[0]) * (win[3] - win[1])
    if (pixels > MAX_WINDOW_PIXELS) throw new Error(`window of ${pixels} pixels exceeds the limit`)
    const name = this.url.split('/').pop()
    const read = (level.image.readRasters({ window: win, interleave: true, signal }) as Promise<unknown>).catch((e) =>
      Promise.reject(unreadable(name, e, 'is damaged: its pixel data cannot be read')),
    )
    return (await withTimeout(read, this.timeoutMs, `${name}`, signal)) as ArrayLike<number>
  }
}

/**
 * A parser's own failure ("Offset is outside the bounds of the DataView", or a bare string from the inflate
 * code) as an Error that names the file; aborts pass through unchanged.
 */
function unreadable(name: string | undefined, e: unknown, what: string): unknown {
  if ((e as Error)?.name === 'AbortError') return e
  const message = e instanceof Error ? e.message : String(e)
  if (e instanceof BlockLimitError) return new Error(`${name} is refused: ${message}`)
  return new Error(message.startsWith('has a damaged header') ? `${name} ${message}` : `${name} ${what} (${message})`)
}

/** Range answers kept per file by the client below (least recently used dropped first). */
const RANGE_CACHE_BYTES = 32 * 1024 * 1024

interface Fetched {
  status: number
  headers: Headers
  data: ArrayBuffer
}

/**
 * geotiff.js's fetch client, with two changes. Range reads bypass the browser's HTTP cache (cache: 'no-store', as
 * every HttpRangeSource read does):
 * Chromium's in-memory HTTP cache (private windows, fresh browser contexts) returns overlapping range reads of
 * one file truncated at a 4 KiB boundary while declaring the full length — corrupt tiles ("buffer error") as
 * soon as the layer files are cacheable, as the deployment makes them (immutable, with ETag) — and lets only one
 * request per URL use the cache at a time. And it answers a range it has already read (or is reading) itself:
 * neighbouring tiles need the same blocks, and tiles the map cancels are often asked for again, so without this
 * the demo raster's first view read 13 distinct ranges 47 times. A cancelled tile stops waiting, not the read.
 * Offline copies come from the service worker.
 */
function noStoreClient(geotiff: { BaseClient: typeof BaseClient; BaseResponse: typeof BaseResponse }, source: RangeSource): BaseClient {
  // The reads themselves go through the project's one byte-range interface (src/io/source.ts).
  class Answer extends geotiff.BaseResponse {
    constructor(private readonly fetched: Fetched) {
      super()
    }
    override get status() {
      return this.fetched.status
    }
    override getHeader(name: string) {
      return this.fetched.headers.get(name) ?? undefined
    }
    override async getData() {
      return this.fetched.data.slice(0)
    }
  }
  class Client extends geotiff.BaseClient {
    private readonly answers = new Map<string, Promise<Fetched>>()
    private readonly sizes = new Map<string, number>()
    private bytes = 0

    override async request({ headers, signal }: RequestInit = {}) {
      const key = new Headers(headers).get('Range') ?? ''
      let answer = this.answers.get(key)
      if (answer) {
        // Most recently used last.
        this.answers.delete(key)
        this.answers.set(key, answer)
      } else {
        answer = rangeAnswer(source, key)
        this.answers.set(key, answer)
        answer.then(
          (f) => (f.status === 200 || f.status === 206 ? this.keep(key, f.data.byteLength) : this.forget(key)),
          () => this.forget(key),
        )
      }
      return new Answer(await untilAborted(answer, signal))
    }

    private keep(key: string, size: number) {
      if (!this.answers.has(key)) return
      this.sizes.set(key, size)
      this.bytes += size
      for (const k of this.answers.keys()) {
        if (this.bytes <= RANGE_CACHE_BYTES) break
        if (this.sizes.has(k) && k !== key) this.forget(k)
      }
    }

    private forget(key: string) {
      this.answers.delete(key)
      this.bytes -= this.sizes.get(key) ?? 0
      this.sizes.delete(key)
    }
  }
  return new Client(source.key)
}

/**
 * One Range request of geotiff.js (it asks for one range at a time: RemoteSource.fetchSlice) answered from a
 * RangeSource, in the shape of the 206 answer geotiff expects (it takes the file size from Content-Range).
 */
async function rangeAnswer(source: RangeSource, range: string): Promise<Fetched> {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range)
  if (!m) throw new Error(`unsupported range request "${range}"`)
  const start = Number(m[1])
  const { bytes, totalSize } = await source.read(start, Number(m[2]) - start + 1)
  const headers = new Headers({ 'Content-Range': `bytes ${start}-${start + bytes.length - 1}/${totalSize ?? '*'}` })
  return { status: 206, headers, data: bytes.slice().buffer }
}

/** The promise's value, or an AbortError as soon as the signal fires (the promise itself runs on). */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  if (!signal) return p
  if (signal.aborted) return Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('The operation was aborted.', 'AbortError'))
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
