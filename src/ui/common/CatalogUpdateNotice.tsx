// Shown when the catalog on the server is newer than the one this page shows (the service worker answered with its
// last copy, issue #21): one line and a button that reloads the page with the new catalog. Nothing reloads by
// itself — a citizen may be in the middle of reading a feature's attributes.
import { useState } from 'react'
import type { Translate } from '../i18n.ts'

export function CatalogUpdateNotice({ t, onReload }: { t: Translate; onReload: () => void }) {
  const [open, setOpen] = useState(true)
  if (!open) return null
  return (
    <div className="catalog-update" role="status" data-testid="catalog-update">
      <span>{t('catalogUpdated')}</span>
      <button type="button" onClick={onReload}>
        {t('catalogReload')}
      </button>
      <button type="button" className="catalog-update-close" aria-label={t('catalogUpdateDismiss')} title={t('catalogUpdateDismiss')} onClick={() => setOpen(false)}>
        ×
      </button>
    </div>
  )
}
