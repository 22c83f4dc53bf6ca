// Seeded stand-ins for the NRW schools (5,507 points, 15 text attributes, dense in the towns) and the NRW
// municipalities (396 polygons tiling the state, 16–106 vertices each, ~48 on average, as in the real
// VG250-derived file), written as EPSG:25832 FlatGeobuf inputs for the publisher. Used by bench/pan.ts and the
// clustering browser test, so that neither needs ../shared data.
import { columnsFromFeatures, type VectorFeature } from '../cli/vector/model.ts'
import { writeFlatGeobuf } from '../cli/writers/flatgeobuf.ts'
import { mulberry32 } from '../scripts/random.ts'

/** The real files' extent in EPSG:25832 (nrw_gemeinden_25832.fgb). */
export const NRW_EXTENT = [280400, 5577700, 531700, 5820200] as const
const COLS = 22
const ROWS = 18

const SCHOOL_TYPES = ['Grundschule', 'Hauptschule', 'Realschule', 'Gymnasium', 'Gesamtschule', 'Förderschule', 'Berufskolleg', 'Sekundarschule']

/** n school-like points: 80 % around 120 towns (normal spread, 1–6 km), the rest spread over the state. */
export function schools(n = 5507, seed = 11): VectorFeature[] {
  const rand = mulberry32(seed)
  const [x0, y0, x1, y1] = NRW_EXTENT
  const towns = Array.from({ length: 120 }, () => ({ x: x0 + 10000 + rand() * (x1 - x0 - 20000), y: y0 + 10000 + rand() * (y1 - y0 - 20000), s: 1000 + rand() * 5000 }))
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  const out: VectorFeature[] = []
  for (let i = 0; i < n; i++) {
    let x: number
    let y: number
    const town = rand() < 0.8 ? towns[Math.floor(rand() * towns.length)] : null
    if (town) {
      x = town.x + gauss() * town.s
      y = town.y + gauss() * town.s
    } else {
      x = x0 + rand() * (x1 - x0)
      y = y0 + rand() * (y1 - y0)
    }
    x = Math.min(x1, Math.max(x0, Math.round(x)))
    y = Math.min(y1, Math.max(y0, Math.round(y)))
    const type = SCHOOL_TYPES[Math.floor(rand() * SCHOOL_TYPES.length)]
    const ort = `Ort ${towns.indexOf(town ?? towns[0]) + 1}`
    out.push({
      geometry: { type: 'Point', coordinates: [x, y] },
      properties: {
        Schulnummer: String(100000 + i),
        Schulform: type,
        Schulbezeichnung_1: `${type} ${ort}`,
        Schulbezeichnung_2: i % 3 === 0 ? 'Städtische Schule' : '',
        Schulbezeichnung_3: '',
        Kurzbezeichnung: `${type.slice(0, 2).toUpperCase()} ${i}`,
        PLZ: String(32000 + Math.floor(rand() * 27000)),
        Ort: ort,
        Strasse: `Schulweg ${1 + (i % 90)}`,
        Homepage: `https://schule-${i}.example.org`,
        Rechtsform: i % 10 === 0 ? 'privat' : 'öffentlich',
        Traegernummer: String(Math.floor(rand() * 9000) + 1000),
        Gemeindeschluessel: `05${String(Math.floor(rand() * 999999)).padStart(6, '0')}`,
        Schulbetriebsschluessel: String(i % 4),
        Schulbetriebsdatum: '01.08.1970',
      },
    })
  }
  return out
}

/**
 * 396 municipality-like polygons (a 22 × 18 grid over the state) with jittered corners and edges that
 * neighbours share exactly, each edge split into 4–26 segments: 16–106 vertices per polygon.
 */
export function municipalities(seed = 12): VectorFeature[] {
  const rand = mulberry32(seed)
  const [x0, y0, x1, y1] = NRW_EXTENT
  const dx = (x1 - x0) / COLS
  const dy = (y1 - y0) / ROWS
  const corner: [number, number][][] = []
  for (let i = 0; i <= COLS; i++) {
    corner.push([])
    for (let j = 0; j <= ROWS; j++) {
      const inner = i > 0 && i < COLS && j > 0 && j < ROWS
      corner[i].push([x0 + i * dx + (inner ? (rand() - 0.5) * dx * 0.4 : 0), y0 + j * dy + (inner ? (rand() - 0.5) * dy * 0.4 : 0)])
    }
  }
  // Each edge once, keyed by its corners, so both neighbours walk the same points.
  const edges = new Map<string, [number, number][]>()
  const edge = (a: [number, number], b: [number, number], key: string, border: boolean): [number, number][] => {
    let pts = edges.get(key)
    if (!pts) {
      const k = 4 + Math.floor(rand() * 23)
      pts = [a]
      for (let s = 1; s < k; s++) {
        const t = s / k
        const wobble = border ? 0 : Math.sin(t * Math.PI) * (rand() - 0.5) * 0.15
        // Perpendicular wobble: along the edge's normal, scaled by its length.
        const ex = b[0] - a[0]
        const ey = b[1] - a[1]
        pts.push([a[0] + ex * t - ey * wobble, a[1] + ey * t + ex * wobble])
      }
      pts.push(b)
      edges.set(key, pts)
    }
    return pts[0] === a ? pts : [...pts].reverse()
  }
  const out: VectorFeature[] = []
  for (let j = 0; j < ROWS; j++) {
    for (let i = 0; i < COLS; i++) {
      const c00 = corner[i][j]
      const c10 = corner[i + 1][j]
      const c11 = corner[i + 1][j + 1]
      const c01 = corner[i][j + 1]
      const ring: [number, number][] = []
      const walk = (pts: [number, number][]) => ring.push(...pts.slice(0, -1))
      walk(edge(c00, c10, `h${i},${j}`, j === 0))
      walk(edge(c10, c11, `v${i + 1},${j}`, i + 1 === COLS))
      walk(edge(c11, c01, `h${i},${j + 1}`, j + 1 === ROWS))
      walk(edge(c01, c00, `v${i},${j}`, i === 0))
      ring.push(ring[0])
      const round = ring.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100])
      const n = j * COLS + i
      out.push({
        geometry: { type: 'MultiPolygon', coordinates: [[round]] },
        properties: { AGS: `05${String(n).padStart(6, '0')}`, GEN: `Gemeinde ${n + 1}`, BEZ: n % 4 === 0 ? 'Stadt' : 'Gemeinde', EWZ: Math.floor(rand() * 300000) },
      })
    }
  }
  return out
}

/** A FlatGeobuf input (EPSG:25832) for "geoportal publish". */
export function fgbInput(features: VectorFeature[]): Uint8Array {
  return writeFlatGeobuf(features, { columns: columnsFromFeatures(features.slice(0, 10)), crsCode: 25832 })
}
