// A quality finding in the reader's language: its code and values through the message catalogue, with names
// (metadata fields, update frequencies, geometry problems) translated too. Reports without a code, or with one this
// portal does not know, show their stored English message.
import type { Finding } from '../../model/quality.ts'
import { formatDate, isMessageKey as known, type Lang, type Translate } from '../i18n.ts'

/** Translates each item of a comma-separated list whose `${prefix}${item}` key exists. */
function translateList(list: string, prefix: string, t: Translate, sep = ', '): string {
  return list
    .split(sep)
    .map((item) => {
      const [name, count] = item.split(': ')
      const key = `${prefix}${name}`
      const text = known(key) ? t(key) : name
      return count === undefined ? text : `${text}: ${count}`
    })
    .join(sep)
}

export function findingText(f: Pick<Finding, 'message' | 'code' | 'params'>, t: Translate, lang: Lang): string {
  const key = `finding_${f.code}`
  if (!f.code || !known(key)) return String(f.message)
  const params: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(f.params ?? {})) if (typeof v === 'string' || typeof v === 'number') params[k] = v
  if (typeof params.fields === 'string') params.fields = translateList(params.fields, 'mf_', t)
  if (typeof params.reasons === 'string') params.reasons = translateList(params.reasons, 'reason_', t)
  for (const k of ['due', 'last'] as const) if (typeof params[k] === 'string') params[k] = formatDate(params[k] as string, lang)
  if (typeof params.frequency === 'string') params.frequency = translateList(params.frequency, 'freq_', t)
  return t(key, params)
}
