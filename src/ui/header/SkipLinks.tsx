// Skip links (issue #15): the first things Tab reaches, shown when focused. On the map screen they lead to the map,
// the layer list and the place search; on other pages to the content. A link moves the keyboard focus itself
// (the URL hash holds the map state, so no #fragment navigation); a target inside the phone's bottom sheet opens
// the sheet (BottomSheet opens on focus that does not come from a pointer).
import { useEffect, useState, type MouseEvent } from 'react'
import { useI18n, type MessageKey } from '../i18n.ts'

export interface SkipTarget {
  key: MessageKey
  /** The link is shown when this element is on the page. */
  selector: string
  /** What gets the focus: the first of these selectors that matches (default: selector). */
  focus?: string[]
}

export const MAP_TARGETS: SkipTarget[] = [
  // The map's canvas is created by MapLibre after the first render; its container is there from the start.
  { key: 'skipToMap', selector: '[data-testid="map"]', focus: ['[data-testid="map"] canvas'] },
  { key: 'skipToLayers', selector: '#layer-search' },
  { key: 'skipToSearch', selector: '[data-testid="place-search"] input' },
]
export const PAGE_TARGETS: SkipTarget[] = [{ key: 'skipToContent', selector: 'main', focus: ['main h2', 'main'] }]

export function SkipLinks({ targets, page }: { targets: SkipTarget[]; page: string }) {
  const { t } = useI18n()
  const [present, setPresent] = useState<string[]>([])
  // After the page below has rendered: which targets exist.
  useEffect(() => setPresent(targets.filter((x) => document.querySelector(x.selector)).map((x) => x.selector)), [targets, page])
  const go = (e: MouseEvent, target: SkipTarget) => {
    e.preventDefault()
    const el = [...(target.focus ?? []), target.selector].map((s) => document.querySelector<HTMLElement>(s)).find((x) => x)
    if (!el) return
    if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1')
    el.focus()
    el.scrollIntoView({ block: 'nearest' })
  }
  const shown = targets.filter((x) => present.includes(x.selector))
  if (!shown.length) return null
  return (
    <nav className="skip-links" aria-label={t('skipLinks')}>
      {shown.map((x) => (
        <a key={x.key} href={`#${x.key}`} onClick={(e) => go(e, x)} data-testid={x.key}>
          {t(x.key)}
        </a>
      ))}
    </nav>
  )
}
