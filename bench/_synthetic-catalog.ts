// A seeded synthetic catalog of n layers for the catalog-search benchmark: German titles built from real-world
// topics of a municipal geoportal, places of the Kreis Soest and years; keywords, departments, licences, update
// rhythms, grades and extents spread like a real catalog. Only catalog.json entries: no data files.
import type { Catalog, LayerEntry } from '../src/model/catalog.ts'
import { CATEGORIES, type Category, type UpdateFrequency } from '../src/model/metadata.ts'
import type { Grade } from '../src/model/quality.ts'
import { mulberry32 } from '../scripts/random.ts'

const TOPICS: [title: string, category: Category, keywords: string[], attributes: string[]][] = [
  ['Straßenbäume', 'Umweltdaten', ['Baum', 'Baumkataster', 'Grün', 'Stadtklima'], ['baum_nr', 'art', 'pflanzjahr', 'hoehe_m', 'kronendurchmesser']],
  ['Spielplätze', 'Verwaltungsdaten', ['Spielplatz', 'Freizeit', 'Kinder'], ['spielplatz_nr', 'name', 'geraete', 'altersgruppe']],
  ['Grundschulen', 'Verwaltungsdaten', ['Schule', 'Bildung', 'Schulbezirk'], ['schulnummer', 'name', 'schueler', 'traeger']],
  ['Weiterführende Schulen', 'Verwaltungsdaten', ['Schule', 'Gymnasium', 'Realschule', 'Bildung'], ['schulnummer', 'schulform', 'schueler']],
  ['Kindertagesstätten', 'Verwaltungsdaten', ['Kita', 'Kinderbetreuung', 'Familie'], ['kita_nr', 'traeger', 'plaetze', 'oeffnungszeiten']],
  ['Radwege', 'Mobilitätsdaten', ['Radweg', 'Fahrrad', 'Verkehr'], ['name', 'belag', 'laenge_m', 'breite_m']],
  ['Straßennetz', 'Mobilitätsdaten', ['Straße', 'Verkehr', 'Straßenklasse'], ['strassenname', 'strassenschluessel', 'widmung', 'baulast']],
  ['Bushaltestellen', 'Mobilitätsdaten', ['ÖPNV', 'Bus', 'Haltestelle'], ['haltestelle', 'linien', 'barrierefrei']],
  ['Ladesäulen für Elektrofahrzeuge', 'Mobilitätsdaten', ['E-Mobilität', 'Ladesäule', 'Energie'], ['betreiber', 'leistung_kw', 'steckertyp']],
  ['Parkplätze und Parkhäuser', 'Mobilitätsdaten', ['Parken', 'Parkhaus', 'Verkehr'], ['name', 'stellplaetze', 'gebuehr']],
  ['Bebauungspläne', 'Geodaten', ['Bauleitplanung', 'Bebauungsplan', 'Planung'], ['plan_nr', 'titel', 'rechtskraft', 'verfahrensstand']],
  ['Flurstücke', 'Registerdaten', ['Liegenschaftskataster', 'ALKIS', 'Flurstück'], ['flurstueckskennzeichen', 'gemarkung', 'flaeche_m2']],
  ['Gebäude', 'Registerdaten', ['ALKIS', 'Gebäude', 'Hausumring'], ['gebaeudefunktion', 'geschosse', 'baujahr']],
  ['Bodenrichtwerte', 'Transaktionsdaten', ['Grundstücksmarkt', 'Gutachterausschuss', 'Bodenwert'], ['brw', 'stichtag', 'nutzung']],
  ['Lärmkartierung Straßenverkehr', 'Umweltdaten', ['Lärm', 'Umgebungslärm', 'Verkehr'], ['lden_db', 'lnight_db']],
  ['Hochwassergefahrenkarte', 'Umweltdaten', ['Hochwasser', 'Gewässer', 'Überschwemmungsgebiet'], ['szenario', 'wassertiefe_m']],
  ['Naturschutzgebiete', 'Umweltdaten', ['Naturschutz', 'Landschaft', 'Schutzgebiet'], ['name', 'kennung', 'flaeche_ha']],
  ['Baudenkmäler', 'Verwaltungsdaten', ['Denkmal', 'Denkmalschutz', 'Kultur'], ['denkmal_nr', 'bezeichnung', 'eintragung']],
  ['Friedhöfe', 'Verwaltungsdaten', ['Friedhof', 'Grünfläche'], ['name', 'flaeche_m2', 'traeger']],
  ['Sportstätten', 'Verwaltungsdaten', ['Sport', 'Sporthalle', 'Sportplatz', 'Freizeit'], ['name', 'art', 'nutzer']],
  ['Einwohnerdichte', 'Demografische Daten und Strukturdaten', ['Einwohner', 'Bevölkerung', 'Demografie'], ['bezirk', 'einwohner', 'dichte_km2']],
  ['Wahlbezirke', 'Demografische Daten und Strukturdaten', ['Wahl', 'Wahlbezirk', 'Stimmbezirk'], ['wahlbezirk_nr', 'wahllokal', 'wahlberechtigte']],
  ['Altersstruktur', 'Demografische Daten und Strukturdaten', ['Bevölkerung', 'Alter', 'Demografie'], ['bezirk', 'unter_18', 'ueber_65']],
  ['Luftmessstationen', 'Sensordaten', ['Luftqualität', 'Feinstaub', 'Messung'], ['station', 'pm10', 'no2']],
  ['Pegelstände', 'Sensordaten', ['Pegel', 'Gewässer', 'Messung'], ['pegel', 'wasserstand_cm', 'zeitpunkt']],
  ['Gewerbeflächen', 'Unternehmensdaten', ['Gewerbe', 'Wirtschaftsförderung', 'Gewerbegebiet'], ['gebiet', 'flaeche_m2', 'verfuegbar']],
  ['Kanalnetz', 'Geodaten', ['Abwasser', 'Kanal', 'Stadtentwässerung'], ['haltung', 'material', 'durchmesser_mm']],
  ['Straßenbeleuchtung', 'Geodaten', ['Beleuchtung', 'Laterne', 'Energie'], ['leuchte_nr', 'leuchtmittel', 'leistung_w']],
  ['Solarpotenzial der Dachflächen', 'Umweltdaten', ['Solar', 'Photovoltaik', 'Klimaschutz'], ['dachflaeche_m2', 'eignung', 'ertrag_kwh']],
  ['Altlastenverdachtsflächen', 'Umweltdaten', ['Altlast', 'Boden', 'Bodenschutz'], ['kennung', 'branche', 'status']],
  ['Digitales Geländemodell', 'Geodaten', ['DGM', 'Höhe', 'Gelände'], []],
  ['Luftbilder', 'Geodaten', ['Orthofoto', 'DOP', 'Luftbild'], []],
  ['Baustellen', 'Mobilitätsdaten', ['Baustelle', 'Verkehr', 'Sperrung'], ['massnahme', 'beginn', 'ende']],
  ['Glasfaserausbau', 'Unternehmensdaten', ['Breitband', 'Glasfaser', 'Digitalisierung'], ['ausbaugebiet', 'anschluesse', 'status']],
  ['Metadaten der Fachverfahren', 'Metadaten', ['Metadaten', 'Fachverfahren'], ['verfahren', 'zustaendig']],
]
const PLACES = ['Soest', 'Bad Sassendorf', 'Lippstadt', 'Werl', 'Ense', 'Möhnesee', 'Welver', 'Ostönnen', 'Ampen', 'Hiddingsen', 'Meckingsen', 'Ruploh', 'Deiringsen', 'Paradiese', 'Müllingsen', 'Thöningsen']
const QUALIFIERS = ['', '', 'Bestand', 'Planung', 'Kartierung', 'Fortschreibung', 'Übersicht']
const DEPARTMENTS = [
  'Abteilung Geoinformation', 'Vermessung und Kataster', 'Grünflächenamt', 'Tiefbauamt', 'Stadtplanung', 'Umweltamt', 'Schulamt',
  'Jugendamt', 'Ordnungsamt', 'Statistikstelle', 'Wirtschaftsförderung', 'Stadtentwässerung', 'Bauordnung', 'Denkmalpflege',
  'Feuerwehr', 'Sport- und Bäderamt', 'Gutachterausschuss', 'Klimaschutzstelle', 'Straßenverkehrsbehörde', 'Wahlamt',
]
const LICENSES = ['dl-de/zero-2.0', 'dl-de/zero-2.0', 'dl-de/by-2.0', 'CC BY 4.0', 'CC0 1.0', undefined]
const FREQUENCIES: UpdateFrequency[] = ['daily', 'weekly', 'monthly', 'quarterly', 'annual', 'annual', 'irregular', 'never']
const SENTENCES = [
  'Die Daten werden von der zuständigen Stelle gepflegt und regelmäßig fortgeschrieben.',
  'Grundlage sind Vermessungen, Begehungen und Meldungen der Fachämter.',
  'Die Geometrien liegen im Koordinatensystem ETRS89 / UTM Zone 32N vor.',
  'Für Auskünfte zu einzelnen Objekten wenden Sie sich bitte an die Fachabteilung.',
  'Der Datensatz ist Teil der städtischen Geodateninfrastruktur.',
  'Angaben ohne Gewähr; maßgeblich sind die amtlichen Unterlagen.',
]

const pick = <T>(rand: () => number, a: readonly T[]): T => a[Math.floor(rand() * a.length)]

/** n layers, seeded: the same seed gives the same catalog. */
export function syntheticCatalog(n: number, seed = 1): Catalog {
  const rand = mulberry32(seed)
  const layers: LayerEntry[] = []
  for (let i = 0; i < n; i++) {
    const [topic, category, keywords, attributes] = pick(rand, TOPICS)
    const place = pick(rand, PLACES)
    const year = 2012 + Math.floor(rand() * 15)
    const qualifier = pick(rand, QUALIFIERS)
    const title = `${topic} ${place}${qualifier ? ` – ${qualifier}` : ''} ${year}`
    const id = `l${String(i).padStart(5, '0')}`
    // Mostly small extents inside the Kreis Soest, a few county-wide.
    const w = rand() < 0.1 ? 0.5 : 0.01 + rand() * 0.08
    const h = w * 0.62
    const west = 7.75 + rand() * (0.85 - w)
    const south = 51.4 + rand() * (0.35 - h)
    const month = 1 + Math.floor(rand() * 12)
    const lastUpdate = `${Math.min(year + Math.floor(rand() * 3), 2026)}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
    const errors = rand() < 0.1 ? 1 + Math.floor(rand() * 2) : 0
    const warnings = Math.floor(rand() * rand() * 5)
    const grade: Grade = errors >= 2 ? 'D' : errors === 1 || warnings > 2 ? 'C' : warnings > 0 ? 'B' : 'A'
    const raster = attributes.length === 0
    const base = {
      id,
      title,
      href: `layers/${id}/v1/${id}.${raster ? 'tif' : 'fgb'}`,
      metaHref: `layers/${id}/v1/layer.json`,
      bbox: [0, 0, 1, 1] as [number, number, number, number],
      bbox4326: [west, south, west + w, south + h] as [number, number, number, number],
      access: rand() < 0.15 ? ('internal' as const) : ('public' as const),
      category: rand() < 0.97 ? category : pick(rand, CATEGORIES),
      updateFrequency: pick(rand, FREQUENCIES),
      lastUpdate,
      bytes: Math.floor(rand() * 5e7),
      description: `${topic} in ${place} (${year}). ${pick(rand, SENTENCES)} ${pick(rand, SENTENCES)}`.slice(0, 280),
      keywords: [...keywords, place],
      department: pick(rand, DEPARTMENTS),
      license: pick(rand, LICENSES),
      quality: { grade, errors, warnings, missingMetadata: [] },
    }
    layers.push(
      raster
        ? { ...base, kind: 'raster', width: 1000, height: 1000, bands: 1, noData: null, min: 0, max: 100, style: { ramp: [[0, '#000000'], [100, '#ffffff']] } }
        : { ...base, kind: 'vector', geometryType: 'Polygon', featureCount: 100 + Math.floor(rand() * 10000), attributeNames: attributes, style: { color: '#0072B2' } },
    )
  }
  return { version: 1, title: `Geoportal Soest (synthetisch, ${n} Ebenen)`, home: { center: [8.1059, 51.5711], zoom: 10 }, layers }
}

/** What the benchmark types, one character at a time: words with umlauts, ß, compound parts and two words. */
export const QUERIES = ['straßenbäume', 'schule', 'Bebauungsplan Soest', 'spielplatz', 'hochwasser', 'gruenflaechen', 'ladesaeule', 'möhnesee 2024']
