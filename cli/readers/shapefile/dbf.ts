// .dbf (dBASE III): the table, its fields and values, and which text encoding they are in.
import { isAscii, isUtf8 } from 'node:buffer'
import { ColumnType, type Scalar } from '../../vector/model.ts'
import { canonicalEncoding, latin1, makeDecoder } from '../encoding.ts'
import { InputError } from '../errors.ts'
import { le16, le32 } from '../files.ts'

// ---------------------------------------------------------------------------------------------------------------
// .dbf: the table.


export const enum Kind {
  String,
  Int,
  Long,
  Double,
  Bool,
  Date,
}

export const COLUMN_TYPE: Record<Kind, ColumnType> = {
  [Kind.String]: ColumnType.String,
  [Kind.Int]: ColumnType.Int,
  [Kind.Long]: ColumnType.Long,
  [Kind.Double]: ColumnType.Double,
  [Kind.Bool]: ColumnType.Bool,
  [Kind.Date]: ColumnType.DateTime, // ISO date text ("2021-09-01"), as the gdal reader delivers it
}

interface RawField {
  /** Offset of the name bytes in the .dbf. */
  nameAt: number
  type: string
  offset: number
  width: number
  decimals: number
}

export interface DbfTable {
  records: number
  headerLength: number
  recordLength: number
  fields: RawField[]
}

/** The .dbf is long enough for its header's record count (one line naming the file otherwise); shared with the GDAL path. */
export function checkDbfLength(file: string, name: string, b: Uint8Array, size = b.length): { records: number; headerLength: number; recordLength: number } {
  if (b.length < 32) throw new InputError(file, `${name} is not a valid dBASE table; export the Shapefile again`)
  const records = le32(b, 4)
  const headerLength = le16(b, 8)
  const recordLength = le16(b, 10)
  const declared = headerLength + records * recordLength
  if (headerLength < 33 || size < declared) {
    throw new InputError(file, `${name} is truncated or damaged (${size} of ${declared} bytes); copy or export the Shapefile again`)
  }
  return { records, headerLength, recordLength }
}

export function readDbfHeader(file: string, name: string, b: Buffer, size = b.length): DbfTable {
  const damaged = (why: string) => new InputError(file, `${name} ${why}; copy or export the Shapefile again`)
  const { records, headerLength, recordLength } = checkDbfLength(file, name, b, size)
  const fields: RawField[] = []
  let offset = 1 // byte 0 of each record is the deletion flag
  for (let at = 32; at + 32 <= headerLength && b[at] !== 0x0d; at += 32) {
    const type = String.fromCharCode(b[at + 11])
    const width = b[at + 16]
    // Like shapelib: only numeric fields have decimals (elsewhere the byte is sometimes garbage).
    const decimals = type === 'N' || type === 'F' ? b[at + 17] : 0
    fields.push({ nameAt: at, type, offset, width, decimals })
    offset += width
  }
  if (offset > recordLength && fields.length > 0) {
    throw damaged(`is damaged: its fields need ${offset} bytes per record but records have ${recordLength}`)
  }
  return { records, headerLength, recordLength, fields }
}

export interface Field {
  name: string
  kind: Kind
  offset: number
  width: number
}

/** Column types as GDAL derives them from the dBASE types (shapelib DBFGetFieldInfo + shape2ogr.cpp). */
function fieldKind(f: RawField): Kind {
  switch (f.type) {
    case 'N':
    case 'F':
      if (f.decimals > 0 || f.width >= 19) return Kind.Double
      return f.width >= 10 ? Kind.Long : Kind.Int
    case 'L':
      // gdal3.js's GDAL 3.8 reports logical fields as text ("T", "F", "?"); current GDAL as booleans, like us.
      return Kind.Bool
    case 'D':
      return Kind.Date
    default:
      return Kind.String
  }
}

export function decodeFields(table: DbfTable, encoding: Encoding): Field[] {
  const seen = new Set<string>()
  return table.fields.map((f, i) => {
    const b = encoding.dbf
    let end = f.nameAt
    while (end < f.nameAt + 11 && b[end] !== 0) end++
    while (end > f.nameAt && b[end - 1] === 0x20) end--
    let name = encoding.decode(b, f.nameAt, end) || `field_${i + 1}`
    // Duplicate names would overwrite each other in the feature properties.
    if (seen.has(name)) {
      let k = 2
      while (seen.has(`${name}_${k}`)) k++
      name = `${name}_${k}`
    }
    seen.add(name)
    return { name, kind: fieldKind(f), offset: f.offset, width: f.width }
  })
}

/**
 * One value, as GDAL reads it: the field text ends at the first NUL byte and is trimmed of spaces on both sides;
 * empty text is null (also for strings), numeric fields of '*' are null, dates "00000000" are null.
 * Where GDAL would turn unreadable content into 0 or a date like "0000-00-12", we give null.
 */
export function readValue(
  b: Buffer,
  start: number,
  end: number,
  kind: Kind,
  encoding: Encoding,
  explicit: boolean,
  file: string,
  name: string,
): Scalar {
  // Padding first (usually most of the field), then the content up to a NUL byte.
  let e = end
  while (e > start && b[e - 1] === 0x20) e--
  let s = start
  while (s < e && b[s] === 0x20) s++
  let high = 0
  for (let i = s; i < e; i++) {
    const c = b[i]
    if (c === 0) {
      e = i
      while (e > s && b[e - 1] === 0x20) e--
      break
    }
    high |= c
  }
  if (s === e) return null
  switch (kind) {
    case Kind.String: {
      if (high < 0x80) return latin1(b, s, e) // ASCII: the same in every encoding we support
      const text = encoding.decode(b, s, e)
      if (!explicit && text.includes('\uFFFD')) {
        throw new InputError(
          file,
          `text in attribute "${name}" ("${text}") is not valid in the encoding chosen by ${encoding.source}; ` +
            `state the .dbf encoding (e.g. UTF-8, CP1252 or ISO-8859-1) with --encoding or write a matching .cpg file`,
        )
      }
      return text
    }
    case Kind.Int:
    case Kind.Long:
      return b[s] === 0x2a ? null : parseInteger(b, s, e)
    case Kind.Double: {
      if (b[s] === 0x2a) return null
      const x = parseFloat(latin1(b, s, e))
      return Number.isNaN(x) ? null : x
    }
    case Kind.Bool: {
      const c = b[s]
      if (c === 0x54 || c === 0x74 || c === 0x59 || c === 0x79) return true // T t Y y
      if (c === 0x46 || c === 0x66 || c === 0x4e || c === 0x6e) return false // F f N n
      return null // '?' and anything else
    }
    case Kind.Date:
      return parseDate(latin1(b, s, e))
  }
}

/** strtoll-like: optional sign, digits, stop at the first other character ("12.0" → 12); no digits → null. */
function parseInteger(b: Buffer, s: number, e: number): number | null {
  let i = s
  let negative = false
  if (b[i] === 0x2d || b[i] === 0x2b) {
    negative = b[i] === 0x2d
    i++
  }
  const first = i
  let value = 0
  while (i < e && b[i] >= 0x30 && b[i] <= 0x39) {
    value = value * 10 + (b[i] - 0x30)
    i++
  }
  if (i === first) return null
  // Beyond 15 digits the running sum may round differently from a correctly rounded conversion.
  if (i - first > 15) value = Number(latin1(b, first, i))
  return negative && value !== 0 ? -value : value
}

/** YYYYMMDD (or MM/DD/YYYY, which some writers use) → "YYYY-MM-DD"; "00000000", "0" and junk → null. */
function parseDate(t: string): string | null {
  if (t.startsWith('00000000') || t === '0') return null
  const us = /^(\d\d)\/(\d\d)\/(\d{4})/.exec(t)
  if (us) return `${us[3]}-${us[1]}-${us[2]}`
  const m = /^(\d{4})(\d\d)(\d\d)/.exec(t)
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}


export interface Encoding {
  dbf: Buffer
  /** Canonical name, e.g. "UTF-8", "CP1252". */
  name: string
  /** Where it came from, for messages. */
  source: string
  decode(b: Buffer, start: number, end: number): string
}


/** The code page of a dBASE language driver id (byte 29), as GDAL maps them; null when unknown. */
function ldidEncoding(ldid: number): string | null {
  // 0x57 (87) is "ANSI": GDAL says ISO-8859-1; Windows-1252 is what writers mean by it and decodes the same letters.
  if (ldid === 0x57) return 'CP1252'
  const pages: Record<number, number> = {
    1: 437, 2: 850, 3: 1252, 4: 10000, 8: 865, 10: 850, 11: 437, 13: 437, 14: 850, 15: 437, 16: 850, 17: 437, 18: 850,
    19: 932, 20: 850, 21: 437, 22: 850, 23: 865, 24: 437, 25: 437, 26: 850, 27: 437, 28: 863, 29: 850, 31: 852, 34: 852,
    35: 852, 36: 860, 37: 850, 38: 866, 55: 850, 64: 852, 77: 936, 78: 949, 79: 950, 80: 874, 88: 1252, 89: 1252,
    100: 852, 101: 866, 102: 865, 103: 861, 104: 895, 105: 620, 106: 737, 107: 857, 108: 863, 120: 950, 121: 949,
    122: 936, 123: 932, 124: 874, 134: 737, 135: 852, 136: 857, 150: 10007, 151: 10029, 200: 1250, 201: 1251,
    202: 1254, 203: 1253, 204: 1257,
  }
  return pages[ldid] ? `CP${pages[ldid]}` : null
}

/** True when the parts are valid UTF-8 and contain at least one non-ASCII byte (native checks, no copies). */
function isNonAsciiUtf8(...parts: Uint8Array[]): boolean {
  return parts.some((p) => !isAscii(p)) && parts.every((p) => isUtf8(p))
}

/** Explicit option > .cpg > the language driver byte > detection (valid UTF-8 → UTF-8, otherwise Windows-1252). */
export function chooseEncoding(
  file: string,
  option: string | undefined,
  cpg: Buffer | null,
  dbf: Buffer,
  table: DbfTable,
  base: string,
  /** Are the field names and records non-ASCII UTF-8? (A streaming reader scans the file for this.) */
  utf8 = () => isNonAsciiUtf8(dbf.subarray(32, table.headerLength), dbf.subarray(table.headerLength)),
): Encoding {
  const fromLdid = ldidEncoding(dbf[29])
  const declared = cpg ? cpg.toString('latin1').replace(/^\xef\xbb\xbf/, '').trim() : ''
  let name: string
  let source: string
  if (option) {
    name = canonicalEncoding(option)
    source = 'the encoding option'
  } else if (declared) {
    name = canonicalEncoding(declared)
    source = `${base}.cpg ("${declared}")`
  } else if (fromLdid) {
    name = fromLdid
    source = `the language driver byte of ${base}.dbf`
  } else {
    name = utf8() ? 'UTF-8' : 'CP1252'
    source = `detection (no ${base}.cpg)`
  }
  return { dbf, name, source, decode: makeDecoder(file, name, source) }
}

