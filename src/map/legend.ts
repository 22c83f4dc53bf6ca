// Legend entries derived from a layer's style, so the legend always shows what the map draws.
import type { LayerEntry } from '../model/catalog.ts'

export interface LegendItem {
  color: string
  label: string
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toLocaleString('de-DE', { maximumFractionDigits: 2 }))

export function legendItems(l: LayerEntry, otherLabel = 'andere'): LegendItem[] {
  if (l.kind === 'raster') {
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
