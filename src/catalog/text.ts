// The folding of German text shared by the catalog search (search.ts) and the place search (places.ts): case,
// umlauts, ß and accents. Its own module so the place search does not pull MiniSearch into the entry chunk
// (the catalog search loads on demand).

/**
 * Folds case, umlauts and ß: "Straße" → "strasse", "Bäume" → "baeume". Accents of other letters are removed
 * (é → e). Anything that is not a letter or digit separates words.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}

/** Lower-case words of a text: anything that is not a letter or digit separates them. */
export const split = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)

/** Folded spellings of one (lower-case) word: with ä → ae and, if it differs, with ä → a. */
export function variants(raw: string): string[] {
  const a = fold(raw)
  const b = fold(raw.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u'))
  return a === b ? [a] : [a, b]
}

/** Words of a text, folded. Each word with an umlaut also appears without it ("baeume" and "baume"). */
export function tokens(text: string): string[] {
  const out = new Set<string>()
  for (const raw of split(text)) for (const v of variants(raw)) out.add(v)
  return [...out]
}

/** Query words: folded, so "Bäume", "baeume" and "baume" each match "Bäume". */
export function queryTokens(query: string): string[] {
  return split(query).map(fold)
}
