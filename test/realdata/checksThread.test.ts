// The checks thread (cli/publish/checks/) on real data: every official EPSG:25832 layer of ../shared/data, as the
// FlatGeobuf it is and as a Shapefile written by GDAL (umlauts in the .dbf, Polygon + MultiPolygon to promote),
// published with the thread forced gives what publishing in one thread gives, byte for byte.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadProjections, openVectorInput } from '../../cli/publish/input.ts'
import { defaultVectorStyle } from '../../cli/publish/style.ts'
import { prepareVectorLayer } from '../../cli/publish/vector.ts'
import { validateMetadata } from '../../src/model/metadata.ts'
import { gdalToolsMissing } from '../helpers/gdal.ts'
import { shared, sharedDataUnavailable } from './shared.ts'

const unavailable = sharedDataUnavailable()
if (unavailable) console.warn(`SKIPPED real-data checks-thread suite: ${unavailable}`)
const noGdal = gdalToolsMissing('ogr2ogr')
if (!unavailable && noGdal) console.warn(`SKIPPED the Shapefile half of the real-data checks-thread suite: ${noGdal}`)

const projections = await loadProjections()
let dir = ''

async function publish(file: string, checks: 'inline' | 'thread') {
  const data = await openVectorInput(file, {})
  const steps: string[] = []
  const layer = await prepareVectorLayer(data, {
    id: 'real',
    file,
    metadata: validateMetadata({ title: path.basename(file), access: 'internal' }, 'test'),
    style: defaultVectorStyle('Unknown', '#336699'),
    projections,
    workDir: mkdtempSync(path.join(dir, 'w-')),
    // Placement against Germany's layers too: the check itself is not what is compared here.
    placement: { allowOutsideArea: true },
    source: {},
    checks,
    progress: (step) => steps.push(step),
  })
  const f = layer.dataFile!
  // The thread ran (the file is declared in EPSG:25832, so its checks could leave the pass).
  expect(steps.some((step) => step.includes('second thread')), file).toBe(checks === 'thread')
  return { bytes: 'bytes' in f ? Buffer.from(f.bytes) : readFileSync(f.file), document: JSON.stringify(layer.document), entry: JSON.stringify(layer.entry) }
}

describe.skipIf(!!unavailable)('the checks thread on real data', { timeout: 300_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'geoportal-real-checks-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const layers = unavailable ? [] : readdirSync(shared('vector')).filter((n) => n.endsWith('_25832.fgb'))
  it('has the shared layers to compare', () => expect(layers.length).toBeGreaterThanOrEqual(8))

  for (const name of layers) {
    it(`${name}: the same layer files with the thread as without`, async () => {
      const inputs = [shared('vector', name)]
      if (!noGdal) {
        const shp = path.join(dir, name.replace(/\.fgb$/, '.shp'))
        execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', shp, shared('vector', name)])
        inputs.push(shp)
      }
      for (const file of inputs) {
        const inline = await publish(file, 'inline')
        const thread = await publish(file, 'thread')
        expect(thread.bytes.equals(inline.bytes), file).toBe(true)
        expect(thread.document, file).toBe(inline.document)
        expect(thread.entry, file).toBe(inline.entry)
        expect(JSON.parse(inline.entry).featureCount).toBeGreaterThan(0)
      }
    })
  }
})
