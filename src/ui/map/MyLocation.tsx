// "My location" for the map screen: the map tool (src/map/myLocation.ts) and the message that says what came of
// pressing its button (locating, shown, outside the catalog's area, permission denied, unavailable …).
import { useMemo, useState, type ReactNode } from 'react'
import { MyLocationTool, type LocationState } from '../../map/myLocation.ts'
import type { BBox, Catalog } from '../../model/catalog.ts'
import { WORK_CRS, type Projections } from '../../projection/registry.ts'
import { useI18n, type MessageKey } from '../i18n.ts'

/** Where the catalog's data lies, in lon/lat: its expectedArea (EPSG:25832) when set, else the layers' extents. */
export function catalogArea(catalog: Catalog, projections: Projections): BBox | null {
  const a = catalog.expectedArea
  if (a) {
    const toLonLat = projections.forward(WORK_CRS, 'EPSG:4326')
    const corners = [toLonLat([a[0], a[1]]), toLonLat([a[2], a[1]]), toLonLat([a[2], a[3]]), toLonLat([a[0], a[3]])]
    return [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))]
  }
  if (!catalog.layers.length) return null
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const l of catalog.layers) {
    b[0] = Math.min(b[0], l.bbox4326[0])
    b[1] = Math.min(b[1], l.bbox4326[1])
    b[2] = Math.max(b[2], l.bbox4326[2])
    b[3] = Math.max(b[3], l.bbox4326[3])
  }
  return b
}

const MESSAGES: Record<Exclude<LocationState['kind'], 'idle'>, MessageKey> = {
  locating: 'locating',
  shown: 'locationShown',
  outside: 'locationOutside',
  denied: 'locationDenied',
  unavailable: 'locationUnavailable',
  timeout: 'locationTimeout',
  unsupported: 'locationUnsupported',
}

export function useMyLocation(catalog: Catalog, projections: Projections): { tool: MyLocationTool; message: ReactNode } {
  const { t } = useI18n()
  const [state, setState] = useState<LocationState>({ kind: 'idle' })
  const area = useMemo(() => catalogArea(catalog, projections), [catalog, projections])
  const tool = useMemo(() => new MyLocationTool({ label: t('myLocation'), area, onState: setState }), [t, area])
  const text = state.kind === 'idle' ? '' : t(MESSAGES[state.kind], 'accuracy' in state ? { m: Math.round(state.accuracy) } : undefined)
  const problem = ['denied', 'unavailable', 'timeout', 'unsupported', 'outside'].includes(state.kind)
  // The live region is always there, so screen readers announce each new text.
  const message = (
    <div className={`map-message${text ? '' : ' empty'}${problem ? ' problem' : ''}`} data-testid="location-message" data-state={state.kind}>
      <p role="status">{text}</p>
      {text && (
        <button type="button" className="link" onClick={() => setState({ kind: 'idle' })} aria-label={t('dismissMessage')} title={t('dismissMessage')}>
          ×
        </button>
      )}
    </div>
  )
  return { tool, message }
}
