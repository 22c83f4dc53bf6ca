// Publishing seeded parcel-like polygons (read + reproject + quality + indexed FlatGeobuf + catalog) against native
// ogr2ogr conversion alone (→ FlatGeobuf with spatial index), same input, same run: wall time and peak RSS of each
// process (GNU time). Usage:
//   npm run bench -- publish [counts] [formats] [runs]   e.g. publish 200000,1000000 geojson,shp 3
//   npm run bench -- publish 10000000 shp 1 --no-ogr     (the memory bound at 10 M)
//   npm run bench -- publish 200000 shp 3 --against=/tmp/main-checkout   (another checkout's CLI in the same run)
// The publisher runs as a user's install runs it: the compiled CLI (scripts/build-cli.mjs → dist-cli/, built here
// first), no TypeScript loader. On a shared machine wall times vary with the load: the load average is recorded,
// and so is each process's CPU time (user + system), which the load disturbs less.
import { execFileSync, spawnSync } from 'node:child_process'
import { createWriteStream, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ogr2ogrAvailable } from './_tools.ts'
import { mulberry32 } from '../scripts/random.ts'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const counts = (args[0] ?? '200000,1000000').split(',').map(Number)
const formats = (args[1] ?? 'geojson,shp').split(',')
const runsArg = args[2] ? Number(args[2]) : undefined
const withOgr = !process.argv.includes('--no-ogr')
const root = fileURLToPath(new URL('..', import.meta.url))
const against = process.argv.find((a) => a.startsWith('--against='))?.slice('--against='.length)
for (const checkout of [root, ...(against ? [against] : [])]) {
  execFileSync(process.execPath, [path.join(checkout, 'scripts/build-cli.mjs')], { cwd: checkout, stdio: 'inherit' })
}
const compiled = { ...process.env, GEOPORTAL_CLI: 'compiled' }

interface Parcel {
  ring: number[][]
  flurstueck: string
  gemarkung: string
  flaeche: number
}

/** Quadrilateral 25 m parcels on a jittered grid around Soest (EPSG:25832), with typical cadastre attributes. */
function* parcels(n: number, seed = 1): Generator<Parcel> {
  const rand = mulberry32(seed)
  const side = Math.ceil(Math.sqrt(n))
  const size = 25
  for (let i = 0; i < n; i++) {
    const x = 430000 + (i % side) * size
    const y = 5708000 + Math.floor(i / side) * size
    const j = () => Math.round((rand() - 0.5) * 6 * 100) / 100
    const ring = [[x + j(), y + j()], [x + size + j(), y + j()], [x + size + j(), y + size + j()], [x + j(), y + size + j()]]
    ring.push([...ring[0]])
    yield { ring, flurstueck: `05974${String(i).padStart(9, '0')}`, gemarkung: `Soest ${i % 40}`, flaeche: Math.round(size * size * (0.9 + rand() * 0.2)) }
  }
}

/** Writes through a stream with backpressure (10 M features do not fit in one string). */
async function writeLines(file: string, lines: Iterable<string | Uint8Array>): Promise<void> {
  const out = createWriteStream(file)
  for (const l of lines) if (!out.write(l)) await new Promise<void>((r) => out.once('drain', () => r()))
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
}

async function writeGeoJson(file: string, n: number): Promise<void> {
  function* lines() {
    yield '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[\n'
    let first = true
    for (const p of parcels(n)) {
      const f = { type: 'Feature', properties: { flurstueck: p.flurstueck, gemarkung: p.gemarkung, flaeche: p.flaeche }, geometry: { type: 'Polygon', coordinates: [p.ring] } }
      yield `${first ? '' : ',\n'}${JSON.stringify(f)}`
      first = false
    }
    yield '\n]}\n'
  }
  await writeLines(file, lines())
}

/** The same parcels as a Shapefile (written directly: converting 10 M features with ogr2ogr takes long). */
async function writeShapefile(base: string, n: number): Promise<void> {
  const recLen = 8 + 4 + 32 + 4 + 4 + 4 + 5 * 16 // header, type, box, parts, points, part index, 5 points
  const shpLen = 100 + n * recLen
  const header = (length: number) => {
    const h = Buffer.alloc(100)
    h.writeInt32BE(9994, 0)
    h.writeInt32BE(length / 2, 24)
    h.writeInt32LE(1000, 28)
    h.writeInt32LE(5, 32)
    return h
  }
  const fields: [string, string, number, number][] = [['flurstueck', 'C', 14, 0], ['gemarkung', 'C', 9, 0], ['flaeche', 'N', 10, 0]]
  const dbfHeaderLen = 32 + 32 * fields.length + 1
  const dbfRecLen = 1 + fields.reduce((s, f) => s + f[2], 0)
  const dbfHead = Buffer.alloc(dbfHeaderLen)
  dbfHead[0] = 3
  dbfHead.writeUInt32LE(n, 4)
  dbfHead.writeUInt16LE(dbfHeaderLen, 8)
  dbfHead.writeUInt16LE(dbfRecLen, 10)
  dbfHead[29] = 0x57 // ANSI (CP1252)
  fields.forEach(([name, type, width, dec], i) => {
    dbfHead.write(name, 32 + i * 32, 'latin1')
    dbfHead.write(type, 32 + i * 32 + 11, 'latin1')
    dbfHead[32 + i * 32 + 16] = width
    dbfHead[32 + i * 32 + 17] = dec
  })
  dbfHead[dbfHeaderLen - 1] = 0x0d
  function* shp() {
    yield header(shpLen)
    let i = 0
    for (const p of parcels(n)) {
      const b = Buffer.alloc(recLen)
      b.writeInt32BE(++i, 0)
      b.writeInt32BE((recLen - 8) / 2, 4)
      b.writeInt32LE(5, 8)
      const xs = p.ring.map((q) => q[0])
      const ys = p.ring.map((q) => q[1])
      b.writeDoubleLE(Math.min(...xs), 12); b.writeDoubleLE(Math.min(...ys), 20); b.writeDoubleLE(Math.max(...xs), 28); b.writeDoubleLE(Math.max(...ys), 36)
      b.writeInt32LE(1, 44)
      b.writeInt32LE(5, 48)
      b.writeInt32LE(0, 52)
      // Outer rings clockwise in a Shapefile: the generated ring is counter-clockwise, so reversed.
      ;[...p.ring].reverse().forEach((q, k) => {
        b.writeDoubleLE(q[0], 56 + k * 16)
        b.writeDoubleLE(q[1], 64 + k * 16)
      })
      yield b
    }
  }
  function* shx() {
    yield header(100 + n * 8)
    const chunk = 65536
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i)
      const b = Buffer.alloc(m * 8)
      for (let k = 0; k < m; k++) {
        b.writeInt32BE((100 + (i + k) * recLen) / 2, k * 8)
        b.writeInt32BE((recLen - 8) / 2, k * 8 + 4)
      }
      yield b
    }
  }
  function* dbf() {
    yield dbfHead
    for (const p of parcels(n)) {
      yield ` ${p.flurstueck.padEnd(14)}${p.gemarkung.padEnd(9)}${String(p.flaeche).padStart(10)}`
    }
    yield Buffer.from([0x1a])
  }
  await writeLines(`${base}.shp`, shp())
  await writeLines(`${base}.shx`, shx())
  await writeLines(`${base}.dbf`, dbf())
  await fs.writeFile(
    `${base}.prj`,
    'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  )
}

/** Wall time (s), CPU time (user + system, s) and peak resident memory (MB) of one process, by GNU time. */
function measure(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { s: number; cpu: number; mb: number } {
  const p = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26, env })
  if (p.status !== 0) throw new Error(`${cmd} failed: ${p.stderr.slice(-2000)}`)
  const [s, user, sys, kb] = p.stderr.trim().split('\n').pop()!.split(' ').map(Number)
  return { s, cpu: +(user + sys).toFixed(2), mb: Math.round(kb / 1024) }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

const hasOgr = withOgr && ogr2ogrAvailable()
const results = []
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-bench-publish-'))
try {
  for (const count of counts) {
    for (const format of formats) {
      const t0 = performance.now()
      const input = path.join(dir, format === 'shp' ? 'parcels.shp' : 'parcels.geojson')
      if (format === 'shp') await writeShapefile(path.join(dir, 'parcels'), count)
      else await writeGeoJson(input, count)
      const generateS = +((performance.now() - t0) / 1000).toFixed(1)
      const inputMB = format === 'shp'
        ? +(((await fs.stat(input)).size + (await fs.stat(path.join(dir, 'parcels.dbf'))).size) / 1e6).toFixed(1)
        : +((await fs.stat(input)).size / 1e6).toFixed(1)
      const runs = runsArg ?? (count <= 200_000 ? 3 : 1)
      type M = { s: number; cpu: number; mb: number }
      const ogr: M[] = []
      const ours: M[] = []
      const theirs: M[] = []
      const load = [os.loadavg()[0]]
      const publish = (checkout: string, into: M[]) => {
        const catalog = path.join(dir, 'catalog')
        into.push(measure(process.execPath, [path.join(checkout, 'cli/geoportal.mjs'), 'publish', input, '--catalog', catalog, '--id', 'parcels', '--title', 'Flurstücke'], compiled))
        return fs.rm(catalog, { recursive: true, force: true })
      }
      for (let r = 0; r < runs; r++) {
        if (hasOgr) {
          const out = path.join(dir, 'ogr.fgb')
          ogr.push(measure('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=YES', out, input]))
          await fs.rm(out, { force: true })
        }
        await publish(root, ours)
        if (against) await publish(against, theirs)
      }
      load.push(os.loadavg()[0])
      const med = (m: M[]) => (m.length ? { s: median(m.map((x) => x.s)), cpu: median(m.map((x) => x.cpu)), mb: median(m.map((x) => x.mb)) } : null)
      const o = med(ogr)
      const u = med(ours)!
      const t = med(theirs)
      const result = {
        features: count,
        format,
        inputMB,
        generateS,
        runs,
        loadAverage: load.map((l) => +l.toFixed(1)),
        ogr2ogrS: o?.s ?? null,
        ogr2ogrCpuS: o?.cpu ?? null,
        ogr2ogrMB: o?.mb ?? null,
        publishS: u.s,
        publishCpuS: u.cpu,
        publishMB: u.mb,
        timeRatio: o ? +(u.s / o.s).toFixed(2) : null,
        cpuRatio: o ? +(u.cpu / o.cpu).toFixed(2) : null,
        memoryRatio: o ? +(u.mb / o.mb).toFixed(2) : null,
        ...(t ? { againstS: t.s, againstCpuS: t.cpu, againstMB: t.mb, againstTimeRatio: o ? +(t.s / o.s).toFixed(2) : null } : {}),
      }
      results.push(result)
      console.log(
        `${count} ${format} (${inputMB} MB, generated in ${generateS} s, load ${result.loadAverage.join('→')}): ogr2ogr ${o ? `${o.s} s (cpu ${o.cpu} s), ${o.mb} MB` : '–'}; ` +
          `geoportal publish ${u.s} s (cpu ${u.cpu} s), ${u.mb} MB; ratios time ${result.timeRatio ?? '–'}, cpu ${result.cpuRatio ?? '–'}, memory ${result.memoryRatio ?? '–'} (goals ≤ 2)` +
          (t ? `; ${against}: ${t.s} s (cpu ${t.cpu} s), ${t.mb} MB, time ratio ${result.againstTimeRatio ?? '–'}` : ''),
      )
      for (const f of await fs.readdir(dir)) if (f.startsWith('parcels')) await fs.rm(path.join(dir, f), { force: true })
    }
  }
  console.log(JSON.stringify({ bench: 'publish', goalRatio: 2, goalMBAt10M: 1024, results }))
} finally {
  await fs.rm(dir, { recursive: true, force: true })
}
