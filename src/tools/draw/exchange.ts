// Drawings out and in: GeoJSON (RFC 7946) and KML 2.2 export with the style and kind in the properties /
// ExtendedData (so a re-import gives the same drawings), import of GeoJSON, KML and GPX from other programs.
// KML and GPX are read from a DOM Document (the browser's DOMParser), handed in so this stays free of the DOM.
import type { LonLat } from '../measure/measure.ts'
import { DEFAULT_STYLE, DRAW_KINDS, geometryProblem, HEX, MAX_WIDTH, newId, type DrawGeometry, type DrawKind, type Drawing } from './model.ts'

export function toGeoJSON(drawings: readonly Drawing[]): string {
  const features = drawings.map((d) => ({ type: 'Feature', properties: { kind: d.kind, label: d.label, colour: d.colour, width: d.width }, geometry: d.geometry }))
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1)
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** KML colours are aabbggrr. */
const kmlColour = (hex: string, alpha: string) => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`.toLowerCase()
const coords = (ps: LonLat[]) => ps.map((p) => `${p[0]},${p[1]}`).join(' ')

export function toKML(drawings: readonly Drawing[], documentName: string): string {
  const placemarks = drawings.map((d) => {
    const g = d.geometry
    const geometry =
      g.type === 'Point'
        ? `<Point><coordinates>${coords([g.coordinates])}</coordinates></Point>`
        : g.type === 'LineString'
          ? `<LineString><tessellate>1</tessellate><coordinates>${coords(g.coordinates)}</coordinates></LineString>`
          : `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(g.coordinates[0])}</coordinates></LinearRing></outerBoundaryIs></Polygon>`
    return [
      '  <Placemark>',
      `   <name>${xml(d.label)}</name>`,
      `   <Style><LineStyle><color>${kmlColour(d.colour, 'ff')}</color><width>${d.width}</width></LineStyle><PolyStyle><color>${kmlColour(d.colour, '40')}</color></PolyStyle></Style>`,
      `   <ExtendedData><Data name="kind"><value>${d.kind}</value></Data><Data name="colour"><value>${d.colour}</value></Data><Data name="width"><value>${d.width}</value></Data></ExtendedData>`,
      `   ${geometry}`,
      '  </Placemark>',
    ].join('\n')
  })
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2">', ' <Document>', `  <name>${xml(documentName)}</name>`, ...placemarks, ' </Document>', '</kml>', ''].join('\n')
}

export type ImportProblem = 'format' | 'json' | 'xml' | 'empty' | 'geometry' | 'type'
export type Imported = { drawings: Drawing[] } | { problem: ImportProblem; index?: number }

/** What a foreign feature says about itself; the rest comes from defaults. */
interface Props {
  kind?: unknown
  label?: unknown
  colour?: unknown
  width?: unknown
}

function drawing(geometry: DrawGeometry, p: Props): Drawing {
  const fallback: DrawKind = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'line' : 'polygon'
  const stated = DRAW_KINDS.includes(p.kind as DrawKind) ? (p.kind as DrawKind) : undefined
  // A stated kind is kept only where it fits the geometry (a "circle" must be a polygon, "text" a point).
  const kind = stated && (stated === fallback || (stated === 'circle' && fallback === 'polygon') || (stated === 'text' && fallback === 'point')) ? stated : fallback
  const width = Number(p.width)
  return {
    id: newId(),
    kind,
    geometry,
    colour: typeof p.colour === 'string' && HEX.test(p.colour) ? p.colour.toLowerCase() : DEFAULT_STYLE.colour,
    width: Number.isFinite(width) && width >= 1 && width <= MAX_WIDTH ? width : DEFAULT_STYLE.width,
    label: typeof p.label === 'string' ? p.label : p.label === undefined || p.label === null ? '' : String(p.label),
  }
}

/** GeoJSON geometry → drawable parts (multi-geometries split; a polygon keeps its outer ring). */
function parts(g: { type?: unknown; coordinates?: unknown } | null | undefined): DrawGeometry[] | 'geometry' | 'type' {
  if (!g || typeof g !== 'object') return 'geometry'
  const c = g.coordinates as never[]
  const out: DrawGeometry[] =
    g.type === 'Point'
      ? [{ type: 'Point', coordinates: c as never }]
      : g.type === 'LineString'
        ? [{ type: 'LineString', coordinates: c }]
        : g.type === 'Polygon' && Array.isArray(c)
          ? [{ type: 'Polygon', coordinates: [c[0]] }]
          : g.type === 'MultiPoint' && Array.isArray(c)
            ? c.map((p) => ({ type: 'Point', coordinates: p }))
            : g.type === 'MultiLineString' && Array.isArray(c)
              ? c.map((l) => ({ type: 'LineString', coordinates: l }))
              : g.type === 'MultiPolygon' && Array.isArray(c)
                ? c.map((p: never[]) => ({ type: 'Polygon', coordinates: [Array.isArray(p) ? p[0] : p] }) as DrawGeometry)
                : []
  if (!out.length) return g.type === 'GeometryCollection' || !['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'].includes(String(g.type)) ? 'type' : 'geometry'
  // Drop a third coordinate (height): drawings are 2D.
  const flat = (p: unknown) => (Array.isArray(p) ? [p[0], p[1]] : p) as LonLat
  const cleaned = out.map((x): DrawGeometry =>
    x.type === 'Point' ? { type: 'Point', coordinates: flat(x.coordinates) } : x.type === 'LineString' ? { type: 'LineString', coordinates: Array.isArray(x.coordinates) ? x.coordinates.map(flat) : x.coordinates } : { type: 'Polygon', coordinates: [Array.isArray(x.coordinates[0]) ? x.coordinates[0].map(flat) : x.coordinates[0]] },
  )
  return cleaned.some((x) => geometryProblem(x)) ? 'geometry' : cleaned
}

export function fromGeoJSON(text: string): Imported {
  let doc: { type?: unknown; features?: unknown; geometry?: unknown; properties?: unknown; coordinates?: unknown }
  try {
    doc = JSON.parse(text)
  } catch {
    return { problem: 'json' }
  }
  if (!doc || typeof doc !== 'object') return { problem: 'format' }
  const features = doc.type === 'FeatureCollection' && Array.isArray(doc.features) ? (doc.features as (typeof doc)[]) : doc.type === 'Feature' ? [doc] : typeof doc.type === 'string' && 'coordinates' in doc ? [{ geometry: doc, properties: {} }] : undefined
  if (!features) return { problem: 'format' }
  const drawings: Drawing[] = []
  for (const [index, f] of features.entries()) {
    const ps = parts(f?.geometry as never)
    if (typeof ps === 'string') return { problem: ps, index }
    const p = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Props & { name?: unknown; title?: unknown }
    for (const g of ps) drawings.push(drawing(g, { ...p, label: p.label ?? p.name ?? p.title }))
  }
  return drawings.length ? { drawings } : { problem: 'empty' }
}

const children = (e: Element, name: string) => Array.from(e.getElementsByTagName(name))
const text = (e: Element | undefined) => e?.textContent?.trim() ?? ''

function kmlCoords(e: Element | undefined): LonLat[] {
  return text(children(e!, 'coordinates')[0])
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => {
      const [x, y] = t.split(',').map(Number)
      return [x, y] as LonLat
    })
}

export function fromKML(doc: Document): Imported {
  if (doc.getElementsByTagName('parsererror').length || doc.documentElement.localName !== 'kml') return { problem: 'xml' }
  const drawings: Drawing[] = []
  for (const [index, pm] of children(doc.documentElement, 'Placemark').entries()) {
    const data: Record<string, string> = {}
    for (const d of children(pm, 'Data')) data[d.getAttribute('name') ?? ''] = text(children(d, 'value')[0])
    const props: Props = { kind: data.kind, colour: data.colour, width: data.width, label: text(children(pm, 'name')[0]) }
    const geoms: DrawGeometry[] = [
      ...children(pm, 'Point').map((e): DrawGeometry => ({ type: 'Point', coordinates: kmlCoords(e)[0] })),
      ...children(pm, 'LineString').map((e): DrawGeometry => ({ type: 'LineString', coordinates: kmlCoords(e) })),
      ...children(pm, 'Polygon').map((e): DrawGeometry => ({ type: 'Polygon', coordinates: [kmlCoords(children(e, 'outerBoundaryIs')[0] ?? e)] })),
    ]
    if (!geoms.length || geoms.some((g) => geometryProblem(g))) return { problem: 'geometry', index }
    for (const g of geoms) drawings.push(drawing(g, props))
  }
  return drawings.length ? { drawings } : { problem: 'empty' }
}

export function fromGPX(doc: Document): Imported {
  if (doc.getElementsByTagName('parsererror').length || doc.documentElement.localName !== 'gpx') return { problem: 'xml' }
  const point = (e: Element): LonLat => [Number(e.getAttribute('lon')), Number(e.getAttribute('lat'))]
  const name = (e: Element) => text(Array.from(e.children).find((c) => c.localName === 'name'))
  const items: [DrawGeometry, string][] = [
    ...children(doc.documentElement, 'wpt').map((w): [DrawGeometry, string] => [{ type: 'Point', coordinates: point(w) }, name(w)]),
    ...children(doc.documentElement, 'rte').map((r): [DrawGeometry, string] => [{ type: 'LineString', coordinates: children(r, 'rtept').map(point) }, name(r)]),
    ...children(doc.documentElement, 'trk').flatMap((t) => children(t, 'trkseg').map((s): [DrawGeometry, string] => [{ type: 'LineString', coordinates: children(s, 'trkpt').map(point) }, name(t)])),
  ]
  const bad = items.findIndex(([g]) => geometryProblem(g))
  if (bad >= 0) return { problem: 'geometry', index: bad }
  return items.length ? { drawings: items.map(([g, label]) => drawing(g, { label })) } : { problem: 'empty' }
}

/** Reads a file by its name's extension (or, without one, its first character). */
export function importFile(name: string, content: string, parseXml: (text: string) => Document): Imported {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase()
  const head = content.trimStart()[0]
  if (ext === 'geojson' || ext === 'json' || (!ext && head === '{')) return fromGeoJSON(content)
  if (ext === 'kml' || ext === 'gpx' || (!ext && head === '<')) {
    const doc = parseXml(content)
    const root = doc.documentElement?.localName
    return root === 'gpx' ? fromGPX(doc) : root === 'kml' ? fromKML(doc) : { problem: 'xml' }
  }
  return { problem: 'format' }
}
