// The marker of the place search (issue #15): a chosen address or typed coordinate, kept until another result is
// chosen or it is removed (it is part of the share link). A DOM marker: always above the map's own layers,
// whatever is added later, and it carries its label for assistive technology. Attached through MapTool.
import * as maplibregl from 'maplibre-gl'
import type { MapTool } from './tool.ts'

export function searchMarkerTool(lonLat: [number, number], label: string): MapTool {
  let marker: maplibregl.Marker | undefined
  return {
    attach(map) {
      marker = new maplibregl.Marker({ color: '#c2185b' }).setLngLat(lonLat).addTo(map)
      const el = marker.getElement()
      el.dataset.testid = 'search-marker'
      el.setAttribute('role', 'img')
      el.setAttribute('aria-label', label)
      el.title = label
    },
    detach() {
      marker?.remove()
      marker = undefined
    },
  }
}
