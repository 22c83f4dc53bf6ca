// The raster reading and drawing code behind RasterTileService, loaded with the first raster layer: a view
// without one (the demo's start view) does not load it (issue #21).
export { CogReader } from './read/cog.ts'
export { colorize } from './render/colorize.ts'
export { applyShade, hillshade } from './render/hillshade.ts'
export { coveringWindow, crop, inverseMap, sample, tileBoundsMercator } from './render/warp.ts'
