import { promises as fs } from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import type { Catalog } from '../../src/model/catalog.ts'
import { main } from '../main.ts'
import { loadPlan, PLAN_SCHEMA, schemaProblems } from '../sync/plan.ts'
import { formatOverdue } from '../sync/report.ts'
import { runSync, SYNC_STATE } from '../sync/run.ts'
import { snapshotFiles, useCliSandbox } from '../../test/helpers/cliSandbox.ts'

const box = useCliSandbox('sync')

const write = async (name: string, content: string) => {
  const f = path.join(box.dir, name)
  await fs.mkdir(path.dirname(f), { recursive: true })
  await fs.writeFile(f, content)
  return f
}
/** Points around Soest's market square (WGS84). */
const points = (n: number, name = 'Punkt') =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [8.1046 + i * 0.001, 51.5784] }, properties: { name: `${name} ${i}` } })),
  })
const readCatalog = async (dir = box.catalog) => JSON.parse(await fs.readFile(path.join(dir, 'catalog.json'), 'utf8')) as Catalog
const layerFiles = async (id: string) => Object.entries(await snapshotFiles(box.catalog)).filter(([p]) => p.startsWith(`layers${path.sep}${id}${path.sep}`))

async function twoLayerPlan(extra = '') {
  await write('daten/schulen.geojson', points(3, 'Schule'))
  await write('daten/export_2026-11-30.geojson', points(2, 'Alt'))
  await write('daten/export_2026-12-07.geojson', points(4, 'Neu'))
  await write('meta/schulen.json', JSON.stringify({ title: 'Schulen', department: 'Schulamt', license: 'dl-de/by-2-0' }))
  return write(
    'plan.yaml',
    `# Ebenen der Stadt Soest
catalog: catalog
layers:
  - id: schulen
    source: daten/schulen.geojson
    meta: meta/schulen.json
    rhythm: weekly
    searchable: name
  - id: export
    source: daten/export_*.geojson   # the newest dated export
    title: Export
    access: internal
    department: Vermessung
${extra}`,
  )
}

const sync = (...args: string[]) => main(['sync', ...args])
const printed = () => (console.log as unknown as { mock: { calls: string[][] } }).mock.calls.map((c) => c[0]).join('\n')

// Generous time on a loaded machine (not a speed check); the child-process staging is tested in cli/sync/compiled.test.ts.
describe('geoportal sync', { timeout: 600_000 }, () => {
  it('publishes every layer of a plan, as publish would, and skips unchanged sources on the next run', async () => {
    const plan = await twoLayerPlan()
    expect(await sync(plan)).toBe(0)
    const catalog = await readCatalog()
    expect(catalog.layers.map((l) => [l.id, l.kind === 'vector' && l.featureCount, l.access])).toEqual([
      ['schulen', 3, 'public'],
      ['export', 4, 'internal'], // the glob took the last export by name
    ])
    expect(printed()).toMatch(/2 veröffentlicht, 0 unverändert, 0 fehlgeschlagen/)

    // The same layer published directly gives the same entry and the same files (same version hash).
    const direct = path.join(box.dir, 'direkt')
    expect(await main(['publish', path.join(box.dir, 'daten/schulen.geojson'), '--catalog', direct, '--id', 'schulen', '--meta', path.join(box.dir, 'meta/schulen.json'), '--searchable', 'name'])).toBe(0)
    expect((await readCatalog(direct)).layers[0]).toEqual(catalog.layers[0])

    // Second run: nothing changed by content (a touched file counts as unchanged).
    const now = new Date()
    await fs.utimes(path.join(box.dir, 'daten/schulen.geojson'), now, now)
    const before = await snapshotFiles(box.catalog)
    expect(await sync(plan, '--json')).toBe(0)
    const out = JSON.parse(printed().split('\n').pop()!) as { layers: { id: string; status: string }[]; exitCode: number }
    expect(out.layers.map((l) => l.status)).toEqual(['unchanged', 'unchanged'])
    expect(await snapshotFiles(box.catalog)).toEqual(before)
  })

  it('republishes only the layer whose source changed, and one whose metadata changed', async () => {
    const plan = await twoLayerPlan()
    expect(await sync(plan)).toBe(0)
    const exportFiles = await layerFiles('export')
    await write('daten/schulen.geojson', points(5, 'Schule'))
    const result = await runSync(await loadPlan(plan), { catalog: box.catalog })
    expect(result.layers.map((l) => [l.id, l.status, l.outcome])).toEqual([
      ['schulen', 'published', 'updated'],
      ['export', 'unchanged', undefined],
    ])
    expect(await layerFiles('export')).toEqual(exportFiles)
    expect(((await readCatalog()).layers[0] as { featureCount: number }).featureCount).toBe(5)

    await write('meta/schulen.json', JSON.stringify({ title: 'Schulen in Soest', department: 'Schulamt', license: 'dl-de/by-2-0' }))
    const again = await runSync(await loadPlan(plan), { catalog: box.catalog })
    expect(again.layers.map((l) => l.status)).toEqual(['published', 'unchanged'])
    expect((await readCatalog()).layers[0].title).toBe('Schulen in Soest')
  })

  it('a broken source leaves its layer as it was, names it in one line, and the other layers still publish (exit 3)', async () => {
    const plan = await twoLayerPlan()
    expect(await sync(plan)).toBe(0)
    const schulen = await layerFiles('schulen')
    const entry = (await readCatalog()).layers[0]
    await write('daten/schulen.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[8.1,')
    await write('daten/export_2026-12-14.geojson', points(6, 'Neuer'))
    box.errors = []
    expect(await sync(plan)).toBe(3)
    expect(box.errors).toHaveLength(1)
    expect(box.errors[0]).toMatch(/^geoportal sync: schulen: .*schulen\.geojson: /)
    expect(await layerFiles('schulen')).toEqual(schulen)
    const after = await readCatalog()
    expect(after.layers[0]).toEqual(entry)
    expect((after.layers[1] as { featureCount: number }).featureCount).toBe(6)
    expect(printed()).toMatch(/✗ schulen: .*schulen\.geojson/)

    // Only the broken layer changed: the whole catalog folder stays byte-identical, state included.
    await write('daten/export_2026-12-14.geojson', points(6, 'Neuer'))
    const before = await snapshotFiles(box.catalog)
    expect(await sync(plan)).toBe(3)
    expect(await snapshotFiles(box.catalog)).toEqual(before)
  })

  it('a missing source or a glob without a match fails that layer only', async () => {
    const plan = await twoLayerPlan(`  - id: fehlt
    source: daten/gibtsnicht_*.geojson
    title: Fehlt
`)
    expect(await sync(plan)).toBe(3)
    expect(box.errors).toEqual(['geoportal sync: fehlt: daten/gibtsnicht_*.geojson: matches no file'])
    expect((await readCatalog()).layers.map((l) => l.id)).toEqual(['schulen', 'export'])
  })

  it('an invalid plan publishes nothing and says what is wrong (exit 4)', async () => {
    await twoLayerPlan()
    const cases: [string, string, RegExp][] = [
      ['bad-access.yaml', 'layers:\n  - id: a\n    source: x.geojson\n    access: secret\n', /bad-access\.yaml: layers\[0\]\.access must be one of public, internal \(is "secret"\)/],
      ['no-source.json', '{"layers":[{"id":"a"}]}', /no-source\.json: layers\[0\] lacks "source"/],
      ['typo.yaml', 'layers:\n  - id: a\n    source: x.geojson\n    rythm: weekly\n', /typo\.yaml: layers\[0\] has an unknown field "rythm"/],
      ['bad-id.yaml', 'layers:\n  - id: Schulen\n    source: x.geojson\n', /layers\[0\]\.id "Schulen" does not match/],
      ['twice.yaml', 'layers:\n  - {id: a, source: x.geojson}\n  - {id: a, source: y.geojson}\n', /twice\.yaml: layers\[1\]\.id "a" is already used by layers\[0\]/],
      ['broken.yaml', 'layers:\n  - id: a\n    source: [x\n', /broken\.yaml, line \d+: not valid YAML/],
      ['empty.yaml', 'layers: []\n', /empty\.yaml: layers needs at least 1 entry/],
    ]
    for (const [name, text, message] of cases) {
      box.errors = []
      expect(await sync(await write(name, text), '--catalog', box.catalog), name).toBe(4)
      expect(box.errors, name).toHaveLength(1)
      expect(box.errors[0], name).toMatch(message)
    }
    await expect(fs.access(box.catalog)).rejects.toThrow()
  })

  it('--dry-run lists what would be published and changes nothing', async () => {
    const plan = await twoLayerPlan()
    expect(await sync(plan, '--dry-run', '--lang', 'en')).toBe(0)
    expect(printed()).toMatch(/0 published, 0 unchanged, 0 failed, 2 would be published \(dry run\)/)
    await expect(fs.access(box.catalog)).rejects.toThrow()
    expect(await sync(plan)).toBe(0)
    await write('daten/schulen.geojson', points(7))
    const before = await snapshotFiles(box.catalog)
    const r = await runSync(await loadPlan(plan), { catalog: box.catalog, dryRun: true })
    expect(r.layers.map((l) => l.status)).toEqual(['planned', 'unchanged'])
    expect(await snapshotFiles(box.catalog)).toEqual(before)
  })

  it('lists layers whose sources are overdue per department', async () => {
    const plan = await twoLayerPlan('    rhythm: daily\n')
    expect(await sync(plan)).toBe(0)
    const state = JSON.parse(await fs.readFile(path.join(box.catalog, SYNC_STATE), 'utf8')) as { layers: Record<string, { published: string }> }
    const published = new Date(state.layers.schulen.published)
    const later = new Date(published.getTime() + 10 * 86_400_000)
    const r = await runSync(await loadPlan(plan), { catalog: box.catalog, now: later })
    expect(r.layers.map((l) => [l.id, l.department, l.rhythm, l.overdueDays])).toEqual([
      ['schulen', 'Schulamt', 'weekly', 3], // department from the metadata, rhythm from the plan
      ['export', 'Vermessung', 'daily', 9],
    ])
    expect(formatOverdue(r, 'de')).toEqual([
      'Überfällig (Quelle länger unverändert als ihr Rhythmus):',
      '  Schulamt:',
      `    schulen — wöchentlich, zuletzt veröffentlicht ${state.layers.schulen.published.slice(0, 10)}, 3 Tage überfällig`,
      '  Vermessung:',
      `    export — täglich, zuletzt veröffentlicht ${state.layers.export.published.slice(0, 10)}, 9 Tage überfällig`,
    ])
  })
})

describe('sync plan schema', () => {
  it('the built-in validator agrees with a full JSON Schema validator (ajv) on the schema file', async () => {
    const validate = new Ajv2020({ allErrors: true }).compile(PLAN_SCHEMA)
    const samples: unknown[] = [
      { layers: [{ id: 'a', source: 'x.shp' }] },
      { catalog: 'k', layers: [{ id: 'a-1', source: 'x/*.gpkg', layer: 'l', rhythm: 'monthly', access: 'internal', guessCrs: true, crs: 'EPSG:31467' }] },
      { layers: [] },
      { layers: [{ id: 'a' }] },
      { layers: [{ id: 'A', source: 'x' }] },
      { layers: [{ id: 'a', source: 'x', rhythm: 'fortnightly' }] },
      { layers: [{ id: 'a', source: 'x', crs: '25832' }] },
      { layers: [{ id: 'a', source: 'x', guessCrs: 'yes' }] },
      { layers: [{ id: 'a', source: '' }] },
      { layers: {}, extra: 1 },
      [],
    ]
    for (const s of samples) expect(schemaProblems(s).length === 0, JSON.stringify(s)).toBe(validate(s))
  })
})
