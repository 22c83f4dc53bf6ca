// The formatter (numbers, dates, plurals) of the current UI language (one per language, format.ts).
import { formatter, type Formatter } from '../format.ts'
import { useI18n } from '../i18n.ts'

export function useFormat(): Formatter {
  return formatter(useI18n().lang)
}
