// The page header: the catalog's title, the main navigation and the language switch. On phones (usePhone) the
// navigation and the language switch fold into a menu button, so the header stays one short line and the map
// keeps the screen (issue #15).
import { useCallback, useEffect, useRef, useState } from 'react'
import { Icon } from '../common/Icon.tsx'
import { usePhone } from '../common/media.ts'
import { useDismiss } from '../common/useDismiss.ts'
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
  const close = useCallback(() => setOpen(false), [])
  useDismiss(open, close, toggle, menu)
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
            <Icon name={open ? 'close' : 'menu'} />
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
