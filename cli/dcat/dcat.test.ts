import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import jsonld from 'jsonld'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Catalog, LayerDocument, RasterLayerEntry, VectorLayerEntry } from '../../src/model/catalog.ts'
import type { QualityReport, RasterQualityReport } from '../../src/model/quality.ts'
import { dcatCommand, readDcatInput, writeDcat } from '../commands/dcat.ts'
import { resolveLicense, serialiseDcat, toDcat, type DcatOptions } from './dcat.ts'

const DCAT = 'http://www.w3.org/ns/dcat#'
const DCT = 'http://purl.org/dc/terms/'
const DCATDE = 'http://dcat-ap.de/def/dcatde/'
const VCARD = 'http://www.w3.org/2006/vcard/ns#'
const FOAF = 'http://xmlns.com/foaf/0.1/'
const SPDX = 'http://spdx.org/rdf/terms#'
const GSP = 'http://www.opengis.net/ont/geosparql#'
const RDF_TYPE = '@type'
const EU = 'http://publications.europa.eu/resource/authority/'
const BASE = 'https://geoportal.soest.example/portal/'

type Node = Record<string, unknown[]> & { '@id': string; '@type'?: string[] }

// Every URL a JSON-LD processor tries to load lands here and fails: the document must be self-contained.
const fetched: string[] = []
const documentLoader = async (url: string): Promise<never> => {
  fetched.push(url)
  throw new Error(`remote document requested: ${url}`)
}

async function expand(doc: object) {
  return jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader })
}

/** Flattened expanded graph indexed by node id (blank nodes get _:b… ids). */
async function graph(doc: object): Promise<Map<string, Node>> {
  const flat = (await jsonld.flatten(doc as jsonld.JsonLdDocument, undefined, { documentLoader })) as unknown as
    | Node[]
    | { '@graph': Node[] }
  const nodes = Array.isArray(flat) ? flat : flat['@graph']
  return new Map(nodes.map((n) => [n['@id'], n]))
}

const ofType = (g: Map<string, Node>, type: string) => [...g.values()].filter((n) => n[RDF_TYPE]?.includes(type))
const ids = (n: Node, p: string) => ((n[p] ?? []) as { '@id'?: string }[]).map((v) => v['@id']).filter((v): v is string => !!v)
const values = (n: Node, p: string) => (n[p] ?? []) as { '@value'?: unknown; '@type'?: string; '@language'?: string }[]
const one = (g: Map<string, Node>, n: Node, p: string) => {
  const [id] = ids(n, p)
  const target = g.get(id)
  if (!target) throw new Error(`${p} of ${n['@id']} points to nothing`)
  return target
}

const vectorQuality: QualityReport = {
  featureCount: 3,
  crs: 'EPSG:25832',
  sourceCrs: 'EPSG:4326',
  bbox: [432000, 5708000, 444000, 5719000],
  geometryTypes: { Point: 3 },
  invalidGeometries: 0,
  duplicateGeometries: 0,
  outsideExtent: 0,
  coordinatePrecision: 0.01,
  attributes: {},
  findings: [],
}
const rasterQuality: RasterQualityReport = {
  crs: 'EPSG:25832',
  sourceCrs: 'EPSG:25832',
  bbox: [430000, 5707000, 446000, 5721000],
  width: 640,
  height: 560,
  resolution: 25,
  bands: 1,
  noDataRate: 0,
  findings: [],
}
const SHA_TREES = 'a'.repeat(64)
const SHA_DEM = '0123456789abcdef'.repeat(4)

const trees: VectorLayerEntry = {
  id: 'strassenbaeume',
  title: 'Straßenbäume',
  kind: 'vector',
  href: 'layers/strassenbaeume/0123456789ab/strassenbaeume.fgb',
  metaHref: 'layers/strassenbaeume/0123456789ab/layer.json',
  bbox: [432000, 5708000, 444000, 5719000],
  bbox4326: [8.0237769, 51.5166161, 8.1902405, 51.6262465],
  access: 'public',
  category: 'Umweltdaten',
  updateFrequency: 'monthly',
  lastUpdate: '2026-03-01',
  bytes: 1234,
  geometryType: 'Point',
  featureCount: 3,
  style: { color: '#009E73' },
}
const dem: RasterLayerEntry = {
  id: 'gelaende',
  title: 'Geländehöhe',
  kind: 'raster',
  href: 'layers/gelaende/ba9876543210/gelaende.tif',
  metaHref: 'layers/gelaende/ba9876543210/layer.json',
  bbox: [430000, 5707000, 446000, 5721000],
  bbox4326: [7.99, 51.5, 8.22, 51.63],
  access: 'public',
  category: 'Geodaten',
  updateFrequency: 'never',
  lastUpdate: '2025-11-30',
  bytes: 99999,
  width: 640,
  height: 560,
  bands: 1,
  noData: null,
  min: 60,
  max: 380,
  style: { ramp: [[60, '#1a9850'], [380, '#d73027']] },
}
const secret: VectorLayerEntry = {
  ...trees,
  id: 'meldungen-geheim',
  title: 'Bürgermeldungen Verschlusssache',
  href: 'layers/meldungen-geheim/ffffffffffff/meldungen-geheim.fgb',
  metaHref: 'layers/meldungen-geheim/ffffffffffff/layer.json',
  access: 'internal',
  category: 'Personenbezogene Daten',
  lastUpdate: '2027-01-01',
}

const docs: Record<string, LayerDocument> = {
  strassenbaeume: {
    id: 'strassenbaeume',
    kind: 'vector',
    metadata: {
      title: 'Straßenbäume',
      description: 'Baumkataster der Stadt Soest mit Art, Pflanzjahr und Höhe.',
      keywords: ['Baum', 'Baumkataster', 'Baum'],
      category: 'Umweltdaten',
      department: 'Grünflächenamt',
      contact: { name: 'Grünflächenamt', email: 'gruen@soest.example', phone: '02921 103-0' },
      license: 'dl-de/by-2.0',
      attribution: 'Stadt Soest, Grünflächenamt',
      access: 'public',
      lineage: 'Baumkontrolle 2025',
      updateFrequency: 'monthly',
      lastUpdate: '2026-03-01',
      positionalAccuracy: 1,
    },
    quality: vectorQuality,
    files: [{ name: 'strassenbaeume.fgb', bytes: 1234, sha256: SHA_TREES }],
  },
  gelaende: {
    id: 'gelaende',
    kind: 'raster',
    metadata: {
      title: 'Geländehöhe',
      description: 'Digitales Geländemodell, 25 m.',
      keywords: ['DGM'],
      category: 'Geodaten',
      contact: { email: 'geodaten@soest.example' },
      license: 'CC BY 4.0',
      access: 'public',
      updateFrequency: 'never',
      lastUpdate: '2025-11-30',
    },
    quality: rasterQuality,
    files: [{ name: 'gelaende.tif', bytes: 99999, sha256: SHA_DEM }],
  },
  'meldungen-geheim': {
    id: 'meldungen-geheim',
    kind: 'vector',
    metadata: {
      title: 'Bürgermeldungen Verschlusssache',
      description: 'Namen und Adressen von Bürgerinnen und Bürgern.',
      keywords: ['geheim-stichwort'],
      license: 'dl-de/zero-2.0',
      contact: { email: 'intern-geheim@soest.example' },
      access: 'internal',
      personalData: 'personal',
    },
    quality: vectorQuality,
    files: [{ name: 'meldungen-geheim.fgb', bytes: 1, sha256: 'f'.repeat(64) }],
  },
}

const catalog: Catalog = { version: 1, title: 'Geoportal Soest', layers: [secret, trees, dem] }
const opts: DcatOptions = { baseUrl: BASE, contributorId: 'http://dcat-ap.de/def/contributors/stadtSoestTest' }

describe('toDcat', () => {
  it('expands with an inline context only: nothing is fetched', async () => {
    fetched.length = 0
    const { document } = toDcat(catalog, docs, opts)
    const expanded = await expand(document)
    expect(expanded.length).toBeGreaterThan(0)
    await graph(document)
    expect(fetched).toEqual([])
    // The loader really is in the path: a remote context is refused.
    await expect(expand({ ...document, '@context': 'https://example.org/context.jsonld' })).rejects.toThrow()
    expect(fetched).toEqual(['https://example.org/context.jsonld'])
  })

  it('converts to RDF without losing statements to relative or invalid IRIs', async () => {
    const { document } = toDcat(catalog, docs, opts)
    const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, {
      format: 'application/n-quads',
      documentLoader,
    })) as string
    const lines = nquads.trim().split('\n')
    expect(lines.length).toBeGreaterThan(100)
    for (const line of lines) {
      // Subject, predicate and (if an IRI) object: all absolute.
      for (const m of line.replace(/"(?:[^"\\]|\\.)*"(\^\^<[^>]*>|@[a-z-]+)?/g, '""').matchAll(/<([^>]*)>/g)) {
        expect(m[1], line).toMatch(/^(https?|mailto|tel):/)
      }
    }
    const type = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
    expect(lines.filter((l) => l.includes(`${type} <${DCAT}Dataset>`))).toHaveLength(2)
    expect(lines.filter((l) => l.includes(`${type} <${DCAT}Distribution>`))).toHaveLength(4)
  })

  it('describes a catalog with one dataset per public layer', async () => {
    const { document, datasets } = toDcat(catalog, docs, opts)
    const g = await graph(document)
    expect(datasets).toEqual(['gelaende', 'strassenbaeume'])
    const [cat] = ofType(g, `${DCAT}Catalog`)
    expect(cat).toBeDefined()
    expect(values(cat, `${DCT}title`)[0]['@value']).toBe('Geoportal Soest')
    expect(values(cat, `${DCT}description`)).toHaveLength(1)
    expect(ids(cat, `${DCT}language`)).toEqual([`${EU}language/DEU`])
    expect(ids(cat, `${DCAT}themeTaxonomy`)).toEqual([`${EU}data-theme`])
    expect(values(one(g, cat, `${DCT}publisher`), `${FOAF}name`)[0]['@value']).toBe('Stadt Soest')
    // The newest lastUpdate of the public layers, not the internal one's 2027.
    expect(values(cat, `${DCT}modified`)[0]).toEqual({ '@value': '2026-03-01', '@type': 'http://www.w3.org/2001/XMLSchema#date' })
    const datasetNodes = ofType(g, `${DCAT}Dataset`)
    expect(datasetNodes).toHaveLength(2)
    expect(ids(cat, `${DCAT}dataset`).sort()).toEqual(datasetNodes.map((d) => d['@id']).sort())
  })

  it('gives each dataset the DCAT-AP.de mandatory and recommended properties', async () => {
    const g = await graph(toDcat(catalog, docs, opts).document)
    for (const ds of ofType(g, `${DCAT}Dataset`)) {
      for (const p of [
        `${DCT}title`,
        `${DCT}description`,
        `${DCT}publisher`,
        `${DCAT}distribution`,
        `${DCAT}theme`,
        `${DCT}accrualPeriodicity`,
        `${DCT}modified`,
        `${DCAT}contactPoint`,
        `${DCT}spatial`,
        `${DCAT}keyword`,
        `${DCAT}landingPage`,
        `${DCATDE}contributorID`,
        `${DCATDE}politicalGeocodingURI`,
        `${DCATDE}politicalGeocodingLevelURI`,
      ]) {
        expect(ds[p], `${ds['@id']} ${p}`).toBeDefined()
      }
      expect(values(ds, `${DCT}title`)[0]['@language']).toBe('de')
      expect(values(ds, `${DCT}modified`)[0]['@type']).toBe('http://www.w3.org/2001/XMLSchema#date')
      expect(ids(ds, `${DCATDE}contributorID`)).toEqual(['http://dcat-ap.de/def/contributors/stadtSoestTest'])
      expect(ids(ds, `${DCATDE}politicalGeocodingURI`)).toEqual([
        'http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05974040',
      ])
      expect(ids(ds, `${DCATDE}politicalGeocodingLevelURI`)).toEqual([
        'http://dcat-ap.de/def/politicalGeocoding/Level/municipality',
      ])
      const contact = one(g, ds, `${DCAT}contactPoint`)
      expect(contact['@type']).toContain(`${VCARD}Kind`)
      expect(ids(contact, `${VCARD}hasEmail`)[0]).toMatch(/^mailto:[^@]+@soest\.example$/)
      expect(values(contact, `${VCARD}fn`)).toHaveLength(1)
      expect(one(g, ds, `${DCT}publisher`)['@type']).toContain(`${FOAF}Agent`)

      // dct:spatial: the municipality by IRI (DCAT-AP.de convention 11) and the lon/lat box as a WKT polygon.
      const spatialIds = ids(ds, `${DCT}spatial`)
      expect(spatialIds).toContain('http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05974040')
      const location = spatialIds.map((id) => g.get(id)).find((n) => n?.['@type']?.includes(`${DCT}Location`))
      expect(location).toBeDefined()
      expect(location!['@id']).toMatch(/^_:/)
      const [bbox] = values(location!, `${DCAT}bbox`)
      expect(bbox['@type']).toBe(`${GSP}wktLiteral`)
      expect(bbox['@value']).toMatch(/^<http:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84> POLYGON\(\(/)

      const distributions = ids(ds, `${DCAT}distribution`).map((id) => g.get(id)!)
      expect(distributions).toHaveLength(2)
      for (const d of distributions) {
        expect(d['@type']).toContain(`${DCAT}Distribution`)
        const [access] = ids(d, `${DCAT}accessURL`)
        expect(access.startsWith(BASE)).toBe(true)
        expect(ids(d, `${DCAT}downloadURL`)).toEqual([access])
        expect(ids(d, `${DCT}license`)[0]).toMatch(/^http:\/\/dcat-ap\.de\/def\/licenses\//)
        expect(ids(d, `${DCT}format`)[0]).toMatch(/^http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\//)
        expect(ids(d, `${DCAT}mediaType`)[0]).toMatch(/^https:\/\/www\.iana\.org\/assignments\/media-types\//)
      }
    }
  })

  it('maps category, frequency, licence and attribution to the vocabulary IRIs', async () => {
    const g = await graph(toDcat(catalog, docs, opts).document)
    const trees = g.get(`${BASE}dcat.jsonld#dataset-strassenbaeume`)!
    const dem = g.get(`${BASE}dcat.jsonld#dataset-gelaende`)!
    expect(ids(trees, `${DCAT}theme`)).toEqual([`${EU}data-theme/ENVI`])
    expect(ids(dem, `${DCAT}theme`)).toEqual([`${EU}data-theme/REGI`])
    expect(ids(trees, `${DCT}accrualPeriodicity`)).toEqual([`${EU}frequency/MONTHLY`])
    expect(ids(dem, `${DCT}accrualPeriodicity`)).toEqual([`${EU}frequency/NEVER`])
    expect(values(trees, `${DCAT}keyword`).map((k) => k['@value'])).toEqual(['Baum', 'Baumkataster'])
    expect(ids(trees, `${DCAT}landingPage`)).toEqual([`${BASE}#layers=strassenbaeume`])
    expect(ids(one(g, trees, `${DCAT}contactPoint`), `${VCARD}hasTelephone`)).toEqual(['tel:+492921103-0'])

    const treeData = g.get(`${BASE}dcat.jsonld#distribution-strassenbaeume-data`)!
    expect(ids(treeData, `${DCT}license`)).toEqual(['http://dcat-ap.de/def/licenses/dl-by-de/2.0'])
    expect(values(treeData, `${DCATDE}licenseAttributionByText`)[0]['@value']).toBe('Stadt Soest, Grünflächenamt')
    expect(ids(treeData, `${DCAT}downloadURL`)).toEqual([`${BASE}layers/strassenbaeume/0123456789ab/strassenbaeume.fgb`])
    expect(values(treeData, `${DCAT}byteSize`)[0]['@value']).toBe('1234')
    const checksum = one(g, treeData, `${SPDX}checksum`)
    expect(ids(checksum, `${SPDX}algorithm`)).toEqual(['http://dcat-ap.de/def/hashAlgorithms/sha/256'])
    expect(values(checksum, `${SPDX}checksumValue`)[0]).toEqual({
      '@value': SHA_TREES,
      '@type': 'http://www.w3.org/2001/XMLSchema#hexBinary',
    })
    const treeMeta = g.get(`${BASE}dcat.jsonld#distribution-strassenbaeume-metadata`)!
    expect(ids(treeMeta, `${DCAT}accessURL`)).toEqual([`${BASE}layers/strassenbaeume/0123456789ab/layer.json`])
    expect(ids(treeMeta, `${DCT}format`)).toEqual([`${EU}file-type/JSON`])

    const demData = g.get(`${BASE}dcat.jsonld#distribution-gelaende-data`)!
    expect(ids(demData, `${DCT}license`)).toEqual(['http://dcat-ap.de/def/licenses/cc-by/4.0'])
    expect(ids(demData, `${DCT}format`)).toEqual([`${EU}file-type/GEOTIFF`])
    expect(ids(demData, `${DCAT}mediaType`)).toEqual(['https://www.iana.org/assignments/media-types/image/tiff'])
    expect(values(dem, `${DCAT}spatialResolutionInMeters`)[0]['@value']).toBe('25')
  })

  it('leaves internal layers out entirely, not even their id or title', () => {
    const { document, warnings } = toDcat(catalog, docs, opts)
    const text = serialiseDcat(document)
    for (const s of ['meldungen-geheim', 'Bürgermeldungen', 'Verschlusssache', 'geheim', '2027-01-01', 'ffffffffffff']) {
      expect(text).not.toContain(s)
      expect(warnings.join('\n')).not.toContain(s)
    }
  })

  it('fails closed when catalog.json and layer.json disagree on access', () => {
    const leaky: Catalog = { ...catalog, layers: [{ ...secret, access: 'public' }] }
    const { document, datasets, warnings } = toDcat(leaky, docs, opts)
    expect(datasets).toEqual([])
    expect(serialiseDcat(document)).not.toContain('Verschlusssache')
    expect(warnings.some((w) => w.includes('not in its layer.json'))).toBe(true)
  })

  it('is deterministic: same input, same bytes; layer order does not matter', () => {
    const a = serialiseDcat(toDcat(catalog, docs, opts).document)
    const b = serialiseDcat(toDcat(structuredClone(catalog), structuredClone(docs), { ...opts }).document)
    expect(b).toBe(a)
    const reordered = { ...catalog, layers: [...catalog.layers].reverse() }
    expect(serialiseDcat(toDcat(reordered, docs, opts).document)).toBe(a)
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2031-05-05T12:00:00Z'))
    try {
      expect(serialiseDcat(toDcat(catalog, docs, opts).document)).toBe(a)
    } finally {
      vi.useRealTimers()
    }
  })

  it('flags unknown licences and missing metadata through warnings', async () => {
    const odd: Record<string, LayerDocument> = {
      strassenbaeume: { ...docs.strassenbaeume, metadata: { ...docs.strassenbaeume.metadata, license: 'Hausl1zenz Soest' } },
      gelaende: {
        ...docs.gelaende,
        metadata: { title: 'Geländehöhe', access: 'public', license: 'https://example.org/lizenz' },
      },
    }
    const bare: Catalog = {
      ...catalog,
      layers: [trees, { ...dem, category: undefined, updateFrequency: undefined, lastUpdate: undefined }],
    }
    const { document, warnings } = toDcat(bare, odd, opts)
    const g = await graph(document)
    expect(warnings).toContain(
      'strassenbaeume: licence "Hausl1zenz Soest" is not in the DCAT-AP.de licence list; kept as text (DCAT-AP.de needs an IRI)',
    )
    const demWarnings = warnings.filter((w) => w.startsWith('gelaende: '))
    const expected = [
      /lizenz" is not in the DCAT-AP\.de licence list/,
      /no description/,
      /no category/,
      /no updateFrequency/,
      /no lastUpdate/,
      /no contact/,
    ]
    for (const w of expected) expect(demWarnings.some((x) => w.test(x)), String(w)).toBe(true)
    const treeData = g.get(`${BASE}dcat.jsonld#distribution-strassenbaeume-data`)!
    expect(values(treeData, `${DCT}license`)[0]['@value']).toBe('Hausl1zenz Soest')
    const demData = g.get(`${BASE}dcat.jsonld#distribution-gelaende-data`)!
    expect(ids(demData, `${DCT}license`)).toEqual(['https://example.org/lizenz'])
    // Mandatory dct:description falls back to the title.
    expect(values(g.get(`${BASE}dcat.jsonld#dataset-gelaende`)!, `${DCT}description`)[0]['@value']).toBe('Geländehöhe')
  })

  it('falls back to the catalog-wide contact for layers without a contact e-mail', async () => {
    const noContact = { gelaende: { ...docs.gelaende, metadata: { ...docs.gelaende.metadata, contact: undefined } } }
    const contact = { name: 'Geodatenteam', email: 'geodaten@soest.example', url: 'https://soest.example/kontakt' }
    const { document, warnings } = toDcat({ ...catalog, layers: [dem] }, noContact, { ...opts, contact })
    const g = await graph(document)
    const point = one(g, g.get(`${BASE}dcat.jsonld#dataset-gelaende`)!, `${DCAT}contactPoint`)
    expect(ids(point, `${VCARD}hasEmail`)).toEqual(['mailto:geodaten@soest.example'])
    expect(ids(point, `${VCARD}hasURL`)).toEqual(['https://soest.example/kontakt'])
    expect(warnings.some((w) => w.includes('contact'))).toBe(false)
  })

  it('accepts the common spellings of licences', () => {
    const cases: [string, string][] = [
      ['dl-de/by-2.0', 'dl-by-de/2.0'],
      ['dl-de-by-2.0', 'dl-by-de/2.0'],
      ['DL-DE-BY-2.0', 'dl-by-de/2.0'],
      ['https://www.govdata.de/dl-de/by-2-0', 'dl-by-de/2.0'],
      ['Datenlizenz Deutschland – Namensnennung – Version 2.0', 'dl-by-de/2.0'],
      ['http://dcat-ap.de/def/licenses/dl-by-de/2.0', 'dl-by-de/2.0'],
      ['dl-de/zero-2.0', 'dl-zero-de/2.0'],
      ['DL-DE-ZERO-2.0', 'dl-zero-de/2.0'],
      ['CC BY 4.0', 'cc-by/4.0'],
      ['CC-BY-4.0', 'cc-by/4.0'],
      ['cc-by-4.0', 'cc-by/4.0'],
      ['https://creativecommons.org/licenses/by/4.0/deed.de', 'cc-by/4.0'],
      ['CC BY-SA 4.0', 'cc-by-sa/4.0'],
      ['CC-BY-3.0-DE', 'cc-by-de/3.0'],
      ['CC0-1.0', 'cc-zero'],
      ['ODbL-1.0', 'odbl'],
    ]
    for (const [given, id] of cases) {
      expect(resolveLicense(given), given).toMatchObject({ kind: 'vocabulary', iri: `http://dcat-ap.de/def/licenses/${id}` })
    }
    expect(resolveLicense('dl-de/by')).toEqual({ kind: 'unknown', text: 'dl-de/by' })
  })

  it('uses the given publisher and rejects a relative base URL', async () => {
    const { document } = toDcat(catalog, docs, {
      baseUrl: 'https://geo.example.org/karte',
      publisher: { name: 'Kreis Soest', uri: 'https://www.kreis-soest.example/' },
      municipalityKey: null,
    })
    const g = await graph(document)
    const ds = g.get('https://geo.example.org/karte/dcat.jsonld#dataset-gelaende')!
    expect(ids(ds, `${DCT}publisher`)).toEqual(['https://www.kreis-soest.example/'])
    expect(values(g.get('https://www.kreis-soest.example/')!, `${FOAF}name`)[0]['@value']).toBe('Kreis Soest')
    expect(ds[`${DCATDE}politicalGeocodingURI`]).toBeUndefined()
    expect(() => toDcat(catalog, docs, { baseUrl: 'portal/' })).toThrow(/absolute/)
  })
})

describe('the demo catalog in data/', () => {
  const dataDir = fileURLToPath(new URL('../../data/', import.meta.url))

  it('expands without error with one dataset per public layer', async () => {
    fetched.length = 0
    const input = await readDcatInput(dataDir)
    expect(input.warnings).toEqual([])
    const { document, datasets, warnings } = toDcat(input.catalog, input.docs, { baseUrl: BASE })
    // The playground layer is published with deliberate defects, a missing licence among them.
    expect(warnings).toEqual([expect.stringMatching(/^demo-spielplaetze: no licence/), expect.stringMatching(/are synthetic demo data/)])
    await expand(document)
    const g = await graph(document)
    expect(fetched).toEqual([])
    const publicIds = input.catalog.layers.filter((l) => l.access === 'public').map((l) => l.id)
    expect([...datasets].sort()).toEqual([...publicIds].sort())
    const datasetNodes = ofType(g, `${DCAT}Dataset`)
    expect(datasetNodes).toHaveLength(publicIds.length)
    for (const ds of datasetNodes) {
      const licensed = !ds['@id'].includes('demo-spielplaetze')
      for (const d of ids(ds, `${DCAT}distribution`).map((id) => g.get(id)!)) {
        if (licensed) expect(ids(d, `${DCT}license`)[0]).toMatch(/^http:\/\/dcat-ap\.de\/def\/licenses\//)
        expect(ids(d, `${DCAT}downloadURL`)[0].startsWith(BASE)).toBe(true)
      }
    }
  })
})

describe('geoportal dcat', () => {
  let dir: string | undefined
  afterEach(async () => {
    vi.restoreAllMocks()
    if (dir) await fs.rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  async function tempCatalog() {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-dcat-'))
    const cat = path.join(dir, 'catalog')
    for (const layer of catalog.layers) {
      await fs.mkdir(path.join(cat, path.dirname(layer.metaHref)), { recursive: true })
      await fs.writeFile(path.join(cat, layer.metaHref), JSON.stringify(docs[layer.id]))
    }
    await fs.writeFile(path.join(cat, 'catalog.json'), JSON.stringify(catalog))
    return cat
  }

  it('writes dcat.jsonld with --out and prints warnings to stderr', async () => {
    const cat = await tempCatalog()
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const out = path.join(dir!, 'site', 'dcat.jsonld')
    const code = await dcatCommand.run(['--catalog', cat, '--base-url', BASE, '--out', out, '--publisher', 'Stadt Soest'])
    expect(code).toBe(0)
    const text = await fs.readFile(out, 'utf8')
    expect(text).toBe(serialiseDcat(toDcat(catalog, docs, { baseUrl: BASE, publisher: { name: 'Stadt Soest' } }).document))
    expect(text).not.toContain('meldungen-geheim')
    expect(errors.every((e) => e.startsWith('warning: '))).toBe(true)
  })

  it('prints to stdout without --out; writeDcat writes the same document', async () => {
    const cat = await tempCatalog()
    let stdout = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk)
      return true
    })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await dcatCommand.run(['--catalog', cat, '--base-url', BASE])).toBe(0)
    vi.mocked(process.stdout.write).mockRestore()
    const file = path.join(dir!, 'built', 'dcat.jsonld')
    const result = await writeDcat(cat, file, { baseUrl: BASE })
    expect(result.datasets).toEqual(['gelaende', 'strassenbaeume'])
    expect(await fs.readFile(file, 'utf8')).toBe(stdout)
    await expect(dcatCommand.run(['--catalog', cat, '--base-url', 'not a url'])).rejects.toThrow(/--base-url/)
  })
})
