// The phone frame of an identify answer (issue #15): a sheet fixed to the bottom of the screen over the map (and
// over the layout's own bottom sheet), at most ~60 % of the height, its content scrolling. In document.body, so
// that no transformed ancestor (a sliding panel) can take its fixed position. Without a popup's tip, a marker on
// the map shows the place, and the map moves up when the sheet would cover it.
import { useLayoutEffect, useRef } from 'react'
import { createPortal } from 'react-dom'
import type { IdentifyAnchor } from '../../map/identify.ts'
import { frameAttributes, type IdentifyFrameProps } from './IdentifyPopup.tsx'

export function InfoSheet({ anchor, serial, labelledBy, frameRef, children }: IdentifyFrameProps & { anchor: IdentifyAnchor }) {
  const sheet = useRef<HTMLElement>(null)
  useLayoutEffect(() => {
    const top = sheet.current?.getBoundingClientRect().top
    if (top !== undefined) anchor.reveal(top - anchor.container.getBoundingClientRect().top)
  }, [anchor])
  return (
    <>
      <IdentifyMarker anchor={anchor} />
      {createPortal(
        <section
          ref={(e) => {
            sheet.current = e
            frameRef.current = e
          }}
          className="info-sheet"
          {...frameAttributes({ serial, labelledBy })}
        >
          {children}
        </section>,
        document.body,
      )}
    </>
  )
}

/** A ring at the identified place, following the map (decorative: the sheet's heading says what is there). */
function IdentifyMarker({ anchor }: { anchor: IdentifyAnchor }) {
  const ring = useRef<HTMLDivElement>(null)
  useLayoutEffect(
    () =>
      anchor.track((p, size) => {
        const el = ring.current
        if (!el) return
        el.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y)}px)`
        el.style.visibility = p.x < 0 || p.y < 0 || p.x > size.width || p.y > size.height ? 'hidden' : ''
      }),
    [anchor],
  )
  return createPortal(<div ref={ring} className="identify-marker" aria-hidden="true" data-testid="identify-marker" />, anchor.container)
}
