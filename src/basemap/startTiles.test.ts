import { describe, expect, it } from 'vitest'
import { startTiles } from './startTiles.ts'

describe('start tiles of a view', () => {
  it('are the 512-px tiles at the floor of the zoom that cover the view', () => {
    // One 512-px tile is the whole world at zoom 0; a 512×512 view at its centre sees just it.
    expect(startTiles({ center: [0, 0], zoom: 0, width: 512, height: 512 }, 0, 15)).toEqual([[0, 0, 0]])
    // Zoom 1.5, centre (0, 0): the four tiles of zoom 1 meet there, each 724 px wide.
    expect(startTiles({ center: [0, 0], zoom: 1.5, width: 100, height: 100 }, 0, 15).sort()).toEqual([[1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])
    // Soest at the demo's home view (zoom 11.5) in a 1000×700 window: zoom-11 tiles around x 1070, y 680 (slippy-map formula).
    const t = startTiles({ center: [8.1059, 51.5711], zoom: 11.5, width: 1000, height: 700 }, 0, 15)
    expect(t.every(([z]) => z === 11)).toBe(true)
    expect(t).toContainEqual([11, 1070, 680])
    expect(t.length).toBeGreaterThanOrEqual(4)
    expect(t.length).toBeLessThanOrEqual(9)
  })

  it("keep to the archive's zooms and the world", () => {
    expect(startTiles({ center: [8.1, 51.6], zoom: 17.2, width: 200, height: 200 }, 0, 15).every(([z]) => z === 15)).toBe(true)
    expect(startTiles({ center: [8.1, 51.6], zoom: 2, width: 200, height: 200 }, 5, 15).every(([z]) => z === 5)).toBe(true)
    expect(startTiles({ center: [179.9, 0], zoom: 0, width: 4000, height: 4000 }, 0, 15)).toEqual([[0, 0, 0]])
  })
})
