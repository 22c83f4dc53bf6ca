// CSV with coordinate columns (as exported by Excel, LibreOffice, QGIS or open-data portals). Pure TypeScript.
// Coordinates stay in the source CRS; the CRS comes from the caller (--crs), from an EPSG column, or — only for
// lon/lat-named columns whose values are all in range — is taken to be WGS84. UTM is never guessed.
import { normaliseCrs } from '../../src/projection/registry.ts'
import { checkColumnLimits, columnsFromFeatures, type Scalar, type VectorData, type VectorFeature } from '../vector/model.ts'
import { decodeWindows1252 } from './encoding.ts'
import { InputError } from './errors.ts'

export interface CsvReadOptions {
  /** Column holding x / easting / longitude (case-insensitive); with y. Auto-detected when both are absent. */
  x?: string
  /** Column holding y / northing / latitude (case-insensitive); with x. */
  y?: string
  /** CRS of the coordinates, e.g. "EPSG:25832" (--crs). */
  crs?: string
  /** Field separator (";", ",", "\t", "|", or the words semicolon/comma/tab/pipe). Default: a "sep=" line, else detected. */
  separator?: string
}

/** Coordinate column pairs we recognise, in names normalised by `key` (lower case, letters and digits only). */
const PROJECTED_PAIRS: [string, string][] = [
  ['utmrechtswert', 'utmhochwert'],
  ['rechtswert', 'hochwert'],
  ['rw', 'hw'],
  ['x', 'y'],
  ['xkoordinate', 'ykoordinate'],
  ['koordx', 'koordy'],
  ['xcoord', 'ycoord'],
  ['easting', 'northing'],
  ['east', 'north'],
  ['e', 'n'],
]
const GEOGRAPHIC_PAIRS: [string, string][] = [
  ['lon', 'lat'],
  ['lng', 'lat'],
  ['long', 'lat'],
  ['longitude', 'latitude'],
  ['laenge', 'breite'],
  ['lange', 'breite'], // "Länge" without the umlaut's letters
  ['geolaenge', 'geobreite'],
]
/** Columns that may state the CRS per row (e.g. "EPSG:25832" or "25832"). */
const CRS_COLUMNS = new Set(['epsg', 'epsgcode', 'crs', 'srid', 'srs', 'koordinatensystem'])

const SEPARATOR_WORDS: Record<string, string> = { semicolon: ';', comma: ',', tab: '\t', '\\t': '\t', pipe: '|' }
const CANDIDATES = [';', ',', '\t', '|']

const key = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '')

/** UTF-8 (with or without BOM), UTF-16 with BOM, otherwise Windows-1252 (Excel's "CSV" on German Windows). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3)
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return decodeWindows1252(bytes)
  }
}

interface CsvRecord {
  fields: string[]
  /** 1-based line on which the record starts. */
  line: number
}

/** RFC 4180: quoted fields may hold separators, doubled quotes and line breaks; CRLF, LF and CR all end a record. */
export function parseCsvRecords(text: string, sep: string, file: string, firstLine = 1, limit = Infinity): CsvRecord[] {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = firstLine
  let recordLine = firstLine
  let i = 0
  const n = text.length
  const endRecord = () => {
    fields.push(field)
    records.push({ fields, line: recordLine })
    fields = []
    field = ''
  }
  while (i < n && records.length < limit) {
    const c = text[i]
    if (c === '"' && field.trim() === '') {
      // A quoted field (whitespace before the opening quote is tolerated).
      const quoteLine = line
      field = ''
      i++
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) throw new InputError(file, `line ${quoteLine}: a quoted field is never closed; check the quote characters (")`)
        const chunk = text.slice(i, q)
        if (chunk.includes('\n') || chunk.includes('\r')) line += chunk.replace(/\r\n/g, '\n').replace(/[^\n\r]/g, '').length
        field += chunk
        if (text[q + 1] === '"') {
          field += '"'
          i = q + 2
          continue
        }
        i = q + 1
        break
      }
      if (field.includes('\r')) field = field.replace(/\r\n?/g, '\n')
      // Anything between the closing quote and the next separator is kept (lenient, like Excel).
      while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') field += text[i++]
      continue
    }
    if (c === sep) {
      fields.push(field)
      field = ''
      i++
    } else if (c === '\n' || c === '\r') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else {
      // A run of ordinary characters; a quote stops it so that the check above sees it.
      let j = i + 1
      while (j < n) {
        const d = text[j]
        if (d === sep || d === '\n' || d === '\r' || d === '"') break
        j++
      }
      field += text.slice(i, j)
      i = j
    }
  }
  if (records.length < limit && (field !== '' || fields.length > 0)) endRecord()
  return records
}

function normaliseSeparator(s: string, file: string): string {
  const word = SEPARATOR_WORDS[s.toLowerCase()]
  if (word) return word
  if (s.length !== 1 || s === '"' || s === '\n' || s === '\r') {
    throw new InputError(file, `the separator "${s}" cannot be used; use ";", ",", "tab" or "|"`)
  }
  return s
}

/** Picks the separator that splits the header into the most fields while the first rows agree with it. */
function detectSeparator(text: string, file: string, firstLine: number): string {
  let best: { sep: string; fields: number } | null = null
  let failure: unknown = null
  for (const sep of CANDIDATES) {
    let records: CsvRecord[]
    try {
      records = parseCsvRecords(text, sep, file, firstLine, 51)
    } catch (e) {
      failure ??= e
      continue
    }
    const header = records[0]?.fields.length ?? 0
    if (header < 2) continue
    const rows = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''))
    // A trailing separator in the header (or in the rows) makes the counts differ by one.
    const agreeing = rows.filter((r) => Math.abs(r.fields.length - header) <= 1).length
    if (rows.length && agreeing / rows.length < 0.8) continue
    if (!best || header > best.fields) best = { sep, fields: header }
  }
  if (!best) {
    if (failure) throw failure
    throw new InputError(
      file,
      'has no recognisable column separator (tried ";", ",", tab and "|"); add a first line "sep=;" or pass --separator',
    )
  }
  return best.sep
}

/** Parses "437954,36", "437954.36", "-7.5e-1"; anything else (empty, "null", "5.701.853") → null. */
export function parseCoordinate(raw: string | undefined): number | null {
  if (raw === undefined) return null
  const s = raw.trim()
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s)) return null
  const v = Number(s.replace(',', '.'))
  return Number.isFinite(v) ? v : null
}

const INTEGER = /^-?(0|[1-9]\d*)$/
const DECIMAL = /^-?(0|[1-9]\d*)\.\d+$/

/** A column's values become numbers only when every non-empty value is a plain number (no leading zeros). */
function typedColumn(values: (string | null)[]): Scalar[] {
  const numeric = values.every(
    (v) => v === null || (INTEGER.test(v) && Number.isSafeInteger(Number(v))) || (DECIMAL.test(v) && Number.isFinite(Number(v))),
  )
  const anyValue = values.some((v) => v !== null)
  return numeric && anyValue ? values.map((v) => (v === null ? null : Number(v))) : values
}

function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name)
  if (exact >= 0) return exact
  const lower = header.map((h) => h.toLowerCase())
  const i = lower.indexOf(name.trim().toLowerCase())
  if (i >= 0) return i
  return header.map(key).indexOf(key(name))
}

function describeColumns(header: string[]): string {
  const shown = header.slice(0, 30).map((h) => `"${h}"`)
  return shown.join(', ') + (header.length > 30 ? `, … (${header.length} columns)` : '')
}

interface CoordinateColumns {
  x: number
  y: number
  geographic: boolean
}

function coordinateColumns(header: string[], file: string, opts: CsvReadOptions): CoordinateColumns {
  if (opts.x || opts.y) {
    if (!opts.x || !opts.y) throw new InputError(file, 'needs both --x and --y to name its coordinate columns')
    const x = findColumn(header, opts.x)
    const y = findColumn(header, opts.y)
    for (const [name, i] of [[opts.x, x], [opts.y, y]] as const) {
      if (i < 0) throw new InputError(file, `has no column "${name}"; its columns are ${describeColumns(header)}`)
    }
    const kx = key(header[x])
    const ky = key(header[y])
    return { x, y, geographic: GEOGRAPHIC_PAIRS.some(([a, b]) => a === kx && b === ky) }
  }
  const keys = header.map(key)
  const found: (CoordinateColumns & { names: string })[] = []
  for (const [pairs, geographic] of [[PROJECTED_PAIRS, false], [GEOGRAPHIC_PAIRS, true]] as const) {
    for (const [a, b] of pairs) {
      const x = keys.indexOf(a)
      const y = keys.indexOf(b)
      if (x >= 0 && y >= 0 && !found.some((f) => f.x === x || f.y === y)) {
        found.push({ x, y, geographic, names: `${header[x]}/${header[y]}` })
      }
    }
  }
  if (found.length === 1) return found[0]
  if (found.length > 1) {
    throw new InputError(
      file,
      `has several coordinate column pairs (${found.map((f) => f.names).join(', ')}); choose one with --x <column> --y <column>`,
    )
  }
  throw new InputError(
    file,
    `has no recognised coordinate columns (such as Rechtswert/Hochwert, X/Y, lon/lat); its columns are ` +
      `${describeColumns(header)} — name them with --x <column> --y <column>`,
  )
}

/** The CRS stated in an EPSG/CRS column, when all non-empty values agree. Unreadable values are an error unless lenient. */
function crsFromColumn(
  header: string[],
  rows: CsvRecord[],
  file: string,
  lenient: boolean,
): { crs: string; column: string } | null {
  const i = header.findIndex((h) => CRS_COLUMNS.has(key(h)))
  if (i < 0) return null
  const codes = new Set<string>()
  for (const r of rows) {
    const v = (r.fields[i] ?? '').trim()
    if (!v || /^(null|none|n\/?a|-)$/i.test(v)) continue
    const crs = normaliseCrs(v)
    if (!crs && lenient) continue
    if (!crs) {
      throw new InputError(
        file,
        `line ${r.line}: column "${header[i]}" holds "${v}", which is not an EPSG code; state the CRS with --crs EPSG:<code>`,
      )
    }
    codes.add(crs)
  }
  if (codes.size === 0) return null
  if (codes.size > 1) {
    throw new InputError(
      file,
      `column "${header[i]}" gives different CRSs (${[...codes].join(', ')}); split the file by CRS or convert it to one CRS`,
    )
  }
  return { crs: [...codes][0], column: header[i] }
}

/**
 * The largest CSV read: the parser works on the file as one string, and V8 strings end at 2^29 − 24 characters.
 * Larger tables are converted first (the message says how).
 */
export const MAX_CSV_BYTES = 512 * 1024 * 1024

function csvTooLarge(file: string, bytes: number): InputError {
  return new InputError(
    file,
    `is ${(bytes / 1024 / 1024).toFixed(0)} MiB; CSV files up to ${MAX_CSV_BYTES / 1024 / 1024} MiB can be published. Convert it first, e.g. ` +
      `ogr2ogr -f FlatGeobuf out.fgb "${file}" -oo X_POSSIBLE_NAMES=<x column> -oo Y_POSSIBLE_NAMES=<y column> -a_srs EPSG:25832, and publish out.fgb`,
  )
}

export function readCsv(bytes: Uint8Array, file: string, opts: CsvReadOptions = {}): VectorData {
  if (bytes.length > MAX_CSV_BYTES) throw csvTooLarge(file, bytes.length)
  let text = decodeCsvBytes(bytes)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)

  // Excel's "sep=;" hint line.
  let sep: string | undefined = opts.separator ? normaliseSeparator(opts.separator, file) : undefined
  let firstLine = 1
  const sepLine = /^"?sep=(.)"?[ \t]*(\r\n|\n|\r|$)/i.exec(text)
  if (sepLine) {
    sep ??= sepLine[1]
    text = text.slice(sepLine[0].length)
    firstLine = 2
  }
  if (text.trim() === '') throw new InputError(file, 'is empty')
  sep ??= detectSeparator(text, file, firstLine)

  const records = parseCsvRecords(text, sep, file, firstLine)
  while (records.length && records[0].fields.every((f) => f.trim() === '')) records.shift()
  if (records.length === 0) throw new InputError(file, 'is empty')
  const rawHeader = records[0].fields.map((h) => h.trim())
  const rows = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''))
  if (rows.length === 0) throw new InputError(file, 'has a header but no data rows')

  // Column names: a trailing separator leaves empty names at the end — dropped when their cells are empty, too.
  let width = rawHeader.length
  while (width > 0 && rawHeader[width - 1] === '' && rows.every((r) => (r.fields[width - 1] ?? '').trim() === '')) width--
  checkColumnLimits(file, rawHeader.slice(0, width))
  const header: string[] = []
  const seen = new Set<string>()
  // The next suffix to try per name: searching from _2 each time was quadratic (40 000 equal names: minutes).
  const nextSuffix = new Map<string, number>()
  for (let i = 0; i < width; i++) {
    const base = rawHeader[i] || `column_${i + 1}`
    let name = base
    let n = nextSuffix.get(base) ?? 2
    while (seen.has(name)) name = `${base}_${n++}`
    nextSuffix.set(base, n)
    seen.add(name)
    header.push(name)
  }
  for (const r of rows) {
    if (r.fields.slice(width).some((f) => f.trim() !== '')) {
      throw new InputError(
        file,
        `line ${r.line} has ${r.fields.length} fields but the header has ${width}; check the separator ("${sep === '\t' ? 'tab' : sep}") and the quoting`,
      )
    }
  }

  const coords = coordinateColumns(header, file, opts)
  const xs = rows.map((r) => parseCoordinate(r.fields[coords.x]))
  const ys = rows.map((r) => parseCoordinate(r.fields[coords.y]))
  const located = rows.map((_, i) => xs[i] !== null && ys[i] !== null)
  if (!located.some(Boolean)) {
    throw new InputError(
      file,
      `no row has numeric coordinates in "${header[coords.x]}"/"${header[coords.y]}"; check the columns (--x/--y) and the number format`,
    )
  }

  // CRS: stated > EPSG column > lon/lat in range > unknown (null: the publisher asks for --crs).
  const fromColumn = crsFromColumn(header, rows, file, !!opts.crs)
  let crs: string | null = null
  let crsDeclared = false
  if (opts.crs) {
    crs = normaliseCrs(opts.crs)
    if (!crs) throw new InputError(file, `the stated CRS "${opts.crs}" is not an EPSG code; use e.g. --crs EPSG:25832`)
    if (fromColumn && fromColumn.crs !== crs) {
      throw new InputError(file, `column "${fromColumn.column}" says ${fromColumn.crs} but --crs says ${crs}`)
    }
    crsDeclared = true
  } else if (fromColumn) {
    crs = fromColumn.crs
    crsDeclared = true
  } else if (coords.geographic) {
    const inRange = rows.every((_, i) => !located[i] || (Math.abs(xs[i]!) <= 180 && Math.abs(ys[i]!) <= 90))
    if (inRange) crs = 'EPSG:4326'
  }

  // Attributes: every column except the coordinates, typed per column; empty → null.
  const attributeColumns = header.map((_, i) => i).filter((i) => i !== coords.x && i !== coords.y)
  const values = attributeColumns.map((c) =>
    typedColumn(
      rows.map((r) => {
        const v = (r.fields[c] ?? '').trim()
        return v === '' ? null : v
      }),
    ),
  )
  const features: VectorFeature[] = rows.map((_, i) => {
    const properties: Record<string, Scalar> = {}
    attributeColumns.forEach((c, k) => (properties[header[c]] = values[k][i]))
    return {
      geometry: located[i] ? { type: 'Point', coordinates: [xs[i]!, ys[i]!] } : null,
      properties,
    }
  })
  return { crs, crsDeclared, columns: columnsFromFeatures(features), features }
}
