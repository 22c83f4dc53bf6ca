// The readout of a raster layer at a clicked point, as text: a value with its unit, the bands of an RGB(A) image,
// or a palette index with its label. Pure, so the feature-info panel only shows a string.
import type { RasterLayerEntry } from '../model/catalog.ts'

const round = (v: number) => Math.round(v * 100) / 100

export function formatRasterValues(l: Pick<RasterLayerEntry, 'style' | 'unit'>, values: number[]): string {
  const kind = l.style.kind ?? 'ramp'
  if (kind === 'rgb') {
    const names = ['R', 'G', 'B', 'A']
    return values.map((v, i) => `${names[i] ?? `Band ${i + 1}`} ${round(v)}`).join(' · ')
  }
  if (kind === 'palette') {
    const v = values[0]
    const label = l.style.palette?.find((p) => p[0] === v)?.[2]
    return label ? `${label} (${v})` : String(v)
  }
  return `${round(values[0])}${l.unit ? ` ${l.unit}` : ''}`
}
