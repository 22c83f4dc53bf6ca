// How the map selects rows: click / shift-drag box (default), or drawing a polygon, rectangle, line or point, with an
// optional buffer in metres; a buffer around the selected features; the count.
import type { DrawMode } from '../../../map/tools/selectionTool.ts'
import { useI18n, type MessageKey } from '../../i18n.ts'

const MODES: [DrawMode, MessageKey][] = [
  ['click', 'tableModeClick'],
  ['polygon', 'tableModePolygon'],
  ['rectangle', 'tableModeRectangle'],
  ['line', 'tableModeLine'],
  ['point', 'tableModePoint'],
]

export interface SelectionControlsProps {
  mode: DrawMode
  onMode(m: DrawMode): void
  bufferMetres: string
  onBufferMetres(v: string): void
  /** Vertices drawn so far (polygon, line). */
  draft: number
  onFinish(): void
  onBufferSelection(): void
  onClear(): void
  selected: number
  message: string
  /** Changes with every answer of the map (data-serial). */
  serial: number
}

export function SelectionControls(p: SelectionControlsProps) {
  const { t } = useI18n()
  const canFinish = (p.mode === 'polygon' && p.draft >= 3) || (p.mode === 'line' && p.draft >= 2)
  return (
    <fieldset className="table-selection" data-testid="table-selection">
      <legend>{t('tableSpatial')}</legend>
      <div role="group" aria-label={t('tableDrawMode')} className="table-modes">
        {MODES.map(([m, label]) => (
          <button key={m} type="button" className="secondary" aria-pressed={p.mode === m} onClick={() => p.onMode(m)} data-testid={`table-mode-${m}`}>
            {t(label)}
          </button>
        ))}
      </div>
      <p className="hint">{t(p.mode === 'click' ? 'tableHintClick' : p.mode === 'rectangle' ? 'tableHintRectangle' : p.mode === 'point' ? 'tableHintPoint' : 'tableHintDraw')}</p>
      <label>
        {t('tableBuffer')}{' '}
        <input type="number" min={0} max={50000} step={1} inputMode="decimal" value={p.bufferMetres} onChange={(e) => p.onBufferMetres(e.target.value)} data-testid="table-buffer" className="table-buffer" />
      </label>
      <div className="table-actions">
        {(p.mode === 'polygon' || p.mode === 'line') && (
          <button type="button" className="secondary" disabled={!canFinish} onClick={p.onFinish} data-testid="table-finish">
            {t('tableFinish')}
          </button>
        )}
        <button type="button" className="secondary" disabled={p.selected === 0} onClick={p.onBufferSelection} data-testid="table-buffer-selection">
          {t('tableBufferSelection')}
        </button>
        <button type="button" className="secondary" disabled={p.selected === 0} onClick={p.onClear} data-testid="table-clear-selection">
          {t('tableClearSelection')}
        </button>
      </div>
      <p role="status" className="table-message" data-testid="table-selection-message" data-serial={p.serial}>
        {p.message}
      </p>
    </fieldset>
  )
}
