// The attribute table's own small virtualiser: with fixed-height rows, which rows a scroll position shows. Only
// those (plus a few above and below) are in the DOM, so 100,000 rows scroll like 50.

export interface RowWindow {
  /** First row rendered. */
  start: number
  /** One past the last row rendered. */
  end: number
  /** Heights of the spacers above and below the rendered rows, in pixels. */
  before: number
  after: number
}

export function rowWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 }
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight)
  const start = Math.max(0, Math.min(count - 1, first) - overscan)
  const end = Math.min(count, first + Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1 + overscan)
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight }
}

/** The scroll position that brings row i into a viewport (unchanged when it is already fully visible). */
export function scrollToRow(i: number, scrollTop: number, viewport: number, rowHeight: number, header = 0): number {
  const top = i * rowHeight
  const visibleTop = scrollTop
  const visibleBottom = scrollTop + viewport - header
  if (top < visibleTop) return top
  if (top + rowHeight > visibleBottom) return top + rowHeight - (viewport - header)
  return scrollTop
}
