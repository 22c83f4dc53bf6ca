// Builds the embedded demo catalog in data/ (or the folder given as argument) from seeded synthetic data
// around Soest, through the same publisher an officer uses. Same seed → byte-identical catalog.
// The data are invented: every layer says so in its title, description and the "demo" flag.
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { main } from '../cli/main.ts'
import { serialiseCatalog } from '../cli/catalog/store.ts'
import { writeFlatGeobuf } from '../cli/writers/flatgeobuf.ts'
import { writeCog } from '../cli/writers/cog.ts'
import { columnsFromFeatures, type VectorFeature } from '../cli/vector/model.ts'
import { Projections } from '../src/projection/registry.ts'
import type { Catalog } from '../src/model/catalog.ts'
import { mulberry32 } from './random.ts'
import { demoTown } from './demo-town.ts'


/** Soest's market square in EPSG:25832, the centre of the invented town. */
export const CENTRE = [438000, 5714000] as const


const round = (v: number, step = 0.01) => Math.round(v / step) * step
const DEMO_NOTE = 'Synthetische Demodaten, erzeugt von scripts/make-demo.ts – keine amtlichen Daten der Stadt Soest.'

/** A smooth closed outline: radius varies with a few seeded harmonics. */
function townOutline(rand: () => number, n = 96): number[][] {
  const harmonics = [2, 3, 5, 7].map((k) => ({ k, a: 300 + rand() * 500, p: rand() * Math.PI * 2 }))
  const ring: number[][] = []
  for (let i = 0; i < n; i++) {
    const t = (i / n) * Math.PI * 2
    const r = 5600 + harmonics.reduce((s, h) => s + h.a * Math.sin(h.k * t + h.p), 0)
    ring.push([round(CENTRE[0] + r * Math.cos(t)), round(CENTRE[1] + r * Math.sin(t) * 0.85)])
  }
  ring.push([...ring[0]])
  return ring
}

const DISTRICTS = ['Nord', 'Nordost', 'Ost', 'Südost', 'Süd', 'Südwest', 'West', 'Nordwest']

/** Pie slices of the outline with an inner "Altstadt" ring: 8 districts + 1 old town. */
function districts(outline: number[][], rand: () => number): VectorFeature[] {
  const n = outline.length - 1
  const per = n / DISTRICTS.length
  const inner = (i: number) => {
    const t = (i / n) * Math.PI * 2
    return [round(CENTRE[0] + 900 * Math.cos(t)), round(CENTRE[1] + 900 * Math.sin(t) * 0.85)]
  }
  // Slice k starts at the east (angle 0) and turns counter-clockwise; names follow compass directions.
  const names = ['Ost', 'Nordost', 'Nord', 'Nordwest', 'West', 'Südwest', 'Süd', 'Südost']
  const out: VectorFeature[] = names.map((name, k) => {
    const ring: number[][] = []
    for (let i = k * per; i <= (k + 1) * per; i++) ring.push(outline[i % n])
    for (let i = (k + 1) * per; i >= k * per; i--) ring.push(inner(i))
    ring.push([...ring[0]])
    return {
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { bezirk: `Soest-${name} (Demo)`, einwohner: Math.round(2500 + rand() * 6000), kennung: `D${k + 1}` },
    }
  })
  const core: number[][] = []
  for (let i = n; i >= 0; i--) core.push(inner(i))
  out.push({
    geometry: { type: 'Polygon', coordinates: [core] },
    properties: { bezirk: 'Altstadt (Demo)', einwohner: Math.round(4000 + rand() * 2000), kennung: 'D0' },
  })
  return out
}

function cyclePaths(rand: () => number): VectorFeature[] {
  const surfaces = ['Asphalt', 'Pflaster', 'wassergebundene Decke']
  return Array.from({ length: 14 }, (_, i) => {
    let x = CENTRE[0] + (rand() - 0.5) * 7000
    let y = CENTRE[1] + (rand() - 0.5) * 6000
    let heading = rand() * Math.PI * 2
    const coords: number[][] = [[round(x), round(y)]]
    let length = 0
    for (let s = 0; s < 12 + Math.floor(rand() * 10); s++) {
      heading += (rand() - 0.5) * 0.8
      const step = 150 + rand() * 250
      x += Math.cos(heading) * step
      y += Math.sin(heading) * step
      length += step
      coords.push([round(x), round(y)])
    }
    return {
      geometry: { type: 'LineString', coordinates: coords },
      properties: { name: `Demo-Radweg ${i + 1}`, belag: surfaces[i % 3], laenge_m: Math.round(length) },
    }
  })
}

function trees(rand: () => number, outline: number[][]): VectorFeature[] {
  const species = ['Linde', 'Stieleiche', 'Bergahorn', 'Rotbuche', 'Platane', 'Hainbuche', 'Vogelkirsche']
  const inside = (x: number, y: number) => {
    let c = false
    for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
      const [xi, yi] = outline[i]
      const [xj, yj] = outline[j]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c
    }
    return c
  }
  const out: VectorFeature[] = []
  while (out.length < 400) {
    const x = CENTRE[0] + (rand() - 0.5) * 12000
    const y = CENTRE[1] + (rand() - 0.5) * 10000
    if (!inside(x, y)) continue
    const n = out.length + 1
    out.push({
      geometry: { type: 'Point', coordinates: [round(x), round(y)] },
      properties: {
        baum_nr: `B-${String(n).padStart(4, '0')}`,
        art: species[Math.floor(rand() * species.length)],
        pflanzjahr: 1950 + Math.floor(rand() * 74),
        // Some empty values on purpose, so the quality report has something to show.
        hoehe_m: rand() < 0.08 ? null : round(4 + rand() * 24, 0.5),
      },
    })
  }
  return out
}

/**
 * Playgrounds with deliberate defects, so the quality report and dashboard have something to show: two exact
 * duplicates, a repeated identifier, empty values, and (in the metadata) a missing license and an overdue update.
 */
function playgrounds(rand: () => number): VectorFeature[] {
  const out: VectorFeature[] = Array.from({ length: 12 }, (_, i) => ({
    geometry: { type: 'Point', coordinates: [round(CENTRE[0] + (rand() - 0.5) * 6000), round(CENTRE[1] + (rand() - 0.5) * 5000)] },
    properties: { spielplatz_nr: `S-${i + 1}`, name: `Demo-Spielplatz ${i + 1}`, geraete: rand() < 0.25 ? null : 1 + Math.floor(rand() * 9) },
  }))
  out.push(structuredClone(out[3]), structuredClone(out[7]))
  return out
}

/** Elevation-like surface: the Hellweg plain in the north rising to the Haarstrang in the south. */
function terrain(rand: () => number) {
  const pixel = 25
  const width = 640
  const height = 560
  const originX = CENTRE[0] - (width * pixel) / 2
  const originY = CENTRE[1] + (height * pixel) / 2
  const hills = Array.from({ length: 24 }, () => ({
    x: originX + rand() * width * pixel,
    y: originY - rand() * height * pixel,
    r: 600 + rand() * 1800,
    h: 4 + rand() * 18,
  }))
  const data = new Float32Array(width * height)
  const noData = -9999
  for (let j = 0; j < height; j++) {
    const y = originY - (j + 0.5) * pixel
    for (let i = 0; i < width; i++) {
      const x = originX + (i + 0.5) * pixel
      // Corners stay empty, so transparency of nodata is visible in the demo.
      const ex = (x - CENTRE[0]) / ((width * pixel) / 2)
      const ey = (y - CENTRE[1]) / ((height * pixel) / 2)
      if (ex * ex + ey * ey > 1.15) {
        data[j * width + i] = noData
        continue
      }
      const south = Math.max(0, (CENTRE[1] + 2500 - y) / 1000)
      let z = 88 + 0.8 * ((y - originY) / -1000) + 24 * south
      for (const h of hills) {
        const d2 = ((x - h.x) ** 2 + (y - h.y) ** 2) / (h.r * h.r)
        z += h.h * Math.exp(-d2)
      }
      data[j * width + i] = Math.round(z * 10) / 10
    }
  }
  return { width, height, data, originX, originY, pixelSize: pixel, epsg: 25832, noData }
}

/**
 * A synthetic aerial photo ("Luftbild") around the market square: field parcels with a little seeded texture, two
 * crossing roads, a pond and red roofs. (Its description avoids the word "Straße": the catalog search tests expect
 * "strasse" to find the street trees only.) Roads, pond and roofs are flat colours, so tests know the exact pixel
 * values at these places (AERIAL). 8-bit RGB, 1 m pixels, about 150 kB as COG.
 */
export const AERIAL = {
  width: 320,
  height: 320,
  pixel: 1,
  originX: CENTRE[0] - 160,
  originY: CENTRE[1] + 160,
  /** Pixel columns/rows; colours as [R, G, B]. */
  road: { from: 150, to: 160, rgb: [122, 122, 122] },
  pond: { x: 240, y: 80, r: 35, rgb: [58, 110, 165] },
  roofs: { rects: [[40, 200, 70, 230], [90, 210, 115, 250], [200, 200, 230, 225]], rgb: [181, 72, 59] },
} as const

function aerialPhoto(rand: () => number) {
  const { width, height, road, pond, roofs } = AERIAL
  const fields = [[107, 142, 58], [163, 177, 90], [201, 178, 107], [138, 111, 77], [79, 122, 51]]
  const parcel = Array.from({ length: 64 }, () => fields[Math.floor(rand() * fields.length)])
  const bands = [new Uint8Array(width * height), new Uint8Array(width * height), new Uint8Array(width * height)]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb: readonly number[]
      let noise = 0
      if ((x >= road.from && x < road.to) || (y >= road.from && y < road.to)) rgb = road.rgb
      else if ((x + 0.5 - pond.x) ** 2 + (y + 0.5 - pond.y) ** 2 < pond.r ** 2) rgb = pond.rgb
      else if (roofs.rects.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1)) rgb = roofs.rgb
      else {
        rgb = parcel[Math.floor(y / 40) * 8 + Math.floor(x / 40)]
        noise = Math.round((rand() - 0.5) * 6)
      }
      for (let b = 0; b < 3; b++) bands[b][y * width + x] = Math.max(1, Math.min(255, rgb[b] + noise))
    }
  }
  return { width, height, bands, colour: { kind: 'rgb' as const, alpha: false }, originX: AERIAL.originX, originY: AERIAL.originY, pixelSize: AERIAL.pixel, epsg: 25832, noData: null }
}

/** The layers the demo opens with (geoportal start). */
export const DEMO_START = ['demo-stadtgebiet', 'demo-radwege', 'demo-spielplaetze']

/**
 * Real street names of Soest's old town and its radial roads, laid on the demo town's own streets (demo-town.ts):
 * the names are real, the positions and house numbers invented. Brüderstraße comes first, so "Brüderstraße 12"
 * (and 12a) exists whatever the seed.
 */
const SOEST_OLD_TOWN = ['Brüderstraße', 'Markt', 'Rathausstraße', 'Petrikirchhof', 'Grandweg', 'Jakobistraße', 'Thomästraße', 'Walburgerstraße', 'Nöttenstraße', 'Kungelmarkt']
const SOEST_RADIALS = ['Bahnhofstraße', 'Ulricher Straße', 'Osthofenstraße', 'Hammer Weg', 'Arnsberger Straße']
/** Few houses per street: the demo catalog stays small (its size counts in the first view). */
const HOUSES_PER_STREET = 14

/**
 * A demo address layer in the columns of the official house coordinates (HK-DE: STN, HNR, ADZ, PLZ, ONM), so
 * `publish --addresses` needs no mapping: houses every ~20 m on both sides of each named street (odd numbers
 * left, even right, 8 m off the centre line), some with an addition (a, b); number 12 of each street has a 12a.
 */
function demoAddresses(roads: VectorFeature[], rand: () => number): VectorFeature[] {
  const named = (names: readonly string[], klassen: string[]) => roads.filter((r) => klassen.includes(String(r.properties.klasse)) && r.geometry?.type === 'LineString').slice(0, names.length)
  const streets = [
    ...named(SOEST_OLD_TOWN, ['Hauptstraße', 'Gemeindestraße']).map((r, i) => ({ r, name: SOEST_OLD_TOWN[i] })),
    ...named(SOEST_RADIALS, ['Bundesstraße', 'Kreisstraße']).filter((r) => r.properties.name !== 'B 1 (Demo)').map((r, i) => ({ r, name: SOEST_RADIALS[i] })),
  ]
  const out: VectorFeature[] = []
  for (const { r, name } of streets) {
    const line = (r.geometry as { coordinates: number[][] }).coordinates
    const seg = line.slice(1).map((b, i) => ({ a: line[i], b, len: Math.hypot(b[0] - line[i][0], b[1] - line[i][1]) }))
    const total = seg.reduce((t, s) => t + s.len, 0)
    const at = (d: number, side: number) => {
      let rest = Math.min(d, total)
      for (const s of seg) {
        if (rest <= s.len || s === seg[seg.length - 1]) {
          const t = s.len ? rest / s.len : 0
          const nx = -(s.b[1] - s.a[1]) / (s.len || 1)
          const ny = (s.b[0] - s.a[0]) / (s.len || 1)
          return [round(s.a[0] + t * (s.b[0] - s.a[0]) + side * 8 * nx), round(s.a[1] + t * (s.b[1] - s.a[1]) + side * 8 * ny)]
        }
        rest -= s.len
      }
      return line[0]
    }
    const step = Math.min(20, total / (HOUSES_PER_STREET / 2 + 1))
    for (let n = 1; n <= HOUSES_PER_STREET; n++) {
      const d = step * (Math.ceil(n / 2) + 0.5)
      const house = (adz: string, shift: number) => out.push({ geometry: { type: 'Point', coordinates: at(d + shift, n % 2 ? 1 : -1) }, properties: { STN: name, HNR: n, ADZ: adz, PLZ: '59494', ONM: 'Soest' } })
      house('', 0)
      if (n === 12 || rand() < 0.06) house('a', 6)
    }
  }
  return out
}

interface DemoLayer {
  id: string
  file: string
  meta: Record<string, unknown>
  style?: Record<string, unknown>
  /** Attribute for the place search (publish --searchable). */
  searchable?: string
  /** An address layer (publish --addresses, HK-DE column names). */
  addresses?: boolean
}

const base = {
  demo: true,
  department: 'Demo: Abteilung Geoinformation',
  contact: { name: 'Geoportal-Team (Demo)', email: 'geoportal@example.org' },
  license: 'dl-de/zero-2.0',
  attribution: 'Demodaten Geoportal Soest (synthetisch)',
  access: 'public',
  personalData: 'none',
  lineage: DEMO_NOTE,
  positionalAccuracy: 1,
}

export async function makeDemo(outDir: string, seed = 20261126): Promise<Catalog> {
  const rand = mulberry32(seed)
  const projections = new Projections()
  const toLonLat = projections.forward('EPSG:25832', 'EPSG:4326')
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'geoportal-demo-'))
  const lonLatGeoJson = (features: VectorFeature[]) => ({
    type: 'FeatureCollection',
    features: features.map((f) => {
      const g = structuredClone(f.geometry!)
      const walk = (c: unknown): unknown =>
        typeof (c as number[])[0] === 'number'
          ? toLonLat(c as [number, number]).map((v) => Math.round(v * 1e8) / 1e8)
          : (c as unknown[]).map(walk)
      g.coordinates = walk(g.coordinates)
      return { type: 'Feature', geometry: g, properties: f.properties }
    }),
  })
  const outline = townOutline(rand)
  const write = (name: string, data: string | Uint8Array) => fs.writeFile(path.join(tmp, name), data)

  await write('stadtgebiet.geojson', JSON.stringify(lonLatGeoJson([{ geometry: { type: 'Polygon', coordinates: [outline] }, properties: { name: 'Demo-Stadtgebiet', hinweis: 'synthetisch' } }])))
  const bezirke = districts(outline, rand)
  await write('bezirke.fgb', writeFlatGeobuf(bezirke, { columns: columnsFromFeatures(bezirke), crsCode: 25832 }))
  await write('radwege.geojson', JSON.stringify(lonLatGeoJson(cyclePaths(rand))))
  await write('baeume.geojson', JSON.stringify(lonLatGeoJson(trees(rand, outline))))
  await write('gelaende.tif', writeCog(terrain(rand)).bytes)
  // Its own random stream, so adding it left the other layers unchanged.
  await write('spielplaetze.geojson', JSON.stringify(lonLatGeoJson(playgrounds(mulberry32(seed + 1)))))
  await write('luftbild.tif', writeCog(aerialPhoto(mulberry32(seed + 2))).bytes)
  // The synthetic town of the base map (below); its streets carry the demo addresses (own random stream).
  const town = demoTown(mulberry32(seed + 3), CENTRE)
  await write('adressen.geojson', JSON.stringify(lonLatGeoJson(demoAddresses(town.roads, mulberry32(seed + 4)))))

  const layers: DemoLayer[] = [
    {
      id: 'demo-stadtgebiet',
      file: 'stadtgebiet.geojson',
      meta: { department: 'Demo: Vermessung und Kataster', title: 'Demo: Stadtgebiet', description: `Umriss einer erfundenen Stadt um Soest. ${DEMO_NOTE}`, keywords: ['Stadtgebiet', 'Grenze', 'Demo'], category: 'Geodaten', updateFrequency: 'irregular', lastUpdate: '2026-01-15', identifier: 'name' },
      style: { color: '#4d4d4d', strokeColor: '#333333', strokeWidth: 2.5, opacity: 0.04 },
    },
    {
      id: 'demo-bezirke',
      file: 'bezirke.fgb',
      searchable: 'bezirk',
      meta: {
        title: 'Demo: Stadtbezirke', department: 'Demo: Statistikstelle', license: 'dl-de/by-2.0', description: `Neun erfundene Stadtbezirke mit Einwohnerzahlen. ${DEMO_NOTE}`, keywords: ['Bezirk', 'Einwohner', 'Demografie', 'Demo'], category: 'Demografische Daten und Strukturdaten', updateFrequency: 'annual', lastUpdate: '2025-06-30', identifier: 'kennung',
        attributes: { bezirk: { title: 'Bezirk' }, einwohner: { title: 'Einwohner', description: 'Einwohnerzahl (erfunden)' }, kennung: { title: 'Kennung' } },
      },
      style: {
        color: '#bdbdbd', strokeColor: '#08519c', strokeWidth: 1.5, opacity: 0.35, label: 'bezirk',
        classes: { attribute: 'einwohner', breaks: [0, 4000, 6000, 8000, 100000], colors: ['#c6dbef', '#6baed6', '#2171b5', '#08306b'] },
      },
    },
    {
      id: 'demo-radwege',
      file: 'radwege.geojson',
      searchable: 'name',
      meta: {
        title: 'Demo: Radwege', department: 'Demo: Tiefbauamt', license: 'CC BY 4.0', description: `Erfundene Radwegeverbindungen. ${DEMO_NOTE}`, keywords: ['Radweg', 'Fahrrad', 'Verkehr', 'Demo'], category: 'Mobilitätsdaten', updateFrequency: 'quarterly', lastUpdate: '2026-09-01', identifier: 'name',
        attributes: { name: { title: 'Name' }, belag: { title: 'Belag' }, laenge_m: { title: 'Länge (m)' } },
      },
      style: {
        color: '#D55E00', strokeWidth: 3,
        categories: { attribute: 'belag', values: [{ value: 'Asphalt', color: '#D55E00' }, { value: 'Pflaster', color: '#7F3C8D' }, { value: 'wassergebundene Decke', color: '#A6761D', label: 'wassergeb. Decke' }] },
      },
    },
    {
      id: 'demo-baeume',
      file: 'baeume.geojson',
      meta: {
        title: 'Demo: Straßenbäume', department: 'Demo: Grünflächenamt', description: `Erfundenes Baumkataster mit Art, Pflanzjahr und Höhe. ${DEMO_NOTE}`, keywords: ['Baum', 'Baumkataster', 'Straßenbäume', 'Umwelt', 'Demo'], category: 'Umweltdaten', updateFrequency: 'monthly', lastUpdate: '2026-10-01', identifier: 'baum_nr',
        attributes: { baum_nr: { title: 'Baumnummer' }, art: { title: 'Baumart' }, pflanzjahr: { title: 'Pflanzjahr' }, hoehe_m: { title: 'Höhe (m)' } },
      },
      style: {
        color: '#009E73', strokeColor: '#ffffff', strokeWidth: 1, radius: 5, opacity: 0.9,
        categories: { attribute: 'art', values: [{ value: 'Linde', color: '#009E73' }, { value: 'Stieleiche', color: '#006D2C' }, { value: 'Bergahorn', color: '#E69F00' }, { value: 'Rotbuche', color: '#A6761D' }] },
      },
    },
    {
      id: 'demo-gelaende',
      file: 'gelaende.tif',
      meta: {
        title: 'Demo: Geländehöhe', description: `Erfundenes Höhenmodell (25 m Raster): Hellwegebene im Norden, Haarstrang im Süden. ${DEMO_NOTE}`, keywords: ['Höhe', 'Gelände', 'DGM', 'Demo'], category: 'Geodaten', updateFrequency: 'never', lastUpdate: '2026-01-15', positionalAccuracy: 12.5,
        attributes: { value: { title: 'Höhe', unit: 'm' } },
      },
      style: {
        hillshade: true,
        opacity: 0.8,
        ramp: [[88, '#1a9850'], [140, '#91cf60'], [190, '#d9ef8b'], [240, '#fee08b'], [290, '#fc8d59'], [341, '#d73027']],
      },
    },
    {
      id: 'demo-luftbild',
      file: 'luftbild.tif',
      meta: {
        title: 'Demo: Luftbild (synthetisch)', description: `Erfundenes Luftbild (RGB, 1 m) um den Marktplatz: Felder, zwei Wege, ein Teich und rote Dächer – kein echtes Orthofoto. ${DEMO_NOTE}`, keywords: ['Luftbild', 'Orthofoto', 'DOP', 'Demo'], category: 'Geodaten', updateFrequency: 'never', lastUpdate: '2026-11-01', positionalAccuracy: 1,
      },
      style: { kind: 'rgb', opacity: 1 },
    },
    {
      id: 'demo-spielplaetze',
      file: 'spielplaetze.geojson',
      meta: {
        title: 'Demo: Spielplätze (mit Qualitätsmängeln)', description: `Erfundene Spielplätze mit absichtlichen Fehlern (doppelte Objekte, doppelte Nummern, leere Werte, fehlende Lizenz, überfällige Aktualisierung), um den Qualitätsbericht zu zeigen. ${DEMO_NOTE}`,
        keywords: ['Spielplatz', 'Freizeit', 'Qualität', 'Demo'], category: 'Verwaltungsdaten', department: 'Demo: Grünflächenamt', license: undefined, updateFrequency: 'annual', lastUpdate: '2024-05-02', identifier: 'spielplatz_nr',
        attributes: { spielplatz_nr: { title: 'Spielplatznummer' }, name: { title: 'Name' }, geraete: { title: 'Spielgeräte' } },
      },
      style: { color: '#CC79A7', strokeColor: '#ffffff', strokeWidth: 1, radius: 6 },
    },
    {
      id: 'demo-adressen',
      file: 'adressen.geojson',
      addresses: true,
      meta: {
        title: 'Demo: Adressen (Hauskoordinaten)', department: 'Demo: Vermessung und Kataster', description: `Erfundene Hauskoordinaten im Format der amtlichen Hauskoordinaten (HK-DE): echte Namen aus der Soester Altstadt, erfundene Lagen und Hausnummern. Für die Adresssuche. ${DEMO_NOTE}`,
        keywords: ['Adresse', 'Hausnummer', 'Hauskoordinaten', 'Demo'], category: 'Geodaten', updateFrequency: 'monthly', lastUpdate: '2026-11-15',
        attributes: { STN: { title: 'Straßenname' }, HNR: { title: 'Hausnummer' }, ADZ: { title: 'Adressierungszusatz' }, PLZ: { title: 'Postleitzahl' }, ONM: { title: 'Ort' } },
      },
      style: { color: '#0072B2', strokeColor: '#ffffff', strokeWidth: 1, radius: 4, minZoom: 15 },
    },
  ]

  await fs.rm(outDir, { recursive: true, force: true })
  await fs.mkdir(outDir, { recursive: true })
  const initial: Catalog = { version: 1, title: 'Geoportal Soest (Demo)', home: { center: [8.1059, 51.5711], zoom: 11.5 }, layers: [] }
  await fs.writeFile(path.join(outDir, 'catalog.json'), serialiseCatalog(initial))
  for (const l of layers) {
    const metaFile = path.join(tmp, `${l.id}.meta.json`)
    await fs.writeFile(metaFile, JSON.stringify({ ...base, ...l.meta }))
    const args = ['publish', path.join(tmp, l.file), '--catalog', outDir, '--id', l.id, '--meta', metaFile]
    if (l.style) {
      const styleFile = path.join(tmp, `${l.id}.style.json`)
      await fs.writeFile(styleFile, JSON.stringify(l.style))
      args.push('--style', styleFile)
    }
    if (l.searchable) args.push('--searchable', l.searchable)
    if (l.addresses) args.push('--addresses')
    const code = await main(args)
    if (code !== 0) throw new Error(`publishing ${l.id} failed`)
  }
  // The demo base map: a synthetic town (own random stream) through `geoportal basemap build`, the default.
  const fgb = (features: VectorFeature[]) => writeFlatGeobuf(features, { columns: columnsFromFeatures(features), crsCode: 25832 })
  await write('town-roads.fgb', fgb(town.roads))
  await write('town-buildings.fgb', fgb(town.buildings))
  await write('town-water.fgb', fgb(town.water))
  await write('town-green.fgb', fgb(town.green))
  await write('town-places.fgb', fgb(town.places))
  const t = (name: string) => path.join(tmp, name)
  const code = await main([
    'basemap', 'build', '--catalog', outDir, '--id', 'demo', '--title', 'Demo: Stadtplan (synthetisch)',
    '--attribution', 'Demodaten Geoportal Soest (synthetisch)', '--demo', '--default',
    '--roads', t('town-roads.fgb'), '--road-class', 'klasse', '--buildings', t('town-buildings.fgb'), '--water', t('town-water.fgb'),
    '--green', t('town-green.fgb'), '--places', t('town-places.fgb'), '--population', 'einwohner', '--boundaries', '@demo-stadtgebiet',
  ])
  if (code !== 0) throw new Error('building the demo base map failed')
  // The first view: the town's outline and two thematic layers over the base map, which stays visible (the
  // districts' fills, the terrain and the aerial photo would cover it; they are one tick away in the list).
  if ((await main(['start', ...DEMO_START, '--catalog', outDir])) !== 0) throw new Error('marking the start layers failed')
  await fs.rm(tmp, { recursive: true, force: true })
  return JSON.parse(await fs.readFile(path.join(outDir, 'catalog.json'), 'utf8')) as Catalog
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? 'data')
  await makeDemo(out)
  console.log(`demo catalog written to ${out}`)
}
