// Value detectors of the personal-data guard: patterns, check digits and small vocabularies. Pure functions; all
// regular expressions are free of nested ambiguous quantifiers (linear on hostile input).

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
// 0 29 21 / 12 34 56 (the older grouping in pairs from the right, with the slash after the area code)
const PHONE_PAIRS = /(?<![\d.,])0 ?[1-9](?: ?\d){1,4}[ \t]?\/[ \t]?\d{1,2}(?: \d{2}){1,5}(?![\d.,])/g
// 01711234567 (mobile numbers are often written without separators)
const PHONE_MOBILE = /(?<![\d.,])01[5-7]\d{8,9}(?![\d.,])/g

const digitCount = (s: string) => s.replace(/\D/g, '').length

/** A phone or fax number in one of the usual German written forms, anywhere in a text. */
export function findPhone(s: string): string | null {
  if (!/\d{2}/.test(s)) return null
  for (const re of [PHONE_INTL, PHONE_NATIONAL, PHONE_PAIRS, PHONE_MOBILE]) {
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

export const DATE_VALUE = /^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+Z?)?|\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})|\d{1,2}\/\d{1,2}\/\d{4}|(?:18|19|20)\d{2})$/
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

const STREET_NUMBER = /\p{L}{2,}\.?[ \t]+\d{1,4}[ \t]?[a-zA-Z]?(?:[ \t]?[-\/][ \t]?\d{1,4}[a-zA-Z]?)?(?!\d)/u

export function looksLikeStreetAddress(value: string): boolean {
  return STREET_NUMBER.test(value)
}


// Identifiers with check digits -------------------------------------------------------------------------

const crossSum = (n: number) => Math.floor(n / 10) + (n % 10)

/**
 * Rentenversicherungsnummer (VKVV § 2): area number (2 digits), birth date DDMMYY, initial of the birth name,
 * serial number (2 digits), check digit. The letter counts as its two-digit position in the alphabet; weights
 * 2,1,2,5,7,1,2,1,2,1,2,1, cross sums of the products, sum mod 10.
 */
export function isValidPensionInsuranceNumber(raw: string): boolean {
  const v = raw.replace(/[ \t]/g, '').toUpperCase()
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})([A-Z])(\d{2})(\d)$/.exec(v)
  if (!m) return false
  // The day may be raised (by 20 up to 60) when numbers of one birth date run out; the month is plain.
  const [, , dd, mm] = m
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 91) return false
  const digits = `${m[1]}${m[2]}${m[3]}${m[4]}${String(m[5].charCodeAt(0) - 64).padStart(2, '0')}${m[6]}`
  const weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]
  let sum = 0
  for (let i = 0; i < 12; i++) sum += crossSum(Number(digits[i]) * weights[i])
  return sum % 10 === Number(m[7])
}

const PENSION_IN_TEXT = /(?<![\dA-Za-z])\d{2}[ \t]?\d{6}[ \t]?[A-Za-z][ \t]?\d{3}(?![\dA-Za-z])/g

export function findPensionInsuranceNumber(s: string): string | null {
  if (!/\d{6}/.test(s)) return null
  PENSION_IN_TEXT.lastIndex = 0
  for (let m = PENSION_IN_TEXT.exec(s); m; m = PENSION_IN_TEXT.exec(s)) if (isValidPensionInsuranceNumber(m[0])) return m[0]
  return null
}

/** Krankenversichertennummer (§ 290 SGB V): a letter and 9 digits; letter as 2 digits, weights 1,2,…, cross sums, mod 10. */
export function isValidHealthInsuranceNumber(raw: string): boolean {
  const v = raw.replace(/[ \t]/g, '').toUpperCase()
  if (!/^[A-Z]\d{9}$/.test(v)) return false
  const digits = String(v.charCodeAt(0) - 64).padStart(2, '0') + v.slice(1, 9)
  let sum = 0
  for (let i = 0; i < 10; i++) sum += crossSum(Number(digits[i]) * (i % 2 ? 2 : 1))
  return sum % 10 === Number(v[9])
}

/** Characters of German ID card and passport serial numbers (no vowels, no B, D, Q, S). */
const ID_ALPHABET = /^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}$/

/** ICAO 9303 check digit (weights 7, 3, 1; letters A=10 … Z=35). */
export function icaoCheckDigit(s: string): number {
  const w = [7, 3, 1]
  let t = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    const v = c >= '0' && c <= '9' ? Number(c) : c === '<' ? 0 : c.charCodeAt(0) - 55
    t += v * w[i % 3]
  }
  return t % 10
}

/**
 * Serial number of a German ID card (since 2010) or passport: 9 characters of the document alphabet with at least
 * one digit, or 10 with the ICAO check digit (as in the machine-readable zone). Only looked for in columns named
 * for ID documents: 9 such characters are too common elsewhere.
 */
export function isIdDocumentNumber(raw: string): boolean {
  const v = raw.replace(/[ \t]/g, '').toUpperCase()
  if (v.length === 10 && /^\d$/.test(v[9])) return ID_ALPHABET.test(v.slice(0, 9)) && icaoCheckDigit(v.slice(0, 9)) === Number(v[9])
  return ID_ALPHABET.test(v) && /\d/.test(v)
}

/** Steuernummer in the states' written forms (NRW 133/8150/8159, others 21/815/08150 …) or the 13-digit federal form. */
export function isTaxNumber(raw: string): boolean {
  const v = raw.trim()
  return /^\d{2,3}\/\d{3,4}\/\d{4,5}$/.test(v) || /^\d{13}$/.test(v)
}

// Special categories (Art. 9 GDPR) ----------------------------------------------------------------------

/** Denominations as the Melderegister (rk, ev, lt …), forms and people write them; "ohne"/"--" for none. */
const RELIGIONS = new Set(
  `rk r.k. rk. röm.-kath. röm.kath. römisch-katholisch roemisch-katholisch katholisch kath. kath ev ev. evang. evangelisch
  ev.-luth. evangelisch-lutherisch lutherisch lt evangelisch-reformiert reformiert rf ref. ak altkatholisch alt-katholisch fr
  freireligiös freikirchlich baptistisch methodistisch is isl islamisch muslimisch sunnitisch schiitisch alevitisch jd jüdisch
  israelitisch orthodox griechisch-orthodox russisch-orthodox serbisch-orthodox rumänisch-orthodox syrisch-orthodox
  neuapostolisch na zeugen jehovas buddhistisch hinduistisch sikh jesidisch yezidisch christlich konfessionslos ohne keine
  ohne konfession ohne bekenntnis ob -- vd sonstige`
    .split(/\n/)
    .flatMap((l) => l.trim().split(/\s+/)),
)
const RELIGION_PHRASES = new Set(['zeugen jehovas', 'ohne konfession', 'ohne bekenntnis', 'keine angabe'])
/** Values that say "none" or "no answer": they count as answers, but a column of only these says nothing. */
const NO_RELIGION = new Set(['ohne', 'keine', 'konfessionslos', '--', 'ob', 'ohne konfession', 'ohne bekenntnis', 'keine angabe', 'sonstige', 'vd'])

export function religionValue(s: string): 'religion' | 'none' | null {
  const v = s.trim().toLowerCase()
  if (!v || v.length > 40) return null
  if (NO_RELIGION.has(v)) return 'none'
  return RELIGIONS.has(v) || RELIGION_PHRASES.has(v) ? 'religion' : null
}

const PARTIES = new Set([
  'cdu', 'csu', 'spd', 'fdp', 'grüne', 'gruene', 'die grünen', 'bündnis 90/die grünen', 'b90/grüne', 'linke', 'die linke', 'afd',
  'freie wähler', 'fw', 'piraten', 'volt', 'die partei', 'bsw', 'ödp', 'npd', 'dkp', 'mlpd', 'parteilos',
])
export function partyValue(s: string): boolean {
  return PARTIES.has(s.trim().toLowerCase())
}

/** ICD-10(-GM) code: a letter (not U), two digits, optional subcode, optional certainty/side marks. */
const ICD10 = /^[A-TV-Z]\d{2}(?:\.\d{1,2}|\.-)?[+*!†]?(?:[ \t]?[GVZALRB])?$/
export const isIcd10 = (s: string) => ICD10.test(s.trim())

/** Grad der Behinderung: 20 to 100 in steps of 10 ("50", "GdB 50"). */
export function isDisabilityDegree(s: string): boolean {
  const m = /^(?:gdb[ \t:]*)?(\d{2,3})(?:[ \t]?%)?$/i.exec(s.trim())
  return !!m && Number(m[1]) >= 20 && Number(m[1]) <= 100 && Number(m[1]) % 10 === 0
}

/** Pflegegrad 1 to 5 ("3", "PG 3", "Pflegegrad 3"); the old Pflegestufen 0 to 3 as well. */
export const isCareLevel = (s: string) => /^(?:(?:pg|pflegegrad|pflegestufe|stufe|grad)[ \t]*)?[0-5]$/i.test(s.trim())

/** Merkzeichen of the Schwerbehindertenausweis. */
const DISABILITY_MARKS = new Set(['g', 'ag', 'h', 'bl', 'gl', 'tbl', 'b', 'rf', '1.kl', '1. kl.'])
export function isDisabilityMark(s: string): boolean {
  const parts = s.trim().toLowerCase().split(/[ \t]*[,;\/][ \t]*|[ \t]+/)
  return parts.length > 0 && parts.length <= 5 && parts.every((p) => DISABILITY_MARKS.has(p))
}
