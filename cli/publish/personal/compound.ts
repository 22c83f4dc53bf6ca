// Column names → meaning, for the personal-data guard. A German column name is split into words (snake_case,
// camelCase, hyphens, digits) and every word into compound parts by a lexicon of morphemes of municipal data
// models plus the linking elements (-s-, -es-, -n-, -en-, -e-, -er-, -ns-). The cheapest segmentation wins
// (dynamic programming: one per known morpheme, more for unknown letters), so "Flurstückseigentümer" is
// flurstueck+s+eigentuemer and "Anwohnerparkzone" anwohner+park+zone. The last part of a compound is its head and
// says what the column holds: "Eigentümerart" is a kind of owner (a category), "Eigentümername" a name.
// Abbreviations (tel, geb, inh, vn …) count only as whole words, so "Gebäude" is not "geb" and "Inhalt" not "inh".

export type Concept =
  | 'role' // a person the record is about: owner, resident, applicant, customer, deceased …
  | 'contact' // a person named for a record about something else: clerk, head of a school, inspector …
  | 'givenName'
  | 'familyName'
  | 'name'
  | 'phone'
  | 'email'
  | 'web'
  | 'address'
  | 'private' // wohn-, privat-, melde-: makes an address or phone a person's
  | 'birth'
  | 'death'
  | 'date'
  | 'year'
  | 'place'
  | 'number' // nummer, nr, id, kennung: takes its meaning from the part before it
  | 'plateOrId' // kennzeichen: a licence plate unless a thing comes before it (Flurstückskennzeichen)
  | 'plate'
  | 'tax'
  | 'taxId'
  | 'taxNumber'
  | 'socialSecurity'
  | 'healthInsuranceNumber'
  | 'idCard'
  | 'passport'
  | 'iban'
  | 'religion'
  | 'health'
  | 'care'
  | 'disability'
  | 'disabilityMark'
  | 'icd'
  | 'political'
  | 'union'
  | 'ethnic'
  | 'sexual'
  | 'biometric'
  | 'membership' // -zugehörigkeit, -mitglied: the part before it is a person's
  | 'personAttribute' // sex, nationality, marital status, moving dates …: personal in a list of persons
  | 'aggregate' // anzahl, anteil, -zahl, dichte …: counts and shares are not about one person
  | 'category' // art, typ, klasse, status, zone: a kind of thing
  | 'nonHuman' // baum, tier, boden …: health words about them are not health data
  | 'thing'
  | 'honoree' // Namensgeber: the person a street or park is named after

const words = (s: string) => s.split(/\s+/).filter(Boolean)
const group = (concept: Concept, list: string) => words(list).map((w) => [w, concept] as const)

/** Morphemes that may appear anywhere in a compound (folded: lowercase, ä→ae, ö→oe, ü→ue, ß→ss). */
const LEXICON = new Map<string, Concept>([
  ...group('role', `eigentuemer miteigentuemer eigner inhaber besitzer halter fahrzeughalter mieter vermieter paechter bewohner anwohner
    einwohner buerger bauherr antragsteller kunde schueler kind eltern elternteil mutter vater erziehungsberechtigt sorgeberechtigt
    berechtigt verstorben patient klient person einwender schuldner glaeubiger betroffen teilnehmer versichert empfaenger bewerber
    melder anmelder beschwerdefuehrer zeuge verursacher taeter opfer gewerbetreibend unternehmer landwirt jaeger spender kandidat
    absender auftraggeber verkaeufer kaeufer erwerber nachbar angehoerig ehegatte ehepartner lebenspartner familie gast
    beteiligt beteiligte verletzt mitglied kontoinhaber owner holder tenant resident customer applicant`),
  ...group('contact', `sachbearbeiter bearbeiter ansprechpartner ansprechperson kontaktperson kontakt leiter leitung
    geschaeftsfuehrer geschaeftsfuehrung pruefer kontrolleur vorsteher beisitzer helfer architekt entwurfsverfasser verfasser
    bauleiter betreiber verantwortlich hausmeister vertreter bevollmaechtigt beauftragt pate betreuer mitarbeiter ersteller
    erfasser gutachter sachverstaendig ingenieur planer vermesser direktor rektor pfarrer arzt contact manager`),
  ...group('givenName', 'vorname rufname firstname givenname forename'),
  ...group('familyName', 'nachname familienname zuname geburtsname lastname surname familyname'),
  ...group('name', 'name fullname'),
  ...group('phone', `telefon telefax fax phone mobil mobiltelefon handy rufnummer festnetz vorwahl durchwahl mobile cell telephone`),
  ...group('email', 'email mail'),
  ...group('web', 'homepage internet internetadresse webseite website url web link'),
  ...group('address', 'adresse anschrift strasse hausnummer address street postanschrift'),
  ...group('private', 'privat wohn melde heim home wohnsitz'),
  ...group('birth', 'geburt geboren birth birthday gebdatum gebjahr'),
  ...group('death', 'sterbe sterben tod todes death'),
  ...group('date', 'datum date tag termin'),
  ...group('year', 'jahr year jahrgang'),
  ...group('place', 'ort'),
  ...group('number', 'nummer number kennung identifikationsnummer ident'),
  ...group('plateOrId', 'kennzeichen'),
  ...group('plate', 'nummernschild licenceplate licenseplate numberplate fahrzeug'),
  ...group('tax', 'steuer'),
  ...group('taxId', 'steueridentifikationsnummer steuerid taxid'),
  ...group('taxNumber', 'steuernummer'),
  ...group('socialSecurity', 'rentenversicherungsnummer sozialversicherungsnummer versicherungsnummer'),
  ...group('healthInsuranceNumber', 'versichertennummer krankenversichertennummer krankenversicherungsnummer'),
  ...group('idCard', 'personalausweis ausweis ausweisnummer personalausweisnummer dokumentennummer idcard'),
  ...group('passport', 'reisepass passnummer reisepassnummer passport'),
  ...group('iban', 'iban bankverbindung konto kontonummer bankkonto'),
  ...group('religion', `religion konfession bekenntnis glaube glaubensrichtung religionsgemeinschaft religionsgesellschaft
    kirchenzugehoerigkeit`),
  ...group('health', `diagnose diagnosis befund erkrankung krankheit gesundheit gesundheitszustand medikation medikament allergie impfung
    impfstatus therapie foerderbedarf foerderschwerpunkt sucht infektion`),
  ...group('care', 'pflegegrad pflegestufe'),
  ...group('disability', 'behinderung schwerbehinderung schwerbehindert behindert'),
  ...group('disabilityMark', 'merkzeichen'),
  ...group('political', 'partei politisch gesinnung'),
  ...group('union', 'gewerkschaft'),
  ...group('ethnic', 'ethnie ethnicity ethnic ethnisch herkunft abstammung volksgruppe hautfarbe rasse migrationshintergrund'),
  ...group('sexual', 'sexuell sexualitaet sexual'),
  ...group('biometric', 'biometrie biometrisch fingerabdruck gesichtsbild lichtbild dna genetisch'),
  ...group('membership', 'zugehoerigkeit mitgliedschaft'),
  ...group('personAttribute', `geschlecht gender staatsangehoerigkeit nationalitaet nationality citizenship familienstand maritalstatus zuzug wegzug einzug auskunftssperre
    beruf krankenkasse alter einkommen herkunftsland geburtsland aufenthaltstitel aufenthaltsstatus aufenthalt`),
  ...group('aggregate', `anzahl zahl anteil summe dichte quote rate durchschnitt prozent statistik geburten faelle wert werte
    insgesamt gesamt mittelwert`),
  ...group('category', `art typ kategorie klasse gruppe zone status form stufe bereich bezirk gebiet schluessel code grad unterricht
    angabe daten`),
  ...group('nonHuman', `baum pflanze tier hund pferd wald boden gewaesser wasser luft gebaeude bauwerk schaden schad pilz gehoelz wild
    rinde krone stamm`),
  ...group('honoree', 'namensgeber namenspatron patrozinium'),
  ...group('thing', `flurstueck flur gemarkung gemeinde kreis land gebaeude bau baujahr gattung park parken parkplatz platz plaetze
    spielplatz flaeche schule schul kita kindergarten zentrum weg stoff inhalt inhaltsstoff messstelle stelle betrieb
    betriebsstaette firma firmen unternehmen objekt denkmal friedhof grab feld anlage anlagen einrichtung haltestelle linie verkehr
    unfall lokal wahl stimmbezirk lage lagebezeichnung bezeichnung kurzbezeichnung vorhaben verfahren aktenzeichen akte eingang
    genehmigung baulast bauweise geschoss dach hydrant pflege massnahme kontrolle kontroll standort sicherheit vitalitaet hoehe umfang
    durchmesser geraet pruefung eigentum bericht belegung ruhezeit ende traeger traegerschaft rechtsform plz schulform homepage
    betreuung aufnahme widmung fahrbahn breite belag laenge stellplatz stellplaetze zaehlstelle tat tatort tatzeit tatbestand geld
    messwert schadstoff grenzwert schutz gewaesser verdacht altlast branche beteiligung leistung abteilung fachabteilung bett
    betten notaufnahme gottesdienst eintragung druck nennweite abfuhr behaelter volumen rhythmus gebuehr grundstueck baugrundstueck
    thema abwaegung einsatz hersteller urkunde briefwahl buchung buchungsblatt blatt namensnummer entstehung nutzung funktion wohnung wohnungen aufzug
    haushalt haushalte bevoelkerung mobilitaet zahlung patenschaft einwohnerwert strassenschluessel gemeindeschluessel
    schulbetrieb krankenhaus klinik praxis buero dienststelle verwaltung amt rathaus filiale niederlassung geschaeft station
    gemeindehaus kirche kapelle moschee synagoge museum bibliothek bad halle turm bruecke tor markt gemarkungsname tatsaechlich
    amtlich energie lade saeule ladesaeule leitungsnetz netz kanal haltung material messung wartung zeit oeffnungszeit`),
])

/** Abbreviations and short words that count only as a whole word of the column name. */
const WHOLE_WORDS = new Map<string, Concept>([
  ['tel', 'phone'], ['telnr', 'phone'], ['fon', 'phone'], ['mob', 'phone'], ['faxnr', 'phone'], ['telefonnr', 'phone'],
  ['geb', 'birth'], ['gebdat', 'birth'], ['gebdatum', 'birth'], ['dob', 'birth'], ['dat', 'date'],
  ['inh', 'role'], ['eig', 'role'], ['ew', 'aggregate'], ['anz', 'aggregate'], ['vn', 'givenName'], ['nn', 'familyName'],
  ['vorn', 'givenName'], ['nachn', 'familyName'], ['str', 'address'], ['hnr', 'address'], ['hausnr', 'address'],
  ['kfz', 'plate'], ['pkw', 'plate'], ['plate', 'plate'], ['idnr', 'taxId'], ['stnr', 'taxNumber'], ['steuernr', 'taxNumber'],
  ['rvnr', 'socialSecurity'], ['svnr', 'socialSecurity'], ['svn', 'socialSecurity'], ['rvn', 'socialSecurity'],
  ['kvnr', 'healthInsuranceNumber'], ['pass', 'passport'], ['perso', 'idCard'],
  ['konf', 'religion'], ['rel', 'religion'], ['gdb', 'disability'], ['icd', 'icd'], ['pg', 'care'],
  ['nr', 'number'], ['id', 'number'], ['no', 'number'], ['nummer', 'number'], ['bez', 'thing'], ['sex', 'personAttribute'],
  ['mail', 'email'], ['email', 'email'], ['emailadresse', 'email'], ['ort', 'place'], ['art', 'category'], ['typ', 'category'],
  ['jahr', 'year'], ['tag', 'date'], ['kind', 'role'], ['gast', 'role'], ['alter', 'personAttribute'],
])

/** Linking elements between compound parts and inflection endings after the last one. */
const LINKS = ['', 's', 'es', 'n', 'en', 'e', 'er', 'ns', 'in', 'innen', 'nen', 'em']

export interface Part {
  text: string
  /** null: letters that are no known morpheme. */
  concept: Concept | null
  /** The linking element or ending after it ("s" in flurstueck+s+eigentuemer). */
  link?: string
}

export const fold = (s: string) => s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')

/** Words of a column name: "E-Mail" → [e, mail], "kontaktTelefon" → [kontakt, telefon], "ICD10" → [icd, 10]. */
export function nameTokens(name: string): string[] {
  // camelCase splits words ("kontaktTelefon"), but not known words written in mixed case ("GdB", "IdNr", "StNr").
  const camel = name
    .split(/[^\p{L}\d]+/u)
    .map((w) => (WHOLE_WORDS.has(fold(w)) || LEXICON.has(fold(w)) ? w : w.replace(/([a-zäöüß])([A-ZÄÖÜ])/g, '$1 $2').replace(/([A-ZÄÖÜ]+)([A-ZÄÖÜ][a-zäöüß])/g, '$1 $2')))
    .join(' ')
  const t = fold(camel)
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  // "E-Mail", "first_name", "Vor-Name": join the pieces that form one word.
  const out: string[] = []
  for (const w of t) {
    const prev = out.at(-1)
    if (prev === 'e' && (w === 'mail' || w.startsWith('mail'))) out[out.length - 1] = `e${w}`
    else if (prev && w === 'name' && ['first', 'last', 'given', 'family', 'sur', 'fore', 'vor', 'nach', 'full'].includes(prev)) out[out.length - 1] = `${prev}name`
    else out.push(w)
  }
  return out
}

const MAX_WORD = 40

/**
 * Cheapest split of one word into morphemes: one per morpheme, 0.2 per linking element. Unknown letters may only
 * open the word (an unknown modifier, as in "Brunnen|eigentümer"); a word whose end is no known morpheme is
 * unknown as a whole, so that known morphemes inside unknown words ("Orien|tier|ung") mean nothing.
 */
export function decompound(word: string): Part[] {
  if (/^\d+$/.test(word)) return [{ text: word, concept: null }]
  const whole = WHOLE_WORDS.get(word)
  if (whole) return [{ text: word, concept: whole }]
  const n = word.length
  const cost: number[] = new Array(n + 1).fill(Infinity)
  const back: { from: number; part: Part | null; link: string }[] = new Array(n + 1)
  for (let i = 0; i < n; i++) {
    // Start after an unknown prefix of i letters (cost i), or continue after known parts.
    const start = Math.min(i === 0 ? 0 : i + 0.5, cost[i])
    const fromPrefix = start !== cost[i] || cost[i] === Infinity
    for (let len = 3; len <= Math.min(MAX_WORD, n - i); len++) {
      const w = word.slice(i, i + len)
      const concept = LEXICON.get(w)
      if (!concept) continue
      // A short morpheme right after unknown letters is a coincidence more often than a part ("Hallenw|art").
      if (len <= 3 && fromPrefix && i > 0) continue
      for (const link of LINKS) {
        if (link && !word.startsWith(link, i + len)) continue
        const j = i + len + link.length
        const c = start + 1 + (link ? 0.2 : 0)
        if (c < cost[j]) {
          cost[j] = c
          back[j] = { from: fromPrefix ? -i : i, part: { text: w, concept }, link }
        }
      }
    }
  }
  if (cost[n] === Infinity) return [{ text: word, concept: null }]
  const parts: Part[] = []
  let j = n
  while (j > 0) {
    const b = back[j]
    parts.push({ ...b.part!, ...(b.link ? { link: b.link } : {}) })
    // A negative "from" marks a part that follows the unknown prefix word[0, -from).
    if (b.from <= 0) {
      if (b.from < 0) parts.push({ text: word.slice(0, -b.from), concept: null })
      break
    }
    j = b.from
  }
  return parts.reverse()
}

/**
 * German agent nouns (-er: Finder, Verlierer, -nehmer, -feger), nominalised participles and adjectives (-ender,
 * -igter, -eter, -ierte: Vorsitzender, Geschädigter, Verpflichtete) and the other suffixes that form words for
 * persons (-ling, -ist, -ant, -ent, -eur, -ar/-är, -wart, -mann, -frau, -kraft: Prüfling, Praktikant, Jubilar,
 * Hallenwart, Obmann, Lehrkraft); folded, at the end of a word.
 */
const AGENT_NOUN = /(?:[bcdfghklmnprstvwz]er|ende|ender|igte|igter|ete|eter|ierte|ierter|ling|ist|ant|ent|eur|ar|aer|wart|mann|frau|kraft)$/

const ATTRIBUTE: ReadonlySet<Concept> = new Set([
  'givenName', 'familyName', 'name', 'phone', 'email', 'address', 'birth', 'death', 'taxId', 'taxNumber', 'tax', 'socialSecurity',
  'healthInsuranceNumber', 'idCard', 'passport', 'iban', 'plate', 'plateOrId', 'personAttribute',
])
const SPECIAL: ReadonlySet<Concept> = new Set(['religion', 'health', 'care', 'disability', 'disabilityMark', 'icd', 'political', 'union', 'ethnic', 'sexual', 'biometric'])
/** Heads that take their meaning from the part before them ("Telefon|nummer", "Geburts|datum", "Behinderungs|art"). */
const TRANSPARENT: ReadonlySet<Concept> = new Set(['number', 'date', 'year', 'place', 'category', 'membership'])

export type SpecialCategory = 'religion' | 'health' | 'political' | 'union' | 'ethnic' | 'sexual' | 'biometric'

export interface ColumnHints {
  /** The column name split into words and compound parts, for messages ("flurstueck+s+eigentuemer"). */
  parts: string
  /** A column of one part of persons' names (vorname, nachname). */
  namePart: boolean
  /** A column named for persons in a role (eigentümer, inhaber, bauherr …) or for their names. */
  person: boolean
  /** The role is one the records are about (owner, resident, customer) rather than a contact or clerk. */
  subjectRole: boolean
  /** The role word, for messages. */
  role: string | null
  /** A bare "name" column: only values that look like "Firstname Lastname" with a known first name count. */
  genericName: boolean
  /**
   * The name ends in an unknown agent noun or nominalised participle (Finder, Verlierer, Anschlussnehmer,
   * Vorsitzender, Geschädigter): perhaps persons. Only values that are "Firstname Lastname" with a known first
   * name count, as in a generic name column.
   */
  agentRole: boolean
  phone: boolean
  email: boolean
  birth: boolean
  /** A date or year column without a further word ("Datum", "Jahr"): checked for a birth-like spread of years. */
  genericDate: boolean
  /** Street + house number: personal only in a list of persons, named as a home address, or as a person's. */
  address: boolean
  privateAddress: boolean
  plate: boolean
  tax: boolean
  taxId: boolean
  taxNumber: boolean
  socialSecurity: boolean
  healthInsuranceNumber: boolean
  idDocument: boolean
  iban: boolean
  special: SpecialCategory | null
  /** Which special-category word: decides which value patterns apply (GdB, Pflegegrad, Merkzeichen, ICD-10). */
  specialWord: Concept | null
  /** A special category stated as a person's (Religionszugehörigkeit, Parteimitglied, Konfession_Kind). */
  personLinked: boolean
  /** A personal attribute (sex, nationality, birth place …), for messages; null when none. */
  personAttribute: string | null
  /** Birth place, birth name and the like: personal wherever they appear. */
  intrinsicAttribute: boolean
  aggregate: boolean
}

interface Word {
  parts: Part[]
  known: Part[]
  head: Part | undefined
}

function analyse(token: string): Word {
  const parts = decompound(token)
  const known = parts.filter((p) => p.concept !== null)
  const last = parts.at(-1)
  // A word that ends in unknown letters has an unknown head: its known parts still count as modifiers.
  return { parts, known, head: last && last.concept !== null ? last : undefined }
}

const SPECIAL_OF: Partial<Record<Concept, SpecialCategory>> = {
  religion: 'religion', health: 'health', care: 'health', disability: 'health', disabilityMark: 'health', icd: 'health',
  political: 'political', union: 'union', ethnic: 'ethnic', sexual: 'sexual', biometric: 'biometric',
}

const cache = new Map<string, ColumnHints>()

export function columnHints(name: string): ColumnHints {
  const cached = cache.get(name)
  if (cached) return cached
  const hints = computeHints(name)
  if (cache.size < 10_000) cache.set(name, hints)
  return hints
}

function computeHints(name: string): ColumnHints {
  const tokens = nameTokens(name)
  const ws = tokens.map(analyse)
  const all = ws.flatMap((w) => w.known)
  const has = (c: Concept) => all.some((p) => p.concept === c)
  const aggregate = has('aggregate')
  const thingInName = all.some((p) => p.concept === 'thing' || p.concept === 'nonHuman' || p.concept === 'honoree')

  // A role counts when nothing but person data follows it in its word: "Eigentümer|art", "Kunden|nummer",
  // "Anwohner|park|zone" are things, "Flurstücks|eigentümer", "Eigentümer|name" are persons.
  let role: Part | null = null
  let subjectRole = false
  for (const w of ws) {
    for (const [i, p] of w.known.entries()) {
      if (p.concept !== 'role' && p.concept !== 'contact') continue
      const after = w.known.slice(i + 1)
      if (after.every((q) => q.concept === 'role' || q.concept === 'contact' || ATTRIBUTE.has(q.concept!) || SPECIAL.has(q.concept!))) {
        role = p
        if (p.concept === 'role') subjectRole = true
      }
    }
  }
  const person = !aggregate && role !== null
  const lastWord = [...ws].reverse().find((w) => !/^\d+$/.test(w.parts.map((p) => p.text).join('')))
  const lastPart = lastWord?.parts.at(-1)
  const agentRole =
    !aggregate && !person && lastPart !== undefined && lastPart.concept === null && lastPart.text.length >= 5 && AGENT_NOUN.test(lastPart.text)
  const namePart = !aggregate && (has('givenName') || has('familyName'))
  // A bare "Name" (also "Name_1", "NAME"): nothing else known in the column name.
  const genericName = !aggregate && !person && !namePart && has('name') && all.every((p) => p.concept === 'name' || p.concept === 'number')
  const phone = !aggregate && has('phone')
  const email = has('email')
  const web = has('web')

  // "Geburts|datum", "Geburts|jahr", "geb_dat": date and year heads take their meaning from the birth word.
  const birth = !aggregate && has('birth') && !ws.some((w) => w.head?.concept === 'thing')
  const dateWords = ws.filter((w) => w.known.length === 1 && (w.head?.concept === 'date' || w.head?.concept === 'year'))
  const genericDate = !aggregate && dateWords.length > 0 && ws.every((w) => w.known.every((p) => ['date', 'year', 'role', 'number'].includes(p.concept!)))

  // The address must be what the column holds (its head, or before a number: "Haus|nummer"), not "Straßen|name".
  const addressWord = !email && !web && ws.some((w) => w.known.some((p, i) => p.concept === 'address' && w.known.slice(i + 1).every((q) => q.concept === 'number')))
  const privateAddress = addressWord && (has('private') || person)
  const address = addressWord && (privateAddress || !thingInName)

  // "Kennzeichen", "Kfz_Kennzeichen" are plates; "Flurstücks|kennzeichen" is the id of a thing.
  const plate = has('plate') || (has('plateOrId') && !thingInName)
  const tax = has('tax') || has('taxId') || has('taxNumber')
  const numberWord = has('number')
  const taxId = has('taxId') || (has('tax') && numberWord && tokens.some((t) => t === 'id' || t.startsWith('ident')))
  const taxNumber = has('taxNumber') || (has('tax') && numberWord && !taxId)
  const socialSecurity = has('socialSecurity')
  const healthInsuranceNumber = has('healthInsuranceNumber')
  const idDocument = has('idCard') || has('passport')
  const iban = has('iban')

  // Special categories (Art. 9 GDPR): the word must be the head or be followed only by a transparent head
  // ("Behinderungs|art", "Religions|zugehörigkeit"); "Behinderten|parkplatz" or "Baum|krankheit" are not.
  // A membership or role after it makes it a person's: "Religions|zugehörigkeit", "Gewerkschafts|mitglied".
  let special: SpecialCategory | null = null
  let specialWord: Concept | null = null
  let membership = false
  if (!aggregate && !has('nonHuman')) {
    for (const w of ws) {
      for (const [i, p] of w.parts.entries()) {
        const cat = p.concept && SPECIAL_OF[p.concept]
        if (!cat) continue
        const after = w.parts.slice(i + 1)
        if (after.every((q) => q.concept !== null && (TRANSPARENT.has(q.concept) || SPECIAL.has(q.concept) || q.concept === 'role'))) {
          special = cat
          specialWord = p.concept
          if (after.some((q) => q.concept === 'membership' || q.concept === 'role')) membership = true
        }
      }
    }
  }
  const personLinked = special !== null && (membership || person)

  let personAttribute: string | null = null
  let intrinsicAttribute = false
  if (!aggregate) {
    const attr = all.find((p) => p.concept === 'personAttribute')
    const headThing = ws.some((w) => w.head?.concept === 'thing')
    if (attr && !headThing && !has('nonHuman')) personAttribute = attr.text
    else if (has('death') && !headThing) personAttribute = 'death'
    // "Wohnort", "Wohnsitz_Ort": where a person lives, also without street and number.
    else if (has('private') && ws.some((w) => w.head?.concept === 'place')) personAttribute = 'residence'
    if (birth && ws.some((w) => w.head?.concept === 'place')) {
      personAttribute = 'birth place'
      intrinsicAttribute = true
    }
    if (personAttribute && ['staatsangehoerigkeit', 'familienstand', 'nationalitaet', 'nationality', 'citizenship', 'maritalstatus'].includes(personAttribute)) intrinsicAttribute = true
  }

  const parts = ws.map((w) => w.parts.map((p) => (p.link ? `${p.text}+${p.link}` : p.text)).join('+')).join(' ')
  return {
    parts,
    namePart,
    person: person && !namePart,
    subjectRole: (person && subjectRole) || namePart,
    role: (role as Part | null)?.text ?? null,
    genericName,
    agentRole: agentRole && !genericName && !has('givenName') && !has('familyName'),
    phone,
    email,
    birth: birth && !(personAttribute === 'birth place'),
    genericDate,
    address,
    privateAddress,
    plate,
    tax,
    taxId,
    taxNumber,
    socialSecurity,
    healthInsuranceNumber,
    idDocument,
    iban,
    special,
    specialWord,
    personLinked,
    personAttribute,
    intrinsicAttribute,
    aggregate,
  }
}
