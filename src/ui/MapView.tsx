// Mounts the MapController and passes changes to it; no map calls during render.
import { useEffect, useRef } from 'react'
import type { BasemapConfig, BBox, LayerEntry } from '../model/catalog.ts'
import { MapController, type MapCallbacks, type View } from '../map/MapController.ts'
import type { Projections } from '../projection/registry.ts'
import { useI18n } from './i18n.ts'

export interface MapViewProps extends MapCallbacks {
  layers: LayerEntry[]
  opacity: Record<string, number>
  view: View
  /** Changing this number asks the map to fit fitTo. */
  fitRequest?: { bbox: BBox; n: number }
  projections: Projections
  catalogUrl: string
  basemap?: BasemapConfig
}

export function MapView(props: MapViewProps) {
  const { t } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const controller = useRef<MapController | null>(null)
  // Callbacks change identity on every render; the controller calls the latest through this ref.
  const callbacks = useRef<MapCallbacks>(props)
  callbacks.current = props

  useEffect(() => {
    const c = new MapController({
      container: container.current!,
      view: props.view,
      projections: props.projections,
      catalogUrl: props.catalogUrl,
      basemap: props.basemap,
      // MapLibre's own controls speak the page's language (their aria-labels and titles).
      locale: { 'NavigationControl.ZoomIn': t('zoomIn_'), 'NavigationControl.ZoomOut': t('zoomOut_'), 'AttributionControl.ToggleAttribution': t('attributionToggle') },
      onView: (v) => callbacks.current.onView?.(v),
      onLayerStatus: (id, s) => callbacks.current.onLayerStatus?.(id, s),
      onFeatureInfo: (i) => callbacks.current.onFeatureInfo?.(i),
      onIdle: () => callbacks.current.onIdle?.(),
    })
    controller.current = c
    return () => {
      c.destroy()
      controller.current = null
    }
    // The map is created once per catalog; later changes go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.catalogUrl])

  useEffect(() => controller.current?.setLayers(props.layers), [props.layers])
  useEffect(() => controller.current?.setView(props.view), [props.view])
  useEffect(() => {
    for (const [id, o] of Object.entries(props.opacity)) controller.current?.setOpacity(id, o)
  }, [props.opacity])
  useEffect(() => {
    if (props.fitRequest) controller.current?.fitBounds(props.fitRequest.bbox)
  }, [props.fitRequest])
  useEffect(() => {
    const canvas = container.current?.querySelector('canvas')
    canvas?.setAttribute('aria-label', t('mapLabel'))
  }, [t])

  return <div ref={container} className="map" role="region" aria-label={t('map')} data-testid="map" />
}
