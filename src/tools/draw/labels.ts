// What the map shows for the drawings: each shape with its colour and width, and text beside it — the label, and
// on request the measurement (length on the UTM grid; area and perimeter; a point's UTM32 easting/northing),
// computed by the measure module so the numbers match the measure tool's.
import { formatMetres } from '../coordinates/format.ts'
import { formatArea, formatLength, type Lang } from '../measure/format.ts'
import { measure, type Grid, type LonLat } from '../measure/measure.ts'
import { vertices, type Drawing } from './model.ts'

export interface MeasureWords {
  length: string
  area: string
  perimeter: string
}

/** The measurement written on a drawing, one value per line. */
export function measurementLabel(d: Drawing, toGrid: (p: LonLat) => Grid, words: MeasureWords, lang: Lang): string {
  const vs = vertices(d.geometry)
  if (d.geometry.type === 'Point') {
    const [e, n] = toGrid(vs[0])
    const f = formatMetres(e, n, lang)
    return `E ${f.e}\nN ${f.n}`
  }
  const m = measure(d.geometry.type === 'LineString' ? 'line' : 'polygon', vs, toGrid)
  if (m.kind === 'line') return `${words.length} ${formatLength(m.planar.length, lang)}`
  return `${words.area} ${formatArea(m.planar.area ?? 0, lang)}\n${words.perimeter} ${formatLength(m.planar.length, lang)}`
}

/** Where a drawing's text goes: the point, a line's middle vertex, a polygon's vertex mean. */
export function anchor(d: Drawing): LonLat {
  const vs = vertices(d.geometry)
  if (d.geometry.type !== 'Polygon') return vs[Math.floor((vs.length - 1) / 2)]
  const s = vs.reduce((a, p) => [a[0] + p[0], a[1] + p[1]], [0, 0])
  return [s[0] / vs.length, s[1] / vs.length]
}

export interface MapFeatures {
  shapes: GeoJSON.Feature[]
  labels: GeoJSON.Feature[]
}

/** GeoJSON for the map layer (src/map/tools/drawingLayer.ts): shapes and their texts. */
export function mapFeatures(drawings: readonly Drawing[], measurements: ((d: Drawing) => string) | undefined): MapFeatures {
  const shapes: GeoJSON.Feature[] = []
  const labels: GeoJSON.Feature[] = []
  for (const d of drawings) {
    if (d.kind !== 'text') shapes.push({ type: 'Feature', properties: { id: d.id, colour: d.colour, width: d.width }, geometry: d.geometry })
    const text = [d.label, d.kind !== 'text' && measurements ? measurements(d) : ''].filter(Boolean).join('\n')
    if (text) labels.push({ type: 'Feature', properties: { id: d.id, colour: d.colour, text, kind: d.kind }, geometry: { type: 'Point', coordinates: anchor(d) } })
  }
  return { shapes, labels }
}
