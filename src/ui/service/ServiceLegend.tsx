// The legend of an external service layer: its legend image(s) (the capabilities' LegendURL or GetLegendGraphic),
// loaded only while the layer is switched on. An image that does not load is replaced by a line of text.
import { useState } from 'react'
import type { ServiceLayerEntry } from '../../model/catalog.ts'
import { legendUrls } from '../../sources/service/urls.ts'
import { useI18n } from '../i18n.ts'

export function ServiceLegend({ layer }: { layer: ServiceLayerEntry }) {
  const { t } = useI18n()
  const [failed, setFailed] = useState<Record<string, boolean>>({})
  const urls = legendUrls(layer)
  if (!urls.length) return null
  return (
    <div className="service-legend" data-testid={`legend-${layer.id}`}>
      {urls.map((url) =>
        failed[url] ? (
          <p key={url} className="hint" data-testid="service-legend-error">
            {t('serviceLegendError')}
          </p>
        ) : (
          <img
            key={url}
            src={url}
            alt={t('serviceLegendAlt', { title: layer.title })}
            referrerPolicy="no-referrer"
            loading="lazy"
            onError={() => setFailed((f) => ({ ...f, [url]: true }))}
          />
        ),
      )}
    </div>
  )
}
