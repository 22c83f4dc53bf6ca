import { describe, expect, it } from 'vitest'
import { CameraSync, type Camera, type SyncedCamera } from './sync.ts'

/** A map as MapLibre behaves: jump() fires the move listeners synchronously, as jumpTo does. */
class FakeMap implements SyncedCamera {
  jumps = 0
  private listeners = new Set<() => void>()
  constructor(private cam: Camera) {}
  camera() {
    return { ...this.cam, center: [...this.cam.center] as [number, number] }
  }
  jump(c: Camera) {
    this.jumps++
    this.cam = c
    for (const l of [...this.listeners]) l()
  }
  /** The user drags this map (a move that did not come from the sync). */
  userMoves(c: Partial<Camera>) {
    this.cam = { ...this.cam, ...c }
    for (const l of [...this.listeners]) l()
  }
  onMove(l: () => void) {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  get listenerCount() {
    return this.listeners.size
  }
}

const cam = (lon: number, lat: number, zoom: number): Camera => ({ center: [lon, lat], zoom, bearing: 0, pitch: 0 })

describe('camera sync', () => {
  it('starts every map at the first map’s camera', () => {
    const main = new FakeMap(cam(8.1, 51.57, 15))
    const a = new FakeMap(cam(0, 0, 2))
    const b = new FakeMap(cam(8.1, 51.57, 15))
    new CameraSync([main, a, b])
    expect(a.camera()).toEqual(main.camera())
    expect(a.jumps).toBe(1)
    expect(b.jumps).toBe(0) // already there
    expect(main.jumps).toBe(0)
  })

  it('follows whichever map moves, each other map jumped once per move, never back to the lead', () => {
    const maps = [new FakeMap(cam(8.1, 51.57, 15)), new FakeMap(cam(8.1, 51.57, 15)), new FakeMap(cam(8.1, 51.57, 15))]
    new CameraSync(maps)
    maps[1].userMoves({ center: [8.2, 51.6], zoom: 16 })
    expect(maps.map((m) => m.jumps)).toEqual([1, 0, 1])
    for (const m of maps) expect(m.camera()).toEqual(cam(8.2, 51.6, 16))
    maps[2].userMoves({ zoom: 17, bearing: 10 })
    expect(maps.map((m) => m.jumps)).toEqual([2, 1, 1])
    for (const m of maps) expect(m.camera()).toEqual({ ...cam(8.2, 51.6, 17), bearing: 10 })
    // 100 drag frames: 100 jumps per follower, none on the dragged map.
    for (let i = 0; i < 100; i++) maps[0].userMoves({ center: [8.2 + (i + 1) * 1e-4, 51.6] })
    expect(maps.map((m) => m.jumps)).toEqual([2, 101, 101])
  })

  it('a move that reports the same camera again jumps nothing (no echo loop)', () => {
    const maps = [new FakeMap(cam(8.1, 51.57, 15)), new FakeMap(cam(8.1, 51.57, 15))]
    new CameraSync(maps)
    maps[0].userMoves({})
    maps[1].userMoves({})
    expect(maps.map((m) => m.jumps)).toEqual([0, 0])
  })

  it('stop() removes its listeners: later moves are not followed', () => {
    const maps = [new FakeMap(cam(8.1, 51.57, 15)), new FakeMap(cam(8.1, 51.57, 15))]
    const sync = new CameraSync(maps)
    sync.stop()
    expect(maps.map((m) => m.listenerCount)).toEqual([0, 0])
    maps[0].userMoves({ zoom: 12 })
    expect(maps[1].camera().zoom).toBe(15)
  })
})
