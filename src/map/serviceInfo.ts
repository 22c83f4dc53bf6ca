// GetFeatureInfo for a click on the map (loaded on the first click on a queryable service layer: not part of the first
// view's JavaScript). Each answer becomes attributes or text (featureInfo.ts); a service that fails becomes an error
// line for its layer, never a hang (timeout).
import type * as maplibregl from 'maplibre-gl'
import type { ServiceLayerEntry } from '../model/catalog.ts'
import { parseFeatureInfo } from '../sources/service/featureInfo.ts'
import { featureInfoUrl, toWebMercator } from '../sources/service/featureInfoUrl.ts'

/** How long a GetFeatureInfo answer may take before the click is answered without it. */
const INFO_TIMEOUT_MS = 8000

export interface ServiceHit {
  layerId: string
  properties: Record<string, unknown>
  /** The answer as text, when it had no attributes (plain text, HTML reduced to text). */
  text?: string
  /** The service did not answer (network, CORS, HTTP status, timeout). */
  error?: string
}

/** GetFeatureInfo of the given queryable service layers (top first, see queryableAt) at a clicked pixel. */
export async function serviceInfoAt(map: maplibregl.Map, layers: ServiceLayerEntry[], point: { x: number; y: number }): Promise<ServiceHit[]> {
  if (!layers.length) return []
  const canvas = map.getContainer()
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  const b = map.getBounds()
  const [x0, y0] = toWebMercator([b.getWest(), b.getSouth()])
  const [x1, y1] = toWebMercator([b.getEast(), b.getNorth()])
  const answers = await Promise.all(
    layers.map(async (l): Promise<ServiceHit[]> => {
      const url = featureInfoUrl(l, { bbox3857: [x0, y0, x1, y1], width, height, x: point.x, y: point.y })
      if (!url) return []
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(INFO_TIMEOUT_MS), credentials: 'omit', referrerPolicy: 'no-referrer' })
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        const answer = parseFeatureInfo(res.headers.get('content-type') ?? '', await res.text())
        if (answer.features.length) return answer.features.map((properties) => ({ layerId: l.id, properties }))
        return answer.text ? [{ layerId: l.id, properties: {}, text: answer.text }] : []
      } catch (e) {
        return [{ layerId: l.id, properties: {}, error: (e as Error).message }]
      }
    }),
  )
  return answers.flat()
}
