// Personal data guard: scans the attribute names and values of a vector layer for personal data (GDPR Art. 4 and the
// special categories of Art. 9) before it is published. Pure logic; prepareVectorLayer applies the publishing rule.
//
// A column is judged by its name and its values together:
// - the name is split into German compound parts (personal/compound.ts) and read by its head: "Flurstücks|eigentümer"
//   holds persons, "Eigentümer|art" a category, "Anzahl_Einwohner" a count, "Straßen|name" a street;
// - the values are checked by pattern (personal/values.ts, personal/names.ts): some are personal data wherever they
//   appear (e-mail addresses, formatted phone numbers, IBANs and pension insurance numbers with valid check digits,
//   licence plates, "geb. 12.03.1980"); the others only where the name says what the column is (person names, bare
//   phone digits, tax ids, ID document numbers, birth dates, religion, health codes);
// - some data is personal only about persons: an address, a denomination, sex or nationality are reported when the
//   layer lists persons (it holds names of the persons its records are about, birth dates or personal ids), or when
//   the name says whose they are (Religionszugehörigkeit, Eigentümer_Anschrift, Wohnanschrift).
// Every finding says why, in one line, without the values. Its precision and recall are measured on a labelled
// corpus (personal.corpus.json, personal.corpus.test.ts).
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { VectorData, VectorSource } from '../vector/model.ts'
import { columnHints, type ColumnHints } from './personal/compound.ts'
import { looksLikeNamePart, looksLikePersonName } from './personal/names.ts'
import {
  DATE_VALUE,
  findBirthInText,
  findEmail,
  findIban,
  findPensionInsuranceNumber,
  findPhone,
  findPlate,
  isCareLevel,
  isDisabilityDegree,
  isDisabilityMark,
  isIcd10,
  isIdDocumentNumber,
  isTaxNumber,
  isValidHealthInsuranceNumber,
  isValidIban,
  isValidTaxId,
  looksLikePhoneDigits,
  looksLikeStreetAddress,
  partyValue,
  religionValue,
} from './personal/values.ts'

export { columnHints, decompound, nameTokens, type ColumnHints } from './personal/compound.ts'
export { looksLikePersonName } from './personal/names.ts'
export {
  findEmail, findIban, findPhone, findPlate, isValidIban, isValidTaxId, isValidPensionInsuranceNumber, isValidHealthInsuranceNumber,
  isIdDocumentNumber, icaoCheckDigit, isTaxNumber, isIcd10, isDisabilityDegree, religionValue,
} from './personal/values.ts'

export const PERSONAL_KINDS = [
  'person-name', 'email', 'phone', 'iban', 'birth-date', 'address', 'licence-plate', 'tax-id', 'social-security-number',
  'health-insurance-number', 'id-document-number', 'religion', 'health', 'special-category', 'person-attribute',
] as const
export type PersonalKind = (typeof PERSONAL_KINDS)[number]

export interface PersonalFinding {
  kind: PersonalKind
  column: string
  /** Number of values of the column with this kind of personal data. */
  count: number
  /** One matching value, masked (e.g. "m***@s***.de"): enough to recognise, not to read. */
  sample: string
  /** Why, in one line, without values: what the column name and the values showed. */
  why: string
}

/** Share of a generic "name" column's values that must look like person names for the column to be reported. */
export const GENERIC_NAME_SHARE = 0.3
/** Share of a column's values that must fit a special category's pattern (denominations, ICD-10, GdB …). */
export const SPECIAL_SHARE = 0.5

/** Longest prefix of a value that is scanned (detectors are linear, this only bounds the work per value). */
export const MAX_SCANNED_CHARS = 100_000

/** One kind of personal data in one value. `weak`: personal only about persons (see the module comment). */
export interface ValueHit {
  kind: PersonalKind
  match: string
  weak?: boolean
  /** For religion: a "none" answer ("ohne", "--"), which alone says nothing. */
  none?: boolean
  /** Which pattern matched, for the message. */
  detail?: string
}

// ---------------------------------------------------------------------------------------------------------
// Masking: a sample must let the officer recognise the column's content, never reproduce the value.

const star = (s: string, keep = 1) => (s.length <= keep ? `${s.slice(0, 1)}***` : `${s.slice(0, keep)}***`)

export function maskValue(kind: PersonalKind, value: string): string {
  const v = value.trim()
  switch (kind) {
    case 'email': {
      const at = v.lastIndexOf('@')
      const local = v.slice(0, at)
      const domain = v.slice(at + 1)
      const dot = domain.lastIndexOf('.')
      return `${star(local)}@${star(domain.slice(0, dot))}${domain.slice(dot)}`
    }
    case 'phone': {
      // Keep the first three digits (country or area code), hide the rest, keep separators.
      let seen = 0
      return v.replace(/\d/g, (d) => (++seen <= 3 ? d : '*'))
    }
    case 'iban':
      return `${v.replace(/ /g, '').slice(0, 4)} **** **** **** ****`
    case 'licence-plate': {
      const area = /^[A-ZÄÖÜ]+/.exec(v)?.[0] ?? ''
      return `${area}${v.slice(area.length).replace(/[A-Z]/g, '*').replace(/\d/g, '*')}`
    }
    case 'tax-id':
    case 'birth-date':
    case 'social-security-number':
    case 'health-insurance-number':
    case 'id-document-number':
      return v.replace(/[\dA-Za-z]/g, '*')
    default:
      // Names, addresses, categories: the first letter of each word.
      return v.replace(/[\p{L}\d]+/gu, (w) => star(w))
  }
}

// ---------------------------------------------------------------------------------------------------------
// One value

function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v.length > MAX_SCANNED_CHARS ? v.slice(0, MAX_SCANNED_CHARS) : v
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isFinite(Number(v)) ? String(v) : null
  if (typeof v === 'boolean') return null
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  try {
    const s = JSON.stringify(v)
    return s.length > MAX_SCANNED_CHARS ? s.slice(0, MAX_SCANNED_CHARS) : s
  } catch {
    return null
  }
}

function specialHit(s: string, hints: ColumnHints): ValueHit | null {
  const t = s.trim()
  if (!hints.special || t.length > 200) return null
  const numeric = /^[\d.,\s%]+$/.test(t)
  switch (hints.special) {
    case 'religion': {
      const r = religionValue(t)
      return r ? { kind: 'religion', match: t, weak: !hints.personLinked, none: r === 'none' } : null
    }
    case 'health':
      switch (hints.specialWord) {
        case 'disability':
          if (isDisabilityDegree(t)) return { kind: 'health', match: t, detail: 'degrees of disability (GdB)' }
          break
        case 'care':
          if (isCareLevel(t)) return { kind: 'health', match: t, detail: 'care levels (Pflegegrad)' }
          break
        case 'disabilityMark':
          if (isDisabilityMark(t)) return { kind: 'health', match: t, detail: 'disability marks (Merkzeichen)' }
          break
        default:
          if (isIcd10(t)) return { kind: 'health', match: t, detail: 'ICD-10 diagnosis codes' }
      }
      return numeric ? null : { kind: 'health', match: t, weak: !hints.personLinked }
    case 'political':
      if (partyValue(t)) return { kind: 'special-category', match: t, weak: !hints.personLinked, detail: 'party names' }
      return hints.personLinked && /^(?:ja|nein|yes|no|[01x])$/i.test(t) ? { kind: 'special-category', match: t } : null
    default:
      return numeric ? null : { kind: 'special-category', match: t, weak: !hints.personLinked }
  }
}

/**
 * The kinds of personal data in one value of a column (each at most once, with the matching text). Hits marked
 * weak are candidates that scanPersonalData keeps only when the layer lists persons.
 */
export function classifyValue(raw: unknown, hints: ColumnHints): ValueHit[] {
  const s = valueText(raw)
  if (s === null || s.trim() === '') return []
  const out: ValueHit[] = []
  const trimmed = s.trim()
  // Cheap gates first (a layer has millions of values): phone numbers, IBANs, dates and plates need digits;
  // a value of digits only can be nothing but a mobile number unless its column says more.
  const isString = typeof raw === 'string'
  const digits = isString && /\d/.test(s)
  const onlyDigits = digits && /^\d+$/.test(trimmed)
  const text = digits && !onlyDigits
  const email = findEmail(s)
  if (email) out.push({ kind: 'email', match: email })
  let phone: string | null = text && /(?:^|[^\d])[+(0]/.test(s) ? findPhone(s) : onlyDigits && trimmed.startsWith('01') ? findPhone(trimmed) : null
  if (!phone && hints.phone && looksLikePhoneDigits(trimmed) && !email) phone = trimmed
  if (phone) out.push({ kind: 'phone', match: phone })
  const iban = text ? findIban(s) : null
  if (iban) out.push({ kind: 'iban', match: iban })
  else if (hints.iban && isValidIban(trimmed)) out.push({ kind: 'iban', match: trimmed })
  let birth = text && /geb|born|birth|\*/i.test(s) ? findBirthInText(s) : null
  if (!birth && hints.birth && DATE_VALUE.test(trimmed)) birth = trimmed
  if (birth) out.push({ kind: 'birth-date', match: birth })
  const plate = text ? findPlate(s, hints.plate) : null
  if (plate) out.push({ kind: 'licence-plate', match: plate })
  if (hints.tax && isValidTaxId(trimmed)) out.push({ kind: 'tax-id', match: trimmed, detail: 'tax ids (Steuer-ID) with a valid check digit' })
  else if (hints.tax && isTaxNumber(trimmed)) out.push({ kind: 'tax-id', match: trimmed, detail: 'tax numbers (Steuernummer)' })
  const pension = text && /[A-Za-z]/.test(s) ? findPensionInsuranceNumber(s) : null
  if (pension) out.push({ kind: 'social-security-number', match: pension })
  if (hints.healthInsuranceNumber && isValidHealthInsuranceNumber(trimmed)) out.push({ kind: 'health-insurance-number', match: trimmed })
  if (hints.idDocument && isIdDocumentNumber(trimmed)) out.push({ kind: 'id-document-number', match: trimmed })
  if (isString) {
    if ((hints.namePart && looksLikeNamePart(s)) || (hints.person && looksLikePersonName(s, false)) || ((hints.genericName || hints.agentRole) && looksLikePersonName(s, true))) {
      if (!email && !phone) out.push({ kind: 'person-name', match: trimmed })
    }
    if (hints.address && text && looksLikeStreetAddress(s)) out.push({ kind: 'address', match: trimmed, weak: !hints.privateAddress })
  }
  const special = specialHit(s, hints)
  if (special) out.push(special)
  if (hints.personAttribute && !out.length && trimmed.length <= 200) {
    out.push({ kind: 'person-attribute', match: trimmed, weak: !hints.intrinsicAttribute && !hints.person })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// The layer

type Row = Record<string, unknown>

interface Tally {
  count: number
  /** Values that are personal only about persons (see ValueHit.weak). */
  weak: number
  /** Religion: values that name a denomination rather than "none". */
  specific: number
  sample: string
  detail?: string
}

interface DateSpread {
  dates: number
  min: number
  max: number
}

const yearOf = (s: string): number | null => {
  const m = /^(\d{4})-|\.(\d{4})$|\/(\d{4})$|^(\d{4})$/.exec(s.trim())
  return m ? Number(m[1] ?? m[2] ?? m[3] ?? m[4]) : null
}

const SPECIAL_LABEL: Record<string, string> = {
  religion: 'religion', health: 'health data', political: 'political opinion', union: 'union membership',
  ethnic: 'ethnic origin', sexual: 'sex life or sexual orientation', biometric: 'genetic or biometric data',
}

function why(kind: PersonalKind, h: ColumnHints, t: Tally, filled: number, context: string, spread?: DateSpread): string {
  const name = `"${h.parts}"`
  const share = `${t.count} of ${filled} values`
  switch (kind) {
    case 'person-name':
      if (h.namePart) return `${name} is a part of persons' names; ${share} look like names`
      if (h.person) return `${h.parts === h.role ? `${name} is` : `${name} names`} a person role${h.parts === h.role ? '' : ` ("${h.role}")`}; ${share} look like person names`
      if (h.agentRole) return `${name} ends like a word for persons (agent noun or participle); ${share} are "Firstname Lastname" with a common first name`
      return `a plain name column; ${share} are "Firstname Lastname" with a common first name`
    case 'email':
      return `${share} are e-mail addresses`
    case 'phone':
      return h.phone ? `${name} is a phone or fax column; ${share} are phone digits` : `${share} are phone numbers in German notation`
    case 'iban':
      return `${share} are IBANs with a valid checksum (mod 97)`
    case 'birth-date':
      if (spread) return `dates from ${spread.min} to ${spread.max} spread like birth dates, in a layer that lists persons (${context})`
      return h.birth ? `${name} is a birth date; ${share} are dates or years` : `${share} hold "geb."/"geboren"/"*" with a date`
    case 'address':
      return h.privateAddress ? `${name} is a person's address; ${share} are street and house number` : `${share} are street and house number, in a layer that lists persons (${context})`
    case 'licence-plate':
      return `${share} are licence plates`
    case 'tax-id':
      return `${name} is a tax column; ${share} are ${t.detail ?? 'tax ids'}`
    case 'social-security-number':
      return `${share} are pension insurance numbers (Rentenversicherungsnummer: structure and check digit)`
    case 'health-insurance-number':
      return `${name} is a health insurance number column; ${share} have a valid check digit (Krankenversichertennummer)`
    case 'id-document-number':
      return `${name} is an ID card or passport column; ${share} are document serial numbers`
    case 'religion':
      return `${name} is a religion column; ${share} are denominations${h.personLinked ? ' of persons' : `, in a layer that lists persons (${context})`} (Art. 9 GDPR)`
    case 'health':
      if (t.detail) return `${name} is a health column; ${share} are ${t.detail} (Art. 9 GDPR)`
      return `${name} is a health column${h.personLinked ? ' about persons' : `, in a layer that lists persons (${context})`} (Art. 9 GDPR)`
    case 'special-category':
      return `${name} is about ${SPECIAL_LABEL[h.special ?? ''] ?? 'a special category'}${h.personLinked ? ' of persons' : `, in a layer that lists persons (${context})`} (Art. 9 GDPR)`
    case 'person-attribute':
      return h.intrinsicAttribute || h.person ? `${name} is a person's ${h.personAttribute}` : `${name} is a person's ${h.personAttribute}, in a layer that lists persons (${context})`
  }
}

/**
 * Scans column names and every value of the given rows. A generic "name" column is reported when at least
 * GENERIC_NAME_SHARE of its values look like "Firstname Lastname" with a known first name; special categories
 * when at least SPECIAL_SHARE of the values fit their pattern; candidates that are personal only about persons
 * (addresses, denominations, sex, nationality …) when the layer lists persons.
 */
export function scanPersonalData(columns: readonly string[], rows: Iterable<Row>): PersonalFinding[] {
  const scan = personalScan(columns)
  for (const row of rows) scan.add(row)
  return scan.findings()
}

/** scanPersonalData row by row: for a pass over the features that does other work too. */
export function personalScan(columns: readonly string[]): { add(row: Row): void; findings(): PersonalFinding[] } {
  const hints = columns.map((c) => columnHints(c))
  const tallies = columns.map(() => new Map<PersonalKind, Tally>())
  // Identical values are classified once per column (ids, categories, repeated phone numbers).
  const memo = columns.map(() => new Map<unknown, ValueHit[]>())
  const MEMO_LIMIT = 50_000
  const filled = columns.map(() => 0)
  const spreads = columns.map((): DateSpread => ({ dates: 0, min: Infinity, max: -Infinity }))
  const add = (i: number, hit: ValueHit) => {
    let t = tallies[i].get(hit.kind)
    if (!t) tallies[i].set(hit.kind, (t = { count: 0, weak: 0, specific: 0, sample: maskValue(hit.kind, hit.match), detail: hit.detail }))
    t.count++
    if (hit.weak) t.weak++
    if (hit.kind === 'religion' && !hit.none) t.specific++
  }
  // The column names themselves: an address or number used as a header is as personal as a value.
  const nameHits = columns.map((c) => classifyValue(c, NO_HINTS))
  const addRow = (row: Row): void => {
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i]]
      if (v === null || v === undefined || v === '' || typeof v === 'boolean') continue
      filled[i]++
      const key = typeof v === 'object' ? null : v
      let hits = key !== null ? memo[i].get(key) : undefined
      if (!hits) {
        hits = classifyValue(v, hints[i])
        if (key !== null && memo[i].size < MEMO_LIMIT) memo[i].set(key, hits)
      }
      for (const hit of hits) add(i, hit)
      if (hints[i].genericDate) {
        const y = yearOf(String(v))
        if (y !== null && DATE_VALUE.test(String(v).trim())) {
          const sp = spreads[i]
          sp.dates++
          sp.min = Math.min(sp.min, y)
          sp.max = Math.max(sp.max, y)
        }
      }
    }
  }

  const result = (): PersonalFinding[] => {
    const kept = (i: number, kind: PersonalKind, t: Tally): boolean => {
      const h = hints[i]
      // A generic "name" column is a list of people when many of its values are person names; a few hits among
      // place names ("Maria Veen", "Friedrich Wilhelmshütte") are places named after people.
      if (kind === 'person-name' && (h.genericName || h.agentRole)) return t.count >= GENERIC_NAME_SHARE * filled[i]
      if (kind === 'religion') return t.specific > 0 && t.count >= SPECIAL_SHARE * filled[i]
      if ((kind === 'health' || kind === 'special-category') && t.detail) return t.count >= SPECIAL_SHARE * filled[i]
      return true
    }
    // Does the layer list persons? Names of the persons its records are about, birth dates, personal ids.
    const reasons = new Set<string>()
    tallies.forEach((m, i) => {
      for (const [kind, t] of m) {
        if (!kept(i, kind, t) || t.weak === t.count) continue
        if (kind === 'person-name' && (hints[i].subjectRole || hints[i].genericName)) reasons.add(`"${columns[i]}" holds person names`)
        if (['birth-date', 'social-security-number', 'health-insurance-number', 'id-document-number', 'tax-id'].includes(kind)) reasons.add(`"${columns[i]}" holds ${kind}s`)
      }
    })
    const context = [...reasons].slice(0, 2).join(', ')
    const persons = reasons.size > 0

    const findings: PersonalFinding[] = []
    columns.forEach((column, i) => {
      for (const hit of nameHits[i]) {
        findings.push({ kind: hit.kind, column, count: 1, sample: maskValue(hit.kind, hit.match), why: `the column name itself is ${hit.kind} data` })
      }
      for (const [kind, t] of tallies[i]) {
        if (!kept(i, kind, t)) continue
        // Candidates that are personal only about persons.
        if (t.weak === t.count && !persons) continue
        findings.push({ kind, column, count: t.count, sample: t.sample, why: why(kind, hints[i], t, filled[i], context) })
      }
      // A date column without a further word whose years spread like birth years, in a layer that lists persons.
      const sp = spreads[i]
      const thisYear = new Date().getUTCFullYear()
      if (persons && hints[i].genericDate && !tallies[i].has('birth-date') && sp.dates >= 2 && sp.dates >= 0.8 * filled[i] && sp.min >= 1900 && sp.max <= thisYear && sp.max - sp.min >= 10) {
        findings.push({ kind: 'birth-date', column, count: sp.dates, sample: '****', why: why('birth-date', hints[i], { count: sp.dates, weak: 0, specific: 0, sample: '' }, filled[i], context, sp) })
      }
    })
    return findings
  }
  return { add: addRow, findings: result }
}

const NO_HINTS: ColumnHints = columnHints('')

// ---------------------------------------------------------------------------------------------------------
// The publishing rule

/** "Telefon" (phone: 5507 values, e.g. 938**** — "telefon" is a phone or fax column; …), "E-Mail" (…) */
export function describeFindings(findings: readonly PersonalFinding[]): string {
  const byColumn = new Map<string, PersonalFinding[]>()
  for (const f of findings) byColumn.set(f.column, [...(byColumn.get(f.column) ?? []), f])
  return [...byColumn]
    .map(([column, fs]) => `"${column}" (${fs.map((f) => `${f.kind}: ${f.count} value${f.count === 1 ? '' : 's'}, e.g. ${f.sample} — ${f.why}`).join('; ')})`)
    .join(', ')
}

/**
 * Why a layer must not be published as it is, or null. A public layer with findings needs the officer's
 * classification in the metadata (personalData: none = checked, no personal data; pseudonymised; aggregated);
 * "personal" layers can only be internal (the metadata validator enforces that); internal layers always pass.
 */
export function personalDataRefusal(findings: readonly PersonalFinding[], metadata: Pick<LayerMetadata, 'access' | 'personalData'>): string | null {
  if (!findings.length || metadata.access !== 'public') return null
  if (metadata.personalData && metadata.personalData !== 'personal') return null
  return (
    `may contain personal data in a public layer: ${describeFindings(findings)}. ` +
    `Check the data, then either classify it in the metadata file ("personalData": "none" if these values are not personal, ` +
    `"pseudonymised" or "aggregated"), drop these columns, or publish with --access internal`
  )
}

/** What layer.json keeps of the scan: no values, not even masked ones (layer.json is published). */
export function findingsForReport(findings: readonly PersonalFinding[]): { column: string; kind: PersonalKind; count: number }[] {
  return findings.map(({ column, kind, count }) => ({ column, kind, count }))
}

/** Scans what would be published of a vector layer: the columns and the features that have a geometry. */
export function scanVectorData(data: Pick<VectorSource, 'columns' | 'features'>): PersonalFinding[] {
  function* published() {
    for (const f of data.features) if (f.geometry) yield f.properties
  }
  return scanPersonalData(
    data.columns.map((c) => c.name),
    published(),
  )
}
