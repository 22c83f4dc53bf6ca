// Exports of exactly the rows the table shows, or the selected ones among them, in the shown columns and order.
import { useState } from 'react'
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js'
import type { VectorLayerEntry } from '../../../model/catalog.ts'
import type { Projections } from '../../../projection/registry.ts'
import type { Condition, TableRow } from '../../../tools/table/query.ts'
import { exportRows, ROW_EXPORT_FORMATS, rowsExportFileName, type RowExportFormat } from '../../../sources/vector/exportRows.ts'
import { lonLatTransform } from '../../../sources/vector/fgbSource.ts'
import { saveBlob } from '../../common/saveBlob.ts'
import { useI18n, type MessageKey } from '../../i18n.ts'
import { OPERATOR_LABEL } from './FilterEditor.tsx'

const FORMAT_LABEL: Record<RowExportFormat, MessageKey> = {
  geojson: 'tableFormatGeojson',
  'geojson-25832': 'tableFormatGeojson25832',
  csv: 'tableFormatCsv',
  'csv-comma': 'tableFormatCsvComma',
  fgb: 'tableFormatFgb',
}

export interface ExportControlsProps {
  layer: VectorLayerEntry
  header: HeaderMeta
  rows: readonly TableRow[]
  /** queryRows' result: what the table shows, and the selected rows among them. */
  shown: readonly number[]
  selectedShown: readonly number[]
  columns: readonly string[]
  conditions: readonly Condition[]
  title(c: string): string
  projections: Projections
}

const SYMBOL: Record<string, string> = { eq: '=', ne: 'ne', lt: 'lt', gt: 'gt' }

export function ExportControls(p: ExportControlsProps) {
  const { t } = useI18n()
  const [format, setFormat] = useState<RowExportFormat>('geojson')
  const [target, setTarget] = useState<'shown' | 'selected'>('shown')
  const [error, setError] = useState('')
  const positions = target === 'shown' ? p.shown : p.selectedShown
  // The file name says the filter: "art contains Linde, hoehe_m gt 10", plus "auswahl" for a selection.
  const filter = [...p.conditions.map((c) => `${c.column} ${c.op === 'contains' || c.op === 'empty' ? t(OPERATOR_LABEL[c.op]) : SYMBOL[c.op]} ${c.value}`), ...(target === 'selected' ? [t('tableFileSelection')] : [])].join(' ')
  const name = rowsExportFileName(p.layer.id, format, new Date(), filter)
  // The panel is loaded when the tool opens (tableTool.tsx), so the writers are not in the first view's JavaScript.
  const run = () => {
    setError('')
    try {
      const blob = exportRows(positions.map((i) => p.rows[i]), format, { columns: p.columns, geometryType: p.layer.geometryType, header: p.header, toLonLat: lonLatTransform(p.projections, p.layer.bbox) })
      saveBlob(blob, name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <fieldset className="table-export" data-testid="table-export">
      <legend>{t('tableExport')}</legend>
      <label>
        {t('tableFormat')}{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value as RowExportFormat)} data-testid="table-format">
          {ROW_EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(FORMAT_LABEL[f])}
            </option>
          ))}
        </select>
      </label>
      <div role="radiogroup" aria-label={t('tableExportWhat')}>
        <label>
          <input type="radio" name="table-export-target" checked={target === 'shown'} onChange={() => setTarget('shown')} /> {t('tableExportShown', { n: p.shown.length })}
        </label>
        <label>
          <input type="radio" name="table-export-target" checked={target === 'selected'} onChange={() => setTarget('selected')} data-testid="table-export-selected" /> {t('tableExportSelected', { n: p.selectedShown.length })}
        </label>
      </div>
      <button type="button" onClick={run} disabled={positions.length === 0} data-testid="table-export-button">
        {t('tableExportButton', { n: positions.length })}
      </button>
      <p className="hint table-file">{name}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
