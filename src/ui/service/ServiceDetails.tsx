// The service part of a service layer's details page: what the service is, where its description is, how it can be
// queried — all as text (the URLs are http(s), checked by parseCatalog, and shown as plain links).
import type { ServiceLayerEntry } from '../../model/catalog.ts'
import { capabilitiesUrl } from '../../model/service.ts'
import { useI18n } from '../i18n.ts'
import { ServiceLegend } from './ServiceLegend.tsx'

export function ServiceDetails({ layer }: { layer: ServiceLayerEntry }) {
  const { t, lang } = useI18n()
  const caps = capabilitiesUrl(layer)
  const nf = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 })
  const fmt = (z: number | undefined, fallback: number) => nf.format(z ?? fallback)
  return (
    <section aria-labelledby="layer-service" data-testid="details-service">
      <h3 id="layer-service">{t('serviceSection')}</h3>
      <dl className="meta">
        <div className="meta-row">
          <dt>{t('serviceType')}</dt>
          <dd>
            {layer.service.toUpperCase()} {layer.version}
          </dd>
        </div>
        <div className="meta-row">
          <dt>{t('serviceLayers')}</dt>
          <dd>{layer.layers}</dd>
        </div>
        <div className="meta-row">
          <dt>{t('serviceCapabilities')}</dt>
          <dd className="url">
            <a href={caps} target="_blank" rel="noopener noreferrer nofollow">
              {caps}
            </a>
          </dd>
        </div>
        <div className="meta-row">
          <dt>{t('serviceQueryable')}</dt>
          <dd>{t(layer.queryable ? 'serviceQueryableYes' : 'serviceQueryableNo')}</dd>
        </div>
        {(layer.minZoom !== undefined || layer.maxZoom !== undefined) && (
          <div className="meta-row">
            <dt>{t('serviceScale')}</dt>
            <dd>{t('serviceZoomRange', { min: fmt(layer.minZoom, 0), max: fmt(layer.maxZoom, 24) })}</dd>
          </div>
        )}
      </dl>
      <ServiceLegend layer={layer} />
    </section>
  )
}
