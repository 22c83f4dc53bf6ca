// The Shapefile oracle: gdal3.js reads a Shapefile as the publisher's own reader (cli/readers/shapefile/,
// shapefileStream.ts) should, so tests compare the two. Only tests use it — the publisher reads Shapefiles with its
// own reader alone (issue #19: GDAL's Shapefile path only in test helpers). The parts are collected and checked
// here as the publisher once did before handing them to GDAL, so its messages stay comparable.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { InputError } from '../../cli/readers/errors.ts'
import { le16, readInputPart, sibling } from '../../cli/readers/files.ts'
import { normaliseEncoding, readGdalInput, type GdalInput, type GdalReadOptions } from '../../cli/readers/gdal.ts'
import { checkDbfLength, checkShapeHeader } from '../../cli/readers/shapefile.ts'
import type { VectorData } from '../../cli/vector/model.ts'

/** Reads a Shapefile (.shp with its .shx/.dbf/.prj/.cpg siblings) with gdal3.js. Coordinates stay in the source CRS. */
export async function readShapefileWithGdal(file: string, opts: Omit<GdalReadOptions, 'layer'> = {}): Promise<VectorData> {
  if (path.extname(file).toLowerCase() !== '.shp') throw new InputError(file, 'is not a Shapefile (.shp)')
  return readGdalInput(file, await collectShapefile(file, opts.encoding), opts)
}

/** True when the bytes are valid UTF-8 and contain at least one non-ASCII character. */
function isNonAsciiUtf8(b: Uint8Array): boolean {
  if (!b.some((x) => x >= 0x80)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b)
    return true
  } catch {
    return false
  }
}

async function collectShapefile(file: string, encoding: string | undefined): Promise<GdalInput> {
  const shp = new Uint8Array(await readInputPart(file, 'the file'))
  const dir = path.dirname(file)
  const base = path.basename(file, path.extname(file))
  const entries = await fs.readdir(dir).catch(() => [] as string[])
  const parts: Record<string, Uint8Array | null> = {}
  for (const ext of ['shx', 'dbf', 'prj', 'cpg']) {
    const found = sibling(entries, base, ext)
    if (!found && (ext === 'shx' || ext === 'dbf')) {
      throw new InputError(
        file,
        `the Shapefile is incomplete: ${base}.${ext} is missing. A Shapefile is several files with the same name in one ` +
          `folder (.shp, .shx, .dbf and usually .prj and .cpg); copy all of them`,
      )
    }
    // An empty .prj or .cpg says nothing; treat it as absent.
    const size = found ? (await fs.stat(path.join(dir, found)).catch(() => null))?.size : undefined
    const optionalAndEmpty = (ext === 'prj' || ext === 'cpg') && size === 0
    parts[ext] = found && !optionalAndEmpty ? new Uint8Array(await readInputPart(file, found, path.join(dir, found))) : null
  }
  checkShapeHeader(file, path.basename(file), shp)
  checkShapeHeader(file, `${base}.shx`, parts.shx!)
  checkDbfLength(file, `${base}.dbf`, parts.dbf!)

  // Encoding: explicit option > .cpg > the .dbf's language driver byte (GDAL reads it) > detection.
  // GDAL leaves the text undecoded when neither .cpg nor LDID says anything, so we decide: valid UTF-8 → UTF-8,
  // otherwise Windows-1252 (the superset of ISO-8859-1 that German desktop GIS writes).
  let enc: string | null = null
  let source = ''
  const dbf = parts.dbf!
  if (encoding) {
    enc = normaliseEncoding(encoding)
    source = 'the encoding option'
  } else if (parts.cpg) {
    const declared = new TextDecoder('latin1').decode(parts.cpg).trim()
    if (declared) {
      enc = normaliseEncoding(declared)
      source = `${base}.cpg ("${declared}")`
    }
  }
  if (!enc && !source && dbf[29] === 0) {
    enc = isNonAsciiUtf8(dbf.subarray(le16(dbf, 8))) ? 'UTF-8' : 'CP1252'
    source = `detection (no ${base}.cpg)`
  }
  if (!source) source = `the language driver byte of ${base}.dbf`

  const files = [
    { name: 'data.shp', bytes: shp },
    { name: 'data.shx', bytes: parts.shx! },
    { name: 'data.dbf', bytes: dbf },
  ]
  if (parts.prj) files.push({ name: 'data.prj', bytes: parts.prj })
  // The .cpg is replaced by the ENCODING open option when we know the encoding; otherwise GDAL reads it.
  if (parts.cpg && !enc) files.push({ name: 'data.cpg', bytes: parts.cpg })
  return { label: 'Shapefile', files, encoding: enc, singleLayer: true, ...(encoding ? {} : { check: (data: VectorData) => checkDecoded(file, data, source) }) }
}

/** Text that GDAL could not decode arrives as U+FFFD; better to stop than to publish garbled names. */
function checkDecoded(file: string, data: VectorData, source: string): void {
  for (const f of data.features) {
    for (const [k, v] of Object.entries(f.properties)) {
      if (typeof v === 'string' && v.includes('\uFFFD')) {
        throw new InputError(
          file,
          `text in attribute "${k}" ("${v}") is not valid in the encoding chosen by ${source}; ` +
            `state the .dbf encoding (e.g. UTF-8, CP1252 or ISO-8859-1) with --encoding or write a matching .cpg file`,
        )
      }
    }
  }
}
