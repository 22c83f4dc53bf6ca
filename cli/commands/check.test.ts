import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Catalog, FileLayerEntry } from '../../src/model/catalog.ts'
import { main } from '../main.ts'

let dir: string
let out: string[]
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-check-'))
  out = []
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m))
  vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await fs.rm(dir, { recursive: true, force: true })
})

describe('geoportal check', () => {
  it('passes on the demo catalog and summarises quality and timeliness', async () => {
    expect(await main(['check', '--catalog', 'data', '--lang', 'en'])).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(/✓ demo-bezirke — Demo: Stadtbezirke: .*update: overdue by \d+ days/)
    expect(text).toMatch(/8 layers, 0 with problems/)
    // German by default, one language per run (issue #19).
    out = []
    expect(await main(['check', '--catalog', 'data', '--verbose', '--lang', 'de'])).toBe(0)
    const de = out.join('\n')
    expect(de).toMatch(/✓ demo-bezirke — Demo: Stadtbezirke: \d+ Fehler, \d+ Warnungen, \d+ Hinweise; Aktualisierung: seit \d+ Tagen überfällig/)
    expect(de).toMatch(/8 Ebenen, 0 mit Problemen/)
    expect(de).not.toMatch(/ errors| warnings|update:|metadata missing|understandable/)
  })

  it('fails when a layer file was changed after publishing or is missing', async () => {
    const copy = path.join(dir, 'catalog')
    await fs.cp('data', copy, { recursive: true })
    const c = JSON.parse(await fs.readFile(path.join(copy, 'catalog.json'), 'utf8')) as Catalog
    const fgb = path.join(copy, (c.layers[1] as FileLayerEntry).href)
    const bytes = await fs.readFile(fgb)
    bytes[bytes.length - 1] ^= 0xff
    await fs.writeFile(fgb, bytes)
    await fs.rm(path.join(copy, (c.layers[2] as FileLayerEntry).href))
    await fs.mkdir(path.join(copy, 'layers', 'stale', 'abc'), { recursive: true })
    expect(await main(['check', '--catalog', copy, '--json'])).toBe(1)
    const r = JSON.parse(out.join('\n'))
    expect(r.ok).toBe(false)
    expect(r.layers[1].problems[0]).toMatch(/checksum differs/)
    expect(r.layers[2].problems[0]).toMatch(/missing/)
    expect(r.problems).toContain('layers/stale/abc: not referenced by catalog.json (left over; safe to delete)')
  })
})

describe('geoportal quality', () => {
  it('prints the report as JSON with the documented keys, without publishing', async () => {
    const sq = (x: number, y: number) => [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]]
    const file = path.join(dir, 'flaechen.geojson')
    await fs.writeFile(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Polygon', coordinates: sq(8.1, 51.57) }, properties: { name: 'a' } },
          { type: 'Feature', geometry: { type: 'Polygon', coordinates: sq(8.1, 51.57) }, properties: { name: null } },
          { type: 'Feature', geometry: { type: 'Polygon', coordinates: sq(9.5, 52.5) }, properties: { name: 'c' } },
        ],
      }),
    )
    const meta = path.join(dir, 'meta.json')
    await fs.writeFile(meta, JSON.stringify({ title: 'Flächen', updateFrequency: 'annual', lastUpdate: '2020-01-01' }))
    expect(await main(['quality', file, '--extent', '429000,5705000,447000,5723000', '--meta', meta, '--json'])).toBe(0)
    const q = JSON.parse(out.join('\n'))
    for (const k of ['featureCount', 'crs', 'bbox', 'invalidGeometries', 'duplicateGeometries', 'outsideExtent', 'attributes', 'findings']) {
      expect(q).toHaveProperty(k)
    }
    expect(q).toMatchObject({ featureCount: 3, crs: 'EPSG:25832', duplicateGeometries: 1, outsideExtent: 1, invalidGeometries: 0 })
    expect(q.attributes.name.nullRate).toBeCloseTo(1 / 3)
    // Known defects give exactly these numbers, including the overdue update (measured against today).
    const aktuell = q.findings.find((f: { criterion: string }) => f.criterion === 'aktuell')
    expect(aktuell.message).toMatch(/^update overdue by \d+ days \(due 2021-01-01, frequency annual\)$/)
    expect((await fs.readdir(dir)).sort()).toEqual(['flaechen.geojson', 'meta.json'])
  })

  it('takes the expected area from a polygon file', async () => {
    const area = path.join(dir, 'area.geojson')
    const pts = path.join(dir, 'pts.geojson')
    // A triangle: its bbox contains the second point, the triangle itself does not.
    await fs.writeFile(area, JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[8.0, 51.5], [8.2, 51.5], [8.0, 51.7], [8.0, 51.5]]] } }))
    await fs.writeFile(
      pts,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [8.05, 51.55] } },
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [8.18, 51.68] } },
        ],
      }),
    )
    expect(await main(['quality', pts, '--extent', area, '--json'])).toBe(0)
    const q = JSON.parse(out.join('\n'))
    expect(q.outsideExtent).toBe(1)
    expect(q.findings.find((f: { criterion: string }) => f.criterion === 'korrekt').featureIds).toEqual([1])
  })
})
