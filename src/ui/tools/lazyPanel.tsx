// Tool panels load with their first use: measuring (GeographicLib) and the coordinate readout stay out of the
// first view's JavaScript (test/browser/budget.test.ts).
import { lazy, Suspense, type ComponentType } from 'react'
import { useI18n } from '../i18n.ts'
import type { ToolPanelProps } from './MapTools.tsx'

export function lazyPanel(load: () => Promise<{ default: ComponentType<ToolPanelProps> }>): ComponentType<ToolPanelProps> {
  const Panel = lazy(load)
  return function LazyPanel(props: ToolPanelProps) {
    const { t } = useI18n()
    return (
      <Suspense fallback={<p className="hint">{t('loading')}</p>}>
        <Panel {...props} />
      </Suspense>
    )
  }
}
