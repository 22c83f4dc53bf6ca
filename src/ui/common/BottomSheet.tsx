// A bottom sheet for the phone layout (issue #15): it lies over the lower part of its positioned parent and has
// three steps — peek (a strip: the handle and the top of the content), half and full (the parent's height). The
// content scrolls inside the sheet, never the page.
//
// Usage (controlled: the parent owns the step, so it can open or collapse the sheet, e.g. to half when a feature
// is clicked or to peek when the map should be seen):
//   const [step, setStep] = useState<SheetStep>('peek')
//   <BottomSheet label={t('…')} step={step} onStepChange={setStep} testId="my-sheet" actions={<button …/>}>
//     …content…
//   </BottomSheet>
// - The parent must be positioned (position: relative/absolute); half and full are relative to its height.
// - peekHeight: a CSS length (default var(--sheet-peek, 7.5rem)), so layouts can reserve the same strip for the map.
// - Touch and mouse: drag the handle (pointer events); it snaps to the nearest step when let go. A tap cycles.
// - Keyboard: the handle is a button — Enter/Space cycle peek → half → full → peek, ArrowUp/ArrowDown step up and
//   down; the two buttons next to it do the same. aria-expanded says whether the sheet is more than a strip, and a
//   status line announces the step. Keyboard focus moving into the content while peeking opens the sheet to half,
//   so the focused element is never hidden below the screen edge.
import { useId, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react'
import { useI18n } from '../i18n.ts'
import { Icon } from './Icon.tsx'

export const SHEET_STEPS = ['peek', 'half', 'full'] as const
export type SheetStep = (typeof SHEET_STEPS)[number]

export interface BottomSheetProps {
  /** The sheet's accessible name, shown on the handle. */
  label: string
  step: SheetStep
  onStepChange(step: SheetStep): void
  children: ReactNode
  /** Extra controls in the sheet's head, after the step buttons (e.g. a close button). */
  actions?: ReactNode
  /** Height of the peek step, a CSS length. */
  peekHeight?: string
  testId?: string
  className?: string
}

const DRAG_THRESHOLD = 6

/** The step after `step` in the handle's cycle. */
export const nextStep = (step: SheetStep): SheetStep => SHEET_STEPS[(SHEET_STEPS.indexOf(step) + 1) % SHEET_STEPS.length]

/** One step up (+1) or down (−1), staying at the ends. */
export const stepBy = (step: SheetStep, delta: 1 | -1): SheetStep => SHEET_STEPS[Math.min(SHEET_STEPS.length - 1, Math.max(0, SHEET_STEPS.indexOf(step) + delta))]

/** The step whose height is nearest to a dragged height. */
export function nearestStep(height: number, heights: Record<SheetStep, number>): SheetStep {
  return SHEET_STEPS.reduce((best, s) => (Math.abs(heights[s] - height) < Math.abs(heights[best] - height) ? s : best), 'peek' as SheetStep)
}

export function BottomSheet({ label, step, onStepChange, children, actions, peekHeight = 'var(--sheet-peek, 7.5rem)', testId, className }: BottomSheetProps) {
  const { t } = useI18n()
  const sheet = useRef<HTMLElement>(null)
  const ids = useId()
  const bodyId = `${ids}-body`
  const drag = useRef<{ pointer: number; startY: number; startHeight: number; heights: Record<SheetStep, number>; moved: boolean } | null>(null)
  // A tap that ended a drag must not also cycle the step (the click event follows pointerup).
  const swallowClick = useRef(false)
  // Focus that follows a pointer press inside the content (a tap on a checkbox) must not resize the sheet under
  // the finger; keyboard and programmatic focus (Tab, skip links) do.
  const pointerAt = useRef(-Infinity)

  const heights = (): Record<SheetStep, number> => {
    const el = sheet.current!
    const full = el.parentElement!.clientHeight
    const probe = document.createElement('div')
    probe.style.cssText = `position:absolute;visibility:hidden;height:${peekHeight}`
    el.parentElement!.appendChild(probe)
    const peek = probe.getBoundingClientRect().height
    probe.remove()
    return { peek, half: full / 2, full }
  }

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0 || !sheet.current) return
    // A drag that produced no click (touch) must not swallow the next tap.
    swallowClick.current = false
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { pointer: e.pointerId, startY: e.clientY, startHeight: sheet.current.getBoundingClientRect().height, heights: heights(), moved: false }
  }
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current
    if (!d || d.pointer !== e.pointerId || !sheet.current) return
    const dy = d.startY - e.clientY
    if (!d.moved && Math.abs(dy) < DRAG_THRESHOLD) return
    d.moved = true
    const h = d.heights
    // While dragging the height follows the finger directly (no React render per move).
    sheet.current.dataset.dragging = 'true'
    sheet.current.style.height = `${Math.min(h.full, Math.max(h.peek, d.startHeight + dy))}px`
  }
  const endDrag = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current
    if (!d || d.pointer !== e.pointerId || !sheet.current) return
    drag.current = null
    if (!d.moved) return
    swallowClick.current = true
    const height = sheet.current.getBoundingClientRect().height
    sheet.current.style.height = ''
    delete sheet.current.dataset.dragging
    onStepChange(nearestStep(height, d.heights))
  }

  const onHandleKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const delta = e.key === 'ArrowUp' ? 1 : e.key === 'ArrowDown' ? -1 : 0
    if (!delta) return
    e.preventDefault()
    onStepChange(stepBy(step, delta))
  }

  const stepButton = (delta: 1 | -1) => {
    const atEnd = stepBy(step, delta) === step
    const name = t(delta > 0 ? 'sheetBigger' : 'sheetSmaller')
    return (
      <button
        type="button"
        className="sheet-step"
        aria-label={name}
        title={name}
        // aria-disabled, not disabled: the button keeps the keyboard focus at the end of the range.
        aria-disabled={atEnd || undefined}
        onClick={() => !atEnd && onStepChange(stepBy(step, delta))}
        data-testid={testId ? `${testId}-${delta > 0 ? 'bigger' : 'smaller'}` : undefined}
      >
        <Icon name={delta > 0 ? 'up' : 'down'} />
      </button>
    )
  }

  return (
    <section
      ref={sheet}
      className={`sheet${className ? ` ${className}` : ''}`}
      data-step={step}
      aria-label={label}
      data-testid={testId}
      style={{ '--sheet-peek-height': peekHeight } as CSSProperties}
    >
      <div className="sheet-head">
        <button
          type="button"
          className="sheet-handle"
          aria-expanded={step !== 'peek'}
          aria-controls={bodyId}
          title={t('sheetHandle')}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onKeyDown={onHandleKey}
          onClick={() => {
            if (swallowClick.current) swallowClick.current = false
            else onStepChange(nextStep(step))
          }}
          data-testid={testId ? `${testId}-handle` : undefined}
        >
          <span className="sheet-grip" aria-hidden="true" />
          <span className="sheet-label">{label}</span>
        </button>
        {stepButton(1)}
        {stepButton(-1)}
        {actions}
      </div>
      <p className="visually-hidden" role="status">
        {t(step === 'peek' ? 'sheetPeek' : step === 'half' ? 'sheetHalf' : 'sheetFull', { label })}
      </p>
      <div
        id={bodyId}
        className="sheet-body"
        onPointerDown={(e) => (pointerAt.current = e.timeStamp)}
        onFocus={(e) => {
          const byPointer = e.timeStamp - pointerAt.current < 500
          const typing = e.target instanceof HTMLInputElement && /^(text|search|email|number|tel|url)$/.test(e.target.type)
          if (step === 'peek' && (!byPointer || typing)) onStepChange('half')
        }}
      >
        {children}
      </div>
    </section>
  )
}
