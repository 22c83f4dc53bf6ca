// The compare tool's maps (issue #17): two maps of their own, A and B, laid over the main map and kept on one
// camera with it (src/tools/compare/sync.ts). Swipe: both cover the whole map area and CSS clip-path cuts them at
// the line (src/tools/compare/swipe.ts), A left and B right; the line is a slider (role=slider: arrow keys,
// PageUp/PageDown, Home/End; dragged by mouse, pen or finger). Side by side: the two maps next to each other,
// stacked on narrow screens (compare.css). Each side is a MapController of its own, so layers and base maps draw
// exactly as on the main map. The main map is not changed: it is covered and made inert while the tool is
// attached, and detaching removes everything this class added.
import type * as maplibregl from 'maplibre-gl'
import type { BasemapDefinition } from '../../model/basemap.ts'
import type { LayerEntry } from '../../model/catalog.ts'
import type { Projections } from '../../projection/registry.ts'
import type { CompareMode } from '../../tools/compare/share.ts'
import { clipPaths, DEFAULT_POSITION, positionAfterKey, positionAt, roundPosition } from '../../tools/compare/swipe.ts'
import { CameraSync, type SyncedCamera } from '../../tools/compare/sync.ts'
import { MapController } from '../MapController.ts'
import type { MapTool } from '../tool.ts'

/** What one side shows, with the name it is announced by ("A: Luftbild 2024"). */
export interface CompareContent {
  basemap: BasemapDefinition | null
  layer: LayerEntry | null
  label: string
}

export interface CompareTexts {
  /** The slider's accessible name. */
  slider: string
  /** aria-valuetext for a position (e.g. "A 40 %, B 60 %"). */
  valueText(position: number): string
  /** MapLibre's own control texts, as on the main map. */
  locale?: Record<string, string>
}

export interface CompareMapsOptions {
  projections: Projections
  catalogUrl: string
  texts: CompareTexts
  /** The line was moved by the user (at the end of a drag, after each key). */
  onPosition?(position: number): void
  /** A side's layer or base map cannot be shown (message), or shows again (null). */
  onError?(side: Side, message: string | null): void
}

export type Side = 'a' | 'b'

/** Feature information stays off on the compare maps: their clicks pan and zoom only. */
const NO_IDENTIFY: MapTool = { capturesClicks: true, attach() {}, detach() {} }

function syncedCamera(map: maplibregl.Map): SyncedCamera {
  return {
    camera: () => {
      const c = map.getCenter()
      return { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() }
    },
    jump: (c) => map.jumpTo(c),
    onMove: (listener) => {
      map.on('move', listener)
      return () => map.off('move', listener)
    },
  }
}

export class CompareMaps implements MapTool {
  private mode: CompareMode = 'swipe'
  private position = DEFAULT_POSITION
  private readonly content: Record<Side, CompareContent> = { a: { basemap: null, layer: null, label: 'A' }, b: { basemap: null, layer: null, label: 'B' } }
  private attached?: {
    overlay: HTMLDivElement
    maps: Record<Side, { controller: MapController; container: HTMLDivElement; label: HTMLDivElement }>
    divider: HTMLDivElement
    handle: HTMLDivElement
    sync: CameraSync
    inert: Element[]
  }

  constructor(private readonly opts: CompareMapsOptions) {}

  attach(main: maplibregl.Map): void {
    const host = main.getContainer()
    const doc = host.ownerDocument
    const overlay = doc.createElement('div')
    overlay.className = 'compare-overlay'
    overlay.dataset.testid = 'compare-overlay'
    // The main map stays as it is, under the overlay, out of the tab order and the accessibility tree.
    const inert = [...host.children].filter((el) => !el.hasAttribute('inert'))
    for (const el of inert) el.setAttribute('inert', '')
    host.appendChild(overlay)
    const center = main.getCenter()
    const side = (s: Side) => {
      const container = doc.createElement('div')
      container.className = `compare-map compare-map-${s}`
      container.dataset.testid = `compare-map-${s}`
      overlay.appendChild(container)
      const controller = new MapController({
        container,
        view: { center: [center.lng, center.lat], zoom: main.getZoom() },
        projections: this.opts.projections,
        catalogUrl: this.opts.catalogUrl,
        locale: this.opts.texts.locale,
        onLayerStatus: (_, st) => this.reportError(s, 'layer', st.state === 'error' ? st.message : undefined),
        onBasemapStatus: (st) => this.reportError(s, 'basemap', st.state === 'error' ? st.message : undefined),
      })
      controller.attachTool(NO_IDENTIFY)
      // The view on the element, as the share link writes it for the main map: tests see the sync without hooks.
      const showView = () => {
        const c = controller.map.getCenter()
        container.dataset.view = `${controller.map.getZoom().toFixed(3)}/${c.lat.toFixed(6)}/${c.lng.toFixed(6)}`
      }
      controller.map.on('moveend', showView)
      showView()
      const label = doc.createElement('div')
      label.className = 'compare-label'
      container.appendChild(label)
      return { controller, container, label }
    }
    const maps = { a: side('a'), b: side('b') }
    const divider = doc.createElement('div')
    divider.className = 'compare-divider'
    const handle = doc.createElement('div')
    handle.className = 'compare-handle'
    handle.tabIndex = 0
    handle.setAttribute('role', 'slider')
    handle.setAttribute('aria-valuemin', '0')
    handle.setAttribute('aria-valuemax', '100')
    handle.setAttribute('aria-orientation', 'horizontal')
    handle.dataset.testid = 'compare-slider'
    divider.appendChild(handle)
    overlay.appendChild(divider)
    this.attachSlider(overlay, divider, handle)
    // The main map leads at the start: A and B open where the planner was looking.
    const sync = new CameraSync([syncedCamera(main), syncedCamera(maps.a.controller.map), syncedCamera(maps.b.controller.map)])
    this.attached = { overlay, maps, divider, handle, sync, inert }
    this.render()
    for (const s of ['a', 'b'] as const) this.showContent(s)
  }

  detach(): void {
    const a = this.attached
    if (!a) return
    this.attached = undefined
    a.sync.stop()
    for (const m of Object.values(a.maps)) m.controller.destroy()
    a.overlay.remove()
    for (const el of a.inert) el.removeAttribute('inert')
  }

  setMode(mode: CompareMode): void {
    this.mode = mode
    this.render()
  }

  setPosition(position: number): void {
    this.position = roundPosition(position)
    this.render()
  }

  setContent(side: Side, content: CompareContent): void {
    const before = this.content[side]
    this.content[side] = content
    if (before.basemap !== content.basemap || before.layer !== content.layer) this.showContent(side)
    else this.render()
  }

  setTexts(texts: CompareTexts): void {
    this.opts.texts = texts
    this.render()
  }

  private showContent(side: Side) {
    const m = this.attached?.maps[side]
    if (!m) return
    const c = this.content[side]
    this.errors[side] = {}
    m.controller.setBasemap(c.basemap)
    m.controller.setLayers(c.layer ? [c.layer] : [])
    this.render()
  }

  private render() {
    const a = this.attached
    if (!a) return
    a.overlay.dataset.mode = this.mode
    const clip = clipPaths(this.position)
    for (const s of ['a', 'b'] as const) {
      const m = a.maps[s]
      m.container.style.clipPath = this.mode === 'swipe' ? clip[s] : ''
      m.label.textContent = this.content[s].label
      m.controller.map.getCanvas().setAttribute('aria-label', this.content[s].label)
    }
    a.divider.style.left = `${this.position}%`
    a.handle.setAttribute('aria-label', this.opts.texts.slider)
    a.handle.setAttribute('aria-valuenow', String(this.position))
    a.handle.setAttribute('aria-valuetext', this.opts.texts.valueText(this.position))
  }

  private readonly errors: Record<Side, { layer?: string; basemap?: string }> = { a: {}, b: {} }

  /** A side's layer and base map report apart: a base map that loads does not clear the layer's error. */
  private reportError(side: Side, what: 'layer' | 'basemap', message: string | undefined) {
    this.errors[side][what] = message
    this.opts.onError?.(side, this.errors[side].layer ?? this.errors[side].basemap ?? null)
  }

  private moved(position: number) {
    this.setPosition(position)
    this.opts.onPosition?.(this.position)
  }

  private attachSlider(overlay: HTMLDivElement, divider: HTMLDivElement, handle: HTMLDivElement) {
    handle.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      const next = positionAfterKey(this.position, e.key)
      if (next === undefined) return
      e.preventDefault()
      this.moved(next)
    })
    // Pointer events cover mouse, pen and touch alike; the capture keeps the drag when the pointer leaves the line.
    let dragging: number | null = null
    const at = (e: PointerEvent) => {
      const r = overlay.getBoundingClientRect()
      return positionAt(e.clientX, r.left, r.width)
    }
    divider.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return
      e.preventDefault()
      dragging = e.pointerId
      divider.setPointerCapture(e.pointerId)
      handle.focus({ preventScroll: true })
    })
    divider.addEventListener('pointermove', (e) => {
      if (e.pointerId === dragging) this.setPosition(at(e))
    })
    const end = (e: PointerEvent) => {
      if (e.pointerId !== dragging) return
      dragging = null
      if (divider.hasPointerCapture(e.pointerId)) divider.releasePointerCapture(e.pointerId)
      this.moved(at(e))
    }
    divider.addEventListener('pointerup', end)
    divider.addEventListener('pointercancel', end)
  }
}
