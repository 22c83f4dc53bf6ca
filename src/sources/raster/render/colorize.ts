// Values → RGBA through a colour ramp (linear between stops); NaN is transparent.

export type Ramp = [number, string][]

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

/** Precomputes a 256-entry lookup table over the ramp's value range. */
export function rampLookup(ramp: Ramp): { lut: Uint8Array; min: number; max: number } {
  const stops = ramp.map(([v, c]) => [v, ...hexToRgb(c)] as const)
  const min = stops[0][0]
  const max = stops[stops.length - 1][0]
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) {
    const v = min + ((max - min) * i) / 255
    let k = 0
    while (k < stops.length - 2 && v > stops[k + 1][0]) k++
    const [v0, r0, g0, b0] = stops[k]
    const [v1, r1, g1, b1] = stops[Math.min(k + 1, stops.length - 1)]
    const f = v1 > v0 ? Math.min(1, Math.max(0, (v - v0) / (v1 - v0))) : 0
    lut[i * 3] = Math.round(r0 + (r1 - r0) * f)
    lut[i * 3 + 1] = Math.round(g0 + (g1 - g0) * f)
    lut[i * 3 + 2] = Math.round(b0 + (b1 - b0) * f)
  }
  return { lut, min, max }
}

export function colorize(values: Float32Array, ramp: Ramp): Uint8ClampedArray {
  const { lut, min, max } = rampLookup(ramp)
  const out = new Uint8ClampedArray(values.length * 4)
  const scale = max > min ? 255 / (max - min) : 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    const k = Math.max(0, Math.min(255, Math.round((v - min) * scale))) * 3
    out[i * 4] = lut[k]
    out[i * 4 + 1] = lut[k + 1]
    out[i * 4 + 2] = lut[k + 2]
    out[i * 4 + 3] = 255
  }
  return out
}
