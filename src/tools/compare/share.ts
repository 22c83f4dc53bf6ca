// The comparison in the share link: cmp=<mode>&cmppos=<percent>&cmpa=<base map>~<layer>&cmpb=<base map>~<layer>.
// Base map and layer ids cannot hold "~" (BASEMAP_ID, LAYER_ID), so the pair needs no escaping. A link is typed,
// pasted and edited by anyone: a value that does not name a layer or base map the portal offers falls back to the
// default for that side, never to an error.
import { BASEMAP_ID, NO_BASEMAP } from '../../model/basemap.ts'
import { LAYER_ID } from '../../model/catalog.ts'
import { clampPosition, DEFAULT_POSITION, roundPosition } from './swipe.ts'

export type CompareMode = 'swipe' | 'side'

/** What one side of the comparison shows: a base map (NO_BASEMAP for none) and at most one catalog layer on it. */
export interface CompareSide {
  basemap: string
  layer: string | null
}

export interface CompareState {
  mode: CompareMode
  /** The swipe line, percent of the width from the left (swipe.ts). Kept in side-by-side mode too. */
  position: number
  a: CompareSide
  b: CompareSide
}

/** What the portal offers: the ids a link may name. */
export interface CompareChoices {
  layers: ReadonlySet<string>
  basemaps: ReadonlySet<string>
}

export function encodeSide(side: CompareSide): string {
  return `${side.basemap}~${side.layer ?? ''}`
}

export function encodeCompare(s: CompareState): Record<'cmp' | 'cmppos' | 'cmpa' | 'cmpb', string> {
  return { cmp: s.mode, cmppos: String(roundPosition(s.position)), cmpa: encodeSide(s.a), cmpb: encodeSide(s.b) }
}

export function decodeSide(value: string | undefined, choices: CompareChoices, fallback: CompareSide): CompareSide {
  if (value === undefined) return fallback
  const tilde = value.indexOf('~')
  if (tilde < 0 || value.indexOf('~', tilde + 1) >= 0) return fallback
  const basemap = value.slice(0, tilde)
  const layer = value.slice(tilde + 1)
  const basemapOk = basemap === NO_BASEMAP || (BASEMAP_ID.test(basemap) && choices.basemaps.has(basemap))
  const layerOk = layer === '' || (LAYER_ID.test(layer) && choices.layers.has(layer))
  if (!basemapOk || !layerOk) return fallback
  return { basemap, layer: layer || null }
}

export function decodeCompare(get: (key: string) => string | undefined, choices: CompareChoices, fallback: CompareState): CompareState {
  const mode = get('cmp')
  const pos = get('cmppos')
  const p = pos !== undefined && /^\d{1,3}(\.\d+)?$/.test(pos) ? Number(pos) : NaN
  return {
    mode: mode === 'swipe' || mode === 'side' ? mode : fallback.mode,
    position: Number.isFinite(p) ? roundPosition(clampPosition(p)) : fallback.position,
    a: decodeSide(get('cmpa'), choices, fallback.a),
    b: decodeSide(get('cmpb'), choices, fallback.b),
  }
}

/**
 * A new comparison without a link: the two topmost layers on the map, each on the given base map (the first
 * shown layer against nothing when only one is on), swiped at the middle.
 */
export function defaultCompare(shownBottomToTop: readonly string[], basemap: string): CompareState {
  const top = shownBottomToTop.at(-1) ?? null
  const next = shownBottomToTop.at(-2) ?? null
  return { mode: 'swipe', position: DEFAULT_POSITION, a: { basemap, layer: top }, b: { basemap, layer: next } }
}
