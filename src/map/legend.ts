// Legend entries derived from a layer's style, so the legend always shows what the map draws.
import type { LayerEntry } from '../model/catalog.ts'

export interface LegendItem {
  color: string
  label: string
}

/** Swatches of an unlabelled palette shown at most. */
export const MAX_PALETTE_ITEMS = 16

const germanNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toLocaleString('de-DE', { maximumFractionDigits: 2 }))

/** `fmt` writes class breaks and ramp stops in the UI language (src/ui/format.ts); German by default. */
export function legendItems(l: LayerEntry, otherLabel = 'andere', fmt: (n: number) => string = germanNumber): LegendItem[] {
  // A service draws its own legend (an image from the service, src/ui/service/ServiceLegend.tsx).
  if (l.kind === 'service') return []
  if (l.kind === 'raster') {
    // A photo explains itself; a legend of red, green and blue would not help.
    if (l.style.kind === 'rgb') return []
    if (l.style.kind === 'palette') {
      const entries = l.style.palette ?? []
      // A palette with labels lists the labelled classes; an unlabelled one (a photo reduced to 256 colours)
      // would give a legend of hundreds of swatches, so it is cut at MAX_PALETTE_ITEMS.
      const labelled = entries.filter((e) => e[2] !== undefined)
      const shown = labelled.length ? labelled : entries.slice(0, MAX_PALETTE_ITEMS)
      const items = shown.map(([v, color, label]) => ({ color, label: label ?? fmt(v) }))
      const rest = entries.length - shown.length
      return rest > 0 && !labelled.length ? [...items, { color: 'transparent', label: `… (+${rest})` }] : items
    }
    return l.style.ramp.map(([v, color]) => ({ color, label: `${fmt(v)}${l.unit ? ` ${l.unit}` : ''}` }))
  }
  const s = l.style
  if (s.categories) {
    return [...s.categories.values.map((c) => ({ color: c.color, label: c.label ?? String(c.value) })), { color: s.color, label: otherLabel }]
  }
  if (s.classes) {
    const { breaks, colors } = s.classes
    return colors.map((color, i) => ({ color, label: `${fmt(breaks[i])} – ${fmt(breaks[i + 1])}` }))
  }
  return [{ color: s.color, label: l.title }]
}
