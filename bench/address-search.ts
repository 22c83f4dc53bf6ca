// Address search (issue #15) at 100,000 seeded addresses: the publisher's index (cli/publish/addresses.ts) and the
// portal's matching (src/catalog/addresses.ts), in-process in Node.
//
// Per keystroke: queries like "Lindenweg 12a" (real addresses of the seeded index, some in other spellings:
// "str." for "straße", ae for ä, lower case) are typed one character at a time into a fresh AddressIndex, as the
// portal does: the shards the prefix needs are "fetched" (bytes counted, JSON parsed and indexed — in the browser
// that happens when the file arrives) and the query matched. Reported:
// - matchMs: needed() + match() per keystroke (the work on every keystroke);
// - keystrokeMs: the same plus parsing and indexing shards that arrived for this keystroke (the worst case: the
//   fetch answered at once);
// - bytesToFirstResult: manifest + shards fetched until the first keystroke that shows a result (raw JSON, and
//   gzip level 6 as nginx sends it with deploy/geoportal.conf);
// - the index: build time, shard count, largest shard, total bytes.
// Goals (issue #15): median ≤ 5 ms per keystroke, ≤ 150 kB until the first result.
//
// Usage: npm run bench -- address-search [--addresses 100000] [--queries 200] [--seed 1]
import { gzipSync } from 'node:zlib'
import { buildAddressStreets, shardStreets } from '../cli/publish/addresses.ts'
import type { VectorFeature } from '../cli/vector/model.ts'
import { AddressIndex } from '../src/catalog/addresses.ts'
import { parseSearchManifest, parseSearchShard } from '../src/model/addresses.ts'
import { Projections } from '../src/projection/registry.ts'
import { mulberry32 } from '../scripts/random.ts'

const args = process.argv.slice(2)
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? Number(args[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}
const ADDRESSES = arg('addresses', 100_000)
const QUERIES = arg('queries', 200)
const SEED = arg('seed', 1)

const STEMS = ['Ahorn', 'Amsel', 'Bach', 'Bahnhof', 'Berg', 'Birken', 'Blumen', 'Brücken', 'Brüder', 'Buchen', 'Burg', 'Dorf', 'Drossel', 'Eichen', 'Erlen', 'Feld', 'Finken', 'Flieder', 'Garten', 'Goethe', 'Grenz', 'Hafen', 'Hagen', 'Hasen', 'Heide', 'Helle', 'Hoch', 'Hof', 'Holunder', 'Hütten', 'Kamp', 'Kastanien', 'Kirch', 'Kloster', 'Königs', 'Kreuz', 'Lerchen', 'Linden', 'Lippe', 'Markt', 'Meisen', 'Mühlen', 'Neu', 'Nord', 'Ost', 'Park', 'Post', 'Rathaus', 'Ring', 'Rosen', 'Sand', 'Schiller', 'Schloss', 'Schul', 'See', 'Sonnen', 'Stein', 'Süd', 'Tannen', 'Teich', 'Ulmen', 'Wald', 'Wall', 'Weiden', 'West', 'Wiesen', 'Winkel', 'Zechen']
const ENDS = ['straße', 'weg', 'gasse', 'ring', 'allee', 'platz', 'pfad', 'kamp', 'hof', 'damm', 'ufer', 'feld', 'berg', 'graben', 'wiese', 'garten']
const TOWNS: [string, string][] = [['Soest', '59494'], ['Lippstadt', '59555'], ['Werl', '59457'], ['Warstein', '59581'], ['Geseke', '59590'], ['Erwitte', '59597'], ['Bad Sassendorf', '59505'], ['Ense', '59469']]

/** 100,000 addresses on ~4,000 streets in 8 towns, in EPSG:25832 around Kreis Soest; HK-DE columns. */
function seededAddresses(n: number, rand: () => number): VectorFeature[] {
  const out: VectorFeature[] = []
  const used = new Set<string>()
  while (out.length < n) {
    const [town, plz] = TOWNS[Math.floor(rand() * TOWNS.length)]
    const r = rand()
    const stem = STEMS[Math.floor(rand() * STEMS.length)]
    const end = ENDS[Math.floor(rand() * ENDS.length)]
    const name = r < 0.08 ? `Am ${stem}${end}` : r < 0.16 ? `${stem}er ${end[0].toUpperCase()}${end.slice(1)}` : `${stem}${end}`
    if (used.has(`${name}|${town}`)) continue
    used.add(`${name}|${town}`)
    const houses = 1 + Math.floor(rand() ** 2 * 80)
    const x0 = 420_000 + rand() * 40_000
    const y0 = 5_700_000 + rand() * 30_000
    const angle = rand() * Math.PI
    for (let h = 1; h <= houses && out.length < n; h++) {
      const d = h * 9
      const adz = rand() < 0.07 ? 'abc'[Math.floor(rand() * 3)] : ''
      out.push({
        geometry: { type: 'Point', coordinates: [Math.round((x0 + d * Math.cos(angle)) * 100) / 100, Math.round((y0 + d * Math.sin(angle)) * 100) / 100] },
        properties: { STN: name, HNR: h, ADZ: adz, PLZ: plz, ONM: town },
      })
    }
  }
  return out
}

/** How a person might type an address: as written, or with "str.", ae for ä, lower case, without the addition's space. */
function spelling(street: string, label: string, rand: () => number): string {
  const r = rand()
  if (r < 0.25) return `${street.replace(/straße$/i, 'str.')} ${label}`
  if (r < 0.5) return `${street.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')} ${label}`
  return `${street} ${label}`
}

const sorted = (v: number[]) => [...v].sort((a, b) => a - b)
const pct = (v: number[], p: number) => sorted(v)[Math.min(v.length - 1, Math.floor(p * v.length))]
const r2 = (v: number) => Math.round(v * 100) / 100

const rand = mulberry32(SEED)
const toLonLat = new Projections().forward('EPSG:25832', 'EPSG:4326')
const features = seededAddresses(ADDRESSES, rand)
let t0 = performance.now()
const { streets, addresses } = buildAddressStreets(features, { street: 'STN', number: 'HNR', addition: 'ADZ', postcode: 'PLZ', place: 'ONM' }, toLonLat)
const files = shardStreets(streets, addresses)
const buildMs = performance.now() - t0
const dec = new TextDecoder()
const gz = (b: Uint8Array) => gzipSync(b, { level: 6 }).length
const shardGzip = files.shards.map(gz)
const manifestGzip = gz(files.manifest)

// Queries: real addresses of the index, typed one character at a time.
const picks: { street: string; label: string; query: string }[] = []
for (let i = 0; i < QUERIES; i++) {
  const s = streets[Math.floor(rand() * streets.length)]
  const k = Math.floor(rand() * (s.h!.length / 3))
  const label = String(s.h![k * 3])
  picks.push({ street: s.n, label, query: spelling(s.n, label, rand) })
}

const matchMs: number[] = []
const keystrokeMs: number[] = []
const firstRaw: number[] = []
const firstGzip: number[] = []
let found = 0
let keystrokes = 0
for (const [round, pick] of [picks[0], ...picks].entries()) {
  // Round 0 warms up (JIT) and is not counted.
  const index = new AddressIndex()
  const manifest = parseSearchManifest(JSON.parse(dec.decode(files.manifest)), 'adr')
  index.setManifest('adr', manifest)
  let raw = files.manifest.length
  let zipped = manifestGzip
  let first = false
  let top = ''
  for (let i = 1; i <= pick.query.length; i++) {
    const q = pick.query.slice(0, i)
    t0 = performance.now()
    for (const { shard } of index.missing(q)) {
      index.addShard('adr', shard, parseSearchShard(JSON.parse(dec.decode(files.shards[shard])), `s${shard}`))
      raw += files.shards[shard].length
      zipped += shardGzip[shard]
    }
    const t1 = performance.now()
    const hits = index.match(q, 8)
    const t2 = performance.now()
    if (round === 0) continue
    keystrokes++
    matchMs.push(t2 - t1)
    keystrokeMs.push(t2 - t0)
    if (hits.length && !first) {
      first = true
      firstRaw.push(raw)
      firstGzip.push(zipped)
    }
    top = hits[0]?.label ?? ''
  }
  if (round > 0 && top === `${pick.street} ${pick.label}`) found++
}

const kb = (b: number) => Math.round(b / 100) / 10
const result = {
  bench: 'address-search',
  addresses,
  streets: streets.length,
  seed: SEED,
  queries: QUERIES,
  keystrokes,
  exactFirst: found,
  index: { buildMs: Math.round(buildMs), shards: files.shards.length, manifestKb: kb(files.manifest.length), largestShardKb: kb(Math.max(...files.shards.map((s) => s.length))), totalKb: kb(files.shards.reduce((t, s) => t + s.length, files.manifest.length)), totalGzipKb: kb(shardGzip.reduce((t, s) => t + s, manifestGzip)) },
  matchMs: { median: r2(pct(matchMs, 0.5)), p95: r2(pct(matchMs, 0.95)), max: r2(Math.max(...matchMs)) },
  keystrokeMs: { median: r2(pct(keystrokeMs, 0.5)), p95: r2(pct(keystrokeMs, 0.95)), max: r2(Math.max(...keystrokeMs)) },
  bytesToFirstResultKb: { median: kb(pct(firstRaw, 0.5)), p95: kb(pct(firstRaw, 0.95)), max: kb(Math.max(...firstRaw)), gzipMedian: kb(pct(firstGzip, 0.5)), gzipMax: kb(Math.max(...firstGzip)) },
  goal: 'median keystroke <= 5 ms; <= 150 kB until the first result',
  goalMet: pct(keystrokeMs, 0.5) <= 5 && Math.max(...firstRaw) <= 150_000,
}
console.log(`address search: ${addresses} addresses on ${streets.length} streets, ${files.shards.length} shards (largest ${result.index.largestShardKb} kB), index built in ${result.index.buildMs} ms`)
console.log(`per keystroke (${keystrokes}): match median ${result.matchMs.median} ms, p95 ${result.matchMs.p95} ms; with shard parsing median ${result.keystrokeMs.median} ms, p95 ${result.keystrokeMs.p95} ms`)
console.log(`until the first result: median ${result.bytesToFirstResultKb.median} kB, max ${result.bytesToFirstResultKb.max} kB (gzip median ${result.bytesToFirstResultKb.gzipMedian} kB); typed address first in ${found}/${QUERIES}`)
console.log(JSON.stringify(result))
