// GeoJSON input. RFC 7946 says lon/lat WGS84; older files may carry a "crs" member, which we honour.
//
// The file is scanned as bytes, never decoded into one string (V8 strings end at ~512 MiB): a small resumable
// state machine follows the root object and the "features" list, and hands each feature's bytes to JSON.parse
// on its own. Nesting is bounded while scanning, and every feature is checked iteratively against the shape its
// geometry type needs, so damaged files end in one InputError naming the file and the feature, not in a stack
// overflow or a TypeError deep in the publisher.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import path from 'node:path'
import { normaliseCrs } from '../../src/projection/registry.ts'
import type { Geometry } from '../../src/projection/geometry.ts'
import { ColumnInference, columnsFromFeatures, type Scalar, type VectorData, type VectorFeature, type VectorSource } from '../vector/model.ts'
import { InputError } from './errors.ts'
import { checkRegular } from './files.ts'

/** One decoder for every feature (a new one for each cost as much as the decoding). */
const UTF8 = new TextDecoder()

/** Deepest nesting accepted: a MultiPolygon in a FeatureCollection needs 9, a GeometryCollection a few more. */
export const MAX_GEOJSON_DEPTH = 64
/** Largest single feature (or other root member): one value must fit into one string for JSON.parse. */
export const MAX_GEOJSON_VALUE_BYTES = 256 * 1024 * 1024

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])
/** Array levels above the position: Point 0, LineString 1, Polygon 2, MultiPolygon 3. */
const POSITION_LEVELS: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }
const SHAPE: Record<string, string> = {
  Point: 'a position [x, y]',
  MultiPoint: 'a list of positions [x, y]',
  LineString: 'a list of positions [x, y]',
  MultiLineString: 'a list of lines, each a list of positions [x, y]',
  Polygon: 'a list of rings, each a list of positions [x, y]',
  MultiPolygon: 'a list of polygons, each a list of rings of positions [x, y]',
}
const REEXPORT = 'export the file again from your GIS'

const enum Root { Key, KeyOrEnd, Colon, Value, After }
const enum Feat { ElemOrEnd, Elem, After }
const enum Cap { None, Container, String, Literal }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
const describeByte = (b: number) => (b >= 0x21 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16).padStart(2, '0')}`)

/**
 * Follows a GeoJSON document chunk by chunk. Root members other than "features" are collected and parsed at the
 * end; each element of "features" is parsed and checked as soon as it is complete.
 */
class GeoJsonScanner {
  private readonly stack = new Uint8Array(MAX_GEOJSON_DEPTH + 1)
  private depth = 0
  private rootDone = false
  private root = Root.KeyOrEnd
  private feat = Feat.ElemOrEnd
  private inFeatures = false
  featuresSeen = false
  private started = false
  private inString = false
  private escape = false
  private keyParts: number[] | null = null
  private key = ''
  private cap = Cap.None
  private capDepth = 0
  private capParts: Uint8Array[] = []
  private capBytes = 0
  private capStart = 0
  private capLine = 1
  private line = 1
  private bom = 0
  readonly members = new Map<string, unknown>()
  readonly features: VectorFeature[] = []
  /** Features read so far (the streaming reader empties `features` as it goes). */
  seen = 0

  constructor(private readonly file: string) {}

  private fail(problem: string): never {
    throw new InputError(this.file, problem)
  }

  private where(): string {
    return this.inFeatures ? `feature ${this.seen} (line ${this.line})` : `line ${this.line}`
  }

  private syntax(b: number): never {
    this.fail(`is not valid JSON: unexpected ${describeByte(b)} at ${this.where()}; ${REEXPORT}`)
  }

  push(chunk: Uint8Array): void {
    let i = 0
    // A UTF-8 byte order mark before the root is tolerated (Windows editors write one).
    while (this.bom < 3 && i < chunk.length && this.depth === 0 && !this.rootDone && chunk[i] === [0xef, 0xbb, 0xbf][this.bom]) {
      i++
      this.bom++
    }
    if (this.cap !== Cap.None) this.capStart = i
    const n = chunk.length
    for (; i < n; i++) {
      if (this.cap === Cap.Container) {
        i = this.scanContainer(chunk, i)
        continue
      }
      const b = chunk[i]
      if (b === 0x0a) this.line++
      if (this.inString) {
        if (this.escape) {
          this.escape = false
          this.keyParts?.push(b)
        } else if (b === BACKSLASH) {
          this.escape = true
          this.keyParts?.push(b)
        }
        else if (b === QUOTE) {
          this.inString = false
          if (this.keyParts) {
            this.key = UTF8.decode(Uint8Array.from(this.keyParts))
            this.keyParts = null
            this.root = Root.Colon
          } else if (this.cap === Cap.String) this.endCapture(chunk, i + 1)
        } else if (this.keyParts) {
          if (this.keyParts.length > 4096) this.fail(`has a member name longer than 4096 bytes at line ${this.line}; ${REEXPORT}`)
          this.keyParts.push(b)
        }
        continue
      }
      if (this.cap === Cap.Literal) {
        if (!(isSpace(b) || b === 0x2c || b === 0x7d || b === 0x5d)) continue
        this.endCapture(chunk, i)
        // the delimiter is structural: handled below
      }
      if (isSpace(b)) continue
      this.structural(b, i)
    }
    if (this.cap !== Cap.None) this.keep(chunk.subarray(this.capStart, n))
  }

  /**
   * The hot loop: inside a captured object or list (a feature) only brackets, strings and line breaks matter.
   * State lives in locals and is written back before anything that reads it. Returns the last byte consumed.
   */
  private scanContainer(chunk: Uint8Array, start: number): number {
    const stack = this.stack
    const capDepth = this.capDepth
    const n = chunk.length
    let d = this.depth
    let inString = this.inString
    let escape = this.escape
    let line = this.line
    const sync = () => {
      this.depth = d
      this.inString = inString
      this.escape = escape
      this.line = line
    }
    for (let i = start; i < n; i++) {
      const c = chunk[i]
      if (inString) {
        if (escape) escape = false
        else if (c === BACKSLASH) escape = true
        else if (c === QUOTE) inString = false
        else if (c === 0x0a) line++
      } else if (c === QUOTE) inString = true
      else if (c === 0x0a) line++
      else if (c === 0x7b || c === 0x5b) {
        if (d >= MAX_GEOJSON_DEPTH) {
          sync()
          this.open(c) // throws with the message
        }
        stack[d++] = c
      } else if (c === 0x7d || c === 0x5d) {
        if (d === 0 || stack[d - 1] !== (c === 0x7d ? 0x7b : 0x5b)) {
          sync()
          this.syntax(c)
        }
        d--
        if (d === capDepth) {
          sync()
          this.endCapture(chunk, i + 1)
          return i
        }
      }
    }
    sync()
    return n - 1
  }

  /** A byte outside any captured value: the root object's members and the "features" list. */
  private structural(b: number, i: number): void {
    if (this.depth === 0) {
      if (this.rootDone) this.fail(`has more data after the end of the GeoJSON object (line ${this.line}); ${REEXPORT}`)
      if (b !== 0x7b) this.fail(`is not a GeoJSON object (it starts with ${describeByte(b)}, not "{")`)
      this.open(b)
      this.started = true
      this.root = Root.KeyOrEnd
      return
    }
    if (this.inFeatures && this.depth === 2) {
      // "]" ends the list after an element or when it is empty; "," expects the next element.
      if (b === 0x5d && this.feat !== Feat.Elem) {
        this.close(b)
        this.inFeatures = false
        this.root = Root.After
      } else if (this.feat === Feat.After) {
        if (b === 0x2c) this.feat = Feat.Elem
        else this.syntax(b)
      } else {
        this.startCapture(b, i)
        this.feat = Feat.After
      }
      return
    }
    // depth 1: inside the root object
    switch (this.root) {
      case Root.KeyOrEnd:
      case Root.Key:
        if (b === QUOTE) {
          this.inString = true
          this.keyParts = []
        } else if (b === 0x7d && this.root === Root.KeyOrEnd) this.endRoot()
        else this.syntax(b)
        return
      case Root.Colon:
        if (b !== 0x3a) this.syntax(b)
        this.root = Root.Value
        return
      case Root.Value:
        if (this.key === 'features' && b === 0x5b) {
          if (this.featuresSeen) this.fail(`has two "features" lists (line ${this.line}); ${REEXPORT}`)
          this.featuresSeen = true
          this.open(b)
          this.inFeatures = true
          this.feat = Feat.ElemOrEnd
          return
        }
        this.startCapture(b, i)
        this.root = Root.After
        return
      case Root.After:
        if (b === 0x2c) this.root = Root.Key
        else if (b === 0x7d) this.endRoot()
        else this.syntax(b)
    }
  }

  private endRoot(): void {
    this.depth = 0
    this.rootDone = true
  }

  private open(b: number): void {
    if (this.depth >= MAX_GEOJSON_DEPTH) {
      this.fail(`is nested more than ${MAX_GEOJSON_DEPTH} levels deep at ${this.where()}; GeoJSON needs fewer than 15 — ${REEXPORT}`)
    }
    this.stack[this.depth++] = b
  }

  private close(b: number): void {
    const want = b === 0x7d ? 0x7b : 0x5b
    if (this.depth === 0 || this.stack[this.depth - 1] !== want) this.syntax(b)
    this.depth--
  }

  private startCapture(b: number, i: number): void {
    this.capDepth = this.depth
    this.capStart = i
    this.capParts = []
    this.capBytes = 0
    this.capLine = this.line
    if (b === 0x7b || b === 0x5b) {
      this.cap = Cap.Container
      this.open(b)
    } else if (b === QUOTE) {
      this.cap = Cap.String
      this.inString = true
    } else if (b === 0x2c || b === 0x7d || b === 0x5d || b === 0x3a) this.syntax(b)
    else this.cap = Cap.Literal
  }

  private keep(part: Uint8Array): void {
    this.checkSize(this.capBytes + part.length)
    this.capBytes += part.length
    // Chunks may be reused by the caller: keep a copy.
    this.capParts.push(part.slice())
  }

  private checkSize(bytes: number): void {
    if (bytes <= MAX_GEOJSON_VALUE_BYTES) return
    const what = this.inFeatures ? `feature ${this.seen} (from line ${this.capLine})` : `member "${this.key}"`
    this.fail(`${what} is larger than ${MAX_GEOJSON_VALUE_BYTES / 1024 / 1024} MiB; split it, or convert the file with ogr2ogr -f FlatGeobuf`)
  }

  private endCapture(chunk: Uint8Array, end: number): void {
    const last = chunk.subarray(this.capStart, end)
    const parts = this.capParts
    const total = this.capBytes + last.length
    this.checkSize(total)
    this.cap = Cap.None
    this.capParts = []
    let bytes = last
    if (parts.length) {
      bytes = new Uint8Array(total)
      let o = 0
      for (const p of [...parts, last]) {
        bytes.set(p, o)
        o += p.length
      }
    }
    let value: unknown
    const where = this.inFeatures ? `feature ${this.seen} (line ${this.capLine})` : `member "${this.key}" (line ${this.capLine})`
    try {
      value = JSON.parse(UTF8.decode(bytes))
    } catch (e) {
      this.fail(`${where} is not valid JSON (${(e as Error).message}); ${REEXPORT}`)
    }
    if (this.inFeatures) this.features.push(toFeature(value, this.seen++, this.capLine, this.file))
    else if (this.members.has(this.key)) this.fail(`has the member "${this.key}" twice (line ${this.capLine}); ${REEXPORT}`)
    else this.members.set(this.key, value)
  }

  end(): void {
    if (this.rootDone) return
    if (!this.started) this.fail('is empty (no JSON object in it); export the data again from your GIS')
    const read = this.seen ? ` after ${this.seen} features` : ''
    this.fail(`is not valid JSON: it ends early at line ${this.line}${read} (truncated?); copy or export the file again`)
  }
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`
}

const isPosition = (c: unknown[]) => {
  if (c.length < 2 || c.length > 4) return false
  for (let k = 0; k < c.length; k++) if (typeof c[k] !== 'number' || !Number.isFinite(c[k])) return false
  return true
}

/** Coordinates nested exactly `levels` lists above positions (no recursion, no allocation per position). */
function wellNested(coords: unknown, levels: number): boolean {
  const todo: unknown[] = [coords]
  const depth: number[] = [levels]
  while (todo.length) {
    const c = todo.pop()
    const level = depth.pop()!
    if (!Array.isArray(c)) return false
    if (level === 0) {
      if (!isPosition(c)) return false
    } else if (level === 1) {
      for (let k = 0; k < c.length; k++) if (!Array.isArray(c[k]) || !isPosition(c[k] as unknown[])) return false
    } else {
      for (let k = 0; k < c.length; k++) {
        todo.push(c[k])
        depth.push(level - 1)
      }
    }
  }
  return true
}

/** Where in the coordinates: "coordinates[0][3]". */
const pathText = (path: number[]) => `coordinates${path.map((p) => `[${p}]`).join('')}`

/**
 * Checks a geometry's structure without recursion: every coordinate array nests exactly as its type says, and
 * every position is 2–4 finite numbers. Returns the problem, or null.
 */
export function geometryProblem(g: unknown): string | null {
  const todo: { g: unknown; where: string }[] = [{ g, where: 'geometry' }]
  while (todo.length) {
    const { g, where } = todo.pop()!
    if (typeof g !== 'object' || g === null || Array.isArray(g)) return `${where} is ${typeName(g)}, not a GeoJSON geometry object`
    const t = (g as { type?: unknown }).type
    if (typeof t !== 'string' || !GEOMETRY_TYPES.has(t)) {
      return `${where} has ${t === undefined ? 'no "type"' : `the unknown type ${JSON.stringify(t)?.slice(0, 40)}`}; expected one of ${[...GEOMETRY_TYPES].join(', ')}`
    }
    if (t === 'GeometryCollection') {
      const parts = (g as { geometries?: unknown }).geometries
      if (!Array.isArray(parts)) return `${where} (GeometryCollection) has no "geometries" list`
      // Reversed so that the first bad part is the one reported; the path stops growing in absurd nesting.
      for (let k = parts.length - 1; k >= 0; k--) todo.push({ g: parts[k], where: where.length > 160 ? where : `${where}.geometries[${k}]` })
      continue
    }
    const coords = (g as { coordinates?: unknown }).coordinates
    if (coords === undefined || coords === null) return `${where} (${t}) has no "coordinates"; it needs ${SHAPE[t]}`
    const levels = POSITION_LEVELS[t]
    if (wellNested(coords, levels)) continue
    // Only for the message: the same walk again, keeping the path to the first problem.
    const walk: { c: unknown; level: number; path: number[] }[] = [{ c: coords, level: levels, path: [] }]
    while (walk.length) {
      const { c, level, path } = walk.pop()!
      if (!Array.isArray(c)) return `${where} (${t}): ${pathText(path)} is ${typeName(c)}; ${t} coordinates must be ${SHAPE[t]}`
      if (level === 0) {
        if (!isPosition(c)) {
          const shown = JSON.stringify(c).slice(0, 60)
          return `${where} (${t}): ${pathText(path)} is ${shown}, not a position of 2 to 4 finite numbers [x, y]`
        }
        continue
      }
      // An empty Point ([]) has no position: an empty geometry, reported by the quality check.
      for (let k = c.length - 1; k >= 0; k--) walk.push({ c: c[k], level: level - 1, path: [...path, k] })
    }
  }
  return null
}

function toFeature(v: unknown, i: number, line: number, file: string): VectorFeature {
  const at = `feature ${i} (line ${line})`
  if (typeof v !== 'object' || v === null || Array.isArray(v) || (v as { type?: unknown }).type !== 'Feature') {
    throw new InputError(file, `${at} is not a GeoJSON Feature (it is ${typeName(v)}${typeof v === 'object' && v && !Array.isArray(v) ? ` with "type": ${JSON.stringify((v as { type?: unknown }).type)?.slice(0, 40)}` : ''}); each element of "features" must be {"type": "Feature", "geometry": …, "properties": {…}}`)
  }
  const feat = v as { geometry?: unknown; properties?: unknown }
  const g = feat.geometry ?? null
  if (g !== null) {
    const problem = geometryProblem(g)
    if (problem) throw new InputError(file, `${at}: ${problem}; correct the feature or ${REEXPORT}`)
  }
  const props = feat.properties ?? {}
  if (typeof props !== 'object' || Array.isArray(props)) {
    throw new InputError(file, `${at}: "properties" is ${typeName(props)}; it must be an object {"name": value, …} or null`)
  }
  return { geometry: g as Geometry | null, properties: props as Record<string, Scalar> }
}

function finish(s: GeoJsonScanner, file: string): VectorData {
  const m = s.members
  const type = m.get('type')
  let features: VectorFeature[]
  if (type === 'FeatureCollection') {
    if (m.has('features')) throw new InputError(file, `"features" is ${typeName(m.get('features'))}, not a list of features`)
    if (!s.seen && !s.featuresSeen) throw new InputError(file, 'FeatureCollection has no "features" list')
    features = s.features
  } else if (s.seen || s.featuresSeen) {
    throw new InputError(file, `has a "features" list but "type" is ${JSON.stringify(type) ?? 'missing'}; a FeatureCollection needs "type": "FeatureCollection"`)
  } else if (type === 'Feature') {
    features = [toFeature(Object.fromEntries(m), 0, 1, file)]
  } else if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    const g = Object.fromEntries(m)
    const problem = geometryProblem(g)
    if (problem) throw new InputError(file, `${problem}; ${REEXPORT}`)
    features = [{ geometry: g as unknown as Geometry, properties: {} }]
  } else throw new InputError(file, `is not GeoJSON (type ${JSON.stringify(type)?.slice(0, 40) ?? 'missing'}); expected "FeatureCollection", "Feature" or a geometry`)
  return { ...declaredCrs(m, file), columns: columnsFromFeatures(features), features }
}

function declaredCrs(m: Map<string, unknown>, file: string): { crs: string | null; crsDeclared: boolean } {
  let crs: string | null = 'EPSG:4326'
  let crsDeclared = false
  const name = (m.get('crs') as { properties?: { name?: unknown } } | null | undefined)?.properties?.name
  if (typeof name === 'string' && name) {
    crs = normaliseCrs(name)
    if (!crs) throw new InputError(file, `declares an unknown CRS "${name.slice(0, 80)}"; use e.g. "EPSG:25832"`)
    crsDeclared = true
  }
  return { crs, crsDeclared }
}

/** Reads GeoJSON held in memory (tests, small files). */
export function readGeoJson(input: Uint8Array | string, file: string): VectorData {
  const s = new GeoJsonScanner(file)
  s.push(typeof input === 'string' ? new TextEncoder().encode(input) : input)
  s.end()
  return finish(s, file)
}

/** Opens a regular file for reading (one line naming it otherwise). */
function openRegular(file: string): { fd: number; size: number } {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new InputError(file, code === 'ENOENT' ? 'cannot be read (does it exist?)' : `cannot be read (${code ?? (e as Error).message})`)
  }
  try {
    const stat = fstatSync(fd)
    // The same rules and words as for every other input (readInputPart): regular files of at most 2 GiB.
    checkRegular(file, 'the file', file, stat)
    return { fd, size: stat.size }
  } catch (e) {
    closeSync(fd)
    throw e
  }
}

/**
 * Feeds a GeoJSON file to a scanner chunk by chunk, yielding after each chunk so that features can be taken out
 * (read up to the size fstat gave, so a file that grows meanwhile does not make the read unbounded).
 */
function* scanFile(file: string, s: GeoJsonScanner): Generator<void> {
  const { fd, size } = openRegular(file)
  try {
    const buffer = new Uint8Array(1 << 20)
    for (let at = 0; at < size; ) {
      let bytesRead: number
      try {
        bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at)
      } catch (e) {
        throw new InputError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
      }
      if (bytesRead === 0) break
      s.push(buffer.subarray(0, bytesRead))
      at += bytesRead
      yield
    }
  } finally {
    closeSync(fd)
  }
  s.end()
}

/**
 * Reads a GeoJSON file in chunks: any size whose features fit in memory. Only a regular file: a FIFO or a device
 * (/dev/zero) would block or never end.
 */
export async function readGeoJsonFile(file: string): Promise<VectorData> {
  const s = new GeoJsonScanner(file)
  for (const _ of scanFile(file, s));
  return finish(s, file)
}

/** Files from this size on are streamed (openGeoJsonFile): their features are never all in memory. */
export const STREAM_GEOJSON_BYTES = 16 * 1024 * 1024

/**
 * A GeoJSON file as a source of features read again on each iteration: a first pass checks the whole file, counts
 * the features and finds the column types; the publisher then iterates as often as it needs, holding one chunk.
 * Smaller files, and those that are not one FeatureCollection, are read into memory (readGeoJsonFile).
 */
export async function openGeoJsonFile(file: string, streamFrom = STREAM_GEOJSON_BYTES): Promise<VectorSource> {
  const { fd, size } = openRegular(file)
  closeSync(fd)
  if (size < streamFrom) return readGeoJsonFile(file)
  const s = new GeoJsonScanner(file)
  const columns = new ColumnInference()
  for (const _ of scanFile(file, s)) {
    for (const f of s.features) columns.add(f.properties)
    s.features.length = 0
  }
  if (s.members.get('type') !== 'FeatureCollection' || s.members.has('features') || !s.featuresSeen) return readGeoJsonFile(file)
  const features = function* (): Generator<VectorFeature> {
    const again = new GeoJsonScanner(file)
    for (const _ of scanFile(file, again)) {
      yield* again.features
      again.features.length = 0
    }
  }
  return { ...declaredCrs(s.members, file), columns: columns.columns(), count: s.seen, features: { [Symbol.iterator]: features } }
}
