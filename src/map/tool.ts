// The contract between the map and the planners' tools (measure, coordinates, selection …): a tool is a plain
// object that attaches to the MapLibre map and adds its own sources, layers and listeners; MapController
// (attachTool) keeps tools above the catalog's layers' lifecycle and turns feature information off while a tool
// takes clicks. Tool logic that needs no map (geodesy, parsing, filtering) lives in src/tools/, React parts in
// src/ui/tools/.
import type * as maplibregl from 'maplibre-gl'

export interface MapTool {
  /** While attached and true, a click on the map belongs to the tool, not to feature information. */
  readonly capturesClicks?: boolean
  /** Adds the tool's sources, layers and listeners. Called once the map's style has loaded. */
  attach(map: maplibregl.Map): void
  /** Removes everything attach added. */
  detach(map: maplibregl.Map): void
}
