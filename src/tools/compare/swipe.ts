// The swipe: where the dividing line stands (percent of the map's width from its left edge, 0–100) and what each
// map shows of itself. Side A is the part left of the line, side B the part right of it; both maps cover the whole
// area and are cut with CSS clip-path, so the two halves line up pixel for pixel.

/** Where a new comparison puts the line. */
export const DEFAULT_POSITION = 50
/** Arrow keys move the line by this many percent, PageUp/PageDown by BIG_STEP. */
export const STEP = 1
export const BIG_STEP = 10

export const clampPosition = (p: number): number => (Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : DEFAULT_POSITION)

/** Rounded for the share link and aria-valuenow (a tenth of a percent is below a pixel on any screen). */
export const roundPosition = (p: number): number => Math.round(clampPosition(p) * 10) / 10

/**
 * The clip rectangles as CSS inset() values: A keeps [0, p] of the width, B keeps [p, 100]. Percentages, so the
 * cut follows the map when its container changes size.
 */
export function clipPaths(position: number): { a: string; b: string } {
  const p = roundPosition(position)
  return { a: `inset(0 ${round(100 - p)}% 0 0)`, b: `inset(0 0 0 ${p}%)` }
}

/** The inverse: the line position for a pointer at clientX over a map whose box starts at left and is width wide. */
export function positionAt(clientX: number, left: number, width: number): number {
  return width > 0 ? roundPosition(((clientX - left) / width) * 100) : DEFAULT_POSITION
}

/** The slider's keys (WAI-ARIA slider pattern); undefined for any other key. */
export function positionAfterKey(position: number, key: string): number | undefined {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return roundPosition(position - STEP)
    case 'ArrowRight':
    case 'ArrowUp':
      return roundPosition(position + STEP)
    case 'PageDown':
      return roundPosition(position - BIG_STEP)
    case 'PageUp':
      return roundPosition(position + BIG_STEP)
    case 'Home':
      return 0
    case 'End':
      return 100
    default:
      return undefined
  }
}

const round = (x: number) => Math.round(x * 10) / 10
