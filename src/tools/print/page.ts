// The sheet: paper sizes, the layout of the printed page (mm, origin top left as in jsPDF), the scale as typed,
// the scale bar's steps and the file name. No map, no PDF library: the print panel and its tests share this.

export const PAPERS = { A4: [210, 297], A3: [297, 420], A2: [420, 594], A1: [594, 841], A0: [841, 1189] } as const
export type Paper = keyof typeof PAPERS
export type Orientation = 'portrait' | 'landscape'
/** The scales offered in the list; any other in SCALE_RANGE can be typed. */
export const SCALE_PRESETS = [500, 1000, 2000, 2500, 5000, 10000, 25000, 50000] as const
export const SCALE_RANGE = [500, 50000] as const
export const DPIS = [150, 300] as const

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface PageLayout {
  page: { w: number; h: number }
  /** Title and subtitle baselines. */
  title: { x: number; y: number }
  subtitle: { x: number; y: number }
  /** The map box (the image may end up to half a pixel shorter, see printFrame). */
  map: Box
  /** The information below the map: scale and north arrow, legend, sources. */
  footer: Box
}

const MARGIN = 10
const HEADER = 18
const CORNER_TEXT = 5
const FOOTER = 44

export function pageSize(paper: Paper, orientation: Orientation): { w: number; h: number } {
  const [a, b] = PAPERS[paper]
  return orientation === 'portrait' ? { w: a, h: b } : { w: b, h: a }
}

export function pageLayout(paper: Paper, orientation: Orientation): PageLayout {
  const page = pageSize(paper, orientation)
  const mapTop = MARGIN + HEADER + CORNER_TEXT
  const footerTop = page.h - MARGIN - FOOTER
  const map = { x: MARGIN, y: mapTop, w: page.w - 2 * MARGIN, h: footerTop - CORNER_TEXT - mapTop }
  return {
    page,
    title: { x: MARGIN, y: MARGIN + 6 },
    subtitle: { x: MARGIN, y: MARGIN + 12.5 },
    map,
    footer: { x: MARGIN, y: footerTop, w: page.w - 2 * MARGIN, h: FOOTER },
  }
}

/**
 * A scale as planners type it — "1:5000", "1 : 5.000", "5,000", "5 000" — as its denominator, or an error:
 * 'format' (not a whole number) or 'range' (outside SCALE_RANGE).
 */
export function parseScale(text: string): { scale: number } | { error: 'format' | 'range' } {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^1:/, '')
  if (!/^\d{1,3}([.,'’]?\d{3})*$/.test(s)) return { error: 'format' }
  const scale = Number(s.replace(/[.,'’]/g, ''))
  return scale < SCALE_RANGE[0] || scale > SCALE_RANGE[1] ? { error: 'range' } : { scale }
}

export interface ScaleBar {
  /** Ground length of the whole bar in grid metres, and its length on paper. */
  metres: number
  mm: number
  /** Tick positions in grid metres from 0 to `metres`. */
  steps: number[]
  /** Labels are in km from 1 km on. */
  unit: 'm' | 'km'
}

/** The longest "round" bar (1, 2 or 5 × 10ⁿ m) that fits into maxMm at this scale, with 4 or 5 parts. */
export function scaleBar(scale: number, maxMm = 60): ScaleBar {
  const maxM = (maxMm * scale) / 1000
  const exp = Math.floor(Math.log10(maxM))
  let lead = 1
  for (const d of [2, 5, 10]) if (d * 10 ** exp <= maxM + 1e-9) lead = d
  const metres = lead * 10 ** exp
  const parts = lead === 2 ? 4 : 5
  return {
    metres,
    mm: (metres * 1000) / scale,
    steps: Array.from({ length: parts + 1 }, (_, i) => (metres * i) / parts),
    unit: metres >= 1000 ? 'km' : 'm',
  }
}

const TRANSLIT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' }

/** A file name that survives every file system: "geoportal-soest_bebauungsplan-nord_1-1000_A4-quer_2026-12-07.pdf". */
export function printFileName(p: { title: string; scale: number; paper: Paper; orientation: Orientation; date: string; ext: 'pdf' | 'png' }): string {
  const slug = p.title
    .replace(/[äöüßÄÖÜ]/g, (c) => TRANSLIT[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  const parts = ['geoportal-soest', slug || 'karte']
  if (p.ext === 'pdf') parts.push(`1-${p.scale}`, `${p.paper}-${p.orientation === 'portrait' ? 'hoch' : 'quer'}`)
  parts.push(p.date.replace(/[^0-9-]/g, ''))
  return `${parts.join('_')}.${p.ext}`
}
