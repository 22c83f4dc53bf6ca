import { describe, expect, it } from 'vitest'
import { ColumnType } from '../vector/model.ts'
import { decodeCsvBytes, parseCoordinate, parseCsvRecords, readCsv } from './csv.ts'
import { InputError } from './errors.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
/** Windows-1252 bytes for Latin-1 text (every char < 0x100 maps to its own byte). */
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)))

const read = (s: string | Uint8Array, opts = {}) => readCsv(typeof s === 'string' ? utf8(s) : s, 'daten.csv', opts)

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    expect((e as Error).message).toMatch(/^daten\.csv: /)
    return e as InputError
  }
  throw new Error('expected an InputError')
}

describe('readCsv: separators and structure', () => {
  it('honours a leading sep=; line and ignores the empty column from a trailing ; in the header', () => {
    const d = read('sep=;\nName;Rechtswert;Hochwert;\n"Schule A";"437954";"5714000"\n"Schule B";"438000";"5714100"\n')
    expect(d.features).toHaveLength(2)
    expect(d.columns.map((c) => c.name)).toEqual(['Name'])
    expect(d.features[0]).toEqual({ geometry: { type: 'Point', coordinates: [437954, 5714000] }, properties: { Name: 'Schule A' } })
  })

  it('keeps the trailing empty column ignored even when rows end with ; too', () => {
    const d = read('Name;X;Y;\nA;1;2;\nB;3;4;\n')
    expect(d.columns.map((c) => c.name)).toEqual(['Name'])
    expect(d.features.map((f) => f.geometry?.coordinates)).toEqual([[1, 2], [3, 4]])
  })

  it.each([
    ['semicolon', 'Name;X;Y\nA;1;2\n'],
    ['comma', 'Name,X,Y\nA,1,2\n'],
    ['tab', 'Name\tX\tY\nA\t1\t2\n'],
    ['pipe', 'Name|X|Y\nA|1|2\n'],
  ])('detects the %s separator without a sep= line', (_, text) => {
    const d = read(text, { crs: 'EPSG:25832' })
    expect(d.features[0]).toEqual({ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { Name: 'A' } })
  })

  it('prefers ; over , when a ;-file has decimal commas', () => {
    const d = read('Name;X;Y\n"Müller, Hans";437954,36;5714000,5\nB;1,5;2,25\n')
    expect(d.features[0].properties.Name).toBe('Müller, Hans')
    expect(d.features[0].geometry?.coordinates).toEqual([437954.36, 5714000.5])
    expect(d.features[1].geometry?.coordinates).toEqual([1.5, 2.25])
  })

  it('uses an explicit separator option over detection and over sep=', () => {
    expect(read('sep=,\nName;X;Y\nA;1;2\n', { separator: ';' }).features[0].geometry?.coordinates).toEqual([1, 2])
    expect(read('Name|X|Y\nA|1|2\n', { separator: 'pipe' }).features[0].geometry?.coordinates).toEqual([1, 2])
  })

  it('parses RFC 4180 quoting: separators, doubled quotes and line breaks inside quotes', () => {
    const d = read('Name;Bemerkung;X;Y\n"A; B";"Er sagte ""Hallo""";1;2\n"C";"Zeile 1\r\nZeile 2";3;4\n')
    expect(d.features).toHaveLength(2)
    expect(d.features[0].properties).toEqual({ Name: 'A; B', Bemerkung: 'Er sagte "Hallo"' })
    expect(d.features[1].properties.Bemerkung).toBe('Zeile 1\nZeile 2')
    expect(d.features[1].geometry?.coordinates).toEqual([3, 4])
  })

  it('handles a UTF-8 BOM and Windows line endings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('sep=;\r\nOrt;X;Y\r\nMöhnesee;1;2\r\nSoest;3;4\r\n')])
    const d = read(bytes)
    expect(d.columns.map((c) => c.name)).toEqual(['Ort'])
    expect(d.features.map((f) => f.properties.Ort)).toEqual(['Möhnesee', 'Soest'])
  })

  it('handles mixed line endings and blank lines', () => {
    const d = read('Ort,X,Y\r\nA,1,2\n\r\nB,3,4\rC,5,6')
    expect(d.features.map((f) => f.properties.Ort)).toEqual(['A', 'B', 'C'])
  })

  it('reports an unclosed quote with its line', () => {
    expect(inputError(() => read('Name;X;Y\nA;1;2\n"B;3;4\n')).message).toMatch(/line 3: a quoted field is never closed/)
  })

  it('reports rows with more fields than the header', () => {
    expect(inputError(() => read('Name;X;Y\nA;1;2\nB;3;4;extra\n')).message).toMatch(/line 3 has 4 fields but the header has 3/)
  })

  it('rejects an empty file and a header without rows', () => {
    expect(inputError(() => read('')).message).toMatch(/empty/)
    expect(inputError(() => read('Name;X;Y\n')).message).toMatch(/no data rows/)
  })
})

describe('readCsv: encodings', () => {
  it('decodes Windows-1252 when the bytes are not valid UTF-8 (umlauts and ß)', () => {
    const d = read(cp1252('sep=;\nName;Ort;X;Y\nStraße;Möhnesee;1;2\nWeiß;Übach-Palenberg;3;4\n'))
    expect(d.features.map((f) => [f.properties.Name, f.properties.Ort])).toEqual([
      ['Straße', 'Möhnesee'],
      ['Weiß', 'Übach-Palenberg'],
    ])
  })

  it('decodes Windows-1252-only characters (€, „“)', () => {
    expect(decodeCsvBytes(new Uint8Array([0x80, 0x20, 0x84, 0x61, 0x93]))).toBe('€ „a“')
  })

  it('keeps valid UTF-8 as UTF-8', () => {
    expect(decodeCsvBytes(utf8('Straße'))).toBe('Straße')
  })

  it('decodes UTF-16 with BOM (Excel "Unicode text")', () => {
    const s = 'Ort\tX\tY\nMöhnesee\t1\t2\n'
    const bytes = new Uint8Array(2 + s.length * 2)
    bytes.set([0xff, 0xfe])
    for (let i = 0; i < s.length; i++) bytes[2 + i * 2] = s.charCodeAt(i)
    expect(read(bytes).features[0].properties.Ort).toBe('Möhnesee')
  })
})

describe('readCsv: coordinates', () => {
  it.each([
    ['UTMRechtswert', 'UTMHochwert'],
    ['Rechtswert', 'Hochwert'],
    ['RW', 'HW'],
    ['x', 'y'],
    ['X', 'Y'],
    ['Easting', 'Northing'],
    ['E', 'N'],
  ])('detects %s/%s case-insensitively and does not guess a projected CRS', (x, y) => {
    const d = read(`Name;${x};${y}\nA;437954,36;5714000,12\n`)
    expect(d.features[0].geometry).toEqual({ type: 'Point', coordinates: [437954.36, 5714000.12] })
    expect(d.crs).toBeNull()
    expect(Object.keys(d.features[0].properties)).toEqual(['Name'])
  })

  it.each([
    ['lon', 'lat'],
    ['lng', 'lat'],
    ['Longitude', 'Latitude'],
    ['LAENGE', 'BREITE'],
    ['Länge', 'Breite'],
  ])('detects %s/%s and takes in-range values as WGS84', (x, y) => {
    const d = read(`Name,${x},${y}\nSoest,8.1059,51.5711\nWerl,7.9114,51.5508\n`)
    expect(d.crs).toBe('EPSG:4326')
    expect(d.crsDeclared).toBe(false)
    expect(d.features[1].geometry?.coordinates).toEqual([7.9114, 51.5508])
  })

  it('does not call lon/lat-named columns WGS84 when values are out of range', () => {
    expect(read('lon;lat\n437954;5714000\n').crs).toBeNull()
  })

  it('does not guess WGS84 for x/y columns even when the values look like degrees', () => {
    expect(read('x;y\n8.1;51.5\n').crs).toBeNull()
  })

  it('uses the columns named by x/y options (case-insensitive), removing them from the attributes', () => {
    const d = read('Name;Ost;Nord;Hoehe\nA;1;2;100\n', { x: 'ost', y: 'NORD' })
    expect(d.features[0]).toEqual({ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { Name: 'A', Hoehe: 100 } })
  })

  it('lists the columns when a named column does not exist', () => {
    const e = inputError(() => read('Name;Ost;Nord\nA;1;2\n', { x: 'Ost', y: 'North' }))
    expect(e.message).toMatch(/no column "North"; its columns are "Name", "Ost", "Nord"/)
  })

  it('asks for --x/--y when no coordinate columns are recognised', () => {
    expect(inputError(() => read('Name;Ost;Nord\nA;1;2\n')).message).toMatch(/--x <column> --y <column>/)
  })

  it('asks for --x/--y when several pairs are present', () => {
    const e = inputError(() => read('X;Y;lon;lat\n1;2;8;51\n'))
    expect(e.message).toMatch(/several coordinate column pairs \(X\/Y, lon\/lat\)/)
  })

  it('gives rows with missing or unparseable coordinates a null geometry', () => {
    const d = read('Name;X;Y\nA;1;2\nB;;2\nC;n/a;3\nD;5.701.853;4\nE;7,5;8,25\n')
    expect(d.features.map((f) => f.geometry?.coordinates ?? null)).toEqual([[1, 2], null, null, null, [7.5, 8.25]])
    expect(d.features.map((f) => f.properties.Name)).toEqual(['A', 'B', 'C', 'D', 'E'])
  })

  it('rejects a file where no row has coordinates', () => {
    expect(inputError(() => read('Name;X;Y\nA;;\nB;x;y\n')).message).toMatch(/no row has numeric coordinates in "X"\/"Y"/)
  })

  it('parses coordinate number formats', () => {
    expect(parseCoordinate('437954,36')).toBe(437954.36)
    expect(parseCoordinate(' 437954.36 ')).toBe(437954.36)
    expect(parseCoordinate('-7,5')).toBe(-7.5)
    expect(parseCoordinate('1e3')).toBe(1000)
    expect(parseCoordinate('')).toBeNull()
    expect(parseCoordinate('null')).toBeNull()
    expect(parseCoordinate('1.234,5')).toBeNull()
  })
})

describe('readCsv: CRS', () => {
  it('uses the stated CRS', () => {
    const d = read('Name;X;Y\nA;1;2\n', { crs: '25832' })
    expect(d.crs).toBe('EPSG:25832')
  })

  it('reads the CRS from an EPSG column when all values agree, ignoring "null"', () => {
    const d = read('Name;EPSG;X;Y\nA;EPSG:25832;1;2\nB;null;3;4\nC;;5;6\n')
    expect(d.crs).toBe('EPSG:25832')
    expect(d.crsDeclared).toBe(true)
    expect(d.features.every((f) => f.geometry)).toBe(true)
    expect(d.features[0].properties.EPSG).toBe('EPSG:25832')
  })

  it('rejects an EPSG column with different CRSs', () => {
    expect(inputError(() => read('EPSG;X;Y\n25832;1;2\n4326;8;51\n')).message).toMatch(/different CRSs \(EPSG:25832, EPSG:4326\)/)
  })

  it('rejects a stated CRS that contradicts the EPSG column', () => {
    expect(inputError(() => read('EPSG;X;Y\n25832;1;2\n', { crs: 'EPSG:31467' })).message).toMatch(
      /column "EPSG" says EPSG:25832 but --crs says EPSG:31467/,
    )
  })

  it('rejects an unreadable EPSG column value unless a CRS is stated', () => {
    expect(inputError(() => read('EPSG;X;Y\nUTM32;1;2\n')).message).toMatch(/line 2: column "EPSG" holds "UTM32".*--crs/)
    expect(read('EPSG;X;Y\nUTM32;1;2\n', { crs: 'EPSG:25832' }).crs).toBe('EPSG:25832')
  })

  it('rejects a stated CRS that is no EPSG code', () => {
    expect(inputError(() => read('X;Y\n1;2\n', { crs: 'UTM32' })).message).toMatch(/not an EPSG code/)
  })
})

describe('readCsv: attribute values', () => {
  it('keeps codes with leading zeros as strings and parses plain numbers', () => {
    const d = read('sep=;\nSchulnummer;PLZ;Kreis;Anzahl;Anteil;X;Y\n"100000";"05974";"05974000";"12";"0.5";1;2\n"100001";"59494";"05974028";"7";"12.25";3;4\n')
    expect(d.features.map((f) => f.properties)).toEqual([
      { Schulnummer: 100000, PLZ: '05974', Kreis: '05974000', Anzahl: 12, Anteil: 0.5 },
      { Schulnummer: 100001, PLZ: '59494', Kreis: '05974028', Anzahl: 7, Anteil: 12.25 },
    ])
    const types = Object.fromEntries(d.columns.map((c) => [c.name, c.type]))
    expect(types).toEqual({
      Schulnummer: ColumnType.Int,
      PLZ: ColumnType.String,
      Kreis: ColumnType.String,
      Anzahl: ColumnType.Int,
      Anteil: ColumnType.Double,
    })
  })

  it('keeps decimal commas, numbers with signs/exponents and huge integers in attributes as strings', () => {
    const d = read('A;B;C;D;X;Y\n2,5;+5;1e5;12345678901234567890;1;2\n')
    expect(d.features[0].properties).toEqual({ A: '2,5', B: '+5', C: '1e5', D: '12345678901234567890' })
  })

  it('turns empty values into null without changing the column type', () => {
    const d = read('Name;Anzahl;X;Y\nA;;1;2\n;3;3;4\n')
    expect(d.features.map((f) => f.properties)).toEqual([
      { Name: 'A', Anzahl: null },
      { Name: null, Anzahl: 3 },
    ])
    expect(d.columns.find((c) => c.name === 'Anzahl')?.type).toBe(ColumnType.Int)
  })

  it('names empty and duplicate header cells', () => {
    const d = read('Name;;Name;X;Y\nA;b;c;1;2\n')
    expect(d.features[0].properties).toEqual({ Name: 'A', column_2: 'b', Name_2: 'c' })
  })
})

describe('parseCsvRecords', () => {
  it('reports the starting line of each record', () => {
    const r = parseCsvRecords('a;b\n"x\ny";1\nz;2\n', ';', 'f.csv')
    expect(r.map((x) => x.line)).toEqual([1, 2, 4])
    expect(r[1].fields).toEqual(['x\ny', '1'])
  })
})
