// Layer metadata: DCAT-AP.de fields plus what the city's data strategy asks for.
// Validation collects every problem at once (the officer fixes a file in one go, not one error per run).

export const CATEGORIES = [
  'Registerdaten',
  'Mobilitätsdaten',
  'Transaktionsdaten',
  'Geodaten',
  'Verwaltungsdaten',
  'Unternehmensdaten',
  'Social-Media-Daten',
  'Demografische Daten und Strukturdaten',
  'Sensordaten',
  'Personenbezogene Daten',
  'Umweltdaten',
  'Metadaten',
] as const
export type Category = (typeof CATEGORIES)[number]

export const ACCESS_LEVELS = ['public', 'internal'] as const
export type AccessLevel = (typeof ACCESS_LEVELS)[number]

export const PERSONAL_DATA = ['none', 'pseudonymised', 'aggregated', 'personal'] as const
export type PersonalData = (typeof PERSONAL_DATA)[number]

/** DCAT accrual periodicity, in the EU vocabulary's terms. */
export const UPDATE_FREQUENCIES = {
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  annual: 366,
  irregular: null,
  never: null,
} as const
export type UpdateFrequency = keyof typeof UPDATE_FREQUENCIES

export interface AttributeMeta {
  title?: string
  description?: string
  unit?: string
}

export interface LayerMetadata {
  title: string
  description?: string
  keywords?: string[]
  category?: Category
  department?: string
  contact?: { name?: string; email?: string; phone?: string }
  license?: string
  attribution?: string
  access: AccessLevel
  personalData?: PersonalData
  lineage?: string
  updateFrequency?: UpdateFrequency
  /** ISO date (YYYY-MM-DD) of the last update of the data itself. */
  lastUpdate?: string
  /** Declared positional accuracy in metres. */
  positionalAccuracy?: number
  /** Name of the attribute that identifies a feature. */
  identifier?: string
  attributes?: Record<string, AttributeMeta>
  /** True for synthetic demo data; shown prominently in the portal. */
  demo?: boolean
}

/** Fields the portal and DCAT export need; missing ones are reported (not fatal) as "understandable" findings. */
export const RECOMMENDED_FIELDS = [
  'description',
  'keywords',
  'category',
  'department',
  'contact',
  'license',
  'attribution',
  'lineage',
  'updateFrequency',
  'lastUpdate',
  'positionalAccuracy',
] as const satisfies readonly (keyof LayerMetadata)[]

export interface Problem {
  field: string
  message: string
}

export class MetadataError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Problem[],
  ) {
    super(`${source}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`)
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const KNOWN_FIELDS = new Set<string>([
  'title', 'description', 'keywords', 'category', 'department', 'contact', 'license', 'attribution', 'access',
  'personalData', 'lineage', 'updateFrequency', 'lastUpdate', 'positionalAccuracy', 'identifier', 'attributes', 'demo',
])

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Validates untrusted metadata (a JSON file, flags) and returns it typed, or throws MetadataError with all problems. */
export function validateMetadata(input: unknown, source = 'metadata'): LayerMetadata {
  const problems: Problem[] = []
  const bad = (field: string, message: string) => problems.push({ field, message })
  if (!isRecord(input)) throw new MetadataError(source, [{ field: '(root)', message: 'must be a JSON object' }])
  const m = input
  for (const key of Object.keys(m)) if (!KNOWN_FIELDS.has(key)) bad(key, 'unknown field')
  const str = (field: string, required = false) => {
    const v = m[field]
    if (v === undefined) {
      if (required) bad(field, 'is required')
      return
    }
    if (typeof v !== 'string' || v.trim() === '') bad(field, 'must be a non-empty string')
  }
  str('title', true)
  for (const f of ['description', 'department', 'license', 'attribution', 'lineage', 'identifier']) str(f)
  const oneOf = (field: string, allowed: readonly string[]) => {
    const v = m[field]
    if (v !== undefined && !allowed.includes(v as string)) bad(field, `must be one of: ${allowed.join(', ')}`)
  }
  oneOf('category', CATEGORIES)
  oneOf('access', ACCESS_LEVELS)
  oneOf('personalData', PERSONAL_DATA)
  oneOf('updateFrequency', Object.keys(UPDATE_FREQUENCIES))
  if (m.keywords !== undefined && !(Array.isArray(m.keywords) && m.keywords.every((k) => typeof k === 'string'))) {
    bad('keywords', 'must be a list of strings')
  }
  if (m.lastUpdate !== undefined) {
    if (typeof m.lastUpdate !== 'string' || !ISO_DATE.test(m.lastUpdate) || Number.isNaN(Date.parse(m.lastUpdate))) {
      bad('lastUpdate', 'must be a date like 2026-01-31')
    }
  }
  if (m.positionalAccuracy !== undefined) {
    if (typeof m.positionalAccuracy !== 'number' || !(m.positionalAccuracy >= 0)) {
      bad('positionalAccuracy', 'must be a number of metres ≥ 0')
    }
  }
  if (m.demo !== undefined && typeof m.demo !== 'boolean') bad('demo', 'must be true or false')
  if (m.contact !== undefined) {
    if (!isRecord(m.contact)) bad('contact', 'must be an object with name, email, phone')
    else {
      for (const [k, v] of Object.entries(m.contact)) {
        if (!['name', 'email', 'phone'].includes(k)) bad(`contact.${k}`, 'unknown field')
        else if (typeof v !== 'string') bad(`contact.${k}`, 'must be a string')
      }
      if (typeof m.contact.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(m.contact.email)) {
        bad('contact.email', 'is not an e-mail address')
      }
    }
  }
  if (m.attributes !== undefined) {
    if (!isRecord(m.attributes)) bad('attributes', 'must map attribute names to {title, description, unit}')
    else {
      for (const [name, a] of Object.entries(m.attributes)) {
        if (!isRecord(a)) {
          bad(`attributes.${name}`, 'must be an object')
          continue
        }
        for (const [k, v] of Object.entries(a)) {
          if (!['title', 'description', 'unit'].includes(k)) bad(`attributes.${name}.${k}`, 'unknown field')
          else if (typeof v !== 'string') bad(`attributes.${name}.${k}`, 'must be a string')
        }
      }
    }
  }
  const access = m.access ?? 'public'
  if (m.personalData === 'personal' && access === 'public') {
    bad('access', 'layers with personal data must be internal')
  }
  if (problems.length) throw new MetadataError(source, problems)
  return { ...m, access } as LayerMetadata
}

export function missingRecommended(meta: LayerMetadata): string[] {
  return RECOMMENDED_FIELDS.filter((f) => {
    const v = meta[f]
    return v === undefined || (Array.isArray(v) && v.length === 0)
  })
}
