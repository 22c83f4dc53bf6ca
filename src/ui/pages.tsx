// Named pages next to the map (#page=dashboard, #page=barrierefreiheit), the main navigation that reaches them,
// and the status line of a finding's highlight on the map (issue #6). App composes these.
import { lazy, Suspense, useEffect, useRef, type MouseEvent } from 'react'
import type { Catalog, VectorLayerEntry } from '../model/catalog.ts'
import type { Projections } from '../projection/registry.ts'
import { useI18n, type Translate } from './i18n.ts'

// Loaded when first opened: not part of the first map view's JavaScript (see test/browser/budget.test.ts).
const Dashboard = lazy(() => import('./dashboard/Dashboard.tsx').then((m) => ({ default: m.Dashboard })))
const InventoryPage = lazy(() => import('./inventory/InventoryPage.tsx').then((m) => ({ default: m.InventoryPage })))
const AccessibilityStatement = lazy(() => import('./statement/AccessibilityStatement.tsx').then((m) => ({ default: m.AccessibilityStatement })))

export const PAGES = ['dashboard', 'barrierefreiheit'] as const
export type PageName = (typeof PAGES)[number]

/** The document title of a named page (without the portal name). */
export function pageTitle(name: string, t: Translate): string {
  if (name === 'dashboard') return t('dashTitle')
  if (name === 'barrierefreiheit') return t('a11yTitle')
  if (name === 'inventory') return t('invTitle')
  return t('unknownPage', { page: name })
}

/** A plain left click is handled in the page; modified clicks (new tab …) follow the link. */
function plainClick(e: MouseEvent, fn: () => void) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
  e.preventDefault()
  fn()
}

export interface MainNavProps {
  /** The named page shown, or 'map' for the map view, or undefined on a layer page. */
  current: PageName | 'map' | string | undefined
  onNavigate(target: PageName | undefined): void
}

export function MainNav({ current, onNavigate }: MainNavProps) {
  const { t } = useI18n()
  const items: { target: PageName | undefined; key: 'map' | PageName; label: string; href: string }[] = [
    { target: undefined, key: 'map', label: t('navMap'), href: '#' },
    { target: 'dashboard', key: 'dashboard', label: t('navQuality'), href: '#page=dashboard' },
    { target: 'barrierefreiheit', key: 'barrierefreiheit', label: t('navAccessibility'), href: '#page=barrierefreiheit' },
  ]
  return (
    <nav className="main-nav" aria-label={t('mainNav')}>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.href} aria-current={current === i.key ? 'page' : undefined} onClick={(e) => plainClick(e, () => onNavigate(i.target))} data-testid={`nav-${i.key}`}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export interface NamedPageProps {
  name: string
  catalog: Catalog
  /** For the inventory page's map. */
  catalogUrl: string
  projections: Projections
  today: Date
  onOpenLayer(id: string): void
  onBack(): void
}

export function NamedPage({ name, catalog, catalogUrl, projections, today, onOpenLayer, onBack }: NamedPageProps) {
  const { t } = useI18n()
  const loading = <p className="hint">{t('loading')}</p>
  if (name === 'dashboard')
    return (
      <Suspense fallback={loading}>
        <Dashboard layers={catalog.layers} today={today} onOpenLayer={onOpenLayer} layerHref={(id) => `#layer=${encodeURIComponent(id)}`} />
      </Suspense>
    )
  if (name === 'barrierefreiheit')
    return (
      <Suspense fallback={loading}>
        <AccessibilityStatement portalTitle={catalog.title} contact={catalog.accessibility?.contact} />
      </Suspense>
    )
  // Internal builds only: the page reads inventory/, which `geoportal build` copies in only with --internal.
  if (name === 'inventory')
    return (
      <Suspense fallback={loading}>
        <InventoryPage map={{ catalog, catalogUrl, projections }} />
      </Suspense>
    )
  return (
    <>
      <p role="alert" className="error">
        {t('unknownPage', { page: name })}
      </p>
      <button type="button" className="secondary" onClick={onBack}>
        ← {t('backToMap')}
      </button>
    </>
  )
}

export interface HighlightState {
  layer: VectorLayerEntry
  ids: number[]
  /** The finding's message, shown with the count. */
  message: string
  /** Features concerned in all (the finding's count; its featureIds may be capped). */
  total?: number
  n: number
}
export type HighlightResult = { n: number; count: number; skipped: number } | { n: number; error: string }

/** Says how many features of a finding are highlighted on the map, with a button to clear the highlight. */
export function HighlightStatus({ highlight, result, onClear }: { highlight: HighlightState; result?: HighlightResult; onClear(): void }) {
  const { t } = useI18n()
  const box = useRef<HTMLDivElement>(null)
  // Coming from the layer page, keyboard focus lands here (the button that was pressed is gone). After the
  // current commit, so App's own focus handling when a page closes does not take it away again.
  useEffect(() => {
    const timer = setTimeout(() => box.current?.focus(), 0)
    return () => clearTimeout(timer)
  }, [highlight.n])
  const r = result?.n === highlight.n ? result : undefined
  const vars = { layer: highlight.layer.title, message: highlight.message }
  return (
    <div className="highlight-status" ref={box} tabIndex={-1} data-testid="highlight-status" data-count={r && 'count' in r ? r.count : undefined}>
      <p role="status" className={r && 'error' in r ? 'error' : undefined}>
        {!r ? t('highlightLoading') : 'error' in r ? t('highlightError', { message: r.error }) : r.count ? t('highlightCount', { ...vars, n: r.count }) : t('highlightNone', vars)}
        {r && 'count' in r && r.count > 0 && (highlight.total ?? 0) > r.count + r.skipped && <> {t('highlightCapped', { n: r.count, total: highlight.total! })}</>}
      </p>
      <button type="button" className="secondary" onClick={onClear}>
        {t('highlightClear')}
      </button>
    </div>
  )
}
