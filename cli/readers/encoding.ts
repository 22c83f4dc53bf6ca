// Text encodings of the publisher's inputs, in one place: the single-byte code pages Node's TextDecoder lacks or
// gets wrong (Windows-1252, DOS 437/850/852), encoding names as .cpg files and users write them, and decoders
// for Buffers. Used by the Shapefile reader (.dbf), the CSV reader, the GDAL path and the inventory.
import { InputError } from './errors.ts'

// 0x80–0xFF of the single-byte code pages Node's TextDecoder lacks or gets wrong. Node 20's 'windows-1252' decoder
// is plain Latin-1 (0x80 → U+0080 instead of €), so Windows-1252 is here too.
export const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178' +
  Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('')
const CP437_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\xe0\xe5\xe7\xea\xeb\xe8\xef\xee\xec\xc4\xc5\xc9\xe6\xc6\xf4\xf6\xf2\xfb\xf9\xff\xd6\xdc\xa2\xa3\xa5\u20a7\u0192' +
  '\xe1\xed\xf3\xfa\xf1\xd1\xaa\xba\xbf\u2310\xac\xbd\xbc\xa1\xab\xbb\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580' +
  '\u03b1\xdf\u0393\u03c0\u03a3\u03c3\xb5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6\u03b5\u2229\u2261\xb1\u2265\u2264\u2320\u2321\xf7\u2248\xb0\u2219\xb7\u221a\u207f\xb2\u25a0\xa0'
const CP850_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\xe0\xe5\xe7\xea\xeb\xe8\xef\xee\xec\xc4\xc5\xc9\xe6\xc6\xf4\xf6\xf2\xfb\xf9\xff\xd6\xdc\xf8\xa3\xd8\xd7\u0192' +
  '\xe1\xed\xf3\xfa\xf1\xd1\xaa\xba\xbf\xae\xac\xbd\xbc\xa1\xab\xbb\u2591\u2592\u2593\u2502\u2524\xc1\xc2\xc0\xa9\u2563\u2551\u2557\u255d\xa2\xa5\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\xe3\xc3\u255a\u2554\u2569\u2566\u2560\u2550\u256c\xa4\xf0\xd0\xca\xcb\xc8\u0131\xcd\xce\xcf\u2518\u250c\u2588\u2584\xa6\xcc\u2580' +
  '\xd3\xdf\xd4\xd2\xf5\xd5\xb5\xfe\xde\xda\xdb\xd9\xfd\xdd\xaf\xb4\xad\xb1\u2017\xbe\xb6\xa7\xf7\xb8\xb0\xa8\xb7\xb9\xb3\xb2\u25a0\xa0'
const CP852_HIGH =
  '\xc7\xfc\xe9\xe2\xe4\u016f\u0107\xe7\u0142\xeb\u0150\u0151\xee\u0179\xc4\u0106\xc9\u0139\u013a\xf4\xf6\u013d\u013e\u015a\u015b\xd6\xdc\u0164\u0165\u0141\xd7\u010d' +
  '\xe1\xed\xf3\xfa\u0104\u0105\u017d\u017e\u0118\u0119\xac\u017a\u010c\u015f\xab\xbb\u2591\u2592\u2593\u2502\u2524\xc1\xc2\u011a\u015e\u2563\u2551\u2557\u255d\u017b\u017c\u2510' +
  '\u2514\u2534\u252c\u251c\u2500\u253c\u0102\u0103\u255a\u2554\u2569\u2566\u2560\u2550\u256c\xa4\u0111\u0110\u010e\xcb\u010f\u0147\xcd\xce\u011b\u2518\u250c\u2588\u2584\u0162\u016e\u2580' +
  '\xd3\xdf\xd4\u0143\u0144\u0148\u0160\u0161\u0154\xda\u0155\u0170\xfd\xdd\u0163\xb4\xad\u02dd\u02db\u02c7\u02d8\xa7\xf7\xb8\xb0\xa8\u02d9\u0171\u0158\u0159\u25a0\xa0'

const TABLES: Record<string, string> = {
  // ISO-8859-1 is read as its superset Windows-1252 (as browsers do): GDAL would turn 0x80–0x9F into invisible
  // control characters, but files labelled Latin-1 that use those bytes mean €, „, “ and the like.
  'CP1252': CP1252_HIGH,
  'ISO-8859-1': CP1252_HIGH,
  'CP437': CP437_HIGH,
  'CP850': CP850_HIGH,
  'CP852': CP852_HIGH,
}

/** Encoding names as found in .cpg files or given by users → canonical names (as ./gdal.ts normaliseEncoding). */
export function canonicalEncoding(name: string): string {
  const n = name.trim().replace(/^["']|["']$/g, '')
  const k = n.toLowerCase().replace(/[\s_]/g, '')
  if (/^utf-?8$/.test(k)) return 'UTF-8'
  if (/^(cp|windows-?|ansi-?)?1252$/.test(k)) return 'CP1252'
  if (/^(iso-?8859-?1|8859-?1|88591|latin-?1|l1|ascii|us-?ascii)$/.test(k)) return 'ISO-8859-1'
  if (/^(latin-?9)$/.test(k)) return 'ISO-8859-15'
  const iso = /^(iso-?)?8859-?(\d{1,2})$/.exec(k)
  if (iso) return `ISO-8859-${iso[2]}`
  const cp = /^(cp|ibm|oem|ansi|windows-?|dos-?)?(\d{3,5})$/.exec(k)
  if (cp) return `CP${cp[2]}`
  return n.toUpperCase()
}

/** Canonical name → a WHATWG label for TextDecoder (multi-byte and the single-byte pages Node decodes correctly). */
export function decoderLabel(name: string): string {
  const cp = /^CP(\d+)$/.exec(name)
  if (cp) {
    const n = Number(cp[1])
    if (n >= 1250 && n <= 1258) return `windows-${n}`
    const pages: Record<number, string> = {
      866: 'ibm866',
      874: 'windows-874',
      932: 'shift_jis',
      936: 'gbk',
      949: 'euc-kr',
      950: 'big5',
      10000: 'macintosh',
      10007: 'x-mac-cyrillic',
    }
    return pages[n] ?? name
  }
  return name.toLowerCase()
}

interface SliceableBuffer {
  latin1Slice?(start: number, end: number): string
  utf8Slice?(start: number, end: number): string
}
const fastSlices = typeof (Buffer.prototype as SliceableBuffer).latin1Slice === 'function' &&
  typeof (Buffer.prototype as SliceableBuffer).utf8Slice === 'function'
/** Buffer's own slice decoders (what toString calls after checking its arguments), a little faster per call. */
export const latin1 = fastSlices
  ? (b: Buffer, s: number, e: number) => (b as SliceableBuffer).latin1Slice!(s, e)
  : (b: Buffer, s: number, e: number) => b.toString('latin1', s, e)
export const utf8 = fastSlices
  ? (b: Buffer, s: number, e: number) => (b as SliceableBuffer).utf8Slice!(s, e)
  : (b: Buffer, s: number, e: number) => b.toString('utf8', s, e)

const C1 = /[\x80-\x9f]/g

export function makeDecoder(file: string, name: string, source: string): (b: Buffer, start: number, end: number) => string {
  if (name === 'UTF-8') return utf8
  const high = TABLES[name]
  if (high === CP1252_HIGH) {
    // Latin-1 except for 0x80–0x9F.
    return (b, s, e) => {
      const text = latin1(b, s, e)
      for (let i = s; i < e; i++) {
        if (b[i] >= 0x80 && b[i] < 0xa0) return text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80])
      }
      return text
    }
  }
  if (high) {
    return (b, s, e) => {
      let out = ''
      for (let i = s; i < e; i++) out += b[i] < 0x80 ? String.fromCharCode(b[i]) : high[b[i] - 0x80]
      return out
    }
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(decoderLabel(name))
  } catch {
    throw new InputError(
      file,
      `the .dbf encoding "${name}" (from ${source}) is not supported; state another with --encoding or save the ` +
        `Shapefile again as UTF-8`,
    )
  }
  return (b, s, e) => decoder.decode(b.subarray(s, e))
}

/** Windows-1252 bytes as text (Excel's "CSV" on German Windows, ZIP names without the UTF-8 flag). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192)
    let s = ''
    for (const b of chunk) s += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b)
    parts.push(s)
  }
  return parts.join('')
}
