// Place search (issues #6 and #15): an ARIA combobox over typed coordinates (src/tools/coordinates/parse.ts), the
// sharded address and street indexes (src/catalog/addresses.ts, fed by src/app/addressLoader.ts) and the place
// indexes (places.json) of searchable layers. The indexes are loaded by the composition root when this field is
// first focused or typed in (onWanted); the shards a query needs are asked for as it is typed. No external
// geocoder, no I/O here.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import { indexPlaces, matchPlaces, type Place } from '../../catalog/places.ts'
import type { PlaceRecord } from '../../model/places.ts'
import type { ParsedCoordinate, parseCoordinates } from '../../tools/coordinates/parse.ts'
import { useI18n, type MessageKey, type Translate } from '../i18n.ts'
import { mergeResults, type SearchResult } from './results.ts'
import type { AddressSearchSource } from './searchHooks.ts'

export type PlacesState = { state: 'loading' } | { state: 'loaded'; places: PlaceRecord[] } | { state: 'error'; message: string }

export interface PlaceSearchProps {
  /** Layers with a place index, in catalog order. */
  layers: { id: string; title: string }[]
  /** Place indexes by layer id, as they arrive. */
  places: Record<string, PlacesState | undefined>
  /** Address and street indexes (absent when no layer has one), and their layers' titles. */
  addresses?: AddressSearchSource
  addressLayers?: { id: string; title: string }[]
  /** Asks for the place indexes (called on focus and typing; the loader loads once). */
  onWanted(): void
  onChoose(place: Place): void
  /** An address or street of the address index. */
  onChooseAddress?(hit: Extract<SearchResult, { kind: 'address' | 'street' }>['hit']): void
  onChooseCoordinate?(c: ParsedCoordinate): void
}

const MAX_RESULTS = 8

/** Coordinates as the user reads them back: degrees with five decimals, metres whole (no digit grouping). */
export function coordinateText(c: ParsedCoordinate, t: Translate, lang: string): string {
  const deg = (v: number) => v.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 5, maximumFractionDigits: 5 })
  const m = (v: number) => String(Math.round(v))
  if (c.kind === 'latlon') return t('coordLatLon', { lat: deg(Math.abs(c.lat)), ns: c.lat < 0 ? 'S' : 'N', lon: deg(Math.abs(c.lon)), ew: c.lon < 0 ? 'W' : t('coordEast') })
  if (c.kind === 'utm') return t('coordUtm', { e: m(c.easting), n: m(c.northing) })
  return t('coordGk', { zone: String(c.zone), e: m(c.easting), n: m(c.northing) })
}

export function PlaceSearch({ layers, places, addresses, addressLayers = [], onWanted, onChoose, onChooseAddress, onChooseCoordinate }: PlaceSearchProps) {
  const { t, lang } = useI18n()
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)

  const index = useMemo(
    () => indexPlaces(layers.flatMap((l) => { const s = places[l.id]; return s?.state === 'loaded' ? s.places.map((p) => ({ ...p, layerId: l.id })) : [] })),
    [layers, places],
  )
  useEffect(() => {
    if (query.trim()) addresses?.request(query)
  }, [addresses, addresses?.version, query])
  // The coordinate parser loads with the place indexes, on first use: it is not part of the first view's JavaScript.
  const [parse, setParse] = useState<typeof parseCoordinates>()
  const want = () => {
    onWanted()
    if (!parse) void import('../../tools/coordinates/parse.ts').then((m) => setParse(() => m.parseCoordinates))
  }
  const coordinate = useMemo(() => (parse ? parse(query) : null), [parse, query])
  const hits = useMemo(
    () => mergeResults(coordinate, addresses ? addresses.index.match(query, MAX_RESULTS) : [], matchPlaces(index, query, MAX_RESULTS), MAX_RESULTS),
    // version: a shard arrived, the same query matches more.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [coordinate, index, query, addresses, addresses?.version],
  )
  const loading = layers.some((l) => places[l.id]?.state === 'loading' || places[l.id] === undefined) || (!!addresses && !!query.trim() && addresses.pending(query))
  const title = (id: string) => layers.find((l) => l.id === id)?.title ?? addressLayers.find((l) => l.id === id)?.title ?? id
  const failed = [...layers.filter((l) => places[l.id]?.state === 'error').map((l) => l.id), ...(addresses?.failed ?? [])]
  const expanded = open && hits.length > 0

  const labelOf = (r: SearchResult) => (r.kind === 'coordinate' ? coordinateText(r.coordinate, t, lang) : r.kind === 'place' ? r.place.name : r.hit.label)
  const choose = (r: SearchResult) => {
    setQuery(labelOf(r))
    setOpen(false)
    setActive(-1)
    if (r.kind === 'place') onChoose(r.place)
    else if (r.kind === 'coordinate') onChooseCoordinate?.(r.coordinate)
    else onChooseAddress?.(r.hit)
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
      choose(hits[expanded && active >= 0 ? active : 0])
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
    else if (coordinate && 'problem' in coordinate) status = coordinate.problem === 'zone' ? t('coordZone', { zone: String(coordinate.zone) }) : t('coordRange')
    else if (loading) status = t('placesLoading')
    else status = t('noPlace', { query: query.trim() })
  }
  const optionId = (i: number) => `place-option-${i}`
  const typeKey: Record<SearchResult['kind'], MessageKey> = { coordinate: 'typeCoordinate', address: 'typeAddress', street: 'typeStreet', place: 'typePlace' }
  const detailOf = (r: SearchResult) => {
    if (r.kind === 'place') return title(r.place.layerId)
    if (r.kind === 'coordinate') return r.coordinate.notes.map((n) => t(`coordNote_${n}` as MessageKey)).join(' · ')
    return [r.hit.detail, title(r.hit.layerId)].filter(Boolean).join(' · ')
  }
  const keyOf = (r: SearchResult) =>
    r.kind === 'place' ? `p/${r.place.layerId}/${r.place.name}/${r.place.point.join(',')}` : r.kind === 'coordinate' ? 'c' : `a/${r.hit.layerId}/${r.hit.label}/${r.hit.point.join(',')}`
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
          onFocus={want}
          onChange={(e) => {
            want()
            setQuery(e.target.value)
            setOpen(true)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id="place-search-list" role="listbox" aria-label={t('placeResults')} className="place-list" hidden={!expanded}>
          {hits.map((r, i) => (
            <li
              key={keyOf(r)}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-kind={r.kind}
              // Keep the focus in the field: the click chooses without blurring it first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(r)}
            >
              <span className="place-name">{labelOf(r)}</span> <span className="place-type">{t(typeKey[r.kind])}</span>{' '}
              <span className="place-layer">{detailOf(r)}</span>
            </li>
          ))}
        </ul>
      </div>
      <span id="place-search-hint" className="hint">
        {t('addressSearchHint')}
      </span>
      <p id="place-search-status" className="search-count" role="status" data-testid="place-search-status">
        {status}
      </p>
      {failed.length > 0 && query.trim() && <p className="error">{t('placesError', { list: failed.map(title).join(', ') })}</p>}
    </div>
  )
}
