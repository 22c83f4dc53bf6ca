// gdal3.js in a worker thread (started by gdalThread.ts). GDAL's WebAssembly runs synchronously: a GeoPackage
// whose feature table is a view with an endless recursive query never returns, so it must not run on the
// publisher's main thread, which terminates this worker at its deadline. Plain JavaScript, so the thread needs
// no TypeScript loader. A thin remote call layer: the logic (which layer, which CRS, messages) stays in gdal.ts.
import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'

const require = createRequire(import.meta.url)
const initGdalJs = require('gdal3.js/node.js')
const messages = []
const gdal = await initGdalJs({ path: workerData.path, logHandler: (t) => messages.push(t), errorHandler: (t) => messages.push(t) })
const { FS } = gdal.Module
/** Open datasets by handle (gdal3.js's dataset objects stay here). */
const datasets = new Map()
let next = 1

const ops = {
  async writeFiles(dir, files) {
    FS.mkdir(dir)
    for (const f of files) FS.writeFile(`${dir}/${f.name}`, f.bytes)
  },
  async open(file, options) {
    try {
      const { datasets: opened, errors } = await gdal.open(file, options)
      const ds = opened[0]
      if (!ds) return { handle: null, errors }
      const handle = next++
      datasets.set(handle, ds)
      return { handle, layers: ds.info?.layers ?? null, errors }
    } catch (e) {
      return { handle: null, errors: Array.isArray(e) ? e : [{ message: String(e?.message ?? e) }] }
    }
  },
  async ogrinfo(handle) {
    return gdal.ogrinfo(datasets.get(handle))
  },
  async ogr2ogr(handle, args, name) {
    const out = await gdal.ogr2ogr(datasets.get(handle), args, name)
    return FS.readFile(out.local, { encoding: 'binary' })
  },
  async close(handle) {
    const ds = datasets.get(handle)
    datasets.delete(handle)
    if (ds) await gdal.close(ds)
  },
  async remove(dir, id) {
    removeTree(dir)
    for (const name of safeReaddir('/output')) if (name === id || name.startsWith(`${id}.`)) removeTree(`/output/${name}`)
  },
}

function safeReaddir(p) {
  try {
    return FS.readdir(p).filter((n) => n !== '.' && n !== '..')
  } catch {
    return []
  }
}

function removeTree(p) {
  try {
    FS.unlink(p)
    return
  } catch {
    // a folder (or gone)
  }
  for (const name of safeReaddir(p)) removeTree(`${p}/${name}`)
  try {
    FS.rmdir(p)
  } catch {
    // already gone
  }
}

parentPort.on('message', async ({ id, op, args }) => {
  messages.length = 0
  try {
    const result = await ops[op](...args)
    parentPort.postMessage({ id, result, messages: messages.splice(0) }, result instanceof Uint8Array ? [result.buffer] : [])
  } catch (e) {
    // gdal3.js rejects with plain objects ({ no, message }) or arrays of them.
    const error = Array.isArray(e) ? e[0] : e
    parentPort.postMessage({ id, error: { message: String(error?.message ?? error), no: error?.no }, messages: messages.splice(0) })
  }
})
parentPort.postMessage({ ready: true })
