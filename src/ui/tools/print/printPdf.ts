// The PDF of a print (jsPDF): the map image placed at its exact size (each axis at its own scale, see
// src/tools/print/scale.ts), title, corner coordinates, coordinate crosses, scale bar and text, north arrow with
// grid north, legend, date and sources. All text is real text in DejaVu Sans (embedded, with umlauts), so the PDF
// can be searched and copied from. Loaded with the print panel only.
import { jsPDF } from 'jspdf'
import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url'
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url'
import type { ImageTile } from '../../../map/tools/printRender.ts'
import type { LegendItem } from '../../../map/legend.ts'
import { scaleBar, type PageLayout } from '../../../tools/print/page.ts'
import type { Frame } from '../../../tools/print/scale.ts'

export interface PrintTexts {
  title: string
  subtitle: string
  /** e.g. "Maßstab 1:1.000" */
  scale: string
  date: string
  /** Heading and lines of the footer's right column: coordinate system, grid north note, sources. */
  crs: string
  gridNorth: string
  sourcesHeading: string
  sources: string[]
  legendHeading: string
  /** Corner labels: north-west, north-east, south-east, south-west. */
  corners: [string, string, string, string]
  /** Label of a scale bar step (metres or kilometres in the UI language). */
  step(metres: number, unit: 'm' | 'km', last: boolean): string
}

export interface PrintContent {
  layout: PageLayout
  frame: Frame
  tiles: ImageTile[]
  texts: PrintTexts
  legend: { title: string; items: LegendItem[] }[]
  /** Coordinate crosses: positions on the map image as fractions (0..1 from the top left). */
  crosses: [number, number][]
}

const FONT = 'DejaVuSans'
let fonts: Promise<[string, string]> | undefined

async function base64(url: string): Promise<string> {
  const r = await fetch(url)
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`)
  const bytes = new Uint8Array(await r.arrayBuffer())
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

const mmPerPt = 25.4 / 72

export async function printPdf(c: PrintContent): Promise<Blob> {
  fonts ??= Promise.all([base64(regularUrl), base64(boldUrl)])
  const [regular, bold] = await fonts
  const { page, map, footer } = c.layout
  const doc = new jsPDF({ unit: 'mm', format: [page.w, page.h], orientation: page.w > page.h ? 'landscape' : 'portrait', compress: true })
  doc.addFileToVFS('DejaVuSans.ttf', regular)
  doc.addFont('DejaVuSans.ttf', FONT, 'normal')
  doc.addFileToVFS('DejaVuSans-Bold.ttf', bold)
  doc.addFont('DejaVuSans-Bold.ttf', FONT, 'bold')
  const t = c.texts
  const text = (s: string, x: number, y: number, size: number, opts: { bold?: boolean; align?: 'left' | 'right' | 'center'; angle?: number } = {}) => {
    doc.setFont(FONT, opts.bold ? 'bold' : 'normal')
    doc.setFontSize(size)
    doc.text(s, x, y, { align: opts.align ?? 'left', angle: opts.angle })
  }
  doc.setTextColor(0, 0, 0)
  doc.setDrawColor(0, 0, 0)

  // Header
  text(t.title, c.layout.title.x, c.layout.title.y, 16, { bold: true })
  if (t.subtitle) text(t.subtitle, c.layout.subtitle.x, c.layout.subtitle.y, 10)
  text(t.date, page.w - map.x, c.layout.title.y, 10, { align: 'right' })

  // The map image, tile by tile: x and y each at their own scale (mapMm), so the print is true in both directions.
  const f = c.frame
  const sx = f.mapMm.w / f.px.w
  const sy = f.mapMm.h / f.px.h
  for (const [i, tile] of c.tiles.entries()) doc.addImage(tile.jpeg, 'JPEG', map.x + tile.x * sx, map.y + tile.y * sy, tile.w * sx, tile.h * sy, `map-${i}`, 'NONE')
  doc.setLineWidth(0.3)
  doc.rect(map.x, map.y, f.mapMm.w, f.mapMm.h)
  const bottom = map.y + f.mapMm.h

  // Coordinate crosses, black on a white halo.
  for (const [fx, fy] of c.crosses) {
    const x = map.x + fx * f.mapMm.w
    const y = map.y + fy * f.mapMm.h
    for (const [w, colour] of [[0.9, 255] as const, [0.3, 0] as const]) {
      doc.setLineWidth(w)
      doc.setDrawColor(colour, colour, colour)
      doc.line(x - 2.5, y, x + 2.5, y)
      doc.line(x, y - 2.5, x, y + 2.5)
    }
  }
  doc.setDrawColor(0, 0, 0)

  // Corner coordinates (EPSG:25832) outside the map's corners.
  const [nw, ne, se, sw] = t.corners
  text(nw, map.x, map.y - 1.2, 7)
  text(ne, map.x + f.mapMm.w, map.y - 1.2, 7, { align: 'right' })
  text(sw, map.x, bottom + 3.2, 7)
  text(se, map.x + f.mapMm.w, bottom + 3.2, 7, { align: 'right' })

  // Footer: three columns — scale and north, legend, sources.
  const colW = footer.w / 3
  const top = footer.y + 4
  text(t.scale, footer.x, top + 1, 12, { bold: true })
  const bar = scaleBar(f.scale, Math.min(60, colW - 22))
  const barY = top + 6
  doc.setLineWidth(0.2)
  for (let i = 0; i < bar.steps.length - 1; i++) {
    const x0 = footer.x + (bar.steps[i] / bar.metres) * bar.mm
    const x1 = footer.x + (bar.steps[i + 1] / bar.metres) * bar.mm
    doc.setFillColor(i % 2 ? 255 : 0, i % 2 ? 255 : 0, i % 2 ? 255 : 0)
    doc.rect(x0, barY, x1 - x0, 1.6, 'FD')
  }
  bar.steps.forEach((m, i) => text(t.step(m, bar.unit, i === bar.steps.length - 1), footer.x + (m / bar.metres) * bar.mm, barY + 4.6, 6.5, { align: 'center' }))
  // North arrow: true north is up (the map is north-up); a thin line shows grid north, turned by the convergence.
  const ax = footer.x + colW - 10
  const ay = top + 12
  doc.setFillColor(0, 0, 0)
  doc.triangle(ax, ay - 9, ax - 3, ay + 2, ax, ay - 0.5, 'F')
  doc.setFillColor(255, 255, 255)
  doc.triangle(ax, ay - 9, ax + 3, ay + 2, ax, ay - 0.5, 'FD')
  text('N', ax, ay - 10.5, 9, { bold: true, align: 'center' })
  const g = (f.convergence * Math.PI) / 180
  doc.setLineWidth(0.25)
  // Exaggerated tenfold so that a fraction of a degree can be seen; the text gives the value.
  const shown = 10 * g
  doc.line(ax, ay + 4, ax + Math.sin(shown) * 14, ay + 4 - Math.cos(shown) * 14)
  text('GN', ax + Math.sin(shown) * 14 - 1, ay + 4 - Math.cos(shown) * 14 - 1, 6, { align: 'right' })
  const noteLines = doc.setFont(FONT, 'normal').setFontSize(6.5).splitTextToSize(t.gridNorth, colW - 22) as string[]
  doc.text(noteLines, footer.x, barY + 10)

  // Legend of the shown layers.
  const lx = footer.x + colW
  let ly = top + 1
  const lineH = 7.5 * mmPerPt * 1.3
  const maxY = footer.y + footer.h
  text(t.legendHeading, lx, ly, 8, { bold: true })
  ly += lineH * 1.2
  outer: for (const layer of c.legend) {
    if (ly > maxY) break
    // A layer in one colour is one row: its swatch and title.
    const single = layer.items.length === 1 && layer.items[0].label === layer.title
    if (!single) {
      text(fit(doc.setFont(FONT, 'bold').setFontSize(7), layer.title, colW - 4), lx, ly, 7, { bold: true })
      ly += lineH
    }
    for (const item of layer.items) {
      if (ly > maxY) {
        text('…', lx, ly - lineH + 0.5, 7)
        break outer
      }
      if (item.color !== 'transparent') {
        doc.setFillColor(item.color)
        doc.setLineWidth(0.1)
        doc.rect(lx, ly - 2.3, 4, 2.6, 'FD')
      }
      text(fit(doc.setFont(FONT, 'normal').setFontSize(7), item.label, colW - 10), lx + 5.5, ly, 7)
      ly += lineH
    }
  }

  // Date, coordinate system, sources and licences.
  const rx = footer.x + 2 * colW
  let ry = top + 1
  for (const [s, bold] of [
    [t.crs, false],
    [t.sourcesHeading, true],
  ] as const) {
    text(s, rx, ry, 7.5, { bold })
    ry += lineH * 1.2
  }
  doc.setFont(FONT, 'normal').setFontSize(6.5)
  for (const s of t.sources) {
    const lines = doc.splitTextToSize(s, colW) as string[]
    if (ry + lines.length * lineH * 0.85 > maxY) break
    doc.text(lines, rx, ry)
    ry += lines.length * lineH * 0.85 + 0.6
  }
  return doc.output('blob')
}

/** The text shortened with "…" to fit a width in the current font. */
function fit(doc: jsPDF, s: string, width: number): string {
  if (doc.getTextWidth(s) <= width) return s
  let n = s.length
  while (n > 1 && doc.getTextWidth(`${s.slice(0, n)}…`) > width) n--
  return `${s.slice(0, n)}…`
}
