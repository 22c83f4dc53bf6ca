// The attribute table's entry in the toolbar. The panel (table, filters, selection, exports, turf and the
// FlatGeobuf writer) is loaded when the tool is first opened: none of it is in the first view's JavaScript.
import { lazy, Suspense } from 'react'
import { TABLE_LINK_KEYS } from '../../../tools/table/linkKeys.ts'
import { useI18n } from '../../i18n.ts'
import type { ToolDefinition, ToolPanelProps } from '../MapTools.tsx'

const Panel = lazy(() => import('./TablePanel.tsx').then((m) => ({ default: m.TablePanel })))

function TableToolPanel(props: ToolPanelProps) {
  const { t } = useI18n()
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <Panel {...props} />
    </Suspense>
  )
}

export const TABLE_TOOL: ToolDefinition = { id: 'table', label: 'tableTool', short: 'tableToolShort', Panel: TableToolPanel, linkKeys: TABLE_LINK_KEYS, layout: 'sheet' }
