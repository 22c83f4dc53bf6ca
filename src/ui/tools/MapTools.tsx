// The planners' toolbar on the map screen: one button per tool in TOOLS, one tool open at a time. A tool is a
// panel (React, src/ui/tools/<tool>/) plus, where it draws or takes clicks, MapTool objects (src/map/tool.ts)
// that the panel hands to the map through setMapTools. Adding a tool = one entry in TOOLS.
import { useState, type ComponentType } from 'react'
import type { MapTool } from '../../map/tool.ts'
import type { Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'
import type { Projections } from '../../projection/registry.ts'
import { useI18n, type MessageKey } from '../i18n.ts'
import { lazyPanel } from './lazyPanel.tsx'

export interface ToolPanelProps {
  catalog: Catalog
  /** Layers on the map, bottom to top. */
  shown: LayerEntry[]
  documents: Record<string, LayerDocument>
  projections: Projections
  catalogUrl: string
  /** The map objects this tool needs while open (replaces the previous list; [] removes them). */
  setMapTools(tools: readonly MapTool[]): void
  onClose(): void
}

export interface ToolDefinition {
  id: string
  /** The button's accessible name and tooltip. */
  label: MessageKey
  /** A short visible text or symbol for the button. */
  short: MessageKey
  Panel: ComponentType<ToolPanelProps>
}

/** The tools, in toolbar order. */
export const TOOLS: ToolDefinition[] = [
  { id: 'coordinates', label: 'toolCoordinates', short: 'toolCoordinatesShort', Panel: lazyPanel(() => import('./coordinates/CoordinatesPanel.tsx')) },
  { id: 'measure', label: 'toolMeasure', short: 'toolMeasureShort', Panel: lazyPanel(() => import('./measure/MeasurePanel.tsx')) },
]

export function MapTools(props: Omit<ToolPanelProps, 'onClose'> & { tools?: ToolDefinition[] }) {
  const { t } = useI18n()
  const tools = props.tools ?? TOOLS
  const [open, setOpen] = useState<string>()
  if (tools.length === 0) return null
  const current = tools.find((tool) => tool.id === open)
  const choose = (id: string | undefined) => {
    props.setMapTools([])
    setOpen(id)
  }
  return (
    <div className="map-tools">
      <div role="toolbar" aria-label={t('tools')} className="map-toolbar">
        {tools.map((tool) => (
          <button key={tool.id} type="button" aria-pressed={tool.id === open} title={t(tool.label)} aria-label={t(tool.label)} data-testid={`tool-${tool.id}`} onClick={() => choose(tool.id === open ? undefined : tool.id)}>
            {t(tool.short)}
          </button>
        ))}
      </div>
      {current && (
        <section className="tool-panel" aria-label={t(current.label)} data-testid={`tool-panel-${current.id}`}>
          <current.Panel {...props} onClose={() => choose(undefined)} />
        </section>
      )}
    </div>
  )
}
