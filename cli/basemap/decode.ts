// Reading our own archives back as GeoJSON per tile (tests, the real-data check, the benchmark): the pmtiles
// reader finds the tile, @mapbox/vector-tile (MapLibre's own decoder) decodes it.
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import type { PMTiles } from 'pmtiles'

export { tileOf } from './build.ts'

export interface DecodedFeature {
  layer: string
  type: string
  properties: Record<string, string | number | boolean>
  /** GeoJSON geometry in lon/lat. */
  geometry: { type: string; coordinates: unknown }
}

/** The features of tile z/x/y (empty when the archive has no such tile). */
export async function decodeTile(archive: PMTiles, z: number, x: number, y: number): Promise<DecodedFeature[]> {
  const t = await archive.getZxy(z, x, y)
  if (!t) return []
  const tile = new VectorTile(new PbfReader(new Uint8Array(t.data)))
  const out: DecodedFeature[] = []
  for (const [name, layer] of Object.entries(tile.layers)) {
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i).toGeoJSON(x, y, z)
      out.push({ layer: name, type: f.geometry.type, properties: f.properties as DecodedFeature['properties'], geometry: f.geometry as DecodedFeature['geometry'] })
    }
  }
  return out
}
