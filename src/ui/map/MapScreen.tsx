// The map screen: the side panel (place search, layer list with search and facets, feature info, the feature
// table) next to the map. It owns what lives only while the map is shown — layer statuses, the clicked feature,
// place and feature requests, the features in view, the map's extent; App owns what outlives a visit to a page.
import { useMemo, useState } from 'react'
import type { MapTool } from '../../map/tool.ts'
import type { Place } from '../../catalog/places.ts'
import type { FeatureHit, LayerFeaturesInView, LayerStatus, RasterValue, View } from '../../map/MapController.ts'
import type { BBox, Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'
import type { BasemapStatus } from '../../map/basemapLayers.ts'
import { BasemapSwitcher } from '../basemap/BasemapSwitcher.tsx'
import type { BasemapChoice } from '../basemap/useBasemapChoice.ts'
import type { Projections } from '../../projection/registry.ts'
import { FeatureInfo } from '../identify/FeatureInfo.tsx'
import { FeatureTable } from '../inview/FeatureTable.tsx'
import { useI18n } from '../i18n.ts'
import { LayerList } from '../catalog/LayerList.tsx'
import { MapView } from './MapView.tsx'
import { HighlightStatus, type HighlightResult, type HighlightState } from '../pages.tsx'
import { PlaceSearch, type PlacesState } from '../search/PlaceSearch.tsx'
import type { CatalogFilterMemory } from '../catalog/useCatalogFilter.ts'
import { MapTools, type ToolLink } from '../tools/MapTools.tsx'

export interface MapScreenProps {
  catalog: Catalog
  rejected: { id: string; reason: string }[]
  /** The list, top layer first. */
  listed: LayerEntry[]
  /** Layers on the map, bottom to top. */
  shown: LayerEntry[]
  visible: string[]
  opacity: Record<string, number>
  view: View
  /** Changing n asks the map to fit bbox. */
  fitRequest?: { bbox: BBox; n: number }
  highlight?: HighlightState
  documents: Record<string, LayerDocument>
  today: Date
  filterMemory: CatalogFilterMemory
  projections: Projections
  catalogUrl: string
  basemap: BasemapChoice
  places?: Record<string, PlacesState | undefined>
  onPlacesWanted?(): void
  onToggle(id: string, on: boolean): void
  onMove(id: string, delta: 1 | -1): void
  onOpacity(id: string, value: number): void
  onZoomTo(layer: LayerEntry): void
  onDetails(layer: LayerEntry): void
  onClearHighlight(): void
  onView(view: View): void
  onIdle(visible: string[], status: Record<string, LayerStatus>): void
  /** The share link's other keys and how a planners' tool changes its own (see ToolLink). */
  link?: readonly [string, string][]
  onLinkChange?(values: Record<string, string | undefined>): void
}

export function MapScreen(props: MapScreenProps) {
  const { t } = useI18n()
  const { catalog, documents: docs } = props
  const [status, setStatus] = useState<Record<string, LayerStatus>>({})
  // serial counts answered clicks, so tests and assistive tech can tell a new answer from the previous one.
  const [info, setInfo] = useState<{ hits: FeatureHit[]; rasterValues: RasterValue[]; serial: number } | null>(null)
  const [placeRequest, setPlaceRequest] = useState<{ place: Place; n: number }>()
  const [featureRequest, setFeatureRequest] = useState<{ layerId: string; key: number; n: number }>()
  const [highlightResult, setHighlightResult] = useState<HighlightResult>()
  const [tableOpen, setTableOpen] = useState(false)
  const [inView, setInView] = useState<LayerFeaturesInView[] | null>(null)
  // The map's visible extent, for the catalog's "only layers in this map area".
  const [bounds, setBounds] = useState<BBox | null>(null)
  const [basemapStatus, setBasemapStatus] = useState<BasemapStatus>()
  const [mapTools, setMapTools] = useState<readonly MapTool[]>([])
  const searchable = useMemo(() => catalog.layers.filter((l) => l.kind === 'vector' && l.placesHref).map((l) => ({ id: l.id, title: l.title })), [catalog])
  const toolLink = useMemo<ToolLink>(() => ({ get: (k) => props.link?.find(([key]) => key === k)?.[1], set: (v) => props.onLinkChange?.(v) }), [props.link, props.onLinkChange])
  const attributeTitle = (layerId: string, name: string) => docs[layerId]?.metadata.attributes?.[name]?.title ?? name

  return (
    <main className="layout">
      <aside className="panel">
        {props.highlight && (
          <HighlightStatus
            highlight={props.highlight}
            result={highlightResult}
            onClear={() => {
              setHighlightResult(undefined)
              props.onClearHighlight()
            }}
          />
        )}
        {props.rejected.length > 0 && (
          <p role="alert" className="error">
            {t('rejectedLayers', { list: props.rejected.map((r) => `${r.id} (${r.reason})`).join(', ') })}
          </p>
        )}
        {searchable.length > 0 && (
          <PlaceSearch layers={searchable} places={props.places ?? {}} onWanted={() => props.onPlacesWanted?.()} onChoose={(place) => setPlaceRequest((r) => ({ place, n: (r?.n ?? 0) + 1 }))} />
        )}
        <BasemapSwitcher choice={props.basemap} status={basemapStatus} />
        <LayerList
          layers={props.listed}
          visible={props.visible}
          status={status}
          opacity={props.opacity}
          onToggle={props.onToggle}
          onMove={props.onMove}
          onOpacity={props.onOpacity}
          onZoomTo={props.onZoomTo}
          catalog={catalog}
          filterMemory={props.filterMemory}
          documents={docs}
          today={props.today}
          bounds={bounds}
          onDetails={props.onDetails}
        />
        {info ? (
          <FeatureInfo serial={info.serial} hits={info.hits} rasterValues={info.rasterValues} layers={catalog.layers} attributeTitles={attributeTitle} onClose={() => setInfo(null)} />
        ) : (
          <p className="hint">{t('clickHint')}</p>
        )}
        <FeatureTable
          open={tableOpen}
          onToggle={(open) => {
            setTableOpen(open)
            if (!open) setInView(null)
          }}
          layers={catalog.layers}
          inView={inView}
          attributeNames={(id) => docs[id]?.attributes}
          attributeTitle={attributeTitle}
          onShow={(layerId, key) => setFeatureRequest((r) => ({ layerId, key, n: (r?.n ?? 0) + 1 }))}
        />
      </aside>
      <MapTools catalog={catalog} shown={props.shown} documents={docs} projections={props.projections} catalogUrl={props.catalogUrl} setMapTools={setMapTools} link={toolLink} />
      <MapView
        tools={mapTools}
        layers={props.shown}
        opacity={props.opacity}
        view={props.view}
        fitRequest={props.fitRequest}
        placeRequest={placeRequest}
        featureRequest={featureRequest}
        onFeaturesInView={tableOpen ? setInView : undefined}
        projections={props.projections}
        catalogUrl={props.catalogUrl}
        basemap={props.basemap.active}
        onBasemapStatus={setBasemapStatus}
        onView={props.onView}
        onBounds={setBounds}
        onLayerStatus={(id, s) => setStatus((prev) => ({ ...prev, [id]: s }))}
        onFeatureInfo={(i) => setInfo((prev) => ({ ...i, serial: (prev?.serial ?? 0) + 1 }))}
        onIdle={() => props.onIdle(props.visible, status)}
        highlight={props.highlight}
        onHighlight={setHighlightResult}
      />
    </main>
  )
}
