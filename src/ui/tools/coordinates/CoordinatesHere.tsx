// "Coordinates here": a small non-modal dialog next to the right-clicked (or long-pressed) place, or under the
// panel when asked by keyboard, with the three systems and copy buttons. Escape or the close button closes it.
import { useEffect, useRef } from 'react'
import type { CoordinateSet, Lang } from '../../../tools/coordinates/format.ts'
import { coordinateText } from '../../../tools/coordinates/format.ts'
import { CopyButton } from '../../common/CopyButton.tsx'
import { useI18n } from '../../i18n.ts'
import { CoordinateRows, type GkState } from './CoordinatesPanel.tsx'

/** Width the dialog is laid out for (CSS .coords-here), to keep it inside the window. */
const WIDTH = 300

export function CoordinatesHere(props: { c: CoordinateSet; at?: { x: number; y: number }; gk: GkState; lang: Lang; onClose(): void }) {
  const { t } = useI18n()
  const ref = useRef<HTMLDivElement>(null)
  const opener = useRef<Element | null>(null)
  useEffect(() => {
    opener.current = document.activeElement
    ref.current?.focus()
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus()
    }
  }, [])
  const style = props.at
    ? { position: 'fixed' as const, left: Math.max(4, Math.min(props.at.x + 8, window.innerWidth - WIDTH - 4)), top: Math.max(4, Math.min(props.at.y + 8, window.innerHeight - 260)) }
    : undefined
  return (
    <div
      ref={ref}
      role="dialog"
      aria-labelledby="coords-here-title"
      tabIndex={-1}
      className="coords-here"
      style={style}
      data-testid="coords-here"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          props.onClose()
        }
      }}
    >
      <div className="coords-here-head">
        <h3 id="coords-here-title">{t('coordsHere')}</h3>
        <button type="button" onClick={props.onClose} aria-label={t('close')} title={t('close')}>
          ×
        </button>
      </div>
      <CoordinateRows c={props.c} latLon gk={props.gk} copy idPrefix="coords-here" />
      <CopyButton text={() => coordinateText(props.c, props.lang)} testId="coords-here-copy-all">
        {t('copyAll')}
      </CopyButton>
    </div>
  )
}
