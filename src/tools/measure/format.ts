// Measurement results as text a planner pastes into a file note: numbers in the language's notation (German:
// decimal comma, point for thousands), both systems and their difference, one result per block.
import type { Measurement } from './measure.ts'

export type Lang = 'de' | 'en'

export interface ResultLabels {
  line: string
  polygon: string
  length: string
  perimeter: string
  area: string
  grid: string
  ellipsoid: string
  difference: string
  vertices: string
}

const nf = (lang: Lang, digits: number) => new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** Metres with centimetres. */
export const formatLength = (m: number, lang: Lang) => `${nf(lang, 2).format(m)} m`
/** Square metres with two decimals (a square metre's hundredth, the cadastre's rounding is coarser). */
export const formatArea = (m2: number, lang: Lang) => `${nf(lang, 2).format(m2)} m²`

/** Grid minus ellipsoid, signed, with its ratio in ppm (the UTM scale error, about −350 ppm at Soest). */
export function formatDifference(grid: number, ellipsoid: number, unit: 'm' | 'm²', lang: Lang): string {
  const d = grid - ellipsoid
  const ppm = ellipsoid > 0 ? (d / ellipsoid) * 1e6 : 0
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±')
  const abs = unit === 'm' ? formatLength(Math.abs(d), lang) : formatArea(Math.abs(d), lang)
  return `${sign(d)}${abs} (${sign(ppm)}${nf(lang, 0).format(Math.abs(ppm))} ppm)`
}

/** One measurement as lines of text. */
export function measurementText(m: Measurement, labels: ResultLabels, lang: Lang): string {
  const lines = [`${m.kind === 'line' ? labels.line : labels.polygon} (${m.vertices.length} ${labels.vertices})`]
  const row = (name: string, g: number, e: number, unit: 'm' | 'm²') => {
    const f = unit === 'm' ? formatLength : formatArea
    lines.push(`${name}: ${labels.grid} ${f(g, lang)}; ${labels.ellipsoid} ${f(e, lang)}; ${labels.difference} ${formatDifference(g, e, unit, lang)}`)
  }
  row(m.kind === 'line' ? labels.length : labels.perimeter, m.planar.length, m.geodesic.length, 'm')
  if (m.kind === 'polygon') row(labels.area, m.planar.area ?? 0, m.geodesic.area ?? 0, 'm²')
  return lines.join('\n')
}
