import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LayerDocument } from '../../src/model/catalog.ts'
import type { QualityReport } from '../../src/model/quality.ts'
import { main } from '../main.ts'
import {
  classifyValue,
  columnHints,
  icaoCheckDigit,
  isDisabilityDegree,
  isIcd10,
  isIdDocumentNumber,
  isTaxNumber,
  isValidHealthInsuranceNumber,
  isValidPensionInsuranceNumber,
  religionValue,
  findEmail,
  findIban,
  findPhone,
  findPlate,
  isValidIban,
  isValidTaxId,
  looksLikePersonName,
  maskValue,
  personalDataRefusal,
  scanPersonalData,
  type PersonalKind,
} from './personal.ts'

const kindsOf = (column: string, value: unknown): PersonalKind[] => classifyValue(value, columnHints(column)).map((h) => h.kind)
const scan = (rows: Record<string, unknown>[]) => scanPersonalData(Object.keys(rows[0]), rows)

describe('e-mail addresses', () => {
  it.each([
    'max.mustermann@soest.de',
    'Kontakt: info@schule-soest.de (Sekretariat)',
    '100000@schule.nrw.de',
    'a_b+tag@sub.domain.example.org',
    'MAX@EXAMPLE.COM',
  ])('finds %s', (v) => expect(findEmail(v)).not.toBeNull())
  it.each(['Am Markt 1', '@soest', 'name@localhost', 'user@', 'https://www.soest.de', 'Preis 3 @ 5 €', 'a@b.c'])('ignores %s', (v) => expect(findEmail(v)).toBeNull())
})

describe('phone and fax numbers (German forms)', () => {
  it.each([
    '+49 2921 12345',
    '+49 (0) 2921 103-0',
    '+492921103456',
    '0049 2921 12345',
    '0049-171-1234567',
    '02921 12345',
    '(02921) 1234-56',
    '(02921)123456',
    '02921/103-1234',
    '02921 / 12 34 56',
    '02921-12345',
    '0171 1234567',
    '01711234567',
    '030 12345678',
    'Tel. 02921 103-0, Fax 02921 103-499',
    'Rathaus: 02921 103-0',
    '(02921) 12 34-5',
    '+49 2921 12345-67',
    '0 29 21 / 12 34 56',
  ])('finds %s', (v) => expect(findPhone(v)).not.toBeNull())
  it.each([
    '05911000', // Gemeindeschlüssel
    '44799', // postcode
    '44799 Bochum',
    '01067 Dresden',
    '01.01.1974',
    '2021-09-01',
    '100000',
    '0,5 m',
    '0.123 456',
    '597400000001',
    'Flurstück 12/3',
    'B-0001',
    '1950',
    '12345',
    '378180 5701853',
    '8.1059, 51.5711',
  ])('ignores %s', (v) => expect(findPhone(v)).toBeNull())

  it('in a column named like a phone column, bare digits count (area code and number in separate columns)', () => {
    expect(kindsOf('Telefon', '9388231')).toEqual(['phone'])
    expect(kindsOf('Telefonvorwahl', '0234')).toEqual(['phone'])
    expect(kindsOf('Faxvorwahl', '0234')).toEqual(['phone'])
    expect(kindsOf('tel_nr', 12345678)).toEqual(['phone'])
    expect(kindsOf('mobil', '0171 1234567')).toEqual(['phone'])
    expect(kindsOf('Mobilitaet', '123')).toEqual([])
    expect(kindsOf('Hausnummer', '9388231')).toEqual([])
    expect(kindsOf('Telefon', 'siehe Homepage')).toEqual([])
  })

  it('public authority numbers are still phone numbers (the officer classifies the layer)', () => {
    expect(kindsOf('kontakt_telefon', '02921 103-0')).toEqual(['phone'])
    expect(kindsOf('hinweis', 'Bürgerbüro Soest, Tel. 02921 103-1111')).toEqual(['phone'])
  })
})

describe('IBAN (mod 97 checksum)', () => {
  it.each(['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'Konto: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX', 'AT611904300234573201', 'GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300'])(
    'finds %s',
    (v) => expect(findIban(v)).not.toBeNull(),
  )
  it.each(['DE89 3704 0044 0532 0130 01', 'DE12 3456 7890 1234 5678 90', 'DE8937040044053201300', 'ISO 9001 2015 AB12 CD34', 'XX00000000000000000000'])('ignores %s', (v) =>
    expect(findIban(v)).toBeNull(),
  )
  it('checks the length per country', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true)
    expect(isValidIban('DE8937040044053201300')).toBe(false)
  })
})

describe('birth dates', () => {
  it.each([
    ['geburtsdatum', '1980-03-12'],
    ['Geburtsdatum', '12.03.1980'],
    ['geb_datum', '12.3.80'],
    ['gebjahr', 1980],
    ['date_of_birth', '1980-03-12'],
    ['DOB', '03/12/1980'],
    ['birthdate', '1980-03-12T00:00:00Z'],
    ['bemerkung', 'Max Mustermann, geb. 12.03.1980'],
    ['bemerkung', 'geboren am 1. 4. 1975'],
    ['bemerkung', 'Anna Schmidt *12.03.1980'],
  ])('%s = %s', (column, value) => expect(kindsOf(column, value)).toContain('birth-date'))
  it.each([
    ['Schulbetriebsdatum', '01.01.1974'],
    ['pflanzjahr', 1980],
    ['baujahr', '1980'],
    ['gebaeude', '1980'],
    ['gebiet', '12.03.1980'],
    ['datum', '12.03.1980'],
    ['geburtsdatum', 'unbekannt'],
    ['bemerkung', 'gebaut 12.03.1980'],
  ])('not %s = %s', (column, value) => expect(kindsOf(column, value)).not.toContain('birth-date'))
})

describe('licence plates', () => {
  it.each(['SO-AB 123', 'HSK-X 1', 'B-MW 1234E', 'LP-Q 77H', 'Fahrzeug SO-AB 123 falsch geparkt', 'Halter von UN-XY 42'])('finds %s', (v) => expect(findPlate(v)).not.toBeNull())
  it.each(['DIN-A 4', 'B-Plan 12', 'A-44', 'S-Bahn S 1', 'RE 1', 'SO AB 123', 'Soest-Nord', 'D1', 'B-0001', 'NRW-A 1', 'Haus A-3'])('ignores %s', (v) => expect(findPlate(v)).toBeNull())
  it('accepts the space-only form in a plate column', () => {
    expect(kindsOf('kennzeichen', 'SO AB 123')).toEqual(['licence-plate'])
    expect(kindsOf('kfz', 'HSK X 1')).toEqual(['licence-plate'])
  })
})

describe('tax id (Steuer-ID)', () => {
  it('validates the check digit', () => {
    expect(isValidTaxId('86095742719')).toBe(true)
    expect(isValidTaxId('86 095 742 719')).toBe(true)
    expect(isValidTaxId('86095742718')).toBe(false)
    expect(isValidTaxId('06095742719')).toBe(false)
    expect(isValidTaxId('12345678901')).toBe(false)
  })
  it('is looked for in tax columns only', () => {
    expect(kindsOf('steuer_id', '86095742719')).toEqual(['tax-id'])
    expect(kindsOf('flurstueck_id', '86095742719')).toEqual([])
  })
})

describe('person names', () => {
  it.each([
    ['vorname', 'Max'],
    ['Nachname', 'Mustermann'],
    ['familienname', 'Schmidt-Weber'],
    ['first_name', 'Anna'],
    ['inhaber', 'Max Mustermann'],
    ['Eigentümer', 'Dr. Anna Schmidt'],
    ['eigentuemer', 'Mustermann, Max'],
    ['ansprechpartner', 'Frau Müller'],
    ['Ansprechpartner', 'Hans-Peter von der Heide'],
    ['kontakt', 'Erika Mustermann'],
    ['kontaktperson', 'Ayşe Yılmaz'],
    ['name', 'Max Mustermann'],
    ['Name', 'Jürgen Klein'],
    ['name', 'Herr Schulze'],
    ['halter', 'MAX MUSTERMANN'],
  ])('%s = %s', (column, value) => expect(kindsOf(column, value)).toEqual(['person-name']))
  it.each([
    ['name', 'Grundschule Soest'],
    ['name', 'Anne-Frank-Schule'],
    ['name', 'Hans-Sachs-Straße'],
    ['name', 'Thomas-Morus-Gymnasium'],
    ['name', 'Demo-Radweg 1'],
    ['name', 'Soest Nord'],
    ['name', 'Bad Sassendorf'],
    ['name', 'Marktplatz'],
    ['name', 'Am Großen Teich'],
    ['name', 'Stadthalle Soest'],
    ['name', 'Petrikirche'],
    ['name', 'St. Maria zur Höhe'],
    ['name', 'Wiesenkirche'],
    ['name', 'Kreis Soest'],
    ['name', 'Stadtwerke Soest GmbH'],
    ['name', 'Lindenstraße 5'],
    ['Schulbezeichnung_1', 'Max Mustermann'],
    ['Strasse', 'Girondelle 80'],
    ['art', 'Stieleiche'],
    ['inhaber', 'Stadt Soest'],
    ['inhaber', 'Bäckerei & Konditorei'],
    ['kontakt', 'info@soest.de'],
    ['vorname', '12345'],
  ])('not %s = %s', (column, value) => expect(kindsOf(column, value)).not.toContain('person-name'))

  it('a generic name column counts only when most values are person names', () => {
    const stations = ['Soest', 'Maria Veen', 'Hamm (Westf)', 'Werl', 'Lippstadt', 'Friedrich Wilhelmshütte', 'Bad Sassendorf'].map((name) => ({ name }))
    expect(scan(stations)).toEqual([])
    const people = ['Max Mustermann', 'Erika Musterfrau', 'Jürgen Klein', 'Gartenhaus'].map((name) => ({ name }))
    expect(scan(people)).toEqual([
      { kind: 'person-name', column: 'name', count: 3, sample: 'M*** M***', why: 'a plain name column; 3 of 4 values are "Firstname Lastname" with a common first name' },
    ])
  })
  it('looksLikePersonName needs a known first name when asked', () => {
    expect(looksLikePersonName('Kevin Schulz', true)).toBe(true)
    expect(looksLikePersonName('Hella Börde', true)).toBe(false)
    expect(looksLikePersonName('Hella Börde', false)).toBe(true)
  })
})

describe('private addresses', () => {
  it('street + number is personal only next to a person column (or in a home-address column)', () => {
    expect(scan([{ Schulbezeichnung: 'Grundschule', Strasse: 'Girondelle 80' }])).toEqual([])
    const withPerson = scan([{ nachname: 'Mustermann', strasse: 'Lindenweg 5a' }])
    expect(withPerson.map((f) => `${f.column}:${f.kind}`)).toEqual(['nachname:person-name', 'strasse:address'])
    expect(scan([{ wohnanschrift: 'Lindenweg 5, 59494 Soest' }]).map((f) => f.kind)).toEqual(['address'])
    expect(scan([{ geburtsdatum: '1980-01-01', adresse: 'Am Markt 1' }]).map((f) => f.kind)).toEqual(['birth-date', 'address'])
  })
})

describe('column names are scanned too', () => {
  it('an e-mail address used as a column name is reported', () => {
    expect(scan([{ 'max.mustermann@soest.de': 1 }])).toEqual([
      { kind: 'email', column: 'max.mustermann@soest.de', count: 1, sample: 'm***@s***.de', why: 'the column name itself is email data' },
    ])
  })
})

describe('masking', () => {
  it.each<[PersonalKind, string, string]>([
    ['email', 'max.mustermann@soest.de', 'm***@s***.de'],
    ['email', '100000@schule.nrw.de', '1***@s***.de'],
    ['phone', '02921 12345', '029** *****'],
    ['phone', '+49 2921 103-0', '+49 2*** ***-*'],
    ['iban', 'DE89 3704 0044 0532 0130 00', 'DE89 **** **** **** ****'],
    ['licence-plate', 'SO-AB 123', 'SO-** ***'],
    ['birth-date', '12.03.1980', '**.**.****'],
    ['person-name', 'Max Mustermann', 'M*** M***'],
    ['address', 'Lindenweg 5a', 'L*** 5***'],
    ['tax-id', '86095742719', '***********'],
  ])('%s %s → %s', (kind, value, masked) => expect(maskValue(kind, value)).toBe(masked))
  it('a finding never carries the value itself', () => {
    const rows = [{ email: 'erika.mustermann@example.org', tel: '+49 2921 987654', iban: 'DE89 3704 0044 0532 0130 00' }]
    const text = JSON.stringify(scan(rows))
    for (const v of ['mustermann', '987654', '370400440532']) expect(text).not.toContain(v)
  })
})

describe('the whole layer', () => {
  it('counts matching values per column and kind', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ nr: i, mail: i % 2 ? `p${i}@example.org` : null, bemerkung: i === 3 ? 'Rückruf 02921 12345' : 'ok' }))
    expect(scan(rows).map(({ kind, column, count }) => ({ kind, column, count }))).toEqual([
      { kind: 'email', column: 'mail', count: 5 },
      { kind: 'phone', column: 'bemerkung', count: 1 },
    ])
  })
  it('finds nothing in the demo-like data', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ baum_nr: `B-${String(i).padStart(4, '0')}`, art: 'Linde', pflanzjahr: 1950 + (i % 70), hoehe_m: 12.5, name: `Demo-Radweg ${i}`, bezirk: 'Soest-Nord (Demo)', kennung: `D${i % 9}` }))
    expect(scan(rows)).toEqual([])
  })
  it('stays fast and linear on hostile values (1 MB strings without a match)', () => {
    const long = 'a'.repeat(1_000_000)
    const t = performance.now()
    scan([{ a: long, b: `${long}@`, c: `0${'1'.repeat(500_000)}`, d: `DE${'9'.repeat(500_000)}`, e: '-'.repeat(500_000), name: `${'Ab '.repeat(100_000)}` }])
    expect(performance.now() - t).toBeLessThan(3000)
  })
  it('scans 100 000 values in well under a second', () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ flurstueck: `05974${String(i).padStart(9, '0')}`, gemarkung: `Soest ${i % 40}`, flaeche: 600 + (i % 50), lage: `Lindenweg ${i % 200}` }))
    const t = performance.now()
    expect(scan(rows)).toEqual([])
    expect(performance.now() - t).toBeLessThan(1500)
  })
})

describe('the publishing rule', () => {
  const findings = scan([{ email: 'a.b@example.org' }])
  it('refuses public layers with findings unless classified', () => {
    expect(personalDataRefusal(findings, { access: 'public' })).toMatch(/"email" \(email: 1 value, e\.g\. a\*\*\*@e\*\*\*\.org — 1 of 1 values are e-mail addresses\).*personalData.*drop these columns.*--access internal/)
    for (const personalData of ['none', 'pseudonymised', 'aggregated'] as const) expect(personalDataRefusal(findings, { access: 'public', personalData })).toBeNull()
    expect(personalDataRefusal(findings, { access: 'public', personalData: 'personal' })).not.toBeNull()
  })
  it('never refuses internal layers or layers without findings', () => {
    expect(personalDataRefusal(findings, { access: 'internal' })).toBeNull()
    expect(personalDataRefusal(findings, { access: 'internal', personalData: 'personal' })).toBeNull()
    expect(personalDataRefusal([], { access: 'public' })).toBeNull()
  })
})

describe('geoportal publish with personal data', () => {
  let dir: string
  let out: string[]
  let errors: string[]
  const catalog = () => path.join(dir, 'catalog')
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-personal-'))
    out = []
    errors = []
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m))
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await fs.rm(dir, { recursive: true, force: true })
  })
  const input = async () => {
    const features = Array.from({ length: 3 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [8.1 + i * 0.001, 51.57] },
      properties: { nr: i, eigentuemer: ['Max Mustermann', 'Erika Musterfrau', 'Jürgen Klein'][i], telefon: `02921 1234${i}`, bemerkung: 'ok' },
    }))
    const f = path.join(dir, 'eigentuemer.geojson')
    await fs.writeFile(f, JSON.stringify({ type: 'FeatureCollection', features }))
    return f
  }
  const meta = async (m: object) => {
    const f = path.join(dir, 'meta.json')
    await fs.writeFile(f, JSON.stringify(m))
    return f
  }
  const layerDoc = async () => {
    const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8'))
    return JSON.parse(await fs.readFile(path.join(catalog(), c.layers[0].metaHref), 'utf8')) as LayerDocument
  }

  it('refuses a public layer without classification: one line naming file, columns and kinds, nothing written', async () => {
    const f = await input()
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'e', '--title', 'E'])).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('eigentuemer.geojson')
    expect(errors[0]).toMatch(/"eigentuemer" \(person-name: 3 values, e\.g\. M\*\*\* M\*\*\* — "eigentuemer" is a person role; 3 of 3 values look like person names\)/)
    expect(errors[0]).toMatch(/"telefon" \(phone: 3 values, e\.g\. 029\*\* \*\*\*\*\* — "telefon" is a phone or fax column; 3 of 3 values are phone digits\)/)
    expect(errors[0]).toMatch(/personalData.*--access internal/)
    expect(errors[0]).not.toContain('Mustermann')
    expect(errors[0].split('\n')).toHaveLength(1)
    await expect(fs.access(path.join(catalog(), 'catalog.json'))).rejects.toThrow()
  })

  it('publishes when classified, and records the findings (no values) in layer.json', async () => {
    const f = await input()
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'e', '--meta', await meta({ title: 'E', personalData: 'pseudonymised' })])).toBe(0)
    const q = (await layerDoc()).quality as QualityReport
    expect(q.personalData).toEqual([
      { column: 'eigentuemer', kind: 'person-name', count: 3 },
      { column: 'telefon', kind: 'phone', count: 3 },
    ])
    expect(out.join('\n')).toMatch(/personal data recorded in layer\.json: eigentuemer \(person-name, 3\), telefon \(phone, 3\); access public, personalData: pseudonymised/)
    const all = await fs.readFile(path.join(catalog(), (JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8'))).layers[0].metaHref), 'utf8')
    expect(all).not.toContain('02921')
  })

  it('publishes internal layers (and personal ones only as internal), recording the findings', async () => {
    const f = await input()
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'e', '--title', 'E', '--access', 'internal'])).toBe(0)
    expect(((await layerDoc()).quality as QualityReport).personalData).toHaveLength(2)
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'p', '--meta', await meta({ title: 'P', personalData: 'personal' })])).toBe(1)
    expect(errors.at(-1)).toMatch(/access: layers with personal data must be internal/)
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'p', '--meta', await meta({ title: 'P', personalData: 'personal', access: 'internal' })])).toBe(0)
  })

  it('layers without findings get no personalData section (layer.json unchanged for clean data)', async () => {
    const f = path.join(dir, 'clean.geojson')
    await fs.writeFile(f, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1, 51.57] }, properties: { name: 'Grundschule Soest', strasse: 'Hansaplatz 1' } }] }))
    expect(await main(['publish', f, '--catalog', catalog(), '--id', 'c', '--title', 'C'])).toBe(0)
    expect('personalData' in (await layerDoc()).quality).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------
// The classifier of issue #20: compound column names, more detectors, special categories, layer context.

const kindsIn = (rows: Record<string, unknown>[]) => scan(rows).map((f) => `${f.column}:${f.kind}`)

describe('issue #20: column names that passed the prefix matcher', () => {
  it.each([
    ['Flurstückseigentümer', 'Müller, Hans', 'person-name'],
    ['Betriebsinhaber', 'Max Mustermann', 'person-name'],
    ['Anwohner', 'Jürgen Klein', 'person-name'],
    ['Privattelefon', '445566', 'phone'],
    ['Kundenvorname', 'Hans', 'person-name'],
    ['Brunneneigentuemer', 'Vogt, Hans', 'person-name'],
    ['Bauherrin_Telefon', '556677', 'phone'],
  ])('%s = %s is %s', (column, value, kind) => {
    expect(kindsIn([{ [column]: value }])).toEqual([`${column}:${kind}`])
  })
})

describe('decompounding of column names', () => {
  it.each([
    ['Flurstückseigentümer', 'flurstueck+s+eigentuemer'],
    ['Betriebsinhaber', 'betrieb+s+inhaber'],
    ['Kundenvorname', 'kunde+n+vorname'],
    ['Anwohnerparkzone', 'anwohner+park+zone'],
    ['Anwohnerparken_Zone', 'anwohner+parken zone'],
    ['Eigentumsart', 'eigentum+s+art'],
    ['Inhaltsstoff', 'inhaltsstoff'],
    ['Religionszugehörigkeit', 'religion+s+zugehoerigkeit'],
    ['Nutzungsberechtigter', 'nutzung+s+berechtigt+er'],
    ['Brunneneigentuemer', 'brunnen+eigentuemer'],
    ['geb_dat', 'geb dat'],
    ['Inh_GebDat', 'inh gebdat'],
    ['GdB', 'gdb'],
    ['E-Mail', 'email'],
    ['first_name', 'firstname'],
    // Known morphemes inside unknown words mean nothing: "Orien|tier|ung", "Hallenw|art".
    ['Orientierung', 'orientierung'],
    ['Hallenwart', 'hallenwart'],
  ])('%s → %s', (name, parts) => expect(columnHints(name).parts).toBe(parts))

  it('abbreviations count only as whole words (Gebäude is not geb, Inhalt not inh, Hotel not tel)', () => {
    for (const name of ['Gebäude', 'Gebiet', 'Inhalt', 'Hotel', 'Mobilitaet']) {
      const h = columnHints(name)
      expect([h.birth, h.person, h.phone, h.namePart], name).toEqual([false, false, false, false])
    }
    expect(columnHints('geb').birth).toBe(true)
    expect(columnHints('inh_name').person).toBe(true)
    expect(columnHints('tel').phone).toBe(true)
  })

  it('the head decides: a role followed by a category, count or number is no person column', () => {
    for (const name of ['Eigentümerart', 'Eigentumsart', 'Anwohnerparkzone', 'Anwohnerparken_Zone', 'Bewohnerzahl', 'Personenzahl', 'Anzahl_Einwohner', 'Kundennummer', 'Bauherrenart', 'Baumpatenschaft', 'Personenaufzug']) {
      const h = columnHints(name)
      expect([h.person, h.namePart, h.genericName, h.agentRole], name).toEqual([false, false, false, false])
    }
    for (const name of ['Straßenname', 'Gemarkungsname', 'Firmenname', 'Kita_Name', 'Namensgeber', 'Baumart', 'Inhaltsstoff']) {
      const h = columnHints(name)
      expect([h.person, h.namePart, h.genericName], name).toEqual([false, false, false])
    }
    for (const name of ['Eigentuemer_Name', 'Name_Verstorbener', 'Schulleitung', 'Baumpate', 'Erziehungsberechtigter']) expect(columnHints(name).person, name).toBe(true)
  })

  it('values still decide: a person column of counts or institutions has no finding', () => {
    expect(scan([{ Einwohner: 4123 }, { Einwohner: 3877 }])).toEqual([])
    expect(scan([{ Betreiber: 'Stadtwerke Soest GmbH' }, { Betreiber: 'Landesamt für Natur, Umwelt und Verbraucherschutz' }, { Betreiber: 'LANUV NRW' }])).toEqual([])
    expect(scan([{ Namensgeber: 'Konrad Adenauer' }, { Namensgeber: 'Sophie Scholl' }])).toEqual([])
  })

  it('unknown words for persons (agent nouns, participles) count when their values are "Firstname Lastname"', () => {
    expect(kindsIn([{ Finder: 'Anna Becker' }, { Finder: 'Lukas Ernst' }])).toEqual(['Finder:person-name'])
    expect(kindsIn([{ Geschaedigter: 'Gerd Müller' }])).toEqual(['Geschaedigter:person-name'])
    // …but not words for things with the same ending, nor values that are no names with a common first name.
    expect(scan([{ Hersteller: 'Berliner Seilfabrik' }, { Hersteller: 'Kompan' }])).toEqual([])
    expect(scan([{ Kalender: '2023-05-01' }, { Theater: 'Theater am Wall' }])).toEqual([])
  })
})

describe('identifiers with check digits', () => {
  it('Rentenversicherungsnummer: structure and check digit, in any column and in text', () => {
    expect(isValidPensionInsuranceNumber('15070649C103')).toBe(true)
    expect(isValidPensionInsuranceNumber('65 170839 J 003')).toBe(true)
    expect(isValidPensionInsuranceNumber('65 170839 J 004')).toBe(false)
    expect(isValidPensionInsuranceNumber('65 171339 J 003')).toBe(false) // month 13
    expect(kindsOf('bemerkung', 'RV-Nr. 15 070649 C 103 liegt vor')).toEqual(['social-security-number'])
    expect(kindsOf('kennung', 'AB 123456 C 789')).toEqual([])
  })
  it('Krankenversichertennummer: letter + 9 digits with check digit, in insurance-number columns', () => {
    expect(isValidHealthInsuranceNumber('A123456780')).toBe(true)
    expect(isValidHealthInsuranceNumber('A123456781')).toBe(false)
    expect(kindsOf('Versichertennummer', 'A123456780')).toEqual(['health-insurance-number'])
    expect(kindsOf('Objektnummer', 'A123456780')).toEqual([])
  })
  it('ID card and passport serial numbers: document alphabet, ICAO check digit in the 10-character form', () => {
    expect(icaoCheckDigit('T22000129')).toBe(3)
    expect(isIdDocumentNumber('T22000129')).toBe(true)
    expect(isIdDocumentNumber('T220001293')).toBe(true)
    expect(isIdDocumentNumber('T220001294')).toBe(false)
    expect(isIdDocumentNumber('A22000129')).toBe(false) // A is not in the document alphabet
    expect(kindsOf('Personalausweisnummer', 'L01X00T47')).toEqual(['id-document-number'])
    expect(kindsOf('Reisepass', 'C01X00T47')).toEqual(['id-document-number'])
    expect(kindsOf('Baumnummer', 'C01X00T47')).toEqual([])
  })
  it('Steuernummer in tax columns, in the states\' written forms and the 13-digit form', () => {
    expect(isTaxNumber('133/8150/8159')).toBe(true)
    expect(isTaxNumber('5133081508159')).toBe(true)
    expect(isTaxNumber('13/3/81')).toBe(false)
    expect(kindsOf('Steuernummer', '342/5012/3456')).toEqual(['tax-id'])
    expect(kindsOf('StNr', '342/5012/3456')).toEqual(['tax-id'])
    expect(kindsOf('Flurstueck', '342/5012/3456')).toEqual([])
  })
})

describe('special categories (Art. 9 GDPR)', () => {
  it('religion: denominations in a religion column, of persons', () => {
    expect(religionValue('römisch-katholisch')).toBe('religion')
    expect(religionValue('rk')).toBe('religion')
    expect(religionValue('konfessionslos')).toBe('none')
    expect(religionValue('Ethik')).toBeNull()
    expect(kindsIn([{ Religionszugehörigkeit: 'ev' }, { Religionszugehörigkeit: 'rk' }, { Religionszugehörigkeit: '--' }])).toEqual(['Religionszugehörigkeit:religion'])
    // The denomination of a church or of a school is no personal data …
    const churches = [
      { Bezeichnung: 'St. Patrokli', Konfession: 'römisch-katholisch' },
      { Bezeichnung: 'Wiesenkirche', Konfession: 'evangelisch' },
    ]
    expect(scan(churches)).toEqual([])
    // … a person's is.
    const people = [
      { Nachname: 'Becker', Konfession: 'evangelisch' },
      { Nachname: 'Kötter', Konfession: 'römisch-katholisch' },
    ]
    expect(kindsIn(people)).toEqual(['Nachname:person-name', 'Konfession:religion'])
    // A column of only "ohne"/"--" answers says nothing; shares are not religion.
    expect(scan([{ Konfession_Person: 'ohne' }, { Konfession_Person: '--' }])).toEqual([])
    expect(scan([{ Anteil_katholisch: 41.0 }, { Anteil_katholisch: 38.5 }])).toEqual([])
  })

  it('health: ICD-10 codes, GdB, Pflegegrad and Merkzeichen in columns named for them', () => {
    expect(kindsIn([{ Diagnose: 'J45.0' }, { Diagnose: 'E11.9' }])).toEqual(['Diagnose:health'])
    expect(kindsIn([{ ICD10: 'I10.00' }, { ICD10: 'G30.1' }])).toEqual(['ICD10:health'])
    expect(kindsIn([{ GdB: '50' }, { GdB: '80' }])).toEqual(['GdB:health'])
    expect(kindsIn([{ Pflegegrad: 2 }, { Pflegegrad: 5 }])).toEqual(['Pflegegrad:health'])
    expect(kindsIn([{ Merkzeichen: 'aG' }, { Merkzeichen: 'G, B' }])).toEqual(['Merkzeichen:health'])
    expect(isIcd10('A44')).toBe(true)
    // The same codes elsewhere are motorways and sizes; trees' diseases, averages and parking spaces are not health data.
    expect(scan([{ Strasse: 'A44' }, { Strasse: 'B1' }])).toEqual([])
    expect(scan([{ Baumkrankheit: 'Massaria' }, { Schadsymptome: 'Pilzbefall' }])).toEqual([])
    expect(scan([{ Pflegegrad_Durchschnitt: '2.8' }, { Behindertenparkplaetze: '2' }, { Pflegeklasse: '3' }])).toEqual([])
    expect(isDisabilityDegree('GdB 50')).toBe(true)
    expect(isDisabilityDegree('55')).toBe(false)
  })

  it('political opinion and union membership stated as a person\'s', () => {
    expect(kindsIn([{ Parteizugehoerigkeit: 'SPD' }, { Parteizugehoerigkeit: 'parteilos' }])).toEqual(['Parteizugehoerigkeit:special-category'])
    expect(kindsIn([{ Gewerkschaftsmitglied: 'ja' }, { Gewerkschaftsmitglied: 'nein' }])).toEqual(['Gewerkschaftsmitglied:special-category'])
    // Election results per district: party columns of numbers.
    expect(scan([{ Stimmbezirk: '0101', CDU: 34.2, SPD: 24.9 }])).toEqual([])
  })

  it('ethnic origin, sexual orientation and person attributes only in a layer that lists persons', () => {
    const alone = [{ Ethnische_Herkunft: 'Sinti', Geschlecht: 'w' }]
    expect(scan(alone)).toEqual([])
    const listed = [{ Vorname: 'Anna', Ethnische_Herkunft: 'Sinti', Sexuelle_Orientierung: 'homosexuell', Geschlecht: 'w', Staatsangehoerigkeit: 'deutsch' }]
    expect(kindsIn(listed)).toEqual(['Vorname:person-name', 'Ethnische_Herkunft:special-category', 'Sexuelle_Orientierung:special-category', 'Geschlecht:person-attribute', 'Staatsangehoerigkeit:person-attribute'])
    // The sex of a ginkgo is not a person's.
    expect(scan([{ Baumart: 'Ginkgo biloba', Geschlecht: 'männlich', Kontrolleur: 'M. Becker' }]).map((f) => f.column)).toEqual(['Kontrolleur'])
  })
})

describe('birth dates from the spread of a plain date column', () => {
  const dates = ['1931-04-17', '1952-08-19', '1987-05-14', '2012-01-30']
  it('a "Datum" column of dates over decades in a layer of persons is reported as birth dates', () => {
    const rows = dates.map((Datum, i) => ({ Nachname: ['Becker', 'Nowak', 'Yilmaz', 'Schulte'][i], Datum }))
    const f = scan(rows).find((x) => x.column === 'Datum')!
    expect(f.kind).toBe('birth-date')
    expect(f.why).toMatch(/dates from 1931 to 2012 spread like birth dates, in a layer that lists persons \("Nachname" holds person names\)/)
  })
  it('not without persons, nor for dates of one season', () => {
    expect(scan(dates.map((Datum) => ({ Datum })))).toEqual([])
    const recent = ['2023-05-02', '2023-06-11', '2024-01-09'].map((Datum, i) => ({ Nachname: ['Becker', 'Nowak', 'Yilmaz'][i], Datum }))
    expect(scan(recent).map((f) => f.column)).toEqual(['Nachname'])
  })
})

describe('addresses of persons and of facilities', () => {
  it('a facility\'s address is not personal even next to its owner; a person\'s is', () => {
    expect(kindsIn([{ Inhaber_Nachname: 'Demir', Betriebsstaette_Strasse: 'Ulricherstraße 20' }])).toEqual(['Inhaber_Nachname:person-name'])
    expect(kindsIn([{ Eigentuemer_Anschrift: 'Lindenweg 5, 59494 Soest' }])).toEqual(['Eigentuemer_Anschrift:address'])
  })
})
