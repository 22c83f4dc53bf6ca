// Numbers, dates and plurals in the UI language (issue #15), with Intl only. One Formatter per language, made on
// first use and kept: an Intl object costs about a millisecond to make (ICU data), and when every layer row made
// its own formatter the first view spent 150 ms of its start-up in them (0.6 s at a phone's CPU speed).
import type { Lang } from './i18n.ts'

export const locale = (lang: Lang) => (lang === 'de' ? 'de-DE' : 'en-GB')

/** An ISO date, or an ISO date-time (with or without a zone). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

export interface Formatter {
  lang: Lang
  /** A count or measure inside a sentence: grouped (12.345 / 12,345). */
  count(n: number): string
  /**
   * An attribute value as text. Only real numbers are localised — without grouping, because years and numbers
   * stored as numbers ("Pflanzjahr 1998", "Baumnummer 1234") must not read "1.998" — and ISO dates; strings stay
   * exactly as stored (a postcode "05071" or an id "0815" is text), objects become JSON. Empty values give ''.
   */
  value(v: unknown): string
  /** An ISO date (or date-time) as the language writes it: 8.9.2021 / 8 Sept 2021; anything else unchanged. */
  date(iso: string | undefined, options?: Intl.DateTimeFormatOptions): string
  /** The CLDR plural category of n (de/en: "one" or "other"). */
  plural(n: number): Intl.LDMLPluralRule
}

const formatters = new Map<Lang, Formatter>()

/** The formatter of a language (the same object on every call: Intl objects do not change). */
export function formatter(lang: Lang): Formatter {
  let f = formatters.get(lang)
  if (!f) formatters.set(lang, (f = makeFormatter(lang)))
  return f
}

/** `new Intl.…` on first use: most screens format counts only, never a date. */
function once<T>(make: () => T): () => T {
  let made: T | undefined
  return () => (made ??= make())
}

function makeFormatter(lang: Lang): Formatter {
  const loc = locale(lang)
  const counts = once(() => new Intl.NumberFormat(loc))
  // 15 significant digits: what a double holds, so 45.86 is "45,86", not "45,859999999999999".
  const values = once(() => new Intl.NumberFormat(loc, { useGrouping: false, maximumSignificantDigits: 15 }))
  const plurals = once(() => new Intl.PluralRules(loc))
  // German as usual (8.9.2021); English with the month's name, since 08/09/2021 reads as August 9 to many.
  const dayOptions: Intl.DateTimeFormatOptions = lang === 'de' ? { day: 'numeric', month: 'numeric', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' }
  const day = once(() => new Intl.DateTimeFormat(loc, { ...dayOptions, timeZone: 'UTC' }))
  // Date-times without a zone are wall-clock times as written; those with one are shown in the city's zone.
  const time: Intl.DateTimeFormatOptions = { ...dayOptions, hour: '2-digit', minute: '2-digit' }
  const wallTime = once(() => new Intl.DateTimeFormat(loc, { ...time, timeZone: 'UTC' }))
  const zonedTime = once(() => new Intl.DateTimeFormat(loc, { ...time, timeZone: 'Europe/Berlin' }))

  function date(iso: string | undefined, options?: Intl.DateTimeFormatOptions): string {
    if (!iso) return ''
    const d = ISO_DATE.exec(iso)
    if (d) {
      const t = Date.UTC(+d[1], +d[2] - 1, +d[3])
      // 2021-02-31 is no date: shown as it was written.
      if (new Date(t).getUTCDate() !== +d[3]) return iso
      return (options ? new Intl.DateTimeFormat(loc, { ...options, timeZone: 'UTC' }) : day()).format(t)
    }
    const m = ISO_DATE_TIME.exec(iso)
    if (m) {
      const [y, mo, da, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)]
      if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return iso
      const t = m[7] ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]}`) : Date.UTC(y, mo - 1, da, h, mi, s)
      if (!Number.isFinite(t) || new Date(Date.UTC(y, mo - 1, da)).getUTCDate() !== da) return iso
      return (m[7] ? zonedTime() : wallTime()).format(t)
    }
    return iso
  }

  return {
    lang,
    count: (n) => counts().format(n),
    value(v) {
      if (v === null || v === undefined || v === '') return ''
      if (typeof v === 'number') return Number.isFinite(v) ? values().format(v) : String(v)
      if (typeof v === 'bigint') return String(v)
      if (typeof v === 'string') return ISO_DATE.test(v) || ISO_DATE_TIME.test(v) ? date(v) : v
      return typeof v === 'object' ? JSON.stringify(v) : String(v)
    },
    date,
    plural: (n) => plurals().select(n),
  }
}

/**
 * The message key for a count: `<key>_one` (or `_two`, `_few` …) when the table has that form for n, else `key`
 * itself (the "other" form). German and English need only `_one`.
 */
export function pluralKey<K extends string>(key: K, n: number, f: Formatter, has: (k: string) => boolean): string {
  const form = `${key}_${f.plural(n)}`
  return has(form) ? form : key
}
