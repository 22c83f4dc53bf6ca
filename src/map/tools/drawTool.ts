// Editing drawings on the map with Terra Draw (terra-draw + its MapLibre adapter, loaded with the drawing tool):
// clicks draw points, lines, polygons, circles and text positions; in "select" a click picks a drawing, a drag
// moves it or one of its vertices (a polygon's or line's midpoints add vertices). The keyboard does the same at the
// map centre (the focused map's crosshair): Space sets a vertex, Enter places a point/text/circle or finishes a
// line/polygon, Backspace removes the last vertex, Escape discards, Delete removes the selected drawing.
// The drawings' truth is the store (src/ui/tools/draw/drawStore.ts); this tool reports finished gestures and is
// reloaded from the store after changes made elsewhere (undo, import, panel).
import type * as maplibregl from 'maplibre-gl'
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { circlePolygon, newId, round, type DrawGeometry, type DrawKind, type Drawing } from '../../tools/draw/model.ts'
import type { LonLat } from '../../tools/measure/measure.ts'
import { keepOverlayOnTop, removeOverlay } from '../highlight.ts'
import type { MapTool } from '../tool.ts'

export type DrawMode = DrawKind | 'select'

export interface DrawToolEvents {
  created(kind: DrawKind, geometry: DrawGeometry, id: string): void
  edited(id: string, geometry: DrawGeometry): void
  deleted(id: string): void
  selected(id: string | undefined): void
  /** Vertices set by keyboard for the line or polygon being drawn. */
  pending(n: number): void
}

const PREFIX = 'td-draw'
const PENDING = 'drawings-pending'
const TD_MODE: Record<DrawKind, string> = { point: 'point', text: 'text', line: 'linestring', polygon: 'polygon', circle: 'circle' }
const KIND: Record<string, DrawKind> = { point: 'point', text: 'text', linestring: 'line', polygon: 'polygon', circle: 'circle' }
const SELECTED = '#e6007e'

export class DrawTool implements MapTool {
  readonly capturesClicks = true
  private map?: maplibregl.Map
  private draw?: TerraDraw
  private mode: DrawMode = 'select'
  private selected?: string
  private pendingVertices: LonLat[] = []
  private restoreDoubleClickZoom = false
  private off: (() => void)[] = []
  /** Radius in metres of a circle placed by keyboard. */
  circleRadius = 50

  constructor(
    private drawings: readonly Drawing[],
    private readonly events: DrawToolEvents,
  ) {}

  attach(map: maplibregl.Map): void {
    this.map = map
    const colour = (f: GeoJSONStoreFeatures) => (f.properties.selected ? SELECTED : (f.properties.colour as `#${string}`) ?? '#b93a0b')
    const width = (f: GeoJSONStoreFeatures) => Number(f.properties.width ?? 3)
    const lineStyles = { lineStringColor: colour, lineStringWidth: width }
    const polygonStyles = { fillColor: colour, outlineColor: colour, outlineWidth: width, fillOpacity: 0.2 }
    const pointStyles = { pointColor: colour, pointWidth: (f: GeoJSONStoreFeatures) => 3 + width(f), pointOutlineColor: '#ffffff' as const, pointOutlineWidth: 2 }
    const editable = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true } } }
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: PREFIX, coordinatePrecision: 9 }),
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => newId() },
      modes: [
        new TerraDrawPointMode({ styles: pointStyles }),
        // A text is a point whose label is drawn by the drawings' layer; here a small square handle.
        new TerraDrawPointMode({ modeName: 'text', styles: { ...pointStyles, pointWidth: 4 } }),
        new TerraDrawLineStringMode({ styles: lineStyles, keyEvents: null }),
        new TerraDrawPolygonMode({ styles: polygonStyles, keyEvents: null }),
        new TerraDrawCircleMode({ styles: polygonStyles, keyEvents: null }),
        new TerraDrawSelectMode({
          keyEvents: null,
          flags: {
            point: { feature: { draggable: true } },
            text: { feature: { draggable: true } },
            linestring: editable,
            polygon: editable,
            circle: { feature: { draggable: true, coordinates: { resizable: 'center-fixed' } } },
          },
          styles: {
            selectedPolygonColor: SELECTED,
            selectedPolygonOutlineColor: SELECTED,
            selectedLineStringColor: SELECTED,
            selectedPointColor: SELECTED,
            selectionPointColor: '#ffffff',
            selectionPointOutlineColor: '#1a1a1a',
            selectionPointOutlineWidth: 2,
            selectionPointWidth: 6,
            midPointColor: '#ffffff',
            midPointOutlineColor: SELECTED,
            midPointOutlineWidth: 2,
            midPointWidth: 4,
          },
        }),
      ],
    })
    this.draw.start()
    this.draw.on('finish', (id, context) => {
      const f = this.draw?.getSnapshotFeature(id)
      if (!f) return
      const geometry = f.geometry as DrawGeometry
      if (context.action === 'draw') this.events.created(KIND[String(f.properties.mode)] ?? 'point', geometry, String(id))
      else this.events.edited(String(id), geometry)
    })
    this.draw.on('select', (id) => {
      this.selected = String(id)
      this.events.selected(this.selected)
    })
    this.draw.on('deselect', () => {
      this.selected = undefined
      this.events.selected(undefined)
    })
    this.load(this.drawings)
    this.draw.setMode(this.tdMode())

    map.addSource(PENDING, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    map.addLayer({ id: `${PENDING}-line`, type: 'line', source: PENDING, paint: { 'line-color': '#1a1a1a', 'line-width': 2, 'line-dasharray': [2, 2] } })
    map.addLayer({ id: `${PENDING}-vertex`, type: 'circle', source: PENDING, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 2 } })
    this.restoreDoubleClickZoom = map.doubleClickZoom.isEnabled()
    map.doubleClickZoom.disable()
    const keys = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      const act: Record<string, () => void> = { ' ': () => this.vertexAtCentre(), Enter: () => this.enter(), Backspace: () => this.removeLast(), Escape: () => this.escape(), Delete: () => this.deleteSelected() }
      const fn = act[e.key]
      if (!fn) return
      e.preventDefault()
      e.stopPropagation()
      fn()
    }
    const canvas = map.getCanvas()
    canvas.addEventListener('keydown', keys)
    this.off.push(() => canvas.removeEventListener('keydown', keys))
    const onTop = () => keepOverlayOnTop(map, map.getLayersOrder().filter((id) => id.startsWith(PREFIX) || id.startsWith(PENDING)))
    map.on('styledata', onTop)
    this.off.push(() => map.off('styledata', onTop))
  }

  detach(map: maplibregl.Map): void {
    for (const f of this.off.splice(0)) f()
    this.draw?.stop()
    this.draw = undefined
    removeOverlay(map, [`${PENDING}-line`, `${PENDING}-vertex`], [PENDING])
    if (this.restoreDoubleClickZoom) map.doubleClickZoom.enable()
    this.map = undefined
  }

  /** Shows these drawings (after undo, import, restyle or a change in the panel). */
  load(drawings: readonly Drawing[]): void {
    this.drawings = drawings
    const draw = this.draw
    if (!draw) return
    // clear() deselects (and the deselect event forgets the selection): keep it across the reload.
    const keep = this.selected
    draw.clear()
    const feature = (d: Drawing, mode: string) => ({ id: d.id, type: 'Feature', geometry: d.geometry, properties: { mode, colour: d.colour, width: d.width } }) as GeoJSONStoreFeatures
    const results = draw.addFeatures(drawings.map((d) => feature(d, TD_MODE[d.kind])))
    // Terra Draw's circle mode accepts only circles it could have drawn; an imported "circle" is edited as a polygon.
    const retry = drawings.filter((d, i) => !results[i]?.valid && d.kind === 'circle')
    if (retry.length) draw.addFeatures(retry.map((d) => feature(d, 'polygon')))
    if (keep && drawings.some((d) => d.id === keep) && draw.getMode() === 'select') draw.selectFeature(keep)
  }

  /** Switching Terra Draw's mode drops its selection, so the same mode again changes nothing. */
  setMode(mode: DrawMode): void {
    if (mode === this.mode) return
    this.mode = mode
    this.discard()
    this.draw?.setMode(this.tdMode())
  }

  private tdMode(): string {
    return this.mode === 'select' ? 'select' : TD_MODE[this.mode]
  }

  select(id: string): void {
    if (this.mode !== 'select') this.setMode('select')
    if (this.draw?.hasFeature(id)) this.draw.selectFeature(id)
  }

  centre(): LonLat | undefined {
    const c = this.map?.getCenter()
    return c ? [round(c.lng), round(c.lat)] : undefined
  }

  /** Keyboard and button: a vertex for a line or polygon at the map centre; a point, text or circle is placed. */
  vertexAtCentre(): void {
    const c = this.centre()
    if (!c) return
    if (this.mode === 'line' || this.mode === 'polygon') {
      this.pendingVertices = [...this.pendingVertices, c]
      this.renderPending()
    } else this.enter()
  }

  /** Places a point, text or circle at the centre, or finishes the line/polygon set by keyboard. */
  enter(): void {
    const c = this.centre()
    if (!c) return
    const m = this.mode
    if (m === 'point' || m === 'text') this.events.created(m, { type: 'Point', coordinates: c }, newId())
    else if (m === 'circle') this.events.created('circle', circlePolygon(c, this.circleRadius), newId())
    else if (m === 'line' || m === 'polygon') this.finishPending()
  }

  finishPending(): void {
    const vs = this.pendingVertices
    if (this.mode === 'line' && vs.length >= 2) this.events.created('line', { type: 'LineString', coordinates: vs }, newId())
    else if (this.mode === 'polygon' && vs.length >= 3) this.events.created('polygon', { type: 'Polygon', coordinates: [[...vs, vs[0]]] }, newId())
    else return
    this.discard()
  }

  removeLast(): void {
    this.pendingVertices = this.pendingVertices.slice(0, -1)
    this.renderPending()
  }

  discard(): void {
    this.pendingVertices = []
    this.renderPending()
  }

  /** Escape: drops the keyboard vertices, or in select mode the selection. */
  private escape(): void {
    if (this.mode === 'select' && this.selected && this.draw) this.draw.deselectFeature(this.selected)
    else this.discard()
  }

  deleteSelected(): void {
    if (this.selected) this.events.deleted(this.selected)
  }

  private renderPending() {
    const vs = this.pendingVertices
    this.events.pending(vs.length)
    const source = this.map?.getSource(PENDING) as maplibregl.GeoJSONSource | undefined
    if (!source) return
    const line: LonLat[] = this.mode === 'polygon' && vs.length >= 3 ? [...vs, vs[0]] : vs
    const features: GeoJSON.Feature[] = vs.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }))
    if (vs.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } })
    source.setData({ type: 'FeatureCollection', features })
  }
}
