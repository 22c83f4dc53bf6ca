// Hillshade by Horn's method (as gdaldem hillshade): slope and aspect from a 3×3 neighbourhood, lit from the
// north-west at 45° by default. Pure; works on the warped tile, so its cell size is the tile's ground resolution.

export interface HillshadeOptions {
  /** Light direction, degrees clockwise from north. */
  azimuth?: number
  /** Light height above the horizon, degrees. */
  altitude?: number
  /** Vertical exaggeration. */
  zFactor?: number
}

/** Shade 0…1 per pixel (NaN where the value is nodata). Neighbours outside or nodata take the centre value. */
export function hillshade(values: Float32Array, width: number, cellSize: number, opts: HillshadeOptions = {}): Float32Array {
  const height = values.length / width
  const zenith = ((90 - (opts.altitude ?? 45)) * Math.PI) / 180
  const azimuth = (((360 - (opts.azimuth ?? 315) + 90) % 360) * Math.PI) / 180
  const z = opts.zFactor ?? 1
  const out = new Float32Array(values.length)
  const cosZ = Math.cos(zenith)
  const sinZ = Math.sin(zenith)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const c = values[i]
      if (Number.isNaN(c)) {
        out[i] = NaN
        continue
      }
      const v = (dx: number, dy: number) => {
        const xx = x + dx
        const yy = y + dy
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) return c
        const n = values[yy * width + xx]
        return Number.isNaN(n) ? c : n
      }
      const a = v(-1, -1), b = v(0, -1), cc = v(1, -1)
      const d = v(-1, 0), f = v(1, 0)
      const g = v(-1, 1), h = v(0, 1), k = v(1, 1)
      const dzdx = ((cc + 2 * f + k) - (a + 2 * d + g)) / (8 * cellSize)
      const dzdy = ((g + 2 * h + k) - (a + 2 * b + cc)) / (8 * cellSize)
      const slope = Math.atan(z * Math.hypot(dzdx, dzdy))
      const aspect = Math.atan2(dzdy, -dzdx)
      const s = cosZ * Math.cos(slope) + sinZ * Math.sin(slope) * Math.cos(azimuth - aspect)
      out[i] = Math.max(0, s)
    }
  }
  return out
}

/** Multiplies RGBA colours by the shade, softened so flat land keeps its colour (shade of flat = 1). */
export function applyShade(rgba: Uint8ClampedArray, shade: Float32Array, flat = Math.cos(Math.PI / 4)): Uint8ClampedArray {
  for (let i = 0; i < shade.length; i++) {
    const s = shade[i]
    if (Number.isNaN(s)) continue
    const m = Math.min(1.25, 0.35 + 0.65 * (s / flat))
    rgba[i * 4] *= m
    rgba[i * 4 + 1] *= m
    rgba[i * 4 + 2] *= m
  }
  return rgba
}
