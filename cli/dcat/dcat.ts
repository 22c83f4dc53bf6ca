// DCAT-AP.de 2.x export of the public part of a catalog: one JSON-LD document (dcat.jsonld) that GovData and the
// regional open-data platform harvest. Pure and deterministic: same input → same bytes; no clock, no network. The
// @context is inline, so a JSON-LD processor never has to fetch anything. Mapping decisions: docs/dcat.md.
//
// Internal layers are dropped before anything else looks at them: neither their ids nor their titles can reach
// the document. A layer is exported only when both its catalog entry and its layer.json say access "public".
import type { Catalog, LayerDocument, LayerEntry } from '../../src/model/catalog.ts'
import type { Category, LayerMetadata, UpdateFrequency } from '../../src/model/metadata.ts'
import { serviceDistribution } from './service.ts'

/** File name of the export next to catalog.json; dataset IRIs are fragments of it. */
export const DCAT_FILE = 'dcat.jsonld'

export const NAMESPACES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  spdx: 'http://spdx.org/rdf/terms#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const

const EU = 'http://publications.europa.eu/resource/authority/'
export const DATA_THEME = `${EU}data-theme/`
export const FREQUENCY = `${EU}frequency/`
export const FILE_TYPE = `${EU}file-type/`
const LANGUAGE = `${EU}language/`
const ACCESS_RIGHT_PUBLIC = `${EU}access-right/PUBLIC`
export const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/'
export const DCATDE_LICENSES = 'http://dcat-ap.de/def/licenses/'
export const POLITICAL_GEOCODING = 'http://dcat-ap.de/def/politicalGeocoding/'
const HASH_SHA256 = 'http://dcat-ap.de/def/hashAlgorithms/sha/256'
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG_25832 = 'http://www.opengis.net/def/crs/EPSG/0/25832'
const PUBLISHER_TYPE = 'http://purl.org/adms/publishertype/'

/** Amtlicher Gemeindeschlüssel (AGS) of the Stadt Soest: Land 05, Regierungsbezirk 9 (Arnsberg), Kreis 74, Gemeinde 040. */
export const SOEST_MUNICIPALITY_KEY = '05974040'

/**
 * City data-strategy category → EU data themes (http://publications.europa.eu/resource/authority/data-theme/).
 * The categories say what kind of data it is, the EU themes what it is about; where the two do not line up the
 * choice is the theme most layers of the category belong to. Reasons: docs/dcat.md.
 */
export const CATEGORY_THEMES: Readonly<Record<Category, readonly string[]>> = {
  Registerdaten: ['GOVE'],
  Mobilitätsdaten: ['TRAN'],
  Transaktionsdaten: ['ECON'],
  Geodaten: ['REGI'],
  Verwaltungsdaten: ['GOVE'],
  Unternehmensdaten: ['ECON'],
  'Social-Media-Daten': ['SOCI'],
  'Demografische Daten und Strukturdaten': ['SOCI', 'REGI'],
  Sensordaten: ['TECH'],
  // Personal data is never open data: no theme, and a warning if such a layer is public at all.
  'Personenbezogene Daten': [],
  Umweltdaten: ['ENVI'],
  Metadaten: ['GOVE'],
}

/** updateFrequency → EU frequency authority table. */
export const FREQUENCIES: Readonly<Record<UpdateFrequency, string>> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  annual: 'ANNUAL',
  irregular: 'IRREG',
  never: 'NEVER',
}

/**
 * Licences of the DCAT-AP.de licence vocabulary (http://dcat-ap.de/def/licenses/<id>) with the spellings accepted
 * for them. Matching ignores case, spaces, "/" vs "-", "2-0" vs "2.0", "Version" and the http(s)/www prefix of the
 * licence's web address, so "dl-de/by-2.0", "DL-DE-BY-2.0", "https://www.govdata.de/dl-de/by-2-0" and
 * "Datenlizenz Deutschland – Namensnennung – Version 2.0" are all one licence.
 */
export const LICENSES: readonly { id: string; attribution: boolean; aliases: readonly string[] }[] = [
  { id: 'dl-by-de/2.0', attribution: true, aliases: ['dl-de/by-2.0', 'Datenlizenz Deutschland Namensnennung 2.0'] },
  { id: 'dl-zero-de/2.0', attribution: false, aliases: ['dl-de/zero-2.0', 'Datenlizenz Deutschland Zero 2.0'] },
  { id: 'dl-by-de/1.0', attribution: true, aliases: ['dl-de/by-1.0', 'Datenlizenz Deutschland Namensnennung 1.0'] },
  {
    id: 'dl-by-nc-de/1.0',
    attribution: true,
    aliases: ['dl-de/by-nc-1.0', 'Datenlizenz Deutschland Namensnennung nicht-kommerziell 1.0'],
  },
  { id: 'cc-by/4.0', attribution: true, aliases: ['CC-BY-4.0', 'creativecommons.org/licenses/by/4.0'] },
  { id: 'cc-by-sa/4.0', attribution: true, aliases: ['CC-BY-SA-4.0', 'creativecommons.org/licenses/by-sa/4.0'] },
  { id: 'cc-by-nd/4.0', attribution: true, aliases: ['CC-BY-ND-4.0', 'creativecommons.org/licenses/by-nd/4.0'] },
  { id: 'cc-by-nc/4.0', attribution: true, aliases: ['CC-BY-NC-4.0', 'creativecommons.org/licenses/by-nc/4.0'] },
  { id: 'cc-by-de/3.0', attribution: true, aliases: ['CC-BY-3.0-DE', 'creativecommons.org/licenses/by/3.0/de'] },
  { id: 'cc-by-sa-de/3.0', attribution: true, aliases: ['CC-BY-SA-3.0-DE', 'creativecommons.org/licenses/by-sa/3.0/de'] },
  { id: 'cc-by-nc-de/3.0', attribution: true, aliases: ['CC-BY-NC-3.0-DE', 'creativecommons.org/licenses/by-nc/3.0/de'] },
  { id: 'cc-zero', attribution: false, aliases: ['CC0', 'CC0-1.0', 'CC-0', 'creativecommons.org/publicdomain/zero/1.0'] },
  { id: 'ccpdm/1.0', attribution: false, aliases: ['PDM', 'PDM-1.0', 'creativecommons.org/publicdomain/mark/1.0'] },
  { id: 'odbl', attribution: true, aliases: ['ODbL-1.0', 'ODC-ODbL', 'opendatacommons.org/licenses/odbl/1.0'] },
  { id: 'odby', attribution: true, aliases: ['ODC-By', 'ODC-By-1.0', 'opendatacommons.org/licenses/by/1.0'] },
  { id: 'odcpddl', attribution: false, aliases: ['PDDL', 'PDDL-1.0', 'ODC-PDDL', 'opendatacommons.org/licenses/pddl/1.0'] },
  { id: 'officialWork', attribution: false, aliases: ['Amtliches Werk'] },
]

/**
 * Data file kinds → dct:format (EU file-type table) and dcat:mediaType (IANA). FlatGeobuf has neither an EU
 * file-type entry nor an IANA media type (yet): it is declared as what servers deliver it as, an octet stream,
 * and named in the distribution's title and description. Change this one entry when the vocabularies add it.
 */
export const DATA_FORMATS = {
  vector: { name: 'FlatGeobuf', fileType: 'OCTET', mediaType: 'application/octet-stream' },
  raster: { name: 'GeoTIFF', fileType: 'GEOTIFF', mediaType: 'image/tiff' },
} as const
const METADATA_FORMAT = { fileType: 'JSON', mediaType: 'application/json' } as const

const LANGUAGES: Record<string, string> = { de: 'DEU', en: 'ENG' }

export interface DcatOptions {
  /** Absolute http(s) URL the built site is served from; download URLs and IRIs are made from it. */
  baseUrl: string
  /** Publisher of the catalog and its datasets; default "Stadt Soest" as a local authority. */
  publisher?: {
    name: string
    /** A stable IRI of the organisation; without it one is made under the base URL. */
    uri?: string
    homepage?: string
    /** Code of the ADMS publisher type list (http://purl.org/adms/publishertype/…); default LocalAuthority. */
    type?: string
  }
  /** Catalog title; default the catalog.json title. */
  title?: string
  description?: string
  /** Language of the metadata texts (ISO 639-1); default "de". */
  language?: string
  /** Contact point for layers whose metadata has no contact e-mail (e.g. the geodata team's mailbox). */
  contact?: { name?: string; email?: string; phone?: string; url?: string }
  /** 8-digit Amtlicher Gemeindeschlüssel for dcatde:politicalGeocodingURI; default Soest's; null: none. */
  municipalityKey?: string | null
  /** dcatde:contributorID IRI (http://dcat-ap.de/def/contributors/…), once GovData has assigned one. */
  contributorId?: string
}

export type JsonLdNode = Record<string, unknown>

export interface DcatDocument {
  '@context': Record<string, string>
  '@graph': JsonLdNode[]
}

export interface DcatResult {
  document: DcatDocument
  /** Exported datasets, in document order. */
  datasets: string[]
  /** Problems worth fixing in the metadata; the document is still valid JSON-LD. */
  warnings: string[]
}

type Iri = { '@id': string }
const iri = (id: string): Iri => ({ '@id': id })
const typed = (value: string, type: string) => ({ '@value': value, '@type': type })
const plain = (value: string) => ({ '@value': value })

/** Checks and normalises the base URL: absolute http(s), no query or fragment, ends with "/". */
export function normaliseBaseUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`base URL "${raw}" is not an absolute URL (e.g. https://geoportal.soest.de/)`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`base URL "${raw}" must be http(s)`)
  if (url.search || url.hash) throw new Error(`base URL "${raw}" must not have a query or fragment`)
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

function licenseKey(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(www\.)?/, '')
    .replace(/\/(deed|legalcode)(\.[a-z-]+)?$/, '')
    .replace(/\/+$/, '')
    .replace(/^dcat-ap\.de\/def\/licenses\//, '')
    .replace(/^govdata\.de\/dl-de\//, 'dl-de/')
    .replace(/[\s_/\u2013\u2014-]+/g, '-')
    .replace(/-version-/g, '-')
    .replace(/(\d)-(\d)/g, '$1.$2')
}

const LICENSE_BY_KEY = new Map<string, (typeof LICENSES)[number]>()
for (const l of LICENSES) for (const alias of [l.id, ...l.aliases]) LICENSE_BY_KEY.set(licenseKey(alias), l)

export type LicenseResolution =
  | { kind: 'vocabulary'; iri: string; attribution: boolean }
  | { kind: 'unknown-iri'; iri: string }
  | { kind: 'unknown'; text: string }

/** Maps a licence as written in the metadata to the DCAT-AP.de licence vocabulary. */
export function resolveLicense(raw: string): LicenseResolution {
  const known = LICENSE_BY_KEY.get(licenseKey(raw))
  if (known) return { kind: 'vocabulary', iri: `${DCATDE_LICENSES}${known.id}`, attribution: known.attribution }
  const text = raw.trim()
  if (/^https?:\/\/\S+$/i.test(text)) return { kind: 'unknown-iri', iri: text }
  return { kind: 'unknown', text }
}

/** E-mail to a mailto: IRI; phone to a tel: IRI in international form (German national numbers get +49). */
function telIri(phone: string): string | null {
  let p = phone.replace(/[^\d+-]/g, '').replace(/^-+/, '')
  if (p.startsWith('00')) p = `+${p.slice(2)}`
  else if (/^0\d/.test(p)) p = `+49${p.slice(1)}`
  return /^\+\d[\d-]{4,}$/.test(p) ? `tel:${p}` : null
}

const num = (v: number) => String(Math.round(v * 1e7) / 1e7)

/** The lon/lat box as a GeoSPARQL WKT literal with its CRS (DCAT-AP.de conventions 4–6: CRS given, axis order of it). */
export function wktBox([w, s, e, n]: readonly number[]): string {
  const ring = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ]
  return `<${CRS84}> POLYGON((${ring.map(([x, y]) => `${num(x)} ${num(y)}`).join(', ')}))`
}

function validLonLatBox(b: unknown): b is [number, number, number, number] {
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) return false
  const [w, s, e, n] = b as number[]
  return w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Trimmed non-empty string, or undefined (layer.json is ours, but a hand-edited one must not crash the export). */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined)

/**
 * Converts the public part of a catalog to one DCAT-AP.de JSON-LD document.
 * @param docs layer.json documents by layer id; a public layer without one is exported from its catalog entry.
 */
export function toDcat(catalog: Catalog, docs: Readonly<Record<string, LayerDocument>>, opts: DcatOptions): DcatResult {
  const base = normaliseBaseUrl(opts.baseUrl)
  const file = `${base}${DCAT_FILE}`
  const warnings: string[] = []
  const language = (opts.language ?? 'de').toLowerCase()
  const languageCode = LANGUAGES[language]
  if (!languageCode) warnings.push(`language "${language}" has no EU language code here; dct:language left out`)

  const publisherName = opts.publisher?.name?.trim() || 'Stadt Soest'
  const publisherId = opts.publisher?.uri ?? `${file}#publisher`
  const publisher: JsonLdNode = {
    '@id': publisherId,
    '@type': ['foaf:Organization', 'foaf:Agent'],
    'foaf:name': publisherName,
    'dct:type': iri(`${PUBLISHER_TYPE}${opts.publisher?.type ?? 'LocalAuthority'}`),
  }
  if (opts.publisher?.homepage) publisher['foaf:homepage'] = iri(opts.publisher.homepage)

  let geocoding: { uri: string; level: string } | null = null
  const key = opts.municipalityKey === undefined ? SOEST_MUNICIPALITY_KEY : opts.municipalityKey
  if (key !== null) {
    if (!/^\d{8}$/.test(key)) throw new Error(`municipality key "${key}" is not an 8-digit Amtlicher Gemeindeschlüssel`)
    geocoding = { uri: `${POLITICAL_GEOCODING}municipalityKey/${key}`, level: `${POLITICAL_GEOCODING}Level/municipality` }
  }
  if (opts.publisher?.uri !== undefined && !/^https?:\/\/\S+$/.test(opts.publisher.uri)) {
    throw new Error(`publisher URI "${opts.publisher.uri}" is not an absolute http(s) IRI`)
  }
  if (opts.contributorId !== undefined && !/^https?:\/\/\S+$/.test(opts.contributorId)) {
    throw new Error(`contributor id "${opts.contributorId}" is not an IRI (e.g. http://dcat-ap.de/def/contributors/…)`)
  }

  // Only layers public in the catalog are looked at any further; their layer.json must agree.
  const exported: { entry: LayerEntry; doc: LayerDocument | undefined }[] = []
  for (const entry of catalog.layers) {
    if (entry.access !== 'public') continue
    let doc = Object.hasOwn(docs, entry.id) ? docs[entry.id] : undefined
    if (doc && doc.id !== entry.id) {
      warnings.push(`${entry.id}: layer.json belongs to "${doc.id}"; exported from the catalog entry only`)
      doc = undefined
    }
    if (doc && doc.metadata?.access !== 'public') {
      warnings.push(`${entry.id}: public in catalog.json but not in its layer.json; left out of the export`)
      continue
    }
    if (!doc) warnings.push(`${entry.id}: no layer.json; description, keywords, contact and licence are missing`)
    exported.push({ entry, doc })
  }
  exported.sort((a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0))

  const datasets: JsonLdNode[] = []
  const datasetIds: string[] = []
  let modified: string | undefined
  let demoCount = 0
  for (const { entry, doc } of exported) {
    const r = datasetNode(entry, doc, { base, file, publisherId, publisherName, geocoding, opts, languageCode, warnings })
    if (!r) continue
    datasets.push(r.node)
    datasetIds.push(entry.id)
    if (r.modified && (!modified || r.modified > modified)) modified = r.modified
    if (doc?.metadata.demo ?? entry.demo) demoCount++
  }
  if (!datasets.length) warnings.push('no public layers: the catalog has no datasets (DCAT-AP requires at least one)')
  if (demoCount) warnings.push(`${demoCount} exported dataset(s) are synthetic demo data; do not let a portal harvest them`)

  const title = str(opts.title) ?? catalog.title
  const catalogNode: JsonLdNode = {
    '@id': `${file}#catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': title,
    'dct:description': str(opts.description) ?? `Öffentliche Geodaten aus dem Katalog „${title}“.`,
    'dct:publisher': iri(publisherId),
    'foaf:homepage': iri(base),
  }
  if (languageCode) catalogNode['dct:language'] = iri(`${LANGUAGE}${languageCode}`)
  catalogNode['dcat:themeTaxonomy'] = iri(DATA_THEME.replace(/\/$/, ''))
  if (geocoding) catalogNode['dct:spatial'] = iri(geocoding.uri)
  if (modified) catalogNode['dct:modified'] = typed(modified, 'xsd:date')
  catalogNode['dcat:dataset'] = datasets.map((d) => iri(d['@id'] as string))

  return {
    document: { '@context': { ...NAMESPACES, '@language': language }, '@graph': [catalogNode, publisher, ...datasets] },
    datasets: datasetIds,
    warnings,
  }
}

interface DatasetContext {
  base: string
  file: string
  publisherId: string
  publisherName: string
  geocoding: { uri: string; level: string } | null
  opts: DcatOptions
  languageCode: string | undefined
  warnings: string[]
}

function datasetNode(
  entry: LayerEntry,
  doc: LayerDocument | undefined,
  c: DatasetContext,
): { node: JsonLdNode; modified?: string } | null {
  const { id } = entry
  const warn = (m: string) => c.warnings.push(`${id}: ${m}`)
  const meta: Partial<LayerMetadata> = doc?.metadata ?? {}
  const metaUrl0 = new URL(entry.metaHref, c.base).href
  // A service layer's data is on its service; only its layer.json is on this site.
  const dataUrl = entry.kind === 'service' ? metaUrl0 : new URL(entry.href, c.base).href
  const metaUrl = new URL(entry.metaHref, c.base).href
  if (!dataUrl.startsWith(c.base) || !metaUrl.startsWith(c.base)) {
    warn('file paths point outside the site; left out of the export')
    return null
  }

  const title = str(meta.title) ?? entry.title
  const node: JsonLdNode = { '@id': `${c.file}#dataset-${id}`, '@type': 'dcat:Dataset', 'dct:title': title }
  const description = str(meta.description)
  if (!description) warn('no description; the title is used (dct:description is mandatory)')
  node['dct:description'] = description || title
  node['dct:identifier'] = plain(node['@id'] as string)

  const keywords = [...new Set((Array.isArray(meta.keywords) ? meta.keywords : []).map(str).filter((k) => k !== undefined))]
  if (keywords.length) node['dcat:keyword'] = keywords
  else warn('no keywords')

  const category = meta.category ?? entry.category
  if (!category) warn('no category, so no dcat:theme')
  else if (!Object.hasOwn(CATEGORY_THEMES, category)) warn(`unknown category "${category}", so no dcat:theme`)
  else {
    const themes = CATEGORY_THEMES[category]
    if (category === 'Personenbezogene Daten') {
      warn('category "Personenbezogene Daten" on a public layer: check the access level')
    }
    if (themes.length) node['dcat:theme'] = themes.map((t) => iri(`${DATA_THEME}${t}`))
  }

  const frequency = meta.updateFrequency ?? entry.updateFrequency
  if (!frequency) warn('no updateFrequency, so no dct:accrualPeriodicity')
  else if (!Object.hasOwn(FREQUENCIES, frequency)) warn(`unknown updateFrequency "${frequency}" left out`)
  else node['dct:accrualPeriodicity'] = iri(`${FREQUENCY}${FREQUENCIES[frequency]}`)

  let modified: string | undefined
  const lastUpdate = meta.lastUpdate ?? entry.lastUpdate
  if (!lastUpdate) warn('no lastUpdate, so no dct:modified')
  else if (!ISO_DATE.test(lastUpdate) || Number.isNaN(Date.parse(lastUpdate))) warn(`lastUpdate "${lastUpdate}" is not a date`)
  else {
    modified = lastUpdate
    node['dct:modified'] = typed(lastUpdate, 'xsd:date')
  }

  node['dct:publisher'] = iri(c.publisherId)
  const department = str(meta.department)
  if (department) node['dcatde:maintainer'] = { '@type': ['foaf:Organization', 'foaf:Agent'], 'foaf:name': department }
  const contact = contactPoint(meta, c, warn)
  if (contact) node['dcat:contactPoint'] = contact
  if (c.opts.contributorId) node['dcatde:contributorID'] = iri(c.opts.contributorId)

  const spatial: unknown[] = []
  if (c.geocoding) spatial.push(iri(c.geocoding.uri))
  if (validLonLatBox(entry.bbox4326)) {
    const wkt = typed(wktBox(entry.bbox4326), 'gsp:wktLiteral')
    spatial.push({ '@type': 'dct:Location', 'dcat:bbox': wkt, 'locn:geometry': wkt })
  } else warn('bbox4326 is not a lon/lat box; no geometry in dct:spatial')
  if (spatial.length) node['dct:spatial'] = spatial
  if (c.geocoding) {
    node['dcatde:politicalGeocodingURI'] = iri(c.geocoding.uri)
    node['dcatde:politicalGeocodingLevelURI'] = iri(c.geocoding.level)
  }
  // A service draws in whatever CRS the portal asks for; only our own files are in EPSG:25832.
  if (entry.kind !== 'service') node['dct:conformsTo'] = iri(EPSG_25832)
  if (entry.kind === 'raster' && doc && 'resolution' in doc.quality && Number.isFinite(doc.quality.resolution)) {
    node['dcat:spatialResolutionInMeters'] = typed(String(doc.quality.resolution), 'xsd:decimal')
  }
  const lineage = str(meta.lineage)
  if (lineage) node['dct:provenance'] = { '@type': 'dct:ProvenanceStatement', 'rdfs:label': lineage }
  node['dct:accessRights'] = iri(ACCESS_RIGHT_PUBLIC)
  if (c.languageCode) node['dct:language'] = iri(`${LANGUAGE}${c.languageCode}`)
  node['dcat:landingPage'] = iri(`${c.base}#layers=${encodeURIComponent(id)}`)

  // Licence and attribution go on each distribution (DCAT-AP.de), the same for data and metadata file.
  const rights: JsonLdNode = {}
  const attribution = str(meta.attribution) ?? str(entry.attribution)
  const licenseText = str(meta.license)
  if (!licenseText) warn('no licence (GovData needs dct:license on every distribution)')
  else {
    const license = resolveLicense(licenseText)
    if (license.kind === 'vocabulary') {
      rights['dct:license'] = iri(license.iri)
      if (license.attribution && !attribution) {
        warn(`licence requires attribution but none is given; "${c.publisherName}" is used`)
        rights['dcatde:licenseAttributionByText'] = c.publisherName
      }
    } else if (license.kind === 'unknown-iri') {
      warn(`licence "${license.iri}" is not in the DCAT-AP.de licence list; kept as given`)
      rights['dct:license'] = iri(license.iri)
    } else {
      warn(`licence "${license.text}" is not in the DCAT-AP.de licence list; kept as text (DCAT-AP.de needs an IRI)`)
      rights['dct:license'] = plain(license.text)
    }
  }
  if (attribution) rights['dcatde:licenseAttributionByText'] = attribution

  const metadata: JsonLdNode = {
    '@id': `${c.file}#distribution-${id}-metadata`,
    '@type': 'dcat:Distribution',
    'dct:title': `${title}: Metadaten und Qualitätsbericht (JSON)`,
    'dct:description': 'Metadaten, gemessener Qualitätsbericht und SHA-256-Prüfsummen der Datei (layer.json).',
    'dcat:accessURL': iri(metaUrl),
    'dcat:downloadURL': iri(metaUrl),
    'dct:format': iri(`${FILE_TYPE}${METADATA_FORMAT.fileType}`),
    'dcat:mediaType': iri(`${IANA_MEDIA_TYPES}${METADATA_FORMAT.mediaType}`),
    ...rights,
  }
  if (entry.kind === 'service') {
    metadata['dct:title'] = `${title}: Metadaten (JSON)`
    metadata['dct:description'] = 'Metadaten des eingebundenen Dienstes (layer.json).'
    node['dcat:distribution'] = [serviceDistribution(entry, title, rights, c.file), metadata]
    return { node, modified }
  }
  const format = DATA_FORMATS[entry.kind]
  const fileName = entry.href.slice(entry.href.lastIndexOf('/') + 1)
  const fileInfo = doc?.files?.find((f) => f.name === fileName)
  const data: JsonLdNode = {
    '@id': `${c.file}#distribution-${id}-data`,
    '@type': 'dcat:Distribution',
    'dct:title': `${title} (${format.name})`,
    'dct:description':
      entry.kind === 'vector'
        ? 'Vektordaten als FlatGeobuf mit räumlichem Index (EPSG:25832); Teile lassen sich per HTTP-Range-Anfrage lesen.'
        : 'Rasterdaten als Cloud-Optimized GeoTIFF (EPSG:25832); Teile lassen sich per HTTP-Range-Anfrage lesen.',
    'dcat:accessURL': iri(dataUrl),
    'dcat:downloadURL': iri(dataUrl),
    'dct:format': iri(`${FILE_TYPE}${format.fileType}`),
    'dcat:mediaType': iri(`${IANA_MEDIA_TYPES}${format.mediaType}`),
    ...rights,
  }
  const bytes = fileInfo?.bytes ?? entry.bytes
  if (Number.isSafeInteger(bytes) && bytes >= 0) data['dcat:byteSize'] = typed(String(bytes), 'xsd:decimal')
  if (fileInfo && /^[0-9a-f]{64}$/i.test(fileInfo.sha256)) {
    data['spdx:checksum'] = {
      '@type': 'spdx:Checksum',
      'spdx:algorithm': iri(HASH_SHA256),
      'spdx:checksumValue': typed(fileInfo.sha256.toLowerCase(), 'xsd:hexBinary'),
    }
  }
  if (modified) data['dct:modified'] = typed(modified, 'xsd:date')
  node['dcat:distribution'] = [data, metadata]
  return { node, modified }
}

function contactPoint(meta: Partial<LayerMetadata>, c: DatasetContext, warn: (m: string) => void): JsonLdNode | undefined {
  const raw = typeof meta.contact === 'object' && meta.contact !== null ? meta.contact : {}
  const own = { name: str(raw.name), email: str(raw.email), phone: str(raw.phone) }
  let contact: { name?: string; email?: string; phone?: string; url?: string } = own
  if (!own.email) {
    if (c.opts.contact?.email || c.opts.contact?.url) contact = c.opts.contact
    else if (own.name || own.phone) warn('contact has no e-mail (DCAT-AP.de needs an e-mail or a contact form URL)')
    else {
      warn('no contact, so no dcat:contactPoint')
      return undefined
    }
  }
  const node: JsonLdNode = {
    '@type': ['vcard:Kind', 'vcard:Organization'],
    'vcard:fn': str(contact.name) ?? str(meta.department) ?? c.publisherName,
  }
  const email = str(contact.email)
  if (email) node['vcard:hasEmail'] = iri(`mailto:${email}`)
  const phone = str(contact.phone)
  if (phone) {
    const tel = telIri(phone)
    if (tel) node['vcard:hasTelephone'] = iri(tel)
    else warn(`contact phone "${phone}" is not a phone number; left out`)
  }
  const url = str(contact.url)
  if (url) node['vcard:hasURL'] = iri(url)
  return node
}

/** The document as written to dcat.jsonld. */
export function serialiseDcat(doc: DcatDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`
}
