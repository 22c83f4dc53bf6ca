// Vector publishing: reproject to EPSG:25832, measure quality, write indexed FlatGeobuf.
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { VectorLayerEntry, VectorStyle } from '../../src/model/catalog.ts'
import type { LayerMetadata } from '../../src/model/metadata.ts'
import type { QualityReport } from '../../src/model/quality.ts'
import type { BBox } from '../../src/model/catalog.ts'
import { eachPosition, geometryBBox, transformGeometry, unionBBox, type Geometry } from '../../src/projection/geometry.ts'
import { GridTransform } from '../../src/projection/gridTransform.ts'
import { GK_DEFINITIONS, WORK_CRS, type Projections } from '../../src/projection/registry.ts'
import { vectorQuality, VectorQualityScan, type ExpectedArea } from '../../src/quality/vector.ts'
import type { LayerFiles } from '../catalog/store.ts'
import { InputError } from '../readers/errors.ts'
import type { Column, VectorData, VectorFeature, VectorSource } from '../vector/model.ts'
import { multiTypeOf, promoteGeometry } from '../vector/promote.ts'
import { FileSink, FileSpill, FlatGeobufStream, MemorySink, MemorySpill, type Spill } from '../writers/fgbStream.ts'
import { layerEntry, lonLatExtent, suggestedMinZoom } from './entry.ts'
import { findingsForReport, personalDataRefusal } from './personal.ts'
import { checkPlacement, quietly, SourceExtentScan, type ExtentFacts, type PlacementOptions } from './plausible.ts'
import { drawnBBox, positionsOf } from './checks/quality.ts'
import { SourceChecks } from './checks/source.ts'
import { ChecksThread, checksThreadWanted, type ChecksMode } from './checks/thread.ts'
import type { VectorInputOptions } from './input.ts'
import { buildPlaces, checkSearchableAttribute, placesFileBytes } from './places.ts'
import { buildAddressStreets, buildStreetRecords, resolveAddressFields, shardStreets, type AddressRole } from './addresses.ts'

export interface VectorPublishOptions {
  id: string
  file: string
  metadata: LayerMetadata
  style: VectorStyle
  projections: Projections
  area?: ExpectedArea
  /** Where the layer must lie (default: Kreis Soest with a margin) and whether the officer overrides it. */
  placement?: PlacementOptions
  progress?: (phase: string) => void
  /** Attribute whose values go into the layer's place index (places.json) for the portal's place search. */
  searchable?: string
  /** Address index (issue #15): this is an address layer; roles mapped by --address-fields (defaults: HK-DE names). */
  addresses?: Partial<Record<AddressRole, string>>
  /** Street index (issue #15): this is a street layer, its names in this attribute. */
  streets?: string
  /** Folder for the spill and the data file (large layers); without it both are held in memory. */
  workDir?: string
  /**
   * How `data` was opened from `file`: with it, the checks of a large streamed file run in a thread of their own,
   * on a second reading of the file (checks/thread.ts); `checks` forces either way.
   */
  source?: VectorInputOptions
  checks?: ChecksMode
}

/** Turns one feature's geometry into EPSG:25832 in place; `index` names it in the error. */
export type WorkTransform = (f: VectorFeature, index: number) => void

/**
 * Checks the data's CRS and returns the source CRS and the transformation to EPSG:25832 (null when the data is in
 * it). Implausibly placed data (wrong or missing CRS, swapped axes) is refused first (plausible.ts); a position
 * the transformation cannot take is refused with its feature when the transformation meets it.
 */
export function workProjection(data: VectorSource, projections: Projections, file: string, placement: PlacementOptions = {}, scanned?: ExtentFacts): { sourceCrs: string; transform: WorkTransform | null } {
  checkPlacement(data, projections, file, placement, scanned)
  if (!data.crs) {
    throw new InputError(file, 'declares no coordinate reference system; state it with --crs EPSG:25832 (or 4326, 25833, 31466, 31467)')
  }
  if (!projections.has(data.crs)) {
    const gk = data.crs === 'EPSG:31466' || data.crs === 'EPSG:31467'
    const hint = gk ? ' (Gauss-Krüger needs the BeTA2007 grid: apt-get install proj-data, or set GEOPORTAL_BETA2007)' : ''
    throw new InputError(file, `uses ${data.crs}, which is not supported${hint}; supported: ${projections.supported().join(', ')}`)
  }
  const sourceCrs = data.crs
  if (sourceCrs === WORK_CRS) return { sourceCrs, transform: null }
  const transform = workTransform(data, projections)
  const cannot = (i: number) =>
    new InputError(file, `feature ${i} has a position that cannot be converted from ${sourceCrs} to ${WORK_CRS} (outside what the transformation covers); correct or remove the feature, or check the CRS`)
  return {
    sourceCrs,
    transform: (f, i) => {
      if (!f.geometry) return
      quietly(() => {
        try {
          transform(f.geometry!)
        } catch {
          throw cannot(i) // proj4 throws a TypeError for points outside the BeTA2007 grid
        }
      })
      let finite = true
      eachPosition(f.geometry, (p) => {
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) finite = false
      })
      if (!finite) throw cannot(i)
    },
  }
}

/** Reprojects all features (held in memory) to EPSG:25832 in place; returns the source CRS. */
export function reprojectToWork(data: VectorData, projections: Projections, file: string, placement: PlacementOptions = {}): string {
  const { sourceCrs, transform } = workProjection(data, projections, file, placement)
  if (transform) data.features.forEach(transform)
  data.crs = WORK_CRS
  return sourceCrs
}

/**
 * A checked GridTransform over the data's extent (≤ 1 mm) for smooth transformations; exact proj4 for grid
 * shifts (Gauss-Krüger via BeTA2007, whose piecewise-bilinear shifts a smooth patch would not follow).
 */
function workTransform(data: VectorSource, projections: Projections): (g: Geometry) => void {
  const exact = projections.forward(data.crs!, WORK_CRS)
  const exactly = (g: Geometry) => transformGeometry(g, exact)
  if (data.crs! in GK_DEFINITIONS) return exactly
  let extent: BBox | null = null
  for (const f of data.features) if (f.geometry) extent = unionBBox(extent, geometryBBox(f.geometry))
  // A handful of points gains nothing from a grid (and a zero-size extent cannot hold one).
  if (!extent || extent[2] <= extent[0] || extent[3] <= extent[1]) return exactly
  try {
    const grid = GridTransform.between(projections, data.crs!, WORK_CRS, extent)
    return (g) => grid.transformGeometry(g)
  } catch {
    return exactly
  }
}

export function measureVector(data: VectorData, metadata: LayerMetadata, sourceCrs: string, area?: ExpectedArea): QualityReport {
  return vectorQuality({ features: data.features, attributeNames: data.columns.map((c) => c.name), metadata, sourceCrs, area })
}

/** Features kept for the place and address indexes: only the indexed attributes, in file order at the end. */
function indexKeeper(names: (string | undefined)[]): ((f: VectorFeature) => void) & { features: VectorFeature[] } {
  const keep = names.filter((n): n is string => n !== undefined)
  const features: VectorFeature[] = []
  const add = (f: VectorFeature) => {
    if (!keep.length) return
    const properties: VectorFeature['properties'] = {}
    for (const n of keep) if (n in f.properties) properties[n] = f.properties[n]
    features.push({ geometry: f.geometry, properties })
  }
  return Object.assign(add, { features })
}

type DataFile = NonNullable<LayerFiles['dataFile']>

interface PublishPass {
  spill: Spill
  fgb: FlatGeobufStream
  /** Null when the checks thread measures. */
  scan: VectorQualityScan | null
  indexed: ReturnType<typeof indexKeeper>
  drawnIndex: Uint32Array | null
  undrawn: number[]
}

/**
 * One pass over the features: each is promoted (`multi`), reprojected, measured and encoded into the spill.
 * `see` is shown every feature as read; with `defer`, a failure of the publishing steps is handed to it and the
 * pass goes on for `see` alone (whose refusals come first; without `see` it ends there), while a reading failure
 * ends the pass at once. Without `measure` the pass leaves the quality to the checks thread.
 */
function publishPass(
  data: VectorSource,
  opts: VectorPublishOptions,
  columns: Column[],
  metadata: LayerMetadata,
  count: number,
  indexNames: (string | undefined)[],
  multi: string | null,
  transform: WorkTransform | null,
  see: ((f: VectorFeature, index: number) => void) | null,
  defer: ((e: unknown) => void) | null,
  measure = true,
): PublishPass {
  const spill = opts.workDir ? new FileSpill(path.join(opts.workDir, `${opts.id}.spill`)) : new MemorySpill()
  const fgb = new FlatGeobufStream(columns, spill, count)
  const scan = measure ? new VectorQualityScan(data.columns.map((c) => c.name), metadata, opts.area, count) : null
  const indexed = indexKeeper(indexNames)
  // Features without geometry cannot be drawn or indexed: they are counted in the quality report (after the
  // published ones, so that ids below featureCount are positions in the published file), not published.
  let drawnIndex: Uint32Array | null = null
  const undrawn: number[] = []
  let i = 0
  let failed = false
  try {
    for (const f of data.features) {
      if (failed && !see) break
      see?.(f, i)
      if (failed) {
        i++
        continue
      }
      try {
        if (multi && f.geometry) f.geometry = promoteGeometry(f.geometry, multi)
        transform?.(f, i)
        const bbox = drawnBBox(f)
        scan?.add(f, bbox)
        if (f.geometry) {
          if (drawnIndex) drawnIndex[fgb.count] = i
          fgb.add(f.geometry, f.properties, bbox)
          indexed(f)
        } else {
          if (!drawnIndex) drawnIndex = Uint32Array.from({ length: Math.max(count, i) }, (_, k) => k)
          undrawn.push(i)
        }
      } catch (e) {
        // What the writer cannot take (a GeometryCollection) is named with its file and feature, as reading is.
        const named = e instanceof Error && !(e instanceof InputError) ? new InputError(opts.file, `feature ${i}: ${e.message}`) : e
        if (!defer) throw named
        defer(named)
        failed = true
      }
      i++
      if (drawnIndex && fgb.count >= drawnIndex.length) {
        const next: Uint32Array = new Uint32Array(drawnIndex.length * 2 + 1024)
        next.set(drawnIndex)
        drawnIndex = next
      }
    }
  } catch (e) {
    spill.close()
    throw e
  }
  return { spill, fgb, scan, indexed, drawnIndex, undrawn }
}

/**
 * Publishes a vector layer in one pass over its features (`publishPass`: each feature reprojected, measured with
 * bounded state and encoded once into a spill), after a checking pass — or, for data declared in EPSG:25832, with
 * the checks riding along; then the file is written along the Hilbert curve. With `workDir` the spill and the data
 * file are files there (any size in bounded memory), else memory.
 */
export async function prepareVectorLayer(data: VectorSource, opts: VectorPublishOptions): Promise<LayerFiles> {
  const count = data.count ?? (Array.isArray(data.features) ? data.features.length : 0)
  // Data declared in the working CRS needs neither a transformation nor its extent beforehand: the checks ride
  // along the publishing pass (one read of the file fewer), or run in their own thread on a second reading, and
  // refuse afterwards, in the order they would have refused before it; only a layer that turns out to need
  // promotion to a Multi type is read again.
  const alongside = data.crs === WORK_CRS && data.crsDeclared !== false
  const { area, source } = opts
  const thread =
    alongside && source && checksThreadWanted(opts.file, { count, streamed: !Array.isArray(data.features) }, opts.checks)
      ? new ChecksThread({ file: opts.file, input: source, metadata: opts.metadata, count, ...(area ? { area: { bbox: area.bbox, ...(area.polygons ? { polygons: area.polygons } : {}) } } : {}) })
      : null
  try {
    return await prepareWith(data, opts, count, alongside, thread)
  } finally {
    thread?.close()
  }
}

async function prepareWith(data: VectorSource, opts: VectorPublishOptions, count: number, alongside: boolean, thread: ChecksThread | null): Promise<LayerFiles> {
  const { projections, id } = opts
  let metadata = opts.metadata
  const progress = opts.progress ?? (() => {})
  if (opts.searchable !== undefined) checkSearchableAttribute(data, opts.searchable, opts.file)
  if (opts.streets !== undefined) checkSearchableAttribute(data, opts.streets, opts.file, '--streets')
  const addressFields = opts.addresses ? resolveAddressFields(data, opts.addresses, opts.file) : undefined
  const indexNames = [opts.searchable, opts.streets, ...Object.values(addressFields ?? {})]
  // Personal data guard, source extent and source geometry types, seen on the first pass (checks/source.ts); with
  // the checks thread, the pass walks only the extent.
  const extent = thread ? new SourceExtentScan() : null
  const checks = thread ? null : new SourceChecks(data.columns.map((c) => c.name), { extent: true })
  const see = extent ? (f: VectorFeature, index: number) => extent.add(f, index) : (f: VectorFeature, index: number) => checks!.see(f, index)
  const columns = data.columns.map((c) => {
    const a = metadata.attributes?.[c.name]
    return { ...c, ...(a?.title ? { title: a.title } : {}), ...(a?.description ? { description: a.description } : {}) }
  })
  let pass = null as PublishPass | null
  try {
    return await finish()
  } catch (e) {
    pass?.spill.close()
    throw e
  }

  // The passes and the steps after them (a function, so that one catch closes whichever spill is open).
  async function finish(): Promise<LayerFiles> {
    let deferred: unknown = null
    if (alongside) {
      progress(thread ? 'writing FlatGeobuf; measuring quality and checking for personal data in a second thread' : 'writing FlatGeobuf, measuring quality, checking for personal data')
      pass = publishPass(data, opts, columns, metadata, count, indexNames, null, null, see, (e) => (deferred = e), !thread)
    } else {
      progress('checking for personal data')
      let index = 0
      for (const f of data.features) see(f, index++)
    }
    // While the checks thread finishes, the data file is written as if nothing will be refused (the caller removes
    // the work folder either way): most of that thread's lead is hidden behind it.
    let written: { order: Uint32Array; dataFile: DataFile } | null = null
    if (thread && pass && !deferred && pass.fgb.count) {
      progress('writing FlatGeobuf along the spatial index while the checks finish')
      written = writeData(pass.fgb, metadata)
    }
    const seen = thread ? { ...(await thread.seen()), extent: extent!.result() } : checks!.seen()
    if (thread && pass && !deferred && seen.features !== pass.fgb.count + pass.undrawn.length) {
      throw new InputError(opts.file, 'changed while it was being published (two readings gave different numbers of features); publish it again')
    }
    const multi = seen.sourceTypes.length > 1 ? multiTypeOf(seen.sourceTypes) : null
    const personal = seen.personal
    const refusal = personalDataRefusal(personal, metadata)
    if (refusal) throw new InputError(opts.file, refusal)
    if (!alongside) progress(`reprojecting ${count} features from ${data.crs ?? '?'}`)
    const { sourceCrs, transform } = workProjection(data, projections, opts.file, opts.placement, seen.extent)
    // A failure of unpromoted features says nothing when they are to be promoted: the pass again tells.
    if (deferred && !multi) throw deferred
    if (data.crsGuessed) {
      // A guess is part of where the data comes from: whoever uses the layer can see it was not declared.
      const note = `Coordinate reference system ${sourceCrs} not declared by the source file; guessed from its coordinates (geoportal publish --guess-crs).`
      metadata = { ...metadata, lineage: metadata.lineage ? `${metadata.lineage} ${note}` : note }
    }
    if (!pass || multi) {
      pass?.spill.close()
      written = null
      progress('writing FlatGeobuf, measuring quality')
      pass = publishPass(data, opts, columns, metadata, count, indexNames, multi, transform, null, null)
    }
    const { fgb, scan, indexed, drawnIndex, undrawn } = pass
    if (!fgb.count || !fgb.bounds) throw new InputError(opts.file, 'contains no features with geometry')
    if (!written) progress('ordering features along the spatial index')
    const order = written?.order ?? fgb.order()
    const drawn = fgb.count
    progress('measuring quality')
    const fileOrder = { order, drawnIndex, undrawn }
    const quality = scan ? scan.report(sourceCrs, positionsOf(fileOrder)) : await thread!.report(sourceCrs, fileOrder)
    if (personal.length) quality.personalData = findingsForReport(personal)
    const bbox = quality.bbox
    if (!bbox) throw new InputError(opts.file, 'contains no features with geometry')
    let bbox4326: BBox
    try {
      bbox4326 = lonLatExtent(bbox, projections)
    } catch {
      // Only reachable with --allow-outside-area and coordinates far beyond what EPSG:25832 can describe.
      throw new InputError(opts.file, `its extent (${bbox.map(Math.round).join(', ')} in EPSG:25832) has no longitude/latitude; some coordinates lie far outside the earth — check the CRS and the coordinates`)
    }
    if (!written) progress('writing FlatGeobuf')
    const dataFile = written?.dataFile ?? writeData(fgb, metadata, order).dataFile
    return layerFiles(indexed, order, drawn, quality, bbox, bbox4326, dataFile)
  }

  /** The FlatGeobuf file, along the spatial index; into the work folder when there is one. Closes the spill. */
  function writeData(fgb: FlatGeobufStream, meta: LayerMetadata, order = fgb.order()): { order: Uint32Array; dataFile: DataFile } {
    const fgbOptions = { columns, crsCode: 25832, title: meta.title, description: meta.description }
    if (opts.workDir) {
      const file = path.join(opts.workDir, `${id}.fgb`)
      const hash = createHash('sha256')
      const sink = new FileSink(file, (b) => hash.update(b))
      try {
        fgb.writeTo(sink, fgbOptions, order)
      } finally {
        sink.close()
      }
      return { order, dataFile: { name: `${id}.fgb`, file, size: sink.size, sha256: hash.digest('hex') } }
    }
    const sink = new MemorySink()
    fgb.writeTo(sink, fgbOptions, order)
    return { order, dataFile: { name: `${id}.fgb`, bytes: sink.bytes() } }
  }

  /** The catalog entry, data file and indexes of the checked and measured layer. */
  function layerFiles(indexed: PublishPass['indexed'], order: Uint32Array, drawn: number, quality: QualityReport, bbox: BBox, bbox4326: BBox, dataFile: DataFile): LayerFiles {
    const size = 'bytes' in dataFile ? dataFile.bytes.length : dataFile.size
    const minZoom = suggestedMinZoom(drawn, bbox, (bbox4326[1] + bbox4326[3]) / 2)
    // The indexes take the features in file order, as they did when all features were held in memory.
    const drawable = indexed.features.length ? Array.from(order, (k) => indexed.features[k]) : []
    let places: Uint8Array | undefined
    if (opts.searchable !== undefined) {
      progress('building the place index')
      places = placesFileBytes(opts.searchable, buildPlaces(drawable, opts.searchable, projections.forward(WORK_CRS, 'EPSG:4326')))
    }
    let search: LayerFiles['search']
    if (addressFields || opts.streets !== undefined) {
      progress('building the address index')
      const toLonLat = projections.forward(WORK_CRS, 'EPSG:4326')
      const built = addressFields ? buildAddressStreets(drawable, addressFields, toLonLat) : { streets: [], addresses: 0 }
      if (addressFields && !built.streets.length) throw new InputError(opts.file, `--addresses: no feature has both a street (${addressFields.street}) and a house number (${addressFields.number})`)
      const streets = opts.streets !== undefined ? buildStreetRecords(drawable, opts.streets, toLonLat) : []
      search = shardStreets([...built.streets, ...streets], built.addresses)
    }
    const types = Object.keys(quality.geometryTypes)
    const entry: Omit<VectorLayerEntry, 'href' | 'metaHref'> = layerEntry({
      id,
      kind: 'vector',
      metadata,
      extent: { bbox, bbox4326 },
      fields: {
        geometryType: types.length === 1 ? types[0] : 'Mixed',
        featureCount: drawn,
        style: opts.style,
        ...(minZoom !== undefined ? { minZoom } : {}),
        bytes: size,
      },
    })
    return {
      entry,
      dataFile,
      ...(places ? { places } : {}),
      ...(search ? { search } : {}),
      document: { id, kind: 'vector', metadata, quality, attributes: columns.map((c) => c.name) },
    }
  }
}
