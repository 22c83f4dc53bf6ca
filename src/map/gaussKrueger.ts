// Gauss-Krüger on demand: the BeTA2007 NTv2 grid (83 kB, AdV; taken from the machine's PROJ data at build time by
// vite.config.ts beta2007Grid, not kept in the repository) is fetched only when someone asks for GK coordinates, then registered with the portal's
// Projections (src/projection/registry.ts, loadBeta2007), which defines EPSG:31466/31467 with it.
import type { Projections } from '../projection/registry.ts'

/** Where the app serves the grid, relative to the page. */
export const BETA2007_PATH = 'grids/BETA2007.gsb'

/** Loads the grid unless Gauss-Krüger is already registered; rejects with one line naming the file and the problem. */
export async function loadGaussKrueger(projections: Projections, url = new URL(BETA2007_PATH, document.baseURI).href): Promise<void> {
  if (projections.has('EPSG:31467')) return
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  const bytes = await res.arrayBuffer()
  // An NTv2 file starts with the record "NUM_OREC"; an HTML error page served with 200 does not.
  const magic = new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(8, bytes.byteLength)))
  if (magic !== 'NUM_OREC') throw new Error(`${url}: not an NTv2 grid (${bytes.byteLength} bytes)`)
  projections.loadBeta2007(bytes)
}
