// Facets and the map-area filter of the layer list (issue #6): one collapsible <details> per facet holding a
// <fieldset> of checkboxes with counts. Thin: counting and filtering happen in src/catalog/facets.ts.
import { useState } from 'react'
import { FACET_KEYS, type FacetKey } from '../../catalog/facets.ts'
import type { MessageKey, Translate } from '../i18n.ts'
import { useI18n } from '../i18n.ts'
import type { CatalogFilterState } from './useCatalogFilter.ts'

/** The text shown for a facet value. */
export function facetLabel(t: Translate, key: FacetKey, value: string): string {
  if (value === '') return t('notStated')
  switch (key) {
    case 'access':
      return t(`facetAccess_${value}` as MessageKey)
    case 'update':
      return t(`facetUpdate_${value}` as MessageKey)
    case 'grade':
      return t('facetGradeValue', { grade: value })
    default:
      return value
  }
}

/**
 * One facet. Its checkboxes are rendered only while it is open: closed facets cost nothing per keystroke (a catalog
 * of thousands of layers has dozens of departments).
 */
function Facet({ facet: key, filter }: { facet: FacetKey; filter: CatalogFilterState }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const values = filter.facets[key]
  const selected = filter.selection[key]?.length ?? 0
  return (
    <details className="facet" data-testid={`facet-${key}`} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t(`facet_${key}` as MessageKey)}
        {selected > 0 && <span className="facet-selected">{t('facetSelected', { n: selected })}</span>}
      </summary>
      {open && (
        <fieldset>
          <legend className="visually-hidden">{t(`facet_${key}` as MessageKey)}</legend>
          {values.map((v) => (
            <label key={v.value} className={v.count === 0 ? 'facet-value empty' : 'facet-value'}>
              <input type="checkbox" checked={v.selected} onChange={(e) => filter.toggleFacet(key, v.value, e.target.checked)} />
              <span className="facet-name">{facetLabel(t, key, v.value)}</span> <span className="facet-count">({t('facetCount', { n: v.count })})</span>
            </label>
          ))}
        </fieldset>
      )}
    </details>
  )
}

export function CatalogFilters({ filter }: { filter: CatalogFilterState }) {
  const { t } = useI18n()
  return (
    <div className="catalog-filters" data-testid="catalog-filters">
      <label className="area-filter">
        <input type="checkbox" checked={filter.areaOnly} onChange={(e) => filter.setAreaOnly(e.target.checked)} />
        {t('filterAreaOnly')}
      </label>
      {FACET_KEYS.map((key) => (filter.facets[key].length ? <Facet key={key} facet={key} filter={filter} /> : null))}
      {filter.active && (
        <button
          type="button"
          className="secondary reset-filters"
          onClick={() => {
            filter.reset()
            // The button goes away with the filters: keep the keyboard focus in the search.
            document.getElementById('layer-search')?.focus()
          }}
        >
          {t('filterReset')}
        </button>
      )}
    </div>
  )
}
