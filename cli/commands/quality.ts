import { validateMetadata } from '../../src/model/metadata.ts'
import type { RasterQualityReport } from '../../src/model/quality.ts'
import { parse, UsageError, type Command } from '../args.ts'
import { placementArea, resolveArea } from '../publish/extent.ts'
import { inputKind, loadProjections, readBytes, readJsonFile, readVectorInput } from '../publish/input.ts'
import { prepareRasterLayer } from '../publish/raster.ts'
import { measureVector, reprojectToWork } from '../publish/vector.ts'
import { formatQuality } from '../report/format.ts'
import { timelinessFinding } from '../../src/quality/timeliness.ts'
import { cliLang, LANG_HELP, LANG_OPTION } from '../report/lang.ts'
import { promoteToMulti } from '../vector/promote.ts'

const usage = `Usage: geoportal quality <file> [--extent <area>] [--crs <EPSG:code>] [--meta <file>] [--allow-outside-area] [--json]

Measures the quality of a file as publishing would, without publishing it.

Options:
  --extent <area>    expected area: "minE,minN,maxE,maxN" (EPSG:25832) or a vector file with polygons
  --crs <EPSG:code>  CRS of the input when the file does not declare one
  --catalog <dir>    take the expected area from this catalog's "expectedArea" (when --extent is not given)
  --allow-outside-area  measure a layer that lies outside the expected area (default: Kreis Soest with a 25 km
                     margin) or its CRS's area of use; without it, such a file is refused as publish would
  --guess-crs        measure a file without a declared CRS in the only one its coordinates fit
  --layer, --x, --y, --separator, --encoding   as for "geoportal publish"
  --meta <file>      metadata JSON, for the metadata-related findings
  --json             print the report as JSON (keys: featureCount, crs, bbox, invalidGeometries,
                     duplicateGeometries, outsideExtent, attributes, findings, …)
${LANG_HELP}`

export const qualityCommand: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        extent: { type: 'string' }, catalog: { type: 'string' }, 'allow-outside-area': { type: 'boolean' }, 'guess-crs': { type: 'boolean' }, crs: { type: 'string' }, meta: { type: 'string' }, json: { type: 'boolean' },
        layer: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' }, separator: { type: 'string' }, encoding: { type: 'string' },
        ...LANG_OPTION,
      },
      usage,
    )
    if (positionals.length !== 1) throw new UsageError(`expected one input file\n${usage}`)
    const file = positionals[0]
    const lang = cliLang(values.lang)
    const raw = values.meta ? await readJsonFile(values.meta) : {}
    const metadata = validateMetadata({ title: file, ...(raw as object) }, values.meta ?? 'metadata')
    const projections = await loadProjections()
    let report
    if (inputKind(file) === 'raster') {
      report = (await prepareRasterLayer(await readBytes(file), { id: 'quality', file, metadata, projections })).document.quality as RasterQualityReport
    } else {
      const { crs, layer, x, y, separator, encoding } = values
      const data = await readVectorInput(file, { crs, layer, x, y, separator, encoding })
      promoteToMulti(data.features)
      const area = values.extent ? await resolveArea(values.extent, projections) : undefined
      const placement = { area: await placementArea(area, values.catalog), allowOutsideArea: values['allow-outside-area'] === true, guessCrs: values['guess-crs'] === true }
      const sourceCrs = reprojectToWork(data, projections, file, placement)
      report = measureVector(data, metadata, sourceCrs, area)
    }
    // Timeliness depends on today's date, so it is part of this report but not of the one stored at publish.
    report = { ...report, findings: [timelinessFinding(metadata.lastUpdate, metadata.updateFrequency, new Date()), ...report.findings] }
    console.log(values.json ? JSON.stringify(report, null, 2) : formatQuality(report, lang))
    return 0
  },
}
