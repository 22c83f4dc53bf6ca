import { describe, expect, it } from 'vitest'
import type { Point } from 'maplibre-gl'
import { HoverThrottle } from './hover.ts'

const at = (x: number) => ({ x, y: 0 }) as Point

describe('HoverThrottle', () => {
  function setup(moving = false) {
    const frames: (() => void)[] = []
    const queried: number[] = []
    let cleared = 0
    const map = { isMoving: () => moving }
    const h = new HoverThrottle(map, (p) => queried.push(p.x), () => cleared++, (fn) => frames.push(fn), () => frames.splice(0))
    return { h, frames, queried, cleared: () => cleared, setMoving: (m: boolean) => (moving = m) }
  }

  it('queries once per frame, at the last position', () => {
    const s = setup()
    for (let x = 1; x <= 10; x++) s.h.move(at(x))
    expect(s.frames.length).toBe(1)
    s.frames.shift()!()
    expect(s.queried).toEqual([10])
    s.h.move(at(11))
    s.frames.shift()!()
    expect(s.queried).toEqual([10, 11])
  })

  it('does not query while the map moves (a drag)', () => {
    const s = setup(true)
    s.h.move(at(1))
    s.frames.shift()!()
    expect(s.queried).toEqual([])
    s.setMoving(false)
    s.h.move(at(2))
    s.frames.shift()!()
    expect(s.queried).toEqual([2])
  })

  it('leaving the map clears the hover and drops a pending query', () => {
    const s = setup()
    s.h.move(at(1))
    s.h.out()
    expect(s.cleared()).toBe(1)
    expect(s.frames.length).toBe(0)
    expect(s.queried).toEqual([])
  })
})
