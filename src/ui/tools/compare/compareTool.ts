// The compare tool's entry in the toolbar (issue #17). Its panel, the two extra maps and the slider load when the
// tool is first opened: none of it is in the first view's JavaScript (test/browser/budget.test.ts).
import { COMPARE_LINK_KEYS } from '../../../tools/compare/linkKeys.ts'
import { lazyPanel } from '../lazyPanel.tsx'
import type { ToolDefinition } from '../MapTools.tsx'

export const COMPARE_TOOL: ToolDefinition = {
  id: 'compare',
  label: 'compareTool',
  short: 'compareToolShort',
  Panel: lazyPanel(() => import('./ComparePanel.tsx')),
  linkKeys: COMPARE_LINK_KEYS,
}
