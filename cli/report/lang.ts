// The language of the publisher's reports (quality, publish summary, sync table): German by default, English
// with --lang en or an English locale in the environment (LC_ALL, LC_MESSAGES, LANG — POSIX order). One language
// per run: criterion names, finding texts and metadata field names all come from the same table. Error lines
// stay English (they are searched for in logs and issue trackers).
import type { Criterion, Finding, FindingCode } from '../../src/model/quality.ts'
import { UsageError } from '../args.ts'

export type CliLang = 'de' | 'en'

export const LANG_OPTION = { lang: { type: 'string' } } as const
export const LANG_HELP = `  --lang <de|en>     language of the report (default: German, English when LANG is en_*)`

export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): CliLang {
  if (flag !== undefined) {
    if (flag !== 'de' && flag !== 'en') throw new UsageError(`--lang must be de or en`)
    return flag
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return /^en([_.@-]|$)/i.test(locale) ? 'en' : 'de'
}

const CRITERION_NAMES: Record<CliLang, Record<Criterion, string>> = {
  de: { aktuell: 'aktuell', vollständig: 'vollständig', konsistent: 'konsistent', korrekt: 'korrekt', genau: 'genau', redundanzfrei: 'redundanzfrei', eindeutig: 'eindeutig', verständlich: 'verständlich' },
  en: { aktuell: 'up to date', vollständig: 'complete', konsistent: 'consistent', korrekt: 'correct', genau: 'accurate', redundanzfrei: 'free of redundancy', eindeutig: 'unambiguous', verständlich: 'understandable' },
}

const FIELD_NAMES_DE: Record<string, string> = {
  description: 'Beschreibung', keywords: 'Schlagwörter', category: 'Kategorie', department: 'Zuständige Stelle', contact: 'Kontakt',
  license: 'Lizenz', attribution: 'Quellenvermerk', lineage: 'Herkunft', updateFrequency: 'Aktualisierungsrhythmus',
  lastUpdate: 'Letzte Aktualisierung', positionalAccuracy: 'Lagegenauigkeit',
}

/** German finding texts by code; English uses the stored message (the publisher writes it in English). */
const FINDINGS_DE: Record<FindingCode, string> = {
  invalid_geometries: '{n} ungültige Geometrien ({reasons})',
  no_geometry: '{n} Objekte ohne Geometrie',
  mixed_geometry_types: 'gemischte Geometrietypen: {types}',
  outside_area: '{n} Objekte außerhalb des erwarteten Gebiets',
  duplicate_geometries: '{n} doppelte Geometrien',
  attribute_empty: 'Merkmal „{name}“ ist bei {percent} % der Objekte leer',
  attribute_mixed_types: 'Merkmal „{name}“ hat gemischte Werttypen',
  identifier_not_attribute: 'das angegebene Kennungsmerkmal „{name}“ gibt es nicht',
  identifier_not_unique: 'Kennung „{name}“ ist nicht eindeutig ({n} Wiederholungen)',
  no_identifier: 'kein Kennungsmerkmal angegeben (Metadaten: identifier)',
  metadata_missing: 'fehlende Metadaten: {fields}',
  attributes_undescribed: 'Merkmale ohne Titel oder Beschreibung: {names}',
  accuracy_undeclared: 'Lagegenauigkeit nicht angegeben (Metadaten: positionalAccuracy)',
  overdue: 'Aktualisierung seit {n} Tagen überfällig (fällig am {due}, Rhythmus: {frequency})',
  on_time: 'aktuell (nächste Aktualisierung fällig am {due})',
  not_scheduled: 'keine regelmäßige Aktualisierung (Rhythmus: {frequency}; zuletzt {last})',
  timeliness_unknown: 'letzte Aktualisierung oder Rhythmus nicht angegeben (Metadaten: lastUpdate, updateFrequency)',
  raster_scaled: 'Pixelwerte sind skaliert gespeichert (Wert × {scale} + {offset}); das Portal zeigt die umgerechneten Werte',
}

/** Singular forms (n = 1) of the German texts. */
const FINDINGS_DE_ONE: Partial<Record<FindingCode, string>> = {
  invalid_geometries: '{n} ungültige Geometrie ({reasons})',
  no_geometry: '{n} Objekt ohne Geometrie',
  outside_area: '{n} Objekt außerhalb des erwarteten Gebiets',
  duplicate_geometries: '{n} doppelte Geometrie',
  identifier_not_unique: 'Kennung „{name}“ ist nicht eindeutig ({n} Wiederholung)',
  overdue: 'Aktualisierung seit {n} Tag überfällig (fällig am {due}, Rhythmus: {frequency})',
}

/** A metadata field as the officer meets it: the German name with the JSON key to fill in, or the key in English. */
export function fieldName(field: string, lang: CliLang): string {
  return lang === 'de' && FIELD_NAMES_DE[field] ? `${FIELD_NAMES_DE[field]} (${field})` : field
}

export const fieldList = (fields: readonly string[], lang: CliLang) => fields.map((f) => fieldName(f, lang)).join(', ')

export const criterionName = (c: Criterion, lang: CliLang) => CRITERION_NAMES[lang][c]

/** A finding's text in the run's language; older reports without a code keep their stored (English) message. */
export function findingText(f: Finding, lang: CliLang): string {
  if (lang === 'en' || !f.code) return f.message
  const params: Record<string, string | number> = { ...f.params }
  if (f.code === 'metadata_missing' && typeof params.fields === 'string') params.fields = fieldList(params.fields.split(', '), lang)
  const text = (params.n === 1 && FINDINGS_DE_ONE[f.code]) || FINDINGS_DE[f.code]
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k]
    return typeof v === 'number' ? v.toLocaleString('de-DE') : String(v ?? '')
  })
}

/** Picks the run's text: `say(lang)('Ebene', 'layer')`. */
export const say =
  (lang: CliLang) =>
  (de: string, en: string): string =>
    lang === 'de' ? de : en
