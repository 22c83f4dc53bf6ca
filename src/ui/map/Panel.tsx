// What the map screen shows beside the map (desktop: the side panel) or in the bottom sheet (phone): the status of
// a finding's highlight, rejected catalog entries, place search, base-map switcher, layer list with search, facets
// and legends, feature information and the table of the features in view. State lives in MapScreen; this only
// lays it out.
import type { ReactNode } from 'react'
import type { LayerFeaturesInView, LayerStatus } from '../../map/MapController.ts'
import type { BasemapStatus } from '../../map/basemapLayers.ts'
import type { BBox } from '../../model/catalog.ts'
import { BasemapSwitcher } from '../basemap/BasemapSwitcher.tsx'
import { LayerList } from '../catalog/LayerList.tsx'
import { useI18n } from '../i18n.ts'
import { FeatureTable } from '../inview/FeatureTable.tsx'
import { HighlightStatus, type HighlightResult } from '../pages.tsx'
import { SearchPanel } from '../search/SearchPanel.tsx'
import type { MapScreenProps } from './MapScreen.tsx'

export interface PanelProps extends MapScreenProps {
  status: Record<string, LayerStatus>
  bounds: BBox | null
  basemapStatus?: BasemapStatus
  highlightResult?: HighlightResult
  onHighlightCleared(): void
  searchable: { id: string; title: string }[]
  onPlace(place: { point: [number, number]; bbox?: BBox }): void
  /** The hint about clicking the map (the answer itself is a popup or a sheet of its own: src/ui/identify/). */
  featureInfo: ReactNode
  attributeTitle(layerId: string, name: string): string
  tableOpen: boolean
  onTableToggle(open: boolean): void
  inView: LayerFeaturesInView[] | null
  onShowFeature(layerId: string, key: number): void
}

export function Panel(props: PanelProps) {
  const { t } = useI18n()
  const { catalog, documents: docs } = props
  return (
    <>
      {props.highlight && (
        <HighlightStatus
          highlight={props.highlight}
          result={props.highlightResult}
          onClear={() => {
            props.onHighlightCleared()
            props.onClearHighlight()
          }}
        />
      )}
      {props.rejected.length > 0 && (
        <p role="alert" className="error">
          {t('rejectedLayers', { list: props.rejected.map((r) => `${r.id} (${r.reason})`).join(', ') })}
        </p>
      )}
      <SearchPanel
        layers={props.searchable}
        places={props.places ?? {}}
        search={props.search}
        projections={props.projections}
        onWanted={() => props.onPlacesWanted?.()}
        onShow={props.onPlace}
      />
      <BasemapSwitcher choice={props.basemap} status={props.basemapStatus} />
      <LayerList
        layers={props.listed}
        visible={props.visible}
        status={props.status}
        opacity={props.opacity}
        onToggle={props.onToggle}
        onMove={props.onMove}
        onOpacity={props.onOpacity}
        onZoomTo={props.onZoomTo}
        catalog={catalog}
        filterMemory={props.filterMemory}
        documents={docs}
        today={props.today}
        bounds={props.bounds}
        onDetails={props.onDetails}
      />
      {props.featureInfo}
      <FeatureTable
        open={props.tableOpen}
        onToggle={props.onTableToggle}
        layers={catalog.layers}
        inView={props.inView}
        attributeNames={(id) => docs[id]?.attributes}
        attributeTitle={props.attributeTitle}
        onShow={props.onShowFeature}
      />
    </>
  )
}
