// Mounts the MapController and passes changes to it; no map calls during render.
import { useEffect, useRef } from 'react'
import type { BBox, LayerEntry, VectorLayerEntry } from '../../model/catalog.ts'
import type { BasemapDefinition } from '../../model/basemap.ts'
import { MapController, type LayerFeaturesInView, type MapCallbacks, type View } from '../../map/MapController.ts'
import type { MapTool } from '../../map/tool.ts'
import { searchMarkerTool } from '../../map/searchMarker.ts'
import type { Projections } from '../../projection/registry.ts'
import { useI18n, type Translate } from '../i18n.ts'

export interface MapViewProps extends MapCallbacks {
  layers: LayerEntry[]
  opacity: Record<string, number>
  view: View
  /** Changing this number asks the map to fit fitTo. */
  fitRequest?: { bbox: BBox; n: number }
  /** Changing this asks the map to fly to a place of the place search and mark it. */
  placeRequest?: { place: { point: [number, number]; bbox?: BBox }; n: number }
  /** Changing this asks the map to centre and highlight a feature of the feature table. */
  featureRequest?: { layerId: string; key: number; n: number }
  /** While set, the features in view are reported (on map idle, debounced) for the feature table. */
  onFeaturesInView?(layers: LayerFeaturesInView[]): void
  /** Features of a quality finding to highlight (positions in the layer's file); undefined clears the highlight. */
  highlight?: { layer: VectorLayerEntry; ids: number[]; n: number }
  onHighlight?(result: { n: number; count: number; skipped: number } | { n: number; error: string }): void
  projections: Projections
  catalogUrl: string
  /** The base map to draw (null: none). */
  basemap: BasemapDefinition | null
  /** Planners' tools attached to the map (src/map/tool.ts); a changed list detaches the old ones. */
  tools?: readonly MapTool[]
  /** The place search's marker (issue #15): a point and its label; undefined removes it. */
  marker?: { lonLat: [number, number]; label: string }
}

/** MapLibre's own control texts in the page's language (their aria-labels and titles); also for the compare maps. */
export const mapLocale = (t: Translate): Record<string, string> => ({
  'NavigationControl.ZoomIn': t('zoomIn_'),
  'NavigationControl.ZoomOut': t('zoomOut_'),
  'AttributionControl.ToggleAttribution': t('attributionToggle'),
})

export function MapView(props: MapViewProps) {
  const { t } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const controller = useRef<MapController | null>(null)
  // Callbacks change identity on every render; the controller calls the latest through this ref.
  const callbacks = useRef<MapViewProps>(props)
  callbacks.current = props

  // Feature table: the features in view after the map settles (debounced: idle can come in bursts).
  const inViewTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const reportInView = () => {
    clearTimeout(inViewTimer.current)
    // Only a settled map answers (before its first idle nothing is loaded yet; the idle event will report).
    if (!callbacks.current.onFeaturesInView || container.current?.dataset.idle !== 'true') return
    inViewTimer.current = setTimeout(() => {
      const c = controller.current
      if (c && callbacks.current.onFeaturesInView) callbacks.current.onFeaturesInView(c.featuresInView())
    }, 150)
  }
  const tableWanted = props.onFeaturesInView !== undefined
  useEffect(() => {
    if (tableWanted) reportInView()
    return () => clearTimeout(inViewTimer.current)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tableWanted])
  useEffect(() => {
    if (props.placeRequest) controller.current?.showPlace(props.placeRequest.place)
  }, [props.placeRequest])
  useEffect(() => {
    if (props.featureRequest) controller.current?.showFeature(props.featureRequest.layerId, props.featureRequest.key)
  }, [props.featureRequest])

  useEffect(() => {
    const c = new MapController({
      container: container.current!,
      view: props.view,
      projections: props.projections,
      catalogUrl: props.catalogUrl,
      locale: mapLocale(t),
      onView: (v) => callbacks.current.onView?.(v),
      onLayerStatus: (id, s) => callbacks.current.onLayerStatus?.(id, s),
      onFeatureInfo: (i) => callbacks.current.onFeatureInfo?.(i),
      onBounds: (b) => callbacks.current.onBounds?.(b),
      onBasemapStatus: (s) => callbacks.current.onBasemapStatus?.(s),
      onIdle: () => {
        callbacks.current.onIdle?.()
        reportInView()
      },
    })
    controller.current = c
    return () => {
      c.destroy()
      controller.current = null
    }
    // The map is created once per catalog; later changes go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.catalogUrl])

  useEffect(() => {
    const c = controller.current
    if (!c || !props.tools?.length) return
    const detach = props.tools.map((tool) => c.attachTool(tool))
    return () => detach.forEach((d) => d())
  }, [props.tools])
  // After the map is created (effects run in order): a marker from the share link shows at once.
  const markerKey = props.marker ? `${props.marker.lonLat.join(',')}\n${props.marker.label}` : ''
  useEffect(() => {
    const c = controller.current
    if (!c || !props.marker) return
    return c.attachTool(searchMarkerTool(props.marker.lonLat, props.marker.label))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markerKey])
  useEffect(() => controller.current?.setBasemap(props.basemap), [props.basemap])
  useEffect(() => controller.current?.setLayers(props.layers), [props.layers])
  useEffect(() => {
    const c = controller.current
    const h = props.highlight
    if (!c) return
    if (!h) return c.clearHighlight()
    c.highlightFeatures(h.layer, h.ids).then(
      (r) => callbacks.current.onHighlight?.({ n: h.n, ...r }),
      (e: Error) => callbacks.current.onHighlight?.({ n: h.n, error: e.message }),
    )
  }, [props.highlight])
  useEffect(() => controller.current?.setView(props.view), [props.view])
  useEffect(() => {
    for (const [id, o] of Object.entries(props.opacity)) controller.current?.setOpacity(id, o)
  }, [props.opacity])
  useEffect(() => {
    if (props.fitRequest) controller.current?.fitBounds(props.fitRequest.bbox)
  }, [props.fitRequest])
  useEffect(() => {
    const canvas = container.current?.querySelector('canvas')
    canvas?.setAttribute('aria-label', `${t('mapLabel')} ${t('identifyKeyHint')}`)
  }, [t])

  return <div ref={container} className="map" role="region" aria-label={t('map')} data-testid="map" />
}
