// Raster tiles for MapLibre: Web-Mercator tile → EPSG:25832 footprint → fitting COG level → window → warp →
// colour. Registered as a custom protocol by the map; one instance per map (no module-level caches).
import type { RasterLayerEntry } from '../../model/catalog.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import { CogReader } from './read/cog.ts'
import { colorize } from './render/colorize.ts'
import { applyShade, hillshade } from './render/hillshade.ts'
import { coveringWindow, crop, inverseMap, sample, tileBoundsMercator, type TileId } from './render/warp.ts'

export const TILE_SIZE = 256

interface RasterLayer {
  entry: RasterLayerEntry
  url: string
  reader: Promise<CogReader>
}

export class RasterTileService {
  private readonly layers = new Map<string, RasterLayer>()

  constructor(
    private readonly projections: Projections,
    private readonly onError: (id: string, error: Error) => void = () => {},
  ) {}

  add(entry: RasterLayerEntry, url: string): void {
    if (this.layers.has(entry.id)) return
    const reader = CogReader.open(url)
    reader.catch((e: Error) => this.onError(entry.id, e))
    this.layers.set(entry.id, { entry, url, reader })
  }

  remove(id: string): void {
    this.layers.delete(id)
  }

  /** The raster's values warped into one Web-Mercator tile (NaN = no data), or null when it does not touch it. */
  async tileValues(id: string, t: TileId, signal?: AbortSignal): Promise<Float32Array | null> {
    return (await this.warp(id, t, 0, signal))?.values ?? null
  }

  /**
   * Warped values ((256 + 2·border)² of them) and the tile's ground resolution in metres. A border of one pixel
   * lets hillshading see across tile edges, so tiles join without seams.
   */
  private async warp(id: string, t: TileId, border: number, signal?: AbortSignal): Promise<{ values: Float32Array; resolution: number } | null> {
    const layer = this.layers.get(id)
    if (!layer) throw new Error(`unknown raster layer ${id}`)
    const reader = await layer.reader
    const mercToWork = this.projections.forward('EPSG:3857', WORK_CRS)
    const b = tileBoundsMercator(t)
    // Ground resolution of the tile at its centre latitude (Mercator scale factor is 1/cos φ).
    const lat = Math.atan(Math.sinh(((b[1] + b[3]) / 2) / 6378137))
    const targetRes = ((b[2] - b[0]) / TILE_SIZE) * Math.cos(lat)
    const level = reader.levelFor(targetRes)
    const map = inverseMap(t, TILE_SIZE, mercToWork, level, 16, border)
    const win = coveringWindow(map, level)
    if (!win) return null
    const data = await reader.readWindow(level, win, signal)
    const method = layer.entry.style.resampling ?? 'bilinear'
    const values = sample(map, { x0: win[0], y0: win[1], width: win[2] - win[0], height: win[3] - win[1], data }, level, reader.noData, method)
    return { values, resolution: targetRes }
  }

  /** Renders one tile as RGBA pixels, or null when the raster does not touch it. */
  async renderTile(id: string, t: TileId, signal?: AbortSignal): Promise<ImageData | null> {
    const style = this.layers.get(id)?.entry.style
    const border = style?.hillshade ? 1 : 0
    const warped = await this.warp(id, t, border, signal)
    if (!warped || !style) return null
    const values = crop(warped.values, TILE_SIZE, border)
    const rgba = colorize(values, style.ramp)
    if (style.hillshade) applyShade(rgba, crop(hillshade(warped.values, TILE_SIZE + 2 * border, warped.resolution), TILE_SIZE, border))
    return new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, TILE_SIZE, TILE_SIZE)
  }

  /** The raster value at a lon/lat position (full resolution), or null outside / nodata. */
  async valueAt(id: string, lon: number, lat: number): Promise<number | null> {
    const layer = this.layers.get(id)
    if (!layer) return null
    const reader = await layer.reader
    const [e, n] = this.projections.forward('EPSG:4326', WORK_CRS)([lon, lat])
    const l = reader.levels[0]
    const col = Math.floor((e - l.originX) / l.resolution)
    const row = Math.floor((l.originY - n) / l.resolution)
    if (col < 0 || row < 0 || col >= l.width || row >= l.height) return null
    const [v] = Array.from(await reader.readWindow(l, [col, row, col + 1, row + 1]))
    return Number.isNaN(v) || v === reader.noData ? null : v
  }

  /** MapLibre protocol handler for URLs like geoportal-cog://<layer>/<z>/<x>/<y>. */
  readonly protocolHandler = async (params: { url: string }, abort: AbortController) => {
    const m = /^[a-z-]+:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)/.exec(params.url)
    if (!m) throw new Error(`bad raster tile URL ${params.url}`)
    const [, id, z, x, y] = m
    let img: ImageData | null
    try {
      img = await this.renderTile(id, { z: +z, x: +x, y: +y }, abort.signal)
    } catch (e) {
      if ((e as Error).name !== 'AbortError') this.onError(id, e as Error)
      throw e
    }
    return { data: await createImageBitmap(img ?? new ImageData(TILE_SIZE, TILE_SIZE)) }
  }
}
