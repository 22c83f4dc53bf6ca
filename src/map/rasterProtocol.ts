// MapLibre's protocols are global, but the portal may show more than one map (the compare tool's maps over the
// main map): each map's raster layers are served by its own RasterTileService. One protocol handler for all of
// them hands a tile to the newest service that holds its layer, so a second map neither takes the first one's
// tiles away nor removes the protocol when it closes.
import * as maplibregl from 'maplibre-gl'
import type { RasterTileService } from '../sources/raster/tiles.ts'

export const RASTER_PROTOCOL = 'geoportal-cog'
const services: RasterTileService[] = []

const handler = (params: { url: string }, abort: AbortController) => {
  const id = /^[a-z-]+:\/\/([^/]+)\//.exec(params.url)?.[1] ?? ''
  const service = services.findLast((s) => s.has(id)) ?? services[services.length - 1]
  return service.protocolHandler(params, abort)
}

/** Serves this service's layers through the protocol until the returned function is called. */
export function registerRasterService(service: RasterTileService): () => void {
  if (!services.length) {
    maplibregl.removeProtocol(RASTER_PROTOCOL)
    maplibregl.addProtocol(RASTER_PROTOCOL, handler as never)
  }
  services.push(service)
  return () => {
    const i = services.indexOf(service)
    if (i < 0) return
    services.splice(i, 1)
    if (!services.length) maplibregl.removeProtocol(RASTER_PROTOCOL)
  }
}
