// Up front on the map screen, and tiny: loads the drawings' layer (overlay.ts, with the drawing code) only when this
// device has stored drawings or the drawing tool opens; until then nothing of the drawing tool is downloaded.
import { useEffect, useState } from 'react'
import type { MapTool } from '../../../map/tool.ts'
import type { Projections } from '../../../projection/registry.ts'
import { DRAW_OPEN_EVENT, STORAGE_KEY } from '../../../tools/draw/storageKey.ts'
import { useI18n } from '../../i18n.ts'

type Overlay = typeof import('./overlay.ts')

export function useDrawingLayer(projections: Projections): MapTool | undefined {
  const { t, lang } = useI18n()
  const [overlay, setOverlay] = useState<Overlay>()
  useEffect(() => {
    const load = () => void import('./overlay.ts').then((m) => setOverlay(() => m))
    let stored = false
    try {
      stored = localStorage.getItem(STORAGE_KEY) !== null
    } catch {
      // Storage blocked: nothing stored.
    }
    if (stored) load()
    window.addEventListener(DRAW_OPEN_EVENT, load)
    return () => window.removeEventListener(DRAW_OPEN_EVENT, load)
  }, [])
  useEffect(() => overlay?.configure(projections, { length: t('measureLength'), area: t('measureArea'), perimeter: t('measurePerimeter') }, lang), [overlay, projections, t, lang])
  return overlay?.layer
}
