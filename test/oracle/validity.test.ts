// Our validity check against GEOS (through GDAL's SQLite dialect, ST_IsValid) on seeded random polygons:
// every polygon must get the same verdict. Needs ogr2ogr/ogrinfo (Debian gdal-bin); skipped with a reason
// without them.
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../scripts/random.ts'
import { invalidReason } from '../../src/quality/validity.ts'

function hasGdal(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const unavailable = hasGdal() ? null : 'ogrinfo (GDAL) not installed: apt-get install gdal-bin'
if (unavailable) console.warn(`SKIPPED GEOS oracle test: ${unavailable}`)

/** Star-shaped polygons with random jitter: some stay simple, many self-intersect; some get holes. */
function randomPolygons(n: number, seed: number) {
  const rand = mulberry32(seed)
  return Array.from({ length: n }, (_, i) => {
    const k = 4 + Math.floor(rand() * 8)
    const cx = (i % 50) * 100
    const cy = Math.floor(i / 50) * 100
    const ring: number[][] = []
    for (let j = 0; j < k; j++) {
      const t = (j / k) * 2 * Math.PI + (rand() - 0.5) * (rand() < 0.3 ? 3 : 0.3)
      const r = 10 + rand() * 30
      ring.push([Math.round(cx + r * Math.cos(t)), Math.round(cy + r * Math.sin(t))])
    }
    ring.push([...ring[0]])
    const rings = [ring]
    if (rand() < 0.3) {
      const s = 2 + rand() * 8
      const hx = Math.round(cx + (rand() - 0.5) * 30), hy = Math.round(cy + (rand() - 0.5) * 30)
      rings.push([[hx, hy], [hx, hy + s], [hx + s, hy + s], [hx + s, hy], [hx, hy]])
    }
    if (rand() < 0.15) return { type: 'MultiPolygon', coordinates: [rings, [[[cx + 20, cy + 20], [cx + 45, cy + 20], [cx + 45, cy + 45], [cx + 20, cy + 45], [cx + 20, cy + 20]]]] }
    return { type: 'Polygon', coordinates: rings }
  })
}

describe.skipIf(!!unavailable)('validity agrees with GEOS', () => {
  it('on 1000 random polygons', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-geos-'))
    try {
      const geoms = randomPolygons(1000, 42)
      const file = path.join(dir, 'p.geojson')
      await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: geoms.map((g, i) => ({ type: 'Feature', properties: { n: i }, geometry: g })) }))
      // GEOS prints a warning per invalid polygon on stderr; the verdicts are on stdout.
      const out = execFileSync('ogrinfo', ['-q', '-dialect', 'sqlite', '-sql', 'SELECT n, ST_IsValid(geometry) AS v FROM p', file], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] })
      const geos = new Map<number, boolean>()
      let n = -1
      for (const line of out.split('\n')) {
        const mn = /^\s+n \(Integer\) = (\d+)/.exec(line)
        if (mn) n = +mn[1]
        const mv = /^\s+v \(Integer\) = (\d+)/.exec(line)
        if (mv) geos.set(n, mv[1] === '1')
      }
      expect(geos.size).toBe(1000)
      const disagree = geoms.flatMap((g, i) => ((invalidReason(g as never) === null) !== geos.get(i) ? [i] : []))
      const invalidCount = [...geos.values()].filter((v) => !v).length
      console.log(`GEOS oracle: ${invalidCount} of 1000 random polygons invalid, ${disagree.length} disagreements`)
      expect(invalidCount).toBeGreaterThan(100) // the sample really exercises invalid cases
      expect(disagree, `disagreements at ${disagree.slice(0, 10).map((i) => JSON.stringify(geoms[i])).join('\n')}`).toEqual([])
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!!unavailable)('duplicate geometries agree with GEOS ST_Equals', () => {
  it('on 400 polygons and lines with rotated, reversed and re-ordered copies', async () => {
    const { vectorQuality } = await import('../../src/quality/vector.ts')
    const { validateMetadata } = await import('../../src/model/metadata.ts')
    const rand = mulberry32(7)
    const base = Array.from({ length: 150 }, (_, i) => {
      const k = 4 + Math.floor(rand() * 6)
      const cx = (i % 20) * 100, cy = Math.floor(i / 20) * 100
      const ring = Array.from({ length: k }, (_, j) => {
        const t = (j / k) * 2 * Math.PI
        return [Math.round(cx + 30 * Math.cos(t)), Math.round(cy + 30 * Math.sin(t))]
      })
      return ring
    })
    const close = (r: number[][]) => [...r, r[0]]
    const geoms: object[] = []
    for (const r of base) geoms.push({ type: 'Polygon', coordinates: [close(r)] })
    for (let i = 0; i < 150; i++) {
      const r = base[Math.floor(rand() * base.length)]
      const s = Math.floor(rand() * r.length)
      const rotated = [...r.slice(s), ...r.slice(0, s)]
      const variant = Math.floor(rand() * 5)
      if (variant === 0) geoms.push({ type: 'Polygon', coordinates: [close(rotated)] })
      else if (variant === 1) geoms.push({ type: 'Polygon', coordinates: [close([...rotated].reverse())] })
      else if (variant === 2) geoms.push({ type: 'Polygon', coordinates: [close(rotated.map(([x, y]) => [x + 1, y]))] }) // not equal
      else if (variant === 3) geoms.push({ type: 'LineString', coordinates: rand() < 0.5 ? r : [...r].reverse() })
      else geoms.push({ type: 'Polygon', coordinates: [close([...rotated.slice(0, 1), ...rotated])] }) // repeated vertex
    }
    for (let i = 0; i < 100; i++) {
      const a = base[Math.floor(rand() * 40)]
      const b = base[40 + Math.floor(rand() * 40)]
      geoms.push({ type: 'MultiPolygon', coordinates: rand() < 0.5 ? [[close(a)], [close(b)]] : [[close(b)], [close([...a].reverse())]] })
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-geos-eq-'))
    try {
      const file = path.join(dir, 'p.geojson')
      await fs.writeFile(file, JSON.stringify({ type: 'FeatureCollection', features: geoms.map((g, i) => ({ type: 'Feature', properties: { n: i }, geometry: g })) }))
      const sql = 'SELECT a.n AS n FROM p a WHERE EXISTS (SELECT 1 FROM p b WHERE b.n < a.n AND ST_Equals(a.geometry, b.geometry))'
      const out = execFileSync('ogrinfo', ['-q', '-dialect', 'sqlite', '-sql', sql, file], { encoding: 'utf8', maxBuffer: 1 << 26 })
      const geos = [...out.matchAll(/^\s+n \(Integer\) = (\d+)/gm)].map((m) => Number(m[1])).sort((x, y) => x - y)
      const q = vectorQuality({ features: geoms.map((g) => ({ geometry: g as never, properties: {} })), attributeNames: [], metadata: validateMetadata({ title: 't' }), sourceCrs: 'EPSG:25832' })
      const ours = q.findings.find((f) => f.criterion === 'redundanzfrei')?.featureIds ?? []
      console.log(`GEOS oracle: ${geos.length} duplicates by ST_Equals among ${geoms.length} geometries; ours ${ours.length}`)
      expect(geos.length).toBeGreaterThan(50)
      expect(ours).toEqual(geos)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})
