// Place search (issue #6): an ARIA combobox over the place indexes (places.json) of searchable layers. The
// indexes are loaded by the composition root when this field is first focused or typed in (onWanted); the
// matching is src/catalog/places.ts. No external geocoder, no I/O here.
import { useMemo, useState, type KeyboardEvent } from 'react'
import { indexPlaces, matchPlaces, type Place } from '../../catalog/places.ts'
import type { PlaceRecord } from '../../model/places.ts'
import { useI18n } from '../i18n.ts'

export type PlacesState = { state: 'loading' } | { state: 'loaded'; places: PlaceRecord[] } | { state: 'error'; message: string }

export interface PlaceSearchProps {
  /** Layers with a place index, in catalog order. */
  layers: { id: string; title: string }[]
  /** Place indexes by layer id, as they arrive. */
  places: Record<string, PlacesState | undefined>
  /** Asks for the place indexes (called on focus and typing; the loader loads once). */
  onWanted(): void
  onChoose(place: Place): void
}

const MAX_RESULTS = 8

export function PlaceSearch({ layers, places, onWanted, onChoose }: PlaceSearchProps) {
  const { t } = useI18n()
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)

  const index = useMemo(
    () => indexPlaces(layers.flatMap((l) => { const s = places[l.id]; return s?.state === 'loaded' ? s.places.map((p) => ({ ...p, layerId: l.id })) : [] })),
    [layers, places],
  )
  const hits = useMemo(() => matchPlaces(index, query, MAX_RESULTS), [index, query])
  const loading = layers.some((l) => places[l.id]?.state === 'loading' || places[l.id] === undefined)
  const failed = layers.filter((l) => places[l.id]?.state === 'error')
  const title = (id: string) => layers.find((l) => l.id === id)?.title ?? id
  const expanded = open && hits.length > 0

  const choose = (p: Place) => {
    setQuery(p.name)
    setOpen(false)
    setActive(-1)
    onChoose(p)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!hits.length) return
      e.preventDefault()
      if (!expanded) {
        setOpen(true)
        setActive(e.key === 'ArrowDown' ? 0 : hits.length - 1)
      } else setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % hits.length : a <= 0 ? hits.length - 1 : a - 1))
    } else if (e.key === 'Enter') {
      if (!hits.length || !query.trim()) return
      e.preventDefault()
      choose(hits[expanded && active >= 0 ? active : 0].place)
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault()
        setOpen(false)
        setActive(-1)
      } else if (query) {
        e.preventDefault()
        setQuery('')
      }
    }
  }

  let status = ''
  if (query.trim()) {
    if (hits.length) status = t('placeCount', { n: hits.length })
    else if (loading) status = t('placesLoading')
    else status = t('noPlace', { query: query.trim() })
  }
  const optionId = (i: number) => `place-option-${i}`
  return (
    <div className="search place-search" role="search" aria-label={t('placeSearch')} data-testid="place-search">
      <label htmlFor="place-search-input">{t('placeSearch')}</label>
      <div className="combo">
        <input
          id="place-search-input"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls="place-search-list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby="place-search-hint place-search-status"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onFocus={onWanted}
          onChange={(e) => {
            onWanted()
            setQuery(e.target.value)
            setOpen(true)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id="place-search-list" role="listbox" aria-label={t('placeResults')} className="place-list" hidden={!expanded}>
          {hits.map((h, i) => (
            <li
              key={`${h.place.layerId}/${h.place.name}/${h.place.point.join(',')}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // Keep the focus in the field: the click chooses without blurring it first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(h.place)}
            >
              <span className="place-name">{h.place.name}</span> <span className="place-layer">{title(h.place.layerId)}</span>
            </li>
          ))}
        </ul>
      </div>
      <span id="place-search-hint" className="hint">
        {t('placeSearchHint')}
      </span>
      <p id="place-search-status" className="search-count" role="status" data-testid="place-search-status">
        {status}
      </p>
      {failed.length > 0 && query.trim() && (
        <p className="error">{t('placesError', { list: failed.map((l) => title(l.id)).join(', ') })}</p>
      )}
    </div>
  )
}
