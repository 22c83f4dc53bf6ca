// The officer's install (issue #19): a fresh `npm pack` of this repository (prepack compiles the CLI and builds the
// app) installed into an empty folder with `npm install --omit=dev --omit=optional`, then `geoportal --help`,
// `publish` (GeoJSON and GeoPackage) and `build` run from that folder — the compiled CLI, with neither Vite, React,
// a TypeScript loader nor GDAL installed. Then gdal3.js (the optional dependency) is added, and a GeoPackage only
// GDAL can read (curves to linearise) publishes through it in its worker thread.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gdalToolsMissing } from '../helpers/gdal.ts'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../..', import.meta.url))

function npmMissing(): string | null {
  try {
    execFileSync('npm', ['--version'], { stdio: 'ignore' })
    return null
  } catch {
    return 'npm is not on PATH: the install test needs npm pack and npm install'
  }
}

const skip = npmMissing()
if (skip) console.warn(`skipped: ${skip}`)

/** Packages the CLI must not pull into an officer's install. */
const NOT_INSTALLED = ['vite', 'react', 'react-dom', '@vitejs/plugin-react', 'tsx', 'esbuild', 'maplibre-gl', 'typescript', 'vitest']

async function sizeOf(dir: string): Promise<number> {
  let total = 0
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) total += await sizeOf(p)
    else if (e.isFile()) total += (await fs.stat(p)).size
  }
  return total
}

async function packageDirs(nodeModules: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue
      const p = path.join(dir, e.name)
      if (e.name.startsWith('@')) {
        await walk(p)
        continue
      }
      found.push(path.relative(nodeModules, p).split(path.sep).filter((s) => s !== 'node_modules').join('/'))
      await walk(path.join(p, 'node_modules'))
    }
  }
  await walk(nodeModules)
  return found
}

describe.skipIf(skip)('npm pack → npm install --omit=dev --omit=optional', () => {
  let dir = ''
  let bin = ''
  let target = ''
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-install-'))
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO, maxBuffer: 64 << 20 })
    const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[]
    target = path.join(dir, 'site-install')
    await fs.mkdir(target)
    await fs.writeFile(path.join(target, 'package.json'), '{ "name": "officer", "private": true }\n')
    // The local npm cache first: the packages are those of this checkout's lockfile.
    await run('npm', ['install', '--omit=dev', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, filename)], { cwd: target, maxBuffer: 64 << 20 })
    bin = path.join(target, 'node_modules', '.bin', 'geoportal')
    console.log(`installed size without optional dependencies: ${((await sizeOf(path.join(target, 'node_modules'))) / 1e6).toFixed(1)} MB (node_modules)`)
  }, 600_000)
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  it('installs neither Vite, React nor a TypeScript loader, and ships no TypeScript', async () => {
    const installed = await packageDirs(path.join(dir, 'site-install', 'node_modules'))
    expect(installed).toContain('geoportal-soest')
    for (const name of [...NOT_INSTALLED, 'gdal3.js']) expect(installed, name).not.toContain(name)
    for (const name of NOT_INSTALLED) expect(installed, name).not.toContain(name)
    const pkg = path.join(dir, 'site-install', 'node_modules', 'geoportal-soest')
    const files = await fs.readdir(pkg, { recursive: true })
    expect(files.filter((f) => /\.tsx?$/.test(f))).toEqual([])
    expect(existsSync(path.join(pkg, 'dist-app', 'index.html'))).toBe(true)
  })

  it('geoportal --help lists the commands', async () => {
    const { stdout } = await run(bin, ['--help'])
    expect(stdout).toMatch(/^geoportal — publish geodata/)
    for (const c of ['publish', 'build', 'check', 'inventory']) expect(stdout).toContain(`  ${c} `)
    const { stdout: publishHelp } = await run(bin, ['publish', '--help'])
    expect(publishHelp).toMatch(/^Usage: geoportal publish <file>/)
  })

  it('publishes a seeded GeoJSON and builds a site from the prebuilt app', async () => {
    const work = path.join(dir, 'work')
    await fs.mkdir(work)
    // Seeded points around Soest (EPSG:4326), different on every seed.
    let seed = 19
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const features = Array.from({ length: 50 }, (_, i) => ({
      type: 'Feature',
      properties: { name: `Punkt ${i}`, wert: Math.round(rand() * 1000) },
      geometry: { type: 'Point', coordinates: [8.05 + rand() * 0.15, 51.55 + rand() * 0.07] },
    }))
    const input = path.join(work, 'punkte.geojson')
    await fs.writeFile(input, JSON.stringify({ type: 'FeatureCollection', features }))
    const catalog = path.join(work, 'catalog')
    const env = { ...process.env, NODE_ENV: 'production' }
    await run(bin, ['publish', input, '--catalog', catalog, '--id', 'punkte', '--title', 'Punkte'], { cwd: work, env })
    await run(bin, ['publish', input, '--catalog', catalog, '--id', 'intern', '--title', 'Intern', '--access', 'internal'], { cwd: work, env })
    const cat = JSON.parse(await fs.readFile(path.join(catalog, 'catalog.json'), 'utf8')) as { layers: { id: string; dataHref: string }[] }
    expect(cat.layers.map((l) => l.id).sort()).toEqual(['intern', 'punkte'])

    const site = path.join(work, 'site')
    const { stdout } = await run(bin, ['build', '--catalog', catalog, '--out', site], { cwd: work, env })
    expect(stdout.trim()).toBe(`built ${site} with 1 layers`)
    const html = await fs.readFile(path.join(site, 'index.html'), 'utf8')
    expect(html).toContain('http-equiv="Content-Security-Policy"')
    const built = JSON.parse(await fs.readFile(path.join(site, 'catalog.json'), 'utf8')) as { layers: { id: string }[] }
    expect(built.layers.map((l) => l.id)).toEqual(['punkte'])
    expect(existsSync(path.join(site, 'layers', 'punkte'))).toBe(true)
    // Internal layers never in a public build.
    expect(existsSync(path.join(site, 'layers', 'intern'))).toBe(false)
    expect(existsSync(path.join(site, 'sw.js'))).toBe(true)
    expect(existsSync(path.join(site, 'csp.conf'))).toBe(true)
  })

  it('checks a layer in a second thread of the compiled CLI: the same catalog as in one thread', async () => {
    const work = path.join(dir, 'thread')
    await fs.mkdir(work)
    // Parcels declared in EPSG:25832 (the thread reads such files again beside the publishing pass).
    const features = Array.from({ length: 3000 }, (_, i) => {
      const x = 430000 + (i % 60) * 30
      const y = 5708000 + Math.floor(i / 60) * 30
      const ring = [[x, y], [x + 25, y], [x + 25, y + 25], [x, y + 25], [x, y]]
      return { type: 'Feature', properties: { nr: i, name: `Flur ${i % 40}` }, geometry: i % 97 === 5 ? null : { type: 'Polygon', coordinates: [ring] } }
    })
    const input = path.join(work, 'flurstuecke.geojson')
    await fs.writeFile(input, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:25832' } }, features }))
    const files: Record<string, string>[] = []
    for (const mode of ['inline', 'thread']) {
      const catalog = path.join(work, mode)
      const env = { ...process.env, GEOPORTAL_CHECKS: mode }
      const { stderr } = await run(bin, ['publish', input, '--catalog', catalog, '--id', 'flurstuecke', '--title', 'Flurstücke', '--progress'], { cwd: work, env })
      expect(stderr.includes('in a second thread')).toBe(mode === 'thread')
      const tree: Record<string, string> = {}
      for (const f of (await fs.readdir(catalog, { recursive: true })).sort()) {
        const p = path.join(catalog, f)
        if ((await fs.stat(p)).isFile()) tree[f] = (await fs.readFile(p)).toString('base64')
      }
      files.push(tree)
    }
    expect(Object.keys(files[0]).length).toBeGreaterThan(2)
    expect(files[1]).toEqual(files[0])
  })

  it('publishes a GeoPackage without GDAL; one that needs GDAL says so, and publishes once gdal3.js is added', async (ctx) => {
    const missing = gdalToolsMissing('ogr2ogr')
    if (missing) {
      console.warn(`skipped: ${missing} (makes the GeoPackages)`)
      return ctx.skip()
    }
    const work = path.join(dir, 'gpkg')
    await fs.mkdir(work)
    const geojson = path.join(work, 'a.geojson')
    await fs.writeFile(geojson, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Rathaus' }, geometry: { type: 'Point', coordinates: [8.106, 51.571] } }] }))
    execFileSync('ogr2ogr', ['-f', 'GPKG', path.join(work, 'a.gpkg'), geojson])
    const catalog = path.join(work, 'catalog')
    const { stdout } = await run(bin, ['publish', path.join(work, 'a.gpkg'), '--catalog', catalog, '--id', 'rathaus', '--title', 'Rathaus'], { cwd: work })
    expect(stdout).toMatch(/^neu: rathaus \(1 Objekte/) // German by default (--lang en for English)

    // A circular arc: the own reader leaves linearising it to GDAL, which this install does not have.
    const csv = path.join(work, 'bogen.csv')
    await fs.writeFile(csv, 'name,WKT\nBogen,"CIRCULARSTRING (437000 5714000,437100 5714100,437200 5714000)"\n')
    const curved = path.join(work, 'bogen.gpkg')
    execFileSync('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:25832', '-nlt', 'CIRCULARSTRING', '-nln', 'bogen', curved, csv])
    const publishCurved = () => run(bin, ['publish', curved, '--catalog', catalog, '--id', 'bogen', '--title', 'Bogen'], { cwd: work })
    const failed = await publishCurved().then(
      () => null,
      (e: { stderr: string; code: number }) => e,
    )
    expect(failed?.code).not.toBe(0)
    const lines = failed!.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(curved)
    expect(lines[0]).toMatch(/curved geometries \(CIRCULARSTRING\).*needs GDAL \(the npm package gdal3\.js\).*npm install gdal3\.js/)

    const version = (JSON.parse(await fs.readFile(path.join(REPO, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies['gdal3.js']
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `gdal3.js@${version}`], { cwd: target, maxBuffer: 64 << 20 })
    console.log(`installed size with gdal3.js: ${((await sizeOf(path.join(target, 'node_modules'))) / 1e6).toFixed(1)} MB (node_modules)`)
    const { stdout: out2 } = await publishCurved()
    expect(out2).toMatch(/^neu: bogen \(1 Objekte/)
  }, 600_000)
})
