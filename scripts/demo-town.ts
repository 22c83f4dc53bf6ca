// A seeded synthetic town for the demo base map, in EPSG:25832 around the demo centre: an old town inside a ring
// road, radial main roads, grid quarters between them with named residential streets and blocks of houses, a
// brook and a pond, parks and a forest, villages around, and a motorway and a federal road passing by.
// Invented data (the base map's title and attribution say so); the names are generic German street names.
import type { VectorFeature } from '../cli/vector/model.ts'

type XY = [number, number]

export interface DemoTown {
  roads: VectorFeature[]
  buildings: VectorFeature[]
  water: VectorFeature[]
  green: VectorFeature[]
  places: VectorFeature[]
}

const STREETS = [
  'Amselweg', 'Birkenweg', 'Drosselstraße', 'Eichendorffstraße', 'Goethestraße', 'Schillerstraße', 'Kastanienallee', 'Mühlenweg',
  'Rosenstraße', 'Tulpenweg', 'Ahornweg', 'Buchenweg', 'Finkenweg', 'Meisenweg', 'Lerchenweg', 'Gartenstraße', 'Schulstraße',
  'Feldstraße', 'Wiesenweg', 'Bergstraße', 'Talstraße', 'Sonnenweg', 'Lessingstraße', 'Uhlandstraße', 'Mozartstraße',
  'Beethovenstraße', 'Händelweg', 'Kiefernweg', 'Erlenweg', 'Fliederweg', 'Nelkenweg', 'Asternweg', 'Dahlienweg', 'Lilienweg',
  'Holunderweg', 'Weidenweg', 'Pappelallee', 'Ulmenweg', 'Eschenweg', 'Lindenstraße', 'Friedhofsweg', 'Brunnenstraße',
  'Sandweg', 'Heideweg', 'Am Bach', 'Am Anger', 'Im Winkel', 'Auf der Höhe', 'Hohe Straße', 'Breite Straße', 'Neue Straße',
  'Kurze Straße', 'Lange Reihe', 'Blumenstraße', 'Parkstraße', 'Waldstraße', 'Hofweg', 'Kampstraße', 'Heckenweg', 'Zaunkönigweg',
  'Rotkehlchenweg', 'Schwalbenweg', 'Starenweg', 'Kranichweg', 'Falkenweg', 'Habichtweg', 'Sperberweg', 'Bussardweg',
]
const OLD_TOWN = ['Marktstraße', 'Kirchgasse', 'Rathausplatz', 'Brüdergasse', 'Schmiedegasse', 'Kolkstraße', 'Hospitalgasse', 'Walburgisstraße', 'Petrikirchhof', 'Domhof', 'Ritterstraße', 'Krämergasse', 'Salzgasse', 'Gerbergasse']
const RADIALS = ['Bahnhofstraße', 'Nordring-Zubringer', 'Hellweg', 'Westerhof-Allee', 'Arnsberger Straße', 'Haarweg', 'Südstraße', 'Osthofenstraße']
const QUARTERS = ['Bahnhofsviertel', 'Mühlenfeld', 'Lindenhof', 'Kirchfeld', 'Sonnenhang', 'Wiesengrund', 'Eichholz', 'Am Stadtpark']
const VILLAGES = ['Demo-Ostdorf', 'Demo-Nordheim', 'Demo-Westhausen', 'Demo-Südberg']

const r2 = (v: number) => Math.round(v * 100) / 100
const pt = (p: XY): XY => [r2(p[0]), r2(p[1])]
const line = (coords: XY[], properties: VectorFeature['properties']): VectorFeature => ({ geometry: { type: 'LineString', coordinates: coords.map(pt) }, properties })
const polygon = (ring: XY[], properties: VectorFeature['properties']): VectorFeature => ({ geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]].map(pt)] }, properties })

function pointInRing(p: XY, ring: XY[]): boolean {
  let c = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c
  }
  return c
}

function distToPolyline(p: XY, l: XY[]): number {
  let best = Infinity
  for (let i = 1; i < l.length; i++) {
    const [ax, ay] = l[i - 1]
    const [bx, by] = l[i]
    const dx = bx - ax
    const dy = by - ay
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy || 1)))
    best = Math.min(best, Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy))
  }
  return best
}

/** A blob: a circle whose radius varies with two seeded harmonics. */
function blob(rand: () => number, c: XY, r: number, n = 28): XY[] {
  const a = rand() * 0.25
  const p = rand() * Math.PI * 2
  return Array.from({ length: n }, (_, i) => {
    const t = (i / n) * Math.PI * 2
    const rr = r * (1 + a * Math.sin(3 * t + p) + 0.08 * Math.sin(5 * t))
    return [c[0] + rr * Math.cos(t), c[1] + rr * Math.sin(t) * 0.8] as XY
  })
}

/** Both sides of a line, offset by half a width: the brook as an area. */
function bufferLine(l: XY[], width: number): XY[] {
  const left: XY[] = []
  const right: XY[] = []
  for (let i = 0; i < l.length; i++) {
    const a = l[Math.max(0, i - 1)]
    const b = l[Math.min(l.length - 1, i + 1)]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1
    const nx = (-(b[1] - a[1]) / len) * (width / 2)
    const ny = ((b[0] - a[0]) / len) * (width / 2)
    left.push([l[i][0] + nx, l[i][1] + ny])
    right.push([l[i][0] - nx, l[i][1] - ny])
  }
  return [...left, ...right.reverse()]
}

export function demoTown(rand: () => number, centre: readonly [number, number]): DemoTown {
  const [cx, cy] = centre
  const at = (r: number, angle: number): XY => [cx + r * Math.cos(angle), cy + r * Math.sin(angle)]
  const roads: VectorFeature[] = []
  const buildings: VectorFeature[] = []
  const green: VectorFeature[] = []
  const water: VectorFeature[] = []
  // Every street its own name: the list first, then compounds (Ahorngasse, Amselring …).
  const stems = ['Ahorn', 'Amsel', 'Birken', 'Buchen', 'Eichen', 'Erlen', 'Fasanen', 'Finken', 'Flieder', 'Heide', 'Holunder', 'Kiefern', 'Linden', 'Meisen', 'Mühlen', 'Rosen', 'Tannen', 'Ulmen', 'Weiden', 'Wiesen']
  const bank = [...STREETS, ...['gasse', 'ring', 'pfad', 'kamp', 'hof'].flatMap((end) => stems.map((s) => `${s}${end}`))]
  let street = 0
  const nextName = () => bank[street++ % bank.length]

  // Water first: houses keep clear of it.
  const brook: XY[] = []
  for (let x = -7000; x <= 7000; x += 250) brook.push([cx + x, cy + 1350 + 180 * Math.sin(x / 900) + 60 * Math.sin(x / 310)])
  water.push(polygon(bufferLine(brook, 16), { name: 'Demo-Bach', kind: 'water' }), line(brook, { name: 'Demo-Bach', kind: 'river' }))
  const pond = blob(rand, [cx - 380, cy + 420], 70)
  water.push(polygon(pond, { name: 'Großer Teich', kind: 'water' }))
  const lake = blob(rand, [cx + 3300, cy - 1900], 260)
  water.push(polygon(lake, { name: 'Demo-See', kind: 'water' }))

  const parks: XY[][] = []
  const park = (ring: XY[], name: string, kind: string) => {
    parks.push(ring)
    green.push(polygon(ring, { name, kind }))
  }
  park(blob(rand, [cx - 380, cy + 420], 230), 'Stadtpark', 'park')
  park(blob(rand, [cx + 1500, cy - 900], 260), 'Kurpark', 'park')
  park(blob(rand, [cx - 2100, cy - 1500], 200), 'Friedhof am Hellweg', 'cemetery')
  park(blob(rand, [cx + 800, cy + 2500], 300), 'Bürgerwiese', 'grass')
  const forest: XY[] = []
  for (let x = -6500; x <= 6500; x += 500) forest.push([cx + x, cy - 3900 + 350 * Math.sin(x / 1100)])
  forest.push([cx + 6500, cy - 5600], [cx - 6500, cy - 5600])
  park(forest, 'Demo-Wald', 'forest')

  const blocked = (p: XY, margin: number) =>
    distToPolyline(p, brook) < 8 + margin || pointInRing(p, pond) || parks.some((r) => pointInRing(p, r)) || pointInRing(p, lake)

  // Houses along one street-side of a block edge from a to b (setback and depth in metres).
  const houses = (a: XY, b: XY, depth: number, width: number, gap: number, setback: number) => {
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    const ux = (b[0] - a[0]) / len
    const uy = (b[1] - a[1]) / len
    // Inward normal (blocks are walked counter-clockwise).
    const nx = -uy
    const ny = ux
    for (let s = 12; s + width < len - 12; s += width + gap) {
      const w = width * (0.8 + rand() * 0.4)
      const d = depth * (0.8 + rand() * 0.4)
      const o: XY = [a[0] + ux * s + nx * setback, a[1] + uy * s + ny * setback]
      const ring: XY[] = [o, [o[0] + ux * w, o[1] + uy * w], [o[0] + ux * w + nx * d, o[1] + uy * w + ny * d], [o[0] + nx * d, o[1] + ny * d]]
      const mid: XY = [o[0] + (ux * w + nx * d) / 2, o[1] + (uy * w + ny * d) / 2]
      if (!blocked(mid, 12)) buildings.push(polygon(ring, {}))
    }
  }
  const block = (corners: XY[], dense: boolean) => {
    for (let i = 0; i < 4; i++) {
      if (dense) houses(corners[i], corners[(i + 1) % 4], 11, 9, 1.5, 4)
      else houses(corners[i], corners[(i + 1) % 4], 10, 11, 9, 7)
    }
  }

  // Old town: a slightly turned grid inside the ring, streets cut at the ring, dense blocks.
  const ringRadius = 900
  const turn = 0.17
  const ou: XY = [Math.cos(turn), Math.sin(turn)]
  const ov: XY = [-Math.sin(turn), Math.cos(turn)]
  const local = (u: number, v: number): XY => [cx + u * ou[0] + v * ov[0], cy + u * ou[1] + v * ov[1]]
  const spacing = 150
  let oldName = 0
  for (const dir of [0, 1]) {
    for (let k = -5; k <= 5; k++) {
      const off = k * spacing
      if (Math.abs(off) >= ringRadius - 40) continue
      const half = Math.sqrt(ringRadius ** 2 - off ** 2)
      const coords = [-half, half].map((s) => (dir ? local(off, s) : local(s, off)))
      roads.push(line(coords, { name: OLD_TOWN[oldName++ % OLD_TOWN.length], klasse: k === 0 ? 'Hauptstraße' : 'Gemeindestraße' }))
    }
  }
  for (let i = -5; i < 5; i++) {
    for (let j = -5; j < 5; j++) {
      const corners = [local(i * spacing + 8, j * spacing + 8), local((i + 1) * spacing - 8, j * spacing + 8), local((i + 1) * spacing - 8, (j + 1) * spacing - 8), local(i * spacing + 8, (j + 1) * spacing - 8)]
      if (corners.every((c) => Math.hypot(c[0] - cx, c[1] - cy) < ringRadius - 20)) block(corners, true)
    }
  }
  const ring: XY[] = Array.from({ length: 65 }, (_, i) => at(ringRadius, (i / 64) * Math.PI * 2))
  roads.push(line(ring, { name: 'Wallring', klasse: 'Landesstraße' }))

  // Radial main roads with a little wiggle, from the ring out to the villages.
  const radialAngles = Array.from({ length: 8 }, (_, k) => (k * Math.PI) / 4 + 0.12)
  radialAngles.forEach((a, k) => {
    const coords: XY[] = []
    for (let r = ringRadius; r <= 5600; r += 200) coords.push(at(r, a + 0.04 * Math.sin(r / 700 + k)))
    roads.push(line(coords, { name: RADIALS[k], klasse: k % 2 === 0 ? 'Bundesstraße' : 'Kreisstraße' }))
  })

  // Quarters: a grid between each pair of radials, aligned with the sector, with residential streets and houses.
  const quarters = radialAngles.flatMap((a, k) => [{ mid: a + Math.PI / 8, from: 1250, k }, { mid: a + Math.PI / 8 + (k % 2 ? 0.1 : -0.1), from: 2600, k }])
  quarters.forEach(({ mid, from, k }) => {
    const u: XY = [Math.cos(mid), Math.sin(mid)]
    const v: XY = [-Math.sin(mid), Math.cos(mid)]
    const base = at(from, mid)
    const q = (s: number, t: number): XY => [base[0] + s * u[0] + t * v[0], base[1] + s * u[1] + t * v[1]]
    const cols = from > 2000 ? 4 + Math.floor(rand() * 3) : 7 + Math.floor(rand() * 3)
    const rows = from > 2000 ? 7 : 5
    const du = 125
    const dv = 115
    const scale = from > 2000 ? 1.4 : 1
    // The grid widens outwards with the sector.
    const width = (i: number) => (0.55 + (0.45 * i) / cols) * scale
    for (let i = 0; i <= cols; i++) {
      const w = ((rows * dv) / 2) * width(i)
      roads.push(line([q(i * du, -w), q(i * du, w)], { name: nextName(), klasse: i === cols ? 'Sammelstraße' : 'Anliegerstraße' }))
    }
    for (let j = 1; j < rows; j++) {
      const t = (j - rows / 2) * dv
      roads.push(line([q(0, t * width(0)), q(cols * du, t * width(cols))], { name: nextName(), klasse: 'Anliegerstraße' }))
    }
    for (let i = 0; i < cols; i++) {
      for (let j = 1; j < rows - 1; j++) {
        if (rand() < 0.08) continue
        const [w0, w1] = [width(i), width(i + 1)]
        const t0 = (j - rows / 2) * dv
        const t1 = (j + 1 - rows / 2) * dv
        block([q(i * du + 9, t0 * w0 + 9), q((i + 1) * du - 9, t0 * w1 + 9), q((i + 1) * du - 9, t1 * w1 - 9), q(i * du + 9, t1 * w0 - 9)], false)
      }
    }
    // A footpath through the quarter; farm tracks beyond the outer quarters.
    roads.push(line([q(0, 0), q(cols * du * 0.5, 20), q(cols * du, 0)], { name: nextName(), klasse: 'Fußweg' }))
    if (from > 2000) roads.push(line([q(cols * du + 200, -300), q(cols * du + 900, 100 * Math.sin(k)), q(cols * du + 1600, 300)], { klasse: 'Wirtschaftsweg' }))
  })

  // Through traffic: a motorway in the north, a federal road in the south.
  const motorway: XY[] = []
  for (let x = -7000; x <= 7000; x += 400) motorway.push([cx + x, cy + 4300 + 250 * Math.sin(x / 2600)])
  roads.push(line(motorway, { name: 'A 44 (Demo)', klasse: 'Autobahn' }))
  const federal: XY[] = []
  for (let x = -7000; x <= 7000; x += 400) federal.push([cx + x, cy - 2700 + 180 * Math.cos(x / 1900)])
  roads.push(line(federal, { name: 'B 1 (Demo)', klasse: 'Bundesstraße' }))
  // Paths through the parks.
  roads.push(line([[cx - 560, cy + 300], [cx - 380, cy + 600], [cx - 200, cy + 420]], { name: 'Teichpromenade', klasse: 'Fußweg' }))

  const places: VectorFeature[] = [
    { geometry: { type: 'Point', coordinates: pt([cx + 40, cy + 60]) }, properties: { name: 'Demo-Stadt', kind: 'locality', einwohner: 48000 } },
    ...QUARTERS.map((name, k) => ({ geometry: { type: 'Point', coordinates: pt(at(1700, radialAngles[k] + Math.PI / 8)) }, properties: { name, kind: 'neighbourhood', einwohner: null } })),
    { geometry: { type: 'Point', coordinates: pt([cx - 200, cy - 350]) }, properties: { name: 'Altstadt', kind: 'neighbourhood', einwohner: null } },
    ...VILLAGES.map((name, k) => ({ geometry: { type: 'Point', coordinates: pt(at(5400, radialAngles[k * 2] + 0.25)) }, properties: { name, kind: 'locality', einwohner: 600 + Math.round(rand() * 2400) } })),
  ]
  // Villages: a few houses around each.
  VILLAGES.forEach((_, k) => {
    const c = at(5400, radialAngles[k * 2] + 0.25)
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) block([[c[0] + i * 90 - 140, c[1] + j * 80 - 120], [c[0] + i * 90 - 60, c[1] + j * 80 - 120], [c[0] + i * 90 - 60, c[1] + j * 80 - 50], [c[0] + i * 90 - 140, c[1] + j * 80 - 50]], false)
  })
  return { roads, buildings, water, green, places }
}
