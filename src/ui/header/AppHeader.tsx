// The page header: the catalog's title, the main navigation and the language switch. On phones (usePhone) the
// navigation and the language switch fold into a menu button, so the header stays one short line and the map
// keeps the screen (issue #15).
import { useEffect, useRef, useState } from 'react'
import { usePhone } from '../common/media.ts'
import { useI18n, type Lang } from '../i18n.ts'
import { MainNav, type MainNavProps } from '../pages.tsx'

export interface AppHeaderProps extends MainNavProps {
  title: string
  lang: Lang
  onLangChange(lang: Lang): void
}

export function AppHeader({ title, lang, onLangChange, current, onNavigate }: AppHeaderProps) {
  const { t } = useI18n()
  const phone = usePhone()
  const [open, setOpen] = useState(false)
  const menu = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  // The menu closes on Escape (focus back to its button) and on a press outside it.
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      toggle.current?.focus()
    }
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !toggle.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onDown)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onDown)
    }
  }, [open])
  useEffect(() => setOpen(false), [phone, current])

  const other: Lang = lang === 'de' ? 'en' : 'de'
  const items = (
    <>
      <MainNav current={current} onNavigate={onNavigate} />
      <button type="button" className="lang" lang={other} onClick={() => onLangChange(other)}>
        {t('switchLanguage')}
      </button>
    </>
  )
  return (
    <header className={`app-header${phone ? ' compact' : ''}`}>
      <h1>{title}</h1>
      {phone ? (
        <>
          <button
            ref={toggle}
            type="button"
            className="menu-button"
            aria-expanded={open}
            aria-controls="header-menu"
            aria-label={t('menu')}
            title={t('menu')}
            onClick={() => setOpen(!open)}
            data-testid="menu-button"
          >
            <svg viewBox="0 0 24 24" width="1.4em" height="1.4em" aria-hidden="true" focusable="false">
              <path fill="currentColor" d={open ? 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6 6.4 5Z' : 'M3 6h18v2H3V6Zm0 5h18v2H3v-2Zm0 5h18v2H3v-2Z'} />
            </svg>
          </button>
          <div ref={menu} id="header-menu" className="header-menu" hidden={!open}>
            {items}
          </div>
        </>
      ) : (
        items
      )}
    </header>
  )
}
