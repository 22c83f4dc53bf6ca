// Person names in values: first-name list and the shapes names are written in ("Max Mustermann", "Mustermann, Max",
// "Dr. Anna Schmidt-Weber", "Frau Müller", "M. Becker", "Familie Schulte"). Pure functions.

/**
 * Common first names in Germany (all generations, the frequent Turkish, Arabic, Polish, Russian, Italian and
 * Balkan ones among them); used where a column is only called "name". Its recall is measured on the corpus
 * (personal.corpus.json), not assumed.
 */
export const FIRST_NAMES = new Set(
  `adam adrian alexander alexandra alfred ali alina andrea andreas angelika anja anke anna anne annette anton antonia arne
  barbara bastian ben benjamin bernd bettina birgit björn brigitte bruno carina carl carla carolin charlotte christa christian christiane christina christine christoph
  claudia clara cornelia daniel daniela david dennis detlef diana dieter dirk doris dorothea edith elena elias elisabeth elke ella emil emilia emily emma erich erika ernst erwin eva
  fabian felix finn florian frank franz franziska frieda friedrich fritz gabriele georg gerd gerhard gertrud gisela greta gudrun günter günther hanna hannah hannelore hans harald heike heinrich heinz
  helga helmut henning henry herbert hermann hildegard holger horst hubert ida ilse ina inge ingrid irene iris jakob jan jana jannik jens jessica joachim johanna johannes jonas jonathan jörg josef julia julian juliane jürgen jutta
  kai karin karl karla katharina kathrin katja kerstin kevin klaus konrad kurt lara lars laura lea lena leon leonie lina linda lisa lotte louis luca lucas lukas luise lutz
  mahmut manfred manuel marc marcel marco marcus margarete maria marie marina mario marion mark markus marlene martha martin martina mathias matthias max maximilian mehmet melanie mia michael michaela mila mohammed monika moritz mustafa
  nadine natalie nicole niklas nico nils nina noah norbert ole olaf oliver otto patrick paul paula peter petra philipp rainer ralf ralph regina reinhard renate rene richard robert roland rolf rosemarie ruth
  sabine sabrina sandra sara sarah sascha sebastian silke simon simone sofia sophia sophie stefan stefanie steffen stephan susanne sven svenja swen tanja thomas thorsten tim tobias tom torsten ulrich ulrike ursula uta ute uwe
  valentin vanessa vera verena viktor walter waltraud werner wilhelm willi wolfgang yasemin yvonne
  agnes albert alois amelie angela anita anneliese annika antje astrid beate benedikt bernhard berta bettina brunhilde
  christel cäcilia dagmar detlev dietmar dietrich dominik dora edeltraud egon elfriede ella elli elfi emine eugen ewald
  erna eckhard ferdinand franziskus friedhelm friedel gabi gerda gerlinde gernot gottfried hakan hannes hanne hedwig heidi heiko
  heinz-dieter helene helmuth henrik hilde hildegard hubertus ilona ingeborg irmgard isabel isabella jacqueline janina jannis
  jasmin jennifer jochen johann josefine karl-heinz karsten katrin klara lieselotte liesel lorenz lothar ludwig magdalena
  maik manuela margot margret marianne marita marlies mathilde mechthild meike mirco mirko miriam nele nora olga oskar ottilie
  pascal philip reiner reinhold ricarda rita roswitha rudolf rüdiger sabina sandro selina siegfried sigrid sonja stephanie
  susanna theresa therese thea theo theodor tilo tina udo ulla ulf ute waldemar wiebke wilfried wilma winfried
  ahmet ahmed ali ayşe ayse aylin bülent can cem deniz elif emir emre esra fatma fatih hasan hatice hülya ibrahim ismail kemal
  leyla mehmet melek merve murat necla osman özlem ömer serkan sevgi tuba yusuf zeynep hussein hassan omar fatima amina
  aleksandra agnieszka andrzej anna-lena bartosz dorota ewa grzegorz jacek jakub joanna katarzyna krzysztof magdalena
  małgorzata marek marta michał paweł piotr tomasz wojciech zofia dmitri dmitrij irina jelena natascha natalia oksana olga
  sergej sergei svetlana swetlana tatjana wladimir juri galina ljudmila alessandro francesco giuseppe giovanni luigi marco
  antonio ana ivan ivana dragan milan goran zoran jovana maja nikola stefano emilio`.split(/\s+/),
)

/** Endings that make a word a place, institution, street or thing rather than a person's name. */
const NOT_PERSON_SUFFIXES = [
  'schule', 'gymnasium', 'kolleg', 'kindergarten', 'kita', 'akademie', 'universität', 'hochschule', 'institut',
  'straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ufer', 'pfad', 'steig', 'chaussee', 'graben',
  'kirche', 'kapelle', 'park', 'friedhof', 'halle', 'stadion', 'zentrum', 'center', 'klinik', 'krankenhaus',
  'amt', 'rathaus', 'verwaltung', 'behörde', 'gmbh', 'stiftung', 'verein', 'verband', 'bibliothek', 'museum', 'theater',
  'bahnhof', 'haltestelle', 'markt', 'büro', 'werke', 'bau', 'gemeinde', 'kirchengemeinde', 'verein', 'partei', 'werkstatt', 'dienst', 'service', 'technik', 'handel', 'brücke', 'turm', 'radweg', 'route', 'linie', 'bezirk', 'viertel', 'siedlung', 'altstadt', 'hütte',
]
/** Whole words of the same sort that are also the ending of common surnames (Neuhaus, Baumgarten, Hering). */
const NOT_PERSON_WORDS = new Set([
  'soest', 'nord', 'süd', 'ost', 'west', 'mitte', 'sankt', 'st.', 'bad', 'am', 'an', 'auf', 'im', 'in', 'zum', 'zur', 'der', 'die', 'das', 'und',
  'demo', 'stadt', 'kreis', 'land', 'gemeinde', 'haus', 'heim', 'garten', 'ring', 'tor', 'dom', 'see', 'hof', 'wall', 'damm', 'mühle', 'hort',
  'ag', 'kg', 'ev', 'e.v.', 'mbh', 'ohg', 'gbr', 'ug', 'co.', 'kgaa', 'se',
])
const TITLES = /^(?:(?:herr|frau|hr\.|fr\.|dr\.|prof\.|dipl\.-[\p{L}.]+|mr\.?|mrs\.?|ms\.?|familie|fam\.|eheleute)\s+)+/iu
/** "M. Becker", "H.-J. Schulte": an initial before a surname. */
const INITIAL = /^\p{Lu}\.(?:-\p{Lu}\.)?$/u
const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'zu', 'vom', 'zum', 'di', 'da', 'del', 'la', 'le', 'ter', 'ten', 'op'])
const NAME_WORD = /^(?:\p{Lu}[\p{Ll}'’]+|\p{Lu}{2,})(?:-(?:\p{Lu}[\p{Ll}'’]+|\p{Lu}{2,}))?\.?$/u

function personWords(value: string): { words: string[]; titled: boolean } | null {
  let v = value.trim()
  if (v.length < 3 || v.length > 80 || /[\d@\/:;()_#&%"]/.test(v)) return null
  const titled = TITLES.test(v)
  v = v.replace(TITLES, '')
  // "Mustermann, Max" → "Max Mustermann"
  // "Mustermann, Max" → "Max Mustermann"; a comma before anything but a first name is a list ("Pkw, Fahrrad").
  const comma = /^([^,]+),\s*([^,]+)$/.exec(v)
  if (comma) {
    if (!FIRST_NAMES.has(comma[2].split(/[\s-]/)[0].toLowerCase())) return null
    v = `${comma[2]} ${comma[1]}`
  }
  const all = v.split(/\s+/).filter((w) => !PARTICLES.has(w))
  const initial = all.length === 2 && INITIAL.test(all[0])
  const words = initial ? all.slice(1) : all
  if (!words.length || words.length > 5 || !words.every((w) => NAME_WORD.test(w))) return null
  // Short words in capitals are acronyms (LANUV NRW, AWO), unless they are first names (MAX MUSTERMANN).
  if (words.some((w) => /^\p{Lu}{2,5}$/u.test(w) && !FIRST_NAMES.has(w.toLowerCase()))) return null
  for (const w of words) {
    const lw = w.toLowerCase()
    if (lw.split('-').some((p) => NOT_PERSON_WORDS.has(p) || NOT_PERSON_SUFFIXES.some((s) => p.endsWith(s)))) return null
  }
  return { words, titled: titled || initial }
}

/** "Max Mustermann", "Dr. Anna Schmidt-Weber", "Mustermann, Max", "Frau Müller": a whole person name. */
export function looksLikePersonName(value: string, requireKnownFirstName: boolean): boolean {
  const p = personWords(value)
  if (!p) return false
  if (p.titled) return p.words.length >= 1
  if (p.words.length < 2 || p.words.length > 4) return false
  if (!requireKnownFirstName) return true
  const first = p.words[0].toLowerCase().split('-')[0]
  return FIRST_NAMES.has(first)
}

/** A value of a vorname/nachname column: one or two capitalised words. */
export function looksLikeNamePart(value: string): boolean {
  const p = personWords(value)
  return !!p && p.words.length >= 1 && p.words.length <= 3
}
