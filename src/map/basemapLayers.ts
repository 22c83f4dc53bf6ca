// The base map on the MapLibre map: its sources and layers (all ids prefixed, see src/basemap/style.ts) sit
// between the background and the catalog's layers. Switching removes that group and adds the next one, so the
// catalog's sources, loaded features, feature states and the raster protocol are never touched (a setStyle()
// would rebuild them all). Self-hosted archives are read through the pmtiles protocol over our RangeSource.
import * as maplibregl from 'maplibre-gl'
import { PMTiles, type Protocol } from 'pmtiles'
import { directParts, isBasemapId, pmtilesParts, remoteStyleParts, type BasemapParts } from '../basemap/style.ts'
import { pmtilesSource } from '../basemap/pmtilesSource.ts'
import { HttpRangeSource } from '../io/http.ts'
import { sharedPmtilesProtocol, takePrefetchedStyle } from '../basemap/prefetch.ts'
import { withTimeout } from '../io/timeout.ts'
import type { BasemapDefinition } from '../model/basemap.ts'

export type BasemapStatus = { state: 'none' } | { state: 'loading'; id: string } | { state: 'ready'; id: string } | { state: 'error'; id: string; message: string }

const PMTILES_PROTOCOL = 'pmtiles'
let registered = false

/** MapLibre's protocols are global: one pmtiles protocol for every map (the one the early prefetch opened its
 * archive in, src/basemap/prefetch.ts), archives added as they are shown. */
function pmtilesProtocol(): Protocol {
  const protocol = sharedPmtilesProtocol()
  if (!registered) {
    maplibregl.addProtocol(PMTILES_PROTOCOL, protocol.tile as never)
    registered = true
  }
  return protocol
}

export class BasemapLayers {
  private generation = 0
  private current: BasemapDefinition | null = null
  private failed = false
  /** A style file is being fetched: the map is not settled yet although MapLibre may report idle. */
  pending = false

  constructor(
    private readonly map: maplibregl.Map,
    private readonly catalogUrl: string,
    private readonly onStatus: (s: BasemapStatus) => void,
    private readonly timeoutMs = 20_000,
  ) {}

  /** Shows a base map (null: none) instead of the current one. A newer call wins. */
  async show(def: BasemapDefinition | null): Promise<void> {
    const generation = ++this.generation
    this.current = def
    this.failed = false
    this.remove()
    if (!def) return this.onStatus({ state: 'none' })
    this.onStatus({ state: 'loading', id: def.id })
    this.pending = true
    try {
      const parts = await this.parts(def)
      if (generation !== this.generation) return
      this.add(parts)
      this.onStatus({ state: 'ready', id: def.id })
    } catch (e) {
      if (generation === this.generation) this.fail((e as Error).message)
    } finally {
      if (generation === this.generation) {
        this.pending = false
        this.map.triggerRepaint()
      }
    }
  }

  /** The map is going away: a style file still on its way is dropped. */
  dispose(): void {
    this.generation++
    this.current = null
    this.pending = false
  }

  /** A MapLibre error of one of our sources (a tile or the archive could not be read). */
  sourceError(message: string): void {
    if (this.current && !this.failed) this.fail(message)
  }

  private fail(message: string) {
    const def = this.current
    if (!def) return
    this.failed = true
    // A source that failed to load triggers no new frame by itself, and the map's idle event comes from a frame.
    this.map.triggerRepaint()
    // pmtiles' own messages ("Wrong magic number for PMTiles archive") do not say which file.
    const file = def.kind === 'pmtiles' ? def.url.split('/').pop()! : ''
    this.onStatus({ state: 'error', id: def.id, message: file && !message.includes(file) ? `${file}: ${message}` : message })
  }

  private async fetchJson(url: string, what: string): Promise<unknown> {
    const load = async () => {
      const res = await (takePrefetchedStyle(url) ?? fetch(url, { credentials: 'omit' }))
      if (!res.ok) throw new Error(`${what}: HTTP ${res.status}`)
      try {
        return (await res.json()) as unknown
      } catch {
        throw new Error(`${what} is not JSON`)
      }
    }
    return withTimeout(load(), this.timeoutMs, what)
  }

  private async parts(def: BasemapDefinition): Promise<BasemapParts> {
    const direct = directParts(def)
    if (direct) return direct
    if (def.kind === 'pmtiles') {
      const archive = new URL(def.url, this.catalogUrl).href
      const style = await this.fetchJson(new URL(def.style, this.catalogUrl).href, def.style)
      const p = pmtilesProtocol()
      if (!p.get(archive)) p.add(new PMTiles(pmtilesSource(new HttpRangeSource(archive, { timeoutMs: this.timeoutMs }))))
      return pmtilesParts(def, style, archive)
    }
    if (def.kind === 'style') return remoteStyleParts(def, await this.fetchJson(def.url, def.url))
    throw new Error(`unknown base map kind`)
  }

  private add(parts: BasemapParts) {
    // Below the first layer that is not the background or the base map: the catalog's layers stay on top.
    const before = this.map.getStyle().layers.find((l) => l.id !== 'background' && !isBasemapId(l.id))?.id
    for (const [id, s] of Object.entries(parts.sources)) this.map.addSource(id, s)
    for (const l of parts.layers) this.map.addLayer(l, before)
    if (parts.sprite) this.map.setSprite(parts.sprite)
  }

  private remove() {
    const style = this.map.getStyle()
    for (const l of style.layers) if (isBasemapId(l.id)) this.map.removeLayer(l.id)
    for (const id of Object.keys(style.sources)) if (isBasemapId(id)) this.map.removeSource(id)
    if (style.sprite) this.map.setSprite(null)
  }
}
