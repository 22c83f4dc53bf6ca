// Regenerates test/golden/measure.json: reference values for the measure tool (src/tools/measure/measure.test.ts),
// computed by programs independent of ours — PROJ's cs2cs (EPSG:4326 → EPSG:25832) for the grid coordinates, from
// which the planar lengths and shoelace areas follow; GeographicLib's C++ Planimeter (Karney) for the GRS80
// perimeter, length and area; GeodSolve for each segment; and PROJ's geod as a second geodesic opinion.
// Needs proj-bin and geographiclib-tools (Debian). Run: npx tsx scripts/measure-golden.ts
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { cs2cs, geodSegments, planar, planimeter } from '../test/browser/geodesyOracle.ts'

type LonLat = [number, number]
interface Case {
  name: string
  kind: 'line' | 'polygon'
  vertices: LonLat[]
}

/** Around Soest (UTM zone 32, 60–70 km west of the central meridian), plus shapes across 9° E and far east. */
const CASES: Case[] = [
  { name: 'short line in the old town', kind: 'line', vertices: [[8.1059, 51.5711], [8.1071, 51.5716], [8.1083, 51.5709]] },
  { name: 'Soest – Lippstadt', kind: 'line', vertices: [[8.1059, 51.5711], [8.3494, 51.6734]] },
  { name: 'Soest – Werl – Arnsberg', kind: 'line', vertices: [[8.1059, 51.5711], [7.9136, 51.5536], [8.0640, 51.3967]] },
  { name: 'across the central meridian 9° E', kind: 'line', vertices: [[8.9, 51.6], [9.1, 51.61]] },
  { name: '10 m square', kind: 'polygon', vertices: [[8.1059, 51.5711], [8.10604431, 51.5711], [8.10604431, 51.57118988], [8.1059, 51.57118988]] },
  { name: 'old town ring', kind: 'polygon', vertices: [[8.0985, 51.5745], [8.1070, 51.5768], [8.1142, 51.5731], [8.1131, 51.5668], [8.1045, 51.5652], [8.0980, 51.5690]] },
  { name: 'old town ring clockwise', kind: 'polygon', vertices: [[8.0985, 51.5745], [8.0980, 51.5690], [8.1045, 51.5652], [8.1131, 51.5668], [8.1142, 51.5731], [8.1070, 51.5768]] },
  { name: 'district-sized triangle', kind: 'polygon', vertices: [[7.85, 51.45], [8.45, 51.50], [8.10, 51.75]] },
  { name: 'field with a concave corner', kind: 'polygon', vertices: [[8.120, 51.580], [8.126, 51.580], [8.126, 51.584], [8.123, 51.582], [8.120, 51.584]] },
]

const GRS80 = ['-e', '6378137', String(1 / 298.257222101)]

function main() {
  const results = CASES.map((c) => {
    const grid = cs2cs('EPSG:25832', c.vertices)
    const n = c.vertices.length
    const pairs: [number, number][] = []
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1])
    if (c.kind === 'polygon') pairs.push([n - 1, 0])
    const planarSegments = pairs.map(([i, j]) => Math.hypot(grid[j][0] - grid[i][0], grid[j][1] - grid[i][1]))
    const geodesicSegments = execFileSync('GeodSolve', ['-i', ...GRS80, '-p', '9'], {
      input: pairs.map(([i, j]) => `${c.vertices[i][1]} ${c.vertices[i][0]} ${c.vertices[j][1]} ${c.vertices[j][0]}`).join('\n') + '\n',
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map((l) => Number(l.trim().split(/\s+/)[2]))
    // PROJ's geod prints millimetres: a cross-check of GeographicLib, not the reference itself.
    geodSegments(c.kind === 'polygon' ? [...c.vertices, c.vertices[0]] : c.vertices).forEach((s, k) => {
      if (Math.abs(s - geodesicSegments[k]) > 0.001) throw new Error(`${c.name}: geod ${s} vs GeodSolve ${geodesicSegments[k]}`)
    })
    return { ...c, grid, planar: planar(c.kind, grid), geodesic: planimeter(c.kind, c.vertices), segments: planarSegments.map((p, k) => ({ planar: p, geodesic: geodesicSegments[k] })) }
  })
  const out = fileURLToPath(new URL('../test/golden/measure.json', import.meta.url))
  const doc = {
    generatedBy: 'scripts/measure-golden.ts',
    tools: [`cs2cs ${spawnSync('cs2cs', [], { encoding: 'utf8' }).stderr.split('\n')[0]}`, execFileSync('Planimeter', ['--version'], { encoding: 'utf8' }).trim()],
    cases: results,
  }
  writeFileSync(out, JSON.stringify(doc, null, 1).replace(/\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]/g, '[$1, $2]') + '\n')
  console.log(`wrote ${results.length} cases to ${out}`)
}

main()
