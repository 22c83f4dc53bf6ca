// Where the identify popup goes (issue #15): its tip at the clicked point, the card above it (below when there
// is no room), shifted sideways to stay inside the map, never taller than the larger free side. Pure, so the
// component only applies the numbers.

export interface PopupGeometry {
  /** Distance between the point and the card: the tip's height. */
  gap: number
  /** Free space kept to the container's edges. */
  margin: number
  /** Half the tip's width plus the card's corner radius: how close to a card edge the tip may sit. */
  tipInset: number
}

export const POPUP_GEOMETRY: PopupGeometry = { gap: 10, margin: 8, tipInset: 12 }

export interface Size {
  width: number
  height: number
}

export interface Placement {
  /** The card's top-left corner in container pixels. */
  left: number
  top: number
  side: 'above' | 'below'
  /** The tip's centre, from the card's left edge. */
  tipX: number
  /** False while the point is outside the container (the map was moved away from it). */
  visible: boolean
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v))

/** The height the card may take at this point: the larger side's free space (at least 80 px). */
export function maxCardHeight(point: { y: number }, box: Size, g: PopupGeometry = POPUP_GEOMETRY): number {
  const above = point.y - g.gap - g.margin
  const below = box.height - point.y - g.gap - g.margin
  return Math.max(80, Math.floor(Math.max(above, below)))
}

/** The widest the card may be in this container. */
export const maxCardWidth = (box: Size, g: PopupGeometry = POPUP_GEOMETRY) => Math.max(120, box.width - 2 * g.margin)

export function placePopup(point: { x: number; y: number }, card: Size, box: Size, g: PopupGeometry = POPUP_GEOMETRY): Placement {
  const visible = point.x >= 0 && point.y >= 0 && point.x <= box.width && point.y <= box.height
  const above = point.y - g.gap - g.margin
  const below = box.height - point.y - g.gap - g.margin
  const side = card.height <= above || (card.height > below && above >= below) ? 'above' : 'below'
  const top = side === 'above' ? point.y - g.gap - card.height : point.y + g.gap
  const left = clamp(point.x - card.width / 2, g.margin, Math.max(g.margin, box.width - g.margin - card.width))
  const tipX = clamp(point.x - left, Math.min(g.tipInset, card.width / 2), Math.max(card.width - g.tipInset, card.width / 2))
  return { left, top, side, tipX, visible }
}
