// Raster tiles for MapLibre: Web-Mercator tile → EPSG:25832 footprint → fitting COG level → window → warp →
// colour (by the style's kind: ramp over values, the RGB(A) pixels' own colours, or a palette). Registered as a
// custom protocol by the map; one instance per map (no module-level caches).
import type { RasterLayerEntry } from '../../model/catalog.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import type { CogReader } from './read/cog.ts'
import type { TileId } from './render/warp.ts'
// RGB and palette drawing is loaded with the first such tile (like geotiff.js), not with the first map view.
const rgbRender = () => import('./render/rgb.ts')
// Reading and drawing code: loaded with the first raster layer, not with every first view.
const work = () => import('./work.ts')

export const TILE_SIZE = 256

interface RasterLayer {
  entry: RasterLayerEntry
  url: string
  reader: Promise<CogReader>
}

/**
 * The file must be the one the catalog describes: a replaced or half-uploaded file with another size or place
 * would otherwise draw nothing (or the wrong thing) without a word.
 */
export function checkMatchesEntry(reader: CogReader, entry: Pick<RasterLayerEntry, 'width' | 'height' | 'bands'>, url: string): CogReader {
  const full = reader.levels[0]
  const name = url.split('/').pop()
  if (typeof entry.width === 'number' && (full.width !== entry.width || full.height !== entry.height)) {
    throw new Error(`${name} does not match the catalog: ${full.width}×${full.height} pixels, the catalog says ${entry.width}×${entry.height}`)
  }
  if (typeof entry.bands === 'number' && reader.samples !== entry.bands) throw new Error(`${name} does not match the catalog: ${reader.samples} bands, the catalog says ${entry.bands}`)
  return reader
}

/**
 * Stored values → physical values (e.g. Int16 decimetres × 0.1 → metres), in place, so the ramp, the hillshade's
 * slopes and the readout all work in the unit the catalog states. NaN (no data) stays NaN.
 */
export function toPhysical(values: Float32Array, entry: Pick<RasterLayerEntry, 'scale' | 'offset'>): void {
  const scale = entry.scale ?? 1
  const offset = entry.offset ?? 0
  if (scale === 1 && offset === 0) return
  for (let i = 0; i < values.length; i++) values[i] = values[i] * scale + offset
}

export class RasterTileService {
  private readonly layers = new Map<string, RasterLayer>()

  constructor(
    private readonly projections: Projections,
    private readonly onError: (id: string, error: Error) => void = () => {},
  ) {}

  add(entry: RasterLayerEntry, url: string): void {
    if (this.layers.has(entry.id)) return
    const reader = work().then((w) => w.CogReader.open(url)).then((r) => checkMatchesEntry(r, entry, url))
    reader.catch((e: Error) => this.onError(entry.id, e))
    this.layers.set(entry.id, { entry, url, reader })
  }

  remove(id: string): void {
    this.layers.delete(id)
  }

  has(id: string): boolean {
    return this.layers.has(id)
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
    const f = await this.footprint(layer, t, border)
    if (!f) return null
    const { reader, level, map, win } = f
    const { sample } = await work()
    const data = await reader.readWindow(level, win, signal)
    const method = layer.entry.style.resampling ?? 'bilinear'
    const values = sample(map, { x0: win[0], y0: win[1], width: win[2] - win[0], height: win[3] - win[1], data }, level, reader.noData, method)
    toPhysical(values, layer.entry)
    return { values, resolution: f.resolution }
  }

  /** Tile → fitting level, inverse mapping of its pixels and the source window they need (null: not touched). */
  private async footprint(layer: RasterLayer, t: TileId, border: number) {
    const reader = await layer.reader
    const { coveringWindow, inverseMap, tileBoundsMercator } = await work()
    const mercToWork = this.projections.forward('EPSG:3857', WORK_CRS)
    const b = tileBoundsMercator(t)
    // Ground resolution of the tile at its centre latitude (Mercator scale factor is 1/cos φ).
    const lat = Math.atan(Math.sinh(((b[1] + b[3]) / 2) / 6378137))
    const resolution = ((b[2] - b[0]) / TILE_SIZE) * Math.cos(lat)
    const level = reader.levelFor(resolution)
    const map = inverseMap(t, TILE_SIZE, mercToWork, level, 16, border)
    const win = coveringWindow(map, level)
    return win ? { reader, level, map, win, resolution } : null
  }

  /** An RGB(A) tile: every channel sampled at the same mapped positions as single-band values are. */
  private async rgbTile(layer: RasterLayer, t: TileId, signal?: AbortSignal): Promise<Uint8ClampedArray | null> {
    const f = await this.footprint(layer, t, 0)
    if (!f) return null
    const { reader, level, map, win } = f
    if (reader.samples < 3) throw new Error(`${layer.entry.id}: the style says RGB, but the file has ${reader.samples} band(s)`)
    const data = await reader.readPixels(level, win, signal)
    const { sampleRgb } = await rgbRender()
    return sampleRgb(map, { x0: win[0], y0: win[1], width: win[2] - win[0], height: win[3] - win[1], data, samples: reader.samples }, level, reader.noData, reader.alpha, layer.entry.style.resampling ?? 'bilinear')
  }

  /** Renders one tile as ImageData, or null when the raster does not touch it. */
  async renderTile(id: string, t: TileId, signal?: AbortSignal): Promise<ImageData | null> {
    const rgba = await this.tilePixels(id, t, signal)
    return rgba && new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, TILE_SIZE, TILE_SIZE)
  }

  /** One tile's RGBA pixels (256² × 4) as the layer's style draws them, or null when the raster does not touch it. */
  async tilePixels(id: string, t: TileId, signal?: AbortSignal): Promise<Uint8ClampedArray | null> {
    const layer = this.layers.get(id)
    const style = layer?.entry.style
    const { applyShade, colorize, crop, hillshade, sample } = await work()
    if (layer && style?.kind === 'rgb') return this.rgbTile(layer, t, signal)
    if (layer && style?.kind === 'palette') {
      const f = await this.footprint(layer, t, 0)
      if (!f) return null
      const data = await f.reader.readWindow(f.level, f.win, signal)
      // Indices are classes: always nearest, whatever the style says.
      const values = sample(f.map, { x0: f.win[0], y0: f.win[1], width: f.win[2] - f.win[0], height: f.win[3] - f.win[1], data }, f.level, f.reader.noData, 'nearest')
      const { colorizePalette } = await rgbRender()
      return colorizePalette(values, style.palette ?? [])
    }
    const border = style?.hillshade ? 1 : 0
    const warped = await this.warp(id, t, border, signal)
    if (!warped || !style) return null
    const values = crop(warped.values, TILE_SIZE, border)
    const rgba = colorize(values, style.ramp)
    if (style.hillshade) applyShade(rgba, crop(hillshade(warped.values, TILE_SIZE + 2 * border, warped.resolution), TILE_SIZE, border))
    return rgba
  }

  /** The raster value at a lon/lat position (full resolution, physical), or null outside / nodata. Band 1 of multi-band rasters. */
  async valueAt(id: string, lon: number, lat: number): Promise<number | null> {
    return (await this.valuesAt(id, lon, lat))?.[0] ?? null
  }

  /**
   * Every band's value at a lon/lat position (full resolution): [v], [R, G, B] or [R, G, B, A]; null outside,
   * at nodata (RGB: all three colour bands nodata) and where alpha is 0 — wherever the map draws nothing.
   */
  async valuesAt(id: string, lon: number, lat: number): Promise<number[] | null> {
    const layer = this.layers.get(id)
    if (!layer) return null
    const reader = await layer.reader
    const [e, n] = this.projections.forward('EPSG:4326', WORK_CRS)([lon, lat])
    const l = reader.levels[0]
    const col = Math.floor((e - l.originX) / l.resolution)
    const row = Math.floor((l.originY - n) / l.resolution)
    if (col < 0 || row < 0 || col >= l.width || row >= l.height) return null
    const win: [number, number, number, number] = [col, row, col + 1, row + 1]
    if (reader.samples === 1) {
      const [v] = Array.from(await reader.readWindow(l, win))
      return Number.isNaN(v) || v === reader.noData ? null : [v * (layer.entry.scale ?? 1) + (layer.entry.offset ?? 0)]
    }
    const v = Array.from(await reader.readPixels(l, win))
    if (reader.alpha && v[3] === 0) return null
    if (reader.noData !== null && v.slice(0, 3).every((x) => x === reader.noData)) return null
    return v
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
