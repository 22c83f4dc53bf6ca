// The base-map switcher: a radio group (native radios: arrow keys and screen readers work as everywhere) with
// "no base map", the consent notice for a remote base map and the base map's error. State: useBasemapChoice.
import { basemapHosts } from '../../basemap/choice.ts'
import type { BasemapStatus } from '../../map/basemapLayers.ts'
import { isRemoteBasemap, NO_BASEMAP } from '../../model/basemap.ts'
import { useI18n } from '../i18n.ts'
import type { BasemapChoice } from './useBasemapChoice.ts'

export function BasemapSwitcher({ choice, status }: { choice: BasemapChoice; status?: BasemapStatus }) {
  const { t, lang } = useI18n()
  if (!choice.basemaps.length) return null
  const title = (b: { title: string; titleEn?: string }) => (lang === 'en' && b.titleEn ? b.titleEn : b.title)
  const options = [...choice.basemaps.map((b) => ({ id: b.id, label: title(b), demo: b.demo, hosts: isRemoteBasemap(b) ? basemapHosts(b) : '' })), { id: NO_BASEMAP, label: t('noBasemap'), demo: false, hosts: '' }]
  const asking = choice.asking
  const error = status?.state === 'error' && status.id === choice.active?.id ? status : null
  return (
    <fieldset className="basemaps" data-testid="basemap-switcher">
      <legend>{t('basemap')}</legend>
      {options.map((o) => (
        <label key={o.id} className="basemap-option">
          <input type="radio" name="basemap" value={o.id} checked={choice.chosen === o.id} onChange={() => choice.choose(o.id)} />
          <span>
            {o.label}
            {o.demo && <span className="badge">{t('demo')}</span>}
            {o.hosts && <small className="basemap-hosts">{t('basemapExternal', { hosts: o.hosts })}</small>}
          </span>
        </label>
      ))}
      <div aria-live="polite">
        {asking && (
          <div className="basemap-consent" data-testid="basemap-consent">
            <p>{t('basemapConsent', { title: title(asking), hosts: basemapHosts(asking), attribution: asking.attribution })}</p>
            <button type="button" className="primary" onClick={() => choice.answer(true)}>
              {t('basemapAgree')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => choice.answer(false)}>
              {t('basemapCancel')}
            </button>
          </div>
        )}
      </div>
      {error && (
        <p role="alert" className="error" data-testid="basemap-error">
          {t('basemapError', { title: title(choice.active!), message: error.message })}
        </p>
      )}
    </fieldset>
  )
}
