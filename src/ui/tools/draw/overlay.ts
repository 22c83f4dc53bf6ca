// The drawings' map layer bound to the store: loaded at start when this device has drawings, or when the drawing
// tool first opens, and attached for the rest of the visit (so drawings stay on the map, and in prints, with the
// tool closed).
import { DrawingLayer } from '../../../map/tools/drawingLayer.ts'
import { mapFeatures, measurementLabel, type MeasureWords } from '../../../tools/draw/labels.ts'
import type { Lang } from '../../../tools/measure/format.ts'
import type { Projections } from '../../../projection/registry.ts'
import { drawStore } from './drawStore.ts'

export const layer = new DrawingLayer()
let settings: { toGrid: ReturnType<Projections['forward']>; words: MeasureWords; lang: Lang } | undefined

function render() {
  const s = drawStore.state
  const cfg = settings
  layer.setData(mapFeatures(s.drawings, s.showMeasurements && cfg ? (d) => measurementLabel(d, cfg.toGrid, cfg.words, cfg.lang) : undefined))
}

/** Sets how measurements are computed and worded (on start and when the language changes). */
export function configure(projections: Projections, words: MeasureWords, lang: Lang): void {
  settings = { toGrid: projections.forward('EPSG:4326', 'EPSG:25832'), words, lang }
  render()
}

drawStore.subscribe(render)
