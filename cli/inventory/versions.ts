// Versions of one data set: names that differ only by "_alt", "_neu", "Kopie von", "- Kopie", "(2)", "v3",
// "final" or a date. Such finds share a key (format + normalised name); a key with two or more different names
// is a version group.

const PATTERNS: RegExp[] = [
  /^kopie\s*(\(\d+\)\s*)?von\s+/, // Windows (German): "Kopie von x", "Kopie (2) von x"
  /^copy\s*(\(\d+\)\s*)?of\s+/,
  /\s*-\s*kopie(\s*\(\d+\))?$/, // "x - Kopie", "x - Kopie (2)"
  /\s*-\s*copy(\s*\(\d+\))?$/,
  /\s*\(\d+\)$/,
  /(19|20)\d\d[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])/g, // 2021-03-04, 20210304
  /(0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](19|20)\d\d/g, // 04.03.2021
  /(^|[-_ ])(19|20)\d\d(?=$|[-_ ])/g, // a year as a word
  /(^|[-_ ])(alt|neu|old|new|final|aktuell|entwurf|backup|bak|orig|original|kopie|copy|v\d{1,3}|version\d{0,3}|stand)(?=$|[-_ ])/g,
]

export function versionKey(format: string, path: string): { key: string; name: string } {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  const name = (dot > 0 ? base.slice(0, dot) : base).toLowerCase()
  let k = name
  // Applied twice: "Kopie von x_alt_2020" needs the prefix gone before the suffixes are at the end.
  for (let pass = 0; pass < 2; pass++) for (const p of PATTERNS) k = k.replace(p, (m, lead) => (typeof lead === 'string' && /^[-_ ]$/.test(lead) ? lead : ''))
  k = k.replace(/[-_ .]+/g, '_').replace(/^_+|_+$/g, '')
  return { key: `${format}|${k || name}`, name }
}
