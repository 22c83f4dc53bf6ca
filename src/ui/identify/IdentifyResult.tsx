// Feature information at the click (issue #15): the map's answer to a click or to Enter, as a popup at the place on
// desktop and as a bottom sheet on phones. Both page through all hits ("2 / 5"), close with Esc or the close
// button — the focus then returns to the map — and take the focus when the answer was asked for by keyboard.
// "Nothing here" is shown briefly. A status line (visually hidden) tells screen readers what was found.
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { IdentifyAnswer } from '../../map/identify.ts'
import type { LayerEntry } from '../../model/catalog.ts'
import { usePhone } from '../common/media.ts'
import { useI18n } from '../i18n.ts'
import { FeatureInfoHead, FeatureInfoPage } from './FeatureInfo.tsx'
import { IdentifyPopup } from './IdentifyPopup.tsx'
import { InfoSheet } from './InfoSheet.tsx'
import { infoPages } from './pages.ts'

/** How long "nothing here" stays (longer while the pointer or the focus is on it). */
export const NO_HITS_MS = 4000

export interface IdentifyResultProps {
  /** The latest answer (serial counts answers, so that tests and assistive tech can tell them apart); null: closed. */
  answer: (IdentifyAnswer & { serial: number }) | null
  /** All catalog layers (titles, kinds, units). */
  layers: LayerEntry[]
  /** The layers on the map, bottom to top: the pages' order. */
  drawOrder: string[]
  attributeTitles: (layerId: string, name: string) => string
  onDetails(layer: LayerEntry): void
  onClose(): void
}

export function IdentifyResult({ answer, layers, drawOrder, attributeTitles, onDetails, onClose }: IdentifyResultProps) {
  const { t } = useI18n()
  const phone = usePhone()
  const headingId = useId()
  const frame = useRef<HTMLElement | null>(null)
  const body = useRef<HTMLDivElement>(null)
  const [page, setPage] = useState(0)
  const pages = useMemo(() => (answer ? infoPages(answer.hits, answer.rasterValues, drawOrder) : []), [answer, drawOrder])
  useEffect(() => setPage(0), [answer])

  // The parent's onClose changes identity on every render (the map screen renders on each map move).
  const closed = useRef(onClose)
  closed.current = onClose
  const close = useCallback(() => {
    answer?.anchor.focusMap()
    closed.current()
  }, [answer])

  // Asked for by keyboard (Enter on the map): the answer takes the focus.
  useEffect(() => {
    if (answer?.via === 'keyboard') frame.current?.focus({ preventScroll: true })
  }, [answer, phone])

  // Esc closes, from inside the answer or from the map (a pointer's answer leaves the focus on the map).
  useEffect(() => {
    if (!answer) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const target = e.target as Node
      if (!frame.current?.contains(target) && !answer.anchor.container.contains(target) && target !== document.body) return
      e.preventDefault()
      close()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [answer, close])

  // "Nothing here" goes after a moment, but not from under the pointer or the focus.
  useEffect(() => {
    if (!answer || pages.length) return
    let timer: ReturnType<typeof setTimeout>
    const expire = () => {
      const f = frame.current
      if (f && (f.matches(':hover') || f.contains(document.activeElement))) timer = setTimeout(expire, 500)
      else closed.current()
    }
    timer = setTimeout(expire, NO_HITS_MS)
    return () => clearTimeout(timer)
  }, [answer, pages.length])

  // A body that scrolls is reachable by keyboard (WCAG 2.1.1): focusable only then, so that it is no extra stop.
  useLayoutEffect(() => {
    const el = body.current
    if (!el) return
    const check = () => {
      if (el.scrollHeight > el.clientHeight + 1) el.tabIndex = 0
      else el.removeAttribute('tabindex')
    }
    check()
    const observer = new ResizeObserver(check)
    observer.observe(el)
    return () => observer.disconnect()
  }, [answer, page, phone])

  const status = !answer ? '' : pages.length === 0 ? t('noHits') : pages.length === 1 ? t('identifyFoundOne') : t('identifyFound', { n: pages.length })
  const content = answer && (
    <>
      <FeatureInfoHead pages={pages} page={page} onPage={setPage} onClose={close} />
      <div ref={body} className="info-body" aria-labelledby={headingId} role="group">
        <FeatureInfoPage pages={pages} page={page} layers={layers} attributeTitles={attributeTitles} onDetails={onDetails} headingId={headingId} />
      </div>
    </>
  )
  return (
    <>
      <p className="visually-hidden" role="status" data-testid="identify-status">
        {status}
      </p>
      {answer &&
        (phone ? (
          <InfoSheet anchor={answer.anchor} serial={answer.serial} labelledBy={headingId} frameRef={frame}>
            {content}
          </InfoSheet>
        ) : (
          <IdentifyPopup anchor={answer.anchor} serial={answer.serial} labelledBy={headingId} frameRef={frame}>
            {content}
          </IdentifyPopup>
        ))}
    </>
  )
}
