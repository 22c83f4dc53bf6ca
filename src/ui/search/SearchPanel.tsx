// The search block of the map screen (issue #15): the place search plus what a choice does — fly there (the map
// screen's place request), set or clear the marker (share link), convert typed coordinates (Gauss-Krüger after
// loading its grid) — and the button that removes the marker.
import { useState } from 'react'
import type { AddressHit } from '../../catalog/addresses.ts'
import type { BBox } from '../../model/catalog.ts'
import type { Projections } from '../../projection/registry.ts'
import type { ParsedCoordinate } from '../../tools/coordinates/parse.ts'
import { useI18n, type Translate } from '../i18n.ts'
import { PlaceSearch, coordinateText, type PlacesState } from './PlaceSearch.tsx'
import type { Marker, SearchHooks } from './searchHooks.ts'

export interface SearchPanelProps {
  layers: { id: string; title: string }[]
  places: Record<string, PlacesState | undefined>
  search?: SearchHooks
  projections: Projections
  onWanted(): void
  /** Fly to a point (zoom 17) or fit an extent. */
  onShow(place: { point: [number, number]; bbox?: BBox }): void
}

/** The marker as the map draws it: its point and a label for assistive technology. */
export function markerOnMap(m: Marker | undefined, t: Translate, lang: string): { lonLat: [number, number]; label: string } | undefined {
  if (!m) return undefined
  return { lonLat: [m.lon, m.lat], label: t('markerLabel', { label: coordinateText({ kind: 'latlon', lat: m.lat, lon: m.lon, notes: [] }, t, lang) }) }
}

export function SearchPanel({ layers, places, search, projections, onWanted, onShow }: SearchPanelProps) {
  const { t } = useI18n()
  const [error, setError] = useState<string>()
  const mark = (point: [number, number]) => search?.onMarker({ lon: point[0], lat: point[1] })

  const chooseAddress = (hit: AddressHit) => {
    setError(undefined)
    if (hit.kind === 'address') {
      onShow({ point: hit.point })
      mark(hit.point)
    } else {
      onShow({ point: hit.point, ...(hit.bbox ? { bbox: hit.bbox } : {}) })
      search?.onMarker(undefined)
    }
  }
  const chooseCoordinate = async (c: ParsedCoordinate) => {
    setError(undefined)
    try {
      // Loaded when a coordinate is chosen (not in the first view's JavaScript).
      const { needsGrid, toLonLat } = await import('../../tools/coordinates/convert.ts')
      if (needsGrid(c, projections)) await search?.loadGrid()
      const point = toLonLat(c, projections)
      onShow({ point })
      mark(point)
    } catch {
      setError(t('coordGridError'))
    }
  }
  return (
    <div className="search-panel">
      <PlaceSearch
        layers={layers}
        places={places}
        addresses={search?.addresses}
        addressLayers={search?.addressLayers}
        onWanted={onWanted}
        onChoose={(place) => {
          setError(undefined)
          onShow(place)
          search?.onMarker(undefined)
        }}
        onChooseAddress={chooseAddress}
        onChooseCoordinate={(c) => void chooseCoordinate(c)}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {search?.marker && (
        <button type="button" className="marker-remove" data-testid="marker-remove" onClick={() => search.onMarker(undefined)}>
          {t('markerRemove')}
        </button>
      )}
    </div>
  )
}
