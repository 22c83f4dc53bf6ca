// Print to scale: what the paper shows of the ground. The scale is defined on the UTM grid (EPSG:25832), as
// planners measure: at 1:1,000, 100 m of grid distance are 100 mm on paper. The map image comes from MapLibre in
// Web Mercator (spherical formulas on WGS84/ETRS89 lon/lat), so the grid distance is converted at the frame's
// centre: grid metres → ellipsoid metres (UTM point scale k) → Mercator metres. Web Mercator is not conformal on
// the ellipsoid: east–west it stretches by a/(N·cos φ), north–south by a/(M·cos φ) — 0.26 % apart at Soest — so
// the image is rendered square in Mercator and placed on paper with each axis at its own exact scale.

/** GRS80 (ETRS89); WGS84 differs by < 0.1 mm in these formulas. */
export const A = 6378137
const F = 1 / 298.257222101
const E2 = F * (2 - F)
const EP2 = E2 / (1 - E2)
const K0 = 0.9996
/** Central meridian of UTM zone 32. */
export const UTM32_LON0 = 9
const RAD = Math.PI / 180

export type LonLat = [number, number]

/** Radii of curvature at a latitude: M in the meridian, N in the prime vertical. */
export function radii(lat: number): { M: number; N: number } {
  const s = Math.sin(lat * RAD)
  const w = Math.sqrt(1 - E2 * s * s)
  return { N: A / w, M: (A * (1 - E2)) / (w * w * w) }
}

/** UTM point scale factor k (grid distance / ellipsoid distance) — Snyder (1987) 8-11. */
export function utmScaleFactor(lon: number, lat: number, lon0 = UTM32_LON0): number {
  const phi = lat * RAD
  const c = Math.cos(phi)
  const T = Math.tan(phi) ** 2
  const C = EP2 * c * c
  const a = (lon - lon0) * RAD * c
  return K0 * (1 + ((1 + C) * a ** 2) / 2 + ((5 - 4 * T + 42 * C + 13 * C * C - 28 * EP2) * a ** 4) / 24 + ((61 - 148 * T + 16 * T * T) * a ** 6) / 720)
}

/**
 * Meridian convergence of UTM in degrees: the angle from true north to grid north, clockwise positive. West of
 * the central meridian (Soest, 8.1° E) it is negative: grid north points a little west of true north.
 */
export function gridConvergence(lon: number, lat: number, lon0 = UTM32_LON0): number {
  const phi = lat * RAD
  const dl = (lon - lon0) * RAD
  const c = Math.cos(phi)
  const eta2 = EP2 * c * c
  return (dl * Math.sin(phi) * (1 + ((dl * c) ** 2 / 3) * (1 + 3 * eta2 + 2 * eta2 * eta2))) / RAD
}

/** Web Mercator metres per ellipsoid metre at a latitude, east–west and north–south. */
export function mercatorScale(lat: number): { east: number; north: number } {
  const { M, N } = radii(lat)
  const c = Math.cos(lat * RAD)
  return { east: A / (N * c), north: A / (M * c) }
}

export const mercX = (lon: number) => A * lon * RAD
export const mercY = (lat: number) => A * Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))
export const mercLon = (x: number) => x / A / RAD
export const mercLat = (y: number) => (2 * Math.atan(Math.exp(y / A)) - Math.PI / 2) / RAD

/** MapLibre's world is 512 CSS pixels wide at zoom 0. */
const WORLD_PX = 512

export interface FrameRequest {
  centre: LonLat
  /** Scale denominator (1000 for 1:1,000). */
  scale: number
  dpi: number
  /** The map box on paper, mm (the height is adjusted to whole pixels, see Frame.mapMm). */
  mapMm: { w: number; h: number }
}

export interface Frame {
  centre: LonLat
  scale: number
  /** The map image on paper, mm: the width as asked, the height within half a pixel of it. */
  mapMm: { w: number; h: number }
  /** Pixels of the image, CSS pixels of the (hidden) map and its pixel ratio: px = css × pixelRatio. */
  px: { w: number; h: number }
  css: { w: number; h: number }
  pixelRatio: number
  /** The MapLibre zoom that gives exactly this scale at the centre. */
  zoom: number
  /** Web Mercator metres per image pixel. */
  mercPerPx: number
  merc: { minX: number; minY: number; maxX: number; maxY: number }
  /** Corners in lon/lat: north-west, north-east, south-east, south-west. */
  corners: [LonLat, LonLat, LonLat, LonLat]
  /** UTM point scale factor and meridian convergence (degrees) at the centre. */
  k: number
  convergence: number
}

export function printFrame(r: FrameRequest): Frame {
  const [lon, lat] = r.centre
  const k = utmScaleFactor(lon, lat)
  const ms = mercatorScale(lat)
  // Mercator metres per paper millimetre: grid metres per mm → ellipsoid metres (÷k) → Mercator.
  const perMmX = ((r.scale / 1000) * ms.east) / k
  const perMmY = ((r.scale / 1000) * ms.north) / k
  // Whole CSS pixels at a whole pixel ratio, so the canvas has exactly the pixels computed here.
  const pixelRatio = Math.max(1, Math.round(r.dpi / 96))
  const cssW = Math.max(1, Math.round((r.mapMm.w / 25.4) * (r.dpi / pixelRatio)))
  const pxW = cssW * pixelRatio
  const mercPerPx = (r.mapMm.w * perMmX) / pxW
  const cssH = Math.max(1, Math.round((r.mapMm.h * perMmY) / mercPerPx / pixelRatio))
  const pxH = cssH * pixelRatio
  const cx = mercX(lon)
  const cy = mercY(lat)
  const halfW = (pxW * mercPerPx) / 2
  const halfH = (pxH * mercPerPx) / 2
  const merc = { minX: cx - halfW, minY: cy - halfH, maxX: cx + halfW, maxY: cy + halfH }
  const ll = (x: number, y: number): LonLat => [mercLon(x), mercLat(y)]
  return {
    centre: r.centre,
    scale: r.scale,
    mapMm: { w: r.mapMm.w, h: (pxH * mercPerPx) / perMmY },
    px: { w: pxW, h: pxH },
    css: { w: cssW, h: cssH },
    pixelRatio,
    zoom: Math.log2((2 * Math.PI * A) / (WORLD_PX * mercPerPx * pixelRatio)),
    mercPerPx,
    merc,
    corners: [ll(merc.minX, merc.maxY), ll(merc.maxX, merc.maxY), ll(merc.maxX, merc.minY), ll(merc.minX, merc.minY)],
    k,
    convergence: gridConvergence(lon, lat),
  }
}

/** The frame's centre moved by a fraction of its size (keyboard nudges: dx east, dy north). */
export function nudgedCentre(f: Frame, dx: number, dy: number): LonLat {
  const x = (f.merc.minX + f.merc.maxX) / 2 + dx * (f.merc.maxX - f.merc.minX)
  const y = (f.merc.minY + f.merc.maxY) / 2 + dy * (f.merc.maxY - f.merc.minY)
  return [mercLon(x), mercLat(y)]
}

export interface Tile {
  /** Offset and size in CSS pixels of the whole image. */
  x: number
  y: number
  w: number
  h: number
  /** The tile's centre in lon/lat, where the hidden map is centred to draw it. */
  centre: LonLat
}

/**
 * The image cut into tiles of at most maxPx canvas pixels a side (WebGL's and MapLibre's canvas limits), row by
 * row from the top left. Every tile is drawn by a map of the same CSS size (tileCss); edge tiles use its top left.
 */
export function printTiles(f: Frame, maxPx: number): { tileCss: { w: number; h: number }; tiles: Tile[] } {
  const maxCss = Math.max(1, Math.floor(maxPx / f.pixelRatio))
  const tileCss = { w: Math.min(maxCss, f.css.w), h: Math.min(maxCss, f.css.h) }
  const perCss = f.mercPerPx * f.pixelRatio
  const tiles: Tile[] = []
  for (let y = 0; y < f.css.h; y += tileCss.h)
    for (let x = 0; x < f.css.w; x += tileCss.w) {
      // The map drawing this tile is tileCss large with its top left at (x, y) of the image.
      const cx = f.merc.minX + (x + tileCss.w / 2) * perCss
      const cy = f.merc.maxY - (y + tileCss.h / 2) * perCss
      tiles.push({ x, y, w: Math.min(tileCss.w, f.css.w - x), h: Math.min(tileCss.h, f.css.h - y), centre: [mercLon(cx), mercLat(cy)] })
    }
  return { tileCss, tiles }
}
