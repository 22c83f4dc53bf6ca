// The map screen: the panel (Panel.tsx: place search, layer list with search and facets, feature info, the feature
// table) beside the map on desktop, in a bottom sheet over it on phones (issue #15). It owns what lives only while
// the map is shown — layer statuses, the clicked feature, place and feature requests, the features in view, the
// map's extent; App owns what outlives a visit to a page.
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react'
import type { MapTool } from '../../map/tool.ts'
import type { LayerFeaturesInView, LayerStatus, View } from '../../map/MapController.ts'
import type { BBox, Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'
import type { BasemapStatus } from '../../map/basemapLayers.ts'
import type { BasemapChoice } from '../basemap/useBasemapChoice.ts'
import type { Projections } from '../../projection/registry.ts'
import { useI18n } from '../i18n.ts'
import { MapView } from './MapView.tsx'
import type { IdentifyAnswer } from '../../map/identify.ts'
import { markerOnMap } from '../search/SearchPanel.tsx'
import type { SearchHooks } from '../search/searchHooks.ts'
import type { CatalogFilterMemory } from '../catalog/useCatalogFilter.ts'
import { MapTools, type ToolLink } from '../tools/MapTools.tsx'
import { useDrawingLayer } from '../tools/draw/useDrawingLayer.ts'
import type { HighlightResult, HighlightState } from '../pages.tsx'
import type { PlacesState } from '../search/PlaceSearch.tsx'
import { BottomSheet, type SheetStep } from '../common/BottomSheet.tsx'
import { usePhone } from '../common/media.ts'
import { Panel } from './Panel.tsx'
import { useMyLocation } from './MyLocation.tsx'

// Loaded with the first answer (a click or Enter on the map): not part of the first view's JavaScript.
const IdentifyResult = lazy(() => import('../identify/IdentifyResult.tsx').then((m) => ({ default: m.IdentifyResult })))

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
  /** Address search, typed coordinates and the marker (issue #15). */
  search?: SearchHooks
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
  const { t, lang } = useI18n()
  const { catalog, documents: docs } = props
  const phone = usePhone()
  const [sheetStep, setSheetStep] = useState<SheetStep>('peek')
  const [status, setStatus] = useState<Record<string, LayerStatus>>({})
  // serial counts answered clicks, so tests and assistive tech can tell a new answer from the previous one.
  const [info, setInfo] = useState<(IdentifyAnswer & { serial: number }) | null>(null)
  const drawOrder = useMemo(() => props.shown.map((l) => l.id), [props.shown])
  const [placeRequest, setPlaceRequest] = useState<{ place: { point: [number, number]; bbox?: BBox }; n: number }>()
  const [featureRequest, setFeatureRequest] = useState<{ layerId: string; key: number; n: number }>()
  const [highlightResult, setHighlightResult] = useState<HighlightResult>()
  const [tableOpen, setTableOpen] = useState(false)
  const [inView, setInView] = useState<LayerFeaturesInView[] | null>(null)
  // The map's visible extent, for the catalog's "only layers in this map area".
  const [bounds, setBounds] = useState<BBox | null>(null)
  const [basemapStatus, setBasemapStatus] = useState<BasemapStatus>()
  const [mapTools, setMapTools] = useState<readonly MapTool[]>([])
  // Counts the answers of this visit (also across closed ones): tests and assistive tech tell a new one from the last.
  const answers = useRef(0)
  // A tool that takes the map's clicks closes the feature information: its popup would cover the places to click.
  // Stable: tool panels hand their tools over in effects that depend on it.
  const attachTools = useCallback((next: readonly MapTool[]) => {
    setMapTools(next)
    if (next.some((tool) => tool.capturesClicks)) setInfo(null)
  }, [])
  const myLocation = useMyLocation(catalog, props.projections)
  const drawingLayer = useDrawingLayer(props.projections)
  const tools = useMemo(() => [myLocation.tool, ...(drawingLayer ? [drawingLayer] : []), ...mapTools], [myLocation.tool, drawingLayer, mapTools])
  const searchable = useMemo(() => catalog.layers.filter((l) => l.kind === 'vector' && l.placesHref).map((l) => ({ id: l.id, title: l.title })), [catalog])
  const toolLink = useMemo<ToolLink>(() => ({ get: (k) => props.link?.find(([key]) => key === k)?.[1], set: (v) => props.onLinkChange?.(v) }), [props.link, props.onLinkChange])
  const attributeTitle = (layerId: string, name: string) => docs[layerId]?.metadata.attributes?.[name]?.title ?? name
  // On a phone the sheet gets out of the way when the map goes somewhere to be looked at.
  const showMap = () => setSheetStep('peek')

  const panel = (
    <Panel
      {...props}
      status={status}
      bounds={bounds}
      basemapStatus={basemapStatus}
      highlightResult={highlightResult}
      onHighlightCleared={() => setHighlightResult(undefined)}
      searchable={searchable}
      onPlace={(place) => {
        setPlaceRequest((r) => ({ place, n: (r?.n ?? 0) + 1 }))
        showMap()
      }}
      featureInfo={<p className="hint">{t('clickHint')}</p>}
      attributeTitle={attributeTitle}
      tableOpen={tableOpen}
      onTableToggle={(open) => {
        setTableOpen(open)
        if (!open) setInView(null)
      }}
      inView={inView}
      onShowFeature={(layerId, key) => {
        setFeatureRequest((r) => ({ layerId, key, n: (r?.n ?? 0) + 1 }))
        showMap()
      }}
    />
  )

  return (
    <main className={phone ? 'layout phone' : 'layout'} data-sheet={phone ? sheetStep : undefined}>
      {phone ? (
        <BottomSheet label={t('sheetLabel')} step={sheetStep} onStepChange={setSheetStep} testId="panel-sheet">
          {panel}
        </BottomSheet>
      ) : (
        <aside className="panel" aria-label={t('sheetLabel')} data-testid="panel">
          {panel}
        </aside>
      )}
      <MapTools catalog={catalog} shown={props.shown} documents={docs} projections={props.projections} catalogUrl={props.catalogUrl} setMapTools={attachTools} link={toolLink} />
      {/* Keyboard focus on the map while the sheet covers it all: the sheet makes room. */}
      <div className="map-area" onFocus={() => phone && sheetStep === 'full' && setSheetStep('half')}>
        <MapView
          tools={tools}
          layers={props.shown}
          opacity={props.opacity}
          view={props.view}
          fitRequest={props.fitRequest}
          placeRequest={placeRequest}
          marker={markerOnMap(props.search?.marker, t, lang)}
          featureRequest={featureRequest}
          onFeaturesInView={tableOpen ? setInView : undefined}
          projections={props.projections}
          catalogUrl={props.catalogUrl}
          basemap={props.basemap.active}
          onBasemapStatus={setBasemapStatus}
          onView={props.onView}
          onBounds={setBounds}
          onLayerStatus={(id, s) => setStatus((prev) => ({ ...prev, [id]: s }))}
          onFeatureInfo={(i) => setInfo({ ...i, serial: ++answers.current })}
          onIdle={() => props.onIdle(props.visible, status)}
          highlight={props.highlight}
          onHighlight={setHighlightResult}
        />
        {myLocation.message}
        {/* Outside the panel: on a phone the answer is a sheet of its own over the panel's sheet. */}
        {answers.current > 0 && (
          <Suspense fallback={null}>
            <IdentifyResult answer={info} layers={catalog.layers} drawOrder={drawOrder} attributeTitles={attributeTitle} onDetails={props.onDetails} onClose={() => setInfo(null)} />
          </Suspense>
        )}
      </div>
    </main>
  )
}
