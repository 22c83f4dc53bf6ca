// The phone frame of an identify answer (issue #15): a sheet fixed to the bottom of the screen over the map (and
// over the layout's own bottom sheet), at most ~60 % of the height, its content scrolling. In document.body, so
// that no transformed ancestor (a sliding panel) can take its fixed position.
import { createPortal } from 'react-dom'
import { frameAttributes, type IdentifyFrameProps } from './IdentifyPopup.tsx'

export function InfoSheet({ serial, labelledBy, frameRef, children }: IdentifyFrameProps) {
  return createPortal(
    <section
      ref={(e) => {
        frameRef.current = e
      }}
      className="info-sheet"
      {...frameAttributes({ serial, labelledBy })}
    >
      {children}
    </section>,
    document.body,
  )
}
