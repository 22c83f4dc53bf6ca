import { describe, expect, it } from 'vitest'
import { maxCardHeight, placePopup, POPUP_GEOMETRY as G } from './placement.ts'
import { infoPages } from './pages.ts'

const box = { width: 1000, height: 700 }
const card = { width: 320, height: 200 }

describe('identify popup placement', () => {
  it('puts the card above the point, centred, its tip on the point', () => {
    const p = placePopup({ x: 500, y: 400 }, card, box)
    expect(p).toEqual({ left: 340, top: 400 - G.gap - 200, side: 'above', tipX: 160, visible: true })
  })

  it('flips below when there is no room above, and shifts inside near the edges with the tip still on the point', () => {
    const top = placePopup({ x: 975, y: 50 }, card, box)
    expect(top.side).toBe('below')
    expect(top.top).toBe(50 + G.gap)
    expect(top.left).toBe(box.width - G.margin - card.width)
    expect(top.left + top.tipX).toBe(975)
    // Closer to the edge than the card's corner allows, the tip stops at the corner (the card stays inside).
    const corner = placePopup({ x: 995, y: 50 }, card, box)
    expect(corner.tipX).toBe(card.width - G.tipInset)
    const left = placePopup({ x: 3, y: 400 }, card, box)
    expect(left.left).toBe(G.margin)
    expect(left.tipX).toBe(G.tipInset)
  })

  it('near the bottom-right corner the whole card stays inside the container', () => {
    for (const [x, y] of [[995, 695], [999, 300], [500, 699], [1, 1]]) {
      const p = placePopup({ x, y }, card, box)
      expect(p.left).toBeGreaterThanOrEqual(G.margin)
      expect(p.top).toBeGreaterThanOrEqual(G.margin)
      expect(p.left + card.width).toBeLessThanOrEqual(box.width - G.margin)
      expect(p.top + card.height).toBeLessThanOrEqual(box.height - G.margin)
    }
  })

  it('a card taller than either side takes the larger one, whose height maxCardHeight gives', () => {
    const point = { x: 500, y: 250 }
    const h = maxCardHeight(point, box)
    expect(h).toBe(700 - 250 - G.gap - G.margin)
    const p = placePopup(point, { width: 320, height: h }, box)
    expect([p.side, p.top, p.top + h]).toEqual(['below', 260, 700 - G.margin])
  })

  it('hides the popup while its point is outside the map', () => {
    expect(placePopup({ x: -5, y: 300 }, card, box).visible).toBe(false)
    expect(placePopup({ x: 300, y: 701 }, card, box).visible).toBe(false)
  })
})

describe('identify pages', () => {
  it('one page per hit, topmost layer first: features, raster values and service answers alike', () => {
    const order = ['gelaende', 'bezirke', 'wms', 'baeume'] // bottom to top
    const pages = infoPages(
      [
        { layerId: 'baeume', properties: { nr: 1 } },
        { layerId: 'baeume', properties: { nr: 2 } },
        { layerId: 'bezirke', properties: { name: 'Nord' } },
        { layerId: 'wms', properties: {}, text: 'Antwort' },
      ],
      [{ layerId: 'gelaende', value: 97.5 }],
      order,
    )
    expect(pages.map((p) => `${p.kind}:${p.layerId}`)).toEqual(['feature:baeume', 'feature:baeume', 'feature:wms', 'feature:bezirke', 'raster:gelaende'])
    expect(pages[1]).toMatchObject({ hit: { properties: { nr: 2 } } })
    expect(infoPages([], [], order)).toEqual([])
  })
})
