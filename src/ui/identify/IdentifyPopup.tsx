// The desktop frame of an identify answer (issue #15): a non-modal dialog inside the map's container, its tip at
// the clicked point, following the map as it moves (IdentifyAnchor.track) and kept inside the map (placement.ts).
// Positions are applied to the element directly: a map move is many frames, none of which needs a React render.
import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import type { IdentifyAnchor } from '../../map/identify.ts'
import { maxCardHeight, maxCardWidth, placePopup, type Size } from './placement.ts'

export interface IdentifyFrameProps {
  serial: number
  labelledBy: string
  frameRef: RefObject<HTMLElement | null>
  children: ReactNode
}

/** What both frames are: a non-modal dialog named by the page's heading, focusable by script, counted for tests. */
export const frameAttributes = ({ serial, labelledBy }: Pick<IdentifyFrameProps, 'serial' | 'labelledBy'>) =>
  ({ role: 'dialog', 'aria-labelledby': labelledBy, tabIndex: -1, 'data-testid': 'feature-info', 'data-serial': serial }) as const

export function IdentifyPopup({ anchor, serial, labelledBy, frameRef, children }: IdentifyFrameProps & { anchor: IdentifyAnchor }) {
  const wrap = useRef<HTMLDivElement>(null)
  const card = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const el = wrap.current
    const box = card.current
    if (!el || !box) return
    let at: { point: { x: number; y: number }; size: Size } | null = null
    const place = () => {
      if (!at) return
      el.style.maxWidth = `${maxCardWidth(at.size)}px`
      box.style.maxHeight = `${maxCardHeight(at.point, at.size)}px`
      const p = placePopup(at.point, { width: el.offsetWidth, height: el.offsetHeight }, at.size)
      el.style.transform = `translate(${Math.round(p.left)}px, ${Math.round(p.top)}px)`
      el.style.setProperty('--tip-x', `${Math.round(p.tipX)}px`)
      el.style.visibility = p.visible ? '' : 'hidden'
      el.dataset.side = p.side
    }
    const stop = anchor.track((point, size) => {
      at = { point, size }
      place()
    })
    // Another page of the answer has another height.
    const resized = new ResizeObserver(place)
    resized.observe(box)
    return () => {
      stop()
      resized.disconnect()
    }
  }, [anchor])
  return createPortal(
    <div
      ref={(e) => {
        wrap.current = e
        frameRef.current = e
      }}
      className="identify-popup"
      {...frameAttributes({ serial, labelledBy })}
    >
      <div ref={card} className="identify-card">
        {children}
      </div>
      <div className="identify-tip" aria-hidden="true" data-testid="feature-info-tip" />
    </div>,
    anchor.container,
  )
}
