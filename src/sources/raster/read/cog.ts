// Reading windows from a (Cloud-Optimized) GeoTIFF over HTTP Range requests with geotiff.js.
// Only I/O and level bookkeeping here; drawing is in ../render. geotiff.js (with its decoders) is loaded on
// demand when the first raster layer opens, so it stays out of the JavaScript needed for the first map view.
import type { GeoTIFF, GeoTIFFImage } from 'geotiff'
import { withTimeout } from '../../../io/timeout.ts'
import type { LevelGrid } from '../render/warp.ts'
import { geoRef } from './georef.ts'

export interface CogLevel extends LevelGrid {
  image: GeoTIFFImage
}

/** Rasters beyond these limits are refused rather than risking the tab's memory. */
export const MAX_WINDOW_PIXELS = 4096 * 4096

export class CogReader {
  private constructor(
    readonly url: string,
    readonly levels: CogLevel[],
    readonly noData: number | null,
    private readonly timeoutMs: number,
  ) {}

  static async open(url: string, timeoutMs = 20_000, signal?: AbortSignal): Promise<CogReader> {
    const name = url.split('/').pop()
    const open = async () => {
      const { fromUrl } = await import('geotiff')
      const tiff: GeoTIFF = await fromUrl(url, {}, signal)
      const count = await tiff.getImageCount()
      const first = await tiff.getImage(0)
      const { originX, originY, resX } = geoRef(first)
      const levels: CogLevel[] = []
      for (let i = 0; i < count; i++) {
        const image = i === 0 ? first : await tiff.getImage(i)
        // Masks are separate IFDs with their own subfile type; only reduced-resolution images are levels.
        if (i > 0 && (Number(image.fileDirectory.getValue('NewSubfileType') ?? 0) & 4) !== 0) continue
        const width = image.getWidth()
        const height = image.getHeight()
        levels.push({ image, originX, originY, resolution: (resX * first.getWidth()) / width, width, height })
      }
      return new CogReader(url, levels, first.getGDALNoData(), timeoutMs)
    }
    return withTimeout(open(), timeoutMs, `${name}`, signal)
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
    const read = level.image.readRasters({ window: win, samples: [0], interleave: false, signal }) as Promise<unknown>
    const bands = (await withTimeout(read, this.timeoutMs, `${this.url.split('/').pop()}`, signal)) as ArrayLike<number>[]
    return bands[0]
  }
}
