// The personal data guard on real open data: the NRW schools list carries phone, fax and e-mail columns. As a
// public layer without classification it is refused with the catalog unchanged; classified, it publishes and
// layer.json records what was found (never the values). The other real files have no findings.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../cli/main.ts'
import { readVectorInput } from '../../cli/publish/input.ts'
import { scanVectorData } from '../../cli/publish/personal.ts'
import type { Catalog, LayerDocument } from '../../src/model/catalog.ts'
import type { QualityReport } from '../../src/model/quality.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable()
if (unavailable) console.warn(`SKIPPED real-data personal data suite: ${unavailable}`)

const SCHOOLS = 'nrw_schuldaten_2021-09.csv'

async function snapshot(d: string): Promise<string> {
  const h = createHash('sha256')
  const entries = await fs.readdir(d, { withFileTypes: true, recursive: true }).catch(() => [])
  for (const e of entries.sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    const p = path.join(e.parentPath, e.name)
    h.update(p)
    if (e.isFile()) h.update(await fs.readFile(p))
  }
  return h.digest('hex')
}

describe.skipIf(!!unavailable)('personal data in real data', () => {
  let dir: string
  let errors: string[]
  let out: string[]
  const catalog = () => path.join(dir, 'catalog')
  const publish = (...extra: string[]) => main(['publish', shared('vector', 'originals', SCHOOLS), '--catalog', catalog(), '--id', 's', '--title', 'S', '--crs', 'EPSG:25832', ...extra])

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-real-personal-'))
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m))
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m))
    // A catalog that already holds a layer, to show that a refusal leaves it exactly as it was.
    out = []
    errors = []
    expect(await main(['publish', shared('vector', 'kreis_soest_schulen_25832.fgb'), '--catalog', catalog(), '--id', 'kreis', '--title', 'Schulen Kreis Soest'])).toBe(0)
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await fs.rm(dir, { recursive: true, force: true })
  })

  it(`flags the phone, fax and e-mail columns of ${SCHOOLS}`, async () => {
    const data = await readVectorInput(shared('vector', 'originals', SCHOOLS), { crs: 'EPSG:25832' })
    const found = scanVectorData(data)
    const byColumn = Object.fromEntries(found.map((f) => [`${f.column}:${f.kind}`, f.count]))
    expect(Object.keys(byColumn).sort()).toEqual(['E-Mail:email', 'Fax:phone', 'Faxvorwahl:phone', 'Telefon:phone', 'Telefonvorwahl:phone'])
    expect(byColumn['E-Mail:email']).toBeGreaterThan(5000)
    expect(byColumn['Telefon:phone']).toBeGreaterThan(5000)
    // School names, streets, ids and dates are not reported.
    for (const c of ['Schulbezeichnung_1', 'Schulbezeichnung_2', 'Strasse', 'Schulnummer', 'Schulbetriebsdatum', 'Homepage']) expect(found.some((f) => f.column === c)).toBe(false)
    for (const f of found) expect(f.sample).toMatch(/\*/)
  })

  it('refuses to publish it as a public layer without classification: exit 1, one line, catalog unchanged', async () => {
    const before = await snapshot(catalog())
    errors = []
    expect(await publish()).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(SCHOOLS)
    for (const c of ['"Telefon" (phone', '"Fax" (phone', '"E-Mail" (email']) expect(errors[0]).toContain(c)
    // Each finding says why, without values.
    expect(errors[0]).toMatch(/"Telefon" \(phone: \d+ values, e\.g\. [\d*]+ — "telefon" is a phone or fax column; \d+ of \d+ values are phone digits\)/)
    expect(errors[0]).toMatch(/"E-Mail" \(email: \d+ values, e\.g\. \S+ — \d+ of \d+ values are e-mail addresses\)/)
    expect(errors[0]).toMatch(/personalData.*--access internal/)
    expect(errors[0]).not.toContain('@schule.nrw.de')
    expect(await snapshot(catalog())).toBe(before)
  })

  it('publishes it once the officer classifies it in the metadata, recording the findings', async () => {
    const meta = path.join(dir, 'schulen.meta.json')
    // Official school switchboard numbers and addresses: not personal data, the officer confirms.
    await fs.writeFile(meta, JSON.stringify({ title: 'Schulen NRW', personalData: 'none', license: 'dl-de/by-2.0' }))
    expect(await publish('--meta', meta)).toBe(0)
    const c = JSON.parse(await fs.readFile(path.join(catalog(), 'catalog.json'), 'utf8')) as Catalog
    const entry = c.layers.find((l) => l.id === 's')!
    expect(entry.access).toBe('public')
    const doc = JSON.parse(await fs.readFile(path.join(catalog(), entry.metaHref), 'utf8')) as LayerDocument
    const pd = (doc.quality as QualityReport).personalData!
    expect(pd.map((p) => p.column).sort()).toEqual(['E-Mail', 'Fax', 'Faxvorwahl', 'Telefon', 'Telefonvorwahl'])
    expect(doc.metadata.personalData).toBe('none')
  })

  it('publishes it as an internal layer without classification', async () => {
    expect(await main(['publish', shared('vector', 'originals', SCHOOLS), '--catalog', catalog(), '--id', 's-intern', '--title', 'S', '--crs', 'EPSG:25832', '--access', 'internal'])).toBe(0)
  })

  it('finds nothing in the other real vector files (no false positives)', async () => {
    const files = [
      ...(await fs.readdir(shared('vector'))).filter((f) => f.endsWith('.fgb')).map((f) => shared('vector', f)),
      shared('vector', 'originals', 'db_haltestellen_2016-01_from_jsonld.csv'),
      shared('vector', 'originals', 'nrw_gemeinden_vg250_2013.geojson'),
    ]
    for (const f of files) {
      const found = scanVectorData(await readVectorInput(f))
      expect(found, path.basename(f)).toEqual([])
    }
  })
})
