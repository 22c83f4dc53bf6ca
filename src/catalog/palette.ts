// Default colours for layers published without a style: distinct across the catalog, also for colour-vision
// deficiencies, and readable on the light base maps. Pure; the publisher calls it inside the catalog lock.
import type { LayerEntry, VectorStyle } from '../model/catalog.ts'

/**
 * Seven colours from Paul Tol's "muted" and "medium-contrast" schemes and Okabe–Ito's vermillion. Chosen by the
 * largest smallest difference (CIE ΔE76) between any two of them in normal vision and simulated protanopia,
 * deuteranopia and tritanopia (Machado 2009), among those schemes' colours with at least 3:1 contrast to white
 * (the roads and point halos of the base map; WCAG 1.4.11). Eight or more colours fell below ΔE 15 for some
 * deficiency, so the eighth layer reuses the colour farthest from what is on the map. Listed farthest-first, so
 * an empty catalog starts with vermillion, then indigo, light blue, wine … No light yellows or cyans (they vanish
 * on the base map's land and water), and no magenta or amber (the portal's highlight and place mark).
 */
export const DEFAULT_PALETTE = ['#D55E00', '#332288', '#6699CC', '#882255', '#CC6677', '#117733', '#AA4499'] as const

type Rgb = [number, number, number]

const linear = (c: number) => {
  const v = c / 255
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
}

function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  return m ? [linear(parseInt(m[1], 16)), linear(parseInt(m[2], 16)), linear(parseInt(m[3], 16))] : null
}

/** Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB. */
const VISION: Record<'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia', number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
}
export type Vision = keyof typeof VISION
export const VISIONS = Object.keys(VISION) as Vision[]

function lab([r, g, b]: Rgb): Rgb {
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047)
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)]
}

function seen(c: Rgb, vision: Vision): Rgb {
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  return VISION[vision].map((row) => clamp(row[0] * c[0] + row[1] * c[1] + row[2] * c[2])) as Rgb
}

/** CIE ΔE76 between two #rrggbb colours as seen with the given vision; NaN for anything that is no such colour. */
export function deltaE(a: string, b: string, vision: Vision = 'normal'): number {
  const x = parseHex(a)
  const y = parseHex(b)
  if (!x || !y) return Number.NaN
  const [l1, a1, b1] = lab(seen(x, vision))
  const [l2, a2, b2] = lab(seen(y, vision))
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2)
}

/** The smallest ΔE over normal vision and the three dichromacies: how well everyone tells the two apart. */
export const cvdDistance = (a: string, b: string) => Math.min(...VISIONS.map((v) => deltaE(a, b, v)))

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (h: string) => {
    const c = parseHex(h)
    return c ? 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] : Number.NaN
  }
  const [x, y] = [lum(a), lum(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

/** The colours a vector layer draws with (a point layer's stroke is its halo, not a colour of its own). */
export function layerColours(l: LayerEntry): string[] {
  if (l.kind !== 'vector') return []
  const s = l.style as VectorStyle
  const point = /Point$/.test(l.geometryType)
  return [
    s.color,
    ...(!point && s.strokeColor ? [s.strokeColor] : []),
    ...(s.categories?.values.map((v) => v.color) ?? []),
    ...(s.classes?.colors ?? []),
  ].filter((c) => typeof c === 'string' && parseHex(c))
}

/**
 * The default colour for layer `id`: the palette colour the catalog's other layers use least (a colour closer
 * than ΔE 1 counts as a use), and among those the one farthest (cvdDistance) from every other colour they draw
 * with; ties go to the earlier palette colour. Deterministic, and stable when layers are added, because the
 * colour is written into the catalog once and a re-published layer keeps it (see the publisher).
 */
export function pickDefaultColour(layers: readonly LayerEntry[], id: string): string {
  const used = layers.filter((l) => l.id !== id).flatMap(layerColours)
  let best: string = DEFAULT_PALETTE[0]
  let bestUses = Infinity
  let bestDistance = -1
  for (const c of DEFAULT_PALETTE) {
    const distances = used.map((u) => cvdDistance(c, u))
    const uses = distances.filter((d) => d < 1).length
    const others = distances.filter((d) => d >= 1)
    const distance = others.length ? Math.min(...others) : Infinity
    if (uses < bestUses || (uses === bestUses && distance > bestDistance)) {
      best = c
      bestUses = uses
      bestDistance = distance
    }
  }
  return best
}
