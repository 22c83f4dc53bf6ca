import { describe, expect, it } from 'vitest'
import { decodeCompare, defaultCompare, encodeCompare, type CompareState } from './share.ts'

const choices = { layers: new Set(['demo-luftbild', 'demo-gelaende', 'demo-bezirke']), basemaps: new Set(['demo']) }
const fallback = defaultCompare(['demo-bezirke', 'demo-gelaende'], 'demo')
const fromRecord = (r: Record<string, string>) => (k: string) => r[k]

describe('compare share link', () => {
  it('round-trips every field', () => {
    const s: CompareState = { mode: 'side', position: 27.4, a: { basemap: 'none', layer: 'demo-luftbild' }, b: { basemap: 'demo', layer: null } }
    const enc = encodeCompare(s)
    expect(enc).toEqual({ cmp: 'side', cmppos: '27.4', cmpa: 'none~demo-luftbild', cmpb: 'demo~' })
    expect(decodeCompare(fromRecord(enc), choices, fallback)).toEqual(s)
  })

  it('defaults: the two topmost layers on the current base map, swiped at the middle', () => {
    expect(fallback).toEqual({ mode: 'swipe', position: 50, a: { basemap: 'demo', layer: 'demo-gelaende' }, b: { basemap: 'demo', layer: 'demo-bezirke' } })
    expect(defaultCompare(['demo-bezirke'], 'none').b).toEqual({ basemap: 'none', layer: null })
    expect(decodeCompare(() => undefined, choices, fallback)).toEqual(fallback)
  })

  it('falls back per field on values that name nothing the portal offers', () => {
    const bad = [
      { cmp: 'zoom', cmppos: '-3', cmpa: 'demo~secret-layer', cmpb: 'remote~demo-luftbild' },
      { cmp: '', cmppos: '1e3', cmpa: 'demo', cmpb: 'demo~demo-luftbild~x' },
      { cmp: 'SWIPE', cmppos: 'NaN', cmpa: '~', cmpb: '../x~' },
      { cmp: 'side ', cmppos: '50%', cmpa: 'demo~<img onerror=1>', cmpb: 'Demo~' },
    ]
    for (const r of bad) expect(decodeCompare(fromRecord(r), choices, fallback)).toEqual(fallback)
  })

  it('clamps the position to the map and keeps a tenth of a percent', () => {
    expect(decodeCompare(fromRecord({ cmppos: '150' }), choices, fallback).position).toBe(100)
    expect(decodeCompare(fromRecord({ cmppos: '33.3333' }), choices, fallback).position).toBe(33.3)
    expect(encodeCompare({ ...fallback, position: 66.66666 }).cmppos).toBe('66.7')
  })
})
