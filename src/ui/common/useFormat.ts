// The formatter (numbers, dates, plurals) of the current UI language, made once per language per component.
import { useMemo } from 'react'
import { formatter, type Formatter } from '../format.ts'
import { useI18n } from '../i18n.ts'

export function useFormat(): Formatter {
  const { lang } = useI18n()
  return useMemo(() => formatter(lang), [lang])
}
