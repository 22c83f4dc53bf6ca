// Personal data guard: scans the attribute names and values of a vector layer for personal data (GDPR Art. 4)
// before it is published. Pure logic; prepareVectorLayer applies the publishing rule.
//
// Detection is deliberately two-sided:
// - values that are personal data wherever they appear (e-mail addresses, formatted phone numbers, IBANs with a
//   valid checksum, licence plates in their written form, "geb. 12.03.1980") are found in every column;
// - person names, birth dates, bare phone digits, tax ids and private addresses are only looked for where the
//   column NAME says so (vorname, inhaber, telefon, geburtsdatum, steuer_id, wohnanschrift …), so that school
//   names ("Grundschule Soest"), street names ("Hans-Sachs-Straße 3") and ids are not mistaken for them.
// Public authority numbers are still phone numbers: they are reported, and the officer classifies the layer.
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { VectorData } from '../vector/model.ts'

export const PERSONAL_KINDS = ['person-name', 'email', 'phone', 'iban', 'birth-date', 'address', 'licence-plate', 'tax-id'] as const
export type PersonalKind = (typeof PERSONAL_KINDS)[number]

export interface PersonalFinding {
  kind: PersonalKind
  column: string
  /** Number of values of the column with this kind of personal data. */
  count: number
  /** One matching value, masked (e.g. "m***@s***.de"): enough to recognise, not to read. */
  sample: string
}

/** Share of a generic "name" column's values that must look like person names for the column to be reported. */
export const GENERIC_NAME_SHARE = 0.3

/** Longest prefix of a value that is scanned (detectors are linear, this only bounds the work per value). */
export const MAX_SCANNED_CHARS = 100_000

// ---------------------------------------------------------------------------------------------------------
// Column names

/** Lowercase word tokens of a column name: "E-Mail" → [e, mail], "kontaktTelefon" → [kontakt, telefon]. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-zäöüß])([A-ZÄÖÜ])/g, '$1 $2')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

export interface ColumnHints {
  /** A column holding one part of a person's name (vorname, nachname). */
  namePart: boolean
  /** A column holding whole person names (inhaber, ansprechpartner, eigentümer). */
  person: boolean
  /** A generic "name" column: only values that look like "Firstname Lastname" with a known first name count. */
  genericName: boolean
  phone: boolean
  email: boolean
  birth: boolean
  /** Street + house number: personal only together with a person column (or named as a home address). */
  address: boolean
  privateAddress: boolean
  plate: boolean
  tax: boolean
  iban: boolean
}

const starts = (tokens: string[], prefixes: string[]) => tokens.some((t) => prefixes.some((p) => t.startsWith(p)))
const has = (tokens: string[], words: string[]) => tokens.some((t) => words.includes(t))

export function columnHints(name: string): ColumnHints {
  const t = nameTokens(name)
  const joined = t.join('')
  const namePart =
    starts(t, ['vorname', 'nachname', 'familienname', 'geburtsname', 'rufname', 'zuname', 'firstname', 'lastname', 'surname', 'givenname', 'forename']) ||
    /^(first|last|given|family|sur)_?name$/.test(joined) ||
    /(first|last|given|family)name/.test(joined)
  const person =
    !namePart &&
    (starts(t, ['inhaber', 'eigentuemer', 'eigentumer', 'besitzer', 'ansprechpartner', 'ansprechperson', 'kontaktperson', 'antragsteller', 'mieter', 'paechter', 'bewohner', 'verantwortlich', 'sachbearbeiter', 'bearbeiter', 'betreiber', 'halter', 'erbbauberechtigt', 'owner', 'holder', 'tenant', 'resident']) ||
      has(t, ['kontakt', 'contact', 'person', 'personen', 'fullname', 'vollername', 'leiter', 'leitung', 'schulleiter', 'schulleitung']) ||
      /fullname|contactperson|contactname|kontaktname/.test(joined))
  const genericName = !namePart && !person && has(t, ['name', 'namen'])
  const phone = starts(t, ['telefon', 'phone', 'fax', 'telefax', 'mobilnummer', 'mobiltelefon', 'mobilfunk', 'handy', 'rufnummer', 'festnetz']) || has(t, ['tel', 'telnr', 'fon', 'mobil', 'mobile', 'cell'])
  const email = has(t, ['email', 'mail', 'mailadresse', 'emailadresse']) || starts(t, ['email'])
  const birth =
    starts(t, ['geburt', 'birth', 'gebdat', 'gebjahr', 'gebtag', 'geboren']) || has(t, ['geb', 'dob']) || /dateofbirth|birthdate/.test(joined)
  const privateAddress = starts(t, ['wohnanschrift', 'wohnadresse', 'wohnort', 'privatanschrift', 'privatadresse', 'meldeadresse', 'meldeanschrift', 'wohnsitz', 'homeaddress'])
  const address = privateAddress || starts(t, ['strasse', 'str', 'street', 'adresse', 'anschrift', 'address', 'hausnummer', 'hausnr', 'hnr'])
  const plate = starts(t, ['kennzeichen', 'kfzkennzeichen', 'nummernschild', 'licenseplate', 'licenceplate', 'numberplate']) || has(t, ['kfz', 'plate'])
  const tax = starts(t, ['steuerid', 'steueridentifikationsnummer', 'steuernummer', 'taxid', 'idnr']) || (has(t, ['steuer', 'tax']) && has(t, ['id', 'nr', 'nummer', 'number']))
  const iban = has(t, ['iban', 'bankverbindung', 'konto', 'kontonummer'])
  return { namePart, person, genericName, phone, email, birth, address, privateAddress, plate, tax, iban }
}

// ---------------------------------------------------------------------------------------------------------
// Value detectors (all regular expressions are free of nested ambiguous quantifiers: linear on hostile input)

const EMAIL = /[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])/g

export function findEmail(s: string): string | null {
  if (!s.includes('@')) return null
  EMAIL.lastIndex = 0
  return EMAIL.exec(s)?.[0] ?? null
}

// +49 2921 12345, 0049 (0)2921-12345, +49 171 1234567
const PHONE_INTL = /(?<![\d+])(?:\+|00)49[ \t\-\/]{0,3}(?:\(0\)[ \t]?)?[1-9][\d \t\-\/]{4,20}\d/g
// (02921) 1234-56, 02921 12345, 02921/12345, 02921-123 45, 0171 1234567
const PHONE_NATIONAL = /(?<![\d.,\/\-+])(?:\(0[1-9]\d{1,4}\)[ \t]?|0[1-9]\d{1,4}(?:[ \t]?[\/\-][ \t]?|[ \t]))\d{2,}(?:[ \t\-]\d+){0,3}(?![\d.,]|[ \t]?[\/\-]\d)/g
// 01711234567 (mobile numbers are often written without separators)
const PHONE_MOBILE = /(?<![\d.,])01[5-7]\d{8,9}(?![\d.,])/g

const digitCount = (s: string) => s.replace(/\D/g, '').length

/** A phone or fax number in one of the usual German written forms, anywhere in a text. */
export function findPhone(s: string): string | null {
  if (!/\d{2}/.test(s)) return null
  for (const re of [PHONE_INTL, PHONE_NATIONAL, PHONE_MOBILE]) {
    re.lastIndex = 0
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const n = digitCount(m[0])
      if (n >= 6 && n <= 15) return m[0].trim()
    }
  }
  return null
}

/** A value of a column named like a phone column: only phone characters and at least 3 digits. */
export function looksLikePhoneDigits(s: string): boolean {
  return /^[\d \t+()\/\-]+$/.test(s) && digitCount(s) >= 3 && digitCount(s) <= 15
}

const IBAN = /(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30})(?![A-Za-z0-9])/g
const IBAN_LENGTH: Record<string, number> = { DE: 22, AT: 20, CH: 21, NL: 18, BE: 16, FR: 27, LU: 20, DK: 18, PL: 28, IT: 27, ES: 24, GB: 22 }

/** ISO 13616: length per country (where known) and mod 97 = 1. */
export function isValidIban(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false
  const expected = IBAN_LENGTH[iban.slice(0, 2)]
  if (expected && iban.length !== expected) return false
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let rest = 0
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch
    for (const d of v) rest = (rest * 10 + Number(d)) % 97
  }
  return rest === 1
}

export function findIban(s: string): string | null {
  if (!/[A-Z]{2}\d{2}/.test(s)) return null
  IBAN.lastIndex = 0
  for (let m = IBAN.exec(s); m; m = IBAN.exec(s)) {
    // An IBAN group may be followed by more text in capitals: try the longest valid prefix on group bounds.
    const compact = m[1].replace(/ /g, '')
    for (let len = Math.min(compact.length, 34); len >= 15; len--) if (isValidIban(compact.slice(0, len))) return m[1]
  }
  return null
}

/** The German tax identification number (Steuer-ID): 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit. */
export function isValidTaxId(raw: string): boolean {
  const id = raw.replace(/[ \t]/g, '')
  if (!/^[1-9]\d{10}$/.test(id)) return false
  // Of the first 10 digits, exactly one appears twice or three times; the others at most once.
  const counts = new Map<string, number>()
  for (const d of id.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1)
  const repeated = [...counts.values()].filter((c) => c > 1)
  if (repeated.length !== 1 || repeated[0] > 3) return false
  let product = 10
  for (let i = 0; i < 10; i++) {
    let sum = (Number(id[i]) + product) % 10
    if (sum === 0) sum = 10
    product = (sum * 2) % 11
  }
  const check = (11 - product) % 10
  return check === Number(id[10])
}

const DATE_VALUE = /^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+Z?)?|\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})|\d{1,2}\/\d{1,2}\/\d{4}|(?:18|19|20)\d{2})$/
const BIRTH_IN_TEXT = /(?:\bgeb\.|\bgeboren|\bgeburtsdatum:?|\bdate of birth:?|\bborn|(?<!\S)\*)[ \t]*(?:am[ \t]+|on[ \t]+)?\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}(?!\d)/i

export function findBirthInText(s: string): string | null {
  return BIRTH_IN_TEXT.exec(s)?.[0] ?? null
}

// Licence plates: area code (1–3 letters), 1–2 letters, 1–4 digits, optional E (electric) or H (historic).
const PLATE_WHOLE = /^[A-ZÄÖÜ]{1,3}(?:[-: ]|[ ]?-[ ]?)[A-Z]{1,2}[ -]?[1-9]\d{0,3}[EH]?$/
const PLATE_IN_TEXT = /(?<![\p{L}\d\-])([A-ZÄÖÜ]{1,3})-[A-Z]{1,2} [1-9]\d{0,3}[EH]?(?![\p{L}\d])/gu
/** Capital abbreviations that form "XXX-A 1" in ordinary text (paper sizes, standards, building parts). */
const NOT_AREA_CODES = new Set(['DIN', 'ISO', 'EN', 'NR', 'TEL', 'FAX', 'NRW', 'BAB', 'KW', 'UG', 'OG', 'EG', 'DG', 'BA', 'TK', 'ST', 'PKW', 'LKW'])

export function findPlate(s: string, hinted = false): string | null {
  const v = s.trim()
  if (v.length <= 14 && PLATE_WHOLE.test(v)) {
    const area = /^[A-ZÄÖÜ]+/.exec(v)![0]
    // A bare "SO AB 123" is a plate only in a plate column or with a hyphen; with spaces alone it is too common.
    if (!NOT_AREA_CODES.has(area) && (hinted || v.includes('-'))) return v
  }
  if (!s.includes('-')) return null
  PLATE_IN_TEXT.lastIndex = 0
  for (let m = PLATE_IN_TEXT.exec(s); m; m = PLATE_IN_TEXT.exec(s)) if (!NOT_AREA_CODES.has(m[1])) return m[0]
  return null
}

// Person names ------------------------------------------------------------------------------------------

/** Common first names in Germany (all generations) and frequent international ones; used for "name" columns only. */
const FIRST_NAMES = new Set(
  `adam adrian alexander alexandra alfred ali alina andrea andreas angelika anja anke anna anne annette anton antonia arne
  barbara bastian ben benjamin bernd bettina birgit björn brigitte bruno carina carl carla carolin charlotte christa christian christiane christina christine christoph
  claudia clara cornelia daniel daniela david dennis detlef diana dieter dirk doris dorothea edith elena elias elisabeth elke ella emil emilia emily emma erich erika ernst erwin eva
  fabian felix finn florian frank franz franziska frieda friedrich fritz gabriele georg gerd gerhard gertrud gisela greta gudrun günter günther hanna hannah hannelore hans harald heike heinrich heinz
  helga helmut henning henry herbert hermann hildegard holger horst hubert ida ilse ina inge ingrid irene iris jakob jan jana jannik jens jessica joachim johanna johannes jonas jonathan jörg josef julia julian juliane jürgen jutta
  kai karin karl karla katharina kathrin katja kerstin kevin klaus konrad kurt lara lars laura lea lena leon leonie lina linda lisa lotte louis luca lucas lukas luise lutz
  mahmut manfred manuel marc marcel marco marcus margarete maria marie marina mario marion mark markus marlene martha martin martina mathias matthias max maximilian mehmet melanie mia michael michaela mila mohammed monika moritz mustafa
  nadine natalie nicole niklas nico nils nina noah norbert ole olaf oliver otto patrick paul paula peter petra philipp rainer ralf ralph regina reinhard renate rene richard robert roland rolf rosemarie ruth
  sabine sabrina sandra sara sarah sascha sebastian silke simon simone sofia sophia sophie stefan stefanie steffen stephan susanne sven svenja swen tanja thomas thorsten tim tobias tom torsten ulrich ulrike ursula uta ute uwe
  valentin vanessa vera verena viktor walter waltraud werner wilhelm willi wolfgang yasemin yvonne`.split(/\s+/),
)

/** Endings that make a word a place, institution, street or thing rather than a person's name. */
const NOT_PERSON_SUFFIXES = [
  'schule', 'gymnasium', 'kolleg', 'kindergarten', 'kita', 'akademie', 'universität', 'hochschule', 'institut',
  'straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ufer', 'pfad', 'steig', 'chaussee', 'graben',
  'kirche', 'kapelle', 'park', 'friedhof', 'halle', 'stadion', 'zentrum', 'center', 'klinik', 'krankenhaus',
  'amt', 'rathaus', 'verwaltung', 'behörde', 'gmbh', 'stiftung', 'verein', 'verband', 'bibliothek', 'museum', 'theater',
  'bahnhof', 'haltestelle', 'markt', 'brücke', 'turm', 'radweg', 'route', 'linie', 'bezirk', 'viertel', 'siedlung', 'altstadt', 'hütte',
]
/** Whole words of the same sort that are also the ending of common surnames (Neuhaus, Baumgarten, Hering). */
const NOT_PERSON_WORDS = new Set([
  'soest', 'nord', 'süd', 'ost', 'west', 'mitte', 'sankt', 'st.', 'bad', 'am', 'an', 'auf', 'im', 'in', 'zum', 'zur', 'der', 'die', 'das', 'und',
  'demo', 'stadt', 'kreis', 'land', 'gemeinde', 'haus', 'heim', 'garten', 'ring', 'tor', 'dom', 'see', 'hof', 'wall', 'damm', 'mühle', 'hort',
  'ag', 'kg', 'ev', 'e.v.', 'mbh', 'ohg', 'gbr', 'ug', 'co.', 'kgaa', 'se',
])
const TITLES = /^(?:(?:herr|frau|hr\.|fr\.|dr\.|prof\.|dipl\.-[\p{L}.]+|mr\.?|mrs\.?|ms\.?)\s+)+/iu
const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'zu', 'vom', 'zum', 'di', 'da', 'del', 'la', 'le', 'ter', 'ten', 'op'])
const NAME_WORD = /^(?:\p{Lu}[\p{Ll}'’]+|\p{Lu}{2,})(?:-(?:\p{Lu}[\p{Ll}'’]+|\p{Lu}{2,}))?\.?$/u

function personWords(value: string): { words: string[]; titled: boolean } | null {
  let v = value.trim()
  if (v.length < 3 || v.length > 80 || /[\d@\/:;()_#&%"]/.test(v)) return null
  const titled = TITLES.test(v)
  v = v.replace(TITLES, '')
  // "Mustermann, Max" → "Max Mustermann"
  const comma = /^([^,]+),\s*([^,]+)$/.exec(v)
  if (comma) v = `${comma[2]} ${comma[1]}`
  const words = v.split(/\s+/).filter((w) => !PARTICLES.has(w))
  if (!words.length || words.length > 5 || !words.every((w) => NAME_WORD.test(w))) return null
  for (const w of words) {
    const lw = w.toLowerCase()
    if (lw.split('-').some((p) => NOT_PERSON_WORDS.has(p) || NOT_PERSON_SUFFIXES.some((s) => p.endsWith(s)))) return null
  }
  return { words, titled }
}

/** "Max Mustermann", "Dr. Anna Schmidt-Weber", "Mustermann, Max", "Frau Müller": a whole person name. */
export function looksLikePersonName(value: string, requireKnownFirstName: boolean): boolean {
  const p = personWords(value)
  if (!p) return false
  if (p.titled) return p.words.length >= 1
  if (p.words.length < 2 || p.words.length > 4) return false
  if (!requireKnownFirstName) return true
  const first = p.words[0].toLowerCase().split('-')[0]
  return FIRST_NAMES.has(first)
}

/** A value of a vorname/nachname column: one or two capitalised words. */
export function looksLikeNamePart(value: string): boolean {
  const p = personWords(value)
  return !!p && p.words.length >= 1 && p.words.length <= 3
}

const STREET_NUMBER = /\p{L}{2,}\.?[ \t]+\d{1,4}[ \t]?[a-zA-Z]?(?:[ \t]?[-\/][ \t]?\d{1,4}[a-zA-Z]?)?(?!\d)/u

export function looksLikeStreetAddress(value: string): boolean {
  return STREET_NUMBER.test(value)
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
    case 'iban': {
      return `${v.replace(/ /g, '').slice(0, 4)} **** **** **** ****`
    }
    case 'licence-plate': {
      const area = /^[A-ZÄÖÜ]+/.exec(v)?.[0] ?? ''
      return `${area}${v.slice(area.length).replace(/[A-Z]/g, '*').replace(/\d/g, '*')}`
    }
    case 'tax-id':
    case 'birth-date':
      return v.replace(/\d/g, '*')
    default:
      // Names, addresses: the first letter of each word.
      return v.replace(/[\p{L}\d]+/gu, (w) => star(w))
  }
}

// ---------------------------------------------------------------------------------------------------------
// Scan

type Row = Record<string, unknown>

interface Tally {
  count: number
  sample: string
}

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

/** The kinds of personal data in one value of a column (each at most once, with the matching text). */
export function classifyValue(raw: unknown, hints: ColumnHints): [PersonalKind, string][] {
  const s = valueText(raw)
  if (s === null || s.trim() === '') return []
  const out: [PersonalKind, string][] = []
  const trimmed = s.trim()
  // Cheap gates first (a layer has millions of values): phone numbers, IBANs, dates and plates need digits;
  // a value of digits only can be nothing but a mobile number unless its column says more.
  const isString = typeof raw === 'string'
  const digits = isString && /\d/.test(s)
  const onlyDigits = digits && /^\d+$/.test(trimmed)
  const text = digits && !onlyDigits
  const email = findEmail(s)
  if (email) out.push(['email', email])
  let phone: string | null = text && /(?:^|[^\d])[+(0]/.test(s) ? findPhone(s) : onlyDigits && trimmed.startsWith('01') ? findPhone(trimmed) : null
  if (!phone && hints.phone && looksLikePhoneDigits(trimmed) && !email) phone = trimmed
  if (phone) out.push(['phone', phone])
  const iban = text ? findIban(s) : null
  if (iban) out.push(['iban', iban])
  else if (hints.iban && isValidIban(trimmed)) out.push(['iban', trimmed])
  let birth = text && /geb|born|birth|\*/i.test(s) ? findBirthInText(s) : null
  if (!birth && hints.birth && DATE_VALUE.test(trimmed)) birth = trimmed
  if (birth) out.push(['birth-date', birth])
  const plate = text ? findPlate(s, hints.plate) : null
  if (plate) out.push(['licence-plate', plate])
  if (hints.tax && isValidTaxId(trimmed)) out.push(['tax-id', trimmed])
  if (isString) {
    if ((hints.namePart && looksLikeNamePart(s)) || (hints.person && looksLikePersonName(s, false)) || (hints.genericName && looksLikePersonName(s, true))) {
      if (!email && !phone) out.push(['person-name', trimmed])
    }
    if (hints.address && text && looksLikeStreetAddress(s)) out.push(['address', trimmed])
  }
  return out
}

/**
 * Scans column names and every value of the given rows. Street addresses are reported only when the layer also
 * holds person names or birth dates (a school's address is not personal data; a resident's is), or when the
 * column is named as a home address. A generic "name" column is reported when at least GENERIC_NAME_SHARE of
 * its values look like "Firstname Lastname" with a known first name.
 */
export function scanPersonalData(columns: readonly string[], rows: Iterable<Row>): PersonalFinding[] {
  const hints = columns.map((c) => columnHints(c))
  const tallies = columns.map(() => new Map<PersonalKind, Tally>())
  // Identical values are classified once per column (ids, categories, repeated phone numbers).
  const memo = columns.map(() => new Map<unknown, [PersonalKind, string][]>())
  const MEMO_LIMIT = 50_000
  const filled = columns.map(() => 0)
  const add = (i: number, kind: PersonalKind, match: string) => {
    const t = tallies[i].get(kind)
    if (t) t.count++
    else tallies[i].set(kind, { count: 1, sample: maskValue(kind, match) })
  }
  // The column names themselves: an address or number used as a header is as personal as a value.
  const nameHits = columns.map((c) => classifyValue(c, NO_HINTS))
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i]]
      if (v === null || v === undefined || v === '' || typeof v === 'boolean') continue
      filled[i]++
      const key = typeof v === 'object' ? null : v
      let kinds = key !== null ? memo[i].get(key) : undefined
      if (!kinds) {
        kinds = classifyValue(v, hints[i])
        if (key !== null && memo[i].size < MEMO_LIMIT) memo[i].set(key, kinds)
      }
      for (const [kind, match] of kinds) add(i, kind, match)
    }
  }
  const people = tallies.some((t) => t.has('person-name') || t.has('birth-date'))
  const findings: PersonalFinding[] = []
  columns.forEach((column, i) => {
    for (const [kind, match] of nameHits[i]) findings.push({ kind, column, count: 1, sample: maskValue(kind, match) })
    for (const [kind, t] of tallies[i]) {
      if (kind === 'address' && !people && !hints[i].privateAddress) continue
      // A generic "name" column is a list of people when most of its values are person names; a few hits among
      // place names ("Maria Veen", "Friedrich Wilhelmshütte") are places named after people.
      if (kind === 'person-name' && hints[i].genericName && t.count < GENERIC_NAME_SHARE * filled[i]) continue
      findings.push({ kind, column, count: t.count, sample: t.sample })
    }
  })
  return findings
}

const NO_HINTS: ColumnHints = {
  namePart: false, person: false, genericName: false, phone: false, email: false, birth: false,
  address: false, privateAddress: false, plate: false, tax: false, iban: false,
}

// ---------------------------------------------------------------------------------------------------------
// The publishing rule

/** "Telefon (phone, 5507 values, e.g. 938****), E-Mail (email, …)" */
export function describeFindings(findings: readonly PersonalFinding[]): string {
  const byColumn = new Map<string, PersonalFinding[]>()
  for (const f of findings) byColumn.set(f.column, [...(byColumn.get(f.column) ?? []), f])
  return [...byColumn]
    .map(([column, fs]) => `"${column}" (${fs.map((f) => `${f.kind}: ${f.count} value${f.count === 1 ? '' : 's'}, e.g. ${f.sample}`).join('; ')})`)
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
export function scanVectorData(data: Pick<VectorData, 'columns' | 'features'>): PersonalFinding[] {
  function* published() {
    for (const f of data.features) if (f.geometry) yield f.properties
  }
  return scanPersonalData(
    data.columns.map((c) => c.name),
    published(),
  )
}
