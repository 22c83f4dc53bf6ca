// Keeps several maps on one camera: whichever map the user moves leads, the others jump to its camera. Jumping a
// map makes it report a move itself (MapLibre fires move synchronously inside jumpTo); those echoes are ignored
// while a lead is being followed, and a map already at the camera is not jumped, so a move never comes back to
// the map it started on.

export interface Camera {
  center: [number, number]
  zoom: number
  bearing: number
  pitch: number
}

/** One map as the sync sees it (src/map/tools/compareMaps.ts adapts MapLibre maps to this). */
export interface SyncedCamera {
  camera(): Camera
  jump(camera: Camera): void
  /** Calls listener on every move of this map; returns the function that stops it. */
  onMove(listener: () => void): () => void
}

const EPS_DEG = 1e-9
const EPS_ZOOM = 1e-6
const EPS_ANGLE = 1e-6

export function sameCamera(a: Camera, b: Camera): boolean {
  return (
    Math.abs(a.center[0] - b.center[0]) < EPS_DEG &&
    Math.abs(a.center[1] - b.center[1]) < EPS_DEG &&
    Math.abs(a.zoom - b.zoom) < EPS_ZOOM &&
    Math.abs(a.bearing - b.bearing) < EPS_ANGLE &&
    Math.abs(a.pitch - b.pitch) < EPS_ANGLE
  )
}

export class CameraSync {
  private leading: SyncedCamera | null = null
  private readonly off: (() => void)[]

  /** The first map's camera is the start: the others jump to it at once. */
  constructor(private readonly maps: readonly SyncedCamera[]) {
    this.off = maps.map((m) => m.onMove(() => this.moved(m)))
    if (maps.length) this.moved(maps[0])
  }

  private moved(lead: SyncedCamera) {
    if (this.leading) return
    this.leading = lead
    try {
      const camera = lead.camera()
      for (const m of this.maps) if (m !== lead && !sameCamera(m.camera(), camera)) m.jump(camera)
    } finally {
      this.leading = null
    }
  }

  stop(): void {
    for (const off of this.off.splice(0)) off()
  }
}
