// The BeTA2007 grid (NTv2, AdV; free to redistribute) for Gauss-Krüger coordinates typed into the place search
// (issue #15): a static file of the build (public/proj/BETA2007.gsb, 84 kB), fetched only when a Gauss-Krüger
// coordinate is chosen, then registered with the projections (EPSG:31466/31467 become available).
import type { Projections } from '../projection/registry.ts'

export const BETA2007_PATH = 'proj/BETA2007.gsb'

export async function loadBeta2007(projections: Projections, base = document.baseURI): Promise<void> {
  if (projections.has('EPSG:31467')) return
  const res = await fetch(new URL(BETA2007_PATH, base).href)
  if (!res.ok) throw new Error(`${BETA2007_PATH}: HTTP ${res.status}`)
  const bytes = await res.arrayBuffer()
  // An HTML fallback page or a cut file is not a grid: NTv2 starts with "NUM_OREC".
  if (bytes.byteLength < 1024 || new TextDecoder().decode(bytes.slice(0, 8)) !== 'NUM_OREC') throw new Error(`${BETA2007_PATH}: not an NTv2 grid`)
  projections.loadBeta2007(bytes)
}
