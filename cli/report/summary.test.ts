import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../main.ts'
import { useCliSandbox } from '../../test/helpers/cliSandbox.ts'
import { cliLang } from './lang.ts'

const box = useCliSandbox('summary')
const printed = () => (console.log as unknown as { mock: { calls: string[][] } }).mock.calls.map((c) => c[0]).join('\n')

const write = async (name: string, content: string) => {
  const f = path.join(box.dir, name)
  await fs.writeFile(f, content)
  return f
}
// Two identical points: one duplicate geometry (a warning of "redundanzfrei").
const points = JSON.stringify({
  type: 'FeatureCollection',
  features: [0, 0, 1].map((i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1046 + i * 0.001, 51.5784] }, properties: { name: `P${i}` } })),
})

describe('the quality summary after publish (issue #19)', () => {
  it('German by default: grade, warnings with German criterion names, missing metadata, next step', async () => {
    const file = await write('punkte.geojson', points)
    const meta = await write('meta.json', JSON.stringify({ title: 'Punkte', license: 'dl-de/by-2-0' }))
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'punkte', '--meta', meta, '--lang', 'de'])).toBe(0)
    const out = printed().split('\n')
    expect(out[0]).toMatch(/^neu: punkte \(3 Objekte, \d+ Bytes\) in /)
    expect(out[1]).toBe('Qualität: Note B — 0 Fehler, 2 Warnungen')
    expect(out[2]).toMatch(/^  ! redundanzfrei: 1 doppelte Geometrie \[Objekte \d\]$/)
    expect(out.find((l) => l.startsWith('fehlende Metadaten: '))).toMatch(/^fehlende Metadaten: Beschreibung \(description\), Schlagwörter \(keywords\), .*Lagegenauigkeit \(positionalAccuracy\)$/)
    expect(out.at(-1)).toBe(`Nächster Schritt: fehlende Metadaten in ${meta} ergänzen und erneut veröffentlichen`)
    expect(printed()).not.toMatch(/missing|grade|warning/)
  })

  it('English with --lang en, the same facts; --json carries the summary', async () => {
    const file = await write('punkte.geojson', points)
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte', '--lang', 'en'])).toBe(0)
    const out = printed().split('\n')
    expect(out[1]).toBe('quality: grade B — 0 errors, 2 warnings')
    expect(out[2]).toMatch(/^  ! free of redundancy: 1 duplicate geometries \[features \d\]$/)
    expect(out.at(-1)).toBe('next step: describe the layer in a metadata file (docs/metadata.md) and publish again with --meta <file>')
    expect(printed()).not.toMatch(/Qualität|fehlende|redundanzfrei/)

    ;(console.log as unknown as { mockClear(): void }).mockClear()
    expect(await main(['publish', file, '--catalog', box.catalog, '--id', 'punkte', '--title', 'Punkte', '--json'])).toBe(0)
    const json = JSON.parse(printed()) as { outcome: string; summary: { grade: string; errors: number; warnings: number; missingMetadata: string[]; nextStep: string } }
    expect(json.outcome).toBe('unchanged')
    expect(json.summary).toMatchObject({ grade: 'B', errors: 0, warnings: 2 })
    expect(json.summary.missingMetadata).toContain('license')
  })

  it('geoportal quality speaks one language per run too', async () => {
    const file = await write('punkte.geojson', points)
    expect(await main(['quality', file, '--lang', 'de'])).toBe(0)
    expect(printed()).toMatch(/^Objekte: 3 \(3 Point\)\nKoordinatensystem: EPSG:4326 → EPSG:25832; Ausdehnung: /)
    expect(printed()).toMatch(/! aktuell: letzte Aktualisierung oder Rhythmus nicht angegeben/)
    expect(printed()).not.toMatch(/ declared|features|attribute/)
  })

  it('takes the language from --lang, else LC_ALL / LC_MESSAGES / LANG, else German', () => {
    expect(cliLang(undefined, {})).toBe('de')
    expect(cliLang(undefined, { LANG: 'en_GB.UTF-8' })).toBe('en')
    expect(cliLang(undefined, { LANG: 'de_DE.UTF-8' })).toBe('de')
    expect(cliLang(undefined, { LANG: 'C.UTF-8' })).toBe('de')
    expect(cliLang(undefined, { LANG: 'en_US.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toBe('de')
    expect(cliLang('en', { LANG: 'de_DE.UTF-8' })).toBe('en')
    expect(() => cliLang('fr', {})).toThrow(/--lang must be de or en/)
  })
})
