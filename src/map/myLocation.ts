// "My location" (issue #15): a button among the map's controls that asks the browser for the position only when
// pressed, draws a dot with its accuracy circle and flies there. It is a MapTool (tool.ts): it adds its control,
// source and layers on attach and removes them on detach, keeping the last fix so a re-attach draws it again.
// What happened is reported through onState; the UI words it (src/ui/map/MyLocation.tsx).
import { keepOverlayOnTop, removeOverlay } from './highlight.ts'
import * as maplibregl from 'maplibre-gl'
import type { BBox } from '../model/catalog.ts'
import type { MapTool } from './tool.ts'

export interface Fix {
  lon: number
  lat: number
  /** Radius of the 95 % circle in metres, as the browser reports it. */
  accuracy: number
}

export type LocationState =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | ({ kind: 'shown' } & Fix)
  /** The position lies outside the catalog's area: drawn, but the map stays where it is. */
  | ({ kind: 'outside' } & Fix)
  | { kind: 'denied' }
  | { kind: 'unavailable' }
  | { kind: 'timeout' }
  /** No geolocation in this browser, or not in a secure context (http:// other than localhost). */
  | { kind: 'unsupported' }

const EARTH_RADIUS = 6_371_008.8

/** A polygon around (lon, lat) at `metres` on the sphere (ring closed, counter-clockwise). */
export function accuracyCircle(lon: number, lat: number, metres: number, steps = 64): [number, number][] {
  const d = metres / EARTH_RADIUS
  const φ1 = (lat * Math.PI) / 180
  const λ1 = (lon * Math.PI) / 180
  const ring: [number, number][] = []
  for (let i = 0; i <= steps; i++) {
    const θ = (-2 * Math.PI * (i % steps)) / steps
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ))
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2))
    ring.push([(λ2 * 180) / Math.PI, (φ2 * 180) / Math.PI])
  }
  return ring
}

/** The state a geolocation error code means (GeolocationPositionError: 1 denied, 2 unavailable, 3 timeout). */
export function errorState(code: number): LocationState {
  return code === 1 ? { kind: 'denied' } : code === 3 ? { kind: 'timeout' } : { kind: 'unavailable' }
}

/** A fix inside the area (lon/lat) is shown and flown to; outside, only shown. No area: everywhere is inside. */
export function fixState(fix: Fix, area: BBox | null): LocationState {
  const inside = !area || (fix.lon >= area[0] && fix.lon <= area[2] && fix.lat >= area[1] && fix.lat <= area[3])
  return { kind: inside ? 'shown' : 'outside', ...fix }
}

export const LOCATION_SOURCE = 'geoportal-my-location'
const LAYERS = ['geoportal-my-location-accuracy', 'geoportal-my-location-ring', 'geoportal-my-location-dot'] as const
const COLOR = '#005a9c'

export interface MyLocationOptions {
  /** The button's accessible name and tooltip. */
  label: string
  /** Where the catalog's data lies (lon/lat); a position outside is drawn but not flown to. */
  area: BBox | null
  onState(state: LocationState): void
  /** The browser's geolocation (null: none); default navigator.geolocation in a secure context. */
  geolocation?: Geolocation | null
}

export class MyLocationTool implements MapTool {
  private map: maplibregl.Map | null = null
  private control: maplibregl.IControl | null = null
  private button: HTMLButtonElement | null = null
  private fix: Fix | null = null
  private readonly raise = () => this.raiseLayers()

  constructor(private readonly opts: MyLocationOptions) {}

  attach(map: maplibregl.Map): void {
    this.map = map
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'geoportal-locate'
    button.title = this.opts.label
    button.setAttribute('aria-label', this.opts.label)
    button.dataset.testid = 'my-location'
    // A crosshair with a centre dot; decorative, the button carries the name.
    button.innerHTML =
      '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M11 2v2.07A8 8 0 0 0 4.07 11H2v2h2.07A8 8 0 0 0 11 19.93V22h2v-2.07A8 8 0 0 0 19.93 13H22v-2h-2.07A8 8 0 0 0 13 4.07V2h-2Zm1 4a6 6 0 1 1 0 12 6 6 0 0 1 0-12Zm0 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z"/></svg>'
    button.addEventListener('click', () => this.locate())
    this.button = button
    this.control = {
      onAdd: () => {
        const box = document.createElement('div')
        box.className = 'maplibregl-ctrl maplibregl-ctrl-group'
        box.appendChild(button)
        return box
      },
      onRemove: () => button.parentElement?.remove(),
    }
    map.addControl(this.control, 'top-right')
    map.addSource(LOCATION_SOURCE, { type: 'geojson', data: this.data() })
    const source = LOCATION_SOURCE
    const [accuracy, ring, dot] = LAYERS
    map.addLayer({ id: accuracy, type: 'fill', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': COLOR, 'fill-opacity': 0.12 } })
    map.addLayer({ id: ring, type: 'line', source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': COLOR, 'line-width': 1.5 } })
    map.addLayer({ id: dot, type: 'circle', source, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } })
    // Catalog layers added later go to the top; the position stays above them.
    map.on('styledata', this.raise)
  }

  detach(map: maplibregl.Map): void {
    map.off('styledata', this.raise)
    if (this.control) map.removeControl(this.control)
    removeOverlay(map, [...LAYERS].reverse(), [LOCATION_SOURCE])
    this.map = this.control = this.button = null
  }

  /** Asks for the position (the browser asks the user for permission the first time). */
  locate(): void {
    const geo = this.opts.geolocation !== undefined ? this.opts.geolocation : typeof navigator !== 'undefined' && window.isSecureContext ? (navigator.geolocation ?? null) : null
    if (!geo) return this.report({ kind: 'unsupported' })
    this.report({ kind: 'locating' })
    geo.getCurrentPosition(
      (p) => {
        const fix = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }
        const state = fixState(fix, this.opts.area)
        this.fix = fix
        this.show(state.kind === 'shown')
        this.report(state)
      },
      (e) => this.report(errorState(e.code)),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    )
  }

  private report(state: LocationState) {
    this.button?.setAttribute('aria-busy', String(state.kind === 'locating'))
    this.button?.classList.toggle('active', state.kind === 'shown' || state.kind === 'outside')
    this.opts.onState(state)
  }

  private data(): GeoJSON.FeatureCollection {
    const f = this.fix
    if (!f) return { type: 'FeatureCollection', features: [] }
    return {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [accuracyCircle(f.lon, f.lat, Math.max(f.accuracy, 1))] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [f.lon, f.lat] } },
      ],
    }
  }

  private show(fly: boolean) {
    const map = this.map
    const f = this.fix
    if (!map || !f) return
    ;(map.getSource(LOCATION_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData(this.data())
    this.raiseLayers()
    if (!fly) return
    const ring = accuracyCircle(f.lon, f.lat, Math.max(f.accuracy, 25), 16)
    const bounds = ring.reduce((b, p) => b.extend(p), new maplibregl.LngLatBounds(ring[0], ring[0]))
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
    map.fitBounds(bounds, { padding: 40, maxZoom: 17, duration: reduced ? 0 : 1200 })
  }

  private raiseLayers() {
    const map = this.map
    if (!map || !map.getLayer(LAYERS[2])) return
    keepOverlayOnTop(map, LAYERS)
  }
}
