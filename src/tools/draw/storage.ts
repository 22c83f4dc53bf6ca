// The drawings kept on this device (localStorage): a versioned envelope, so a later format can read or migrate
// this one; anything unreadable is reported and ignored (the portal starts with no drawings, nothing throws).
import { DEFAULT_STYLE, geometryProblem, HEX, MAX_WIDTH, DRAW_KINDS, geometryKind, type Drawing } from './model.ts'

export { STORAGE_KEY } from './storageKey.ts'
export const FORMAT = 'geoportal-drawings'
export const VERSION = 1

export interface DrawState {
  drawings: Drawing[]
  /** Lengths, areas and UTM coordinates written on the drawn shapes. */
  showMeasurements: boolean
}

export const EMPTY: DrawState = { drawings: [], showMeasurements: false }

export function serialize(s: DrawState): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, showMeasurements: s.showMeasurements, drawings: s.drawings })
}

export type Loaded = { state: DrawState; problem?: 'json' | 'format' | 'version' | 'drawing'; index?: number }

/** Reads stored text; null (nothing stored) is the empty state without a problem. */
export function parseStored(text: string | null): Loaded {
  if (text === null) return { state: EMPTY }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return { state: EMPTY, problem: 'json' }
  }
  const d = doc as { format?: unknown; version?: unknown; drawings?: unknown; showMeasurements?: unknown }
  if (!d || typeof d !== 'object' || d.format !== FORMAT || !Array.isArray(d.drawings)) return { state: EMPTY, problem: 'format' }
  if (d.version !== VERSION) return { state: EMPTY, problem: 'version' }
  const drawings: Drawing[] = []
  for (const [index, x] of (d.drawings as unknown[]).entries()) {
    const v = validDrawing(x)
    if (!v) return { state: EMPTY, problem: 'drawing', index }
    drawings.push(v)
  }
  return { state: { drawings, showMeasurements: d.showMeasurements === true } }
}

function validDrawing(x: unknown): Drawing | undefined {
  const d = x as Partial<Drawing> | null
  if (!d || typeof d !== 'object' || typeof d.id !== 'string' || !DRAW_KINDS.includes(d.kind as never)) return undefined
  if (!d.geometry || d.geometry.type !== geometryKind(d.kind!) || geometryProblem(d.geometry)) return undefined
  return {
    id: d.id,
    kind: d.kind!,
    geometry: d.geometry,
    colour: typeof d.colour === 'string' && HEX.test(d.colour) ? d.colour : DEFAULT_STYLE.colour,
    width: typeof d.width === 'number' && d.width >= 1 && d.width <= MAX_WIDTH ? d.width : DEFAULT_STYLE.width,
    label: typeof d.label === 'string' ? d.label : '',
  }
}
