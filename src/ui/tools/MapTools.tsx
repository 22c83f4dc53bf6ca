// The planners' toolbar on the map screen: one button per tool in TOOLS, one tool open at a time. A tool is a
// panel (React, src/ui/tools/<tool>/) plus, where it draws or takes clicks, MapTool objects (src/map/tool.ts)
// that the panel hands to the map through setMapTools. Adding a tool = one entry in TOOLS.
import { useCallback, useRef, useState, type ComponentType, type ReactNode } from 'react'
import type { MapTool } from '../../map/tool.ts'
import type { Catalog, LayerDocument, LayerEntry } from '../../model/catalog.ts'
import type { Projections } from '../../projection/registry.ts'
import { Icon } from '../common/Icon.tsx'
import { usePhone } from '../common/media.ts'
import { useDismiss } from '../common/useDismiss.ts'
import { useI18n, type MessageKey } from '../i18n.ts'
import { lazyPanel } from './lazyPanel.tsx'
import { TABLE_TOOL } from './table/tableTool.tsx'
import { COMPARE_TOOL } from './compare/compareTool.ts'

export interface ToolPanelProps {
  catalog: Catalog
  /** Layers on the map, bottom to top. */
  shown: LayerEntry[]
  documents: Record<string, LayerDocument>
  projections: Projections
  catalogUrl: string
  /** The map objects this tool needs while open (replaces the previous list; [] removes them). */
  setMapTools(tools: readonly MapTool[]): void
  /** The tool's keys in the share link (the tool bounds what it reads; see ToolDefinition.linkKeys). */
  link: ToolLink
  onClose(): void
}

/** Keys of the share link's hash that a tool reads at start and writes as it changes (undefined removes a key). */
export interface ToolLink {
  get(key: string): string | undefined
  set(values: Record<string, string | undefined>): void
}

export interface ToolDefinition {
  id: string
  /** The button's accessible name and tooltip. */
  label: MessageKey
  /** A short visible text or symbol for the button. */
  short: MessageKey
  Panel: ComponentType<ToolPanelProps>
  /** Share-link keys this tool owns: a link holding one of them opens the tool; closing the tool removes them. */
  linkKeys?: readonly string[]
  /** 'sheet': a large panel over the lower map (full height on phones), e.g. the attribute table. */
  layout?: 'sheet'
}

/** The tools, in toolbar order. */
export const TOOLS: ToolDefinition[] = [
  { id: 'coordinates', label: 'toolCoordinates', short: 'toolCoordinatesShort', Panel: lazyPanel(() => import('./coordinates/CoordinatesPanel.tsx')) },
  { id: 'measure', label: 'toolMeasure', short: 'toolMeasureShort', Panel: lazyPanel(() => import('./measure/MeasurePanel.tsx')) },
  TABLE_TOOL,
  { id: 'draw', label: 'toolDraw', short: 'toolDrawShort', Panel: lazyPanel(() => import('./draw/DrawPanel.tsx')) },
  { id: 'print', label: 'printTool', short: 'printToolShort', Panel: lazyPanel(() => import('./print/PrintPanel.tsx')) },
  COMPARE_TOOL,
]

export function MapTools(props: Omit<ToolPanelProps, 'onClose'> & { tools?: ToolDefinition[] }) {
  const { t } = useI18n()
  const tools = props.tools ?? TOOLS
  const phone = usePhone()
  const [open, setOpen] = useState<string | undefined>(() => tools.find((tool) => tool.linkKeys?.some((k) => props.link.get(k) !== undefined))?.id)
  if (tools.length === 0) return null
  const current = tools.find((tool) => tool.id === open)
  const choose = (id: string | undefined) => {
    props.setMapTools([])
    if (current?.linkKeys) props.link.set(Object.fromEntries(current.linkKeys.map((k) => [k, undefined])))
    setOpen(id)
  }
  const buttons = tools.map((tool) => (
    <button key={tool.id} type="button" aria-pressed={tool.id === open} title={t(tool.label)} aria-label={t(tool.label)} data-testid={`tool-${tool.id}`} onClick={() => choose(tool.id === open ? undefined : tool.id)}>
      {t(tool.short)}
    </button>
  ))
  return (
    <div className="map-tools">
      {phone ? <PhoneToolMenu current={current && t(current.short)}>{buttons}</PhoneToolMenu> : (
        <div role="toolbar" aria-label={t('tools')} className="map-toolbar">
          {buttons}
        </div>
      )}
      {current && (
        <section className={current.layout === 'sheet' ? 'tool-panel tool-sheet' : 'tool-panel'} aria-label={t(current.label)} data-testid={`tool-panel-${current.id}`}>
          <current.Panel {...props} onClose={() => choose(undefined)} />
        </section>
      )}
    </div>
  )
}

/** On phones the tools fold into one menu button (a disclosure), so that they take one small corner of the map
 * instead of two rows across it. The button names the open tool. */
function PhoneToolMenu({ current, children }: { current?: string; children: ReactNode }) {
  const { t } = useI18n()
  const [expanded, setExpanded] = useState(false)
  const toggle = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setExpanded(false), [])
  useDismiss(expanded, close, toggle, list)
  return (
    <div className="map-toolbar tool-menu">
      <button ref={toggle} type="button" className="tool-menu-button" aria-expanded={expanded} aria-controls="tool-menu-list" onClick={() => setExpanded(!expanded)} data-testid="tools-menu-button">
        {current ? `${t('tools')}: ${current}` : t('tools')}
        <Icon name={expanded ? 'up' : 'down'} />
      </button>
      {/* Choosing a tool folds the list in the same update that opens the tool (the click bubbles up here), and the
          focus goes back to the menu button instead of being lost with the hidden list. */}
      <div ref={list} id="tool-menu-list" role="group" aria-label={t('tools')} className="tool-menu-list" hidden={!expanded} onClick={() => { close(); toggle.current?.focus() }}>
        {children}
      </div>
    </div>
  )
}
