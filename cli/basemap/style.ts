// The MapLibre style shipped with a self-hosted base map: the `light` flavour of @protomaps/basemaps with German
// labels, adapted to draw without any server: no `glyphs` (MapLibre then draws text with the browser's own fonts,
// taking the font stack as a CSS family, so the stack is `sans-serif`), no `sprite` (layers that only make sense
// with icons go; the town dots of place labels go, their text stays). The background is land-coloured.
import { layers, namedFlavor } from '@protomaps/basemaps'

/** The one vector source of the style; the portal points it at the archive (pmtiles protocol) when loading. */
export const BASEMAP_SOURCE = 'basemap'
export const LOCAL_FONT = 'sans-serif'

/** Layers drawn only with sprite icons (shields, one-way arrows, POI icons). */
const ICON_LAYERS = new Set(['roads_oneway', 'roads_shields', 'pois'])

export interface BasemapStyle {
  version: 8
  name: string
  metadata: Record<string, unknown>
  sources: Record<string, { type: 'vector'; url: string; attribution: string }>
  layers: Record<string, unknown>[]
}

/** @param archiveUrl the archive's path inside the catalog (basemaps/<id>/<id>.pmtiles) */
export function protomapsStyle(name: string, archiveUrl: string, attribution: string): BasemapStyle {
  const flavor = { ...namedFlavor('light'), regular: LOCAL_FONT, bold: LOCAL_FONT, italic: LOCAL_FONT }
  const out: Record<string, unknown>[] = []
  for (const layer of layers(BASEMAP_SOURCE, flavor, { lang: 'de' }) as unknown as Record<string, unknown>[]) {
    if (ICON_LAYERS.has(layer.id as string)) continue
    if (layer.id === 'background') {
      // Land beyond the archive's area too: a city's base map ends at its data, and a grey frame around the town
      // would read as "nothing here" (the sea and lakes are water polygons, drawn on top).
      out.push({ ...layer, paint: { 'background-color': flavor.earth } })
      continue
    }
    const layout = layer.layout as Record<string, unknown> | undefined
    if (layout && 'icon-image' in layout) {
      const rest = Object.fromEntries(Object.entries(layout).filter(([k]) => !k.startsWith('icon-')))
      out.push({ ...layer, layout: rest })
    } else out.push(layer)
  }
  return {
    version: 8,
    name,
    metadata: { 'geoportal:schema': 'protomaps', 'geoportal:flavor': 'light', 'geoportal:lang': 'de' },
    sources: { [BASEMAP_SOURCE]: { type: 'vector', url: `pmtiles://${archiveUrl}`, attribution } },
    layers: out,
  }
}
